"""MkDocs hooks only: run the build before MkDocs reads docs/, watch the sources on `mkdocs serve`,
and index the built pages for search."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
from pathlib import Path

import markupsafe
from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from . import argument, fold, search_index, sitemap
from .build import Reuse, build_date_from_env, input_fingerprint, render_files, write_tree
from .dates import DateSpan
from .errors import ContentError
from .html_fixes import valid_html
from .model import LANGS
from .pdf import write_pdf
from .publication import Editor, Publication, addresses, source_commit
from .render import load_labels
from .serve_cache import MemoryBytecodeCache, PageCache, pages_digest, site_signature

log = get_plugin_logger(__name__)
PREFIXES = tuple("" if lang == LANGS[0] else lang for lang in LANGS)  # each language's folder in site/
WORDS = ("version", "commit", "build_date", "not_found_title", "not_found_text", "not_found_home", "not_found_other")
ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


class EditorConfig(base.Config):
    name = config_options.Type(str)  # a person as "Family, Given"
    orcid = config_options.Optional(config_options.Type(str))


class SearchConfig(base.Config):
    """Everything about search in one place (mkdocs.yml: plugins › turkic-site › search)."""

    enabled = config_options.Type(bool, default=True)
    min_chars = config_options.Type(int, default=2)  # no search (and no download) for shorter queries
    debounce_ms = config_options.Type(int, default=250)  # search once the reader pauses typing
    results = config_options.Type(int, default=8)  # results whose excerpts are fetched and shown
    # Pagefind's ranking boost per metadata field: title (its own), fold (names, folded), fold_words.
    weights = config_options.DictOfItems(config_options.Type((int, float)), default={})
    chunk_size = config_options.Type(int, default=20_000)  # word locations per index file (Pagefind's default)
    # Parts of a page left out of the index (simple `tag.class` or `.class` selectors).
    exclude = config_options.ListOfItems(config_options.Type(str), default=[])


class TurkicSiteConfig(base.Config):
    root = config_options.Dir(exists=True, default=".")
    search = config_options.SubConfig(SearchConfig)
    # The site's editors, named once; empty: the site's own name, as an organization, is the author.
    editors = config_options.ListOfItems(config_options.SubConfig(EditorConfig), default=[])
    # https://github.com/OWNER/REPO: every page links to the file and line it was generated from.
    repository = config_options.Type(str, default="")


def _nested_language_build(config) -> bool:
    """mkdocs-static-i18n builds each further language inside its own on_post_build, while `building`."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


