"""The search index on disk: each language written into a fresh folder as soon as its pages are all built, the
folder swapped in once every language is done (a failed build leaves the previous index).

MkDocs builds on one core. With fork (Linux), each language handed over is written by a process of its own, so
a whole build indexes Turkish on the second core while MkDocs builds the English pages; that process reads the
English pages handed to it ahead (read_ahead) as they are converted, then writes English while MkDocs renders
them into the theme.
"""

from __future__ import annotations

import shutil
import time
from collections import defaultdict
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ..common.forked import can_fork, fork_context
from .search_index import FOLDER, Document, Page, Weights, write_language


class IndexWriter:
    def __init__(self, site_dir: Path, weights: Weights, cap: int, node_bytes: int, excerpt_chars: int,
                 background: bool = False):
        self.target, self.fresh = site_dir / FOLDER, site_dir / f".{FOLDER}-new"
        shutil.rmtree(self.fresh, ignore_errors=True)
        self.fresh.mkdir(parents=True)
        self._settings = (weights, cap, node_bytes, excerpt_chars)
        forks = background and can_fork()
        self._pool = ProcessPoolExecutor(1, mp_context=fork_context()) if forks else None
        self._running: list[Future] = []
        self._read_ahead: list[Future] = []  # pages being read in the background, for a later add()
        self._held: list[Document | Page] = []  # pages handed over ahead with no background process to read them
        self.pages, self.reading = 0, 0.0  # pages indexed; seconds spent reading those not read yet

    def read_ahead(self, pages: list[Document | Page]) -> None:
        """Read these pages in the background process, if there is one, for the add() of their language."""
        if self._pool is None:
            self._held.extend(pages)
        else:
            self._read_ahead.append(self._pool.submit(_read, pages))

    def add(self, pages: list[Document | Page]) -> None:
        """Index these pages and those read ahead, each language complete: the first of them in the background, if
        it can be (after any language handed over before)."""
        by_language: dict[str, list[Document | Page]] = defaultdict(list)
        pages = [*self._held, *pages]
        for job in self._read_ahead:
            documents, seconds = job.result()
            self.reading += seconds
            pages = [*documents, *pages]
        self._read_ahead, self._held = [], []
        for page in pages:
            by_language[page.lang].append(page)
        for n, (lang, items) in enumerate(sorted(by_language.items())):
            job = (items, self.fresh / lang, *self._settings)
            if self._pool is not None and n == 0:  # the caller goes on meanwhile; a second language, handed over
                self._running.append(self._pool.submit(write_language, *job))  # with it, is written here at once
            else:
                self.reading += write_language(*job)
            self.pages += len(items)

    def close(self) -> tuple[int, float]:
        """Wait for the background language, swap the new index in; (pages indexed, seconds reading)."""
        try:
            self.reading += sum(job.result() for job in self._running)
        finally:
            if self._pool is not None:
                self._pool.shutdown()
        shutil.rmtree(self.target, ignore_errors=True)
        self.fresh.rename(self.target)
        return self.pages, self.reading


def _read(pages: list[Document | Page]) -> tuple[list[Document], float]:
    start = time.perf_counter()
    return [page.read() for page in pages], time.perf_counter() - start


def write_index(pages: list[Document | Page], site_dir: Path, weights: Weights, cap: int, node_bytes: int,
                excerpt_chars: int, workers: int = 1) -> tuple[int, float]:
    """Write site_dir/search/ for these pages at once (with `workers` > 1, one language in the background)."""
    writer = IndexWriter(site_dir, weights, cap, node_bytes, excerpt_chars, background=workers > 1)
    writer.add(pages)
    return writer.close()
