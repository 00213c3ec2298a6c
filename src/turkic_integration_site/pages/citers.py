"""A source cited by many pages and records gets pages of its own that list them, so its bibliography entry,
and the bibliography page holding it, stay small however much the data grows (the article itself is cited by
nearly every record: at 100x its list alone would be over a megabyte)."""

from __future__ import annotations

from .lists import Part, numbered, split

INLINE = 40  # citers listed in the bibliography entry itself; a longer list moves to the source's own pages
PER_PAGE = 800  # citers per page of that list: about 100 KB of links


def first_page(key: str) -> str:
    return f"cited-by/{key}.md"


def lines_in_entry(count: int) -> int:
    """The lines a bibliography entry gives its citers: one each, or one link to their own pages."""
    return count if count <= INLINE else 1


def parts(key: str, citers: list[tuple[str, str]]) -> list[Part]:
    """The pages listing a source's citers, or none when the bibliography entry can list them itself."""
    return split(first_page(key), numbered(citers), PER_PAGE) if len(citers) > INLINE else []
