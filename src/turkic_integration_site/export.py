"""Data downloads: every record as JSON and CSV, every source as BibTeX, CSL-JSON and RIS."""

from __future__ import annotations

import csv
import io
import json

from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer

from .cite import Bibliography
from .dates import PartialDate
from .load import Site

FILES = (
    ("records.json", "application/json"),
    ("records.csv", "text/csv"),
    ("references.bib", "application/x-bibtex"),
    ("references.csl.json", "application/vnd.citationstyles.csl+json"),
    ("references.ris", "application/x-research-info-systems"),
)
CSV_COLUMNS = ("family", "id", "date", "title_tr", "title_en", "kind", "sections", "sources", "notes")
CSL_TYPES = {"article": "article-journal", "book": "book", "online": "webpage", "misc": "document"}
RIS_TYPES = {"article": "JOUR", "book": "BOOK", "online": "ELEC", "misc": "GEN"}


def downloads(site: Site) -> dict[str, bytes]:
    records = records_json(site)
    return {
        "downloads/records.json": json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True).encode(),
        "downloads/records.csv": records_csv(records).encode(),
        "downloads/references.bib": bibtex({k: s.entry for k, s in site.bib.sources.items()}).encode(),
        "downloads/references.csl.json": json.dumps(csl_json(site.bib), ensure_ascii=False, indent=1).encode(),
        "downloads/references.ris": ris(site.bib).encode(),
    }


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


def records_json(site: Site) -> dict[str, list[dict]]:
    return {
        family: [r.model_dump(mode="json", exclude_none=True) for r in records.values()]
        for family, records in sorted(site.records.items())
    }


def records_csv(records: dict[str, list[dict]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for family, items in records.items():
        for r in items:
            title = r.get("title") or r.get("name") or r.get("term") or {}
            writer.writerow({
                "family": family, "id": r["id"],
                "date": r.get("date") or r.get("signed") or r.get("in_force") or r.get("founded") or r.get("since") or "",
                "title_tr": title.get("tr", r.get("member", "")), "title_en": title.get("en", r.get("member", "")),
                "kind": r.get("kind") or r.get("series") or r.get("category") or r.get("role") or r.get("status") or "",
                "sections": " ".join(r.get("sections", [])), "sources": " | ".join(r.get("sources", [])),
                "notes": " ".join(r.get("notes", [])),
            })
    return out.getvalue()


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
                           ("note", "note"), ("langid", "language")):
            if field in e.fields:
                item[csl] = e.fields[field]
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
            if field in e.fields:
                lines.append(f"{tag}  - {e.fields[field]}")
        if "year" in e.fields:
            lines.append(f"PY  - {e.fields['year']}")
        if "date" in e.fields:
            lines.append(f"DA  - {e.fields['date'].replace('-', '/')}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)
