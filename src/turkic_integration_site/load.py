"""Read content/ and sources/, build the typed model, and check every id and citation key."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import cite, markdown, textfile, yamlmarks
from .errors import ContentError, Problem
from . import __version__
from .model import (
    LANGS, Event, Membership, Note, Organization, Page, PageMeta, Record, Release, State, Summit, Term, Text, TextList,
    Treaty,
)

# content/<family>.yaml holds records of one model; the family name is also the URL folder.
RECORD_FILES: dict[str, type[BaseModel]] = {
    "summits": Summit,
    "treaties": Treaty,
    "events": Event,
    "organizations": Organization,
    "states": State,
    "memberships": Membership,
    "glossary": Term,
    "notes": Note,
}
SECTION_IDS = ("summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")

# Which collection each reference field must point into.
REFERENCES: dict[str, tuple[str, ...]] = {
    "host": ("states",),
    "parties": ("states",),
    "organization": ("organizations",),
    "predecessor": ("organizations",),
    "member": ("states", "organizations"),
    "summit": ("summits",),
    "notes": ("notes",),
    "sections": ("sections",),
    "records": ("summits", "treaties", "events", "organizations", "states", "memberships"),
}


@dataclass
class Site:
    """Everything the renderer needs, already validated."""

    root: Path
    records: dict[str, dict[str, BaseModel]] = field(default_factory=dict)  # family -> id -> record
    pages: dict[str, Page] = field(default_factory=dict)
    page_ids: set[str] = field(default_factory=set)  # every page folder, even one that failed to load
    bib: cite.Bibliography | None = None
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)  # record id -> (file, line) of its entry
    releases: list[Release] = field(default_factory=list)  # newest first

    def family(self, name: str) -> dict:
        return self.records.get(name, {})

    @property
    def summits(self) -> dict[str, Summit]:
        return self.family("summits")

    @property
    def treaties(self) -> dict[str, Treaty]:
        return self.family("treaties")

    @property
    def organizations(self) -> dict[str, Organization]:
        return self.family("organizations")

    @property
    def states(self) -> dict[str, State]:
        return self.family("states")

    @property
    def memberships(self) -> dict[str, Membership]:
        return self.family("memberships")

    @property
    def terms(self) -> dict[str, Term]:
        return self.family("glossary")

    @property
    def notes(self) -> dict[str, Note]:
        return self.family("notes")

    def record(self, record_id: str) -> Record | None:
        for name in ("summits", "treaties", "events", "organizations", "states", "memberships"):
            if record_id in self.family(name):
                return self.family(name)[record_id]
        return None


def load_site(root: Path) -> Site:
    """Load and check everything under `root`; raise ContentError listing every problem found."""
    site = Site(root)
    problems: list[Problem] = []
    docs: list[tuple[yamlmarks.Document, list[tuple[int, BaseModel]]]] = []
    seen_ids: dict[str, Problem] = {}
    unreadable = False  # a record file that could not be read or is not a list: its records are all missing

    for family_name, model in RECORD_FILES.items():
        path = root / "content" / f"{family_name}.yaml"
        if not path.exists():
            problems.append(Problem(_display(root, path), 1, 1, "file is missing"))
            continue
        doc, found = yamlmarks.read(path, _display(root, path))
        problems += found
        if not isinstance(doc.data, list):
            problems += [] if found else [doc.problem((), "expected a list of records")]
            unreadable = True
            continue
        items = _validated_list(doc, model, problems)
        docs.append((doc, items))
        family = site.records.setdefault(family_name, {})
        for index, item in items:
            where = doc.problem((index, "id"), "")
            if item.id in seen_ids:
                first = seen_ids[item.id]
                problems.append(Problem(where.path, where.line, where.column,
                                        f"duplicate id '{item.id}' (first used at {first.path}:{first.line})"))
                continue
            seen_ids[item.id] = where
            family[item.id] = item
            site.origins[item.id] = (where.path, doc.problem((index,), "").line)

    page_docs = _load_pages(root, site, problems)
    changelog_docs = _load_changelog(root, site, problems)
    if unreadable or any("YAML syntax" in p.message for p in problems):
        raise ContentError(problems)  # records of an unreadable file are missing: references would only echo that
    site.bib, bib_problems = _load_bib(root)
    problems += bib_problems

    known = {**{k: set(v) for k, v in site.records.items()}, "sections": set(SECTION_IDS)}
    for doc, items in docs + page_docs + changelog_docs:
        for index, item in items:
            base = index if isinstance(index, tuple) else (index,) if index is not None else ()
            problems += _check_references(doc, base, item, known)
            if site.bib is not None:
                problems += _check_citations(doc, base, item, site)
    if site.bib is not None:
        for page in site.pages.values():
            problems += _check_prose(root, page, site)
    if problems:
        raise ContentError(problems)
    return site


def _display(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _validated_list(doc: yamlmarks.Document, model: type[BaseModel], problems: list[Problem]):
    items = []
    for index, raw in enumerate(doc.data):
        item = _validated(doc, (index,), raw, model, problems)
        if item is not None:
            items.append((index, item))
    return items


def _validated(doc, loc, raw, model, problems):
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        for error in err.errors():
            problems.append(_pydantic_problem(doc, loc + tuple(error["loc"]), error))
        return None


_ALL_FIELDS = sorted({f for m in (*RECORD_FILES.values(), PageMeta, Text, TextList) for f in m.model_fields}
                     | {"name", "quote", "security"})


_PATTERNS = {"sources": 'citation (write "@key" or "@key, s. 12")', "iso3": "ISO 3166 three-letter code"}


def _pydantic_problem(doc: yamlmarks.Document, loc: tuple, error: dict) -> Problem:
    kind, name = error["type"], next((str(p) for p in reversed(loc) if isinstance(p, str)), "record")
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(name, _ALL_FIELDS, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        return doc.problem(loc, f"unknown key '{name}'{suggestion}", at_key=True)
    if kind == "missing":
        if name in {"tr", "en"}:
            return doc.problem(loc[:-1], f"missing '{name}' text")
        return doc.problem(loc[:-1], f"missing required key '{name}'")
    message = error["msg"].removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        what = _PATTERNS.get(name, "id (lowercase letters, digits and hyphens)")
        message = f"'{error['input']}' is not a valid {what}"
    elif kind.startswith("literal_error"):
        message = f"'{error['input']}' is not one of: {error['ctx']['expected']}"
    return doc.problem(loc, f"'{name}': {message[0].lower() + message[1:]}")


def _check_references(doc, base: tuple, item: BaseModel, known: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for field_name, families in REFERENCES.items():
        value = getattr(item, field_name, None)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        pool = set().union(*(known.get(f, set()) for f in families))
        for i, ref in enumerate(values):
            if ref not in pool:
                loc = base + ((field_name, i) if isinstance(value, list) else (field_name,))
                hint = difflib.get_close_matches(ref, sorted(pool), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                what = " or ".join(f.rstrip("s") if f != "sections" else "section" for f in families)
                if field_name == "records":
                    what = "record"
                problems.append(doc.problem(loc, f"unknown {what} '{ref}'{suggestion}"))
    return problems


def texts_in(value, loc: tuple):
    """Every (loc, string) inside a model, so citations in any text field are found."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts_in(getattr(value, name), loc + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from texts_in(item, loc + (i,))
    elif isinstance(value, str):
        yield loc, value


