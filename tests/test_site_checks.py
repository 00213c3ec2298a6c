"""The whole built site: the Nu HTML Checker finds no error on any page, and every internal link and
anchor leads somewhere (HTML read with a parser)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

from conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"  # installed by `make test` (npm ci)
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default, used by the test build


def nu_errors(pages: list[str]) -> list[str]:
    """The Nu HTML Checker's errors on these files; a run that fails to report is itself an error."""
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML Checker (make test installs default-jre-headless)"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode in (0, 1), result.stderr[:2000]  # 1: errors found; anything else: vnu failed
    messages = json.loads(result.stderr)["messages"]
    assert (result.returncode == 1) == any(m.get("type") in ("error", "non-document-error") for m in messages)
    return [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages
            if m.get("type") in ("error", "non-document-error")]


def test_nu_html_checker_finds_no_error(built: Path):
    pages = sorted(str(p) for p in (built / "site").rglob("*.html"))
    assert len(pages) > 200
    errors = nu_errors(pages)
    assert errors == [], "\n".join(errors[:50])


def test_nu_html_checker_reports_a_planted_error(tmp_path: Path):
    """Control: a page with an attribute HTML does not allow is reported."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="tr"><head><title>x</title></head>'
                    '<body><input type="checkbox" autocomplete="off"><p tabindex="">x</p></body></html>',
                    encoding="utf-8")
    assert len(nu_errors([str(page)])) >= 2


class Anchors(HTMLParser):
    """The ids a page offers and the links it makes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for name in ("href", "src"):
            if tag in ("a", "link", "script", "img", "source", "iframe") and attributes.get(name):
                self.links.append(attributes[name])


def read(page: Path) -> Anchors:
    reader = Anchors()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


def target_file(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link leads to; None for a link that leaves the site or is data."""
    url, fragment = urldefrag(link)
    if url.startswith(SITE_URL):
        url = "/" + url.removeprefix(SITE_URL)
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc:
        return None  # mailto:, data:, https://elsewhere: not ours to check here
    if not url:
        return page, unquote(fragment)
    path = site / unquote(parsed.path).lstrip("/") if parsed.path.startswith("/") else page.parent / unquote(parsed.path)
    path = path.resolve()
    if path.is_dir() or parsed.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(fragment)


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(links checked, links that lead to no file or no anchor) over every page under `site`."""
    site = site.resolve()
    readers = {page: read(page) for page in sorted(site.rglob("*.html"))}
    broken, checked = [], 0
    for page, reader in readers.items():
        for link in reader.links:
            found = target_file(site, page, link)
            if found is None:
                continue
            checked += 1
            path, fragment = found
            if not path.exists() or not path.is_relative_to(site):
                broken.append(f"{page.relative_to(site)}: {link} (no such file)")
            elif fragment and path.suffix == ".html":
                ids = readers[path].ids if path in readers else read(path).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no anchor '{fragment}')")
    return checked, broken


def test_every_internal_link_and_anchor_resolves(built: Path):
    checked, broken = broken_links(built / "site")
    assert checked > 10_000
    assert broken == [], f"{len(broken)} broken link(s):\n" + "\n".join(broken[:50])


def test_link_check_finds_a_missing_page_and_anchor(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="#here">ok</a><a href="#gone">x</a>')
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">x</a><a href="mailto:x@y.z">ok</a>'
                                         f'<a href="{SITE_URL}a/#here">ok</a>')
    checked, broken = broken_links(tmp_path)
    assert checked == 5
    assert broken == ["a/index.html: #gone (no anchor 'gone')", "index.html: b/ (no such file)"]


SAFE_DATA = ("data:application/x-bibtex;", "data:application/x-research-info-systems;",  # "cite this page" files
             "data:application/vnd.citationstyles.csl+json;")


def test_no_link_or_source_uses_another_scheme(built: Path):
    """The last word on links: in the HTML as built, only http(s), mailto, the site's own and its citation files."""
    site = built / "site"
    refused = []
    for page in sorted(site.rglob("*.html")):
        for link in read(page).links:
            scheme = urlparse(link.strip()).scheme.lower()
            if scheme not in ("", "http", "https", "mailto") and not link.startswith(SAFE_DATA):
                refused.append(f"{page.relative_to(site)}: {link[:80]}")
    assert refused == []


def test_theme_repairs_edit_materials_templates_and_stop_when_material_changes_them():
    """Material's own templates get the three repairs as Jinja loads them; a Material that no longer has the
    text a repair expects stops the build with the template and the repair named."""
    import jinja2
    import material
    from turkic_integration_site.mkdocs.theme_repairs import REPAIRS, ThemeRepairs

    theme = jinja2.Environment(loader=ThemeRepairs(jinja2.FileSystemLoader(Path(material.__file__).parent / "templates")))
    for name, edits in REPAIRS.items():
        source = theme.loader.get_source(theme, name)[0]
        assert all(old not in source and new in source for old, new in edits), name

    changed = jinja2.Environment(loader=ThemeRepairs(jinja2.DictLoader({"partials/toc.html": "<label for=x>"})))
    try:
        changed.get_template("partials/toc.html")
    except jinja2.TemplateError as err:
        assert "partials/toc.html" in str(err) and "theme_repairs.py" in str(err)
    else:
        raise AssertionError("a changed Material template went through unrepaired")


def test_theme_files_installed_listed_once_overrides_every_build_hidden_folders_never(tmp_path: Path):
    """The installed theme's files are listed once per process; the project's overrides (custom_dir) on every
    build, wherever the installed theme lies (make setup puts it in the project's .venv); hidden folders never."""
    from turkic_integration_site.mkdocs.theme_files import ListedOnce

    installed, overrides = tmp_path / ".venv" / "theme", tmp_path / "overrides"
    for path in (installed / "assets" / "a.js", installed / ".icons" / "x.svg", overrides / "extra.css"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    loader = ListedOnce([str(overrides), str(installed)], str(overrides))
    assert loader.list_templates() == ["assets/a.js", "extra.css"]
    (installed / "late.js").write_text("x", encoding="utf-8")
    (overrides / "new.css").write_text("x", encoding="utf-8")
    assert loader.list_templates() == ["assets/a.js", "extra.css", "new.css"]
