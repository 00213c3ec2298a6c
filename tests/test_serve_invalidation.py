"""Under `mkdocs serve` nothing stale is shown: an edit of any input file changes what decides a rebuild
(the generator's input fingerprint: content/, sources/, templates/) and an edit of the theme override or
mkdocs.yml changes what every page's reuse depends on (the site signature)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from turkic_integration_site.mkdocs.serve_cache import site_signature
from turkic_integration_site.pages.build import input_fingerprint

INPUTS = sorted(p for folder in ("content", "sources", "templates") for p in (REPO / folder).rglob("*") if p.is_file())
THEME = REPO / "templates" / "theme"


def edited(path: Path):
    """The file with one byte more, restored afterwards."""
    original = path.read_bytes()
    path.write_bytes(original + b"\n")
    return original


def test_there_are_inputs_of_every_kind():
    kinds = {p.relative_to(REPO).parts[0] for p in INPUTS} | {p.suffix for p in INPUTS}
    assert {"content", "sources", "templates", ".yaml", ".md", ".bib", ".j2", ".html", ".js", ".css"} <= kinds


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for path in INPUTS + [REPO / "mkdocs.yml"]:
        target = tmp_path / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return tmp_path


def test_an_edit_of_any_input_changes_the_fingerprint(copy: Path):
    before = input_fingerprint(copy, "http://127.0.0.1:8000/")
    unchanged = []
    for path in INPUTS:
        target = copy / path.relative_to(REPO)
        original = edited(target)
        if input_fingerprint(copy, "http://127.0.0.1:8000/") == before:
            unchanged.append(str(path.relative_to(REPO)))
        target.write_bytes(original)
    assert unchanged == []


def test_an_edit_of_the_theme_or_mkdocs_yml_changes_every_pages_signature(copy: Path):
    theme, config = copy / "templates" / "theme", copy / "mkdocs.yml"
    before = site_signature("pages", str(config), str(theme))
    unchanged = []
    for path in [config, *sorted(p for p in theme.rglob("*") if p.is_file())]:
        original = edited(path)
        if site_signature("pages", str(config), str(theme)) == before:
            unchanged.append(path.name)
        path.write_bytes(original)
    assert unchanged == []
    assert site_signature("other pages", str(config), str(theme)) != before


def test_under_serve_the_site_folder_is_written_over_and_what_a_rebuild_did_not_write_is_deleted(tmp_path, monkeypatch):
    from mkdocs import utils
    from turkic_integration_site.mkdocs.site_folder import KeptSiteFolder

    monkeypatch.setattr(utils, "clean_directory", utils.clean_directory)  # put back after the test
    site, other = tmp_path / "site", tmp_path / "other"
    for path in ("index.html", "a/index.html", "a/b/index.html", "en/a/index.html", ".hidden/x", "old/deep/x.html"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("before")
    (other / "x").mkdir(parents=True)
    folder = KeptSiteFolder()
    folder.sweep()  # before `mkdocs serve` has built once: nothing to do
    assert (site / "old" / "deep" / "x.html").exists()
    folder.keep(str(site))
    utils.clean_directory(str(site))  # MkDocs, before the first language's build
    utils.clean_directory(str(site / "en"))  # mkdocs-static-i18n, before the next language's
    utils.clean_directory(str(other))  # any other folder is emptied as MkDocs does
    assert (site / "a" / "b" / "index.html").read_text() == "before" and not (other / "x").exists()
    for path in ("index.html", "a/index.html", "en/a/index.html"):  # what this build writes
        (site / path).write_text("after")
    folder.sweep()
    kept = sorted(str(p.relative_to(site)) for p in site.rglob("*"))
    assert kept == [".hidden", ".hidden/x", "a", "a/index.html", "en", "en/a", "en/a/index.html", "index.html"]


def test_under_serve_a_folder_left_to_another_writer_is_neither_marked_nor_swept(tmp_path, monkeypatch):
    from mkdocs import utils
    from turkic_integration_site.mkdocs.site_folder import UNWRITTEN, KeptSiteFolder

    monkeypatch.setattr(utils, "clean_directory", utils.clean_directory)  # put back after the test
    site = tmp_path / "site"
    for path in ("index.html", "search/en/w.json", "old/index.html"):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text("before")
    folder = KeptSiteFolder()
    folder.keep(str(site), leave=("search",))
    utils.clean_directory(str(site))
    assert (site / "search" / "en" / "w.json").stat().st_mtime_ns != UNWRITTEN
    (site / "index.html").write_text("after")
    folder.sweep()
    kept = sorted(str(p.relative_to(site)) for p in site.rglob("*"))
    assert kept == ["index.html", "search", "search/en", "search/en/w.json"]


def _page_inputs(root: Path) -> dict[tuple[str, str], str]:
    """Each generated page's inputs digest under `mkdocs serve` (pages/inputs.py), by language and path."""
    from turkic_integration_site.content.load import load_site
    from turkic_integration_site.content.model import LANGS
    from turkic_integration_site.pages.build import read_geo
    from turkic_integration_site.pages.inputs import PageInputs
    from turkic_integration_site.pages.plan import SitePlan
    from turkic_integration_site.pages.render import Renderer

    site = load_site(root)
    renderer = Renderer(site, root / "templates", "http://127.0.0.1:8000/", "2026-12-01")
    plan = SitePlan(site, root / "templates", renderer.labels, read_geo(root))
    renderer.env.globals.update(plan.template_globals())
    inputs = PageInputs(root, plan, renderer.env, "settings")
    return {(lang, p.path): inputs.of(p, plan.source_of(p, lang)) for lang in LANGS for p in plan.pages(lang)}


