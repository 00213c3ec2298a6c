"""The page plan: which pages exist, their paths, and what each template is given (from the indexes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..common import textfile
from ..common.errors import ContentError, Problem
from ..content.checks import check_markdown
from ..content.model import Record
from ..content.site import Site
from . import aliases, argument, argument_map, citers, downloads, figures
from .indexes import Indexes
from .lists import PART_SIZE, Listing, Lists, comparison_parts, pager, split
from .render import record_path

TIMELINE_CATEGORIES = ("summit", "treaty", "war-security", "institution", "membership", "defence-industry",
                       "diplomacy", "history")
WALKTHROUGH = ("summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")
RECORD_TEMPLATES = {"summits": "summit.md.j2", "treaties": "treaty.md.j2", "events": "event.md.j2",
                    "organizations": "organization.md.j2", "states": "state.md.j2"}
# Kinds of generated page whose content comes from one data file rather than an introduction.
SOURCE_FILES = {"bibliography": "sources/references.bib", "glossary": "content/glossary.yaml",
                "notes": "content/notes.yaml", "membership": "content/memberships.yaml",
                "comparison": "content/summits.yaml", "changelog": "content/changelog.yaml",
                "citers": "sources/references.bib"}


@dataclass
class PlannedPage:
    """One generated Markdown page in one language: where it goes and what its template is given."""

    path: str  # under docs/, without the language suffix: "summits/2021-istanbul.md"
    template: str
    title: str
    kind: str
    context: dict
    # A digest of the records a record's page shows (inputs.py); None for every other page.
    inputs: str | None = None


class SitePlan:
    """Decides which pages exist and what each template is given; answers the templates' questions."""

    def __init__(self, site: Site, templates: Path, labels: dict[str, dict[str, str]], topology: dict):
        self.site, self.templates, self.labels, self.topology = site, templates, labels, topology
        self.index = Indexes(site)
        self.lists = Lists(site, labels, lambda key: citers.lines_in_entry(len(self.index.citers.get(key, ()))))
        self.place = self.lists.place

    def template_globals(self) -> dict:
        """The helpers every template may call."""
        terms_of = aliases.terms_by_organization(self.site)
        return dict(
            sorted_keys=self.sorted_keys, sorted_records=self.index.sorted_records, kind_label=self.kind_label,
            linked_from=lambda rid: self.index.backlinks.get(rid, []), memberships_of=self.memberships_of,
            note_users=self.note_users, citing_pages=self.citing_pages, bibtex_of=self.bibtex_of,
            coins_of=lambda key: self.index.coins[key], citers_page=citers.first_page, citers_inline=citers.INLINE,
            pages_discussing=self.pages_discussing, page_title=self.page_title, page_file=self.page_file,
            search_names=lambda record, lang: aliases.record_names(self.site, record, lang, terms_of),
            glossary_names=aliases.glossary_names, **argument_map.template_globals(self.site),
            glossary_synonyms=aliases.glossary_synonyms)

    def page_file(self, page_id: str) -> str:
        """The docs/ file of a page named by id: a walk-through page, a generated page or a family's list."""
        return f"{page_id}/index.md" if page_id in RECORD_TEMPLATES else f"{page_id}.md"

    def page_title(self, page_id: str, lang: str) -> str:
        if page_id == "index":
            return self.labels[lang]["home"]
        if page_id in self.site.pages:
            return self.site.pages[page_id].meta.title[lang]
        return self.labels[lang][f"page_{page_id.replace('-', '_')}"]

    def source_of(self, planned: PlannedPage, lang: str) -> tuple[str, int | None]:
        """The file (and line) a page shows: a record's YAML entry, a page's prose, a list's data or intro."""
        if planned.kind in RECORD_TEMPLATES:
            return self.site.origins[planned.context["record"].id]
        if planned.kind == "index":
            return f"content/{planned.context['family']}.yaml", None
        if planned.kind in ("home", "section"):
            return self.site.pages[planned.path.removesuffix(".md")].prose_paths[lang], None
        if planned.kind in SOURCE_FILES:
            return SOURCE_FILES[planned.kind], None
        if planned.kind == "argument-map":
            return "content/argument.yaml", None
        return f"templates/intros/{planned.kind}.{lang}.md", None  # timeline, downloads, argument

    # ---- helpers the templates call -------------------------------------------------------------
    def sorted_keys(self, keys: list[str], lang: str) -> list[str]:
        # The key breaks ties: a set's order changes from run to run, the output must not.
        return sorted(set(keys), key=lambda k: (self.site.bib.sort_key(k, lang), k))

    def kind_label(self, record: Record, lang: str) -> str:
        L = self.labels[lang]
        field = {"summits": "series_{0.series}", "treaties": "kind_{0.kind}", "events": "category_{0.category}",
                 "organizations": "role_{0.role}", "states": "page_states",
                 "memberships": "status_{0.status}"}[record.family]
        return L[field.format(record)]

    def memberships_of(self, rid: str) -> list:
        return self.index.memberships_by_record.get(rid, [])

    def pages_discussing(self, record) -> list[str]:
        """The article's sections the record names, and the walk-through pages that list it, in reading order (the
        home page may list a record too, but it is not a section of the article)."""
        named = set(getattr(record, "sections", [])) | self.index.listing_pages.get(record.id, set())
        return sorted(named & set(WALKTHROUGH) & set(self.site.pages), key=lambda pid: self.site.pages[pid].meta.order)

    def note_users(self, note_id: str) -> list[str]:
        return self.index.notes_used_by.get(note_id, [])

    def citing_pages(self, key: str, lang: str) -> list[tuple[str, str]]:
        return [(self.place(*target, lang), title[lang]) for target, title in self.index.citers.get(key, {}).items()]

    def bibtex_of(self, key: str) -> str:
        return self.index.bibtex_entries[key]

    # ---- pages -----------------------------------------------------------------------------------
    def pages(self, lang: str):
        """Every page in one language, as PlannedPage."""
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
                yield PlannedPage("index.md", "home.md.j2", L["site_title"], "home", ctx)
            else:
                yield PlannedPage(f"{page.id}.md", "section.md.j2", page.meta.title[lang], "section", ctx)
        for family, template in RECORD_TEMPLATES.items():
            records = site.family(family)
            for rid, record in records.items():
                yield PlannedPage(record_path(family, rid), template, record.title[lang], family, {"record": record},
                                  self.index.record_inputs(record))
            figure = figures.alliance_network_svg(self, lang) if family == "treaties" else ""
            parts = split(f"{family}/index.md", self.index.by_year(list(records)), PART_SIZE["index"])
            for i, part in enumerate(parts):
                title = L[f"page_{family}"] + (f": {part.label}" if i else "")
                yield PlannedPage(part.path, "records_index.md.j2", title, "index", {
                    "meta": Listing([rid for _, ids in part.groups for rid in ids]),
                    "intro": self.intro(family, lang) if i == 0 else "", "figure": figure if i == 0 else "",
                    "family": family, "pager": pager(parts, part)})
        parts = split("timeline.md", self.index.timeline, PART_SIZE["timeline"])
        for i, part in enumerate(parts):
            yield PlannedPage(part.path, "timeline.md.j2", L["page_timeline"] + (f": {part.label}" if i else ""),
                              "timeline", {
                "timeline": part.groups, "timeline_categories": TIMELINE_CATEGORIES,
                "intro": self.intro("timeline", lang) if i == 0 else "",
                "figure": figures.timeline_svg(self, lang) if i == 0 else "", "pager": pager(parts, part)})
        yield from comparison_pages(self, lang)
        figure = figures.map_svg(self, lang, self.topology) + "\n" + figures.membership_svg(self, lang)
        yield from self._list_pages("memberships", "membership.md.j2", L["page_membership"], "membership", lang,
                                    "memberships", {"figure": figure}, intro="membership")
        yield from self._list_pages("notes", "notes.md.j2", L["page_source_notes"], "notes", lang, "notes", {},
                                    intro="source-notes")
        yield from self._list_pages("glossary", "glossary.md.j2", L["page_glossary"], "glossary", lang, "terms", {},
                                    intro="glossary")
        yield from self._list_pages("sources", "bibliography.md.j2", L["page_bibliography"], "bibliography", lang,
                                    "bib_keys", {}, intro="bibliography")
        yield from citers_pages(self, lang)
        yield PlannedPage("downloads.md", "downloads.md.j2", L["page_downloads"], "downloads", {
            "intro": self.intro("downloads", lang), "files": downloads.FILES})
        parts = [site.pages[p] for p in argument.PARTS if p in site.pages]
        intro = self.intro("argument", lang)
        cited = argument.cited_keys(parts, site.argument, intro, lang)
        yield PlannedPage(argument.PATH, "argument.md.j2", L["page_argument"], "argument", {
            "intro": intro, "parts": parts, "bib_keys": [k for k in site.bib.sorted_keys(lang) if k in cited],
            "demoted": argument.demoted,
            "context_class": lambda *a, **k: argument.OnePageContext(*a, **k, inside=argument.anchors([p.id for p in parts]))})
        yield PlannedPage(argument_map.PATH, "argument_map.md.j2", L["page_argument_map"], "argument-map", {
            "intro": self.intro("argument-map", lang)})
        yield PlannedPage("changelog.md", "changelog.md.j2", L["page_changelog"], "changelog", {
            "intro": self.intro("changelog", lang), "releases": site.releases})

    def _list_pages(self, family, template, title, kind, lang, items_name, first_only, intro):
        """The pages of one list: the first as it always was, the next with their range in the title."""
        parts = self.lists.parts[family, lang]
        for i, part in enumerate(parts):
            context = {items_name: [item for _, items in part.groups for item in items], "pager": pager(parts, part),
                       "intro": self.intro(intro, lang) if i == 0 else ""}
            context.update({name: value if i == 0 else "" for name, value in first_only.items()})
            yield PlannedPage(part.path, template, title + (f": {part.label}" if i else ""), kind, context)

    def intro(self, name: str, lang: str) -> str:
        return read_intro(self.templates, name, lang, self.site)


