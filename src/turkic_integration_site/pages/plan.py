"""The page plan: which pages exist, their paths, what each template is given, and the indexes they need.

Indexes (back-links, citers, memberships, note users, discussing pages) are built once per run, so a page
asks a dictionary instead of scanning every record: the plan stays linear in the data.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..citations.exports import bibtex
from ..common import textfile
from ..content import markdown
from . import aliases, argument, downloads, figures
from ..citations.bibliography import collation_key
from ..common.errors import ContentError, Problem
from ..content.checks import check_markdown, texts_in
from ..content.site import Site
from ..content.model import Record
from .render import record_path, titles

TIMELINE_CATEGORIES = ("summit", "treaty", "war-security", "institution", "membership", "defence-industry",
                       "diplomacy", "history")
WALKTHROUGH = ("summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")
RECORD_TEMPLATES = {"summits": "summit.md.j2", "treaties": "treaty.md.j2", "events": "event.md.j2",
                    "organizations": "organization.md.j2", "states": "state.md.j2"}
# Kinds of generated page whose content comes from one data file rather than an introduction.
SOURCE_FILES = {"bibliography": "sources/references.bib", "glossary": "content/glossary.yaml",
                "notes": "content/notes.yaml", "membership": "content/memberships.yaml",
                "comparison": "content/summits.yaml", "changelog": "content/changelog.yaml"}
REFERENCE_FIELDS = ("host", "parties", "organization", "predecessor", "member", "summit")
# Items per page of a long list, so no page grows with the data: about 200 KB of HTML each at most
# (today's timeline of ~110 items is 84 KB, a records list row is lighter). Below these, one page as before.
PART_SIZE = {"timeline": 250, "index": 300, "bibliography": 60, "notes": 60, "glossary": 70, "membership": 100}


@dataclass
class PlannedPage:
    """One generated Markdown page in one language: where it goes and what its template is given."""

    path: str  # under docs/, without the language suffix: "summits/2021-istanbul.md"
    template: str
    title: str
    kind: str
    context: dict
    # A digest of what this page shows besides what every page shares (build.shared_inputs); None when the
    # page shows a whole family (a list) and is rendered on every run.
    inputs: str | None = None


@dataclass
class Listing:
    records: list[str]


@dataclass
class Part:
    """One page of a list split by year: its path, its label (`2016–2020`) and its groups of items."""

    path: str
    label: str
    groups: list[tuple[object, list]]


def split(path: str, groups: list[tuple[object, list]], limit: int) -> list[Part]:
    """Consecutive groups packed into pages of at most `limit` items; a group larger than a page is cut.
    The first page keeps `path` (what the navigation and links name); the next are `<stem>-2.md`, ..."""
    packed: list[list[tuple[object, list]]] = [[]]
    size = 0
    for label, items in groups:
        for start in range(0, len(items), limit):
            chunk = items[start:start + limit]
            if packed[-1] and size + len(chunk) > limit:
                packed.append([])
                size = 0
            packed[-1].append((label, chunk))
            size += len(chunk)
    stem = path.removesuffix(".md")
    parts = []
    for i, groups_here in enumerate(packed):
        first, last = (groups_here[0][0], groups_here[-1][0]) if groups_here else ("", "")
        label = f"{first}–{last}" if first != last else str(first)
        same = sum(1 for p in parts if p.label.split(" (")[0] == label)  # a cut group: "2021", "2021 (2)"
        parts.append(Part(path if i == 0 else f"{stem}-{i + 1}.md", f"{label} ({same + 1})" if same else label,
                          groups_here))
    return parts


def numbered(items: list) -> list[tuple[int, list]]:
    """Items as groups of one, labelled by position (a split list's pages read `1–60`, `61–120`)."""
    return [(i, [item]) for i, item in enumerate(items, 1)]


def initial(name: str, lang: str) -> str:
    """The letter a name is filed under: `İ` for `i...` in Turkish."""
    first = name[:1]
    return "İ" if lang == "tr" and first == "i" else first.upper()


def pager(parts: list[Part], current: Part) -> list[tuple[str, str, bool]] | None:
    """Links between the pages of a split list; None when the list is one page."""
    return [(p.label, p.path, p is current) for p in parts] if len(parts) > 1 else None


@dataclass
class TimelineItem:
    id: str
    date: object
    category: str
    sections: list[str]


class SitePlan:
    """Decides which pages exist and what each template is given; answers the templates' questions."""

    def __init__(self, site: Site, templates: Path, labels: dict[str, dict[str, str]], topology: dict):
        self.site, self.templates, self.labels, self.topology = site, templates, labels, topology
        self._dumped: dict[str, bytes] = {}  # id (unique site-wide, load checks) -> JSON, for record_inputs

    def template_globals(self) -> dict:
        """The helpers every template may call."""
        return dict(
            sorted_keys=self.sorted_keys, sorted_records=self.sorted_records, kind_label=self.kind_label,
            linked_from=lambda rid: self.backlinks.get(rid, []), memberships_of=self.memberships_of,
            note_users=self.note_users, citing_pages=self.citing_pages, bibtex_of=self.bibtex_of,
            pages_discussing=self.pages_discussing, page_title=self.page_title, page_file=self.page_file,
            search_names=lambda record, lang: aliases.record_names(self.site, record, lang),
            glossary_names=lambda: aliases.glossary_names(self.site),
        )

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
        return f"templates/intros/{planned.kind}.{lang}.md", None  # timeline, downloads, argument

    # ---- helpers the templates call -------------------------------------------------------------
    def sorted_keys(self, keys: list[str], lang: str) -> list[str]:
        # The key breaks ties: a set's order changes from run to run, the output must not.
        return sorted(set(keys), key=lambda k: (self.site.bib.sort_key(k, lang), k))

    def sorted_records(self, ids: list[str]) -> list[str]:
        def key(rid: str):
            d = self.site.record(rid).sort_date
            return (d is None, d.start if d else None, rid)
        return sorted(ids, key=key)

    def kind_label(self, record: Record, lang: str) -> str:
        L = self.labels[lang]
        field = {"summits": "series_{0.series}", "treaties": "kind_{0.kind}", "events": "category_{0.category}",
                 "organizations": "role_{0.role}", "states": "page_states",
                 "memberships": "status_{0.status}"}[record.family]
        return L[field.format(record)]

    def memberships_of(self, rid: str) -> list:
        return self.memberships_by_record.get(rid, [])

    def pages_discussing(self, record) -> list[str]:
        """The article's sections the record names, and the walk-through pages that list it, in reading order."""
        named = set(getattr(record, "sections", [])) | self.listing_pages.get(record.id, set())
        return sorted(named & set(self.site.pages), key=lambda pid: self.site.pages[pid].meta.order)

    def note_users(self, note_id: str) -> list[str]:
        return self.notes_used_by.get(note_id, [])

    def citing_pages(self, key: str, lang: str) -> list[tuple[str, str]]:
        return [(self.place(*target, lang), title[lang]) for target, title in self.citers.get(key, {}).items()]

    def bibtex_of(self, key: str) -> str:
        return self.bibtex_entries[key]

    # ---- which pages an edit touches ---------------------------------------------------------------
    def record_inputs(self, record: Record) -> str:
        """A digest of the records a record's page shows: itself, what it names, what names it, its
        memberships (with their members, organizations and summits) and its source notes. An edit of any
        other record leaves the page as it was."""
        ids = {record.id, *self.backlinks.get(record.id, [])}
        for name in REFERENCE_FIELDS:
            value = getattr(record, name, None)
            ids.update(value if isinstance(value, list) else [value] if value else [])
        for m in self.memberships_by_record.get(record.id, []):
            ids.update(x for x in (m.id, m.member, m.organization, m.summit) if x)
        parts = [self._json(self.site.record(i)) for i in sorted(ids)]
        parts += [self._json(self.site.notes[n]) for n in record.notes]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()

    def _json(self, record) -> bytes:
        if record.id not in self._dumped:
            self._dumped[record.id] = record.model_dump_json().encode()
        return self._dumped[record.id]

    # ---- indexes, each built once ----------------------------------------------------------------
    def _records(self):
        for fam in self.site.records.values():
            for r in fam.values():
                if isinstance(r, Record):
                    yield r

    @cached_property
    def bibtex_entries(self) -> dict[str, str]:
        """Each source as BibTeX, written once (both languages and several pages show it)."""
        return {key: bibtex({key: s.entry}).strip() for key, s in self.site.bib.sources.items()}

    @cached_property
    def backlinks(self) -> dict[str, list[str]]:
        """For each record, the records that name it in a reference field."""
        links: dict[str, dict[str, None]] = defaultdict(dict)
        for r in self._records():
            for name in REFERENCE_FIELDS:
                value = getattr(r, name, None)
                for target in (value if isinstance(value, list) else [value] if value else []):
                    links[target][r.id] = None
        return {k: self.sorted_records(list(v)) for k, v in links.items()}

    @cached_property
    def memberships_by_record(self) -> dict[str, list]:
        """For each state or organization, its memberships (as member or as organization), oldest first."""
        rows: dict[str, list] = defaultdict(list)
        for m in self.site.memberships.values():
            for rid in dict.fromkeys((m.member, m.organization)):
                rows[rid].append(m)
        order = lambda m: (m.since is None, m.since.start if m.since else None, m.id)  # noqa: E731
        return {rid: sorted(ms, key=order) for rid, ms in rows.items()}

    @cached_property
    def listing_pages(self) -> dict[str, set[str]]:
        """For each record, the walk-through pages whose page.yaml lists it."""
        found: dict[str, set[str]] = defaultdict(set)
        for p in self.site.pages.values():
            for rid in p.meta.records:
                found[rid].add(p.id)
        return found

    @cached_property
    def notes_used_by(self) -> dict[str, list[str]]:
        users: dict[str, list[str]] = defaultdict(list)
        for r in self._records():
            for note_id in r.notes:
                users[note_id].append(r.id)
        return users

    @cached_property
    def citers(self) -> dict[str, dict[tuple[str, str], dict[str, str]]]:
        """For each source key, the pages and records that cite it (bibliography back-links), in order:
        (family or "pages", id) -> title per language."""
        citers: dict[str, dict[tuple[str, str], dict[str, str]]] = defaultdict(dict)

        def add(keys, target, label):
            for key in keys:
                citers[key].setdefault(target, label)

        for page in self.site.pages.values():
            add(markdown.keys(page.prose["tr"]), ("pages", page.id), page.meta.title)
        for fam_name, fam in self.site.records.items():
            for r in fam.values():
                keys = [markdown.parse_cite(s).key for s in r.sources]
                for _, text in texts_in(r, ()):
                    keys += markdown.scan(text, data=True).keys
                add(keys, (fam_name, r.id), titles(self.site, r))
        return citers

    def by_year(self, ids: list[str]) -> list[tuple[object, list[str]]]:
        """Records in date order, grouped by year (undated ones last, under "–")."""
        groups: dict[object, list[str]] = {}
        for rid in self.sorted_records(ids):
            date = self.site.record(rid).sort_date
            groups.setdefault(date.year if date else "–", []).append(rid)
        return list(groups.items())

    @cached_property
    def lists(self) -> dict[tuple[str, str], list[Part]]:
        """The lists whose entries are linked to by anchor, per (family, language), split when long: sources
        and glossary terms by initial letter, notes and memberships in page order."""
        site, bib, out = self.site, self.site.bib, {}
        notes = list(site.notes.values())
        members = sorted(site.memberships.values(),
                         key=lambda m: (m.organization, m.since is None, m.since.start if m.since else None, m.id))
        for lang in self.labels:
            letters: dict[str, list] = {}
            for key in bib.sorted_keys(lang):
                letters.setdefault(initial(bib.authors_short(key, lang), lang), []).append(key)
            out["sources", lang] = split("bibliography.md", list(letters.items()), PART_SIZE["bibliography"])
            letters = {}
            for t in sorted(site.terms.values(), key=lambda t: collation_key((t.abbr or t.term)[lang], lang)):
                letters.setdefault(initial((t.abbr or t.term)[lang], lang), []).append(t)
            out["glossary", lang] = split("glossary.md", list(letters.items()), PART_SIZE["glossary"])
            out["notes", lang] = split("source-notes.md", numbered(notes), PART_SIZE["notes"])
            out["memberships", lang] = split("membership.md", numbered(members), PART_SIZE["membership"])
        return out

    @cached_property
    def _places(self) -> dict[tuple[str, str], dict[str, str]]:
        return {name: {item if isinstance(item, str) else item.id: part.path
                       for part in parts for _, items in part.groups for item in items}
                for name, parts in self.lists.items()}

    def place(self, family: str, item_id: str, lang: str) -> str:
        """Where an item is: its page, with its anchor when it is one entry of a list."""
        if family == "pages":
            return f"{item_id}.md"
        page = self._places.get((family, lang), {}).get(item_id)
        return f"{page}#{item_id}" if page else record_path(family, item_id)

    @cached_property
    def timeline(self) -> list[tuple[int, list[TimelineItem]]]:
        """Every dated record by year, with the category a reader can filter on."""
        items = []
        for fam_name, category in (("summits", "summit"), ("treaties", "treaty"), ("events", None),
                                   ("organizations", "institution"), ("memberships", "membership")):
            for r in self.site.family(fam_name).values():
                if r.sort_date is None:
                    continue
                items.append(TimelineItem(r.id, r.sort_date, category or r.category, getattr(r, "sections", [])))
        items.sort(key=lambda i: (i.date.start, i.id))
        by_year: dict[int, list] = defaultdict(list)
        for item in items:
            by_year[item.date.year].append(item)
        return sorted(by_year.items())

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
                                  self.record_inputs(record))
            figure = figures.alliance_network_svg(self, lang) if family == "treaties" else ""
            parts = split(f"{family}/index.md", self.by_year(list(records)), PART_SIZE["index"])
            for i, part in enumerate(parts):
                title = L[f"page_{family}"] + (f": {part.label}" if i else "")
                yield PlannedPage(part.path, "records_index.md.j2", title, "index", {
                    "meta": Listing([rid for _, ids in part.groups for rid in ids]),
                    "intro": self.intro(family, lang) if i == 0 else "", "figure": figure if i == 0 else "",
                    "family": family, "pager": pager(parts, part)})
        parts = split("timeline.md", self.timeline, PART_SIZE["timeline"])
        for i, part in enumerate(parts):
            yield PlannedPage(part.path, "timeline.md.j2", L["page_timeline"] + (f": {part.label}" if i else ""),
                              "timeline", {
                "timeline": part.groups, "timeline_categories": TIMELINE_CATEGORIES,
                "intro": self.intro("timeline", lang) if i == 0 else "",
                "figure": figures.timeline_svg(self, lang) if i == 0 else "", "pager": pager(parts, part)})
        declarations = [s for s in sorted(site.summits.values(), key=lambda s: s.date.start) if s.declaration]
        yield PlannedPage("summit-comparison.md", "comparison.md.j2", L["page_summit_comparison"], "comparison", {
            "declarations": declarations, "intro": self.intro("summit-comparison", lang)})
        figure = figures.map_svg(self, lang, self.topology) + "\n" + figures.membership_svg(self, lang)
        yield from self._list_pages("memberships", "membership.md.j2", L["page_membership"], "membership", lang,
                                    "memberships", {"figure": figure}, intro="membership")
        yield from self._list_pages("notes", "notes.md.j2", L["page_source_notes"], "notes", lang, "notes", {},
                                    intro="source-notes")
        yield from self._list_pages("glossary", "glossary.md.j2", L["page_glossary"], "glossary", lang, "terms", {},
                                    intro="glossary")
        yield from self._list_pages("sources", "bibliography.md.j2", L["page_bibliography"], "bibliography", lang,
                                    "bib_keys", {}, intro="bibliography")
        yield PlannedPage("downloads.md", "downloads.md.j2", L["page_downloads"], "downloads", {
            "intro": self.intro("downloads", lang), "files": downloads.FILES})
        parts = [site.pages[p] for p in argument.PARTS if p in site.pages]
        yield PlannedPage(argument.PATH, "argument.md.j2", L["page_argument"], "argument", {
            "intro": self.intro("argument", lang), "parts": parts, "bib_keys": site.bib.sorted_keys(lang),
            "demoted": argument.demoted,
            "context_class": lambda *a, **k: argument.OnePageContext(*a, **k, inside=argument.anchors([p.id for p in parts]))})
        yield PlannedPage("changelog.md", "changelog.md.j2", L["page_changelog"], "changelog", {
            "intro": self.intro("changelog", lang), "releases": site.releases})

    def _list_pages(self, family, template, title, kind, lang, items_name, first_only, intro):
        """The pages of one list: the first as it always was, the next with their range in the title."""
        parts = self.lists[family, lang]
        for i, part in enumerate(parts):
            context = {items_name: [item for _, items in part.groups for item in items], "pager": pager(parts, part),
                       "intro": self.intro(intro, lang) if i == 0 else ""}
            context.update({name: value if i == 0 else "" for name, value in first_only.items()})
            yield PlannedPage(part.path, template, title + (f": {part.label}" if i else ""), kind, context)

    def intro(self, name: str, lang: str) -> str:
        """The editors' introduction to a generated page (templates/intros/NAME.LANG.md); both languages needed."""
        path = self.templates / "intros" / f"{name}.{lang}.md"
        display = f"templates/intros/{name}.{lang}.md"
        if not path.exists():
            raise ContentError([Problem(display, 1, 1, "introduction is missing")])
        text, problems = textfile.read(path, display)
        problems = problems or check_markdown(text, display, self.site)  # located in the file as written
        if problems:
            raise ContentError(problems)
        return text.strip()
