"""Search during a build: each page kept as MkDocs converts it; in a whole build, each language's index written
in a process of its own while MkDocs renders that language's pages into the theme and builds the next one
(index_writer).

Under `mkdocs serve` each page is read as it is built, so that a page whose HTML did not change keeps its
reading from the last rebuild, and the index is written by a child process while the browser already reloads
the edited page (it is what a search, not the page, needs). A rebuild that reaches its own index while the last
one's is still being written stops that child (its index is out of date) instead of waiting for it: an edit
saved seconds after `mkdocs serve` starts no longer waits for the first index.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

from . import analyze, fold, search_index
from ..common.forked import Cancelled, Forked
from .index_writer import IndexWriter

# The whole-argument page repeats the walk-through pages, a source's citers list only names pages: search leads
# to those pages instead.
NOT_INDEXED = ("argument", "citers")
SEARCH_FOLDER = search_index.FOLDER  # under `mkdocs serve` the index's process replaces it whole, even mid-rebuild
REPORT = "search index: %d pages in %.2f s (reading them: %.2f s)"
READ_AHEAD = 25  # pages handed to the index's background process at a time


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
        # page digest -> its reading (a Page until the index writer has read it: see write)
        self._read: dict[str, search_index.Document | search_index.Page] = {}
        self._read_used: set[str] = set()
        self._read_lock = threading.Lock()  # the thread of the index being written merges its readings into _read
        self.reading_seconds = 0.0
        self._writing: tuple[Forked, threading.Thread] | None = None  # `mkdocs serve`: the last index being written
        self._writer: IndexWriter | None = None  # a whole build: the index, its languages under way

    def start(self) -> None:
        """A new whole build: keep the readings the last rebuild (both languages) used, drop the rest."""
        self._documents, self.reading_seconds = [], 0.0
        with self._read_lock:
            self._read = {k: v for k, v in self._read.items() if k in self._read_used}
        self._read_used = set()

    def read(self, url: str, lang: str, title: str, meta: dict, content: str, exclude: list[str]) -> None:
        """One built page; `meta` is its front matter (`search_names`, `kind`)."""
        if self._documents is None or meta.get("kind") in NOT_INDEXED:
            return
        names, kind, synonyms = meta.get("search_names", []), str(meta.get("kind", "")), meta.get("search_synonyms", [])
        start = time.perf_counter()
        page = search_index.Page(url, lang, title, tuple(names), content, tuple(exclude), kind,
                                 tuple(tuple(group) for group in synonyms))  # read later, where it is indexed
        if not self._remember:
            self._documents.append(page)
            if self._writer is not None and len(self._documents) >= READ_AHEAD:  # a language is being indexed:
                self._writer.read_ahead(self._documents)  # its process reads the next one's pages meanwhile
                self._documents = []
        else:
            key = hashlib.sha256("\0".join([url, lang, title, kind, content, *names, repr(synonyms)]).encode()).hexdigest()
            self._read.setdefault(key, page)  # a page unchanged since the last rebuild keeps its reading
            self._read_used.add(key)
            self._documents.append(self._read[key])
        self.reading_seconds += time.perf_counter() - start

    def languages_built(self, site_dir: Path, search, weights: search_index.Weights) -> None:
        """A whole build (not `mkdocs serve`): the pages read so far are every page of their language, converted
        but not yet rendered into the theme; index them in the background while MkDocs renders them and builds
        the next language."""
        if self._remember or not self._documents:
            return
        if self._writer is None:
            self._writer = IndexWriter(site_dir, weights, search.pages_per_word, search.node_bytes,
                                       search.excerpt_chars, background=True)
        self._writer.add(self._documents)
        self._documents = []

    def write(self, site_dir: Path, search, weights: search_index.Weights, report) -> None:
        """Write the index of every page (if any), then `report` (a logger's `info`) how many pages, in how many
        seconds, and the seconds spent reading them, during the build or in the writing. Under `mkdocs serve` (where the pages were read as they were
        built, to keep the readings of pages that did not change) the index is written by a forked child and
        reported by a thread waiting for it, which `finish` waits for."""
        if self._documents is None:
            return
        self.stop()  # before the new index's folder is made: the last one's child may still be writing there
        documents, self._documents, read_before = self._documents, None, self.reading_seconds
        writer = self._writer or IndexWriter(site_dir, weights, search.pages_per_word, search.node_bytes,
                                             search.excerpt_chars, background=not self._remember)
        self._writer = None

        # Under `mkdocs serve`, the pages this rebuild changed are still unread (Page): the index's process reads
        # them and sends back their readings, kept for the next rebuild.
        unread = {key: page for key, page in self._read.items() if isinstance(page, search_index.Page)}

        def write_index() -> tuple[tuple[str, int, float, float], dict[str, search_index.Document]]:
            start = time.perf_counter()
            readings = {key: page.read() for key, page in unread.items()}
            read_seconds = time.perf_counter() - start
            by_page = {id(unread[key]): document for key, document in readings.items()}
            writer.add([by_page.get(id(page), page) for page in documents])
            pages, reading = writer.close()
            return (REPORT, pages, time.perf_counter() - start, read_before + reading + read_seconds), readings

        if self._remember:  # in a forked child: the reload that follows needs this interpreter, the index does not
            job = Forked(write_index)

            def wait():
                try:
                    figures, readings = job.result()
                except Cancelled:
                    return  # a newer rebuild's index replaces this one
                with self._read_lock:
                    self._read.update(readings)
                report(*figures)

            self._writing = (job, threading.Thread(target=wait, name="search-index"))
            self._writing[1].start()
        else:
            report(*write_index()[0])

    def finish(self) -> None:
        """Wait for the index still being written, if any."""
        if self._writing is not None:
            self._writing[1].join()
            self._writing = None

    def stop(self) -> None:
        """Stop the index still being written, if any: a newer one is about to be written."""
        if self._writing is not None:
            self._writing[0].cancel()
            self.finish()