def _check_citations(doc, base: tuple, item: BaseModel, site: Site) -> list[Problem]:
    """Every text field of a record: citation keys, the site's own links, and what a reader must never get."""
    problems = []
    for loc, text in texts_in(item, base):
        if loc[-2:-1] == ("sources",):
            key = markdown.parse_cite(text).key
            if key not in site.bib:
                problems.append(doc.problem(loc, _unknown_key(key, site.bib)))
            continue
        for offset, message in text_problems(markdown.scan(text, data=True), site):
            problems.append(doc.problem_in(loc, offset, message))
    return problems


def _unknown_key(key: str, bib: cite.Bibliography) -> str:
    hint = difflib.get_close_matches(key, sorted(bib.sources), n=1)
    return f"unknown citation key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def _load_pages(root: Path, site: Site, problems: list[Problem]):
    docs = []
    pages_dir = root / "content" / "pages"
    for folder in sorted(p for p in pages_dir.iterdir() if p.is_dir()) if pages_dir.exists() else []:
        site.page_ids.add(folder.name)
        meta_path = folder / "page.yaml"
        if not meta_path.exists():
            problems.append(Problem(_display(root, folder), 1, 1, "page folder lacks page.yaml"))
            continue
        doc, found = yamlmarks.read(meta_path, _display(root, meta_path))
        problems += found
        meta = _validated(doc, (), doc.data, PageMeta, problems) if not found else None
        prose, prose_paths = {}, {}
        for lang in LANGS:
            path = folder / f"{lang}.md"
            if not path.exists():
                problems.append(Problem(_display(root, folder), 1, 1, f"page '{folder.name}' lacks its {lang}.md"))
                continue
            text, unreadable = textfile.read(path, _display(root, path))
            problems += unreadable
            if not unreadable:
                prose[lang], prose_paths[lang] = text, _display(root, path)
        if meta is not None and len(prose) == len(LANGS):
            site.pages[folder.name] = Page(id=folder.name, meta=meta, prose=prose, prose_paths=prose_paths)
            docs.append((doc, [(None, meta)]))
    return docs


