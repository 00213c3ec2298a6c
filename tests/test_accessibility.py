"""The built site passes axe-core's WCAG 2.1 A/AA and best-practice rules in both languages: one page of every
kind in the fast tier, every page in the slow one (CI), with a planted violation as the control
(and with the search box open and showing results: tests/test_search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"  # installed by `make test` (npm ci)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def every_page(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)).removeprefix(".").strip("/") for p in site.rglob("index.html")
                  if "search" not in p.parts)


def one_of_each_kind(site: Path) -> list[str]:
    """Every page outside a record family (home, sections, lists and their parts) and, in each family, its list
    and its first record, in both languages."""
    chosen, families = [], {}
    for path in every_page(site):
        lang = "en" if path.split("/")[0] == "en" else ""
        inside = path.removeprefix(lang).strip("/").split("/")
        if len(inside) <= 1:
            chosen.append(path)
        else:
            families.setdefault((lang, inside[0]), path)  # the first record, pages being sorted
    return sorted(chosen + list(families.values()))


def axe_violations(page, base_url: str, paths: list[str]) -> list[str]:
    script = AXE.read_text(encoding="utf-8")
    problems = []
    for path in paths:
        page.goto(base_url + "/" + (path + "/" if path else ""))
        page.add_script_tag(content=script)
        result = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)
        problems += [f"/{path}: {v['id']} ({len(v['nodes'])}×) {v['nodes'][0]['target']}" for v in result["violations"]]
    return problems


def test_one_page_of_every_kind_has_no_axe_violations(built: Path, base_url: str, browser):
    paths = one_of_each_kind(built / "site")
    assert {"", "en", "summits", "en/summits", "bibliography", "en/timeline"} <= set(paths)
    assert any(p.startswith("summits/") for p in paths) and any(p.startswith("en/states/") for p in paths)
    page = browser.new_context(bypass_csp=True).new_page()  # axe goes in as an inline script
    assert axe_violations(page, base_url, paths) == []


def test_axe_finds_a_planted_violation(browser, tmp_path: Path):
    """Control: an image without a text alternative and a link without text are reported."""
    page = browser.new_context().new_page()
    page.set_content('<!doctype html><html lang="tr"><head><title>x</title></head><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/x"></a></main></body></html>')
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = {v["id"] for v in page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)["violations"]}
    assert {"image-alt", "link-name"} <= found


@pytest.mark.slow
def test_every_page_has_no_axe_violations(built: Path, base_url: str, browser):
    paths = every_page(built / "site")
    assert len(paths) > 200
    page = browser.new_context(bypass_csp=True).new_page()  # axe goes in as an inline script
    assert axe_violations(page, base_url, paths) == []
