"""Every kind of bad input is refused with one located message, exit 1, no traceback, nothing written."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import cli, copy_project, mkdocs_build

VALID = """\
- id: test-summit
  date: 2021-11-12
  title: {tr: Deneme zirvesi, en: Test summit}
  series: ots
  summary: {tr: "Özet [@ozdasli-article]", en: "Summary [@ozdasli-article]"}
  significance: {tr: Anlam, en: Meaning}
  sections: [effects]
  sources: ["@ozdasli-article"]
  basis: article
"""


def with_record(project: Path, record: str) -> None:
    path = project / "content" / "summits.yaml"
    path.write_text(record + path.read_text(encoding="utf-8"), encoding="utf-8")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


CASES = {
    "yaml syntax": (
        VALID.replace("  series: ots\n", "  series: [ots\n"),
        "content/summits.yaml:5:10: YAML syntax: while parsing a flow sequence (line 4): "
        "did not find expected ',' or ']'",
    ),
    "unknown key": (
        VALID.replace("  series: ots\n", "  series: ots\n  colour: red\n"),
        "content/summits.yaml:5:3: unknown key 'colour'",
    ),
    "misspelt key": (
        VALID.replace("  series: ots\n", "  series: ots\n  summmary: {tr: a, en: b}\n"),
        "content/summits.yaml:5:3: unknown key 'summmary' (did you mean 'summary'?)",
    ),
    "wrong type": (
        VALID.replace("  series: ots\n", "  series: ots\n  number: eight\n"),
        "content/summits.yaml:5:11: 'number': input should be a valid integer, unable to parse string as an integer",
    ),
    "missing en text": (
        VALID.replace("{tr: Deneme zirvesi, en: Test summit}", "{tr: Deneme zirvesi}"),
        "content/summits.yaml:3:10: missing 'en' text",
    ),
    "duplicate id": (
        VALID.replace("id: test-summit", "id: 1992-ankara"),
        None,  # the message names the second place; checked below
    ),
    "unknown reference": (
        VALID.replace("  series: ots\n", "  series: ots\n  host: kazakstan\n"),
        "content/summits.yaml:5:9: unknown state 'kazakstan' (did you mean 'kazakhstan'?)",
    ),
    "unknown section": (
        VALID.replace("sections: [effects]", "sections: [efects]"),
        "content/summits.yaml:7:14: unknown section 'efects' (did you mean 'effects'?)",
    ),
    "unknown citation key": (
        VALID.replace('sources: ["@ozdasli-article"]', 'sources: ["@haas1962, s. 366"]'),
        "content/summits.yaml:8:13: unknown citation key 'haas1962' (did you mean 'haas1961'?)",
    ),
    "unknown citation key in text": (
        VALID.replace('en: "Summary [@ozdasli-article]"', 'en: "Summary [@nosuchsource]"'),
        "content/summits.yaml:5:57: unknown citation key 'nosuchsource'",
    ),
    "impossible date": (
        VALID.replace("date: 2021-11-12", "date: 2021-02-30"),
        "content/summits.yaml:2:9: 'date': impossible date '2021-02-30'",
    ),
    "range ending before it starts": (
        VALID.replace("date: 2021-11-12", "date: 2021-11-12/2021-11-10"),
        "content/summits.yaml:2:9: 'date': range '2021-11-12/2021-11-10' ends before it starts",
    ),
    "not a date": (
        VALID.replace("date: 2021-11-12", "date: 12.11.2021"),
        "content/summits.yaml:2:9: 'date': '12.11.2021' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A project whose docs/ a good build has written: each case starts from a copy of it."""
    root = copy_project(tmp_path_factory.mktemp("generated") / "project")
    assert cli(root, "build").returncode == 0
    return root


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_is_refused_with_located_message(generated: Path, tmp_path: Path, case: str):
    record, expected = CASES[case]
    project = Path(shutil.copytree(generated, tmp_path / "project"))
    before = tree_digest(project / "docs")
    with_record(project, record)

    for command in ("check", "build"):
        result = cli(project, command)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        if expected is None:  # duplicate id: the record already in the file is the second one now
            assert len(lines) == 1
            assert lines[0].startswith("content/summits.yaml:")
            assert lines[0].endswith(": duplicate id '1992-ankara' (first used at content/summits.yaml:1)")
        else:
            assert lines == [expected]
    assert tree_digest(project / "docs") == before


