"""The search index: small static files per language, fetched word by word when a reader searches.

Every page is read once (search_read.py: its names, key points, headings, text and prose), cut into words
(analyze.py: folded, apostrophe suffixes dropped, each with its stem key), scored per word and per stem key,
and written as a prefix tree: `search/<lang>/w/<prefix>.json` holds the words and stem keys that begin with
that prefix (with the pages they score on) or, once it would grow past `node_bytes`, the best pages for the
prefix and the letters that continue it. A search fetches only the nodes on the path of each word typed and
one small file per result shown (`search/<lang>/p/<id>.json`), whatever the size of the site; a word found
nowhere fetches the list of words that begin with its first letter (`v/<letter>.json`) to correct a typo.
templates/assets/search.js reads these files; the format is described there and in `_node` below.
"""

from __future__ import annotations

import json
import math
import string
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import analyze
from .search_read import Document, Page, read_page  # noqa: F401  (the index's input, read here by its callers)

FOLDER = "search"  # under site/: nothing in it loads until a reader searches
KEY_MARK = "="  # a page's whole name, its words run together, is indexed as `=<name>`: `=turkkenesi`
ROOT_DEPTH = 2  # the first node of a word is its first two letters (queries shorter than that find nothing)
MAX_DEPTH = 24  # a node this deep is written whole, however big
# BM25's usual constants: how fast repeats of a word stop adding to a page's score, and how much a long
# page's score is lowered for its length.
K1, B = 1.2, 0.75
TOP_SCORE = 4095  # scores are whole numbers 1..4095 on a log scale; a posting is score × 4 + how it names the page:
RECORD_NAMED, TOPIC_NAMED = 1, 2  # in a record's names; in a section's title or key points, a list's title
SYNONYM = 0.5  # a page with `Türkiye` in it has `Turkey` at half the weight (names of one record, one word each)
TYPO_MIN = 4  # words shorter than this are not offered as corrections
TOPICAL = {"section", "comparison", "index"}  # page kinds named by their title and key points, below records
ALIAS_NAME = 4  # the whole-name posting of a page that is not the record its alias names (the glossary): score 1


@dataclass(frozen=True)
class Weights:
    names: float = 8  # titles, abbreviations, aliases
    key: float = 4  # a section's key points
    headings: float = 2
    text: float = 1


def words(text: str) -> list[str]:
    """Folded words of two letters or more (analyze.words): `Karabağ'ın 44 günlük` → karabag, 44, gunluk."""
    return analyze.words(text)


def name_key(name: str) -> str:
    """A whole name as one index word: `Türk Keneşi` → `=turkkenesi`, `S/İHA` → `=siha` (search.js: nameKey)."""
    return analyze.name_key(name, KEY_MARK)


@dataclass
class _Counted:
    """One page's words (index 0) and stem keys (index 1), per field."""

    names: tuple[Counter, Counter]
    key: tuple[Counter, Counter]
    headings: tuple[Counter, Counter]
    body: tuple[Counter, Counter]
    length: int


@lru_cache(maxsize=20_000)  # under `mkdocs serve` most pages' texts come back unchanged on every rebuild
def _counted_words(text: str, lang: str) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...],
                                                  tuple[tuple[tuple[str, str], int], ...]]:
    """(word, count), (stem key, count) and ((word, its spelling in lower case), count), each in the order of
    first use: the counts for the page's scores and the spellings for the list of corrections (_vocabulary),
    from one reading of the text."""
    found, stems, spellings = Counter(), Counter(), Counter()
    for word, stem, token in analyze.analyzed(text, lang):
        found[word] += 1
        if stem:
            stems[stem] += 1
        spellings[word, analyze.lower(token, lang)] += 1
    return tuple(found.items()), tuple(stems.items()), tuple(spellings.items())


def _count(text: str, lang: str) -> tuple[Counter, Counter]:
    """(word -> count, stem key -> count); new Counters each call, the caller may change them."""
    found, stems, _ = _counted_words(text, lang)
    return Counter(dict(found)), Counter(dict(stems))


def _synonyms(documents: list[Document]) -> dict[str, set[str]]:
    """word → the words that mean the same: the other one-word names of a record (`turkiye` → {turkey},
    `kazakhstan` → {kazakistan, qazaqstan}) or of a glossary term (`uav` → {iha, drone}).

    A shorter name that begins a longer one (`kazak`, a demonym) is left out: the longer word is found from it.
    """
    sets = [doc.names for doc in documents if doc.record] + [g for doc in documents for g in doc.synonyms]
    groups: dict[str, set[str]] = {}
    for names in sets:
        single = {w[0] for w in (words(name) for name in names) if len(w) == 1 and len(w[0]) >= 3}
        single = {w for w in single if not any(o != w and o.startswith(w) for o in single)}
        if len(single) > 1:
            merged = set(single).union(*(groups.get(w, set()) for w in single))
            for word in merged:
                groups[word] = merged
    return {word: group - {word} for word, group in groups.items()}


