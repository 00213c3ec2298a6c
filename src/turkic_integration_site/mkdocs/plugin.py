"""MkDocs hooks only: run the build before MkDocs reads docs/, watch the sources on `mkdocs serve`,
and index the built pages for search."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import time
from pathlib import Path

import markupsafe
from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from ..pages import argument
from ..publish import fold, search_index, sitemap
from ..pages.build import Reuse, build_date_from_env, input_fingerprint, render_files, write_tree
from ..common.dates import DateSpan
from ..common.errors import ContentError
from ..publish.html_fixes import valid_html
from ..content.model import LANGS
from ..publish.pdf import write_pdf
from ..common.publication import Editor, Publication, addresses, source_commit
from ..pages.render import load_labels
from ..pages.render import MemoryBytecodeCache
from .serve_cache import PageCache, pages_digest, site_signature

log = get_plugin_logger(__name__)
PREFIXES = tuple("" if lang == LANGS[0] else lang for lang in LANGS)  # each language's folder in site/
WORDS = ("version", "commit", "build_date", "not_found_title", "not_found_text", "not_found_home", "not_found_other")
ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


class EditorConfig(base.Config):
    name = config_options.Type(str)  # a person as "Family, Given"
    orcid = config_options.Optional(config_options.Type(str))


class WeightsConfig(base.Config):
    names = config_options.Type((int, float), default=search_index.Weights.names)
    headings = config_options.Type((int, float), default=search_index.Weights.headings)
    text = config_options.Type((int, float), default=search_index.Weights.text)


class SearchConfig(base.Config):
    """Everything about search in one place (mkdocs.yml: plugins › turkic-site › search)."""

    enabled = config_options.Type(bool, default=True)
    min_chars = config_options.Type(int, default=2)  # no search (and no download) for shorter queries
    debounce_ms = config_options.Type(int, default=250)  # search once the reader pauses typing
    results = config_options.Type(int, default=8)  # results whose excerpts are fetched and shown
    # How much a word counts where it stands: in the page's names, in a heading, in the text.
    weights = config_options.SubConfig(WeightsConfig)
    # Pages kept per word (the best-scoring): bounds what one word costs to download on a big site.
    pages_per_word = config_options.Type(int, default=200)
    # An index file bigger than this is split by the next letter: bounds what one typed word downloads.
    node_bytes = config_options.Type(int, default=12_000)
    excerpt_chars = config_options.Type(int, default=5_000)  # text kept per page for result excerpts
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
    _documents: list[search_index.Document] | None = None  # the pages as search sees them, during one build
    _reading_seconds = 0.0
    _read: dict[str, search_index.Document] = {}  # under `mkdocs serve`: page digest -> its reading (on_startup)
    _read_used: set[str] = set()
    _serving = False

    # Having on_startup makes MkDocs keep this object across `mkdocs serve` rebuilds: what it holds is reused.
    def on_startup(self, *, command, dirty):
        self._theme_code = MemoryBytecodeCache()
        self._reuse = PageCache() if command == "serve" else None
        self._read, self._read_used = {}, set()
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
        list of pages to index at the start of a whole build (not of a nested language build)."""
        search = self.config.search
        config.extra["tis_search"] = {
            "letters": fold.LETTERS, "minChars": search.min_chars, "debounceMs": search.debounce_ms,
            "results": search.results, "keyMark": search_index.KEY_MARK, "rootDepth": search_index.ROOT_DEPTH,
            "labels": {lang: {k.removeprefix("search_"): v for k, v in words.items() if k.startswith("search_")}
                       for lang, words in load_labels(root / "templates" / "labels.yaml").items()},
        }
        if search.enabled and not _nested_language_build(config):
            self._documents, self._reading_seconds = [], 0.0
            # keep the readings of the pages the last rebuild (both languages) indexed, drop the rest
            self._read = {k: v for k, v in self._read.items() if k in self._read_used}
            self._read_used = set()

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

    def _read_for_search(self, output, page, config):
        # The whole-argument page repeats the walk-through pages: search leads to those instead.
        if self._documents is not None and page.meta.get("kind") != "argument":
            start = time.perf_counter()
            self._documents.append(self._read_page(page, config.theme["language"]))
            self._reading_seconds += time.perf_counter() - start
        return output

    def _read_page(self, page, lang: str) -> search_index.Document:
        """A page as search sees it; under `mkdocs serve` remembered for the pages the next rebuild reuses."""
        title = html.unescape(str(page.title or ""))  # escaped for Material by _escape_meta
        names, content = page.meta.get("search_names", []), page.content or ""
        if self._reuse is None:
            return search_index.read_page(page.url, lang, title, names, content, self.config.search.exclude)
        key = hashlib.sha256("\0".join([page.url, lang, title, content, *names]).encode()).hexdigest()
        if key not in self._read:
            self._read[key] = search_index.read_page(page.url, lang, title, names, content,
                                                     self.config.search.exclude)
        self._read_used.add(key)
        return self._read[key]

    @event_priority(-200)  # after every plugin that edits the HTML: what is stored is what is written
    def _reuse_output(self, output, page, config):
        return self._reuse.output(output, page) if self._reuse is not None else output

    on_post_page = CombinedEvent(_repair_html, _read_for_search, _reuse_output)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":  # every language's build writes site/404.html: keep each one
            self._not_found[config.theme["language"]] = valid_html(output_content)
        return valid_html(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config):
        if _nested_language_build(config):
            return
        if self._documents is not None:
            start, search = time.perf_counter(), self.config.search
            documents, self._documents = self._documents, None
            weights = search_index.Weights(search.weights.names, search.weights.headings, search.weights.text)
            pages = search_index.write_index(documents, Path(config.site_dir), weights, search.pages_per_word,
                                             search.node_bytes, search.excerpt_chars)
            log.info("search index: %d pages in %.2f s (+ %.2f s reading them)", pages,
                     time.perf_counter() - start, self._reading_seconds)
        self._finish_site(config)

    def _finish_site(self, config):
        """Once every language is built: both 404 pages, the sitemaps and robots.txt, the PDFs."""
        site_dir = Path(config.site_dir)
        # Material copies its own search (lunr and its worker) with the theme; this site never loads them.
        for unused in ("lunr", "workers"):
            shutil.rmtree(site_dir / "assets" / "javascripts" / unused, ignore_errors=True)
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
