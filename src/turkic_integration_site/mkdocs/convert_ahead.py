"""Pages converted on the second core: every other page that needs Python-Markdown is converted in a forked child.

MkDocs converts a language's pages one after the other on one core, and that conversion is most of a whole
build. When a language build has its pages (on_nav), a child is forked from this process as it is. It goes
through the pages in MkDocs' order, as MkDocs will: reads each page, runs the plugins' page_markdown events, and
counts the pages that need converting. The second, fourth, sixth... of them (its turns) it converts, if it gets there
before this process does (the two share the turn each is at), and sends back what Page.render gives and what
it logged. MkDocs, in this process, converts every other page; a page the child took gets the child's result
instead of being converted, if the child converted the same Markdown, and what the child logged is logged
here, at that page, so warnings still count in a strict build. Anything else (the child failed, sent nothing,
or converted other Markdown) and the page is converted here: the output never depends on the child.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from ..common.forked import can_fork, fork_context
from .serve_cache import Rendered

WAIT_SECONDS = 120  # for one page from the child; past that it is stopped and this process converts the rest


@dataclass
class Converted:
    """What the child sends for a page it converted."""

    markdown: str  # digest of the Markdown converted
    rendered: Rendered
    logged: list[logging.LogRecord] = field(default_factory=list)


class ConvertAhead:
    def __init__(self):
        self._in_child = False
        self._turns = 0  # pages that needed converting so far in this language build
        self._child = self._receive = self._shared = None
        self._arrived: dict[int, tuple[str, Converted | None]] = {}  # turn -> the child's result, until taken

    def start(self, config, files) -> None:
        """At the start of a language build: fork the child that converts every other page."""
        self.stop()
        self._turns, self._arrived = 0, {}
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        if not can_fork() or len(pages) < 2:
            return
        context = fork_context()
        # [the turn this process is at, the last turn the child took]; a turn is taken by whichever gets there first
        self._shared = context.Array("q", [0, 0])
        self._receive, send = context.Pipe(duplex=False)
        self._child = context.Process(target=self._convert_in_child, args=(pages, config, files, send), daemon=True)
        self._child.start()
        send.close()  # the child holds its own end: recv() sees EOF if it ends

    def turn(self, page, markdown: str, files) -> None:
        """A page to convert (from the page_markdown event, after every plugin): on a turn the child
        took, take its result, if it converted this page's Markdown; else MkDocs converts it here."""
        self._turns += 1
        if self._in_child or self._shared is None:
            return
        with self._shared.get_lock():
            self._shared[0] = self._turns
            # the child's turn, and the child got to it before this process did (so it took it)
            childs = self._turns % 2 == 0 and self._shared[1] >= self._turns
        if childs:
            uri, converted = self._take(self._turns)
            if converted is not None and uri == page.file.src_uri and converted.markdown == _digest(markdown):
                page.render = lambda config, files_: _restore(page, converted, files)  # this Page object only

    def stop(self) -> None:
        """End of a language build (or a failed one): the child is no longer needed."""
        if self._child is not None:
            self._child.terminate()
            self._child.join()
            self._receive.close()
        self._child = self._receive = self._shared = None

    def _take(self, turn: int) -> tuple[str, Converted | None]:
        while turn not in self._arrived and self._child is not None:
            if not self._receive.poll(WAIT_SECONDS):
                self.stop()
                break
            try:
                taken, uri, converted = self._receive.recv()
            except EOFError:
                self.stop()
                break
            self._arrived[taken] = (uri, converted)
        return self._arrived.pop(turn, ("", None))

    def _claim(self) -> bool:
        """In the child: take this turn if it is the child's (every second one) and this process has not got
        to it yet."""
        if self._turns % 2 == 1:
            return False
        with self._shared.get_lock():
            if self._shared[0] >= self._turns:
                return False
            self._shared[1] = self._turns
            return True

    def _convert_in_child(self, pages, config, files, send) -> None:
        self._in_child = True
        logged = _capture_logging()
        for page in pages:
            turns = self._turns
            try:
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                if self._turns == turns or not self._claim():  # no conversion needed, or not the child's to do
                    continue
                logged.clear()
                page.render(config, files)
                send.send((self._turns, page.file.src_uri, Converted(
                    _digest(page.markdown), Rendered.of(page, page.content), [_plain(r) for r in logged])))
            except Exception:  # noqa: BLE001 -- MkDocs converts the page here, and reports the error if it is one
                if self._turns != turns and self._shared[1] == self._turns:
                    send.send((self._turns, page.file.src_uri, None))


def _restore(page, converted: Converted, files) -> None:
    """What Page.render would have done, from the child's result; its log records logged here."""
    for record in converted.logged:
        logging.getLogger(record.name).handle(record)
    converted.rendered.give_to(page, files)


def _digest(markdown: str) -> str:
    return hashlib.sha256(markdown.encode()).hexdigest()


class _Capture(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], level: int):
        super().__init__(level)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        if not self.records or self.records[-1] is not record:  # once, though several loggers' handlers see it
            self.records.append(record)


def _capture_logging() -> list[logging.LogRecord]:
    """In the child: the records any handler would have taken go to a list instead (this process logs them
    when it reaches the page); the console sees nothing from the child."""
    records: list[logging.LogRecord] = []
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in [one for one in loggers if isinstance(one, logging.Logger) and one.handlers]:
        level = min(handler.level for handler in logger.handlers)
        logger.handlers = [_Capture(records, level)]
    return records


def _plain(record: logging.LogRecord) -> logging.LogRecord:
    """A record that pickles: its message formatted, no arguments or traceback objects."""
    record.msg, record.args = record.getMessage(), None
    record.exc_info = record.exc_text = None
    return record
