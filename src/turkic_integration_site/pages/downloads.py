"""The data downloads: every record as JSON and CSV, every source as BibTeX, CSL-JSON and RIS; the argument map
as AIF JSON, one per language."""

from __future__ import annotations

import csv
import io
import json
import re

from ..citations.exports import bibtex, csl_json, ris
from ..content import markdown
from ..content.model import LANGS
from ..content.site import Site

FILES = (
    ("records.json", "application/json"),
    ("records.csv", "text/csv"),
    ("references.bib", "application/x-bibtex"),
    ("references.csl.json", "application/vnd.citationstyles.csl+json"),
    ("references.ris", "application/x-research-info-systems"),
    ("argument-map.json", "application/json"),  # AIF JSON, in the page's language
)
CSV_COLUMNS = ("family", "id", "date", "title_tr", "title_en", "kind", "sections", "sources", "notes", "basis", "basis_sources")
# The first of these a record has is its date in the CSV (a summit's date, a treaty's signature, ...).
DATE_FIELDS = ("date", "signed", "in_force", "founded", "renamed", "since")


def downloads(site: Site) -> dict[str, bytes]:
    records = records_json(site)
    return {
        "downloads/records.json": json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True).encode(),
        "downloads/records.csv": records_csv(records).encode(),
        **site.bib.derived("downloads", _reference_files),
    }


def _reference_files(bib) -> dict[str, bytes]:
    return {
        "downloads/references.bib": bibtex({k: s.entry for k, s in bib.sources.items()}).encode(),
        "downloads/references.csl.json": json.dumps(csl_json(bib), ensure_ascii=False, indent=1).encode(),
        "downloads/references.ris": ris(bib).encode(),
    }


def per_language(site: Site, labels: dict[str, dict[str, str]]) -> dict[str, bytes]:
    """The downloads whose text is in one language, keyed by their path with the language suffix."""
    return {f"downloads/argument-map.{lang}.json": json.dumps(aif(site, lang, labels[lang]), ensure_ascii=False,
                                                              indent=1).encode() for lang in LANGS}


def aif(site: Site, lang: str, L: dict[str, str]) -> dict:
    """The argument map in AIF JSON (AIFdb, OVA): claims are I nodes, reasons RA and objections CA nodes; each
    premise → RA/CA → conclusion. Ids are the same in every language, texts in `lang`."""
    argument = site.argument
    nodes = [{"nodeID": c.id, "text": plain_text(site, c.claim[lang], lang), "type": "I"} for c in argument.claims]
    edges = []
    for inference in argument.inferences:
        kind = "RA" if inference.kind == "support" else "CA"
        nodes.append({"nodeID": inference.id, "text": L["aif_" + kind], "type": kind})
        for premise in inference.premises:
            edges.append({"edgeID": f"{premise}--{inference.id}", "fromID": premise, "toID": inference.id})
        edges.append({"edgeID": f"{inference.id}--{inference.conclusion}", "fromID": inference.id,
                      "toID": inference.conclusion})
    return {"nodes": nodes, "edges": edges, "locutions": []}


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain_text(site: Site, text: str, lang: str) -> str:
    """A data text as plain words: citations as their in-text labels, links as their words."""
    found = markdown.scan(text, data=True)
    out, pos = [], 0
    for citation in found.citations:
        labels = []
        for c in citation.cites:
            label = site.bib.label(c.key, lang)
            if c.pages:
                terms = site.bib.styles[lang].terms
                label += f", {terms['pp' if c.is_range else 'p']} {c.pages.replace('-', '–')}"
            labels.append(label)
        out += [text[pos:citation.start], "(" + "; ".join(labels) + ")"]
        pos = citation.end
    out.append(text[pos:])
    return _LINK.sub(r"\1", "".join(out))


def records_json(site: Site) -> dict[str, list[dict]]:
    return {
        family: [r.model_dump(mode="json", exclude_none=True) for r in records.values()]
        for family, records in sorted(site.records.items())
    }


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (=, +, -, @, tab, CR) is prefixed
    with an apostrophe (OWASP's rule against CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def records_csv(records: dict[str, list[dict]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for family, items in records.items():
        for r in items:
            title = r.get("title") or r.get("name") or r.get("term") or {}
            writer.writerow({name: spreadsheet_safe(str(value)) for name, value in {
                "family": family, "id": r["id"],
                "date": next((r[k] for k in DATE_FIELDS if r.get(k)), ""),
                "title_tr": title.get("tr", r.get("member", "")), "title_en": title.get("en", r.get("member", "")),
                "kind": r.get("kind") or r.get("series") or r.get("category") or r.get("role") or r.get("status") or "",
                "sections": " ".join(r.get("sections", [])), "sources": " | ".join(r.get("sources", [])),
                "notes": " ".join(r.get("notes", [])), "basis": r.get("basis", ""),
                "basis_sources": " ".join(r.get("basis_sources", [])),
            }.items()})
    return out.getvalue()
