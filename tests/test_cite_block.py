"""The cite block a student uses (issue 19): it opens from the top of every page; each format is labelled and
copies exactly what it shows; the date accessed is the reader's day (a placeholder without JavaScript); the
BibTeX, RIS and CSL-JSON records parse and describe the page. The bibliography pages carry COinS for Zotero, and
the home page says what the site is in its first screen."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import pytest
import rispy
from playwright.sync_api import expect
from pybtex.database import parse_string

from conftest import REPO
from turkic_integration_site.citations.bibliography import load
from turkic_integration_site.citations.coins import coins, kev_pairs
from turkic_integration_site.citations.exports import csl_json
from turkic_integration_site.citations.style import plain_text
from turkic_integration_site.common.dates import PartialDate
from turkic_integration_site.pages.render import load_labels

LABELS = load_labels(REPO / "templates" / "labels.yaml")
SITE_URL = "http://127.0.0.1:8000"  # mkdocs.yml's default: the tests build without an exported SITE_URL
PAGES = [("/summits/2021-istanbul/", "tr"), ("/en/summits/2021-istanbul/", "en"), ("/war/", "tr"), ("/en/war/", "en")]
FORMATS = ["APA 7", "Chicago (author-date)", "BibTeX", "RIS", "CSL-JSON"]


@pytest.fixture
def reader(browser, base_url):
    """A reader's browser at 1280×800 whose clipboard the page may write and the test may read back."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    yield context.new_page()
    context.close()


