"""Each page's way through Python-Markdown: its last render reused (serve_cache, under `mkdocs serve`, where its
front matter is parsed once while unchanged: front_matter), its conversion taken from the second core
(convert_ahead, in a whole build), or converted by MkDocs, with links read in fewer steps (link_brackets) and
code fences formatted by formatters made once (code_formatters); then sanitized, whichever way it came."""

from __future__ import annotations

import jinja2

from ..publish.sanitize import sanitize
from . import code_formatters, front_matter, link_brackets
from .convert_ahead import ConvertAhead
from .serve_cache import PageCache


class Conversion:
    def __init__(self, serving: bool):
        link_brackets.install()
        code_formatters.install()
        self._reuse = PageCache() if serving else None  # MkDocs' rendered pages, under `mkdocs serve`
        if serving:
            front_matter.install()
        # A whole build only: a rebuild under `mkdocs serve` converts a few pages, fewer than a fork costs (the
        # child's memory is the server's, copied page by page as either process writes to it)
        self._ahead = ConvertAhead() if not serving else None

    def new_build(self, pages_digest: str, config) -> None:
        """A language build starts (`pages_digest`: the generated pages, see serve_cache)."""
        if self._reuse is not None:
            self._reuse.new_build(pages_digest, config)

    def start(self, config, files) -> None:
        """The language's pages exist (on_nav): the second core starts converting."""
        if self._ahead is not None:
            self._ahead.start(config, files)

    def markdown(self, markdown: str, page, files) -> str:
        """The page's final Markdown: its last render reused, or the second core's conversion of it taken."""
        if self._reuse is not None:
            self._reuse.markdown(markdown, page, files)
        else:
            self._ahead.turn(page, markdown, files)
        return markdown

    def content(self, html: str, page) -> str:
        return self._reuse.content(html, page, sanitize) if self._reuse is not None else sanitize(html)

    def output(self, html: str, page) -> str:
        return self._reuse.output(html, page) if self._reuse is not None else html

    def converted(self, env: jinja2.Environment) -> None:
        """Every page of the language is converted (on_env): the second core stops; the theme gets the empty
        template a reused page renders (harmless in a whole build)."""
        if self._ahead is not None:
            self._ahead.stop()
        PageCache.install(env)
