"""Search as a reader uses it: the real header box in Chromium, typed key by key, on each language's side."""

from __future__ import annotations

import functools
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import EPOCH, REPO, QuietHandler, QuietServer, cli, mkdocs_build
from turkic_integration_site.publish.fold import fold

BOX = "input.md-search__input"
RESULTS = ".md-search-result__list a"
STATUS = "#tis-search-status"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ANSWERED = re.compile(r"^(\d+ sayfa bulundu|\d+ pages? found|Sonuç bulunamadı|No results)$")

FOLDED = {
    "Nahçıvan": "nahcivan", "NAHÇIVAN": "nahcivan", "İSTANBUL": "istanbul", "ISTANBUL": "istanbul",
    "Türkiye": "turkiye", "TÜRKİYE": "turkiye", "Qarabağ": "qarabag", "Azərbaycan": "azerbaycan",
    "Şuşa": "susa", "Gəbələ": "gebele", "Kırıkkale": "kirikkale", "KIRIKKALE": "kirikkale", "Bakı": "baki",
    "Murovdağ": "murovdag", "Semerkant": "semerkant", "Oʻzbekiston": "oʻzbekiston", "Çağrı": "cagri",
    "ığdır": "igdir", "IĞDIR": "igdir", "Ünye": "unye", "Gökçe": "gokce",
}


def test_fold_is_turkish_aware():
    assert {word: fold(word) for word in FOLDED} == FOLDED


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def search(page, query: str) -> list[str]:
    """Type the query key by key into the header box; the result links once the search has answered."""
    box = page.locator(BOX)
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=40)
    expect(page.locator(STATUS)).to_have_text(ANSWERED, timeout=15_000)
    return page.locator(RESULTS).evaluate_all("els => els.map(e => new URL(e.href).pathname)")


TURKISH = [  # (query, the page that must come first)
    ("nahcivan", "/treaties/2009-nakhchivan-agreement/"),
    ("Nahçıvan", "/treaties/2009-nakhchivan-agreement/"),
    ("tdt", "/organizations/ots/"),
    ("OTS", "/organizations/ots/"),
    ("türk keneşi", "/organizations/turkic-council/"),
    ("turk konseyi", "/organizations/turkic-council/"),
    ("Turkic Council", "/organizations/turkic-council/"),
    ("turkiye", "/states/turkiye/"),
    ("TÜRKİYE", "/states/turkiye/"),
    ("ISTANBUL", "/summits/2021-istanbul/"),
    ("semerkant", "/summits/2022-samarkand/"),
    ("Samarkand", "/summits/2022-samarkand/"),
    ("gebele", "/summits/2025-gabala/"),
    ("susa", "/treaties/2021-shusha-declaration/"),
    ("murovdag", "/events/2020-murovdag/"),
    ("azerbaycan", "/states/azerbaijan/"),
    ("qarabag", "/events/2020-second-karabakh-war/"),
    ("44 günlük savaş", "/events/2020-second-karabakh-war/"),
    ("bakı", "/summits/2019-baku/"),
    ("Baku", "/summits/2019-baku/"),
    ("kgaö", "/organizations/csto/"),
    ("CSTO", "/organizations/csto/"),
    ("kirgizistan", "/states/kyrgyzstan/"),
    ("KIRGIZISTAN", "/states/kyrgyzstan/"),
    ("Oʻzbekiston", "/states/uzbekistan/"),  # a modifier letter: an index file named `o_2bb_.json`
    ("S/İHA", "/glossary/"),  # a one-letter word in a whole name
]

