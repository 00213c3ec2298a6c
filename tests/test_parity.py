"""The Turkish and English versions say the same things: same parts, same citations, same links.

The two languages are written independently, so only the structure is compared: `##` headings,
citations (key and pages, in order), record/page/note links, key points; and in every YAML record the
citations of each bilingual text field.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from conftest import REPO
from record_texts import bilingual_fields
from turkic_integration_site.content import markdown
from turkic_integration_site.content.load import load_site

HEADING = re.compile(r"^## ", re.MULTILINE)


@pytest.fixture(scope="module")
def site():
    return load_site(REPO)


def page_ids() -> list[str]:
    return sorted(p.name for p in (REPO / "content" / "pages").iterdir() if (p / "page.yaml").exists())


def page_ids_with(field: str) -> list[str]:
    """The pages whose page.yaml sets `field` (key points, an article section)."""
    return [pid for pid in page_ids()
            if yaml.safe_load((REPO / "content" / "pages" / pid / "page.yaml").read_text(encoding="utf-8")).get(field)]


def cites(text: str) -> list[tuple[str, str | None]]:
    return [(c.key, c.pages) for occ in markdown.scan(text).citations for c in occ.cites]


def links(text: str) -> Counter:
    return Counter((link.scheme, link.target) for link in markdown.scan(text).links)


def parts(markdown: str) -> list[str]:
    """The `##` parts of a page: each heading with the text up to the next one (any lead text is dropped)."""
    starts = [m.start() for m in HEADING.finditer(markdown)]
    return [markdown[a:b] for a, b in zip(starts, starts[1:] + [len(markdown)])]


def test_every_page_is_loaded(site):
    assert sorted(site.pages) == page_ids()


@pytest.mark.parametrize("page_id", page_ids())
def test_both_languages_of_a_page_have_the_same_number_of_parts(site, page_id):
    tr, en = (site.pages[page_id].prose[lang] for lang in ("tr", "en"))
    assert len(HEADING.findall(tr)) == len(HEADING.findall(en)), f"{page_id}: tr and en differ in ## headings"


@pytest.mark.parametrize("page_id", page_ids())
def test_same_citations_in_the_same_order(site, page_id):
    tr, en = (site.pages[page_id].prose[lang] for lang in ("tr", "en"))
    assert cites(tr) == cites(en), f"{page_id}: tr and en cite differently"


@pytest.mark.parametrize("page_id", page_ids())
def test_both_languages_of_a_page_link_the_same_records_pages_and_notes(site, page_id):
    tr, en = (site.pages[page_id].prose[lang] for lang in ("tr", "en"))
    only_tr, only_en = links(tr) - links(en), links(en) - links(tr)
    assert not only_tr and not only_en, f"{page_id}: links only in tr {dict(only_tr)}, only in en {dict(only_en)}"


@pytest.mark.parametrize("page_id", page_ids())
def test_linked_records_are_listed_in_page_yaml(site, page_id):
    """Every record linked in the prose is listed in page.yaml `records`.

    The converse (every listed record is linked) does not hold today and is not required: effects lists
    csto, ots and kazakhstan-csto, ots lists the five *-ots memberships, bilateral lists sipri and
    conclusion lists kazakhstan-csto without linking them in the prose; they appear in the page's
    record list only.
    """
    page = site.pages[page_id]
    for lang in ("tr", "en"):
        linked = {link.target for link in markdown.scan(page.prose[lang]).links if link.scheme == "record"}
        missing = sorted(linked - set(page.meta.records))
        assert not missing, f"{page.prose_paths[lang]} links records not in page.yaml records: {missing}"


def test_pages_with_key_points_and_sections_are_found(site):
    assert page_ids_with("key_points") == sorted(p for p in site.pages if site.pages[p].meta.key_points is not None)
    assert page_ids_with("section") == sorted(p for p in site.pages if site.pages[p].meta.section is not None)
    assert len(page_ids_with("section")) >= 5


@pytest.mark.parametrize("page_id", page_ids_with("key_points"))
def test_both_languages_have_the_same_key_points_citing_alike(site, page_id):
    points = site.pages[page_id].meta.key_points
    assert len(points.tr) == len(points.en), f"{page_id}: {len(points.tr)} tr key points, {len(points.en)} en"
    for number, (tr, en) in enumerate(zip(points.tr, points.en), 1):
        assert cites(tr) == cites(en), f"{page_id}: key point {number} cites differently in tr and en"


@pytest.mark.parametrize("page_id", page_ids_with("section"))
def test_section_pages_cite_in_every_part(site, page_id):
    page = site.pages[page_id]
    for lang in ("tr", "en"):
        sections = parts(page.prose[lang])
        assert sections, f"{page.prose_paths[lang]} has no ## parts"
        bare = [part.splitlines()[0] for part in sections if not markdown.scan(part).citations]
        assert not bare, f"{page.prose_paths[lang]}: parts without a citation: {bare}"


def test_records_cite_alike_in_both_languages(site):
    checked, different = 0, []
    for family, records in site.records.items():
        for record_id, record in records.items():
            for where, text in bilingual_fields(record, f"{family}/{record_id}"):
                checked += 1
                if cites(text.tr) != cites(text.en):
                    different.append(f"{where}: tr {cites(text.tr)} != en {cites(text.en)}")
    assert checked > 100  # the walk reached the records' text
    assert not different, "citations differ between tr and en:\n" + "\n".join(different)
