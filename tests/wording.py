"""Site text and article text reduced to comparable words (shared by the copy and own-words checks).

Both sides are normalised the same way: Turkish-aware lowering ('I' -> 'ı', 'İ' -> 'i', then ı folded
into i so that English capitals match too), circumflexes dropped (the site writes "askerî" where the article
mostly writes "askeri"), apostrophes unified, and words split at whitespace, apostrophes
and every other punctuation mark (so that "Türkiye-Azerbaycan" and the PDF's line-broken
"Türkiye-\\nAzerbaycan" read alike).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml


_CIRCUMFLEX = str.maketrans("âîû", "aiu")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_WORD = re.compile(r"[^\W_]+")  # letters and digits; '_' and every punctuation mark separate words
# Markdown and citation syntax that is not prose: link targets, citations, code spans.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_CITATION_GROUP = re.compile(r"\[@[^\[\]]*\]")
_NARRATIVE_CITATION = re.compile(r"(?<![\w@\[/.])@[A-Za-z0-9][\w:-]*")
# The article's footnote markers glued to a word ("Grubu3", "almıştır.2", "(TÜRKPA)8,"): not words.
FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]|[.,)’'])\d{1,2}(?=[\s,.;]|$)")


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    text = text.replace("I", "ı").replace("İ", "i").casefold()
    # English capitals would now read 'ıntegration': fold dotless ı too, so case never hides a copy.
    return _WORD.findall(text.replace("ı", "i").translate(_CIRCUMFLEX))


def without_markup(markdown: str) -> str:
    """Site text with link targets and citations removed (the words around them still join up)."""
    for pattern in (_LINK_TARGET, _CITATION_GROUP, _NARRATIVE_CITATION):
        markdown = pattern.sub(lambda m: "]" if m.group(0).startswith("]") else " ", markdown)
    return markdown


def prose_words(markdown: str) -> list[str]:
    """Words of site text, with link targets and citations removed."""
    return words(without_markup(markdown))


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


def prose_files(root: Path) -> list[Path]:
    """The walk-through pages and the index introductions."""
    content = root / "content"
    return sorted(content.glob("pages/*/*.md")) + sorted((root / "templates" / "intros").glob("*.md"))


def data_files(root: Path) -> list[Path]:
    """The record files and the pages' metadata."""
    content = root / "content"
    return sorted(content.glob("*.yaml")) + sorted(content.glob("pages/*/page.yaml"))


def site_texts(root: Path, paths: list[Path] | None = None):
    """(label, text) for every prose file and every string of every data file (or of `paths` only)."""
    for path in paths if paths is not None else prose_files(root) + data_files(root):
        label = str(path.resolve().relative_to(root)) if path.resolve().is_relative_to(root) else str(path)
        if path.suffix == ".md":
            yield label, path.read_text(encoding="utf-8")
        else:
            for where, text in yaml_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield f"{label}:{where}", text
