"""Every name a reader may search a page by: titles in both languages, abbreviations, aliases, glossary names."""

from __future__ import annotations

from ..content.site import Site
from ..content.model import LANGS


def record_names(site: Site, record, lang: str) -> list[str]:
    """A record's own titles (this language first), abbreviations and aliases, and those of the glossary
    terms that stand for it: `TDT`, `OTS`, `Türk Keneşi` all name the organization."""
    names = [record.title[lang], *(record.title[other] for other in LANGS if other != lang)]
    abbr = getattr(record, "abbr", None)
    if abbr:
        names += [abbr[other] for other in LANGS]
    names += record.aliases
    for term in site.terms.values():
        if term.organization == record.id:
            names += [*(term.abbr[other] for other in LANGS if term.abbr), *(term.term[other] for other in LANGS),
                      *term.aliases]
    return list(dict.fromkeys(names))


def glossary_names(site: Site) -> list[str]:
    """Aliases of the glossary terms that have no record of their own: they lead to the glossary."""
    return list(dict.fromkeys(a for t in site.terms.values() if not t.organization for a in t.aliases))
