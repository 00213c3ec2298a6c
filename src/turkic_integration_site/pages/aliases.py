"""Every name a reader may search a page by: titles in both languages, abbreviations, aliases, glossary names,
and the forms a rule makes of a state's name (its people and adjective: Kazakh, Özbek, Azerbaijani)."""

from __future__ import annotations

import re
from collections import defaultdict

from ..content.site import Site
from ..content.model import LANGS


def record_names(site: Site, record, lang: str, terms_of: dict[str, list]) -> list[str]:
    """A record's own titles (this language first), abbreviations and aliases, and those of the glossary
    terms that stand for it (`terms_of`: terms_by_organization): `TDT`, `OTS`, `Türk Keneşi` all name the
    organization."""
    names = [record.title[lang], *(record.title[other] for other in LANGS if other != lang)]
    abbr = getattr(record, "abbr", None)
    if abbr:
        names += [abbr[other] for other in LANGS]
    names += record.aliases
    if record.id in site.states:
        names += demonyms([record.title[other] for other in LANGS] + list(record.aliases))
    for term in terms_of.get(record.id, ()):
        names += [*(term.abbr[other] for other in LANGS if term.abbr), *(term.term[other] for other in LANGS),
                  *term.aliases]
    return list(dict.fromkeys(names))


def terms_by_organization(site: Site) -> dict[str, list]:
    """The glossary terms that stand for each organization, in glossary order: one pass over the glossary for
    every record's names, not one per record (which grew with the square of the site)."""
    terms_of: dict[str, list] = defaultdict(list)
    for term in site.terms.values():
        if term.organization:
            terms_of[term.organization].append(term)
    return terms_of


def glossary_names(terms) -> list[str]:
    """Aliases of a glossary page's terms that have no record of their own: they lead to that page."""
    return list(dict.fromkeys(a for t in terms if not t.organization for a in t.aliases))


def demonyms(names: list[str]) -> list[str]:
    """The people and adjective of a one-word state name, where a rule makes them: `-(i)stan` dropped
    (Kazakistan → Kazak, Kazakhstan → Kazakh, Türkmenistan → Türkmen), English `-an` + `i` (Azerbaijan →
    Azerbaijani). Other forms (Azeri, Turkish) are listed in the data where a reader needs them."""
    found = []
    for name in names:
        if " " in name:
            continue
        if cut := re.match(r"^(\w{3,}?)i?stan$", name):
            found.append(cut.group(1))
        elif re.fullmatch(r"[A-Za-z]+ja?an", name):
            found.append(name + "i")
    return found


def glossary_synonyms(terms) -> list[list[str]]:
    """Per glossary term of a page: its names in both languages and its aliases (`İHA`, `UAV`, `drone`, ...):
    search treats the one-word ones as the same word across the site (publish/search_index.py: _synonyms
    gathers every page's groups), so each term's group travels with its own page only."""
    groups = []
    for term in terms:
        names = [*(term.abbr[other] for other in LANGS if term.abbr), *(term.term[other] for other in LANGS),
                 *term.aliases]
        groups.append(list(dict.fromkeys(names)))
    return groups
