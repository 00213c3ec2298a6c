"""Every summit, treaty, event, organization and state says what its facts rest on (`basis`), the same on its
page in both languages and in the records download, and every independent source it names resolves."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from conftest import REPO, cli
from test_bad_input import VALID, with_record
from turkic_integration_site.content.load import load_site
from turkic_integration_site.pages.build import render_files
from turkic_integration_site.pages.render import load_labels

CHECKED = ("summits", "treaties", "events", "organizations", "states")
LABELS = load_labels(REPO / "templates" / "labels.yaml")
SUMMIT_LINE = 2  # VALID's date line: the record's 9th line, `basis: article`, is its last


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_files(REPO, "http://127.0.0.1:8000/", "2025-12-01")


@pytest.fixture(scope="module")
def records(files) -> dict[str, list[dict]]:
    return json.loads(files["downloads/records.tr.json"])


def test_every_checked_record_carries_its_basis_in_the_download(records):
    checked = [r for family in CHECKED for r in records[family]]
    assert len(checked) == 95
    for r in checked:
        assert r["basis"] in {"article", "confirmed", "corrected"}, r["id"]
        assert isinstance(r["basis_sources"], list), r["id"]
        assert bool(r["basis_sources"]) == (r["basis"] != "article"), r["id"]
    for family in ("memberships", "glossary", "notes"):
        assert all("basis" not in r for r in records[family])


def test_at_least_half_are_confirmed_or_corrected(records):
    checked = [r for family in CHECKED for r in records[family]]
    assert sum(r["basis"] != "article" for r in checked) * 2 >= len(checked)


def test_the_csv_carries_the_basis(files, records):
    import csv
    import io
    rows = {(row["family"], row["id"]): row
            for row in csv.DictReader(io.StringIO(files["downloads/records.tr.csv"].decode("utf-8")))}
    for family in CHECKED:
        for r in records[family]:
            assert rows[family, r["id"]]["basis"] == r["basis"]
            assert rows[family, r["id"]]["basis_sources"].split() == r["basis_sources"]


def _basis_paragraph(page: str) -> str:
    found = re.findall(r"^(\*\*[^*]+:\*\* .*)\n\{: #basis \.basis-(\w+) \}$", page, re.M)
    assert len(found) == 1, "one basis paragraph per record page"
    return found[0]


def _anchors(page: str) -> set[str]:
    return set(re.findall(r"\{ #([\w:-]+) \}", page))


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_each_record_page_shows_the_basis_of_the_download(files, records, lang):
    L = LABELS[lang]
    for family in CHECKED:
        for r in records[family]:
            path = f"{family}/{r['id']}.{lang}.md"
            text, css = _basis_paragraph(files[path].decode("utf-8"))
            assert css == r["basis"], path
            assert text.startswith(f"**{L['basis']}:** {L['basis_' + r['basis']]}. "), path
            linked = []
            for href in re.findall(r"\]\(([^ )]+) \"", text):
                target, _, anchor = href.partition("#")
                bib = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)).replace(".md", f".{lang}.md")
                assert anchor in _anchors(files[bib].decode("utf-8")), f"{path}: {href} does not resolve"
                assert posixpath.basename(bib).startswith("bibliography"), f"{path}: {href}"
                linked.append(anchor)
            assert linked == r["basis_sources"], path


def test_every_basis_source_is_a_consulted_public_record_source():
    """Independent sources come after the bibliography's public-record line, with an address and a date."""
    bib = (REPO / "sources" / "references.bib").read_text(encoding="utf-8")
    public = bib.split("% Public-record sources the site consulted", 1)[1]
    site = load_site(REPO)
    for family in CHECKED:
        for r in site.records[family].values():
            for key in r.basis_sources:
                entry = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)\n\}", public, re.S)
                assert entry, f"{r.id}: '{key}' is not among the public-record sources"
                assert re.search(r"^\s*url\s*=", entry[1], re.M) and re.search(r"^\s*urldate\s*=", entry[1], re.M), key


