"""markdown-it-py's parser for the site's texts: its own inline rules for citations (`[@key, s. 12]`, `@key`),
links that remember where their destination is written, and flaws noted where they stand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline

# The citation micro-syntax inside one `[...]` group or after one `@` (Pandoc's, as the article prints it).
_ITEM = re.compile(r"^@([\w:-]+)\s*(?:,\s*(.+))?$")
_LOCATOR = re.compile(r"^(?:s|ss|p|pp)\s*[.,]\s*(.+)$")
_NARRATIVE_KEY = re.compile(r"[A-Za-z0-9][\w:-]*[A-Za-z0-9]|[A-Za-z0-9]")
_NOT_BEFORE_NARRATIVE = "@[/."  # `x@y`, `[@`, `/@`, `.@` are not narrative citations (nor is a letter)

@dataclass(frozen=True)
class Cite:
    key: str
    pages: str | None = None  # "366" or "131-132": printed as s./ss. or p./pp. per language

    @property
    def is_range(self) -> bool:
        return self.pages is not None and "-" in self.pages


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


def parser(html: bool) -> MarkdownIt:
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
