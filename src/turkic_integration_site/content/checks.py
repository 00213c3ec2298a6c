"""The checks every record and text passes: reference fields, citation keys, links, refused Markdown, each located."""

from __future__ import annotations

import difflib

from pydantic import BaseModel

from ..citations.bibliography import Bibliography
from ..common.errors import Problem
from . import markdown, yamlmarks
from .argument_map import ArgumentMap, Claim, Inference
from .model import RECORD_FILES, PageMeta, Text, TextList
from .site import Site

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


# Anchors the templates give their own headings ({ #records }, { #references }, ...): an entry listed on a page by
# its id (a note, a term, a membership, a source) may not take one.
RESERVED_ANCHORS = ("argument-map", "bibliography", "cite-article", "declaration", "linked", "memberships", "outline",
                    "records", "references", "sections", "significance", "summary")
# Folders of the built site that are not pages: a page folder of this name would be lost in them.
SITE_FOLDERS = ("en", "search", "assets")
GENERATED_PAGES = (
    "timeline", "summits", "summit-comparison", "treaties", "events", "organizations", "states", "membership",
    "source-notes", "glossary", "bibliography", "downloads", "changelog", "argument", "argument-map",
)

_ALL_FIELDS = sorted({f for m in (*RECORD_FILES.values(), PageMeta, Text, TextList, ArgumentMap, Claim, Inference) for f in m.model_fields}
                     | {"name", "quote", "security"})


_PATTERNS = {"sources": 'citation (write "@key" or "@key, s. 12")',
             "basis_sources": 'citation key (write the key without "@")', "iso3": "ISO 3166 three-letter code"}


def pydantic_problem(doc: yamlmarks.Document, loc: tuple, error: dict) -> Problem:
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


def check_references(doc, base: tuple, item: BaseModel, known: dict[str, set[str]]) -> list[Problem]:
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
                problems.append(doc.problem(loc, f"unknown {what} '{ref}'{suggestion}", about=ref))
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


def check_citations(doc, base: tuple, item: BaseModel, site: Site) -> list[Problem]:
    """Every text field of a record: citation keys, the site's own links, and what a reader must never get."""
    problems = []
    for loc, text in texts_in(item, base):
        if loc[-2:-1] == ("sources",):
            key = markdown.parse_cite(text).key
            if key not in site.bib:
                problems.append(doc.problem(loc, unknown_key(key, site.bib)))
            continue
        for offset, message, about in text_problems(markdown.scan(text, data=True), site):
            problems.append(doc.problem_in(loc, offset, message, about=about))
    return problems


def unknown_key(key: str, bib: Bibliography) -> str:
    hint = difflib.get_close_matches(key, sorted(bib.sources), n=1)
    return f"unknown citation key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def check_prose(page, site: Site) -> list[Problem]:
    return [p for lang, text in page.prose.items() for p in check_markdown(text, page.prose_paths[lang], site)]


def check_markdown(text: str, path: str, site: Site) -> list[Problem]:
    """Prose: citation keys, record:/page:/note: links and refused Markdown, located to the character."""
    return [Problem(path, *markdown.line_col(text, offset), message, about)
            for offset, message, about in text_problems(markdown.scan(text), site)]


def text_problems(found: markdown.Scan, site: Site) -> list[tuple[int, str, str]]:
    """(offset, message, the id it names) for each flaw, unknown citation key and unknown link target of a text."""
    problems = [(flaw.start, flaw.message, "") for flaw in found.flaws]
    for citation in found.citations:
        problems += [(citation.start, unknown_key(c.key, site.bib), "") for c in citation.cites if c.key not in site.bib]
    for link in found.links:
        known = {
            "record": site.record(link.target) is not None,
            "page": link.target in site.page_ids or link.target in GENERATED_PAGES,
            "note": link.target in site.notes,
        }[link.scheme]
        if not known:
            problems.append((link.start, f"unknown {link.scheme} '{link.target}'", link.target))
    return problems
