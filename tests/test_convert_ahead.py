"""Pages converted on the second core (mkdocs/convert_ahead.py): the same site, the same warnings, and a child
that fails or converts other Markdown changes nothing."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from turkic_integration_site.common.forked import can_fork
from turkic_integration_site.mkdocs.convert_ahead import ConvertAhead

pytestmark = pytest.mark.skipif(not can_fork(), reason="converting ahead needs fork (Linux)")
PAGES = 12


class Ahead(BasePlugin):
    """ConvertAhead wired as the site's plugin wires it (on_nav, page_markdown last, on_env)."""

    def __init__(self):
        super().__init__()
        self.ahead, self.taken = ConvertAhead(), []

    @event_priority(-200)
    def on_nav(self, nav, config, files):
        self.ahead.start(config, files)
        return nav

    @event_priority(-200)
    def on_page_markdown(self, markdown, page, config, files):
        self.ahead.turn(page, markdown, files)
        if "render" in vars(page):  # the child's conversion, restored instead of converting here
            self.taken.append(page.file.src_uri)
        return markdown

    def on_env(self, env, config, files):
        self.ahead.stop()
        return env


def project(root: Path, broken: bool = False) -> Path:
    """A small strict site: pages full of links to each other's headings; with `broken`, every page links to a
    page that does not exist."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n" + " ".join(f"[{i}](p{i:02}.md#part-{i})" for i in range(PAGES)) + "\n")
    for i in range(PAGES):
        links = " ".join(f"[see {j}](p{j:02}.md#part-{j}) and [back](#part-{i})" for j in range(PAGES))
        body = "\n\n".join(f"## Part {i}\n\nSome *text* {k}: {links}" for k in range(6))
        missing = "\n\n[nowhere](missing.md)\n" if broken else "\n"
        (docs / f"p{i:02}.md").write_text(f"# Page {i}\n\n{body}{missing}")
    (root / "mkdocs.yml").write_text("site_name: Test\nstrict: true\nmarkdown_extensions: [toc, attr_list]\n")
    return root


def built(root: Path, plugin: BasePlugin | None, site: str) -> dict[str, bytes]:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site))
    if plugin is not None:
        config.plugins["ahead"] = plugin
    build(config)
    return {str(p.relative_to(root / site)): p.read_bytes() for p in sorted((root / site).rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # the build date MkDocs writes into every page


@pytest.fixture
def slow_here(monkeypatch):
    """Conversion in this process takes a little longer, so the child surely gets to some turns first."""
    parent, render = os.getpid(), Page.render

    def render_slowly(page, config, files):
        if os.getpid() == parent:
            import time
            time.sleep(0.03)
        return render(page, config, files)

    monkeypatch.setattr(Page, "render", render_slowly)


def test_the_child_converts_pages_and_the_site_is_the_same_byte_for_byte(tmp_path, slow_here):
    root, ahead = project(tmp_path), Ahead()
    alone = built(root, None, "alone")
    assert built(root, ahead, "site") == alone
    assert ahead.taken and len(ahead.taken) <= PAGES // 2 + 1, ahead.taken  # the child only takes every other


def test_what_the_child_logs_is_logged_here_once_and_counts_in_a_strict_build(tmp_path, slow_here, caplog):
    root, ahead = project(tmp_path, broken=True), Ahead()
    caplog.set_level(logging.INFO)
    with pytest.raises(Abort, match=f"Aborted with {PAGES} warnings in strict mode"):
        built(root, ahead, "site")
    assert ahead.taken
    warnings = [r.getMessage() for r in caplog.records if "missing.md" in r.getMessage()]
    assert sorted(warnings) == sorted(f"Doc file 'p{i:02}.md' contains a link 'missing.md', but the target is not "
                                      "found among documentation files." for i in range(PAGES))


def test_a_child_that_dies_leaves_every_page_to_this_process(tmp_path, monkeypatch):
    root, ahead = project(tmp_path), Ahead()
    alone = built(root, None, "alone")
    monkeypatch.setattr(ConvertAhead, "_convert_in_child", lambda *args: os._exit(3))
    assert built(root, ahead, "site") == alone
    assert ahead.taken == []


def test_a_page_the_child_read_differently_is_converted_here(tmp_path, slow_here):
    """A plugin whose Markdown depends on the process: the child's conversions are refused."""
    parent = os.getpid()

    class Stamp(BasePlugin):
        def on_page_markdown(self, markdown, page, config, files):
            return markdown + f"\n\nconverted by {'this process' if os.getpid() == parent else 'the child'}\n"

    root, ahead = project(tmp_path), Ahead()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins["stamp"], config.plugins["ahead"] = Stamp(), ahead
    build(config)
    pages = [p.read_text() for p in (root / "site").rglob("*.html") if p.parent.name.startswith("p")]
    assert len(pages) == PAGES and all("converted by this process" in page for page in pages)
    assert ahead.taken == []
