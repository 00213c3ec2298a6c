"""How close the site's sentences stay to the article's, even with synonyms swapped.

The copy test (test_no_copying.py) finds exact runs of 12 words; a sentence that keeps the article's order
and syntax and swaps a word every few words slips through it. This check compares content words after
Turkish-aware folding (ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u, circumflexes dropped; the suffix after an apostrophe
dropped) and light stemming (the first 5 letters, so that "sorunların" and "sorunlar" meet), and looks for a
CHAIN: site words found in the article in the same order, where up to GAP site words (substituted or added)
and up to ARTICLE_GAP article words (substituted or dropped) may stand between two matches. Function words
and bare numbers neither count nor break a chain. A sentence whose longest chain reaches CLOSE words stays
close to the article; a page (or a record file) may keep at most MAX_SHARE of its sentences close.
Quotations in quotation marks are the article's words by design and are left out; so are record names and
titles (official names are not wording).

Calibration (tests/data/copied-2026-11-25.tr.md): the 26 sentences the prose review of 2026-11-25 found
copied with synonyms swapped score 8 to 26; no sentence of the reviewed English pages, which the review found
to be original writing, reaches 8.

Run it on your own text while you rewrite:

    .venv/bin/python tests/own_words.py                      # every page, introduction and record file
    .venv/bin/python tests/own_words.py content/pages/war/tr.md content/events.yaml
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from article import REPO, SETTING, article_path
from wording import FOOTNOTE_MARK, article_parts, site_texts, without_markup, words

STEM = 5  # letters kept of each folded word
GAP = 3  # site words that may stand between two matched words
ARTICLE_GAP = 6  # article words that may stand between them (a paraphrase often drops some)
CLOSE = 8  # a chain this long makes a sentence close to the article
MAX_SHARE = 0.05  # the share of close sentences a page or record file may keep

# Record fields written in the site's own words; names, titles and quotations are not.
PROSE_FIELDS = {"summary", "significance", "definition", "body", "security", "key_points", "claim", "reading"}

_FOLD = str.maketrans("çğöşüâîû", "cgosuaiu")
_SUFFIX = re.compile(r"(?<=[^\W_])['’][^\W\d_]+")  # "Türkiye'nin", "2018'den": the suffix goes
_FUNCTION_WORDS = set(words(
    "ve ile bir bu şu o da de ki mi için olarak gibi daha en çok ise ya veya hem ancak ama fakat kadar sonra önce "
    "göre olan olup eden diğer her bunun bunu buna bunda bundan bunlar onun ona onu ayrıca bile "
    "the a an of to in on at by for from with and or but as is are was were be been being has have had it its "
    "their they this that these those which who also more most not no than into between both such"
))
_QUOTATION = re.compile(r'"[^"\n]*"|“[^”]*”|«[^»]*»')
# A sentence ends at . ! ? … before a capital, a digit or an opening mark ("3. dipnot" goes on).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»')\]]*\s+(?=[A-ZÇĞİÖŞÜÂÎÛ0-9“\"'(\[*])")
_SEPARATOR = ("", "")  # between the article's parts: no chain crosses it


def content_words(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each content word of `text`."""
    return [(w.translate(_FOLD)[:STEM], w) for w in words(_SUFFIX.sub("", text))
            if w not in _FUNCTION_WORDS and not w.isdigit()]


@dataclass(frozen=True)
class Article:
    words: list[tuple[str, str]]  # (stem, word), parts separated by _SEPARATOR
    positions: dict[str, list[int]]  # stem -> where it occurs


def load_article(text: str) -> Article:
    """The article's body (rejoined across page breaks) and its footnotes, as one stream of content words."""
    stream: list[tuple[str, str]] = []
    for part in article_parts(text)[1:]:
        stream += [*content_words(FOOTNOTE_MARK.sub(" ", part)), _SEPARATOR]
    positions: dict[str, list[int]] = {}
    for index, (stem, _) in enumerate(stream):
        if stem:
            positions.setdefault(stem, []).append(index)
    return Article(stream, positions)


