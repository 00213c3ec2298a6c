"""MkDocs hooks only: run the build before MkDocs reads docs/, and watch the sources on `mkdocs serve`."""

from __future__ import annotations

from pathlib import Path

import markupsafe
from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from .build import Reuse, build_date_from_env, input_fingerprint, render_files, write_tree
from .errors import ContentError
from .html_fixes import valid_html
from .serve_cache import MemoryBytecodeCache, PageCache, pages_digest, site_signature

log = get_plugin_logger(__name__)


class TurkicSiteConfig(base.Config):
    root = config_options.Dir(exists=True, default=".")


class TurkicSitePlugin(BasePlugin[TurkicSiteConfig]):
    _last_inputs: str | None = None
    _pages_digest = ""
    _theme_code: MemoryBytecodeCache | None = None
    _reuse: PageCache | None = None  # only under `mkdocs serve`: MkDocs' rendered pages ...
    _generated: Reuse | None = None  # ... and the generator's

    # Having on_startup makes MkDocs keep this object across `mkdocs serve` rebuilds: what it holds is reused.
    def on_startup(self, *, command, dirty):
        self._theme_code = MemoryBytecodeCache()
        self._reuse = PageCache() if command == "serve" else None
        self._generated = Reuse() if command == "serve" else None

    def on_config(self, config):
        # Runs again on every `mkdocs serve` rebuild, and once more per language (mkdocs-static-i18n):
        # regenerate only when an input changed; unchanged output files keep their bytes anyway.
        root = Path(self.config.root).resolve()
        inputs = input_fingerprint(root, config.site_url or "")
        if inputs != self._last_inputs or not Path(config.docs_dir).exists():
            try:
                files = render_files(root, config.site_url or "", build_date_from_env(), self._generated)
            except ContentError as err:
                raise PluginError(f"content has {len(err.problems)} problem(s):\n{err}") from None
            log.debug("generated %d changed file(s)", write_tree(files, Path(config.docs_dir)))
            self._last_inputs, self._pages_digest = inputs, pages_digest(files)
        if self._reuse is not None:
            self._reuse.new_build(site_signature(self._pages_digest, config.config_file_path, config.theme.custom_dir))
        return config

    def on_env(self, env, config, files):
        # Both language builds (and every serve rebuild) compile the same theme templates: once is enough.
        if self._theme_code is not None:
            env.bytecode_cache = self._theme_code
        if self._reuse is not None:
            self._reuse.install(env)
        return env

    def _escape_meta(self, markdown, page, config, files):
        # Material prints a page's title and description into <title>, meta tags and the navigation without
        # escaping them: hand it text already escaped for HTML, so a `"` or `<` in a title stays text.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], markupsafe.Markup):
                page.meta[key] = markupsafe.escape(page.meta[key])
        return markdown

    @event_priority(-200)  # after every plugin that edits the Markdown
    def _reuse_markdown(self, markdown, page, config, files):
        return self._reuse.markdown(markdown, page, files) if self._reuse is not None else markdown

    on_page_markdown = CombinedEvent(_escape_meta, _reuse_markdown)

    @event_priority(-200)
    def on_page_content(self, html, page, config, files):
        return self._reuse.content(html, page) if self._reuse is not None else html

    def _repair_html(self, output, page, config):
        return valid_html(output)

    @event_priority(-200)  # after every plugin that edits the HTML: what is stored is what is written
    def _reuse_output(self, output, page, config):
        return self._reuse.output(output, page) if self._reuse is not None else output

    on_post_page = CombinedEvent(_repair_html, _reuse_output)

    def on_post_template(self, output_content, template_name, config):
        return valid_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server, config, builder):
        # docs/ is generated: watching it too would cost a second rebuild per edit.
        server.unwatch(config.docs_dir)
        root = Path(self.config.root).resolve()
        for name in ("content", "sources", "templates"):
            server.watch(str(root / name))
        return server
