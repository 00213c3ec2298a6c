"""How search cuts text into words, the same way for the index and (in templates/assets/search.js) the query.

A word is folded the Turkish way (fold.py), an apostrophe suffix is dropped (`Karabağ'ın` → karabag,
`Turkey's` → turkey), and a one-letter prefix joined by a slash or hyphen also makes the word whole
(`S/İHA` → iha and siha). Besides the word itself the index files its *stem key*: the part of the word
left once Snowball's stemmer for the page's language has taken the suffixes off (`zirvesinde` → zirve,
`integration` → integr), cut to the letters the word and its stem share so that the key is always the
word's beginning. The browser does not run Snowball: it looks up the longest stem key the query word
begins with (search.js: lookUp), which reaches the same pages for every suffix the stemmer removes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from .fold import fold

# A word, and what follows an apostrophe (a Turkish case suffix or an English possessive), dropped.
# search.js: WORD (the same pattern on the folded query).
_WORD = re.compile(r"(\w+)(?:['’]\w+)?")
_JOINED = re.compile(r"(?<!\w)(\w)[/-](\w{2,})")  # S/İHA, S-İHA → siha (search.js: JOINED)
STEMMERS = {"tr": "turkish", "en": "english"}
MIN_STEM = 3  # a stem key shorter than this finds too much
# A final p, ç, t, k of a word of two syllables or more turns b, c, d, ğ before a vowel (kitap, kitabı): the
# stem key leaves that letter out, so that both forms share it.
SOFTENED, VOWELS = set("pctk"), set("aeiou")


_fold_word = lru_cache(maxsize=200_000)(fold)  # every page repeats the same words: fold each once per build


@lru_cache(maxsize=8)
def _stemmer(lang: str):
    return snowballstemmer.stemmer(STEMMERS.get(lang, "english"))  # PyStemmer's C build when installed (pyproject)


def lower(token: str, lang: str) -> str:
    if lang == "tr":  # Turkish pairs I↔ı and İ↔i: Snowball's Turkish stemmer reads the letters as written
        token = token.replace("I", "ı").replace("İ", "i")
    return token.lower()


@lru_cache(maxsize=200_000)
def stem_key(word: str, lang: str) -> str:
    """`zirvesinde` → `zirve`, `Karabağ` → `karaba` (stem `karabak`: only the shared beginning is kept),
    `tarafsızlık` and `tarafsızlığı` → `tarafsizli`;
    empty when the key would be the word itself, shorter than MIN_STEM, or the word has a digit."""
    folded = _fold_word(word)
    if any(c.isdigit() for c in folded):
        return ""
    stem = fold(_stemmer(lang).stemWord(lower(word, lang)))
    if lang == "tr" and stem[-1:] in SOFTENED and sum(c in VOWELS for c in stem) > 1:
        stem = stem[:-1]  # tarafsızlık, tarafsızlığı: one key `tarafsizli` for both sides of the k/ğ change
    shared = 0
    for a, b in zip(folded, stem):
        if a != b:
            break
        shared += 1
    return folded[:shared] if shared >= MIN_STEM else ""


def tokens(text: str) -> list[str]:
    """The words as written (not folded), apostrophe suffixes dropped, joined one-letter prefixes added."""
    text = unicodedata.normalize("NFC", text)
    found = [m.group(1) for m in _WORD.finditer(text)]
    found += [a + b for a, b in _JOINED.findall(text)]
    return found


def words(text: str) -> list[str]:
    """Folded words of two letters or more: `Karabağ'ın 44 günlük` → karabag, 44, gunluk (search.js: words)."""
    return [w for w in (fold(t) for t in tokens(text)) if len(w) > 1]


def analyzed(text: str, lang: str) -> list[tuple[str, str, str]]:
    """(folded word, its stem key or "", the word as written) for every word of two letters or more."""
    out = []
    for token in tokens(text):
        word = _fold_word(token)
        if len(word) > 1:
            out.append((word, stem_key(token, lang), token))
    return out


def name_key(name: str, mark: str) -> str:
    """A whole name as one index word, every letter kept: `Türk Keneşi'nin` → `=turkkenesi`, `S/İHA` → `=siha`
    (search.js: nameKey)."""
    text = unicodedata.normalize("NFC", name)
    return mark + "".join(fold(m.group(1)) for m in _WORD.finditer(text))
