"""Markdown as markdown-it-py parses it: the citations, internal links and refused constructs of a text,
each with its exact offset in the text as written.

markdown-it gives source lines to block tokens only; the inline rules (inline_rules.py) record `state.pos` (an offset
in the block's inline content) and `_source_offsets` maps that back to the text the editor wrote.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it.token import Token

from .inline_rules import Cite, parse_cite, parser  # noqa: F401 (parse_cite: one citation item, for the loader)

INTERNAL_SCHEMES = ("record", "page", "note")  # the site's own: [text](record:2021-istanbul)
LINK_SCHEMES = ("http", "https", "mailto", *INTERNAL_SCHEMES)

# Unicode's control characters (category Cc) but tab and newline, and the bidirectional overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INTERNAL_TARGET = re.compile(r"^([a-z0-9-]+)(#[\w-]+)?$")


@dataclass(frozen=True)
class Citation:
    start: int  # offsets in the text as written
    end: int
    cites: tuple[Cite, ...]
    narrative: bool


@dataclass(frozen=True)
class Link:
    start: int  # the destination's span in the text as written: `record:2021-istanbul#x`
    end: int
    scheme: str
    target: str
    anchor: str


@dataclass(frozen=True)
class Flaw:
    """Something a reader must never get, at an offset of the text."""

    start: int
    message: str


@dataclass(frozen=True)
class Scan:
    citations: tuple[Citation, ...] = ()
    links: tuple[Link, ...] = ()  # the site's own links (record:, page:, note:)
    flaws: tuple[Flaw, ...] = field(default=())

    @property
    def keys(self) -> list[str]:
        return [c.key for citation in self.citations for c in citation.cites]


def keys(text: str) -> list[str]:
    return scan(text).keys


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_PROSE = parser(html=True)
_DATA = parser(html=False)  # raw HTML in a data text is text: the renderer escapes it


# ---- the walk ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8192)
def scan(text: str, data: bool = False) -> Scan:
    """Citations, the site's own links and every flaw of `text`.

    `data` is a field of a record: raw HTML there is shown as text (the renderer escapes it), while in
    prose it is refused; images (which would load from elsewhere) have no place in data at all.
    """
    flaws = [Flaw(m.start(), f"control character U+{ord(m.group()):04X} (remove it)")
             for m in _CONTROL.finditer(text)]
    tokens = (_DATA if data else _PROSE).parse(text)
    lines = text.split("\n")
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    citations, links = [], []
    for block in tokens:
        if block.type == "html_block":
            flaws.append(Flaw(_first_char(lines, line_starts, block.map[0]), "raw HTML is not allowed (write Markdown)"))
        if block.type != "inline" or not block.children:
            continue
        where = _source_offsets(block, lines, line_starts)
        for token in _walk(block.children):
            if token.type == "citation":
                m = token.meta
                citations.append(Citation(where(m["pos"]), where(m["pos"]) + m["end"] - m["pos"], m["cites"],
                                          m["narrative"]))
            elif token.type in ("link_open", "image"):
                found = _link(token, where(token.meta.get("dest", 0)), data)
                if isinstance(found, Flaw):
                    flaws.append(found)
                elif found is not None:
                    links.append(found)
            elif token.type == "flaw":
                flaws.append(Flaw(where(token.meta["pos"]), token.meta["message"]))
            elif token.type == "html_inline":
                flaws.append(Flaw(where(token.meta.get("pos", 0)), "raw HTML is not allowed (write Markdown)"))
    return Scan(tuple(citations), tuple(links), tuple(sorted(set(flaws), key=lambda f: f.start)))


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _first_char(lines: list[str], line_starts: list[int], index: int) -> int:
    line = lines[index]
    return line_starts[index] + len(line) - len(line.lstrip())


def _source_offsets(block: Token, lines: list[str], line_starts: list[int]):
    """A function from offsets in the block's inline content to offsets in the whole text.

    The content's n-th line is the block's n-th source line without its markers and indentation
    (`> `, `- `, `## `): each content line is found in its source line.
    """
    first = block.map[0] if block.map else 0
    content_starts, sources = [], []
    offset = 0
    for n, content_line in enumerate(block.content.split("\n")):
        index = min(first + n, len(lines) - 1)
        source = lines[index]
        stripped = source.rstrip()
        if content_line and stripped.endswith(content_line.rstrip()):
            column = len(stripped) - len(content_line.rstrip())
        else:
            found = source.find(content_line) if content_line else -1
            column = found if found >= 0 else len(source) - len(source.lstrip())
        content_starts.append(offset)
        sources.append(line_starts[index] + column)
        offset += len(content_line) + 1

    def where(pos: int) -> int:
        n = max(i for i, s in enumerate(content_starts) if s <= pos) if pos >= 0 else 0
        return sources[n] + pos - content_starts[n]

    return where


def _scheme(url: str) -> str | None:
    """The scheme a browser would see: entities and %-escapes decoded, whitespace and controls dropped."""
    plain = unquote(html.unescape(url))
    plain = "".join(ch for ch in plain if not ch.isspace() and unicodedata.category(ch) != "Cc").lower()
    head, colon, _ = plain.partition(":")
    if not colon or any(ch in head for ch in "/?#"):
        return None  # relative: the site's own
    return head


def _link(token: Token, start: int, data: bool) -> Link | Flaw | None:
    url = token.attrGet("src" if token.type == "image" else "href") or ""
    scheme = _scheme(url)
    if token.type == "image" and (data or scheme is not None):
        return Flaw(start, "an image here would load from another place (use a figure of the site)")
    if scheme is not None and scheme not in LINK_SCHEMES:
        allowed = ", ".join(f"{s}:" for s in LINK_SCHEMES)
        return Flaw(start, f"link scheme '{scheme}:' is not allowed (use {allowed} or a relative link)")
    if scheme not in INTERNAL_SCHEMES:
        return None
    rest = url.split(":", 1)[1]
    target = _INTERNAL_TARGET.match(rest)
    if not target:
        return Flaw(start, f"malformed {scheme} link '{url}' (write {scheme}:id or {scheme}:id#anchor)")
    return Link(start, start + len(url), scheme, target.group(1), target.group(2) or "")


# ---- data text stays one paragraph ------------------------------------------------------------------
_BLOCK_OPENERS = "#*+-=_`~0123456789"  # the first characters with which a line can open a block
_NOT_ESCAPABLE = {"=": "&#61;", "~": "&#126;"}  # Python-Markdown has no backslash escape for these


@functools.lru_cache(maxsize=65536)  # the same names and dates are escaped on many pages
def as_paragraph(text: str) -> str:
    """`text` changed as little as possible so that it reads as running text: a line that would open a
    list, heading, rule, fence or code block gets its marker escaped (`4\\. bölüm`, `\\# not a heading`)."""
    if not any(line[:1] in (" ", "\t") or line.lstrip()[:1] in _BLOCK_OPENERS for line in text.split("\n")):
        return text  # nothing here could open a block: no need to parse
    for _ in range(text.count("\n") + 2):
        lines = text.split("\n")
        fix = _first_block_marker(_DATA.parse(text), lines)
        if fix is None:
            return text
        index, column = fix
        line = lines[index]
        if column is None:  # an indented code block: the indentation goes
            lines[index] = line.lstrip()
        else:
            marker = line[column]
            lines[index] = line[:column] + _NOT_ESCAPABLE.get(marker, "\\" + marker) + line[column + 1:]
        text = "\n".join(lines)
    return text


def _first_block_marker(tokens: list[Token], lines: list[str]) -> tuple[int, int | None] | None:
    """(line, column) of the marker of the first block that is not a paragraph; column None for code."""
    for token in tokens:
        if token.map is None:
            continue
        first, last = token.map
        line = lines[first]
        indent = len(line) - len(line.lstrip())
        if token.type == "list_item_open":
            return first, indent + len(token.info or "")
        if token.type in ("fence", "hr") or (token.type == "heading_open" and token.markup.startswith("#")):
            return first, indent
        if token.type == "heading_open":  # a setext underline: its first character
            underline = lines[last - 1]
            return last - 1, len(underline) - len(underline.lstrip())
        if token.type == "code_block":
            return first, None
    return None
