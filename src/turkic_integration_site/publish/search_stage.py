"""Search during a build: each page read once as MkDocs writes it, the index written once every language is built.

Under `mkdocs serve` a page whose HTML did not change keeps its reading from the last rebuild.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from . import analyze, fold, search_index


def browser_settings(search, labels: dict[str, dict[str, str]]) -> dict:
    """What the search box needs (config.extra.tis_search, read by the theme's partials/search.html)."""
    return {
        "letters": fold.LETTERS, "minChars": search.min_chars, "debounceMs": search.debounce_ms,
        "results": search.results, "keyMark": search_index.KEY_MARK, "rootDepth": search_index.ROOT_DEPTH,
        "minStem": analyze.MIN_STEM, "aliasName": search_index.ALIAS_NAME, "topScore": search_index.TOP_SCORE,
        "labels": {lang: {k.removeprefix("search_"): v for k, v in words.items() if k.startswith("search_")}
                   for lang, words in labels.items()},
    }


class SearchStage:
    def __init__(self, remember: bool):
        self._remember = remember  # `mkdocs serve`: keep readings across rebuilds
        self._documents: list[search_index.Document] | None = None  # the pages read during one build
        self._read: dict[str, search_index.Document] = {}  # page digest -> its reading
        self._read_used: set[str] = set()
        self.reading_seconds = 0.0

    def start(self) -> None:
        """A new whole build: keep the readings the last rebuild (both languages) used, drop the rest."""
        self._documents, self.reading_seconds = [], 0.0
        self._read = {k: v for k, v in self._read.items() if k in self._read_used}
        self._read_used = set()

    def read(self, url: str, lang: str, title: str, meta: dict, content: str, exclude: list[str]) -> None:
        """One built page; `meta` is its front matter (`search_names`, `kind`)."""
        if self._documents is None:
            return
        names, kind, synonyms = meta.get("search_names", []), str(meta.get("kind", "")), meta.get("search_synonyms", [])
        start = time.perf_counter()
        if not self._remember:
            self._documents.append(search_index.read_page(url, lang, title, names, content, exclude, kind, synonyms))
        else:
            key = hashlib.sha256("\0".join([url, lang, title, kind, content, *names, repr(synonyms)]).encode()).hexdigest()
            if key not in self._read:
                self._read[key] = search_index.read_page(url, lang, title, names, content, exclude, kind, synonyms)
            self._read_used.add(key)
            self._documents.append(self._read[key])
        self.reading_seconds += time.perf_counter() - start

    def write(self, site_dir: Path, search, weights: search_index.Weights) -> tuple[int, float] | None:
        """Write the index of every page read; (pages, seconds), or None when nothing was read."""
        if self._documents is None:
            return None
        start, documents, self._documents = time.perf_counter(), self._documents, None
        pages = search_index.write_index(documents, site_dir, weights, search.pages_per_word, search.node_bytes,
                                         search.excerpt_chars)
        return pages, time.perf_counter() - start
