"""sitemap.xml (every page with its twin and x-default), en/sitemap.xml, and robots.txt naming the sitemap.

Written after MkDocs has built the site, from the pages actually in it, at their latest (canonical) address.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..content.model import LANGS

NOT_PAGES = ("assets", "search")


def page_paths(site_dir: Path) -> list[str]:
    """Every default-language page as a URL path under the site root ("", "summits/2021-istanbul/", ...)."""
    paths = []
    for top, folders, files in os.walk(site_dir):
        if top == str(site_dir):  # the other languages' folders, assets and the search index hold no page of it
            folders[:] = [name for name in folders if name not in LANGS[1:] and name not in NOT_PAGES]
        if "index.html" in files:
            parts = Path(top).relative_to(site_dir).parts
            paths.append("".join(f"{part}/" for part in parts))
    return sorted(paths)


def _twins(latest_url: str, path: str) -> dict[str, str]:
    return {lang: latest_url + ("" if lang == LANGS[0] else f"{lang}/") + path for lang in LANGS}


def sitemap(latest_url: str, paths: list[str], lastmod: str, langs: tuple[str, ...] = LANGS) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in paths:
        twins = _twins(latest_url, path)
        links = [(lang, twins[lang]) for lang in LANGS] + [("x-default", twins[LANGS[0]])]
        for lang in langs:
            lines.append(f"  <url>\n    <loc>{escape(twins[lang])}</loc>\n    <lastmod>{lastmod}</lastmod>")
            lines += [f'    <xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url)}/>' for code, url in links]
            lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


def robots(latest_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {latest_url}sitemap.xml\n"


def write(site_dir: Path, latest_url: str, lastmod: str) -> None:
    """Replace MkDocs' sitemap with one at the canonical address; give each language root its own."""
    paths = page_paths(site_dir)
    files = {"sitemap.xml": sitemap(latest_url, paths, lastmod), "robots.txt": robots(latest_url)}
    for lang in LANGS[1:]:
        files[f"{lang}/sitemap.xml"] = sitemap(latest_url, paths, lastmod, (lang,))
    for name, text in files.items():
        (site_dir / name).write_text(text, encoding="utf-8")
    # MkDocs' gzipped copy would still list the old addresses: keep it in step, byte-stable (no mtime).
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(files["sitemap.xml"].encode(), mtime=0))
