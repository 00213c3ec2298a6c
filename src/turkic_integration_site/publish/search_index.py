"""The search index: small static files per language, fetched word by word when a reader searches.

Every page is read once (its names, headings and text, folded the Turkish way), scored per word, and
written as a prefix tree: `search/<lang>/w/<prefix>.json` holds the words that begin with that prefix
(with the pages they score on) or, once it would grow past `node_bytes`, the best pages for the prefix
and the letters that continue it. A search fetches only the nodes on the path of each word typed and
one small file per result shown (`search/<lang>/p/<id>.json`), whatever the size of the site.
templates/assets/search.js reads these files; the format is described there and in `_node` below.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import string
from collections import Counter, defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from .fold import fold

FOLDER = "search"  # under site/: nothing in it loads until a reader searches
KEY_MARK = "="  # a page's whole name, its words run together, is indexed as `=<name>`: `=turkkenesi`
ROOT_DEPTH = 2  # the first node of a word is its first two letters (queries shorter than that find nothing)
MAX_DEPTH = 24  # a node this deep is written whole, however big
# BM25's usual constants: how fast repeats of a word stop adding to a page's score, and how much a long
# page's score is lowered for its length.
K1, B = 1.2, 0.75
TOP_SCORE = 4095  # scores are whole numbers 1..4095 on a log scale, doubled, plus 1 for a word in a record's names
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


@dataclass(frozen=True)
class Weights:
    names: float = 8  # titles, abbreviations, aliases
    headings: float = 2
    text: float = 1


@dataclass(frozen=True)
class Document:
    """One page as the index sees it."""

    url: str  # relative to the site root, as MkDocs gives it: `summits/2021-istanbul/`, `en/`
    lang: str
    title: str
    names: tuple[str, ...]  # what the page is called: title first, then other titles, abbreviations, aliases
    record: bool  # a page of its own for what it names (a record, the glossary), not a list or an essay
    headings: str
    text: str  # the readable text, headings included, without the parts left out of the index
    links: tuple[str, ...]  # the site's pages this one links to (relative to the site root)


def _simple_selector(selector: str) -> tuple[str, str]:
    """`details.quote` → ("details", "quote"); `.tis-print-only` → ("", "tis-print-only")."""
    tag, _, cls = selector.partition(".")
    return tag, cls


class _PageReader(HTMLParser):
    """A page's text, headings and links, without the parts the index leaves out (`tag.class` selectors)."""

    def __init__(self, excluded: list[str]):
        super().__init__(convert_charrefs=True)
        self.excluded = [_simple_selector(s) for s in excluded]
        self.text: list[str] = []
        self.headings: list[str] = []
        self.links: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # per open element: its tag, is it left out?

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        hidden = any((not t or t == tag) and (not c or c in classes) for t, c in self.excluded)
        if tag == "a" and attributes.get("href") and not hidden:
            self.links.append(attributes["href"])
        if tag not in VOID:
            self._stack.append((tag, hidden))
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag):
        # Close up to the matching element: a stray end tag must not unbalance what is left out.
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break
        if tag in HEADINGS or tag in ("p", "li", "td", "th", "dt", "dd", "div", "figcaption", "tr"):
            self.text.append(" ")

    def handle_data(self, data):
        if any(hidden for _, hidden in self._stack):
            return
        self.text.append(data)
        if any(tag in HEADINGS for tag, _ in self._stack):
            self.headings.append(data + " ")


def read_page(url: str, lang: str, title: str, names: list[str], content_html: str,
              excluded: list[str]) -> Document:
    """A built page's content (MkDocs' `page.content`) as the index sees it; `url` as MkDocs gives it."""
    reader = _PageReader(excluded)
    reader.feed(content_html)
    reader.close()
    links = []
    for href in reader.links:
        target = urldefrag(urljoin("/" + url, href)).url
        if target.startswith("/") and not target.startswith("//"):
            links.append(target[1:])
    return Document(url=url, lang=lang, title=title, names=tuple(dict.fromkeys([title, *names])), record=bool(names),
                    headings=" ".join("".join(reader.headings).split()),
                    text=" ".join("".join(reader.text).split()), links=tuple(links))


def words(text: str) -> list[str]:
    """Folded words of two letters or more: `Karabağ'ın 44 günlük` → karabag, in, 44, gunluk (search.js: words)."""
    return [w for w in re.findall(r"\w+", fold(text)) if len(w) > 1]


def name_key(name: str) -> str:
    """A whole name as one index word, every letter kept: `Türk Keneşi` → `=turkkenesi`, `S/İHA` → `=siha`
    (search.js: nameKey)."""
    return KEY_MARK + "".join(re.findall(r"\w+", fold(name)))


