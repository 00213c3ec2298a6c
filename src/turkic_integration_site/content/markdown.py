"""Markdown as markdown-it-py parses it: the citations, internal links and refused constructs of a text,
each with its exact offset in the text as written.

markdown-it gives source lines to block tokens only; the inline rules below record `state.pos` (an offset
in the block's inline content) and `_source_offsets` maps that back to the text the editor wrote.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

INTERNAL_SCHEMES = ("record", "page", "note")  # the site's own: [text](record:2021-istanbul)
LINK_SCHEMES = ("http", "https", "mailto", *INTERNAL_SCHEMES)

# The citation micro-syntax inside one `[...]` group or after one `@` (Pandoc's, as the article prints it).
_ITEM = re.compile(r"^@([\w:-]+)\s*(?:,\s*(.+))?$")
_LOCATOR = re.compile(r"^(?:s|ss|p|pp)\s*[.,]\s*(.+)$")
_NARRATIVE_KEY = re.compile(r"[A-Za-z0-9][\w:-]*[A-Za-z0-9]|[A-Za-z0-9]")
_INTERNAL_TARGET = re.compile(r"^([a-z0-9-]+)(#[\w-]+)?$")
_NOT_BEFORE_NARRATIVE = "@[/."  # `x@y`, `[@`, `/@`, `.@` are not narrative citations (nor is a letter)


@dataclass(frozen=True)
class Cite:
    key: str
    pages: str | None = None  # "366" or "131-132": printed as s./ss. or p./pp. per language

    @property
    def is_range(self) -> bool:
        return self.pages is not None and "-" in self.pages


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


def parse_cite(text: str) -> Cite | None:
    """One citation item: `@key` or `@key, s. 12` (also a record's `sources` entry)."""
    match = _ITEM.match(text.strip())
    if not match:
        return None
    key, locator = match.groups()
    pages = None
    if locator:
        loc = _LOCATOR.match(locator.strip())
        pages = (loc.group(1) if loc else locator).strip().replace("–", "-").replace(" ", "")
    return Cite(key, pages)


def keys(text: str) -> list[str]:
    return scan(text).keys


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# ---- inline rules: each records where it matched ----------------------------------------------------
def _citation_group(state: StateInline, silent: bool) -> bool:
    """`[@key, s. 12; @other]`: a bracket group whose every item is a citation."""
    src, start = state.src, state.pos
    if not src.startswith("[@", start):
        return False
    close = src.find("]", start)
    if close == -1:
        return _flaw(state, silent, "citation bracket '[@' is never closed (write [@key] or [@key, s. 12])")
    items = [parse_cite(part) for part in src[start + 1:close].split(";")]
    if not all(items) or "[" in src[start + 1:close]:
        return _flaw(state, silent,
                     f"malformed citation '{src[start:close + 1]}' (write [@key], [@key, s. 12] or [@a; @b])")
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"pos": start, "end": close + 1, "cites": tuple(items), "narrative": False}
    state.pos = close + 1
    return True


def _flaw(state: StateInline, silent: bool, message: str) -> bool:
    """Note a flaw where the rule stands; the text there is then parsed as if the rule had not matched."""
    if not silent:
        state.push("flaw", "", 0).meta = {"pos": state.pos, "message": message}
    return False


def _narrative_citation(state: StateInline, silent: bool) -> bool:
    """`@key` in running text: printed as `Author (year)`."""
    src, start = state.src, state.pos
    if src[start] != "@":
        return False
    before = src[start - 1] if start else " "
    if before.isalnum() or before == "_" or before in _NOT_BEFORE_NARRATIVE:
        return False
    match = _NARRATIVE_KEY.match(src, start + 1)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"pos": start, "end": match.end(), "cites": (Cite(match.group(0)),), "narrative": True}
    state.pos = match.end()
    return True


def _stray_link_bracket(state: StateInline, silent: bool) -> bool:
    """`](` that no link or citation took: Python-Markdown, which renders the site, may still read a link
    there (`[x](javascript:a('b c'))` is text to CommonMark but a live link to it), so it is refused."""
    if state.src.startswith("](", state.pos):
        _flaw(state, silent, "'](' outside a link: another Markdown reader may take it for one "
                             "(write [text](target) with no space in the target, or escape the bracket: \\])")
    return False


def _located(rule, name: str):
    """Wrap a markdown-it link rule so the tokens it opens remember where their destination starts."""

    def located_rule(state: StateInline, silent: bool) -> bool:
        start, first_new = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            dest = _destination_offset(state, start, name)
            for token in state.tokens[first_new:]:
                if token.type in ("link_open", "image") and "pos" not in token.meta:
                    token.meta = {**token.meta, "pos": start, "dest": dest}
        return True

    return located_rule


def _destination_offset(state: StateInline, start: int, name: str) -> int:
    """Where `[label](dest)` writes its destination (the label's start for reference links)."""
    src = state.src
    if name == "autolink":
        return start + 1
    label_start = start + 1 if name == "image" else start
    saved = state.pos
    label_end = state.md.helpers.parseLinkLabel(state, label_start, True)
    state.pos = saved
    if label_end < 0 or not src.startswith("(", label_end + 1):
        return start
    pos = label_end + 2
    while pos < len(src) and src[pos] in " \t\n":
        pos += 1
    return pos + 1 if src.startswith("<", pos) else pos


def _html_inline(rule):
    def located_html(state: StateInline, silent: bool) -> bool:
        start, first_new = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        for token in state.tokens[first_new:]:
            token.meta = {**token.meta, "pos": start}
        return True

    return located_html


def _parser(html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html})
    md.validateLink = lambda url: True  # every link is seen here; `_link_flaw` decides what is refused
    rules = md.inline.ruler
    for name, rule in (("link", rules_inline.link), ("image", rules_inline.image), ("autolink", rules_inline.autolink)):
        rules.at(name, _located(rule, name))
    rules.at("html_inline", _html_inline(rules_inline.html_inline))
    rules.before("link", "citation_group", _citation_group)
    rules.before("link", "narrative_citation", _narrative_citation)
    rules.push("stray_link_bracket", _stray_link_bracket)
    return md


_PROSE = _parser(html=True)
_DATA = _parser(html=False)  # raw HTML in a data text is text: the renderer escapes it


# ---- the walk ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=8192)
def scan(text: str, data: bool = False) -> Scan:
    """Citations, the site's own links and every flaw of `text`.

    `data` is a field of a record: raw HTML there is shown as text (the renderer escapes it), while in
    prose it is refused; images (which would load from elsewhere) have no place in data at all.
    """
    flaws = [Flaw(i, f"control character U+{ord(ch):04X} (remove it)") for i, ch in enumerate(text)
             if _is_control(ch)]
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


def _is_control(ch: str) -> bool:
    if ch in "\n\t":
        return False
    return unicodedata.category(ch) == "Cc" or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


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
