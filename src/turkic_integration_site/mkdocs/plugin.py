"""The MkDocs hooks, each handing its work to one stage (generate, serve caches, search, finish)."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from ..pages.render import MemoryBytecodeCache, load_labels
from ..publish.finish import finish_site
from ..publish.search_stage import SEARCH_FOLDER, SearchStage, browser_settings
from .config import TurkicSiteConfig, search_weights
from .conversion import Conversion
from .generation import Generation
from .site_folder import KeptSiteFolder
from .watching import watch_by_events
from .theme import escape_meta, nested_language_build as _nested_language_build, publish_settings
from .theme_files import read_theme_our_way, without_unused

log = get_plugin_logger(__name__)


class TurkicSitePlugin(BasePlugin[TurkicSiteConfig]):
    # Having on_startup makes MkDocs keep this object across `mkdocs serve` rebuilds: what it holds is reused.
    def on_startup(self, *, command, dirty):
        self._serving = command == "serve"
        self._theme_code = MemoryBytecodeCache()  # both languages compile the same theme templates
        self._pages = Conversion(self._serving)  # each page reused, converted on the second core, or by MkDocs
        self._site_folder = KeptSiteFolder()  # under `mkdocs serve`, written over instead of emptied
        self._generation = Generation(self._serving)
        self._search = SearchStage(remember=self._serving)
        self._not_found: dict[str, str] = {}  # language -> its 404 page (each language's build writes site/404.html)

    def on_config(self, config):  # again on every serve rebuild, and once more per language (static-i18n)
        root = Path(self.config.root).resolve()
        read_theme_our_way(config.theme)
        labels = load_labels(root / "templates" / "labels.yaml")
        config.extra["tis_search"] = browser_settings(self.config.search, labels)
        if self.config.search.enabled and not _nested_language_build(config):
            self._search.start()
        latest_url, publication = publish_settings(config, self.config, root, labels)
        log.debug("generated %s file(s)", self._generation.run(root, Path(config.docs_dir), latest_url, publication))
        self._pages.new_build(self._generation.pages_digest, config)
        return config

    def on_files(self, files, config):
        return without_unused(files)

    @event_priority(-200)  # after every plugin that edits the navigation: MkDocs reads the pages next
    def on_nav(self, nav, config, files):
        self._pages.start(config, files)
        return nav

    def on_env(self, env, config, files):  # every page of this language is converted: MkDocs renders them next
        env.bytecode_cache = self._theme_code
        self._pages.converted(env)
        self._search.languages_built(Path(config.site_dir), self.config.search, search_weights(self.config.search))
        return env

    def _escape_meta(self, markdown, page, config, files):
        return escape_meta(page.meta, markdown)

    @event_priority(-200)  # after every plugin that edits the Markdown
    def _final_markdown(self, markdown, page, config, files):
        return self._pages.markdown(markdown, page, files)

    on_page_markdown = CombinedEvent(_escape_meta, _final_markdown)

    @event_priority(-200)  # after every plugin that edits the content: what is kept, shown and searched is sanitized
    def on_page_content(self, html, page, config, files):
        content = self._pages.content(html, page)
        self._search.read(page.url, config.theme["language"], unescape(str(page.title or "")), page.meta,
                          content, self.config.search.exclude)
        return content

    @event_priority(-200)  # after every plugin that edits the HTML: what is stored is what is written
    def on_post_page(self, output, page, config):
        return self._pages.output(output, page)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":  # every language's build writes site/404.html: keep each one
            self._not_found[config.theme["language"]] = output_content
        return output_content

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config):
        if _nested_language_build(config):
            return
        self._site_folder.sweep()
        self._search.write(Path(config.site_dir), self.config.search, search_weights(self.config.search), log.info)
        finish_site(Path(config.site_dir), self._not_found, config.extra["publication"],
                    None if self._serving else Path(self.config.root).resolve() / ".cache" / "pdf")

    def on_serve(self, server, config, builder):
        watch_by_events(server, Path(self.config.root).resolve(), config.docs_dir)
        self._site_folder.keep(config.site_dir, leave=(SEARCH_FOLDER,) if self.config.search.enabled else ())
        return server