def _changed(before: dict, after: dict) -> set[str]:
    assert before.keys() == after.keys()
    return {path for (_, path), digest in after.items() if before[_, path] != digest}


def test_a_pages_inputs_follow_what_it_shows(copy: Path):
    import yaml

    before = _page_inputs(copy)
    summits = {path for _, path in before if path.startswith("summits/") and path != "summits/index.md"}
    template = copy / "templates" / "summit.md.j2"
    original = edited(template)
    assert _changed(before, _page_inputs(copy)) == summits, "a record template: its own pages, no others"
    template.write_bytes(original)
    base = copy / "templates" / "base.md.j2"
    original = edited(base)
    assert _changed(before, _page_inputs(copy)) == {path for _, path in before}, "a template every page extends"
    base.write_bytes(original)

    records = copy / "content" / "summits.yaml"
    original = records.read_bytes()
    data = yaml.safe_load(original)
    istanbul = next(r for r in data if r["id"] == "2021-istanbul")
    istanbul["summary"]["en"] += " Edited."
    records.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    changed = _changed(before, _page_inputs(copy))
    assert "summits/2021-istanbul.md" in changed
    assert all(path.count("/") == 1 and not path.endswith("/index.md") for path in changed), \
        f"a summary shows on record pages only: {sorted(changed)}"
    istanbul["title"]["en"] += " Edited"
    records.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert {"timeline.md", "summits/index.md"} <= _changed(before, _page_inputs(copy)), "a title shows on lists"
    records.write_bytes(original)

    prose = copy / "content" / "pages" / "effects" / "en.md"
    original = edited(prose)
    changed = _changed(before, _page_inputs(copy))
    assert changed == {"effects.md", "argument.md"}, "prose: its own page and the whole argument, no others"
    prose.write_bytes(original)


def test_under_serve_the_content_is_loaded_again_only_when_content_or_sources_change(copy: Path):
    from turkic_integration_site.pages.build import Reuse

    reuse = Reuse()
    site, downloads = reuse.loaded(copy)
    edited(copy / "templates" / "summit.md.j2")
    assert reuse.loaded(copy)[0] is site, "a template edit loads nothing"
    for path in (copy / "content" / "summits.yaml", copy / "sources" / "references.bib"):
        original = edited(path)
        again, again_downloads = reuse.loaded(copy)
        assert again is not site and again_downloads == downloads, path.name  # loaded anew, the same downloads
        site = again
        path.write_bytes(original)