def sentences(text: str) -> list[str]:
    """The sentences of site text (Markdown blocks split at sentence ends), without markup and quotations."""
    blocks = [t.content for t in MarkdownIt("commonmark").enable("table").parse(text) if t.type == "inline"]
    found = []
    for block in blocks:
        plain = _QUOTATION.sub(" ", without_markup(block))
        found += [s.strip() for s in _SENTENCE_END.split(plain) if s.strip()]
    return found


@dataclass(frozen=True)
class Chain:
    length: int
    article_start: int
    article_end: int  # exclusive


def longest_chain(sentence: str, article: Article) -> Chain:
    """The longest chain of the sentence's content words found in the article in the same order."""
    best: dict[tuple[int, int], tuple[int, int]] = {}  # (site i, article j) -> (length, chain start j)
    top = Chain(0, 0, 0)
    for i, (stem, _) in enumerate(content_words(sentence)):
        for j in article.positions.get(stem, ()):
            length, start = 1, j
            for di in range(1, GAP + 2):
                for dj in range(1, ARTICLE_GAP + 2):
                    previous = best.get((i - di, j - dj))
                    if previous and previous[0] + 1 > length:
                        length, start = previous[0] + 1, previous[1]
            best[(i, j)] = (length, start)
            if length > top.length:
                top = Chain(length, start, j + 1)
    return top


@dataclass(frozen=True)
class Close:
    sentence: str
    chain: Chain


@dataclass(frozen=True)
class Measure:
    label: str
    counted: int  # sentences with enough content words to be close at all
    close: list[Close]

    @property
    def share(self) -> float:
        return len(self.close) / self.counted if self.counted else 0.0

    @property
    def passes(self) -> bool:
        return self.share <= MAX_SHARE


def measure(label: str, texts: list[str], article: Article) -> Measure:
    counted, close = 0, []
    for text in texts:
        for sentence in sentences(text):
            if len(content_words(sentence)) < CLOSE:
                continue
            counted += 1
            chain = longest_chain(sentence, article)
            if chain.length >= CLOSE:
                close.append(Close(sentence, chain))
    return Measure(label, counted, close)


def is_prose(label: str) -> bool:
    """Is this text a page or introduction, or a record field written in the site's own words?"""
    if ":" not in label:
        return True
    return bool(PROSE_FIELDS & set(re.findall(r"\.(\w+)", label.split(":", 1)[1])))


def measure_files(article: Article, paths: list[Path] | None = None) -> list[Measure]:
    """One measure per file: a page's prose, or the prose fields of a record file taken together."""
    by_file: dict[str, list[str]] = {}
    for label, text in site_texts(REPO, paths):
        if is_prose(label):
            by_file.setdefault(label.split(":")[0], []).append(text)
    return [measure(label, texts, article) for label, texts in by_file.items()]


def summary(m: Measure) -> str:
    return f"{m.label}: {len(m.close)}/{m.counted} sentences close to the article ({m.share:.0%})"


def report(m: Measure, article: Article) -> str:
    """The figure of a file, then each close sentence with the article's words its chain runs through."""
    lines = [summary(m)]
    for c in m.close:
        excerpt = " ".join(word for _, word in article.words[c.chain.article_start:c.chain.article_end])
        lines += [f"  [{c.chain.length}] {c.sentence}", f"      article: …{excerpt}…"]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = article_path()
    if path is None:
        print(f"the article's text was not found: set {SETTING} to its .txt file", file=sys.stderr)
        return 2
    article = load_article(path.read_text(encoding="utf-8"))
    measures = measure_files(article, [Path(a) for a in argv] or None)
    for m in measures:
        print(report(m, article))
    failing = [m for m in measures if not m.passes]
    print(f"\n{len(failing)} of {len(measures)} files keep more than {MAX_SHARE:.0%} of their sentences close "
          f"(a sentence is close when {CLOSE}+ of its content words follow an article sentence)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
