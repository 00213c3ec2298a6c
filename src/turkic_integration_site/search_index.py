"""The search index: Pagefind over the built pages, each given folded names and words for Turkish readers.

Served pages stay as they are: the indexer reads a staged copy of each page (its language, its content,
its search metadata), so folded names and words cost the reader nothing until a result is shown.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from .fold import fold, needs_folding

BUNDLE = "pagefind"  # the index folder under site/, fetched by search.js only when a reader searches
NAME_SEPARATOR = " · "
META_NAMES = "fold"  # a page's names (titles, abbreviations, aliases), folded: `nahcivan` finds Nahçıvan
META_WORDS = "fold_words"  # the page's words that Pagefind cannot fold itself (ı, ə), folded
# One token per name (its folded words run together, between `nm` and `0`): searching the query's token
# finds the pages the query names outright, whatever else ranks high (search.js puts them first).
# The final digit keeps the stemmer from shortening the token into a prefix of other names.
META_KEYS = "name_keys"
KEY = "nm{}0"


def _simple_selector(selector: str) -> tuple[str, str]:
    """`details.quote` → ("details", "quote"); `.tis-print-only` → ("", "tis-print-only")."""
    tag, _, cls = selector.partition(".")
    return tag, cls


class _TextReader(HTMLParser):
    """The text of a page's content, without the parts the index leaves out (simple `tag.class` selectors)."""

    def __init__(self, excluded: list[str]):
        super().__init__(convert_charrefs=True)
        self.excluded = [_simple_selector(s) for s in excluded]
        self.text: list[str] = []
        self._stack: list[bool] = []  # per open element: is it excluded?

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        hidden = any((not t or t == tag) and (not c or c in classes) for t, c in self.excluded)
        if tag not in ("br", "hr", "img", "input", "meta", "link", "wbr", "source"):
            self._stack.append(hidden)

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not any(self._stack):
            self.text.append(data)


_WORD = re.compile(r"\w+(?:['’]\w+)*")  # `Karabağ'ın` stays one word, as Pagefind indexes it


def folded_words(text: str) -> list[str]:
    """Each word (and apostrophe-separated part) the engine's own folding misses, folded; sorted, once."""
    words = set()
    for word in set(_WORD.findall(text)):
        if needs_folding(word):
            parts = re.split(r"['’]", word)
            words.update(fold(w) for w in {"".join(parts), *parts} if len(w) > 1 and needs_folding(w))
    return sorted(words)


def folded_name(name: str) -> str:
    """A name as words only: `Türkiye'nin payı` → `turkiye nin payi`. Pagefind scores words joined by
    an apostrophe or hyphen as compounds, which lifted any title with `Türkiye'nin` above `Türkiye` itself."""
    return " ".join(re.findall(r"\w+", fold(name)))


def index_meta(content_html: str, names: list[str], excluded: list[str]) -> str:
    """The <meta data-pagefind-meta> tags that give the indexer a page's folded names and words."""
    reader = _TextReader(excluded)
    reader.feed(content_html)
    reader.close()
    folded = [folded_name(n) for n in names]
    metas = {META_NAMES: NAME_SEPARATOR.join(folded),
             META_KEYS: " ".join(KEY.format(name.replace(" ", "")) for name in folded),
             META_WORDS: " ".join(folded_words(" ".join(reader.text)))}
    return "".join(f'<meta data-pagefind-meta="{key}[content]" content="{html.escape(value)}">'
                   for key, value in metas.items() if value)


def stage_page(staging: Path, dest_path: str, lang: str, content_html: str, meta: str) -> None:
    """The indexer's copy of a page: its language (one index per language), metadata and content only
    (no navigation, header or footer to leave out)."""
    target = staging / dest_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f'<!doctype html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">{meta}</head>'
                      f"<body>{content_html}</body></html>", encoding="utf-8")


def write_index(staging: Path, site_dir: Path, excluded: list[str], chunk_size: int) -> int:
    """Index the staged pages into site_dir/pagefind/ with Pagefind's command; returns how many pages went in.

    The command, not the package's service API: the service's Python side waits 0.1 s per answer (23 s
    for 232 pages added one by one) and, at ~20,000 pages, answered before its files were written.
    `chunk_size` (word locations per index file; Pagefind's default 20,000) decides what one searched
    word downloads; Pagefind 1.5 reads it only from its environment (PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE).
    """
    bundle = site_dir / BUNDLE
    command = [sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(bundle), "--quiet"]
    for selector in excluded:
        command += ["--exclude-selectors", selector]
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(chunk_size)}
    # On a heavily loaded machine Pagefind 1.5 has been seen to exit with an empty pagefind-entry.json:
    # an index without its entry file is unusable, so it is written again from scratch (at most three times).
    for _attempt in range(3):
        shutil.rmtree(bundle, ignore_errors=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pagefind failed: {done.stdout}{done.stderr}".strip())
        if _fix_language_order(bundle / "pagefind-entry.json"):
            return sum(1 for _ in staging.rglob("*.html"))
    raise RuntimeError(f"pagefind wrote no usable {BUNDLE}/pagefind-entry.json in three runs")


def _fix_language_order(entry: Path) -> bool:
    """Pagefind lists the languages in no fixed order: sorted, two builds of the same site stay identical.
    False when the entry file is missing or not the JSON Pagefind means to write."""
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
