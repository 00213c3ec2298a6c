"""Every record, glossary entry and source note lists as its sources exactly what its texts cite, in both languages.

The schema ties no source to a single field: a source that supports a founding date, a seat or a role is
cited in the text that states it. A listed source that no text cites would be shown to readers as support
for something the record does not say (the 2026-11-25 records review found several). Memberships have no
text: their sources stand for the membership itself, so they are left out.
"""

from __future__ import annotations

import pytest

from conftest import REPO
from record_texts import bilingual_fields
from turkic_integration_site.content import markdown
from turkic_integration_site.content.load import load_site


@pytest.fixture(scope="module")
def site():
    return load_site(REPO)


def cited(text: str) -> set[tuple[str, str | None]]:
    return {(c.key, c.pages) for occ in markdown.scan(text, data=True).citations for c in occ.cites}


def listed(sources: list[str]) -> set[tuple[str, str | None]]:
    return {(c.key, c.pages) for c in map(markdown.parse_cite, sources)}


def mismatch(name: str, lang: str, text_cites: set, sources: set) -> list[str]:
    if text_cites == sources:
        return []
    return [f"{name} ({lang}): listed but not cited {sorted(sources - text_cites, key=str)}, "
            f"cited but not listed {sorted(text_cites - sources, key=str)}"]


def test_every_term_lists_exactly_the_sources_its_text_cites(site):
    assert len(site.terms) > 20  # the walk reached the glossary
    wrong = []
    for term in site.terms.values():
        for lang in ("tr", "en"):
            wrong += mismatch(term.id, lang, cited(term.definition[lang]), listed(term.sources))
    assert not wrong, "\n".join(wrong)


def test_every_record_and_note_lists_exactly_the_sources_its_texts_cite(site):
    checked, wrong = 0, []
    for family, records in [*site.records.items(), ("notes", site.notes)]:
        for record_id, record in records.items():
            texts = [text for _, text in bilingual_fields(record, record_id)]
            if not texts:
                continue  # a membership: no text to cite in
            checked += 1
            for lang in ("tr", "en"):
                text_cites = set().union(*(cited(text[lang]) for text in texts))
                wrong += mismatch(f"{family}/{record_id}", lang, text_cites, listed(record.sources))
    assert checked > 100  # the walk reached the records and the notes
    assert not wrong, "\n".join(wrong)
