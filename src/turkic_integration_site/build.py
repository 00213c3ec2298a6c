"""The whole run: load, render both languages, write only the files whose bytes changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from . import citation_syntax, export, figures
from .cite import collation_key
from .errors import ContentError, Problem
from .load import Site, check_markdown, load_site, texts_in
from .model import LANGS, Record
from .pagecite import page_citation
from .render import Renderer, record_path, titles

TIMELINE_CATEGORIES = ("summit", "treaty", "war-security", "institution", "membership", "defence-industry",
                       "diplomacy", "history")
WALKTHROUGH = ("summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")
RECORD_TEMPLATES = {"summits": "summit.md.j2", "treaties": "treaty.md.j2", "events": "event.md.j2",
                    "organizations": "organization.md.j2", "states": "state.md.j2"}


def build_date_from_env() -> str:
    """SOURCE_DATE_EPOCH makes builds reproducible; otherwise today's date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.date().isoformat()


class SiteRenderer:
    """Decides which pages exist and what each template is given."""

    def __init__(self, site: Site, templates: Path, site_url: str, build_date: str, topology: dict):
        self.site = site
        self.topology = topology
        self.templates = templates
        self.renderer = Renderer(site, templates, site_url, build_date)
        self.labels = self.renderer.labels
        self.site_url, self.build_date = self.renderer.site_url, build_date
        self._backlinks = self._index_backlinks()
        self._citers = self._index_citations()
        env = self.renderer.env
        env.globals.update(
            sorted_keys=self.sorted_keys, sorted_records=self.sorted_records, kind_label=self.kind_label,
            linked_from=lambda rid: self._backlinks.get(rid, []), memberships_of=self.memberships_of,
            note_users=self.note_users, citing_pages=self.citing_pages, bibtex_of=self.bibtex_of,
            pages_discussing=self.pages_discussing,
        )

    # ---- helpers the templates call -------------------------------------------------------------
    def sorted_keys(self, keys: list[str], lang: str) -> list[str]:
        return sorted(set(keys), key=lambda k: self.site.bib.sort_key(k, lang))

    def sorted_records(self, ids: list[str]) -> list[str]:
        def key(rid: str):
            d = self.site.record(rid).sort_date
            return (d is None, d.start if d else None, rid)
        return sorted(ids, key=key)

    def kind_label(self, record: Record, lang: str) -> str:
        L = self.labels[lang]
        return {
            "summits": lambda r: L[f"series_{r.series}"], "treaties": lambda r: L[f"kind_{r.kind}"],
            "events": lambda r: L[f"category_{r.category}"], "organizations": lambda r: L[f"role_{r.role}"],
            "states": lambda r: L["page_states"], "memberships": lambda r: L[f"status_{r.status}"],
        }[record.family](record)

    def memberships_of(self, rid: str) -> list:
        rows = [m for m in self.site.memberships.values() if rid in (m.member, m.organization)]
        return sorted(rows, key=lambda m: (m.since is None, m.since.start if m.since else None, m.id))

    def pages_discussing(self, record) -> list[str]:
        """The article's sections the record names, and the walk-through pages that list it, in reading order."""
        named = set(getattr(record, "sections", [])) | {
            p.id for p in self.site.pages.values() if record.id in p.meta.records}
        return sorted(named & set(self.site.pages), key=lambda pid: self.site.pages[pid].meta.order)

    def note_users(self, note_id: str) -> list[str]:
        return [r.id for fam in self.site.records.values() for r in fam.values()
                if isinstance(r, Record) and note_id in r.notes]

    def citing_pages(self, key: str, lang: str) -> list[tuple[str, str]]:
        return [(target, title[lang]) for target, title in self._citers.get(key, [])]

    def bibtex_of(self, key: str) -> str:
        return export.bibtex({key: self.site.bib.sources[key].entry}).strip()

    def _index_backlinks(self) -> dict[str, list[str]]:
        """For each record, the records that name it in a reference field."""
        links: dict[str, list[str]] = defaultdict(list)
        fields = ("host", "parties", "organization", "predecessor", "member", "summit")
        for fam in self.site.records.values():
            for r in fam.values():
                if not isinstance(r, Record):
                    continue
                for name in fields:
                    value = getattr(r, name, None)
                    for target in (value if isinstance(value, list) else [value] if value else []):
                        if r.id not in links[target]:
                            links[target].append(r.id)
        return {k: self.sorted_records(v) for k, v in links.items()}

    def _index_citations(self) -> dict[str, list[tuple[str, object]]]:
        """For each source key, the pages and records that cite it (bibliography back-links)."""
        citers: dict[str, list[tuple[str, str]]] = defaultdict(list)

        def add(keys, target, label):
            for key in dict.fromkeys(keys):
                if (target, label) not in citers[key]:
                    citers[key].append((target, label))

        for page in self.site.pages.values():
            keys = citation_syntax.keys_in(page.prose["tr"])
            add(keys, f"{page.id}.md", page.meta.title)
        for fam_name, fam in self.site.records.items():
            for r in fam.values():
                keys = [citation_syntax.parse_item(s).key for s in r.sources]
                for text in _all_text(r):
                    keys += citation_syntax.keys_in(text)
                target = record_path(fam_name, r.id)
                add(keys, target, titles(self.site, r))
        return citers

    # ---- pages -----------------------------------------------------------------------------------
    def pages(self) -> dict[str, str]:
        """Every generated Markdown file, keyed by its path under docs/ (with the language suffix)."""
        out: dict[str, str] = {}
        for lang in LANGS:
            for path, template, title, kind, context in self._page_specs(lang):
                text = self._render(template, path, lang, title, kind, context)
                out[path.removesuffix(".md") + f".{lang}.md"] = text
        return out

    def _render(self, template, path, lang, title, kind, context) -> str:
        url = self.site_url + ("" if lang == LANGS[0] else f"{lang}/") + _url_path(path)
        cite = page_citation(title, url, lang, self.build_date, self.labels[lang])
        description = context.pop("description", None) or f"{title} · {self.labels[lang]['site_title']}"
        text = self.renderer.page(template, path, lang, title=title, kind=kind, cite=cite,
                                  description=description, **context)
        return text + self._abbreviations(text, lang)

    def _abbreviations(self, text: str, lang: str) -> str:
        """Markdown `abbr` definitions for the glossary acronyms this page uses: expanded on hover."""
        lines = []
        for term in self.site.terms.values():
            if term.abbr and re.search(rf"(?<![\w/]){re.escape(term.abbr[lang])}(?![\w/])", text):
                lines.append(f"*[{term.abbr[lang]}]: {term.term[lang]}")
        return ("\n" + "\n".join(sorted(set(lines))) + "\n") if lines else ""

    def _page_specs(self, lang: str):
        site, L = self.site, self.labels[lang]
        walk = [site.pages[p] for p in WALKTHROUGH if p in site.pages]
        for page in site.pages.values():
            neighbours = walk.index(page) if page in walk else None
            ctx = {
                "meta": page.meta, "prose": page.prose[lang],
                "previous": walk[neighbours - 1] if neighbours else None,
                "next": walk[neighbours + 1] if neighbours is not None and neighbours + 1 < len(walk) else None,
            }
            if page.id == "index":
                ctx["walkthrough"] = walk
                yield "index.md", "home.md.j2", L["site_title"], "home", ctx
            else:
                yield f"{page.id}.md", "section.md.j2", page.meta.title[lang], "section", ctx
        for family, template in RECORD_TEMPLATES.items():
            records = site.family(family)
            for rid, record in records.items():
                yield record_path(family, rid), template, record.title[lang], family, {"record": record}
            intro = self._intro(family, lang)
            figure = figures.alliance_network_svg(self, lang) if family == "treaties" else ""
            yield f"{family}/index.md", "records_index.md.j2", L[f"page_{family}"], "index", {
                "meta": _Listing(list(records)), "intro": intro, "figure": figure, "family": family}
        yield "timeline.md", "timeline.md.j2", L["page_timeline"], "timeline", {
            "timeline": self.timeline(), "timeline_categories": TIMELINE_CATEGORIES,
            "intro": self._intro("timeline", lang), "figure": figures.timeline_svg(self, lang)}
        declarations = [s for s in sorted(site.summits.values(), key=lambda s: s.date.start) if s.declaration]
        yield "summit-comparison.md", "comparison.md.j2", L["page_summit_comparison"], "comparison", {
            "declarations": declarations, "intro": self._intro("summit-comparison", lang)}
        members = sorted(site.memberships.values(),
                         key=lambda m: (m.organization, m.since is None, m.since.start if m.since else None, m.id))
        yield "membership.md", "membership.md.j2", L["page_membership"], "membership", {
            "memberships": members, "intro": self._intro("membership", lang),
            "figure": figures.map_svg(self, lang, self.topology) + "\n" + figures.membership_svg(self, lang)}
        yield "source-notes.md", "notes.md.j2", L["page_source_notes"], "notes", {
            "notes": list(site.notes.values()), "intro": self._intro("source-notes", lang)}
        terms = sorted(site.terms.values(), key=lambda t: collation_key((t.abbr or t.term)[lang], lang))
        yield "glossary.md", "glossary.md.j2", L["page_glossary"], "glossary", {
            "terms": terms, "intro": self._intro("glossary", lang)}
        yield "bibliography.md", "bibliography.md.j2", L["page_bibliography"], "bibliography", {
            "bib_keys": site.bib.sorted_keys(lang), "intro": self._intro("bibliography", lang)}
        yield "downloads.md", "downloads.md.j2", L["page_downloads"], "downloads", {
            "intro": self._intro("downloads", lang), "files": export.FILES}

    def _intro(self, name: str, lang: str) -> str:
        """The editors' introduction to a generated page (templates/intros/NAME.LANG.md); both languages needed."""
        path = self.templates / "intros" / f"{name}.{lang}.md"
        display = f"templates/intros/{name}.{lang}.md"
        if not path.exists():
            raise ContentError([Problem(display, 1, 1, "introduction is missing")])
        text = path.read_text(encoding="utf-8").strip()
        problems = check_markdown(text, display, self.site)
        if problems:
            raise ContentError(problems)
        return text

    def timeline(self) -> list[tuple[int, list]]:
        """Every dated record by year, with the category a reader can filter on."""
        items = []
        for fam_name, category in (("summits", "summit"), ("treaties", "treaty"), ("events", None),
                                   ("organizations", "institution"), ("memberships", "membership")):
            for r in self.site.family(fam_name).values():
                if r.sort_date is None:
                    continue
                items.append(_TimelineItem(r.id, r.sort_date, category or r.category, getattr(r, "sections", [])))
        items.sort(key=lambda i: (i.date.start, i.id))
        by_year: dict[int, list] = defaultdict(list)
        for item in items:
            by_year[item.date.year].append(item)
        return sorted(by_year.items())