def browser_today(page) -> tuple[int, int, int]:
    return tuple(page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()"))


def open_block(page, base_url: str, path: str, lang: str):
    page.goto(base_url + path)
    summary = page.locator("details.tis-cite > summary")
    expect(summary).to_have_count(1)
    expect(summary).to_have_text(LABELS[lang]["cite_this_page"])
    box = summary.bounding_box()
    heading = page.locator("article h1").bounding_box()
    assert box["y"] < 250 and abs(box["y"] - heading["y"]) < 100, (box, heading)  # at the top, by the title
    summary.click()
    block = page.locator("details.tis-cite")
    expect(block).to_have_attribute("open", "")
    return block


@pytest.mark.parametrize("path, lang", PAGES)
def test_the_block_opens_from_the_top_and_each_copy_button_copies_what_it_shows(reader, base_url, path, lang):
    page = reader
    block = open_block(page, base_url, path, lang)
    year, month, day = browser_today(page)
    today_text = PartialDate(year, month, day).format(lang)  # the site's own form: "4 Aralık 2026"
    buttons = block.locator("button.tis-copy")
    expect(buttons).to_have_count(len(FORMATS))
    copied = {}
    for i, name in enumerate(FORMATS):
        button = buttons.nth(i)
        expect(button).to_have_attribute("aria-label", f"{LABELS[lang]['cite_copy']} ({name})")
        button.click()
        expect(button).to_have_text(LABELS[lang]["cite_copied"])
        copied[name] = page.evaluate("navigator.clipboard.readText()")
    shown = [t.strip() for t in block.locator(".tis-cite-text").all_inner_texts()]
    codes = [t.removesuffix("\n") for t in block.locator("pre code").evaluate_all("els => els.map(e => e.textContent)")]
    assert [copied[n] for n in FORMATS] == shown + codes

    title = page.locator("article h1").evaluate("h => h.firstChild.textContent").strip()
    url = SITE_URL + path
    for name in ("APA 7", "Chicago (author-date)"):
        assert today_text in copied[name] and title in copied[name] and url in copied[name], copied[name]
        assert LABELS[lang]["accessed_placeholder"] not in copied[name]

    iso = f"{year:04d}-{month:02d}-{day:02d}"
    entries = parse_string(copied["BibTeX"], "bibtex").entries
    assert len(entries) == 1
    [entry] = entries.values()
    assert entry.type == "online" and entry.fields["title"] == title and entry.fields["url"] == url
    assert entry.fields["urldate"] == iso and entry.fields["langid"] == {"tr": "turkish", "en": "english"}[lang]

    [ris] = rispy.loads(copied["RIS"])
    assert ris["type_of_reference"] == "ELEC" and ris["title"] == title and ris["urls"] == [url]
    assert ris["access_date"] == iso.replace("-", "/") and ris["language"] == lang

    [item] = json.loads(copied["CSL-JSON"])
    assert (item["type"], item["title"], item["URL"], item["language"]) == ("webpage", title, url, lang)
    assert item["accessed"] == {"date-parts": [[year, month, day]]}


@pytest.mark.parametrize("path, lang", PAGES[:2])
def test_each_download_saves_the_shown_record_under_a_sensible_name(reader, base_url, path, lang):
    page = reader
    block = open_block(page, base_url, path, lang)
    codes = [t.removesuffix("\n") for t in block.locator("pre code").evaluate_all("els => els.map(e => e.textContent)")]
    slug = "turkic-integration-summits-2021-istanbul-" + lang
    for (fmt, ext), code in zip((("BibTeX", "bib"), ("RIS", "ris"), ("CSL-JSON", "json")), codes):
        link = block.get_by_role("link", name=LABELS[lang]["download_format"].format(format=fmt), exact=True)
        expect(link).to_have_attribute("download", f"{slug}.{ext}")
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == f"{slug}.{ext}"
        assert Path(download.path()).read_text(encoding="utf-8") == code
    assert (LABELS["tr"]["download_format"].format(format="BibTeX")) == "BibTeX indir"


@pytest.mark.parametrize("path, lang", PAGES)
def test_without_javascript_the_block_gives_no_false_date(browser, base_url, built, path, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + path)
    block = page.locator("details.tis-cite")
    block.locator("summary").click()
    placeholder = LABELS[lang]["accessed_placeholder"]
    for form in (".tis-cite-apa", ".tis-cite-chicago"):
        expect(block.locator(f"{form} .tis-accessed")).to_have_text(placeholder)
    expect(block.locator(".tis-cite-apa")).to_contain_text(
        f"{LABELS[lang]['accessed']} {placeholder}," if lang == "tr" else f"Retrieved {placeholder}, from")
    codes = "\n".join(block.locator("pre code").all_text_contents())
    assert "urldate" not in codes and "\nY2  -" not in codes and "accessed" not in codes
    assert re.search(r"\d{4}-\d{2}-\d{2}", codes) is None  # no day at all in the records: neither build nor today
    html = (built / "site" / path.strip("/") / "index.html").read_text(encoding="utf-8")
    assert html.count(placeholder) == 3  # APA, Chicago and the printed line
    context.close()


# ---- COinS on the bibliography pages ------------------------------------------------------------------------
# OpenURL 1.0 (ANSI/NISO Z39.88-2004) KEV: the ContextObject keys, and the referent keys each metadata format
# registers (info:ofi/fmt:kev:mtx:journal, :book, :dc).
CONTEXT_KEYS = {"ctx_ver", "ctx_enc", "ctx_id", "ctx_tim", "url_ver", "rft_val_fmt", "rft_id", "rfr_id"}
FORMAT_KEYS = {
    "info:ofi/fmt:kev:mtx:journal": {"aulast", "aufirst", "auinit", "auinit1", "auinitm", "ausuffix", "au", "aucorp",
                                     "atitle", "jtitle", "stitle", "date", "chron", "ssn", "quarter", "volume",
                                     "part", "issue", "spage", "epage", "pages", "artnum", "issn", "eissn", "isbn",
                                     "coden", "sici", "genre"},
    "info:ofi/fmt:kev:mtx:book": {"aulast", "aufirst", "auinit", "auinit1", "auinitm", "ausuffix", "au", "aucorp",
                                  "btitle", "atitle", "title", "place", "pub", "date", "edition", "tpages", "series",
                                  "spage", "epage", "pages", "issn", "isbn", "bici", "genre"},
    "info:ofi/fmt:kev:mtx:dc": {"title", "creator", "subject", "description", "publisher", "contributor", "date",
                                "type", "format", "identifier", "source", "language", "relation", "coverage",
                                "rights"},
}


class Spans(HTMLParser):
    """Each source heading's id with the COinS spans that follow it (before the next heading)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.current: str | None = None
        self.found: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self.current = a.get("id")
            self.found.setdefault(self.current, [])
        elif tag == "span" and "Z3988" in (a.get("class") or "").split() and self.current:
            self.found[self.current].append(a["title"])


def check_kev(title: str) -> list[tuple[str, str]]:
    """The KEV string parsed as the spec reads it; every key known to its format, every value encoded."""
    assert re.fullmatch(r"[A-Za-z0-9_.]+=[A-Za-z0-9%._~-]*(&[A-Za-z0-9_.]+=[A-Za-z0-9%._~-]*)*", title), title
    pairs = parse_qsl(title, keep_blank_values=True, strict_parsing=True)
    keys = dict(pairs)
    assert keys["ctx_ver"] == "Z39.88-2004" and keys["rft_val_fmt"] in FORMAT_KEYS
    allowed = FORMAT_KEYS[keys["rft_val_fmt"]]
    for key, value in pairs:
        assert key in CONTEXT_KEYS or (key.startswith("rft.") and key[4:] in allowed), key
        assert value.strip() == value and value
    return pairs


def test_every_bibliography_entry_has_one_coins_span_describing_it(built: Path):
    site = built / "site"
    bib, _ = load(REPO / "sources" / "references.bib", "references.bib")
    for lang_root in (site, site / "en"):
        spans: dict[str, list[str]] = {}
        for page in sorted(lang_root.glob("bibliography*/index.html")):
            parser = Spans()
            parser.feed(page.read_text(encoding="utf-8"))
            spans.update({k: v for k, v in parser.found.items() if k in bib.sources})
        assert set(spans) == set(bib.sources), lang_root
        for key, titles in spans.items():
            assert len(titles) == 1, key
            values = check_kev(titles[0])
            got = {k: [v for kk, v in values if kk == k] for k, _ in values}
            entry = bib.sources[key].entry
            # every span has a title (Zotero skips one without): the work's, or the citation as printed in brackets
            title = plain_text(entry.fields["title"]) if "title" in entry.fields else f"[{bib.sources[key].intext_as_printed}]"
            assert title in got.get("rft.atitle", []) + got.get("rft.btitle", []) + got.get("rft.title", []), key
            names = got.get("rft.au", []) + got.get("rft.creator", []) + got.get("rft.aucorp", [])
            for person in entry.persons.get("author", []):
                family = plain_text(" ".join(person.last_names))
                if family != "others":
                    assert any(name.startswith(family) for name in names), (key, family, names)
            if "year" in entry.fields:
                assert got["rft.date"][0].startswith(entry.fields["year"]), key
    # not on other pages: each of them is saved as the page itself (Highwire / Dublin Core tags)
    assert "Z3988" not in (site / "summits" / "2021-istanbul" / "index.html").read_text(encoding="utf-8")


def test_coins_of_each_kind(tmp_path: Path):
    path = tmp_path / "refs.bib"
    path.write_text(r"""
@article{haas1961, author = {Haas, Ernst B.}, title = {International Integration}, journal = {International Organization},
  volume = {15}, number = {3}, pages = {366--392}, year = {1961}, intext = {Haas, 1961}, complete = {yes}}
@book{yapici2007, author = {Yapıcı, Utku}, title = {Bir Kitap & Öteki}, publisher = {Bir Yayınevi}, year = {2007},
  intext = {Yapıcı, 2007}, complete = {yes}}
@online{aa2025, author = {{Anadolu Ajansı}}, year = {2025}, date = {2025-10-07}, url = {https://aa.com.tr/x?a=1&b=2},
  intext = {Anadolu Ajansı, 07.10.2025}, complete = {no}}
""", encoding="utf-8")
    bib, problems = load(path, "refs.bib")
    assert problems == []
    kev = coins(bib)
    assert kev["haas1961"] == ("ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&rft.genre=article"
                               "&rft.atitle=International%20Integration&rft.aulast=Haas&rft.aufirst=Ernst%20B."
                               "&rft.au=Haas%2C%20Ernst%20B.&rft.date=1961&rft.jtitle=International%20Organization"
                               "&rft.volume=15&rft.issue=3&rft.pages=366-392&rft.spage=366&rft.epage=392")
    book = dict(check_kev(kev["yapici2007"]))
    assert book["rft_val_fmt"] == "info:ofi/fmt:kev:mtx:book" and book["rft.btitle"] == "Bir Kitap & Öteki"
    assert "Yap%C4%B1c%C4%B1" in kev["yapici2007"] and book["rft.pub"] == "Bir Yayınevi"
    web = dict(check_kev(kev["aa2025"]))
    # an organization stays one name (a comma keeps it whole in Zotero); a work known only as cited is described
    assert web == {"ctx_ver": "Z39.88-2004", "rft_val_fmt": "info:ofi/fmt:kev:mtx:dc",
                   "rft_id": "https://aa.com.tr/x?a=1&b=2", "rft.title": "[Anadolu Ajansı, 07.10.2025]",
                   "rft.creator": "Anadolu Ajansı,", "rft.date": "2025-10-07", "rft.identifier": "https://aa.com.tr/x?a=1&b=2"}
    assert [k for k, _ in kev_pairs(csl_json(bib)[2])].count("rft.title") == 0  # without `untitled`, none is made up
    assert unquote(kev["aa2025"].split("rft_id=")[1].split("&")[0]) == "https://aa.com.tr/x?a=1&b=2"


# ---- the home page's first screen ----------------------------------------------------------------------------
@pytest.mark.parametrize("path, lang", [("/", "tr"), ("/en/", "en")])
def test_the_home_page_says_what_it_is_in_its_first_screen(reader, base_url, path, lang):
    page = reader
    page.goto(base_url + path)
    L = LABELS[lang]
    lead = page.locator("article p.tis-lead")
    expect(lead).to_have_text(L["home_what"])
    words = {"tr": ("bağımsız", "makalenin kendisi değildir", "yazarı tarafından yazılmamıştır"),
             "en": ("independent", "not the article itself", "not written by the article's author")}[lang]
    assert all(w in L["home_what"] for w in words)
    ways = [page.locator("article li", has=page.locator("strong", has_text=L[key])) for key in ("home_read", "home_lookup")]
    for element in (lead, *ways):
        expect(element).to_have_count(1)
        box = element.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800, (element, box)
    expect(ways[0].get_by_role("link").first).to_have_attribute("href", "summary/")
    expect(ways[1].get_by_role("link").first).to_have_attribute("href", "summits/")
