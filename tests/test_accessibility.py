"""The built site passes axe-core's WCAG 2.1 A/AA and best-practice rules in both languages: one page of every
kind in the fast tier, every page in the slow one (CI), with a planted violation as the control
(and with the search box open and showing results: tests/test_search.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"  # installed by `make test` (npm ci)
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def every_page(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)).removeprefix(".").strip("/") for p in site.rglob("index.html")
                  if "search" not in p.parts)


WALKTHROUGH = {"summary", "introduction", "effects", "ots", "bilateral", "conclusion"}  # like `war`: one template


BOTH_LANGUAGES = {"", "war"}  # the home page and a walk-through section: every other kind in one language


def one_of_each_kind(site: Path) -> list[str]:
    """One page of every kind: the home page, one walk-through section (`war`), every other single page and
    list (and their parts) and, in each record family, its list and its first record. The kinds take Turkish
    and English in turn (the templates are shared; `BOTH_LANGUAGES` in both); the slow tier visits every page."""
    kinds: dict[str, dict[str, str]] = {}  # kind -> language -> page
    for path in every_page(site):
        lang = "en" if path.split("/")[0] == "en" else ""
        inside = path.removeprefix(lang).strip("/").split("/")
        if len(inside) <= 1:
            if inside[0] not in WALKTHROUGH:
                kinds.setdefault(inside[0], {})[lang] = path
        else:
            kinds.setdefault(inside[0] + "/", {}).setdefault(lang, path)  # the first record, pages being sorted
    chosen = []
    for turn, (kind, pages) in enumerate(sorted(kinds.items())):
        chosen += pages.values() if kind in BOTH_LANGUAGES else [pages["en" if turn % 2 else ""]]
    return sorted(chosen)


def axe_violations(page, base_url: str, paths: list[str]) -> list[str]:
    script = AXE.read_text(encoding="utf-8")
    problems = []
    for path in paths:
        page.goto(base_url + "/" + (path + "/" if path else ""))
        page.add_script_tag(content=script)
        result = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)
        problems += [f"/{path}: {v['id']} ({len(v['nodes'])}×) {v['nodes'][0]['target']}" for v in result["violations"]]
    return problems


WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));"""


@dataclass
class Visit:
    """One page of every kind, visited once under its own Content-Security-Policy: what the browser reported."""

    paths: list[str]
    axe: list[str]  # violations
    csp: list[str]  # policy violations
    errors: list[str]  # console errors and uncaught exceptions


@pytest.fixture(scope="module")
def visit(built: Path, base_url: str, browser) -> Visit:
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    paths, axe, csp = one_of_each_kind(built / "site"), [], []
    source = AXE.read_text(encoding="utf-8")
    for path in paths:
        page.goto(base_url + "/" + (path + "/" if path else ""))
        csp += page.evaluate("window.__violations")
        page.evaluate(source)  # the test's own axe, run by the browser's devtools: the page's policy allows no inline script
        result = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)
        axe += [f"/{path}: {v['id']} ({len(v['nodes'])}×) {v['nodes'][0]['target']}" for v in result["violations"]]
    context.close()
    return Visit(paths, axe, csp, errors)


def test_one_page_of_every_kind_has_no_axe_violations(visit: Visit):
    assert {"", "en", "war", "en/war"} <= set(visit.paths)
    kinds = {p.removeprefix("en").strip("/").split("/")[0] + ("/" if p.count("/") > p.startswith("en/") else "")
             for p in visit.paths}
    assert {"summits", "summits/", "states/", "bibliography", "timeline", "argument-map"} <= kinds
    assert {p.startswith("en") for p in visit.paths} == {True, False}
    assert visit.axe == []


def test_one_page_of_every_kind_runs_its_scripts_under_the_policy_without_error(visit: Visit):
    assert visit.csp == [] and visit.errors == []


def test_axe_finds_a_planted_violation(browser, tmp_path: Path):
    """Control: an image without a text alternative and a link without text are reported."""
    page = browser.new_context(bypass_csp=True).new_page()  # axe is injected inline
    page.set_content('<!doctype html><html lang="tr"><head><title>x</title></head><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/x"></a></main></body></html>')
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = {v["id"] for v in page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)["violations"]}
    assert {"image-alt", "link-name"} <= found


@pytest.mark.slow
def test_every_page_has_no_axe_violations(built: Path, base_url: str, browser):
    paths = every_page(built / "site")
    assert len(paths) > 200
    page = browser.new_context(bypass_csp=True).new_page()  # axe is injected inline
    assert axe_violations(page, base_url, paths) == []
