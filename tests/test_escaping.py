"""Text from data stays text in every HTML context: a title full of quotes and angle brackets reaches
<title>, the meta tags, the JSON-LD and the navigation as written, and never as markup."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import mkdocs_build

# Everything that breaks out of an attribute, an element or a script, in one title.
HOSTILE = """Probe" onmouseover="alert(1)" 'x' <b>&amp; & </title><script>alert(2)</script>"""


class PageReader(HTMLParser):
    """What a reference manager reads from a page: meta tags by name, <title>, JSON-LD; and every tag seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self.json_ld: list[str] = []
        self.scripts: list[str] = []  # the text of every script element
        self.text = ""  # all text outside scripts
        self.tags: list[tuple[str, dict]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "meta" and "name" in attributes:
            self.meta.setdefault(attributes["name"], []).append(attributes.get("content"))
        if tag in ("title", "script"):
            self._in = tag
        if tag == "script":
            self.scripts.append("")
            self._json_ld = attributes.get("type") == "application/ld+json"
            if self._json_ld:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        if self._in == "script":
            self.scripts[-1] += data
            if self._json_ld:
                self.json_ld[-1] += data
        else:
            self.text += data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from conftest import copy_project
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    summits = root / "content" / "summits.yaml"
    title = json.dumps(HOSTILE)  # a JSON string is a valid YAML double-quoted scalar
    summits.write_text(
        "- id: probe-summit\n  date: 2021-11-12\n"
        f"  title: {{tr: {title}, en: {title}}}\n"
        "  series: ots\n  summary: {tr: Özet, en: Summary}\n  significance: {tr: Anlam, en: Meaning}\n"
        '  sections: [effects]\n  sources: ["@ozdasli-article"]\n  basis: article\n' + summits.read_text(encoding="utf-8"),
        encoding="utf-8")
    page = root / "content" / "pages" / "war" / "page.yaml"  # a page in the navigation, too
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('en: "2. The Second Karabakh War"', f"en: {title}"), encoding="utf-8")
    assert text != page.read_text(encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def read(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


@pytest.mark.parametrize("page", ["summits/probe-summit/index.html", "en/summits/probe-summit/index.html",
                                  "en/war/index.html"])
def test_hostile_title_reaches_every_metadata_field_as_written(hostile_site: Path, page: str):
    reader = read(hostile_site / page)
    # What Zotero's Embedded Metadata translator reads: the content attributes, decoded.
    for name in ("citation_title", "DC.title"):
        assert reader.meta[name] == [HOSTILE], name
    assert reader.title.startswith(HOSTILE + " - ")
    assert reader.meta["description"][0].startswith(HOSTILE)
    [ld] = reader.json_ld
    assert json.loads(ld)["name"] == HOSTILE
    assert_only_text(reader)


def assert_only_text(reader: PageReader) -> None:
    """Nothing of the title became markup: no handler attribute, no script running its code."""
    assert not [(t, a) for t, a in reader.tags if any(k.startswith("on") for k in a)]
    assert not [s for s in reader.scripts if "alert(" in s and s not in reader.json_ld]
    assert not [t for t, _ in reader.tags if t == "b"]


def test_hostile_title_in_navigation_and_links_is_text(hostile_site: Path):
    reader = read(hostile_site / "en" / "index.html")  # the walk-through pages in the navigation
    assert HOSTILE in reader.text
    assert_only_text(reader)
    reader = read(hostile_site / "en" / "summits" / "index.html")  # the list of summits
    assert HOSTILE in reader.text
    assert_only_text(reader)