class _Listing:
    def __init__(self, records):
        self.records = records


class _TimelineItem:
    def __init__(self, rid, date, category, sections):
        self.id, self.date, self.category, self.sections = rid, date, category, sections


def _all_text(record) -> list[str]:
    return [text for _, text in texts_in(record, ())]


def _url_path(path: str) -> str:
    stem = path.removesuffix(".md").removesuffix("index")
    return stem + "/" if stem and not stem.endswith("/") else stem


def render_files(root: Path, site_url: str, build_date: str) -> dict[str, bytes]:
    """Load, validate and render everything into memory; raises ContentError before anything is written."""
    site = load_site(root)
    topology = json.loads((root / "sources" / "geo" / "countries-110m.json").read_text(encoding="utf-8"))
    renderer = SiteRenderer(site, root / "templates", site_url, build_date, topology)
    files = {path: text.encode("utf-8") for path, text in renderer.pages().items()}
    for asset in sorted((root / "templates" / "assets").glob("*")):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    for name, data in export.downloads(site).items():
        # mkdocs-static-i18n builds each language from its own suffixed files: each gets its copy.
        stem, _, ext = name.rpartition(".")
        for lang in LANGS:
            files[f"{stem}.{lang}.{ext}"] = data
    return files


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


def input_fingerprint(root: Path, site_url: str) -> str:
    """A digest of everything the output depends on: sources, templates, address and date."""
    digest = hashlib.sha256(f"{site_url}\0{build_date_from_env()}".encode())
    for folder in ("content", "sources", "templates"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build(root: Path, docs_dir: Path, site_url: str, build_date: str | None = None) -> int:
    files = render_files(root, site_url, build_date or build_date_from_env())
    return write_tree(files, docs_dir)
