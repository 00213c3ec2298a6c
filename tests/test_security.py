"""Text from data and prose never becomes script, markup of its own or a link off the web: the hostile-input
review's payloads (shared/reviews/2026-12-04-hostile.md, H1–H4, M1–M3, L1–L7) each end refused with a located
message or rendered harmlessly, and random Markdown-and-HTML soup through the real render path (Python-Markdown
with mkdocs.yml's extensions, then the page sanitizer) never yields a handler, a script or a foreign URL."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown as python_markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError
from pybtex.database import parse_string

from conftest import REPO, cli
from turkic_integration_site.citations.cite_page import page_citation
from turkic_integration_site.common.errors import ContentError
from turkic_integration_site.content.model import Term
from turkic_integration_site.mkdocs.config import checked_address
from turkic_integration_site.pages.abbreviations import Abbreviations
from turkic_integration_site.pages.build import render_files
from turkic_integration_site.pages.downloads import records_csv
from turkic_integration_site.pages.render import load_labels
from turkic_integration_site.publish.sanitize import sanitize

MKDOCS = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in MKDOCS["markdown_extensions"]]
SITE_SCHEMES = ("http://", "https://", "mailto:")
DOWNLOADS = ("data:application/x-bibtex;", "data:application/x-research-info-systems;",
             "data:application/vnd.citationstyles.csl+json;")
DANGEROUS = {"script", "style", "iframe", "object", "embed", "form", "input", "meta", "link", "base", "img"}


def render(text: str) -> str:
    """What a page's content becomes: MkDocs' Markdown (the site's extensions), then the sanitizer."""
    return sanitize(python_markdown.markdown(text, extensions=EXTENSIONS))


class Unsafe(HTMLParser):
    """Everything in an HTML fragment that could run, load from elsewhere or leave the web."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction", "http-equiv"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "xlink:href") and value is not None:
                url = "".join(value.split()).lower()
                if url.startswith("//") or url.startswith("\\\\") or (
                        ":" in url.split("/")[0].split("?")[0].split("#")[0]
                        and not url.startswith(SITE_SCHEMES + DOWNLOADS)):
                    self.found.append(f"{tag}[{name}={value}]")


PROSE_PAYLOADS = {  # H1, H2, H4, M2 of the review: Python-Markdown reads these as HTML, links or attributes
    "img with slash": "HOSTILE01 <img/src=x onerror=alert(101)> end.",
    "svg onload": "HOSTILE02 <svg/onload=alert(102)> son.",
    "escaped bracket img": "x \\<img src=x onerror=alert(131)> y",
    "input autofocus": "<input/autofocus/onfocus=alert(112)>",
    "stylesheet link": "<link/rel=stylesheet href=http://127.0.0.1:18931/b12.css>",
    "meta refresh": '<meta/http-equiv=refresh content="1;url=http://127.0.0.1:18931/x">',
    "reference definition after text": "HOSTILE04 [tıkla][x]\n[x]: javascript:alert(104)",
    "reference definition to data": "a [b][x]\n[x]: data:text/html;base64,PHNjcmlwdD4=",
    "attribute list on a heading": '## From the first war {: onclick="alert(103)" }',
    "attribute list on a paragraph": "para\n{: onmouseover=alert(1031) }",
    "attribute list on emphasis": "*word*{: onclick=alert(1032)}",
    "attribute list on a link": "[link](https://example.org){: onclick=alert(1033) }",
    "protocol-relative image": "![pixel](//127.0.0.1:18931/p.png)",
    "protocol-relative link": "[x](//127.0.0.1:18931/)",
    "script element": "<script>alert(1)</script>",
    "details ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "abbreviation with markup": "*[HTML]: <img src=x onerror=alert(1)>\n\nHTML",
}


@pytest.mark.parametrize("case", sorted(PROSE_PAYLOADS))
def test_prose_payloads_render_harmlessly(case: str):
    assert Unsafe(render(PROSE_PAYLOADS[case])).found == []


def test_the_unsafe_finder_finds_what_it_looks_for():
    """Control: without the sanitizer, the same payloads are live."""
    found = [Unsafe(python_markdown.markdown(text, extensions=EXTENSIONS)).found for text in PROSE_PAYLOADS.values()]
    assert sum(bool(f) for f in found) >= len(PROSE_PAYLOADS) - 1


def test_the_sanitizer_keeps_what_the_site_makes(built: Path):
    """The site's own content (figures, cite blocks, footnotes, tables, details) passes unchanged in substance:
    every page still has its SVG figures, download links and headings."""
    page = (built / "site" / "summits" / "2021-istanbul" / "index.html").read_text(encoding="utf-8")
    assert 'download="' in page and "data:application/x-bibtex;" in page and '<a class="headerlink"' in page
    treaties = (built / "site" / "treaties" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in treaties and "viewBox=" in treaties


SOUP = st.lists(st.sampled_from([
    "<", ">", "/", "=", '"', "'", " ", "\n", "\n\n", "img", "svg", "script", "a", "href", "src", "onerror",
    "onload", "javascript:", "JaVaScRiPt&#58;", "data:text/html,", "//host/", "\\", "[x]", "[x]: ", "(", ")", "!",
    "{:", "}", "*[", "]: ", "[^1]", "!!! note", "???", "    ", "|", "---", "`", "&#", "x", "alert(1)", "<!--", "-->",
    "<![CDATA[", "&lt;", "%0a", "\t", "<details", "ontoggle", "<math", "<style", "@import", "url(", "style",
]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SOUP)
@example("[x]\n[x]: [x]: ")  # found by this test: a link to "[x]:", a colon where a scheme would stand
def test_any_soup_of_markdown_and_html_renders_without_script_or_foreign_links(text: str):
    assert Unsafe(render(text)).found == []


# ---- data text (records): the escaping functions of the renderer -------------------------------------------------
def test_a_line_break_in_a_glossary_term_stays_inside_its_definition():
    term = Term.model_validate({"id": "term-ots", "term": {"tr": "Türk Devletleri Teşkilatı",
                                "en": "Organization of Turkic States\n\n<img src=x onerror=alert(106)>HOSTILE06"},
                                "abbr": {"tr": "TDT", "en": "OTS"}, "definition": {"tr": "x", "en": "y"},
                                "sources": ["@ozdasli-article"]})
    footer = Abbreviations([term], "en").footer("The OTS met.")
    assert footer.strip().count("\n") == 0
    assert Unsafe(render("The OTS met." + footer)).found == []


def summit(**fields: str) -> str:
    lines = {"id": "test-summit", "date": "2021-11-12", "title": "{tr: Deneme, en: Test}", "series": "ots",
             "summary": '{tr: "Özet [@ozdasli-article]", en: "Summary [@ozdasli-article]"}',
             "significance": "{tr: Anlam, en: Meaning}", "sections": "[effects]",
             "sources": '["@ozdasli-article"]', "basis": "article", **fields}
    return "- " + "\n  ".join(f"{k}: {v}" for k, v in lines.items()) + "\n"


def english_page(project: Path, record: str) -> str:
    path = project / "content" / "summits.yaml"
    path.write_text(record + path.read_text(encoding="utf-8"), encoding="utf-8")
    page = render_files(project, "http://127.0.0.1:8000/", "2025-12-01")["summits/test-summit.en.md"].decode()
    return render(page.split("\n---\n", 1)[1])


@pytest.mark.parametrize("summary", [
    '"B05 [click][x]\\n[x]: javascript:alert(105)\\n\\nmore"',  # H2 in a summary
    '"x\\n*[Test]: HOSTILE11c injected\\n\\n[^f]: a footnote\\n\\n!!! danger \\"HOSTILE10d\\"\\n    admonition"',  # L4
])
def test_data_text_defines_nothing_for_the_page(project: Path, summary: str):
    html = english_page(project, summit(summary=f'{{tr: "Özet [@ozdasli-article]", en: {summary}}}'))
    assert Unsafe(html).found == []
    assert "HOSTILE11c injected" not in html.split("<abbr", 1)[-1].split(">", 1)[0]
    assert 'class="admonition' not in html and 'class="footnote' not in html


def test_a_line_break_in_a_place_cannot_end_the_facts_table(project: Path):  # L4
    html = english_page(project, summit(place='{tr: Ankara, en: "Ankara\\n\\n| HOSTILE10a | row |\\n---\\n"}'))
    assert html.count("<table") == 1 and "HOSTILE10a" in html.split("</table>", 1)[0]


# ---- settings and downloads ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ['http://x.example/"><img src=x onerror=alert(124)>/', "javascript:alert(1)//x/",
                                   "http://a b/", "http://x/'q/", "//x.org/", "http://x/\n/", "ftp://x/"])
def test_a_site_address_that_could_become_markup_is_refused(value: str):  # M1
    with pytest.raises(PluginError, match="site_url"):
        checked_address("site_url (SITE_URL)", value, required=True)


def test_a_page_title_cannot_add_fields_or_entries_to_its_bibtex():  # M3
    labels = load_labels(REPO / "templates" / "labels.yaml")["en"]
    for title in ("HOSTILE08 Evil}, author = {Mallory}, note = {\\input{/etc/passwd}",
                  "HOSTILE43}}x@misc{injected43, author = {Mallory}, title = {Injected entry}"):
        cite = page_citation(title, "http://127.0.0.1:8000/en/x/", "en", "2025-12-01", labels)
        entries = parse_string(cite["bibtex"], "bibtex").entries
        assert len(entries) == 1
        [entry] = entries.values()
        # no urldate: the reader's day is added in the browser (templates/assets/cite.js), never the build's
        assert set(entry.fields) == {"title", "organization", "year", "version", "url", "langid"}
        assert "\n" not in cite["ris"].split("TI  - ", 1)[1].split("\nT2  - ", 1)[0]


def test_csv_cells_cannot_start_a_formula():  # L5
    rows = records_csv({"summits": [{"id": "x", "title": {"tr": '=HYPERLINK("http://evil.example/?")',
                                                          "en": "+cmd|' /C calc'!A0"}, "sources": ["@a"]}]})
    assert "'=HYPERLINK" in rows and "'+cmd" in rows and ",'@a," in rows


# ---- refused with a located message -----------------------------------------------------------------------------
def check(project: Path) -> list[str]:
    result = cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()


def prepend(project: Path, path: str, text: str) -> None:
    target = project / path
    target.write_text(text + target.read_text(encoding="utf-8"), encoding="utf-8")


def test_an_id_longer_than_a_file_name_allows_is_refused(project: Path):  # L1
    prepend(project, "content/summits.yaml", summit(id="a" * 300))
    assert check(project) == ["content/summits.yaml:1:7: 'id': string should have at most 80 characters"]


@pytest.mark.parametrize("folder, message", [
    ("Evil Page", "page folder name 'Evil Page' is not a valid id (lowercase letters, digits and hyphens, 80 at most)"),
    *[(name, f"page folder name '{name}' is taken by a generated page or a folder of the site (choose another)")
      for name in ("summits", "downloads", "argument", "en", "search")],
])
def test_a_page_folder_outside_the_id_pattern_or_taken_by_the_site_is_refused(project: Path, folder: str,
                                                                             message: str):  # L1, L2
    (project / "content" / "pages" / folder).mkdir()
    assert check(project) == [f"content/pages/{folder}:1:1: {message}"]


def test_a_bibtex_year_that_is_not_a_year_is_refused_at_its_entry(project: Path):  # L1
    bib = project / "sources" / "references.bib"
    line = bib.read_text(encoding="utf-8").count("\n") + 2
    bib.write_text(bib.read_text(encoding="utf-8") + '\n@misc{y2020,\n  author = {A},\n  year = {2020"><svg onload=alert(1184)>},'
                   "\n  intext = {A, 2020},\n  complete = {no}\n}\n", encoding="utf-8")
    assert check(project) == [f"sources/references.bib:{line}:1: entry 'y2020': year '2020\"><svg onload=alert(1184)>' "
                              "is not a year"]


@pytest.mark.parametrize("damage, message", [
    ("delete", "sources/geo/countries-110m.json:1:1: file is missing"),
    ("truncate", "sources/geo/countries-110m.json:2:1: not JSON: Expecting property name enclosed in double quotes"),
])
def test_a_missing_or_broken_map_file_is_located(project: Path, damage: str, message: str):  # L1
    geo = project / "sources" / "geo" / "countries-110m.json"
    if damage == "delete":
        geo.unlink()
    else:
        geo.write_text("{\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        render_files(project, "http://127.0.0.1:8000/", "2025-12-01")
    assert [str(p) for p in err.value.problems] == [message]


def test_a_note_cannot_take_an_anchor_the_page_uses(project: Path):  # L6
    prepend(project, "content/notes.yaml", "- id: references\n  title: {tr: a, en: b}\n  body: {tr: c, en: d}\n"
                                           '  sources: ["@ozdasli-article"]\n')
    assert check(project)[0] == "content/notes.yaml:1:7: id 'references' is an anchor the pages already use (choose another)"


def test_an_unclosed_bibtex_entry_is_named_at_its_line_not_at_the_end(project: Path):  # L7
    bib = project / "sources" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    first = text.index("\n@") + 1
    bib.write_text(text[:first] + "@misc{broken2020,\n  title = {A {title},\n  intext = {x},\n  complete = {no}\n}\n\n"
                   + text[first:], encoding="utf-8")
    line = text.count("\n", 0, first) + 1
    assert check(project) == [f"sources/references.bib:{line}:1: BibTeX syntax: entry 'broken2020' never closes its braces"]


def test_a_references_file_that_is_a_link_is_refused(project: Path, tmp_path: Path):  # L7
    bib = project / "sources" / "references.bib"
    outside = tmp_path / "elsewhere.bib"
    outside.write_text(bib.read_text(encoding="utf-8"), encoding="utf-8")
    bib.unlink()
    bib.symlink_to(outside)
    assert check(project) == ["sources/references.bib:1:1: must be a file of the project, not a link"]


def test_one_bad_record_is_reported_first_and_its_echoes_summed_up(project: Path):  # L7
    path = project / "content" / "summits.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  series: ots\n", "  series: nope\n", 1),
                    encoding="utf-8")
    lines = check(project)
    assert len(lines) == 2
    assert "'series': 'nope' is not one of" in lines[0]
    assert "more problem(s) naming" in lines[1] and "refused above" in lines[1]


@pytest.mark.parametrize("query", ["constructor", "__proto__", "toString", "hasOwnProperty"])
def test_a_word_named_like_an_object_property_searches_like_any_other(browser, base_url: str, query: str):  # L3
    page = browser.new_context().new_page()
    page.goto(base_url + "/en/")
    page.locator(".md-search__input").first.click()
    page.keyboard.type(query)
    status = page.locator("#tis-search-status")
    status.filter(has_text="No results").wait_for(timeout=15_000)
    page.context.close()
