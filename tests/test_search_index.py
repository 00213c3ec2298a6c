"""The index files search.js reads: what a word finds does not depend on how the prefix tree is split."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from turkic_integration_site.content.load import load_site
from turkic_integration_site.publish.analyze import stem_key
from turkic_integration_site.publish.index_writer import write_index
from turkic_integration_site.publish.search_index import (RECORD_NAMED, TOP_SCORE, TOPIC_NAMED, Document, Weights,
                                                          name_key, node_file, read_page, words)

LETTERS = "abcçdeəgğhıiİklmnoöprsştuüvyz0ʻе"  # Turkish, Azerbaijani, a modifier letter, a Cyrillic е


def walk(index: Path, word: str):
    """What search.js's lookUp() reads for a folded word: (postings of the word, postings of longer words)."""
    if len(word) < 2 or word[:2] not in json.loads((index / "w.json").read_text())["next"]:
        return None, []
    prefix = word[:2]
    while True:
        node = json.loads((index / "w" / node_file(prefix)).read_text(encoding="utf-8"))
        exact = node["w"].get(word)
        if "next" not in node:
            return exact, sorted(v for w, v in node["w"].items() if w != word and w.startswith(word))
        if len(word) == len(prefix):
            return exact, [node["top"]]
        if word[len(prefix)] not in node["next"]:
            return None, []
        prefix += word[len(prefix)]


def pages(postings: list[int]) -> dict[int, int]:
    found, page = {}, 0
    for gap, value in zip(postings[::2], postings[1::2]):
        page += gap
        found[page] = value
    return found


def document(url: str, text: str, names=(), lang="tr") -> Document:
    return Document(url=url, lang=lang, title=names[0] if names else url, names=tuple(names) or (url,),
                    record=bool(names), headings="", text=text, links=())


texts = st.lists(st.text(alphabet=LETTERS + " ", min_size=1, max_size=60), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=texts, node_bytes=st.integers(min_value=40, max_value=600))
def test_a_split_tree_finds_what_a_whole_one_finds(tmp_path_factory, texts, node_bytes):
    docs = [document(f"p{n}/", text) for n, text in enumerate(texts)]
    whole, split = tmp_path_factory.mktemp("whole"), tmp_path_factory.mktemp("split")
    write_index(docs, whole, Weights(), cap=1000, node_bytes=10**9, excerpt_chars=100)
    write_index(docs, split, Weights(), cap=1000, node_bytes=node_bytes, excerpt_chars=100)
    vocabulary = {w for d in docs for w in words(d.text)} | {name_key(d.title) for d in docs}
    for word in sorted(vocabulary):
        exact, _ = walk(whole / "search" / "tr", word)
        assert walk(split / "search" / "tr", word)[0] == exact, word
        # every prefix still finds every page a word with that prefix is on (in the node's best pages)
        for end in range(2, len(word) + 1):
            found = walk(split / "search" / "tr", word[:end])
            reached = set(pages(found[0] or [])).union(*(pages(p) for p in found[1]))
            assert set(pages(exact)) <= reached, (word, word[:end])


@pytest.mark.parametrize("handed_over", ["at once", "a language at a time", "read ahead", "read ahead, no fork"])
def test_languages_written_in_parallel_from_unread_pages_equal_a_serial_index_of_read_ones(tmp_path, handed_over):
    """A build hands the index unread pages (Page): Turkish as soon as its pages are built, written in a process
    of its own while English is built and then written; the result is the index written at once, in series."""
    from turkic_integration_site.publish.index_writer import IndexWriter
    from turkic_integration_site.publish.search_read import Page

    built = [Page(f"{prefix}p{n}/", lang, f"Başlık {n}", (f"Ad {n}",), f"<h2>Karabağ {n}</h2><p>{text} {n}</p>", (),
                  "summits") for n, text in enumerate(["Şuşa Beyannamesi", "Semerkant zirvesi", "Türk Keneşi"])
             for prefix, lang in (("", "tr"), ("en/", "en"))]
    if handed_over == "at once":
        written = write_index(built, tmp_path / "parallel", Weights(), cap=10, node_bytes=200, excerpt_chars=50,
                              workers=2)
    else:
        writer = IndexWriter(tmp_path / "parallel", Weights(), cap=10, node_bytes=200, excerpt_chars=50,
                             background=handed_over != "read ahead, no fork")
        writer.add([page for page in built if page.lang == "tr"])
        assert not (tmp_path / "parallel" / "search").exists()  # swapped in only when every language is done
        english = [page for page in built if page.lang == "en"]
        if handed_over.startswith("read ahead"):  # the build hands English over in batches as its pages are built
            writer.read_ahead(english[:2])
            english = english[2:]
        writer.add(english)
        written = writer.close()
    assert written == (6, pytest.approx(0, abs=5))
    write_index([page.read() for page in built], tmp_path / "serial", Weights(), cap=10, node_bytes=200,
                excerpt_chars=50)
    files = {f.relative_to(tmp_path / "serial"): f.read_bytes() for f in (tmp_path / "serial").rglob("*") if f.is_file()}
    assert {"search/tr/w.json", "search/en/w.json"} <= {str(f) for f in files}
    assert all((tmp_path / "parallel" / f).read_bytes() == data for f, data in files.items())
    assert sum(1 for f in (tmp_path / "parallel").rglob("*") if f.is_file()) == len(files)


