"""A glossary entry lists as its sources exactly what its definition cites, in both languages.

A term has no fields besides its text, so a listed source its text never cites would be shown to readers
as support for something the entry does not say (the 2026-11-25 records review found several).
"""

from __future__ import annotations

from conftest import REPO
from turkic_integration_site import markdown
from turkic_integration_site.load import load_site


def cited(text: str) -> set[tuple[str, str | None]]:
    return {(c.key, c.pages) for occ in markdown.scan(text, data=True).citations for c in occ.cites}


def listed(sources: list[str]) -> set[tuple[str, str | None]]:
    return {(c.key, c.pages) for c in map(markdown.parse_cite, sources)}


def test_every_term_lists_exactly_the_sources_its_text_cites():
    site = load_site(REPO)
    assert len(site.terms) > 20  # the walk reached the glossary
    wrong = []
    for term in site.terms.values():
        for lang in ("tr", "en"):
            text_cites, sources = cited(term.definition[lang]), listed(term.sources)
            if text_cites != sources:
                wrong.append(f"{term.id} ({lang}): listed but not cited {sorted(sources - text_cites, key=str)}, "
                             f"cited but not listed {sorted(text_cites - sources, key=str)}")
    assert not wrong, "\n".join(wrong)
