"""Every source as BibTeX, CSL-JSON and RIS (the downloads, and the BibTeX shown on the bibliography)."""

from __future__ import annotations

from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer

from .bibliography import Bibliography
from ..common.dates import PartialDate

CSL_TYPES = {"article": "article-journal", "book": "book", "online": "webpage", "misc": "document", "report": "report"}
RIS_TYPES = {"article": "JOUR", "book": "BOOK", "online": "ELEC", "misc": "GEN", "report": "RPRT"}
# biblatex's langid names -> the language codes CSL-JSON and Zotero expect
LANGUAGE_CODES = {"turkish": "tr", "english": "en", "azerbaijani": "az", "russian": "ru", "kazakh": "kk",
                  "uzbek": "uz", "kyrgyz": "ky", "czech": "cs", "german": "de", "french": "fr"}


class _Writer(Writer):
    """pybtex's BibTeX writer, skipping LaTeX encoding (slow, character by character) for text that it
    would leave unchanged: text whose every character encodes to itself."""

    _unchanged: dict[str, bool] = {}  # character -> does it encode to itself

    def _encode(self, text: str) -> str:
        unchanged = self._unchanged
        for ch in set(text):
            if ch not in unchanged:
                unchanged[ch] = super()._encode(ch) == ch
            if not unchanged[ch]:
                return super()._encode(text)
        return text


def bibtex(entries: dict[str, Entry]) -> str:
    """BibTeX text; the writer is used directly, as pybtex's to_string() looks its plugin up each call."""
    return _Writer().to_string(BibliographyData(entries))


def _authors(entry: Entry) -> list[dict]:
    people = []
    for person in entry.persons.get("author", []):
        last = " ".join(person.prelast_names + person.last_names).strip("{}")
        first = " ".join(person.first_names + person.middle_names)
        if last == "others":
            continue
        people.append({"family": last, "given": first} if first else {"literal": last})
    return people


def _issued(entry: Entry) -> dict | None:
    if "date" in entry.fields:
        d = PartialDate.parse(entry.fields["date"])
        return {"date-parts": [[p for p in (d.year, d.month, d.day) if p]]}
    if "year" in entry.fields:
        return {"date-parts": [[int(entry.fields["year"])]]}
    return None


def csl_json(bib: Bibliography) -> list[dict]:
    items = []
    for key, source in bib.sources.items():
        e = source.entry
        item = {"id": key, "type": CSL_TYPES.get(e.type, "document"), "author": _authors(e)}
        for field, csl in (("title", "title"), ("journal", "container-title"), ("volume", "volume"),
                           ("number", "issue"), ("pages", "page"), ("publisher", "publisher"), ("url", "URL"),
                           ("note", "note"), ("isbn", "ISBN"), ("doi", "DOI"), ("location", "publisher-place")):
            if field in e.fields:
                item[csl] = e.fields[field]
        if "page" in item:  # BibTeX writes a range 505--524, CSL 505-524
            item["page"] = item["page"].replace("--", "-")
        if "langid" in e.fields:
            item["language"] = LANGUAGE_CODES.get(e.fields["langid"], e.fields["langid"])
        if (issued := _issued(e)) is not None:
            item["issued"] = issued
        if "yearsuffix" in e.fields:
            item["year-suffix"] = e.fields["yearsuffix"]
        items.append(item)
    return items


def ris(bib: Bibliography) -> str:
    lines = []
    for key, source in bib.sources.items():
        e = source.entry
        lines.append(f"TY  - {RIS_TYPES.get(e.type, 'GEN')}")
        lines.append(f"ID  - {key}")
        for author in _authors(e):
            lines.append("AU  - " + (f"{author['family']}, {author['given']}" if "family" in author else author["literal"]))
        for field, tag in (("title", "TI"), ("journal", "JO"), ("volume", "VL"), ("number", "IS"),
                           ("publisher", "PB"), ("url", "UR"), ("note", "N1")):
            if field in e.fields:  # one line: a line break would start a new tag
                lines.append(f"{tag}  - {' '.join(e.fields[field].split())}")
        if "pages" in e.fields:  # 505--524: start page SP, end page EP
            first, _, last = e.fields["pages"].partition("--")
            lines.append(f"SP  - {first}")
            if last:
                lines.append(f"EP  - {last}")
        if "year" in e.fields:
            lines.append(f"PY  - {e.fields['year']}")
        if "date" in e.fields:
            lines.append(f"DA  - {e.fields['date'].replace('-', '/')}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)
