"""Once every language is built: both 404 pages, sitemaps, robots.txt, PDFs."""

from __future__ import annotations

from pathlib import Path

from ..content.model import LANGS
from ..pages import argument
from . import sitemap
from .pdf import write_pdf

PREFIXES = tuple("" if lang == LANGS[0] else lang for lang in LANGS)  # each language's folder in site/


def finish_site(site_dir: Path, not_found: dict[str, str], publication: dict, pdf_cache: Path | None) -> None:
    """`pdf_cache` None: no PDF (under `mkdocs serve`, so an edit reloads fast)."""
    for lang, page in not_found.items():
        path = site_dir / ("" if lang == LANGS[0] else lang) / "404.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    sitemap.write(site_dir, publication["latest_url"], publication["date"])
    if pdf_cache is None:
        return
    for lang, prefix in zip(LANGS, PREFIXES):
        base = (publication["version_url"] or publication["latest_url"]) + (f"{prefix}/" if prefix else "")
        write_pdf(site_dir / prefix / "argument" / "index.html", site_dir / prefix / argument.PDF,
                  base + "argument/", lang, pdf_cache)