def test_a_word_keeps_only_its_best_pages(tmp_path):
    docs = [document(f"p{n:02}/", "karabag " * n + "filler " * (30 - n)) for n in range(1, 11)]
    write_index(docs, tmp_path / "all", Weights(), cap=1000, node_bytes=10**9, excerpt_chars=100)
    write_index(docs, tmp_path / "best", Weights(), cap=3, node_bytes=10**9, excerpt_chars=100)
    every = pages(walk(tmp_path / "all" / "search" / "tr", "karabag")[0])
    kept = pages(walk(tmp_path / "best" / "search" / "tr", "karabag")[0])
    assert len(every) == 10 and len(kept) == 3
    assert {page: every[page] for page in kept} == kept
    assert min(kept.values()) >= max(v for page, v in every.items() if page not in kept)
    assert 9 in kept and 0 not in kept  # the page that repeats the word most, not the one that has it once
    assert len(pages(walk(tmp_path / "best" / "search" / "tr", "filler")[0])) == 3


def test_names_are_flagged_for_records_and_found_whole(tmp_path):
    docs = [document("organizations/ots/", "Türk devletleri", names=("Türk Devletleri Teşkilatı", "TDT")),
            document("summits/", "Türk Devletleri Teşkilatı zirveleri")]
    write_index(docs, tmp_path, Weights(), cap=10, node_bytes=10**9, excerpt_chars=100)
    index = tmp_path / "search" / "tr"
    assert pages(walk(index, "=tdt")[0]) == {0: TOP_SCORE * 4 + RECORD_NAMED}  # a whole name: the record, top
    assert pages(walk(index, "=turkdevletleriteskilati")[0]).keys() == {0}
    teskilati = pages(walk(index, "teskilati")[0])
    assert teskilati[0] & 3 == RECORD_NAMED and not teskilati[1] & 3  # in the record's names; the list merely has it
    assert pages(walk(index, "=summits")[0]) == {1: TOP_SCORE * 4 + TOPIC_NAMED}  # a page by its own title too


def test_languages_are_apart_and_pages_keep_their_text(tmp_path):
    docs = [document("a/", "Gebele zirvesi", lang="tr"), document("en/a/", "en/a/ Gabala summit", lang="en")]
    write_index(docs, tmp_path, Weights(), cap=10, node_bytes=10**9, excerpt_chars=8)
    assert walk(tmp_path / "search" / "tr", "gabala") == (None, [])
    assert walk(tmp_path / "search" / "en", "gabala")[0] is not None
    page = json.loads((tmp_path / "search" / "en" / "p" / "0.json").read_text(encoding="utf-8"))
    assert page == {"url": "en/a/", "title": "en/a/", "text": "Gabala s"}  # without the title it starts with


def leaf(index: Path, word: str) -> dict:
    """The node a word ends in, whole (a test index is never split)."""
    return json.loads((index / "w" / node_file(word[:2])).read_text(encoding="utf-8"))


def test_words_drop_apostrophe_suffixes_and_join_one_letter_prefixes():
    assert words("Karabağ Savaşı'nın") == ["karabag", "savasi"]
    assert words("Türk Keneşi’nin Turkey's") == ["turk", "kenesi", "turkey"]
    assert words("S/İHA ve S-İHA") == ["iha", "ve", "iha", "siha", "siha"]
    assert name_key("Türk Keneşi'nin") == "=turkkenesi" and name_key("S/İHA") == "=siha"