def _refused(project: Path, record: str) -> list[str]:
    with_record(project, record)
    result = cli(project, "check")
    assert result.returncode == 1
    return result.stderr.strip().splitlines()


BAD = {
    "no basis": (VALID.replace("  basis: article\n", ""), "content/summits.yaml:1:3: missing required key 'basis'"),
    "unknown basis": (VALID.replace("basis: article", "basis: checked"),
                      "content/summits.yaml:9:10: 'basis': 'checked' is not one of: 'article', 'confirmed' or 'corrected'"),
    "article with sources": (VALID + "  basis_sources: [jamestown1997]\n",
                             "content/summits.yaml:10:18: basis 'article' takes no basis_sources: the record rests on "
                             "the article alone (with an independent source, the basis is 'confirmed' or 'corrected')"),
    "confirmed without sources": (VALID.replace("basis: article", "basis: confirmed"),
                                  "content/summits.yaml:9:10: basis 'confirmed' needs at least one independent "
                                  "source in basis_sources"),
    "unknown key": (VALID.replace("basis: article", "basis: confirmed\n  basis_sources: [jamestown1979]"),
                    "content/summits.yaml:10:19: unknown citation key 'jamestown1979' (did you mean 'jamestown1997'?)"),
    "key with @": (VALID.replace("basis: article", "basis: confirmed\n  basis_sources: ['@jamestown1997']"),
                   "content/summits.yaml:10:19: 'basis_sources': '@jamestown1997' is not a valid citation key "
                   "(write the key without \"@\")"),
    "the article": (VALID.replace("basis: article", "basis: confirmed\n  basis_sources: [ozdasli-article]"),
                    "content/summits.yaml:10:19: 'ozdasli-article' is the article itself, not an independent source"),
    "not in sources": (VALID.replace("basis: article", "basis: confirmed\n  basis_sources: [jamestown1997]"),
                       "content/summits.yaml:10:19: basis source 'jamestown1997' is not among the record's sources "
                       "(cite it where the fact stands and list \"@jamestown1997\" in sources)"),
    "corrected without a note": (
        VALID.replace('en: "Summary [@ozdasli-article]"', 'en: "Summary [@ozdasli-article; @jamestown1997]"')
        .replace('tr: "Özet [@ozdasli-article]"', 'tr: "Özet [@ozdasli-article; @jamestown1997]"')
        .replace('sources: ["@ozdasli-article"]', 'sources: ["@ozdasli-article", "@jamestown1997"]')
        .replace("basis: article", "basis: corrected\n  basis_sources: [jamestown1997]"),
        "content/summits.yaml:9:10: basis 'corrected' needs a source note in notes that keeps the article's "
        "version (a note citing @ozdasli-article)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_basis_is_refused_at_its_place(project: Path, case: str):
    record, message = BAD[case]
    assert _refused(project, record) == [message]


def test_a_correction_with_its_note_and_source_is_accepted(project: Path):
    good = BAD["corrected without a note"][0] + "  notes: [minsk-cochairs-1997]\n"
    with_record(project, good)
    assert cli(project, "check").returncode == 0


def test_a_renamed_organization_shows_when_it_took_its_name_not_a_founding(files):
    """The OTS was not founded in 2021: the Turkic Council (founded 2009) took that name (blind review, 2026-12-05)."""
    for lang, renamed, founded in (("tr", "| Bu adı aldığı tarih | 12 Kasım 2021 |", "| Kuruluş |"),
                                   ("en", "| Took this name | 12 November 2021 |", "| Founded |")):
        ots = files[f"organizations/ots.{lang}.md"].decode("utf-8")
        assert renamed in ots and founded not in ots
        council = files[f"organizations/turkic-council.{lang}.md"].decode("utf-8")
        assert founded in council