def _load_changelog(root: Path, site: Site, problems: list[Problem]):
    """content/changelog.yaml: releases, newest first; the newest is the version being built."""
    path = root / "content" / "changelog.yaml"
    if not path.exists():
        problems.append(Problem(_display(root, path), 1, 1, "file is missing"))
        return []
    doc, found = yamlmarks.read(path, _display(root, path))
    problems += found
    if found and doc.data is None:
        return []
    items = _validated_list(doc, Release, problems)
    site.releases = [release for _, release in items]
    for index, release in items:
        for i, change in enumerate(release.changes):
            for j, page in enumerate(change.pages):
                if page not in site.page_ids and page not in GENERATED_PAGES:
                    problems.append(doc.problem((index, "changes", i, "pages", j), f"unknown page '{page}'"))
    dates = [r.date.start for r in site.releases]
    if dates != sorted(dates, reverse=True):
        problems.append(doc.problem((), "releases must be listed newest first"))
    if items and site.releases[0].version != __version__:
        problems.append(doc.problem((items[0][0], "version"),
                                    f"the newest release is '{site.releases[0].version}' but the site is version "
                                    f"'{__version__}': add its entry"))
    # change entries are checked like records: their `records` must exist
    return [(doc, [((index, "changes", i), change) for i, change in enumerate(release.changes)])
            for index, release in items]


def _check_prose(root: Path, page: Page, site: Site) -> list[Problem]:
    return [p for lang, text in page.prose.items() for p in check_markdown(text, page.prose_paths[lang], site)]


def check_markdown(text: str, path: str, site: Site) -> list[Problem]:
    """Prose: citation keys, record:/page:/note: links and refused Markdown, located to the character."""
    return [Problem(path, *markdown.line_col(text, offset), message)
            for offset, message in text_problems(markdown.scan(text), site)]


def text_problems(found: markdown.Scan, site: Site) -> list[tuple[int, str]]:
    """(offset, message) for each flaw, unknown citation key and unknown link target of a scanned text."""
    problems = [(flaw.start, flaw.message) for flaw in found.flaws]
    for citation in found.citations:
        problems += [(citation.start, _unknown_key(c.key, site.bib)) for c in citation.cites if c.key not in site.bib]
    for link in found.links:
        known = {
            "record": site.record(link.target) is not None,
            "page": link.target in site.page_ids or link.target in GENERATED_PAGES,
            "note": link.target in site.notes,
        }[link.scheme]
        if not known:
            problems.append((link.start, f"unknown {link.scheme} '{link.target}'"))
    return problems


def _load_bib(root: Path):
    path = root / "sources" / "references.bib"
    if not path.exists():
        return None, [Problem(_display(root, path), 1, 1, "file is missing")]
    return cite.load(path, _display(root, path))


GENERATED_PAGES = (
    "timeline", "summits", "summit-comparison", "treaties", "events", "organizations", "states", "membership",
    "source-notes", "glossary", "bibliography", "downloads", "changelog", "argument",
)