def test_stem_keys_begin_the_word():
    assert stem_key("zirvesinde", "tr") == "zirve" and stem_key("zirveler", "tr") == "zirve"
    assert stem_key("vizyonu", "tr") == "vizyo" and stem_key("Vizyon", "tr") == "vizyo"
    assert stem_key("Karabağ", "tr") == "karaba"  # Snowball writes karabak: only the shared beginning is kept
    assert stem_key("integration", "en") == "integr" and stem_key("summits", "en") == "summit"
    assert stem_key("2040", "tr") == "" and stem_key("ab", "tr") == ""
    for word in ("Nahçıvan'da", "güvenliğini", "IĞDIR", "işbirliğinin", "declarations"):
        assert words(word)[0].startswith(stem_key(word, "tr") or stem_key(word, "en")), word


def test_stems_synonyms_and_the_typo_list_are_written(tmp_path):
    docs = [document("states/turkiye/", "Türkiye", names=("Türkiye", "Turkey"), lang="en"),
            document("a/", "Türkiye signed at the summits of 2021", lang="en"),
            document("b/", "A summit of Türkiye and Türkiye", lang="en")]
    write_index(docs, tmp_path, Weights(), cap=10, node_bytes=10**9, excerpt_chars=100)
    index = tmp_path / "search" / "en"
    # pages in url order: a/ 0, b/ 1, states/turkiye/ 2
    assert set(pages(leaf(index, "summit")["s"]["summit"])) == {0, 1}  # summits and summit share a stem key
    assert set(pages(leaf(index, "summit")["w"]["summits"])) == {0}
    turkey = pages(leaf(index, "turkey")["w"]["turkey"])
    assert set(turkey) == {0, 1, 2} and turkey[2] & 3 == RECORD_NAMED  # another name of a record, a synonym
    assert turkey[1] >> 2 < pages(leaf(index, "turkiye")["w"]["turkiye"])[1] >> 2  # below the word as written
    letters = json.loads((index / "w.json").read_text(encoding="utf-8"))["v"]
    assert "t" in letters
    assert json.loads((index / "v" / "t.json").read_text(encoding="utf-8"))["w"][0] == "türkiye"  # most used first


def test_the_typo_list_gives_each_word_as_most_uses_write_it_and_the_first_written_on_a_tie(tmp_path):
    docs = [document("a/", "Karabag Karabağ Zırve Zirve", lang="tr"), document("b/", "KARABAĞ", lang="tr")]
    write_index(docs, tmp_path, Weights(), cap=10, node_bytes=10**9, excerpt_chars=100)
    listed = {letter: json.loads((tmp_path / "search" / "tr" / "v" / f"{letter}.json").read_text(encoding="utf-8"))["w"]
              for letter in "kz"}
    assert listed == {"k": ["karabağ"], "z": ["zırve"]}  # 2 uses against 1; 1 against 1, written first


def test_excerpt_text_leaves_out_headings_facts_figures_and_notes():
    html = ('<h1>Şuşa Beyannamesi</h1><table><tr><td>Tarih</td><td>2021</td></tr></table>'
            '<h2>Ne oldu</h2><p>İmzalandı.</p><svg><text>1997</text><title>x</title></svg>'
            '<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>'
            '<div class="admonition tis-source-note"><p>paylaşılan not</p></div>'
            '<div class="admonition tis-key-points"><p class="admonition-title">Ana fikirler</p><p>güvenlik</p></div>')
    doc = read_page("treaties/x/", "tr", "Şuşa Beyannamesi", [], html, [".tis-source-note"], kind="treaties")
    assert doc.prose == "İmzalandı. A · B | 1 · 2 | güvenlik"
    assert "Tarih 2021" in doc.text and "paylaşılan" not in doc.text and doc.record
    assert doc.key == "Ana fikirler güvenlik"


def test_reading_a_page_leaves_out_the_excluded_parts_and_resolves_links():
    html = ('<h1 id="t">Şuşa Bildirisi</h1><p>Metin <a href="../../states/turkiye/#x">Türkiye</a> '
            '<a href="https://example.org/">dış</a></p><details class="quote"><p>alıntı</p></details>'
            '<p class="tis-print-only">yazdır</p><h2>Taraflar</h2><p>son</p>')
    doc = read_page("treaties/2021-shusha-declaration/", "tr", "Şuşa Bildirisi", ["Shusha Declaration"], html,
                    ["details.quote", ".tis-print-only"])
    assert doc.text == "Şuşa Bildirisi Metin Türkiye dış Taraflar son"
    assert doc.headings == "Şuşa Bildirisi Taraflar"
    assert doc.links == ("states/turkiye/",)
    assert doc.names == ("Şuşa Bildirisi", "Shusha Declaration") and doc.record


# ---- the real site's index: every page in it, every record found by its name ------------------------------
RECORD_FAMILIES = ("summits", "treaties", "events", "organizations", "states")


