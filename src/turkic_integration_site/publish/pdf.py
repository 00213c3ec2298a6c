"""The whole-argument page as a PDF (WeasyPrint), per language, from the HTML MkDocs has just written.

Only local files are read: the page's own HTML and stylesheet below; Material's stylesheets, scripts and any
other address are refused, so nothing is fetched. Fonts come from the system (Debian's fonts-dejavu).
A PDF is rebuilt only when its page's HTML changed (cached by content hash).
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

STYLE = """
@page { size: A4; margin: 22mm 20mm 24mm; @bottom-center { content: counter(page); font-size: 9pt; } }
html { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.45; color: #000; }
h1, h2, h3 { font-family: "DejaVu Sans", sans-serif; line-height: 1.2; break-after: avoid; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 1.6em; } h3 { font-size: 12pt; }
h2:not(:first-of-type) { break-before: page; }
a { color: #1a3d8f; text-decoration: none; }
a.headerlink, .md-header, .md-sidebar, .md-footer, .md-search, .md-skip, .md-top, .md-dialog, .md-tabs,
.md-overlay, .md-nav, label, input, .tis-source, .tis-pdf-link, .md-content__button, .md-source-file,
details.quote, .tis-print-only, script { display: none !important; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 9pt; }
td, th { border: 0.5pt solid #999; padding: 2pt 4pt; }
blockquote, .admonition { border-left: 2pt solid #999; margin-left: 0; padding-left: 8pt; }
"""


def cache_key(html: bytes) -> str:
    # The installed version from the package's metadata: importing WeasyPrint costs about a second per build.
    return hashlib.sha256(html + STYLE.encode() + version("weasyprint").encode()).hexdigest()


def write_pdf(html_file: Path, out: Path, base_url: str, lang: str, cache: Path | None) -> bool:
    """Render `html_file` to `out`; returns False when a cached PDF of the same HTML was reused."""
    html = html_file.read_bytes()
    cached = cache / f"{cache_key(html)}.pdf" if cache else None
    out.parent.mkdir(parents=True, exist_ok=True)
    if cached and cached.exists():
        shutil.copyfile(cached, out)
        return False
    import logging

    import weasyprint  # imported here: `mkdocs serve` never pays for it

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # refused theme stylesheets are expected
    class NothingFetched(weasyprint.urls.URLFetcher):
        """Nothing from outside, and none of the theme's screen stylesheets: the page is self-contained."""

        def fetch(self, url, headers=None):
            raise weasyprint.urls.URLFetchingError(f"not fetched: {url}")

    document = weasyprint.HTML(string=html.decode("utf-8"), base_url=base_url, url_fetcher=NothingFetched())
    document.write_pdf(out, stylesheets=[weasyprint.CSS(string=STYLE)], pdf_identifier=b"turkic-" + lang.encode(),
                       custom_metadata=True)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, cached)
    return True
