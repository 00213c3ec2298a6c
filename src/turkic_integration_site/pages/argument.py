"""The whole argument on one page: home, abstract, sections 1–6 and the bibliography, in reading order.

Links between the gathered pages become anchors on this page (so they also work inside its PDF); links to
anything else stay ordinary links to the site.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ..content import markdown
from .render import PageContext

PATH = "argument.md"
PDF = "downloads/argument.pdf"  # beside the data downloads, in each language's folder
PARTS = ("index", "summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")

_PARSER = MarkdownIt("commonmark")


@dataclass
class OnePageContext(PageContext):
    """Links to a gathered page, or to a source in the bibliography, point inside this page."""

    inside: dict[str, str] = field(default_factory=dict)  # "war.md" -> "war"

    def place_link(self, family: str, item_id: str) -> str:
        if family == "sources":  # the bibliography is part of this page
            return "#" + item_id
        return super().place_link(family, item_id)

    def reference_tip(self, key: str) -> None:
        return None  # the reference is on this page, one click away: repeating it in every link doubled the page

    def link(self, target: str) -> str:
        target_path, _, anchor = target.partition("#")
        if target_path in self.inside:
            return "#" + (anchor or self.inside[target_path])
        return super().link(target)


def cited_keys(parts, argument_map, intro: str, lang: str) -> set[str]:
    """The sources this page cites: its bibliography lists these, not every source of the site (at 100× the
    whole bibliography would make the page several megabytes)."""
    texts = [intro, *(part.prose[lang] for part in parts)]
    if argument_map:
        texts += [claim.claim[lang] for claim in argument_map.claims]
        texts += [i.reading[lang] for i in argument_map.inferences if i.reading]
    return {key for text in texts for key in markdown.keys(text)}


def anchors(page_ids: list[str]) -> dict[str, str]:
    return {f"{pid}.md": pid for pid in page_ids} | {"bibliography.md": "bibliography"}


@functools.lru_cache(maxsize=64)  # the walk-through's prose, parsed again only when it changes (`mkdocs serve`)
def demoted(prose: str, levels: int = 1) -> str:
    """Prose with every heading `levels` deeper: its page becomes a section of this one."""
    lines = prose.splitlines(keepends=True)
    for token in _PARSER.parse(prose):
        if token.type == "heading_open" and token.markup.startswith("#") and token.map:
            start = token.map[0]
            lines[start] = "#" * levels + lines[start].lstrip(" ")
    return "".join(lines)
