"""A built page as the search index sees it: its names, key points, headings, text, and the prose its excerpt
is cut from (search_index.py scores and files them)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "div", "figcaption", "tr", "text", "title", "desc", "tspan"}
RECORD_KINDS = {"events", "organizations", "states", "summits", "treaties"}  # page kinds that are one record
KEY_POINTS = "tis-key-points"  # the class of a section's key points (templates/section.md.j2)


@dataclass(frozen=True)
class Document:
    """One page as the index sees it."""

    url: str  # relative to the site root, as MkDocs gives it: `summits/2021-istanbul/`, `en/`
    lang: str
    title: str
    names: tuple[str, ...]  # what the page is called: title first, then other titles, abbreviations, aliases
    record: bool  # a page of its own for what it names (a record), not a list, the glossary or an essay
    headings: str
    text: str  # the readable text, headings included, without the parts left out of the index
    links: tuple[str, ...]  # the site's pages this one links to (relative to the site root)
    kind: str = ""  # the page's kind (its `kind:` meta): `states`, `glossary`, `section`, `index`, ...
    key: str = ""  # a section's key points: its key terms
    prose: str | None = None  # the text the excerpt is cut from: no headings, facts table, figure or note
    synonyms: tuple[tuple[str, ...], ...] = ()  # names that mean the same (the glossary's terms, each with aliases)

    def read(self) -> Document:
        return self


@dataclass(frozen=True)
class Page:
    """A built page not read yet (read_page's arguments): read where its language's index is written."""

    url: str
    lang: str
    title: str
    names: tuple[str, ...]
    content_html: str
    excluded: tuple[str, ...]
    kind: str = ""
    synonyms: tuple[tuple[str, ...], ...] = ()

    def read(self) -> Document:
        return read_page(self.url, self.lang, self.title, list(self.names), self.content_html, list(self.excluded),
                         self.kind, self.synonyms)


def _simple_selector(selector: str) -> tuple[str, str]:
    """`details.quote` → ("details", "quote"); `.tis-print-only` → ("", "tis-print-only")."""
    tag, _, cls = selector.partition(".")
    return tag, cls


class _PageReader(HTMLParser):
    """A page's text, headings, key points, prose and links, without the parts the index leaves out."""

    def __init__(self, excluded: list[str], record: bool):
        super().__init__(convert_charrefs=True)
        self.excluded = [_simple_selector(s) for s in excluded]
        self.record = record  # a record page: the table before its first section heading is its facts table
        self.text: list[str] = []
        self.prose: list[str] = []
        self.headings: list[str] = []
        self.key: list[str] = []
        self.links: list[str] = []
        # per open element: its tag, then whether it is inside a part left out, not prose, key points, a heading
        # (each flag already combined with its parents', so the innermost element answers for all)
        self._stack: list[tuple[str, bool, bool, bool, bool]] = []
        self._sections = 0  # h2 headings seen
        self._references = False  # past the page's reference list (the same sources on many pages): no prose
        self._cells = 0  # cells so far in the table row being read

    def _flags(self) -> tuple[bool, bool, bool, bool]:
        return self._stack[-1][1:] if self._stack else (False, False, False, False)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        hidden = any((not t or t == tag) and (not c or c in classes) for t, c in self.excluded)
        if tag == "a" and attributes.get("href") and not hidden:
            self.links.append(attributes["href"])
        if tag == "h2":
            self._sections += 1
            self._references = self._references or attributes.get("id") == "references"
        not_prose = (self._references or tag in HEADINGS or tag == "svg" or "admonition-title" in classes
                     or (tag == "table" and self.record and not self._sections))
        if tag in ("td", "th"):
            if self._cells and not self._flags()[1]:
                self.prose.append(" · ")
            self._cells += 1
        elif tag == "tr":
            self._cells = 0
        if tag not in VOID:
            outer = self._flags()
            self._stack.append((tag, outer[0] or hidden, outer[1] or not_prose, outer[2] or KEY_POINTS in classes,
                                outer[3] or tag in HEADINGS))
        elif tag == "br":
            self.text.append(" ")
            self.prose.append(" ")

    def handle_endtag(self, tag):
        # Close up to the matching element: a stray end tag must not unbalance what is left out.
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break
        if tag in HEADINGS or tag in BLOCKS:
            self.text.append(" ")
            self.key.append(" ")
            self.prose.append(" | " if tag == "tr" and not self._flags()[1] else " ")

    def handle_data(self, data):
        hidden, not_prose, key, heading = self._flags()
        if hidden:
            return
        self.text.append(data)
        if not not_prose:
            self.prose.append(data)
        if key:
            self.key.append(data)
        if heading:
            self.headings.append(data + " ")


def _squeeze(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def read_page(url: str, lang: str, title: str, names: list[str], content_html: str,
              excluded: list[str], kind: str = "", synonyms=()) -> Document:
    """A built page's content (MkDocs' `page.content`) as the index sees it; `url` as MkDocs gives it."""
    record = kind in RECORD_KINDS or (not kind and bool(names))
    reader = _PageReader(excluded, record)
    reader.feed(content_html)
    reader.close()
    links = []
    for href in reader.links:
        target = urldefrag(urljoin("/" + url, href)).url
        if target.startswith("/") and not target.startswith("//"):
            links.append(target[1:])
    prose = _squeeze(reader.prose).strip(" |·")
    while " | |" in prose:
        prose = prose.replace(" | |", " |")
    return Document(url=url, lang=lang, title=title, names=tuple(dict.fromkeys([title, *names])), record=record,
                    headings=" ".join("".join(reader.headings).split()), text=_squeeze(reader.text),
                    links=tuple(links), kind=kind, key=_squeeze(reader.key), prose=prose,
                    synonyms=tuple(tuple(group) for group in synonyms))
