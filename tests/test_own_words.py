"""The site says what the article argues in its own words: no page keeps the article's sentences with synonyms
swapped. The measure and its calibration are in own_words.py (run it to see every close sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from own_words import CLOSE, GAP, ARTICLE_GAP, MAX_SHARE, load_article, longest_chain, measure, measure_files, report, sentences, summary

COPIED = Path(__file__).with_name("data") / "copied-2026-11-25.tr.md"


@pytest.fixture(scope="module")
def article(article_text: str):
    return load_article(article_text)


def test_every_page_and_record_file_is_in_its_own_words(article):
    measures = measure_files(article)
    labels = [m.label for m in measures]
    assert "content/pages/war/tr.md" in labels and "content/events.yaml" in labels and len(measures) > 40
    failing = [m for m in measures if not m.passes]
    assert not failing, (
        f"{len(failing)} of {len(measures)} files keep more than {MAX_SHARE:.0%} of their sentences close to the "
        f"article (a sentence is close when {CLOSE}+ of its content words follow the article in the same order, "
        f"with up to {GAP} site and {ARTICLE_GAP} article words between them; quotations excepted).\n"
        + "\n".join(report(m, article) for m in failing)
        + "\n\nEvery file:\n" + "\n".join(summary(m) for m in measures))


def test_the_reviewed_copies_are_close(article):
    """Each of the 26 sentences the prose review found copied with synonyms swapped is caught."""
    copied = measure(COPIED.name, [COPIED.read_text(encoding="utf-8")], article)
    assert copied.counted == 26
    missed = {s for s in sentences(COPIED.read_text(encoding="utf-8"))} - {c.sentence for c in copied.close}
    assert not missed, missed
    assert not copied.passes


def test_a_quotation_in_quotation_marks_is_not_wording(article):
    # The article's own sentence (L384-386), quoted with attribution, then the same words without the marks.
    words = ("Azerbaycan, işgal sürecinde askeri, siyasi ve ekonomik kapasitesini Türkiye’nin verdiği destekle "
             "sürekli olarak arttırmıştır.")
    assert longest_chain(words, article).length >= CLOSE
    quoted = f"Yazar bunu şöyle özetler: “{words}” [@ozdasli-article]"
    assert measure("quoted", [quoted], article).close == []
    assert measure("straight quotes", [quoted.replace("“", '"').replace("”", '"')], article).close == []


def test_a_synonym_swapped_copy_is_caught_and_own_words_pass(article):
    # L444-446 with every third word changed, against a sentence that says the same in another order.
    swapped = ("Otuz yıllık işgali 44 günde bitiren temel etkenler, Azerbaycan'ın uzun yıllara yayılmış askerî, "
               "siyasal ve hukuksal hazırlığı ile Türkiye'nin Azerbaycan'a sunduğu çok boyutlu destektir.")
    own = ("Yazar zaferi iki kaynağa bağlar: Türkiye'nin her alandaki desteği ve Bakü'nün savaştan çok önce "
           "başlattığı askerî, siyasi, hukuki hazırlık; otuz yıl süren işgal böylece 44 günde sona ermiştir.")
    assert measure("swapped", [swapped], article).close
    assert measure("own", [own], article).close == []

