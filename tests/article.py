"""Where the article's text is found: one setting, TURKIC_ARTICLE.

The article is not ours to publish, so it is not in the repository. TURKIC_ARTICLE names its plain-text
file, or a folder holding it (the one `.txt` file there); unset, it defaults to `../shared/seed/` beside the
checkout. A test that needs the text uses the `article_text` fixture (conftest.py): without the article
it is skipped with a message saying what to set, except in CI (`CI=true`), where a missing article fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SETTING = "TURKIC_ARTICLE"
DEFAULT = REPO.parent / "shared" / "seed"


def article_path() -> Path | None:
    """The article's text file, or None when it is not where the setting (or its default) says."""
    place = Path(os.environ.get(SETTING) or DEFAULT)
    if place.is_file():
        return place
    texts = sorted(place.glob("*.txt")) if place.is_dir() else []
    return texts[0] if len(texts) == 1 else None


def require_article() -> Path:
    """The article's text file; skip the calling test without it (fail in CI, where it must be present)."""
    path = article_path()
    if path is not None:
        return path
    where = os.environ.get(SETTING) or f"{DEFAULT} (the default)"
    message = (f"the article's text is not at {where}: set {SETTING} to its .txt file or to a folder "
               f"holding it (default: ../shared/seed/ beside the checkout)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
