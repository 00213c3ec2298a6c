"""No text of the site may copy the article: no run of 12 or more consecutive words may be shared with it.

Both sides are normalised the same way: Turkish-aware lowering ('I' -> 'ı', 'İ' -> 'i', then ı folded
into i so that English capitals match too), apostrophes unified, and words split at whitespace, apostrophes and every other punctuation mark (so that
"Türkiye-Azerbaycan" and the PDF's line-broken "Türkiye-\\nAzerbaycan" read alike). Nothing is exempt,
not even quotations: a failure names the file (and YAML field) and the shared run so a writer can fix it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import REPO

N = 12  # the shortest shared run that counts as copying

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_WORD = re.compile(r"[^\W_]+")  # letters and digits; '_' and every punctuation mark separate words
# Markdown and citation syntax that is not prose: link targets, citations, code spans.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_CITATION_GROUP = re.compile(r"\[@[^\[\]]*\]")
_NARRATIVE_CITATION = re.compile(r"(?<![\w@\[/.])@[A-Za-z0-9][\w:-]*")
# The article's footnote markers glued to a word ("Grubu3", "almıştır.2", "(TÜRKPA)8,"): not words.
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]|[.,)’'])\d{1,2}(?=[\s,.;]|$)")


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = text.replace("I", "ı").replace("İ", "i").casefold()
    # English capitals would now read 'ıntegration': fold dotless ı too, so case never hides a copy.
    return _WORD.findall(text.replace("ı", "i"))


def prose_words(markdown: str) -> list[str]:
    """Words of site text, with link targets and citations removed (the words around them still join up)."""
    for pattern in (_LINK_TARGET, _CITATION_GROUP, _NARRATIVE_CITATION):
        markdown = pattern.sub(lambda m: "]" if m.group(0).startswith("]") else " ", markdown)
    return words(markdown)


def ngrams(tokens: list[str], n: int = N) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def article_parts(text: str) -> list[str]:
    """The article as running text, plus each footnote block on its own.

    Footnotes sit where the PDF pages ended and can split a sentence of the body in two; the body is
    therefore rejoined without them (a run across a page break is still found) and the raw order is kept too.
    """
    body, notes, in_note = [], [], False
    for line in text.splitlines():
        if re.match(r"^\d{1,2}  \S", line):  # "12  Yunus Emre ..." opens a footnote
            in_note = True
            notes.append(line)
        elif in_note and line.startswith(" ") and line.strip():  # " adı geçen ...": the page goes on
            in_note = False
            body.append(line)
        elif in_note:
            notes[-1] += "\n" + line
        else:
            body.append(line)
    return [text, "\n".join(body), *notes]


def article_ngrams(text: str) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for part in article_parts(text):
        grams |= ngrams(words(_FOOTNOTE_MARK.sub(" ", part)))
    return grams


def shared_runs(tokens: list[str], grams: set[tuple[str, ...]], n: int = N) -> list[str]:
    """Maximal runs of `tokens` made of overlapping n-grams found in `grams`, as text."""
    hits = [i for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) in grams]
    runs: list[str] = []
    start = end = None
    for i in hits:
        if start is not None and i <= end - n + 1:  # overlaps or touches the current run
            end = i + n
            continue
        if start is not None:
            runs.append(" ".join(tokens[start:end]))
        start, end = i, i + n
    if start is not None:
        runs.append(" ".join(tokens[start:end]))
    return runs


def yaml_strings(node, where: str = ""):
    """Every string in a YAML document, with its path (`[3].summary.tr`)."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from yaml_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from yaml_strings(value, f"{where}[{index}]")


def site_texts(root: Path):
    """(label, text) for every prose file and introduction, every string of every record file and page.yaml."""
    content = root / "content"
    for path in sorted(content.glob("pages/*/*.md")) + sorted((root / "templates" / "intros").glob("*.md")):
        yield str(path.relative_to(root)), path.read_text(encoding="utf-8")
    for path in sorted(content.glob("*.yaml")) + sorted(content.glob("pages/*/page.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in yaml_strings(data):
            yield f"{path.relative_to(root)}:{where}", text


@pytest.fixture(scope="module")
def grams(article_text: str) -> set[tuple[str, ...]]:
    return article_ngrams(article_text)


def test_site_text_does_not_copy_the_article(grams):
    texts = list(site_texts(REPO))
    assert any(label.endswith("tr.md") for label, _ in texts) and any(".key_points" in l for l, _ in texts)
    copied = [f"{label}: «{run}»" for label, text in texts for run in shared_runs(prose_words(text), grams)]
    assert not copied, f"{len(copied)} passage(s) share {N}+ words with the article:\n" + "\n".join(copied)


# A real 15-word span of the English summary and one of the Turkish body (with its curly apostrophes).
EN_SPAN = ("The Second Karabakh War made a significant contribution to the integration process of the Turkic "
           "world")
TR_SPAN = ("Karabağ Zaferi’nden bir yıl sonra, 12 Kasım 2021 İstanbul Zirvesi’nde Türk devletleri arasında daha "
           "kurumsal")


def test_spans_are_really_from_the_article(article_text: str):
    article = " ".join(article_text.split())
    for span in (EN_SPAN, TR_SPAN):
        assert span in article and len(words(span)) >= 15


def test_checker_catches_a_planted_copy(grams):
    planted_en = f"Our own opening words. {EN_SPAN.upper()} in two ways [@ozdasli-article, s. 3]."
    assert shared_runs(prose_words(planted_en), grams)
    # Straight apostrophes, capitals and a link or citation dropped in the middle do not hide a copy.
    planted_tr = TR_SPAN.replace("’", "'").replace("İstanbul Zirvesi", "[İSTANBUL ZİRVESİ](record:2021-istanbul)")
    planted_tr = planted_tr.replace("sonra,", "sonra [@ozdasli-article],")
    runs = shared_runs(prose_words(planted_tr), grams)
    assert runs and len(runs[0].split()) >= 15, runs


def test_checker_leaves_own_words_alone(grams):
    own = ("A year after the victory in Karabakh the leaders gathered in Istanbul and gave their council a new "
           "name, a new charter and a wider agenda that now reaches into defence [@ozdasli-article].")
    assert shared_runs(prose_words(own), grams) == []
    # Short shared phrases (names, dates, quoted formulas under 12 words) are allowed.
    assert shared_runs(prose_words("the Second Karabakh War began on September 27, 2020, as we said"), grams) == []