def _counted(doc: Document, synonyms: dict[str, set[str]]) -> _Counted:
    names = (Counter(), Counter())
    for name in doc.names:
        found = analyze.analyzed(name, doc.lang)
        names[0].update({w for w, _, _ in found} | {o for w, _, _ in found for o in synonyms.get(w, ())})
        names[1].update({s for _, s, _ in found if s})
    body = _count(doc.text, doc.lang)
    for word, n in list(body[0].items()):
        for other in synonyms.get(word, ()):
            body[0][other] += n * SYNONYM
    return _Counted(names, _count(doc.key, doc.lang), _count(doc.headings, doc.lang), body, sum(body[0].values()))


def _bm25(documents: list[Document], counted: list[_Counted], weights: Weights, part: int,
          inbound: Counter) -> dict[str, dict[int, float]]:
    """BM25F over the four fields, each weighted; only the text is discounted for length (a long list page
    keeps the weight of its title). A record more of the site links to scores a little higher (ties between
    two records named alike, such as the two Karabakh wars, go to the one the site is about)."""
    average = sum(c.length for c in counted) / max(len(counted), 1) or 1
    frequency = Counter(t for c in counted for t in set(c.names[part]) | set(c.body[part]))
    raw: dict[str, dict[int, float]] = defaultdict(dict)
    for number, (doc, c) in enumerate(zip(documents, counted)):
        # only records: list pages that every page links to (bibliography, membership) would outrank all else
        rank = 1 + 0.15 * math.log2(1 + inbound[doc.url]) if doc.record else 1
        for term in set(c.names[part]) | set(c.body[part]):
            tf = (weights.names * c.names[part][term] + weights.key * c.key[part][term]
                  + weights.headings * c.headings[part][term]
                  + weights.text * c.body[part][term] / (1 - B + B * c.length / average))
            idf = math.log(1 + (len(documents) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            raw[term][number] = idf * tf * (K1 + 1) / (tf + K1) * rank
    return raw


def _scores(documents: list[Document], weights: Weights) -> tuple[dict[str, dict[int, int]], dict[str, dict[int, int]]]:
    """(word → {page number: posting}, stem key → {page number: posting}); posting = score × 4 + RECORD_NAMED
    if the word (the stem key) is in the names of a record, TOPIC_NAMED if in the title or key points of a
    topical page. Scores go on one log scale, in 12 bits."""
    inbound = Counter(target for doc in documents for target in doc.links if target != doc.url)
    synonyms = _synonyms(documents)
    counted = [_counted(doc, synonyms) for doc in documents]
    raw = [_bm25(documents, counted, weights, part, inbound) for part in (0, 1)]
    top = max((s for r in raw for postings in r.values() for s in postings.values()), default=1.0)
    scale = TOP_SCORE / math.log1p(top)
    scored = []
    for part in (0, 1):
        # a record's names; the title and key points of a page that discusses a topic (a section, the
        # comparison of declarations, a list): what makes a page "named by the query" (search.js: find)
        named = [(set(c.names[part]), RECORD_NAMED) if doc.record
                 else ({t for t in set(c.names[part]) | set(c.key[part]) if not t.isdigit()}, TOPIC_NAMED)
                 if doc.kind in TOPICAL  # not by a year: `1992–2025` in a title does not make it the year's page
                 else (set(), 0) for doc, c in zip(documents, counted)]
        scored.append({term: {n: max(1, round(scale * math.log1p(s))) * 4 + (named[n][1] if term in named[n][0] else 0)
                              for n, s in postings.items()} for term, postings in raw[part].items()})
    for number, doc in enumerate(documents):
        for place, name in enumerate(doc.names):  # a whole name: only whether a page has it counts
            key = name_key(name)
            if len(key) <= ROOT_DEPTH:  # `=` and one letter or more
                continue
            # a record by any of its names; another page by its own title (`Zirveler` leads to the list of
            # summits), by an alias only below the records that have the words in their names (the glossary)
            value = (TOP_SCORE * 4 + RECORD_NAMED if doc.record else TOP_SCORE * 4 + TOPIC_NAMED if place == 0
                     else ALIAS_NAME)
            postings = scored[0].setdefault(key, {})
            postings[number] = max(postings.get(number, 0), value)
    return scored[0], scored[1]


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


Terms = dict[tuple[str, str], dict[int, int]]  # ("w", word) or ("s", stem key) → {page: posting}


def _node(prefix: str, terms: Terms, cap: int, node_bytes: int, out: Path) -> None:
    """Write the node for `prefix` (every word and stem key in `terms` begins with it), then its children.

    Leaf: {"w": {word: postings}, "s": {stem key: postings}}. Inner: {"w": {the word equal to the prefix, if
    any}, "s": {the stem key equal to it, if any}, "top": postings of the best pages for any word with this
    prefix, "next": [letters that continue it]}.
    """
    def table(part: str, keep) -> dict[str, list[int]]:
        return {t: _postings(p, cap) for (k, t), p in sorted(terms.items()) if k == part and keep(t)}

    leaf = {"w": table("w", lambda t: True)}
    if stems := table("s", lambda t: True):
        leaf["s"] = stems
    text = _dump(leaf)
    if len(text.encode()) <= node_bytes or len(prefix) >= MAX_DEPTH:
        (out / node_file(prefix)).write_text(text, encoding="utf-8")
        return
    best: dict[int, int] = {}
    for (part, _), pages in terms.items():
        for number, posting in pages.items() if part == "w" else ():
            best[number] = max(best.get(number, 0), posting)
    children: dict[str, Terms] = defaultdict(dict)
    for (part, term), pages in terms.items():
        if len(term) > len(prefix):
            children[term[len(prefix)]][part, term] = pages
    inner = {"w": table("w", lambda t: t == prefix), "top": _postings(best, cap), "next": sorted(children)}
    if stem := table("s", lambda t: t == prefix):
        inner["s"] = stem
    (out / node_file(prefix)).write_text(_dump(inner), encoding="utf-8")
    for letter, group in sorted(children.items()):
        _node(prefix + letter, group, cap, node_bytes, out)


def _vocabulary(documents: list[Document]) -> dict[str, list[str]]:
    """first letter → the words of four letters or more that begin with it, as most pages write them (lower
    case), the most used first (a word in a page title counts five times more): what a misspelt word is
    compared with (search.js: correct). Uses, not pages: a name every page's reference list repeats once
    (`Karabağ` in the article's title, on the English side) does not outrank the word its text uses."""
    spelling: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        for word, _, token in analyze.analyzed(doc.title, doc.lang):
            spelling[word][analyze.lower(token, doc.lang)] += 4
        for (word, written), uses in _counted_words(doc.text, doc.lang)[2]:  # the text starts with the title
            spelling[word][written] += uses  # counted with the page's scores (_counted): not read again
    by_letter: dict[str, list[str]] = defaultdict(list)
    usable = [w for w in spelling if len(w) >= TYPO_MIN and w.isalpha()]
    for word in sorted(usable, key=lambda w: (-spelling[w].total(), w)):
        by_letter[word[0]].append(spelling[word].most_common(1)[0][0])
    return by_letter


def write_language(items: list[Document | Page], out: Path, weights: Weights, cap: int, node_bytes: int,
                    excerpt_chars: int) -> float:
    """Read one language's pages (those not read yet) and write its index; returns the seconds spent reading."""
    start = time.perf_counter()
    documents = sorted((item.read() for item in items), key=lambda d: d.url)
    reading = time.perf_counter() - start
    scored, stems = _scores(documents, weights)
    roots: dict[str, Terms] = defaultdict(dict)
    for part, table in (("w", scored), ("s", stems)):
        for term, pages in table.items():
            roots[term[:ROOT_DEPTH]][part, term] = pages
    for folder in ("w", "p", "v"):
        (out / folder).mkdir(parents=True)
    for prefix, group in sorted(roots.items()):
        _node(prefix, group, cap, node_bytes, out / "w")
    vocabulary = _vocabulary(documents)
    for letter, listed in vocabulary.items():
        (out / "v" / node_file(letter)).write_text(_dump({"w": listed}), encoding="utf-8")
    (out / "w.json").write_text(_dump({"next": sorted(roots), "pages": len(documents), "v": sorted(vocabulary)}),
                                encoding="utf-8")
    for number, doc in enumerate(documents):
        text = doc.prose if doc.prose is not None else doc.text.removeprefix(doc.title).lstrip()
        page = {"url": doc.url, "title": doc.title, "text": text[:excerpt_chars]}
        (out / "p" / f"{number}.json").write_text(_dump(page), encoding="utf-8")
    return reading
