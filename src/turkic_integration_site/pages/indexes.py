"""The cross-reference indexes, built once per run: back-links, citers, memberships, note users, the timeline.

A page asks a dictionary instead of scanning every record, so the plan stays linear in the data.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ..citations.coins import coins
from ..citations.exports import bibtex
from ..content import markdown
from ..content.checks import texts_in
from ..content.model import Record
from ..content.site import Site
from .render import titles

REFERENCE_FIELDS = ("host", "parties", "organization", "predecessor", "member", "summit")
# A record's long texts, shown on its own page and nowhere else (templates/<family>.md.j2); the sources they
# cite reach other pages only through `citers`.
RECORD_TEXTS = {"summary", "significance"}


@dataclass
class TimelineItem:
    id: str
    date: object
    category: str
    sections: list[str]


class Indexes:
    def __init__(self, site: Site):
        self.site = site
        self._dumped: dict[str, bytes] = {}  # id (unique site-wide, load checks) -> JSON, for record_inputs

    def sorted_records(self, ids: list[str]) -> list[str]:
        def key(rid: str):
            d = self.site.record(rid).sort_date
            return (d is None, d.start if d else None, rid)
        return sorted(ids, key=key)

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

    @cached_property
    def records_outside_their_pages(self) -> str:
        """A digest of what pages other than a record's own may show of the records: every record without its
        RECORD_TEXTS, and which pages and records cite each source."""
        parts = [r.model_dump_json(exclude=RECORD_TEXTS).encode() for fam in self.site.records.values()
                 for r in fam.values()]
        return hashlib.sha256(b"\0".join(parts) + repr(self.citers).encode()).hexdigest()

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
    def coins(self) -> dict[str, str]:
        """Each source as the KEV string of its COinS span (the bibliography pages)."""
        return self.site.bib.derived("coins", coins)

    @cached_property
    def bibtex_entries(self) -> dict[str, str]:
        """Each source as BibTeX, written once (both languages and several pages show it)."""
        return self.site.bib.derived("bibtex", lambda bib: {key: bibtex({key: s.entry}).strip()
                                                            for key, s in bib.sources.items()})

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