ENGLISH = [
    ("OTS", "/en/organizations/ots/"),
    ("TDT", "/en/organizations/ots/"),
    ("turkic council", "/en/organizations/turkic-council/"),
    ("türk keneşi", "/en/organizations/turkic-council/"),
    ("csto", "/en/organizations/csto/"),
    ("KGAÖ", "/en/organizations/csto/"),
    ("samarkand", "/en/summits/2022-samarkand/"),
    ("semerkant", "/en/summits/2022-samarkand/"),
    ("Gabala", "/en/summits/2025-gabala/"),
    ("nakhchivan", "/en/treaties/2009-nakhchivan-agreement/"),
    ("nahcivan", "/en/treaties/2009-nakhchivan-agreement/"),
    ("shusha", "/en/treaties/2021-shusha-declaration/"),
    ("susa", "/en/treaties/2021-shusha-declaration/"),
    ("qarabag", "/en/events/2020-second-karabakh-war/"),
    ("44-day war", "/en/events/2020-second-karabakh-war/"),
    ("murovdag", "/en/events/2020-murovdag/"),
    ("baku", "/en/summits/2019-baku/"),
    ("bakı", "/en/summits/2019-baku/"),
    ("turkey", "/en/states/turkiye/"),
    ("TÜRKİYE", "/en/states/turkiye/"),
    ("ISTANBUL", "/en/summits/2021-istanbul/"),
    ("azerbaijan", "/en/states/azerbaijan/"),
    ("kyrgyzstan", "/en/states/kyrgyzstan/"),
    ("drone", "/en/glossary/"),
    ("ЕАЭС", "/en/organizations/eaeu/"),  # Cyrillic
]


@pytest.mark.parametrize("start, cases", [("/", TURKISH), ("/en/", ENGLISH)], ids=["tr", "en"])
def test_queries_find_the_named_page_first_in_the_page_language(page, base_url, start, cases):
    page.goto(base_url + start)
    wrong = []
    for query, first in cases:
        found = search(page, query)
        other_language = [p for p in found if p.startswith("/en/") != (start == "/en/")]
        if not found or found[0] != first or other_language:
            wrong.append((query, found[:3], other_language))
    assert wrong == []


@pytest.mark.parametrize("start, queries", [("/", ["karabag", "Karabağ", "qarabag"]),
                                            ("/en/", ["karabakh", "Karabağ", "Qarabağ"])])
def test_karabakh_leads_to_the_war(page, base_url, start, queries):
    # Both Karabakh wars, the Karabakh Declaration and the separatists' elections are named for the region:
    # the war the site is about (linked from far more pages) comes first; the first war is among the next
    # three, except for the Azerbaijani spelling, which only the 2020 war's names use.
    page.goto(base_url + start)
    prefix = start.rstrip("/")
    for query in queries:
        found = search(page, query)
        assert found[0] == f"{prefix}/events/2020-second-karabakh-war/", (query, found[:3])
        if not query.lower().startswith("q"):
            assert f"{prefix}/events/1988-first-karabakh-war/" in found[1:4], (query, found[:4])


def test_the_browser_folds_like_the_build(page, base_url):
    page.goto(base_url + "/")
    in_browser = page.evaluate("words => Object.fromEntries(words.map(w => [w, window.turkicSearchFold(w)]))",
                               list(FOLDED))
    assert in_browser == {word: fold(word) for word in FOLDED}


def test_nothing_of_the_index_loads_before_a_search(browser, base_url):
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    for path in ("/", "/summits/2021-istanbul/", "/en/", "/en/glossary/"):
        page.goto(base_url + path, wait_until="networkidle")
    page.locator(BOX).click()  # focusing the box is not a search yet
    page.keyboard.type("t")  # nor is one letter (below the minimum length)
    page.wait_for_timeout(600)
    before = [u for u in requested if "/search/" in u or "search_index" in u or "/workers/search" in u]
    search(page, "tdt")
    after = [u for u in requested if "/search/" in u]
    context.close()
    assert before == []
    # searched on the last page, /en/glossary/: the English index only
    assert any(u.endswith("/search/en/w.json") for u in after) and any("/search/en/p/" in u for u in after)
    assert not [u for u in after if "/search/tr/" in u]


def test_interface_speaks_the_page_language(page, base_url):
    for start, placeholder, none in (("/", "Ara", "Sonuç bulunamadı"), ("/en/", "Search", "No results")):
        page.goto(base_url + start)
        expect(page.locator(BOX)).to_have_attribute("placeholder", placeholder)
        assert search(page, "zzqxv") == []
        expect(page.locator(STATUS)).to_have_text(none)


