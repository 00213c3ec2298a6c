"""Read content/ and sources/, build the typed model, and check every id and citation key."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .. import __version__
from ..citations import bibliography
from ..common import textfile
from ..common.errors import ContentError, Problem
from . import yamlmarks
from .argument_map import ArgumentMap, check_graph, check_parts
from .checks import (GENERATED_PAGES, RESERVED_ANCHORS, SECTION_IDS, SITE_FOLDERS, check_citations, check_prose, check_references,
                     pydantic_problem)
from .provenance import check_basis
from .model import ID_PATTERN, LANGS, RECORD_FILES, Page, PageMeta, Release
from .site import Site

def load_site(root: Path) -> Site:
    """Load and check everything under `root`; raise ContentError listing every problem found."""
    site = Site(root)
    problems: list[Problem] = []
    docs: list[tuple[yamlmarks.Document, list[tuple[int, BaseModel]]]] = []
    seen_ids: dict[str, Problem] = {}
    refused: set[str] = set()  # ids of records refused: what names them only echoes that
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
        valid = {item.id for _, item in items}
        refused |= {raw["id"] for raw in doc.data if isinstance(raw, dict) and isinstance(raw.get("id"), str)} - valid
        family = site.records.setdefault(family_name, {})
        for index, item in items:
            where = doc.problem((index, "id"), "")
            if item.id in RESERVED_ANCHORS:
                problems.append(Problem(where.path, where.line, where.column, f"id '{item.id}' is an anchor the "
                                        "pages already use (choose another)"))
                refused.add(item.id)
                continue
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
    argument_docs = _load_argument(root, site, problems)
    if unreadable or any("YAML syntax" in p.message for p in problems):
        raise ContentError(problems)  # records of an unreadable file are missing: references would only echo that
    site.bib, bib_problems = _load_bib(root)
    problems += bib_problems
    if site.bib is not None:  # the whole-argument page gives its sources and its sections anchors side by side
        problems += [Problem("sources/references.bib", bibliography.entry_line(site.bib.text, key), 1,
                             f"key '{key}' is an anchor the pages already use (choose another)")
                     for key in site.bib.sources if key in (*RESERVED_ANCHORS, *SECTION_IDS, "index")]

    known = {**{k: set(v) for k, v in site.records.items()}, "sections": set(SECTION_IDS)}
    for doc, items in docs + page_docs + changelog_docs + argument_docs:
        for index, item in items:
            base = index if isinstance(index, tuple) else (index,) if index is not None else ()
            problems += check_references(doc, base, item, known)
            if site.bib is not None:
                problems += check_citations(doc, base, item, site)
                problems += check_basis(doc, base, item, site)
    if site.bib is not None:
        for page in site.pages.values():
            problems += check_prose(page, site)
    if problems:
        raise ContentError(*root_causes(problems, refused))
    return site


def root_causes(problems: list[Problem], refused: set[str]) -> tuple[list[Problem], Problem | None]:
    """The problems themselves, and one line summing up the references to a refused record (a cascade of one
    mistake), placed at the first of them."""
    follow = sorted(p for p in problems if p.about in refused)
    if not follow:
        return problems, None
    names = ", ".join(f"'{i}'" for i in sorted({p.about for p in follow}))
    first = follow[0]
    return [p for p in problems if p.about not in refused], Problem(
        first.path, first.line, first.column,
        f"and {len(follow)} more problem(s) naming {names}, refused above: they go once it is fixed")


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
            problems.append(pydantic_problem(doc, loc + tuple(error["loc"]), error))
        return None


def _load_pages(root: Path, site: Site, problems: list[Problem]):
    docs = []
    pages_dir = root / "content" / "pages"
    for folder in sorted(p for p in pages_dir.iterdir() if p.is_dir()) if pages_dir.exists() else []:
        if not re.fullmatch(ID_PATTERN, folder.name) or len(folder.name) > 80:
            problems.append(Problem(_display(root, folder), 1, 1, f"page folder name '{folder.name}' is not a valid "
                                    "id (lowercase letters, digits and hyphens, 80 at most)"))
            continue
        if folder.name in GENERATED_PAGES or folder.name in SITE_FOLDERS:
            problems.append(Problem(_display(root, folder), 1, 1, f"page folder name '{folder.name}' is taken by a "
                                    "generated page or a folder of the site (choose another)"))
            continue
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


def _load_argument(root: Path, site: Site, problems: list[Problem]):
    """content/argument.yaml: the claims and inferences, checked as a graph here and like records by the caller."""
    path = root / "content" / "argument.yaml"
    if not path.exists():
        problems.append(Problem(_display(root, path), 1, 1, "file is missing"))
        return []
    doc, found = yamlmarks.read(path, _display(root, path))
    problems += found
    argument = _validated(doc, (), doc.data, ArgumentMap, problems) if not found else None
    if argument is None:
        return []
    site.argument = argument
    problems += check_graph(doc, argument) + check_parts(doc, argument, site.pages)
    return [(doc, [(("claims", i), c) for i, c in enumerate(argument.claims)]
             + [(("inferences", i), inf) for i, inf in enumerate(argument.inferences)])]


def _load_bib(root: Path):
    path = root / "sources" / "references.bib"
    if not path.exists():
        return None, [Problem(_display(root, path), 1, 1, "file is missing")]
    if path.is_symlink() or not path.is_file():  # a link could show any file of the machine on the site
        return None, [Problem(_display(root, path), 1, 1, "must be a file of the project, not a link")]
    return bibliography.load(path, _display(root, path))


