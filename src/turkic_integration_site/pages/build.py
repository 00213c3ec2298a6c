"""The whole run: load → plan → render → write only the files whose bytes changed."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from ..common import textfile
from ..common.forked import Forked
from ..common.errors import ContentError, Problem
from . import argument, downloads
from .abbreviations import Abbreviations
from ..content.load import load_site
from ..content.site import Site
from ..content.model import LANGS
from ..citations.cite_page import page_citation
from .inputs import INPUT_FOLDERS, PageInputs
from .plan import PlannedPage, SitePlan
from ..common.publication import Publication
from .render import MemoryBytecodeCache, Renderer


CONTENT_FOLDERS = ("content", "sources")  # what loading the site reads; the templates are the other input


def build_date_from_env() -> str:
    """SOURCE_DATE_EPOCH makes builds reproducible; otherwise today's date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.date().isoformat()


@dataclass
class Reuse:
    """What a long-lived process (`mkdocs serve`) keeps from one run to the next."""

    templates: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)  # compiled Jinja templates
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # docs path -> (inputs digest, bytes)
    content: tuple[str, Site, dict[str, bytes]] | None = None  # (digest of content/ and sources/, site, downloads)

    def loaded(self, root: Path, digest: str | None = None) -> tuple[Site, dict[str, bytes]]:
        """The site and its downloads, loaded again only when a file under content/ or sources/ changed (an edit
        of a template loads nothing; `digest`: their folders_digest, when already taken). Nothing changes a
        loaded Site: the same files give the same object."""
        digest = digest or folders_digest(root, CONTENT_FOLDERS)
        if self.content is None or self.content[0] != digest:
            self.content = (digest, *load_with_downloads(root))
        return self.content[1], self.content[2]


def load_with_downloads(root: Path) -> tuple[Site, dict[str, bytes]]:
    site = load_site(root)
    return site, downloads.downloads(site)


def render_pages(plan: SitePlan, renderer: Renderer, reuse: Reuse | None = None,
                 publication: Publication | None = None, inputs: PageInputs | None = None) -> dict[str, bytes]:
    """Every generated Markdown file, encoded, keyed by its path under docs/ (with the language suffix).

    With `reuse` (and the `inputs` of this run), a page whose inputs are those of the last run keeps its text
    instead of being rendered again. Without it (a whole build), the languages after the first are rendered in
    forked children while this process renders the first (common/forked.py)."""
    def language(lang: str) -> tuple[dict[str, bytes], dict[str, tuple[str, bytes]]]:
        return _render_language(plan, renderer, reuse, inputs, publication or Publication(), lang)

    others = {lang: Forked(partial(language, lang)) for lang in LANGS[1:]} if reuse is None else {}
    try:
        done = [language(LANGS[0]), *(others[lang].result() if lang in others else language(lang) for lang in LANGS[1:])]
    finally:
        for other in others.values():
            other.cancel()  # only a child whose result was not collected: this language failed first
    if reuse is not None:
        reuse.pages = {path: entry for _, kept in done for path, entry in kept.items()}
    return {path: text for out, _ in done for path, text in out.items()}


def _render_language(plan: SitePlan, renderer: Renderer, reuse: Reuse | None, inputs: PageInputs | None,
                     publication: Publication, lang: str) -> tuple[dict[str, bytes], dict[str, tuple[str, bytes]]]:
    """One language's files, and what `reuse` keeps of them for the next run."""
    out: dict[str, bytes] = {}  # encoded at once: no page is held both as text and as bytes
    kept: dict[str, tuple[str, bytes]] = {}
    abbreviations = Abbreviations(list(plan.site.terms.values()), lang)
    for planned in plan.pages(lang):
        path = planned.path.removesuffix(".md") + f".{lang}.md"
        source = plan.source_of(planned, lang)  # a record's line moves when an earlier record is edited
        digest = inputs.of(planned, source) if inputs is not None else None
        last = reuse.pages.get(path) if reuse is not None else None
        if last and last[0] == digest:
            out[path] = last[1]
        else:
            text = render_page(planned, lang, renderer, publication, source)
            out[path] = (text + abbreviations.footer(text)).encode("utf-8")
        if digest is not None:
            kept[path] = (digest, out[path])
    return out, kept


def render_page(planned: PlannedPage, lang: str, renderer: Renderer, publication: Publication,
                source: tuple[str, int | None]) -> str:
    L, title = renderer.labels[lang], planned.title
    twins = {code: renderer.site_url + ("" if code == LANGS[0] else f"{code}/") + _url_path(planned.path)
             for code in LANGS}
    cite = page_citation(title, twins[lang], lang, renderer.build_date, L, publication, _url_path(planned.path))
    context = dict(planned.context)
    description = context.pop("description", None) or f"{title} · {L['site_title']}"
    path, line = source
    return renderer.page(planned.template, planned.path, lang, title=title, kind=planned.kind, cite=cite,
                         description=description, twins=twins, publication=publication,
                         root_url="../" * _url_path(planned.path).count("/"), argument_pdf=argument.PDF,
                         source={"path": path, "line": line, "url": publication.source_link(path, line)}, **context)