def indexed_urls(site: Path, lang: str) -> list[str]:
    index = site / "search" / lang
    count = json.loads((index / "w.json").read_text(encoding="utf-8"))["pages"]
    return [json.loads((index / "p" / f"{n}.json").read_text(encoding="utf-8"))["url"] for n in range(count)]


def built_urls(site: Path, lang: str) -> set[str]:
    urls = set()
    for page in site.rglob("index.html"):
        url = str(page.parent.relative_to(site)).removeprefix(".").strip("/")
        url = url + "/" if url else ""
        if (url.startswith(("search/", "en/search/", "cited-by/", "en/cited-by/"))
                or url.split("/")[-2:-1] == ["argument"] or url == "argument/"):
            continue
        if (url == "en/" or url.startswith("en/")) == (lang == "en"):
            urls.add(url)
    return urls


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_every_built_page_is_in_its_languages_index_once(built: Path, lang: str):
    """The whole-argument page is left out (it repeats the walk-through pages), so are a source's pages of
    citers (they only name other pages); every other page is in."""
    urls = indexed_urls(built / "site", lang)
    assert len(urls) == len(set(urls))
    assert set(urls) == built_urls(built / "site", lang)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_every_record_is_found_by_its_whole_name(built: Path, lang: str):
    site = load_site(built)
    index, urls = built / "site" / "search" / lang, indexed_urls(built / "site", lang)
    prefix = "" if lang == "tr" else "en/"
    missing = []
    for family in RECORD_FAMILIES:
        for record in site.family(family).values():
            exact, _ = walk(index, name_key(record.title[lang]))
            found = {urls[n] for n in pages(exact or [])}
            if f"{prefix}{family}/{record.id}/" not in found:
                missing.append(f"{family}/{record.id}: {record.title[lang]}")
    assert missing == []


def test_under_serve_the_index_is_written_beside_the_reload_and_one_still_being_written_is_stopped(tmp_path, monkeypatch):
    """`mkdocs serve` writes each rebuild's index in a forked child; the next rebuild does not wait for it before
    it starts, and stops it if it is still at work when that rebuild writes its own index (search_stage.py)."""
    from turkic_integration_site.mkdocs.config import SearchConfig, search_weights
    from turkic_integration_site.publish.search_read import Document, Page
    from turkic_integration_site.publish.search_stage import SearchStage

    search = SearchConfig()
    search.load_dict({})
    assert not search.validate()[0]
    reports = []

    def rebuild(content: str) -> None:
        stage.start()
        stage.read("summits/x/", "en", "Istanbul Summit", {}, content, [])
        stage.write(tmp_path, search, search_weights(search), lambda *figures: reports.append(figures))

    def indexed() -> str:
        return "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "search").rglob("*.json"))

    stage = SearchStage(remember=True)
    rebuild("<p>Samarkand declaration</p>")
    stage.finish()
    assert len(reports) == 1 and reports[0][1] == 1 and "samarkand" in indexed()
    assert all(isinstance(reading, Document) for reading in stage._read.values())  # sent back, kept

    read = Page.read
    monkeypatch.setattr(Page, "read", lambda page: time.sleep(120))  # the next child, forked now, reads slowly
    rebuild("<p>Tashkent declaration</p>")
    monkeypatch.setattr(Page, "read", read)
    started = time.perf_counter()
    rebuild("<p>Tashkent declaration</p>")  # the slow child is stopped, not waited for
    stage.finish()
    assert time.perf_counter() - started < 60
    assert len(reports) == 2 and "tashkent" in indexed() and "samarkand" not in indexed()
    assert not list(tmp_path.glob(".search-new*"))


@pytest.mark.site  # a whole build, in this process
def test_a_whole_build_hands_each_language_to_the_index_before_rendering_its_pages(project, monkeypatch):
    """The index of a language is written on the second core while MkDocs renders that language's pages into the
    theme: each language is handed over once its pages are converted and before the first of them is written."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import BUILD_ENV
    from turkic_integration_site.publish.index_writer import IndexWriter

    site, handed, add = project / "site", [], IndexWriter.add

    def recording_add(writer, pages):
        for lang in sorted({page.lang for page in pages}):
            handed.append((lang, (site / ("" if lang == "tr" else "en") / "index.html").exists()))
        add(writer, pages)

    monkeypatch.setattr(IndexWriter, "add", recording_add)
    for name, value in BUILD_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert handed == [("tr", False), ("en", False)]
    assert json.loads((site / "search" / "en" / "w.json").read_text(encoding="utf-8"))["next"]
