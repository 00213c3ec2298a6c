"""Real-browser checks of the built site: Chromium (via Playwright) against a local HTTP server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
SUMMIT = "/summits/2021-istanbul/"
SEARCH_TIMEOUT = 15_000


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_no_request_leaves_the_machine(browser, base_url):
    context = browser.new_context()
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    # Anything bound elsewhere is recorded above, then refused so the test never waits on the network.
    context.route(lambda url: urlparse(url).hostname not in ("127.0.0.1", None), lambda route: route.abort())
    page = context.new_page()
    for path in ("/", SUMMIT, "/timeline/", "/en/"):
        page.goto(base_url + path, wait_until="networkidle")
    context.close()
    assert urls
    foreign = [u for u in urls if not u.startswith("data:") and urlparse(u).hostname != "127.0.0.1"]
    assert foreign == []


def test_language_selector_round_trip(page, base_url):
    page.goto(base_url + SUMMIT)
    links = page.locator("a.md-select__link[hreflang]")
    assert sorted(links.evaluate_all("els => els.map(e => e.hreflang)")) == ["en", "tr"]
    for lang, url in (("en", base_url + "/en" + SUMMIT), ("tr", base_url + SUMMIT)):
        page.locator(".md-header .md-select").first.hover()  # the menu opens on hover
        page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
        page.wait_for_url(url)
        expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.parametrize("path, lang, placeholder", [
    ("/", "tr", "Ara"), (SUMMIT, "tr", "Ara"), ("/timeline/", "tr", "Ara"),
    ("/en/", "en", "Search"), ("/en" + SUMMIT, "en", "Search"), ("/en/timeline/", "en", "Search"),
])
def test_page_language_and_interface(page, base_url, path, lang, placeholder):
    page.goto(base_url + path)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", placeholder)


@pytest.mark.parametrize("path, term", [("/", "Nahçıvan"), ("/", "zirve"), ("/en/", "summit")])
def test_search_finds_results(page, base_url, path, term):
    # The header box of templates/theme/partials/search.html; tests/test_search.py covers search in depth.
    page.goto(base_url + path)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    page.wait_for_selector(".md-search-result__item", timeout=SEARCH_TIMEOUT)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    assert hrefs and all(h.startswith("/en/") == (path == "/en/") for h in hrefs)


def test_timeline_filter_without_javascript(nojs_page, base_url):
    page = nojs_page
    summit = page.locator(".tis-timeline li.tis-item-summit")
    treaty = page.locator(".tis-timeline li.tis-item-treaty")
    page.goto(base_url + "/timeline/")
    for kind, items in (("summit", summit), ("treaty", treaty)):
        elsewhere = page.locator(f".tis-timeline .tis-item-{kind}").evaluate_all("els => els.map(e => e.tagName)")
        assert items.count() > 0, f"no <li class='tis-item-{kind}'>; the class sits on {set(elsewhere)}"
    for item in summit.all() + treaty.all():
        expect(item).to_be_visible()
    page.goto(base_url + "/timeline/#treaty")
    for item in summit.all():
        expect(item).to_be_hidden()
    for item in treaty.all():
        expect(item).to_be_visible()


@pytest.mark.parametrize("path, short, title", [
    ("/effects/", "TDT", "Türk Devletleri Teşkilatı"),
    ("/en/effects/", "OTS", "Organization of Turkic States"),
])
def test_abbreviations_expand(browser, nojs_page, base_url, path, short, title):
    # Without JavaScript the browser shows the title attribute on hover.
    nojs_page.goto(base_url + path)
    abbr = nojs_page.locator("article abbr", has_text=short).first
    expect(abbr).to_have_attribute("title", title)
    # With JavaScript, Material's content.tooltips turns the title into its own tooltip.
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + path)
    abbr = page.locator("article abbr", has_text=short).first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    expect(page.get_by_text(title, exact=True).filter(visible=True).first).to_be_visible()
    context.close()


def test_the_cite_block_gives_the_permanent_address_without_javascript(nojs_page, base_url):
    page = nojs_page
    page.goto(base_url + SUMMIT)
    block = page.locator("details", has=page.locator("summary", has_text="Bu sayfayı kaynak gösterin"))
    expect(block).to_have_count(1)
    site_url = "http://127.0.0.1:8000"  # mkdocs.yml's default: the tests build without an exported SITE_URL
    permanent = site_url + SUMMIT
    expect(block).to_contain_text(permanent)
    expect(block.locator(f'a[href="{permanent}"]')).to_have_count(1)


def test_in_text_citation_links_to_bibliography(nojs_page, base_url):
    page = nojs_page
    page.goto(base_url + "/introduction/")
    link = page.locator('article a[href$="bibliography/#haas1961"]', has_text="Haas, 1961, s. 366").first
    title = link.get_attribute("title")  # shown on hover, no JavaScript needed
    assert title and title.startswith("Haas, E. (1961). International Integration")
    link.click()
    page.wait_for_url(base_url + "/bibliography/#haas1961")
    expect(page.locator("#haas1961")).to_have_count(1)
    # The tooltip carries the same full reference the bibliography prints under the anchor.
    reference = page.locator("#haas1961 + p").inner_text()
    assert " ".join(title.split()) == " ".join(reference.split())