class TurkicSitePlugin(BasePlugin[TurkicSiteConfig]):
    _last_inputs: str | None = None
    _pages_digest = ""
    _theme_code: MemoryBytecodeCache | None = None
    _reuse: PageCache | None = None  # only under `mkdocs serve`: MkDocs' rendered pages ...
    _generated: Reuse | None = None  # ... and the generator's
    _staging: Path | None = None  # the pages as the search indexer reads them, during one build
    _staging_seconds = 0.0
    _search_meta: dict[str, str] = {}  # under `mkdocs serve`: content digest -> search metadata (see on_startup)
    _search_meta_used: set[str] = set()
    _serving = False

    # Having on_startup makes MkDocs keep this object across `mkdocs serve` rebuilds: what it holds is reused.
    def on_startup(self, *, command, dirty):
        self._theme_code = MemoryBytecodeCache()
        self._reuse = PageCache() if command == "serve" else None
        self._search_meta, self._search_meta_used = {}, set()
        self._generated = Reuse() if command == "serve" else None
        # The PDF takes seconds: `mkdocs serve` never builds it, so an edit reloads as fast as before.
        self._serving = command == "serve"
        self._not_found: dict[str, str] = {}  # language -> its 404 page (each language's build writes site/404.html)

    def on_config(self, config):
        # Runs again on every `mkdocs serve` rebuild, and once more per language (mkdocs-static-i18n):
        # regenerate only when an input changed; unchanged output files keep their bytes anyway.
        root = Path(self.config.root).resolve()
        self._configure_search(config, root)
        latest_url, version_url = addresses(config.site_url or "")
        publication = self._publication(root, version_url)
        config.extra["publication"] = theme_settings(publication, latest_url, build_date_from_env(),
                                                     load_labels(root / "templates" / "labels.yaml"))
        if version_url:  # built by mike: Material's version selector reads mike's versions.json
            config.extra["version"] = {"provider": "mike", "default": "latest"}
        inputs = input_fingerprint(root, latest_url, publication)
        if inputs != self._last_inputs or not Path(config.docs_dir).exists():
            try:
                files = render_files(root, latest_url, build_date_from_env(), self._generated, publication)
            except ContentError as err:
                raise PluginError(f"content has {len(err.problems)} problem(s):\n{err}") from None
            log.debug("generated %d changed file(s)", write_tree(files, Path(config.docs_dir)))
            self._last_inputs, self._pages_digest = inputs, pages_digest(files)
        if self._reuse is not None:
            self._reuse.new_build(site_signature(self._pages_digest, config.config_file_path, config.theme.custom_dir))
        return config

    def _configure_search(self, config, root: Path) -> None:
        """What the search box needs (config.extra.tis_search, read by partials/search.html), and a fresh
        staging folder for the indexer at the start of a whole build (not of a nested language build)."""
        search = self.config.search
        config.extra["tis_search"] = {
            "letters": fold.LETTERS, "minChars": search.min_chars, "debounceMs": search.debounce_ms,
            "results": search.results, "weights": search.weights, "separator": search_index.NAME_SEPARATOR,
            "key": search_index.KEY,
            "labels": {lang: {k.removeprefix("search_"): v for k, v in words.items() if k.startswith("search_")}
                       for lang, words in load_labels(root / "templates" / "labels.yaml").items()},
        }
        if search.enabled and not _nested_language_build(config):
            self._drop_staging()
            self._staging = Path(tempfile.mkdtemp(prefix="turkic-search-"))
            self._staging_seconds = 0.0
            # keep the search metadata of the pages the last rebuild (both languages) staged, drop the rest
            self._search_meta = {k: v for k, v in self._search_meta.items() if k in self._search_meta_used}
            self._search_meta_used = set()

    def _publication(self, root: Path, version_url: str) -> Publication:
        for editor in self.config.editors:
            if editor.orcid and not ORCID.fullmatch(editor.orcid):
                raise PluginError(f"mkdocs.yml: editor '{editor.name}': '{editor.orcid}' is not an ORCID iD "
                                  "(0000-0000-0000-0000)")
        return Publication(editors=tuple(Editor(e.name, e.orcid) for e in self.config.editors),
                           repository=self.config.repository, commit=source_commit(root), version_url=version_url)

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

    def _stage_for_search(self, output, page, config):
        # The whole-argument page repeats the walk-through pages: search leads to those instead.
        if self._staging is not None and page.meta.get("kind") != "argument":
            start = time.perf_counter()
            meta = self._index_meta(page.content or "", page.meta.get("search_names", []))
            search_index.stage_page(self._staging, page.file.dest_uri, config.theme["language"], page.content or "",
                                    meta)
            self._staging_seconds += time.perf_counter() - start
        return output

    def _index_meta(self, content: str, names: list[str]) -> str:
        """A page's search metadata; under `mkdocs serve` remembered for the pages the next rebuild reuses."""
        if self._reuse is None:
            return search_index.index_meta(content, names, self.config.search.exclude)
        key = hashlib.sha256("\0".join([content, *names]).encode()).hexdigest()
        if key not in self._search_meta:
            self._search_meta[key] = search_index.index_meta(content, names, self.config.search.exclude)
        self._search_meta_used.add(key)
        return self._search_meta[key]

    @event_priority(-200)  # after every plugin that edits the HTML: what is stored is what is written
    def _reuse_output(self, output, page, config):
        return self._reuse.output(output, page) if self._reuse is not None else output

    on_post_page = CombinedEvent(_repair_html, _stage_for_search, _reuse_output)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":  # every language's build writes site/404.html: keep each one
            self._not_found[config.theme["language"]] = valid_html(output_content)
        return valid_html(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config):
        if _nested_language_build(config):
            return
        if self._staging is not None:
            start = time.perf_counter()
            try:
                pages = search_index.write_index(self._staging, Path(config.site_dir), self.config.search.exclude,
                                                 self.config.search.chunk_size)
            finally:
                self._drop_staging()
            log.info("search index: %d pages in %.2f s (+ %.2f s preparing them)", pages,
                     time.perf_counter() - start, self._staging_seconds)
        self._finish_site(config)

    def on_shutdown(self):
        self._drop_staging()

    def _drop_staging(self):
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _finish_site(self, config):
        """Once every language is built: both 404 pages, the sitemaps and robots.txt, the PDFs."""
        site_dir = Path(config.site_dir)
        for lang, page in self._not_found.items():
            path = site_dir / ("" if lang == LANGS[0] else lang) / "404.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
        pub = config.extra["publication"]
        sitemap.write(site_dir, pub["latest_url"], pub["date"])
        if self._serving:
            return
        for lang, prefix in zip(LANGS, PREFIXES):
            base = (pub["version_url"] or pub["latest_url"]) + (f"{prefix}/" if prefix else "")
            write_pdf(site_dir / prefix / "argument" / "index.html", site_dir / prefix / argument.PDF,
                      base + "argument/", lang, Path(self.config.root).resolve() / ".cache" / "pdf")

    def on_serve(self, server, config, builder):
        # docs/ is generated: watching it too would cost a second rebuild per edit.
        server.unwatch(config.docs_dir)
        root = Path(self.config.root).resolve()
        for name in ("content", "sources", "templates"):
            server.watch(str(root / name))
        return server


def theme_settings(publication: Publication, latest_url: str, build_date: str, labels: dict) -> dict:
    """What the theme's footer, 404 page and meta tags need: authors, version stamp, addresses, their words."""
    day = DateSpan.parse(build_date)
    return {
        "words": {lang: {key: labels[lang][key] for key in WORDS} | {
            "date": day.format(lang),
            "not_found_twin": latest_url + ("" if lang != LANGS[0] else f"{LANGS[1]}/") + "404.html",
        } for lang in LANGS},
        "editors": [{"name": e.name, "orcid": e.orcid} for e in publication.editors],
        "version": publication.version, "version_label": publication.version_label,
        "commit": publication.commit, "date": build_date, "latest_url": latest_url,
        "version_url": publication.version_url, "repository": publication.repository,
    }
