"""MkDocs hooks only: run the build before MkDocs reads docs/, and watch the sources on `mkdocs serve`."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .build import build, input_fingerprint
from .errors import ContentError
from .html_fixes import valid_html

log = get_plugin_logger(__name__)


class TurkicSiteConfig(base.Config):
    root = config_options.Dir(exists=True, default=".")


class TurkicSitePlugin(BasePlugin[TurkicSiteConfig]):
    _last_inputs: str | None = None

    def on_config(self, config):
        # Runs again on every `mkdocs serve` rebuild, and once more per language (mkdocs-static-i18n):
        # regenerate only when an input changed; unchanged output files keep their bytes anyway.
        root = Path(self.config.root).resolve()
        inputs = input_fingerprint(root, config.site_url or "")
        if inputs == self._last_inputs and Path(config.docs_dir).exists():
            return config
        try:
            changed = build(root, Path(config.docs_dir), config.site_url or "")
        except ContentError as err:
            raise PluginError(f"content has {len(err.problems)} problem(s):\n{err}") from None
        log.debug("generated %d changed file(s)", changed)
        self._last_inputs = inputs
        return config

    def on_post_page(self, output, page, config):
        return valid_html(output)

    def on_post_template(self, output_content, template_name, config):
        return valid_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server, config, builder):
        # docs/ is generated: watching it too would cost a second rebuild per edit.
        server.unwatch(config.docs_dir)
        root = Path(self.config.root).resolve()
        for name in ("content", "sources", "templates"):
            server.watch(str(root / name))
        return server
