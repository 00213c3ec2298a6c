"""Publishing: addresses (canonical, hreflang, sitemap, robots), versions, authorship, source links."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import REPO, cli, copy_project, run
from turkic_integration_site import __version__
from turkic_integration_site.citations.cite_page import page_citation
from turkic_integration_site.common.publication import Editor, Publication
from turkic_integration_site.pages.render import load_labels

ROOT = "https://example.org/turkic/"
LATEST, VERSIONED = ROOT + "latest/", ROOT + "0.2/"
REPOSITORY = "https://github.com/example/turkic-integration-site"
SHA = "0123456789abcdef0123456789abcdef01234567"
EDITORS = "      editors:\n        - name: \"Yılmaz, Ayşe Nur\"\n          orcid: 0000-0002-1825-0097\n" \
          "        - name: \"Smith, John\"\n"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The site as the workflow builds one release: a real address, version 0.2 (as mike sets it), two editors."""
    root = copy_project(tmp_path_factory.mktemp("published") / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("      editors: []\n", EDITORS), encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = run([str(mkdocs), "build", "--strict"], cwd=root, SITE_URL=ROOT, MIKE_DOCS_VERSION="0.2",
                 REPOSITORY_URL=REPOSITORY, GITHUB_SHA=SHA)
    assert result.returncode == 0, result.stderr
    return root / "site"


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def links(html: str, rel: str) -> dict[str, str]:
    found = re.findall(rf'<link rel="{rel}" href="([^"]+)"(?: hreflang="([^"]+)")?>', html)
    return {lang or rel: href for href, lang in found}


@pytest.mark.parametrize("path, tr_path", [("", ""), ("summits/2021-istanbul", "summits/2021-istanbul/"),
                                           ("en/summits/2021-istanbul", "summits/2021-istanbul/"), ("en", "")])
def test_canonical_and_absolute_hreflang_alternates(published: Path, path: str, tr_path: str):
    html = html_of(published, path)
    url_path = (path + "/") if path else ""
    assert links(html, "canonical") == {"canonical": LATEST + url_path}
    assert links(html, "alternate") == {"tr": LATEST + tr_path, "en": LATEST + "en/" + tr_path,
                                        "x-default": LATEST + tr_path}


def test_every_page_has_canonical_and_three_alternates(built: Path):
    site = built / "site"
    for page in site.rglob("index.html"):
        if page.relative_to(site).parts[0] in ("assets", "search"):
            continue
        html = page.read_text(encoding="utf-8")
        rel = page.parent.relative_to(site).as_posix()
        assert links(html, "canonical")["canonical"] == "http://127.0.0.1:8000/" + ("" if rel == "." else rel + "/")
        alternates = links(html, "alternate")
        assert set(alternates) == {"tr", "en", "x-default"}, rel
        assert all(href.startswith("http://127.0.0.1:8000/") for href in alternates.values()), rel


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_sitemap_lists_every_page_with_its_twin(published: Path):
    tree = ET.parse(published / "sitemap.xml")
    urls = {u.find(f"{SITEMAP}loc").text: {a.get("hreflang"): a.get("href") for a in u.findall(f"{XHTML}link")}
            for u in tree.getroot()}
    pages = [p for p in published.rglob("index.html") if p.relative_to(published).parts[0] not in ("assets", "search")]
    assert len(urls) == len(pages) > 200
    for page in pages:
        rel = page.parent.relative_to(published).as_posix()
        url = LATEST + ("" if rel == "." else rel + "/")
        assert url in urls, url
        alternates = urls[url]
        assert set(alternates) == {"tr", "en", "x-default"}
        assert url in (alternates["tr"], alternates["en"])
        twin = alternates["en"] if url == alternates["tr"] else alternates["tr"]
        assert (published / twin.removeprefix(LATEST) / "index.html").exists(), twin
    english = ET.parse(published / "en" / "sitemap.xml").getroot()
    assert {u.find(f"{SITEMAP}loc").text for u in english} == {u for u in urls if u.startswith(LATEST + "en/")}


def test_robots_names_the_sitemap(published: Path):
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {LATEST}sitemap.xml" in robots.splitlines()


def test_version_stamp_in_footer_and_cite_block(published: Path):
    for path, words in (("summits/2021-istanbul", ("Sürüm 0.2.0", "git kaydı", "1 Aralık 2025")),
                        ("en/summits/2021-istanbul", ("Version 0.2.0", "commit", "1 December 2025"))):
        html = html_of(published, path)
        footer = html.split('class="md-copyright"', 1)[1]
        for word in (*words, SHA[:12]):
            assert word in footer, (path, word)
        cite = html.split("<summary>", 1)[1].split("</details>", 1)[0]
        assert LATEST + path + "/" in cite
        assert VERSIONED + path + "/" in cite
        assert ("0.2 sürümündeki hâli" if path[:2] != "en" else "As of version 0.2") in cite
        assert SHA[:12] in cite


def test_editors_are_named_once_and_used_everywhere(published: Path, built: Path):
    html = html_of(published, "en/summits/2021-istanbul")
    assert re.findall(r'<meta name="citation_author" content="([^"]+)">', html) == ["Yılmaz, Ayşe Nur", "Smith, John"]
    assert '<meta name="citation_author_orcid" content="https://orcid.org/0000-0002-1825-0097">' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld["author"] == [{"@type": "Person", "name": "Yılmaz, Ayşe Nur",
                             "identifier": "https://orcid.org/0000-0002-1825-0097"},
                            {"@type": "Person", "name": "Smith, John"}]
    cite = html.split("<summary>", 1)[1]
    assert "Yılmaz, A. N., &amp; Smith, J. (2025)" in cite
    assert "author = {Yılmaz, Ayşe Nur and Smith, John}" in cite
    assert "AU  - Yılmaz, Ayşe Nur" in cite and "AU  - Smith, John" in cite
    # by default the site itself is the author, as an organization (Zotero keeps it whole with a trailing comma)
    default = html_of(built / "site", "en/summits/2021-istanbul")
    assert '<meta name="citation_author" content="Turkic Integration and the Second Karabakh War,">' in default
    turkish = html_of(built / "site", "summits/2021-istanbul")
    assert '<meta name="citation_author" content="Türk Dünyası Bütünleşmesi ve İkinci Karabağ Savaşı,">' in turkish
    assert "editors" not in default.split("<summary>", 1)[1].split("</details>", 1)[0].lower()


def test_about_names_the_editors_and_links_the_issue_tracker(published: Path, built: Path):
    english, turkish = html_of(published, "en/about"), html_of(published, "about")
    assert ('This site is edited by <a href="https://orcid.org/0000-0002-1825-0097">Ayşe Nur Yılmaz</a> and John Smith.'
            in english)
    assert 'Bu sitenin editörleri: <a href="https://orcid.org/0000-0002-1825-0097">Ayşe Nur Yılmaz</a> ve John Smith.' in turkish
    for page in (english, turkish):
        assert f'<a href="{REPOSITORY}/issues">{REPOSITORY}/issues</a>' in page
    # without editors or a repository address: the site says so, and invents no address
    default = html_of(built / "site", "en/about")
    assert "The site does not name its editors" in default and "/issues" not in default
    assert "built without the address of its source repository" in default


def test_every_citation_format_names_the_editors():
    labels = load_labels(REPO / "templates" / "labels.yaml")["tr"]
    pub = Publication(editors=(Editor("Özdemir, Can"),), version="0.2.0", version_url=VERSIONED)
    cite = page_citation("Başlık", LATEST + "summits/x/", "tr", "2025-12-01", labels, pub)
    assert cite["apa"].startswith("Özdemir, C. (2025). Başlık (Sürüm 0.2).")
    assert cite["chicago"].startswith("Özdemir, Can. 2025. “Başlık.”")
    assert "author = {Özdemir, Can}" in cite["bibtex"] and "AU  - Özdemir, Can" in cite["ris"]
    assert cite["cited_url"] == VERSIONED + "summits/x/"
    org = page_citation("Title", LATEST, "en", "2025-12-01", load_labels(REPO / "templates" / "labels.yaml")["en"],
                        Publication(version="0.2.0"))
    assert org["apa"].startswith("Turkic Integration and the Second Karabakh War. (2025). Title (Version 0.2). Retrieved")
    assert org["chicago"].startswith("Turkic Integration and the Second Karabakh War. 2025. “Title.” ")
    assert "author = {{Turkic Integration and the Second Karabakh War}}" in org["bibtex"]


def test_record_pages_link_to_their_yaml_line(published: Path):
    records = yaml.safe_load((REPO / "content" / "summits.yaml").read_text(encoding="utf-8"))
    lines = (REPO / "content" / "summits.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if re.match(r"-\s+id:\s*2021-istanbul\s*$", text))
    assert any(r["id"] == "2021-istanbul" for r in records)
    for path in ("summits/2021-istanbul", "en/summits/2021-istanbul"):
        html = html_of(published, path)
        assert f'href="{REPOSITORY}/blob/{SHA[:12]}/content/summits.yaml#L{line}"' in html
    section = html_of(published, "en/war")
    assert f'href="{REPOSITORY}/blob/{SHA[:12]}/content/pages/war/en.md"' in section


@pytest.mark.parametrize("path, lang, title, home", [("404.html", "tr", "Sayfa bulunamadı", "Ana sayfaya dön"),
                                                     ("en/404.html", "en", "Page not found", "Back to the home page")])
def test_not_found_pages_in_both_languages(built: Path, path: str, lang: str, title: str, home: str):
    html = (built / "site" / path).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert f"<h1>{title}</h1>" in html
    header = html.split('<header class="md-header', 1)[1].split("</header>", 1)[0]
    assert re.search(r'<input[^>]*type="(?:text|search)"', header), "no search box in the header"
    assert re.search(rf'<a href="[^"]+">{home}</a>', html)
    assert '<meta name="robots" content="noindex">' in html


def test_changelog_page_in_both_languages_from_one_file(built: Path):
    releases = yaml.safe_load((REPO / "content" / "changelog.yaml").read_text(encoding="utf-8"))
    assert releases[0]["version"] == __version__
    for path, word in (("changelog", "Sürüm"), ("en/changelog", "Version")):
        html = html_of(built / "site", path)
        headings = re.findall(r'<h2 id="v[\d-]+">(.*?)<a', html)
        assert [h.split(" · ")[0] for h in headings] == [f"{word} {r['version']}" for r in releases]
        lang = "en" if path.startswith("en") else "tr"
        for release in releases:
            for change in release["changes"]:
                assert change["text"][lang].replace("'", "&#39;") in html.replace("’", "'") or \
                    change["text"][lang] in html, change["text"][lang]
    assert "25 Kasım 2026" in html_of(built / "site", "changelog")
    assert "25 November 2026" in html_of(built / "site", "en/changelog")


def test_changelog_is_validated_like_other_content(project: Path):
    path = project / "content" / "changelog.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("- version: 0.2.0", "- version: 0.9.0", 1).replace(
        "pages: [changelog, argument]", "pages: [changelog, argumnt]\n      records: [2021-istanbull]", 1)
    path.write_text(text, encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1
    lines = text.splitlines()
    version_line = next(i for i, line in enumerate(lines, 1) if "0.9.0" in line)
    assert f"content/changelog.yaml:{version_line}:12: the newest release is '0.9.0'" in result.stderr
    assert "unknown page 'argumnt'" in result.stderr
    assert "unknown record '2021-istanbull' (did you mean '2021-istanbul'?)" in result.stderr
    assert "Traceback" not in result.stderr


def _headings(site: Path, lang_prefix: str) -> list[str]:
    html = (site / lang_prefix / "argument" / "index.html").read_text(encoding="utf-8")
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<h2 id="[^"]+">(.*?)<a class="headerlink"', html)]


@pytest.mark.parametrize("prefix, first, last", [("", "Ana sayfa", ["Argüman haritası", "Kaynakça"]),
                                                 ("en", "Home", ["Argument map", "Bibliography"])])
def test_whole_argument_on_one_page_in_reading_order(built: Path, prefix: str, first: str, last: list[str]):
    site = built / "site"
    headings = _headings(site, prefix)
    pages = ("summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")
    titles = [yaml.safe_load((REPO / "content" / "pages" / p / "page.yaml").read_text(encoding="utf-8"))["title"]
              [prefix or "tr"] for p in pages]
    assert headings == [first, *titles, *last]
    html = (site / prefix / "argument" / "index.html").read_text(encoding="utf-8")
    html = html.split("<article", 1)[1].split("</article>", 1)[0]
    # links between the gathered pages and to the bibliography stay on this page
    for target in ("#summary", "#war", "#ozdasli-article"):
        assert f'href="{target}"' in html, target
    assert 'href="../war/"' not in html and 'href="../bibliography/' not in html


@pytest.mark.parametrize("prefix", ["", "en"])
def test_pdf_of_the_whole_argument_holds_every_heading_and_working_links(built: Path, prefix: str):
    from pypdf import PdfReader
    site = built / "site"
    reader = PdfReader(site / prefix / "downloads" / "argument.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for heading in _headings(site, prefix):
        assert " ".join(heading.split()) in text, heading
    internal, external = 0, set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if link.get("/Subtype") != "/Link":
                continue
            action = link.get("/A")
            if action is not None and "/URI" in action:
                external.add(action["/URI"])
            elif "/Dest" in link or (action is not None and "/D" in action):
                internal += 1
    assert internal > 50  # citations and links between sections jump inside the PDF
    base = "http://127.0.0.1:8000/" + (f"{prefix}/" if prefix else "")
    assert base + "summits/2021-istanbul/" in external  # record links lead to the site
    # linked from the downloads page and from every cite block
    for path in ("downloads", "summits/2021-istanbul"):
        html = (site / prefix / path / "index.html").read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]+argument\.pdf)" download(?:="")?>', html).group(1)
        assert (site / prefix / path / href).resolve() == (site / prefix / "downloads" / "argument.pdf").resolve()
