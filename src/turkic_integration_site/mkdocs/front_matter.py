"""Under `mkdocs serve`: a page's front matter is parsed once while it is unchanged.

MkDocs parses every page's YAML front matter on every rebuild (Page.read_source calls meta.get_data), so a
rebuild after one edit parses the front matter of every page the edit did not touch again: about 4% of a
rebuild. The parse of each front matter block is kept (the block, not the page: the page's text is not held);
every page gets its own copy of the result, since MkDocs and the plugins write to a page's meta.
"""

from __future__ import annotations

import copy
import functools

from mkdocs.utils import meta

KEPT = 100_000  # front matter blocks (of about 500 bytes): more than the pages of the 100x synthetic site


def install() -> None:
    """Put the keeping parser in place of MkDocs' own (once; a second call changes nothing)."""
    if hasattr(meta.get_data, "__wrapped__"):
        return
    parse = meta.get_data
    parsed_block = functools.lru_cache(maxsize=KEPT)(parse)

    @functools.wraps(parse)
    def get_data(source: str):
        found = meta.YAML_RE.match(source)
        if found is None:
            return parse(source)  # no YAML front matter: MkDocs' other format, parsed as before
        rest, data = parsed_block(found.group(0))
        # MkDocs cuts the block off the page only when it parsed to a mapping: then nothing of it is left
        return (source[found.end():].lstrip("\n") if rest == "" else source), copy.deepcopy(data)

    meta.get_data = get_data
