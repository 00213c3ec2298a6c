"""Under `mkdocs serve`: reuse the HTML of every page whose inputs did not change since the last rebuild.

MkDocs renders every page again on every rebuild (its own dirty mode is no help with mkdocs-static-i18n,
see ../shared/DESIGN.md). A page's HTML depends on its Markdown and front matter, on its place in the site
(which pages exist and what they are called: navigation, previous/next, language links), on mkdocs.yml and
on the theme. The key of a page holds all of these, so a page is reused only when a fresh render would give
the same bytes: an edit of one record renders that record's pages (and the lists that show its text) again,
an edit of a title, the set of pages, mkdocs.yml or the theme renders every page again.

A reused page is read but not converted: it gets back its HTML, table of contents and anchors (so search
and anchor checks see what they saw before), and is written from the previous output without rendering the
theme.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2

REUSED_TEMPLATE = "turkic-site-reused.html"  # renders nothing: the stored output replaces it in on_post_page


@dataclass
class Rendered:
    """What Page.render sets on a page, as plain data that outlives the page (and pickles)."""

    content: str
    toc: object
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]]  # target file's src_uri -> anchor -> link, as MkDocs records
    html: str | None = None  # PageCache: the page's final HTML
    used: int = 0  # PageCache: the build that last used it

    @classmethod
    def of(cls, page, content: str) -> Rendered:
        links = {f.src_uri: dict(anchors) for f, anchors in (page.links_to_anchors or {}).items()}
        return cls(content, page.toc, page._title_from_render, page.present_anchor_ids, links)

    def give_to(self, page, files) -> None:
        """Set on `page` what its render set (a linked page that no longer exists is left out)."""
        page.content, page.toc, page._title_from_render = self.content, self.toc, self.title_from_render
        page.present_anchor_ids = self.present_anchor_ids
        by_uri = files.src_uris
        page.links_to_anchors = {by_uri[uri]: dict(anchors) for uri, anchors in self.links_to_anchors.items()
                                 if uri in by_uri}


class PageCache:
    def __init__(self):
        self._pages: dict[str, Rendered] = {}  # page key -> what its last render gave
        self._site = ""  # the signature of the site around every page, this build
        self._build = 0
        self._pending: dict[str, tuple[str, Rendered | None]] = {}  # dest_uri -> (key, stored if reused)

    def new_build(self, pages_digest: str, config) -> None:
        """Start of one language build (`pages_digest`: the generated pages, see below); forget what the last
        two builds (both languages) did not use."""
        self._build += 1
        self._site = site_signature(pages_digest, config.config_file_path, config.theme.custom_dir)
        self._pages = {k: r for k, r in self._pages.items() if r.used >= self._build - 2}
        self._pending = {}

    @staticmethod
    def install(env: jinja2.Environment) -> None:
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({REUSED_TEMPLATE: ""}), env.loader])

    def markdown(self, markdown: str, page, files) -> str:
        """The page's Markdown; when its stored render can be reused, MkDocs' render of it is skipped."""
        meta = json.dumps(page.meta, sort_keys=True, default=str)
        key = hashlib.sha256("\0".join((self._site, page.file.dest_uri, meta, markdown)).encode()).hexdigest()
        stored = self._pages.get(key)
        if stored is not None and stored.html is None:
            stored = None  # an earlier build stopped before writing it
        self._pending[page.file.dest_uri] = (key, stored)
        if stored is not None:
            # An attribute of this Page object only (MkDocs makes new ones every build): Page.render would
            # build a Python-Markdown instance with every extension just to convert the same text again.
            page.render = lambda config, files_: self._restore(page, stored, files)
        return markdown

    def _restore(self, page, stored: Rendered, files) -> None:
        stored.used = self._build
        stored.give_to(page, files)
        page.meta["template"] = REUSED_TEMPLATE

    def content(self, html: str, page, clean) -> str:
        """A page's content, `clean(html)` (the sanitizer) when MkDocs rendered it, recorded for the next rebuild;
        a reused page's content was cleaned when it was stored."""
        key, stored = self._pending[page.file.dest_uri]
        if stored is not None:
            return html
        html = clean(html)
        self._pages[key] = Rendered.of(page, html)
        self._pages[key].used = self._build
        return html

    def output(self, html: str, page) -> str:
        """The page's final HTML: stored when reused, else recorded for the next rebuild."""
        key, stored = self._pending.pop(page.file.dest_uri)
        if stored is not None:
            return stored.html
        if key in self._pages:
            self._pages[key].html = html
        return html


def pages_digest(files: dict[str, bytes]) -> str:
    """The set of generated files and the title of every page (the front matter's first line)."""
    digest = hashlib.sha256()
    for path, data in sorted(files.items()):
        digest.update(path.encode() + b"\0")
        if path.endswith(".md"):
            digest.update(data[:data.find(b"\n", 4)] + b"\0")
    return digest.hexdigest()


def site_signature(pages: str, config_file: str | None, theme_dir: str | None) -> str:
    """What every page's HTML depends on besides its own text: the pages and their titles, mkdocs.yml and
    the theme overrides."""
    digest = hashlib.sha256(pages.encode())
    if config_file:
        digest.update(Path(config_file).read_bytes())
    for path in sorted(Path(theme_dir).rglob("*")) if theme_dir else []:
        if path.is_file():
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