def test_malformed_bibtex_entry_is_located(project: Path):
    bib = project / "sources" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    bib.write_text(text + "\n@misc{broken,\n  author = {Someone},\n  year = 2020 2021\n}\n", encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [message] = result.stderr.strip().splitlines()
    assert message == f"sources/references.bib:{line + 2}:15: BibTeX syntax: '}}' expected"


def test_bib_entry_without_required_fields(project: Path):
    bib = project / "sources" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    bib.write_text(text + "\n@misc{bare2020,\n  year = {2020}\n}\n", encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"sources/references.bib:{line}:1: entry 'bare2020' lacks intext, complete, author or title")


def test_all_problems_are_reported_at_once(project: Path):
    with_record(project, VALID.replace("date: 2021-11-12", "date: 2021-13-01").replace("colour", "x")
                + VALID.replace("test-summit", "test-two").replace("  series: ots\n", "  series: otz\n"))
    result = cli(project, "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "content/summits.yaml:2:9: 'date': impossible date '2021-13-01'",
        "content/summits.yaml:13:11: 'series': 'otz' is not one of: 'turkic-speaking-states', 'turkic-council', "
        "'ots', 'ots-informal', 'security-councils', 'ministerial' or 'other'",
    ]


def test_mkdocs_build_refuses_bad_input_and_keeps_previous_site(project: Path, built: Path):
    for folder in ("docs", "site"):  # the previous build: the session's strict one
        shutil.rmtree(project / folder, ignore_errors=True)
        shutil.copytree(built / folder, project / folder)
    docs_before, site_before = tree_digest(project / "docs"), tree_digest(project / "site")
    with_record(project, CASES["unknown reference"][0])

    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert CASES["unknown reference"][1] in result.stderr
    assert tree_digest(project / "docs") == docs_before
    assert tree_digest(project / "site") == site_before


def test_prose_links_and_citations_are_checked_to_the_character(project: Path):
    prose = project / "content" / "pages" / "war" / "en.md"
    prose.write_text("## Heading\n\nSee [the summit](record:2021-istanbull) and [@haas1691, s. 3].\n"
                     + prose.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "content/pages/war/en.md:3:18: unknown record '2021-istanbull'",
        "content/pages/war/en.md:3:45: unknown citation key 'haas1691' (did you mean 'haas1961'?)",
    ]


def test_missing_translation_of_a_page_is_an_error(project: Path):
    (project / "content" / "pages" / "war" / "en.md").unlink()
    result = cli(project, "check")
    assert result.returncode == 1
    assert result.stderr.strip() == "content/pages/war:1:1: page 'war' lacks its en.md"


def test_bad_id_and_citation_forms(project: Path):
    with_record(project, VALID.replace("id: test-summit", "id: Test Summit")
                .replace('sources: ["@ozdasli-article"]', 'sources: ["ozdasli-article"]'))
    result = cli(project, "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "content/summits.yaml:1:7: 'id': 'Test Summit' is not a valid id (lowercase letters, digits and hyphens)",
        "content/summits.yaml:8:13: 'sources': 'ozdasli-article' is not a valid citation (write \"@key\" or \"@key, s. 12\")",
    ]


def test_an_id_used_by_another_family_is_refused(project: Path):
    """Ids are unique across all record files: a treaty may not take a summit's id (both would be /1992-ankara/)."""
    treaties = project / "content" / "treaties.yaml"
    text = treaties.read_text(encoding="utf-8")
    first_record = text.split("\n\n", 1)[0]  # a valid treaty, copied under the summit's id
    treaties.write_text(first_record.replace("- id: 1834-zollverein", "- id: 1992-ankara", 1) + "\n\n" + text,
                        encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1
    summit_line = next(i for i, line in enumerate((project / "content" / "summits.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if line == "- id: 1992-ankara")
    assert result.stderr.strip().splitlines() == [
        f"content/treaties.yaml:1:7: duplicate id '1992-ankara' (first used at content/summits.yaml:{summit_line})"]