def comparison_pages(plan: SitePlan, lang: str):
    """The summits' declarations side by side, by year, split when long."""
    summits = plan.site.summits
    parts = comparison_parts(plan.index.by_year([rid for rid, s in summits.items() if s.declaration]), summits, lang)
    for i, part in enumerate(parts):
        yield PlannedPage(part.path, "comparison.md.j2", plan.labels[lang]["page_summit_comparison"]
                          + (f": {part.label}" if i else ""), "comparison", {
            "declarations": [summits[rid] for _, ids in part.groups for rid in ids],
            "intro": plan.intro("summit-comparison", lang) if i == 0 else "", "pager": pager(parts, part)})


def citers_pages(plan: SitePlan, lang: str):
    """A much-cited source's own pages listing what cites it (citers.py)."""
    for key in plan.site.bib.sorted_keys(lang):
        users = plan.citing_pages(key, lang)
        parts = citers.parts(key, users)
        label = plan.site.bib.label(key, lang)
        for i, part in enumerate(parts):
            yield PlannedPage(part.path, "citers.md.j2", f"{plan.labels[lang]['cited_by']}: {label}"
                              + (f" ({part.label})" if i else ""), "citers", {
                "citers": [item for _, items in part.groups for item in items], "pager": pager(parts, part),
                "count": len(users), "source_label": label, "entry": plan.place("sources", key, lang)})


def read_intro(templates: Path, name: str, lang: str, site: Site) -> str:
    """The editors' introduction to a generated page (templates/intros/NAME.LANG.md); both languages needed."""
    path = templates / "intros" / f"{name}.{lang}.md"
    display = f"templates/intros/{name}.{lang}.md"
    if not path.exists():
        raise ContentError([Problem(display, 1, 1, "introduction is missing")])
    text, problems = textfile.read(path, display)
    problems = problems or check_markdown(text, display, site)  # located in the file as written
    if problems:
        raise ContentError(problems)
    return text.strip()
