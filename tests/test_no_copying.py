"""No text of the site may copy the article: no run of 12 or more consecutive words may be shared with it.

Both sides are normalised the same way (wording.py: Turkish-aware lowering, apostrophes unified, words split
at every punctuation mark). Nothing is exempt, not even quotations: a failure names the file (and YAML field)
and the shared run so a writer can fix it. Paraphrase with synonyms swapped is test_own_words.py's job.
"""

from __future__ import annotations

import pytest

from conftest import REPO
from wording import FOOTNOTE_MARK, article_parts, prose_words, site_texts, words

N = 12  # the shortest shared run that counts as copying


def ngrams(tokens: list[str], n: int = N) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def article_ngrams(text: str) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for part in article_parts(text):
        grams |= ngrams(words(FOOTNOTE_MARK.sub(" ", part)))
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
# The article writes "askeri"; the site's house style is "askerî" (the circumflex must not hide a copy).
TR_MILITARY_SPAN = ("Bu manada Türkiye ve Azerbaycan arasındaki askeri iş birliği, diğer Türk devletleri açısından da "
                    "bir modeldir.")


def test_spans_are_really_from_the_article(article_text: str):
    article = " ".join(article_text.split())
    for span in (EN_SPAN, TR_SPAN, TR_MILITARY_SPAN):
        assert span in article and len(words(span)) >= 15


def test_checker_catches_a_planted_copy(grams):
    planted_en = f"Our own opening words. {EN_SPAN.upper()} in two ways [@ozdasli-article, s. 3]."
    assert shared_runs(prose_words(planted_en), grams)
    # Straight apostrophes, capitals and a link or citation dropped in the middle do not hide a copy.
    planted_tr = TR_SPAN.replace("’", "'").replace("İstanbul Zirvesi", "[İSTANBUL ZİRVESİ](record:2021-istanbul)")
    planted_tr = planted_tr.replace("sonra,", "sonra [@ozdasli-article],")
    runs = shared_runs(prose_words(planted_tr), grams)
    assert runs and len(runs[0].split()) >= 15, runs
    # Nor does a circumflex the article does not write (askeri → askerî).
    assert shared_runs(prose_words(TR_MILITARY_SPAN.replace("askeri", "askerî")), grams)


def test_checker_leaves_own_words_alone(grams):
    own = ("A year after the victory in Karabakh the leaders gathered in Istanbul and gave their council a new "
           "name, a new charter and a wider agenda that now reaches into defence [@ozdasli-article].")
    assert shared_runs(prose_words(own), grams) == []
    # Short shared phrases (names, dates, quoted formulas under 12 words) are allowed.
    assert shared_runs(prose_words("the Second Karabakh War began on September 27, 2020, as we said"), grams) == []
