"""A ready citation of one of the site's own pages: APA, Chicago author-date, BibTeX and RIS."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from .dates import PartialDate

BIB_LANG = {"tr": "turkish", "en": "english"}


def page_citation(title: str, url: str, lang: str, build_date: str, labels: dict[str, str]) -> dict[str, str]:
    editors, site = labels["editors"], labels["site_title"]
    title = " ".join(title.split())  # one line: a line break in a title must not end the BibTeX or RIS block
    day = dt.date.fromisoformat(build_date)
    year = day.year
    day_text = PartialDate(day.year, day.month, day.day).format(lang)
    slug = re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[-1].lower()).strip("-")
    bibtex = (
        f"@online{{{slug},\n"
        f"  author = {{{{{editors}}}}},\n"
        f"  title = {{{title}}},\n"
        f"  organization = {{{site}}},\n"
        f"  year = {{{year}}},\n"
        f"  url = {{{url}}},\n"
        f"  urldate = {{{build_date}}},\n"
        f"  langid = {{{BIB_LANG[lang]}}}\n"
        f"}}"
    )
    ris = "\n".join([
        "TY  - ELEC", f"AU  - {editors}", f"TI  - {title}", f"T2  - {site}", f"PY  - {year}",
        f"UR  - {url}", f"Y2  - {build_date}", f"LA  - {lang}", "ER  - ",
    ])
    if lang == "tr":
        apa = f"{editors}. ({year}). {title}. {site}. {labels['accessed']} {day_text}, {url}"
        chicago = f"{editors}. {year}. “{title}.” {site}. {labels['accessed']} {day_text}. {url}."
    else:
        apa = f"{editors}. ({year}). {title}. {site}. Retrieved {day_text}, from {url}"
        chicago = f"{editors}. {year}. “{title}.” {site}. Accessed {day_text}. {url}."
    return {
        "apa": apa, "chicago": chicago, "bibtex": bibtex, "ris": ris, "build_date_text": day_text,
        "filename": slug, "bibtex_data_uri": "data:application/x-bibtex;charset=utf-8," + quote(bibtex),
        "ris_data_uri": "data:application/x-research-info-systems;charset=utf-8," + quote(ris),
    }
