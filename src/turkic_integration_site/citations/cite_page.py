"""A ready citation of one of the site's own pages: APA, Chicago author-date, BibTeX, RIS and CSL-JSON.

The date accessed is the reader's, not the build's: APA and Chicago carry a placeholder ("(the day you read
it)") that the page's script (templates/assets/cite.js) replaces with the reader's day, and the BibTeX, RIS and
CSL-JSON records carry no access date until the script adds it, so a citation never holds a false date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

from ..common.dates import PartialDate
from ..common.publication import Publication

BIB_LANG = {"tr": "turkish", "en": "english"}


def authors(publication: Publication, site_title: str) -> list[tuple[str, bool]]:
    """(name, is_organization) in order: the configured editors, else the site itself as an organization."""
    if publication.editors:
        return [(e.name, False) for e in publication.editors]
    return [(site_title, True)]


def _initials(given: str) -> str:
    return " ".join(part[0] + "." for part in given.replace("-", " ").split() if part)


def _apa_person(name: str) -> str:
    family, _, given = name.partition(",")
    return f"{family.strip()}, {_initials(given)}" if given.strip() else family.strip()


def _apa_names(names: list[tuple[str, bool]], lang: str) -> str:
    shown = [name if org else _apa_person(name) for name, org in names]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + (", ve " if lang == "tr" else ", & ") + shown[-1]


def _chicago_names(names: list[tuple[str, bool]], lang: str) -> str:
    def natural(name: str) -> str:  # "Family, Given" -> "Given Family" after the first author
        family, _, given = name.partition(",")
        return f"{given.strip()} {family.strip()}".strip()
    shown = [names[0][0]] + [name if org else natural(name) for name, org in names[1:]]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + (" ve " if lang == "tr" else ", and ") + shown[-1]


def bibtex_text(text: str) -> str:
    """Text as a BibTeX field holds it: braces and backslashes as LaTeX commands whose own braces balance (BibTeX
    counts `\\{` as a brace too), so a title can never close its field or open another."""
    return "".join({"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}.get(ch, ch)
                   for ch in text)


def page_citation(title: str, url: str, lang: str, build_date: str, labels: dict[str, str],
                  publication: Publication | None = None, page_path: str | None = None) -> dict[str, str]:
    """Every citation form of one page. `page_path` (the page's address below the language root, "" for the home
    page) names the record key and the downloaded files; without it they are named after the whole URL."""
    publication = publication or Publication()
    site = labels["site_title"]
    title = " ".join(title.split())  # one line: a line break in a title must not end the BibTeX or RIS block
    names = authors(publication, site)
    cited_url = publication.version_url and url.replace(_latest_root(url, publication), publication.version_url, 1)
    cited_url = cited_url or url  # a versioned build is cited at its version's own address
    version = publication.version_label
    year = dt.date.fromisoformat(build_date).year
    slug = _slug(url, lang, page_path)
    bib_author = " and ".join("{" + bibtex_text(name) + "}" if org else bibtex_text(name) for name, org in names)
    bibtex = (
        f"@online{{{slug},\n"
        f"  author = {{{bib_author}}},\n"
        f"  title = {{{bibtex_text(title)}}},\n"
        f"  organization = {{{bibtex_text(site)}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{version}}},\n"
        f"  url = {{{cited_url}}},\n"
        f"  langid = {{{BIB_LANG[lang]}}}\n"
        f"}}"
    )
    ris = "\n".join([
        "TY  - ELEC", *(f"AU  - {' '.join(name.split())}" for name, _ in names), f"TI  - {title}", f"T2  - {site}",
        f"ET  - {version}", f"PY  - {year}", f"UR  - {cited_url}", f"LA  - {lang}", "ER  - ",
    ])
    csl = _compact_dates(json.dumps([{
        "id": slug, "type": "webpage", "title": title,
        "author": [{"literal": name} if org else _csl_person(name) for name, org in names],
        "container-title": site, "version": version, "URL": cited_url, "issued": {"date-parts": [[year]]},
        "language": lang,
    }], ensure_ascii=False, indent=2))
    accessed = labels["accessed_placeholder"]
    # a name list ending in an initial already has its full stop
    apa_names, chicago_names = (text.removesuffix(".") for text in (_apa_names(names, lang), _chicago_names(names, lang)))
    version_text = f"{labels['version']} {version}"
    closed_title = title if title.endswith((".", "?", "!")) else title + "."  # Chicago: the title's own stop
    apa_site = "" if names == [(site, True)] else f" {site}."  # APA names the site once when it is the author
    if lang == "tr":
        apa = f"{apa_names}. ({year}). {title} ({version_text}).{apa_site} {labels['accessed']} {accessed}, {cited_url}"
        chicago = (f"{chicago_names}. {year}. “{closed_title}” {site}, {version_text}. {labels['accessed']} {accessed}. "
                   f"{cited_url}.")
    else:
        apa = f"{apa_names}. ({year}). {title} ({version_text}).{apa_site} Retrieved {accessed}, from {cited_url}"
        chicago = f"{chicago_names}. {year}. “{closed_title}” {site}, {version_text}. Accessed {accessed}. {cited_url}."
    day = dt.date.fromisoformat(build_date)
    return {
        "apa": apa, "chicago": chicago, "bibtex": bibtex, "ris": ris, "csl_json": csl, "accessed": accessed,
        "build_date_text": PartialDate(day.year, day.month, day.day).format(lang), "filename": slug,
        "bibtex_data_uri": "data:application/x-bibtex;charset=utf-8," + quote(bibtex),
        "ris_data_uri": "data:application/x-research-info-systems;charset=utf-8," + quote(ris),
        "csl_json_data_uri": "data:application/vnd.citationstyles.csl+json;charset=utf-8," + quote(csl),
        "version": version, "cited_url": cited_url,
    }


def _compact_dates(text: str) -> str:
    """A CSL date on one line, `"date-parts": [[2026, 12, 4]]` (templates/assets/cite.js writes it the same way)."""
    return re.sub(r"\[\s+\[\s+([\d,\s]+?)\s+\]\s+\]",
                  lambda m: "[[" + ", ".join(part.strip() for part in m[1].split(",")) + "]]", text)


def _csl_person(name: str) -> dict[str, str]:
    family, _, given = name.partition(",")
    return {"family": family.strip(), "given": given.strip()} if given.strip() else {"literal": family.strip()}


def _slug(url: str, lang: str, page_path: str | None) -> str:
    """The record key and file name: `turkic-integration-summits-2021-istanbul-en` (the home page: `-home-`)."""
    if page_path is None:
        return re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[-1].lower()).strip("-")
    path = re.sub(r"[^a-z0-9]+", "-", page_path.lower()).strip("-") or "home"
    return f"turkic-integration-{path}-{lang}"


def _latest_root(url: str, publication: Publication) -> str:
    """The latest address this page's URL starts with: the version address with its last folder as `latest`."""
    return publication.version_url.rstrip("/").rsplit("/", 1)[0] + "/latest/"
