"""Turkish-aware search folding: the one rule set for the index and, shipped as data, for the browser."""

from __future__ import annotations

import unicodedata

# Letters that Unicode lowercasing and accent stripping do not bring to what readers type:
# Turkish dotless ı and capital I/İ (Turkish pairs them I↔ı, İ↔i; a reader types either), and
# Azerbaijani schwa. Everything else folds by lowercasing and dropping combining marks (ş→s, ğ→g, ü→u).
LETTERS = {"ı": "i", "I": "i", "İ": "i", "ə": "e", "Ə": "e"}
_TABLE = str.maketrans(LETTERS)


def fold(text: str) -> str:
    """`Nahçıvan`, `NAHÇIVAN`, `nahcivan` → `nahcivan`; `Qarabağ` → `qarabag`; `İSTANBUL` → `istanbul`.

    search_index.py folds every page's words with it; search.js repeats these steps on the query (LETTERS,
    toLowerCase, NFD, drop \\p{Mn}); tests/test_search.py runs both on the same words in the browser.
    """
    lowered = text.translate(_TABLE).lower()
    if lowered.isascii():  # no combining marks to drop: most words of the English pages, and the quick path
        return lowered
    return "".join(c for c in unicodedata.normalize("NFD", lowered) if unicodedata.category(c) != "Mn")
