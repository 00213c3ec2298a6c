"""Under `mkdocs serve`: a digest of everything a generated page shows, so that a page whose digest did not
change since the last run keeps its text instead of being rendered again.

A page's digest is made of:
- what every page shares: the address, date and publication; labels, introductions and theme files under
  templates/; the sources, the glossary and every walk-through page's page.yaml;
- its templates: the one it is rendered with and every one that extends, includes or imports, so an edit of
  summit.md.j2 renders the summits' pages again and no others;
- its own: a record page's records (Indexes.record_inputs); for any other page, every other input file, with the
  records as such pages see them (Indexes.records_outside_their_pages), and the prose it shows: a walk-through
  page its own (so an edit of one page's prose renders that page and the whole argument again), the whole
  argument all of it;
- the file and line it is generated from.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import jinja2
import jinja2.meta

from .plan import RECORD_TEMPLATES, PlannedPage, SitePlan

INPUT_FOLDERS = ("content", "sources", "templates")  # the generator's inputs besides the settings


class PageInputs:
    def __init__(self, root: Path, plan: SitePlan, env: jinja2.Environment, settings: str):
        self._shared = shared_inputs(root, settings)
        self._templates = template_inputs(env)
        self._others, self._prose = other_pages_inputs(root, plan)

    def of(self, planned: PlannedPage, source: tuple[str, int | None]) -> str:
        if planned.inputs is not None:
            own = planned.inputs
        elif planned.kind == "argument":
            own = self._others + "".join(self._prose.values())
        elif planned.kind in ("home", "section"):
            own = self._others + self._prose.get(planned.path.removesuffix(".md"), "")
        else:
            own = self._others
        return self._shared + self._templates[planned.template] + own + repr(source)


def shared_inputs(root: Path, settings: str) -> str:
    """A digest of what every page may show: labels, introductions, sources, glossary, walk-through titles."""
    digest = hashlib.sha256(settings.encode())
    paths = [*sorted(p for p in (root / "templates").rglob("*") if p.suffix != ".j2"),
             root / "sources" / "references.bib", root / "content" / "glossary.yaml",
             *sorted((root / "content" / "pages").glob("*/page.yaml"))]
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def template_inputs(env: jinja2.Environment) -> dict[str, str]:
    """For each template, a digest of its source and of those of every template it extends, includes or imports.
    A template that names another by a variable could use any: it counts them all."""
    names = env.list_templates(extensions=["j2"])
    sources = {name: env.loader.get_source(env, name)[0] for name in names}

    def used_by(name: str) -> set[str]:
        found, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in found or current not in sources:
                continue
            found.add(current)
            named = _referenced(sources[current])
            if None in named:
                return set(sources)
            todo += named
        return found

    return {name: hashlib.sha256("\0".join(f"{used}\0{sources[used]}" for used in sorted(used_by(name)))
                                  .encode()).hexdigest() for name in names}


@functools.lru_cache(maxsize=256)  # parsed again only when a template's source changes
def _referenced(source: str) -> tuple[str | None, ...]:
    return tuple(jinja2.meta.find_referenced_templates(jinja2.Environment().parse(source)))


def other_pages_inputs(root: Path, plan: SitePlan) -> tuple[str, dict[str, str]]:
    """A digest of what a page other than a record's may show: every input file but the templates, the records'
    files and the prose, with the records as other pages see them; and a digest of each walk-through page's prose
    (both languages), by page id."""
    records = {root / "content" / f"{family}.yaml" for family in RECORD_TEMPLATES}
    digest = hashlib.sha256(plan.index.records_outside_their_pages.encode())
    prose: dict[str, list[bytes]] = {}  # page id -> its prose files
    for folder in INPUT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or path in records or path.suffix == ".j2":
                continue
            entry = str(path.relative_to(root)).encode() + b"\0" + path.read_bytes()
            if path.suffix == ".md" and path.parent.parent == root / "content" / "pages":
                prose.setdefault(path.parent.name, []).append(entry)
            else:
                digest.update(entry)
    return digest.hexdigest(), {page: hashlib.sha256(b"\0".join(entries)).hexdigest()
                                 for page, entries in sorted(prose.items())}