def _scores(documents: list[Document], weights: Weights) -> dict[str, dict[int, int]]:
    """word → {page number: posting}; posting = score × 2, + 1 if the word is in the names of a record.

    BM25F over the three fields, each weighted; a record more of the site links to scores a little higher
    (ties between two records named alike, such as the two Karabakh wars, go to the one the site is about).
    Scores go on a log scale, in 12 bits: the small scores of a common word stay apart.
    """
    inbound = Counter(target for doc in documents for target in doc.links if target != doc.url)
    counted = []
    for doc in documents:
        name_words = Counter(w for name in doc.names for w in set(words(name)))
        body = Counter(words(doc.text))
        heading = Counter(words(doc.headings))
        counted.append((name_words, heading, body, sum(body.values())))
    average = sum(length for *_, length in counted) / max(len(counted), 1) or 1
    frequency = Counter(w for name_words, _, body, _ in counted for w in set(name_words) | set(body))
    raw: dict[str, dict[int, float]] = defaultdict(dict)
    for number, (doc, (name_words, heading, body, length)) in enumerate(zip(documents, counted)):
        # only records: list pages that every page links to (bibliography, membership) would outrank all else
        rank = 1 + 0.15 * math.log2(1 + inbound[doc.url]) if doc.record else 1
        for word in set(name_words) | set(body):
            # BM25F: only the text is discounted for length; a long list page keeps the weight of its title
            tf = (weights.names * name_words[word] + weights.headings * heading[word]
                  + weights.text * body[word] / (1 - B + B * length / average))
            idf = math.log(1 + (len(documents) - frequency[word] + 0.5) / (frequency[word] + 0.5))
            raw[word][number] = idf * tf * (K1 + 1) / (tf + K1) * rank
    scale = TOP_SCORE / math.log1p(max((s for postings in raw.values() for s in postings.values()), default=1.0))
    named = [set(c[0]) if doc.record else set() for doc, c in zip(documents, counted)]
    scored = {word: {n: max(1, round(scale * math.log1p(s))) * 2 + (word in named[n]) for n, s in postings.items()}
              for word, postings in raw.items()}
    for number, doc in enumerate(documents):
        for key in {name_key(name) for name in doc.names}:  # a whole name: only whether a page has it counts
            # (a list page's title too: `Zirveler` leads to the list of summits)
            if len(key) > ROOT_DEPTH:  # `=` and one letter or more
                scored.setdefault(key, {})[number] = TOP_SCORE * 2 + 1
    return scored


def _postings(pages: dict[int, int], cap: int) -> list[int]:
    """The best `cap` pages, by page number, as [gap, posting, gap, posting, ...] (gaps keep it short)."""
    best = sorted(sorted(pages.items()), key=lambda item: -item[1])[:cap]
    flat, previous = [], 0
    for number, posting in sorted(best):
        flat += [number - previous, posting]
        previous = number
    return flat


def node_file(prefix: str) -> str:
    """A node's file name: letters and digits as they are, anything else as `_<hex>_` (search.js: nodeFile)."""
    safe = string.ascii_lowercase + string.digits
    return "".join(c if c in safe else f"_{ord(c):x}_" for c in prefix) + ".json"


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _node(prefix: str, scored: dict[str, dict[int, int]], cap: int, node_bytes: int, out: Path) -> None:
    """Write the node for `prefix` (every word in `scored` begins with it), then its children.

    Leaf: {"w": {word: postings}}. Inner: {"w": {the word equal to the prefix, if any}, "top": postings of
    the best pages for any word with this prefix, "next": [letters that continue it]}.
    """
    leaf = {"w": {word: _postings(pages, cap) for word, pages in sorted(scored.items())}}
    text = _dump(leaf)
    if len(text.encode()) <= node_bytes or len(prefix) >= MAX_DEPTH:
        (out / node_file(prefix)).write_text(text, encoding="utf-8")
        return
    best: dict[int, int] = {}
    for pages in scored.values():
        for number, posting in pages.items():
            best[number] = max(best.get(number, 0), posting)
    children: dict[str, dict[str, dict[int, int]]] = defaultdict(dict)
    for word, pages in scored.items():
        if len(word) > len(prefix):
            children[word[len(prefix)]][word] = pages
    inner = {"w": {prefix: leaf["w"][prefix]} if prefix in scored else {},
             "top": _postings(best, cap), "next": sorted(children)}
    (out / node_file(prefix)).write_text(_dump(inner), encoding="utf-8")
    for letter, group in sorted(children.items()):
        _node(prefix + letter, group, cap, node_bytes, out)


def _write_language(documents: list[Document], out: Path, weights: Weights, cap: int, node_bytes: int,
                    excerpt_chars: int) -> None:
    scored = _scores(documents, weights)
    roots: dict[str, dict[str, dict[int, int]]] = defaultdict(dict)
    for word, pages in scored.items():
        roots[word[:ROOT_DEPTH]][word] = pages
    (out / "w").mkdir(parents=True)
    (out / "p").mkdir()
    for prefix, group in sorted(roots.items()):
        _node(prefix, group, cap, node_bytes, out / "w")
    (out / "w.json").write_text(_dump({"next": sorted(roots), "pages": len(documents)}), encoding="utf-8")
    for number, doc in enumerate(documents):
        text = doc.text.removeprefix(doc.title).lstrip()  # the page's own heading: shown already as the title
        page = {"url": doc.url, "title": doc.title, "text": text[:excerpt_chars]}
        (out / "p" / f"{number}.json").write_text(_dump(page), encoding="utf-8")


def write_index(documents: list[Document], site_dir: Path, weights: Weights, cap: int, node_bytes: int,
                excerpt_chars: int) -> int:
    """Write site_dir/search/ for these pages (one index per language); returns how many pages went in.

    Written beside the old index and swapped in at the end: a failed build leaves the previous one.
    """
    target = site_dir / FOLDER
    fresh = site_dir / f".{FOLDER}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    by_language: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        by_language[doc.lang].append(doc)
    for lang, docs in sorted(by_language.items()):
        _write_language(sorted(docs, key=lambda d: d.url), fresh / lang, weights, cap, node_bytes, excerpt_chars)
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)
    return len(documents)
