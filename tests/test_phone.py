"""The site on a 390 px phone (the reader review, section 8): nothing wider than the screen, figure labels
legible, the summit comparison readable, the timeline filter without empty years, downloads saved."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from test_accessibility import one_of_each_kind

PHONE = {"width": 390, "height": 844}
READABLE_PX = 11


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def sitemap_paths(base_url: str) -> list[str]:
    text = urllib.request.urlopen(base_url + "/sitemap.xml").read().decode()
    return sorted({re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", text)})


def phone_problems(phone, base_url: str, paths: list[str]) -> tuple[list, list]:
    """The pages wider than the phone, and those whose smallest figure label is drawn under 11 px."""
    wide, small = [], []
    for path in paths:
        phone.goto(base_url + path, wait_until="domcontentloaded")
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((path, width))
        # each label's size as drawn: its font size times the SVG's scale on the screen
        sizes = phone.locator("svg.tis-svg text").evaluate_all(
            "els => els.map(t => { const m = t.getScreenCTM(); "
            "return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })")  # rotated labels too
        if sizes and min(sizes) < READABLE_PX - 0.05:
            small.append((path, round(min(sizes), 1)))
    return wide, small


def test_no_page_of_any_kind_is_wider_than_a_phone_and_figure_text_is_legible(phone, built: Path, base_url):
    paths = ["/" + (p + "/" if p else "") for p in one_of_each_kind(built / "site")]
    assert {"/", "/en/"} <= set(paths)
    assert any("/timeline/" in p for p in paths) and any("/argument-map/" in p for p in paths)  # figures too
    assert phone_problems(phone, base_url, paths) == ([], [])


@pytest.mark.slow
def test_no_page_is_wider_than_a_phone_and_figure_text_is_legible(phone, base_url):
    paths = sitemap_paths(base_url)
    assert len(paths) > 200
    assert phone_problems(phone, base_url, paths) == ([], [])


def test_the_summit_comparison_shows_every_column_on_a_phone(phone, base_url):
    for path, label in (("/summit-comparison/", "Güvenlik:"), ("/en/summit-comparison/", "Security:")):
        phone.goto(base_url + path)
        cells = phone.locator(".tis-comparison td:last-child")
        assert cells.count() > 5
        for cell in cells.all()[:3]:
            expect(cell).to_be_visible()
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
            assert cell.inner_text().startswith(label)


def test_the_timeline_filter_leaves_no_empty_year(phone, base_url):
    phone.goto(base_url + "/timeline/#summit")
    years = phone.locator(".tis-timeline h2")
    shown = [h for h in years.all() if h.is_visible()]
    assert 0 < len(shown) < years.count()
    for heading in shown:
        assert heading.evaluate("h => [...h.nextElementSibling.querySelectorAll('li')]"
                                ".some(li => getComputedStyle(li).display !== 'none')"), heading.inner_text()


def test_downloads_are_saved_under_their_names(phone, base_url):
    phone.goto(base_url + "/en/downloads/")
    links = phone.locator("article a[download]:not([href^='data:'])")  # not the cite block's own downloads
    names = links.evaluate_all("els => els.map(a => [a.getAttribute('download'), a.pathname.split('/').pop()])")
    assert {"records.json", "records.csv", "references.bib"} <= {n for n, _ in names}
    assert all(name == file for name, file in names if name)
