"""Every page of the built site, in both languages, passes axe-core's WCAG 2.1 A/AA and best-practice rules
(with the search box open and showing results: tests/test_search.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"  # installed by `make test` (npm ci)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def test_every_page_has_no_axe_violations(built: Path, base_url: str, browser):
    script = AXE.read_text(encoding="utf-8")
    site = built / "site"
    paths = sorted("/" + str(p.parent.relative_to(site)).removeprefix(".").strip("/") for p in site.rglob("index.html")
                   if "search" not in p.parts)
    assert len(paths) > 200
    page = browser.new_context().new_page()
    problems = []
    for path in paths:
        page.goto(base_url + path.rstrip("/") + "/")
        page.add_script_tag(content=script)
        result = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)
        problems += [f"{path}: {v['id']} ({len(v['nodes'])}×) {v['nodes'][0]['target']}" for v in result["violations"]]
    assert problems == []