def _url_path(path: str) -> str:
    stem = path.removesuffix(".md").removesuffix("index")
    return stem + "/" if stem and not stem.endswith("/") else stem


def render_files(root: Path, site_url: str, build_date: str, reuse: Reuse | None = None,
                 publication: Publication | None = None, content_digest: str | None = None) -> dict[str, bytes]:
    """Load, validate and render everything into memory; raises ContentError before anything is written.
    (`content_digest`: the folders_digest of CONTENT_FOLDERS, when the caller took it already.)"""
    site, site_downloads = reuse.loaded(root, content_digest) if reuse is not None else load_with_downloads(root)
    topology = read_geo(root)
    # Compiled templates are kept (Jinja checks each template's source before reusing its code): in memory
    # under `mkdocs serve`, else in Jinja's per-user cache folder in the system's temporary directory.
    code = reuse.templates if reuse is not None else jinja2.FileSystemBytecodeCache()
    renderer = Renderer(site, root / "templates", site_url, build_date, bytecode_cache=code)
    plan = SitePlan(site, root / "templates", renderer.labels, topology)
    renderer.env.globals.update(plan.template_globals())
    renderer.place = plan.place
    settings = f"{site_url}\0{build_date}\0{publication!r}"
    inputs = PageInputs(root, plan, renderer.env, settings) if reuse is not None else None
    files = render_pages(plan, renderer, reuse, publication, inputs)
    for asset in sorted((root / "templates" / "assets").glob("*")):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    for name, data in site_downloads.items():
        # mkdocs-static-i18n builds each language from its own suffixed files: each gets its copy.
        stem, _, ext = name.rpartition(".")
        for lang in LANGS:
            files[f"{stem}.{lang}.{ext}"] = data
    files.update(downloads.per_language(site, renderer.labels))
    return files


GEO = "sources/geo/countries-110m.json"  # the map's country shapes (TopoJSON)
# Kept while the file is unchanged (`mkdocs serve`): the same text gives the same object, whose decoded shapes
# figures.map_svg keeps in turn. Nothing changes the parsed topology.
_parsed_json = functools.lru_cache(maxsize=1)(json.loads)


def read_geo(root: Path) -> dict:
    """The map's shapes; a missing or broken file is a located problem, like any other input."""
    if not (root / GEO).is_file():
        raise ContentError([Problem(GEO, 1, 1, "file is missing")])
    text, problems = textfile.read(root / GEO, GEO)
    if problems:
        raise ContentError(problems)
    try:
        topology = _parsed_json(text)
    except json.JSONDecodeError as err:
        raise ContentError([Problem(GEO, err.lineno, err.colno, f"not JSON: {err.msg}")]) from None
    shape_ok = (isinstance(topology, dict) and isinstance(topology.get("arcs"), list)
                and isinstance(topology.get("transform"), dict)
                and isinstance(topology.get("objects", {}).get("countries", {}).get("geometries"), list))
    if not shape_ok:
        raise ContentError([Problem(GEO, 1, 1, "not a TopoJSON topology with 'arcs', 'transform' and "
                                               "'objects.countries.geometries'")])
    return topology


def write_tree(files: dict[str, bytes], out: Path) -> int:
    """Write files whose bytes differ, atomically; delete generated files no longer produced."""
    out.mkdir(parents=True, exist_ok=True)
    changed = 0
    for rel, data in sorted(files.items()):
        target = out / rel
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        changed += 1
    keep = {out / rel for rel in files} | {out / ".gitignore"}
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def input_fingerprint(root: Path, site_url: str, publication: Publication | None = None,
                      content_digest: str | None = None) -> str:
    """A digest of everything the output depends on: content, sources, templates, address, date and publication
    (`content_digest`: the folders_digest of CONTENT_FOLDERS, when the caller took it already)."""
    content = content_digest or folders_digest(root, CONTENT_FOLDERS)
    rest = [folder for folder in INPUT_FOLDERS if folder not in CONTENT_FOLDERS]
    return folders_digest(root, rest, f"{site_url}\0{build_date_from_env()}\0{publication!r}\0{content}")


def folders_digest(root: Path, folders, settings: str = "") -> str:
    """A digest of every file under `folders` of `root`, its path and bytes, and of `settings`."""
    digest = hashlib.sha256(settings.encode())
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build(root: Path, docs_dir: Path, site_url: str, build_date: str | None = None,
          publication: Publication | None = None) -> int:
    files = render_files(root, site_url, build_date or build_date_from_env(), publication=publication)
    return write_tree(files, docs_dir)