def test_keyboard_focus_arrows_enter_escape(page, base_url):
    page.goto(base_url + "/timeline/")
    page.locator("body").press("/")
    expect(page.locator(BOX)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(BOX)).not_to_be_focused()
    page.keyboard.press("s")
    expect(page.locator(BOX)).to_be_focused()
    found = search(page, "gebele")
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULTS).first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULTS).nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + found[0])
    # Enter in the box opens the first result.
    search(page, "tdt")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/organizations/ots/")


def test_results_show_titles_and_short_excerpts(page, base_url):
    page.goto(base_url + "/en/")
    search(page, "shusha")
    first = page.locator(".md-search-result__item").first
    expect(first.locator(".tis-search-title")).to_have_text("Shusha Declaration")
    excerpt = first.locator("p").inner_text()
    assert 0 < len(excerpt) < 400
    expect(first.locator("p mark").first).to_be_visible()


@pytest.mark.parametrize("start, query", [("/", "karabag"), ("/en/", "turkic council")])
def test_search_open_passes_axe(browser, base_url, start, query):
    page = browser.new_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    page.goto(base_url + start)
    search(page, query)
    expect(page.locator(".md-search__output")).to_be_visible()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
                           "'best-practice']})")
    assert [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]] == []


def test_duplicate_alias_is_named_with_its_place(project):
    path = project / "content" / "states.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases: [Turkey,", "aliases: [Turkey, TURKEY,", 1), encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "TURKEY" in l)
    assert f"content/states.yaml:{line}:" in result.stderr and "'TURKEY' is listed twice" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_search_works_under_mkdocs_serve(project, browser):
    """`mkdocs serve` builds into its own folder: the index must be written there too (on_post_build)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([str(mkdocs), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(base + "/search/en/w.json", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "mkdocs serve wrote no index"
                time.sleep(1)
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/en/")
        assert search(page, "TDT")[0] == "/en/organizations/ots/"
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_a_finely_split_index_finds_the_same_pages(project, browser):
    """With index files of at most 300 bytes every word sits deep in the prefix tree: the same pages come first."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("node_bytes: 12000", "node_bytes: 300", 1),
                      encoding="utf-8")
    assert mkdocs_build(project).returncode == 0
    assert len(list((project / "site" / "search" / "tr" / "w").iterdir())) > 1000
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    try:
        for start, cases in (("/", TURKISH[::3]), ("/en/", ENGLISH[::3])):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}{start}")
            assert [(q, search(page, q)[:1]) for q, _ in cases] == [(q, [first]) for q, first in cases]
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("start, query, more", [("/", "güvenlik", "Daha fazla sonuç göster"),
                                                ("/en/", "security", "Show more results")])
def test_more_results_on_request(page, base_url, start, query, more):
    page.goto(base_url + start)
    first = search(page, query)
    total = int(re.match(r"\d+", page.locator(STATUS).inner_text())[0])
    assert len(first) == 8 < total
    button = page.get_by_role("button", name=more)
    button.click()
    expect(page.locator(RESULTS)).to_have_count(min(16, total))
    found = page.locator(RESULTS).evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    assert found[:8] == first and len(set(found)) == len(found)
    assert all(p.startswith("/en/") == (start == "/en/") for p in found)
    expect(page.locator(RESULTS).nth(8)).to_be_focused()  # the keyboard goes on from the first new result
    for shown in range(16, total, 8):
        page.get_by_role("button", name=more).click()
        expect(page.locator(RESULTS)).to_have_count(min(shown + 8, total))
    expect(page.get_by_role("button", name=more)).to_have_count(0)


def test_a_failed_download_is_tried_again(page, base_url):
    """A network hiccup says so, and the next search fetches the file again instead of failing for good."""
    failures = []

    def flaky(route):
        if not failures:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/search/tr/w.json", flaky)
    page.goto(base_url + "/")
    box = page.locator(BOX)
    box.click()
    box.press_sequentially("tdt", delay=40)
    expect(page.locator(STATUS)).to_have_text("Arama yüklenemedi (site bir web sunucusundan açılmalı)")
    assert search(page, "tdt")[0] == "/organizations/ots/"
    assert len(failures) == 1
