"""Every page carries a strict Content-Security-Policy before any script, no page has an inline script to allow,
and the site's own scripts (theme, search, language selector, figures, cite block) run under it: no violation
and no console error while a reader uses them (and on one page of every kind: tests/test_accessibility.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from test_accessibility import WATCH

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
RUNNABLE = {"", "text/javascript", "application/javascript", "module"}


class Head(HTMLParser):
    """The tags before the first script, the policy, and every script that runs without a file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.before_script: list[tuple[str, dict]] = []
        self.seen_script = False
        self.inline: list[int] = []
        self._inline = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            self.seen_script = True
            self._inline = "src" not in names and (names.get("type") or "").lower() in RUNNABLE
        elif not self.seen_script:
            self.before_script.append((tag, names))

    def handle_data(self, data):
        if self._inline and data.strip():
            self.inline.append(self.getpos()[0])

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline = False


def test_every_page_has_the_policy_before_any_script_and_no_inline_script(built: Path):
    pages = [p for p in (built / "site").rglob("*.html") if "search" not in p.relative_to(built / "site").parts]
    assert len(pages) > 200
    problems = []
    for page in pages:
        head = Head()
        head.feed(page.read_text(encoding="utf-8"))
        policies = [a.get("content") for tag, a in head.before_script
                    if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
        if policies != [POLICY]:
            problems.append(f"{page}: policy before the first script {policies}")
        if head.inline:
            problems.append(f"{page}: inline script at line(s) {head.inline}")
    assert problems == []


def test_search_the_cite_block_and_the_language_selector_run_under_the_policy(built: Path, base_url: str, browser):
    context = browser.new_context()
    context.add_init_script(WATCH)
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    violations = []  # every kind of page: tests/test_accessibility.py visits each once; here, used as a reader would:
    page.goto(base_url + "/summits/2021-istanbul/", wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("karabag")
    page.locator(".tis-search-results a, [data-tis-result] a, #tis-search-results a").first.wait_for(timeout=15_000)
    page.keyboard.press("Escape")
    page.locator("details.tis-cite summary, details:has(summary:has-text('kaynak gösterin')) summary").first.click()
    page.locator(".md-header .md-select").first.hover()  # the language menu opens on hover
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(base_url + "/en/summits/2021-istanbul/")
    page.wait_for_load_state("networkidle")
    violations += page.evaluate("window.__violations")
    context.close()
    assert violations == []
    assert errors == []


def test_the_watch_sees_a_violation(browser, base_url: str):
    """Control: an inline script and a foreign image on a page under the policy are reported, not run."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    page.route(base_url + "/planted/", lambda route: route.fulfill(content_type="text/html", body=(
        f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{POLICY}"></head><body><script>document.title = "ran"</script>'
        '<img src="http://127.0.0.2:9/x.png" alt=""></body></html>')))
    page.route("http://127.0.0.2:9/**", lambda route: route.abort())  # another origin, never reached
    page.goto(base_url + "/planted/")
    page.wait_for_timeout(200)
    found = page.evaluate("window.__violations")
    assert page.title() != "ran"
    assert any(v.startswith("script-src") for v in found) and any(v.startswith("img-src") for v in found)
    context.close()
