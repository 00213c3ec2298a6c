"""What a record's facts rest on: `basis` and `basis_sources` agree with each other, the bibliography,
the record's own sources and, for a correction, a note that keeps the article's version."""

from __future__ import annotations

from pydantic import BaseModel

from ..common.errors import Problem
from . import markdown
from .checks import unknown_key
from .site import Site

ARTICLE = "ozdasli-article"


def check_basis(doc, base: tuple, item: BaseModel, site: Site) -> list[Problem]:
    """Problems with a checked record's basis, each at the field that has to change."""
    basis = getattr(item, "basis", None)
    if basis is None:
        return []
    keys = item.basis_sources
    if basis == "article":
        if keys:
            return [doc.problem(base + ("basis_sources",),
                                "basis 'article' takes no basis_sources: the record rests on the article alone "
                                "(with an independent source, the basis is 'confirmed' or 'corrected')")]
        return []
    problems = []
    if not keys:
        problems.append(doc.problem(base + ("basis",), f"basis '{basis}' needs at least one independent source "
                                                       "in basis_sources"))
    cited = {markdown.parse_cite(c).key for c in item.sources}
    for i, key in enumerate(keys):
        loc = base + ("basis_sources", i)
        if key == ARTICLE:
            problems.append(doc.problem(loc, f"'{ARTICLE}' is the article itself, not an independent source"))
        elif key not in site.bib:
            problems.append(doc.problem(loc, unknown_key(key, site.bib)))
        elif key not in cited:
            problems.append(doc.problem(loc, f"basis source '{key}' is not among the record's sources "
                                             f"(cite it where the fact stands and list \"@{key}\" in sources)"))
    if basis == "corrected" and not any(ARTICLE in {markdown.parse_cite(c).key for c in site.notes[n].sources}
                                        for n in item.notes if n in site.notes):
        problems.append(doc.problem(base + ("basis",), "basis 'corrected' needs a source note in notes that keeps "
                                                       "the article's version (a note citing @ozdasli-article)"))
    return problems
