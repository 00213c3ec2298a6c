"""The pipeline end to end: loader happy path, escaping, reproducible output, a strict bilingual site."""

from __future__ import annotations

import filecmp
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, cli, mkdocs_build
from turkic_integration_site.pages.build import render_files
from turkic_integration_site.common.dates import DateSpan
from turkic_integration_site.content.load import load_site
from turkic_integration_site.citations.style import plain_text


def test_loader_reads_the_article_records():
    site = load_site(REPO)
    ankara, istanbul = site.summits["1992-ankara"], site.summits["2021-istanbul"]
    assert ankara.date.iso == "1992-10-30/1992-10-31"
    assert ankara.host == "turkiye"
    assert istanbul.date.format("tr") == "12 Kasım 2021"
    assert istanbul.date.format("en") == "12 November 2021"
    assert site.treaties["1994-bishkek-protocol"].signed.iso == "1994-05-05"
    assert site.bib.sources["haas1961"].complete


@pytest.mark.parametrize("value, tr, en", [
    (1994, "1994", "1994"),
    ("2016-04", "Nisan 2016", "April 2016"),
    ("2021-11-12", "12 Kasım 2021", "12 November 2021"),
    ("2016-04-01/2016-04-05", "1–5 Nisan 2016", "1–5 April 2016"),
    ("2020-09-27/2020-11-10", "27 Eylül – 10 Kasım 2020", "27 September – 10 November 2020"),
    ("2019-12-30/2020-01-02", "30 Aralık 2019–2 Ocak 2020", "30 December 2019–2 January 2020"),
    ("2018-05/2019-03", "Mayıs 2018–Mart 2019", "May 2018–March 2019"),
    ("1991/1992", "1991–1992", "1991–1992"),
])
def test_dates_print_at_their_precision_in_each_language(value, tr: str, en: str):
    assert (DateSpan.parse(value).format("tr"), DateSpan.parse(value).format("en")) == (tr, en)


def test_english_pages_have_no_turkish_month_names(built: Path):
    """Every date on every English page is printed in English (and the Turkish pages do print their months)."""
    months_tr = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
                 "Kasım", "Aralık")
    pattern = re.compile(r"\b(?:%s) \d{4}\b" % "|".join(months_tr))
    english = [p for p in (built / "docs").glob("**/*.en.md")]
    turkish = [p for p in (built / "docs").glob("**/*.tr.md")]
    assert len(english) > 100
    quoted = re.compile(r"“[^”]*”")  # the article's own words, quoted as printed, may be Turkish
    # so may a source's title (`No: 202, 15 Eylül 2010, ...`), which the references print as it is
    bib = load_site(REPO).bib
    titles = {plain_text(s.entry.fields["title"]) for s in bib.sources.values() if "title" in s.entry.fields}

    def dates_printed(text: str) -> str:
        text = text.replace("\\", "")  # Markdown escapes in the references (`\.`)
        for title in titles:
            text = text.replace(title, "")
        return quoted.sub("", text)

    found = [f"{p.relative_to(built)}: {m.group(0)}" for p in english
             for m in pattern.finditer(dates_printed(p.read_text(encoding="utf-8")))]
    assert found == []
    assert sum(len(pattern.findall(p.read_text(encoding="utf-8"))) for p in turkish) > 50


def test_text_from_data_is_escaped(project: Path):
    path = project / "content" / "summits.yaml"
    path.write_text(
        "- id: test-summit\n"
        "  date: 2021-11-12\n"
        "  title: {tr: Deneme, en: Test}\n"
        "  series: ots\n"
        '  summary: {tr: "<script>alert(1)</script> [@ozdasli-article]", en: "<b>bold</b> & more"}\n'
        "  significance: {tr: Anlam, en: Meaning}\n"
        "  sections: [effects]\n"
        '  sources: ["@ozdasli-article"]\n'
        "  basis: article\n" + path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    files = render_files(project, "http://127.0.0.1:8000/", "2025-12-01")
    turkish, english = files["summits/test-summit.tr.md"].decode(), files["summits/test-summit.en.md"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ([Özdaşlı, t.y.]" in turkish
    assert "<script>" not in turkish
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in english


def test_unchanged_files_are_not_rewritten(project: Path):
    assert cli(project, "build").returncode == 0
    second = cli(project, "build")
    assert second.returncode == 0
    assert second.stdout.strip() == "ok: 0 file(s) changed"


@pytest.mark.slow  # a second whole build
def test_two_builds_are_byte_identical(project: Path, built: Path):
    result = mkdocs_build(project, "site-again")
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(built / "site", project / "site-again")
    differing = _differences(comparison)
    assert differing == []


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = comparison.left_only + comparison.right_only + comparison.diff_files
    # dircmp compares shallowly by stat; compare contents of same-named files for real
    for name in comparison.common_files:
        if not filecmp.cmp(Path(comparison.left) / name, Path(comparison.right) / name, shallow=False):
            found.append(name)
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return sorted(set(found))


def test_the_strict_build_prints_no_warning_from_any_logger(built: Path):
    """`--strict` fails on MkDocs' own warnings; a warning another library prints is caught here."""
    log = (built / "build.log").read_text(encoding="utf-8")
    assert "Documentation built" in log
    assert "WARNING" not in log


def test_every_turkish_page_has_its_english_twin_and_language_link(built: Path):
    site = built / "site"
    turkish = [p for p in site.rglob("index.html") if not p.relative_to(site).parts[0] in ("en", "search", "assets")]
    assert len(turkish) > 100
    for page in turkish:
        rel = page.relative_to(site)
        twin = site / "en" / rel
        assert twin.exists(), f"no English twin for {rel}"
        tr_html, en_html = page.read_text(encoding="utf-8"), twin.read_text(encoding="utf-8")
        assert '<html lang="tr"' in tr_html and '<html lang="en"' in en_html
        en_link = re.search(r'<a href="([^"]+)" hreflang="en" class="md-select__link"', tr_html)
        tr_link = re.search(r'<a href="([^"]+)" hreflang="tr" class="md-select__link"', en_html)
        assert en_link and _target(site, page, en_link.group(1)) == twin.parent.resolve(), rel
        assert tr_link and _target(site, twin, tr_link.group(1)) == page.parent.resolve(), rel


def _target(site: Path, page: Path, href: str) -> Path:
    """Where a link leads in the built tree: root-relative (site_url's path is /) or page-relative."""
    return (site / href.lstrip("/")).resolve() if href.startswith("/") else (page.parent / href).resolve()


def test_no_request_to_another_host(built: Path):
    external = re.compile(r'(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]+"')
    for page in (built / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in external.finditer(html):
            tag_start = html.rfind("<", 0, match.start())
            tag = html[tag_start:match.start()]
            # plain links a reader may follow are fine; nothing may be loaded from elsewhere
            assert tag.startswith("<a "), f"{page}: {match.group(0)}"


def test_every_page_carries_citation_metadata_and_cite_block(built: Path):
    site = built / "site"
    pages = [p for p in site.rglob("index.html") if "search" not in p.parts]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lang = "en" if page.relative_to(site).parts[0] == "en" else "tr"
        for tag in ("citation_title", "citation_author", "citation_date", "citation_language",
                    "citation_public_url", "DC.title", "DC.creator"):
            assert f'<meta name="{tag}"' in html, f"{page}: no {tag}"
        assert f'<meta name="citation_language" content="{lang}">' in html
        # Zotero (Embedded Metadata) saves a page with citation_title as a journal article unless og:type says
        # it is a website (checked with Zotero's translation server: a `webpage` item with this)
        assert '<meta property="og:type" content="website">' in html, page
        assert '<script type="application/ld+json">' in html
        label = "Bu sayfayı kaynak gösterin" if lang == "tr" else "Cite this page"
        assert f"<summary>{label}</summary>" in html, page
        url = re.search(r'<meta name="citation_public_url" content="([^"]+)">', html).group(1)
        assert url.startswith("http://127.0.0.1:8000/")
        assert url.removeprefix("http://127.0.0.1:8000/") == str(page.parent.relative_to(site)).removeprefix(".") + (
            "/" if page.parent != site else "")
        assert url in html.split("<summary>", 1)[1], f"{page}: cite block lacks the permanent URL"


def test_no_page_keeps_the_theme_attributes_the_nu_checker_refuses(built: Path):
    for page in [built / "site" / "404.html", *(built / "site").rglob("index.html")]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<input[^>]*type="checkbox"[^>]*autocomplete=', html), page
        assert 'autocorrect="off"' not in html and 'tabindex=""' not in html, page
        assert 'for="__toc"' not in html or 'id="__toc"' in html, page


def test_data_text_never_turns_into_markdown_blocks():
    from turkic_integration_site.pages.render import escape
    assert escape("4. bölümün metni <b>") == "4\\. bölümün metni &lt;b&gt;"
    assert escape("- not a list\n# not a heading") == "\\- not a list # not a heading"  # one line: no heading
    assert escape("10 Kasım 2020. Sonra") == "10 Kasım 2020. Sonra"


def test_no_built_page_is_over_200_kb(built: Path):
    sizes = {p.relative_to(built / "site"): p.stat().st_size for p in (built / "site").rglob("*.html")}
    assert max(sizes.values()) <= 200 * 1024, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


def test_the_whole_argument_page_lists_exactly_the_sources_it_cites(built: Path):
    sources = set(load_site(REPO).bib.sources)

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.listed, self.cited = set(), set()

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "tis-reference" in (a.get("class") or "").split():
                self.listed.add(a.get("id"))
            if tag == "a" and (a.get("href") or "").startswith("#") and a["href"][1:] in sources:
                self.cited.add(a["href"][1:])
                self.tips += "title" in a
            if tag == "a" and re.search(r"bibliography(-\d+)?/#", a.get("href") or "") and a.get("title"):
                self.tips_elsewhere += 1

    for folder in ("", "en/"):
        reader = Reader()
        reader.tips = reader.tips_elsewhere = 0
        reader.feed((built / "site" / folder / "argument" / "index.html").read_text(encoding="utf-8"))
        assert reader.cited and reader.listed == reader.cited, (folder, reader.listed ^ reader.cited)
        # the references are on this page: its citations do not repeat them on hover (that doubled the page)
        assert reader.tips == 0, folder
        section = Reader()
        section.tips = section.tips_elsewhere = 0
        section.feed((built / "site" / folder / "war" / "index.html").read_text(encoding="utf-8"))
        assert section.tips_elsewhere > 10  # a section page's citations show the full reference on hover


def test_a_source_cited_by_many_pages_lists_them_on_pages_of_its_own():
    from turkic_integration_site.pages import citers

    few = [(f"p{i}.md", f"P{i}") for i in range(citers.INLINE)]
    assert citers.parts("k", few) == []  # the bibliography entry lists them itself
    many = [(f"p{i}.md", f"P{i}") for i in range(2 * citers.PER_PAGE + 1)]
    pages = citers.parts("k", many)
    assert [p.path for p in pages] == ["cited-by/k.md", "cited-by/k-2.md", "cited-by/k-3.md"]
    assert [item for p in pages for _, items in p.groups for item in items] == many


def test_the_articles_entry_links_to_its_citers_page_which_lists_every_citer(built: Path):
    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs, self._in_article, self._previous = [], False, ""

        def handle_starttag(self, tag, attrs):  # a list item's link, in the page's article
            self._in_article = self._in_article or tag == "article"
            if tag == "a" and self._in_article and self._previous == "li":
                self.hrefs.append(dict(attrs).get("href", ""))
            self._previous = tag

    for folder, count_pattern in (("", r"(\d+) sayfa ve kaydın listesi"), ("en/", r"the list of all (\d+) pages")):
        bibliography = " ".join(p.read_text(encoding="utf-8")
                                for p in (built / "site" / folder).glob("bibliography*/index.html"))
        count = int(re.search(count_pattern, bibliography).group(1))
        assert count > 100 and 'href="../cited-by/ozdasli-article/"' in bibliography
        reader = Links()
        reader.feed((built / "site" / folder / "cited-by" / "ozdasli-article" / "index.html").read_text(encoding="utf-8"))
        assert len(reader.hrefs) == count, (folder, len(reader.hrefs), count)


def test_a_list_split_by_size_packs_pages_up_to_the_limit_and_cuts_a_large_group():
    from turkic_integration_site.pages.lists import split

    sizes = {"a1": 40, "a2": 40, "b1": 30, "c1": 90, "c2": 90, "c3": 10}
    groups = [("A", ["a1", "a2"]), ("B", ["b1"]), ("C", ["c1", "c2", "c3"])]
    parts = split("bibliography.md", groups, 100, sizes.get)
    assert [[(label, items) for label, items in p.groups] for p in parts] == [
        [("A", ["a1", "a2"])], [("B", ["b1"])], [("C", ["c1"])], [("C", ["c2", "c3"])]]
    assert all(sum(sizes[i] for _, items in p.groups for i in items) <= 100 for p in parts)
    assert [p.path for p in parts] == ["bibliography.md", "bibliography-2.md", "bibliography-3.md",
                                       "bibliography-4.md"]


def test_split_glossary_and_comparison_pages_each_carry_their_own_part(monkeypatch):
    """Small limits split today's glossary and summit comparison: each glossary page names for search only
    its own terms (so no page's front matter grows with the whole glossary), and the comparison's pages list
    every declaration once, in date order, with a pager between them."""
    import yaml
    from turkic_integration_site.pages import lists

    monkeypatch.setattr(lists, "GLOSSARY_BYTES", 30_000)
    monkeypatch.setattr(lists, "COMPARISON_BYTES", 5 * lists.ROW_BYTES)  # texts make every row heavier: one row a page
    files = render_files(REPO, "http://127.0.0.1:8000/", "2025-12-01")
    site = load_site(REPO)

    def front(path: str) -> dict:
        return yaml.safe_load(files[path].decode("utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))

    for lang in ("tr", "en"):
        glossary = sorted(p for p in files if re.fullmatch(rf"glossary(-\d+)?\.{lang}\.md", p))
        assert len(glossary) >= 3
        groups = [front(p)["search_synonyms"] for p in glossary]
        heads = [re.findall(r"\{ #(term-[\w-]+) \}", files[p].decode("utf-8")) for p in glossary]
        for page_groups, page_terms in zip(groups, heads):
            assert len(page_groups) == len(page_terms)
        assert sorted(t for page in heads for t in page) == sorted(site.terms)
        comparison = sorted((p for p in files if re.fullmatch(rf"summit-comparison(-\d+)?\.{lang}\.md", p)),
                            key=lambda p: int(re.search(r"-(\d+)\.", p).group(1)) if "-" in p[17:] else 1)
        declared = sorted((s for s in site.summits.values() if s.declaration), key=lambda s: s.date.start)
        assert len(declared) > 5 and len(comparison) == len(declared)
        rows = [re.search(r"\]\(summits/([\w-]+)\.md\)", line).group(1) for p in comparison
                for line in files[p].decode("utf-8").splitlines() if line.startswith("| ") and "](summits/" in line]
        assert rows == [s.id for s in declared]
        assert all('class="tis-pager"' in files[p].decode("utf-8") for p in comparison)


def test_a_forked_worker_returns_its_result_or_raises_its_error_in_the_parent():
    import os

    from turkic_integration_site.common.errors import ContentError, Problem
    from turkic_integration_site.common.forked import Forked

    parent = os.getpid()
    assert Forked(lambda: (os.getpid() != parent, "ş" * 100_000)).result() == (True, "ş" * 100_000)

    def fails():
        raise ContentError([Problem("content/events.yaml", 3, 5, "bad date")])
    with pytest.raises(ContentError, match="content/events.yaml:3:5: bad date"):
        Forked(fails).result()
    with pytest.raises(RuntimeError, match="exit code 3"):
        Forked(lambda: os._exit(3)).result()


def test_a_forked_child_leaves_what_it_inherits_out_of_its_garbage_collector_and_the_parent_does_not():
    """common/forked.py: the objects that exist at a fork are frozen in the child (its collections skip them, so
    it copies no shared memory page just to mark them); the parent goes on collecting them."""
    import gc

    from turkic_integration_site.common.forked import Forked

    inherited = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == 0
    assert Forked(gc.get_freeze_count).result() >= len(inherited)
    assert gc.get_freeze_count() == 0


def test_the_languages_rendered_in_a_fork_equal_those_rendered_in_series():
    """A whole build renders English in a forked child (pages/build.py); `mkdocs serve` (reuse) renders in series."""
    from turkic_integration_site.pages.build import Reuse

    forked = render_files(REPO, "http://127.0.0.1:8000/", "2025-12-01")
    in_series = render_files(REPO, "http://127.0.0.1:8000/", "2025-12-01", reuse=Reuse())
    assert list(forked) == list(in_series) and forked == in_series
    assert any(path.endswith(".en.md") for path in forked) and any(path.endswith(".tr.md") for path in forked)


def test_a_forked_worker_no_longer_wanted_is_stopped():
    import time

    from turkic_integration_site.common.forked import Forked

    slow = Forked(lambda: time.sleep(60))
    child = slow._child
    started = time.perf_counter()
    slow.cancel()
    assert time.perf_counter() - started < 5 and not child.is_alive()


def test_a_forked_worker_stopped_while_another_thread_waits_for_it_raises_cancelled_there():
    import threading

    from turkic_integration_site.common.forked import Cancelled, Forked

    slow, outcome = Forked(lambda: time.sleep(120)), []

    def wait():
        try:
            outcome.append(slow.result())
        except Exception as err:
            outcome.append(err)

    waiting = threading.Thread(target=wait)
    waiting.start()
    slow.cancel()
    waiting.join(30)
    assert not waiting.is_alive() and len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    with pytest.raises(Cancelled):
        slow.result()
    done = Forked(lambda: "sent")
    assert done.result() == "sent"
    done.cancel()  # after the result came: nothing to stop, the result stands
    assert done.result() == "sent"


def test_a_records_search_names_take_in_the_glossary_terms_that_stand_for_it():
    """pages/aliases.py: the terms of each organization gathered in one pass over the glossary."""
    from turkic_integration_site.content.load import load_site
    from turkic_integration_site.pages import aliases

    site = load_site(REPO)
    terms_of = aliases.terms_by_organization(site)
    assert sorted((org, term.id) for org, terms in terms_of.items() for term in terms) == sorted(
        (term.organization, term.id) for term in site.terms.values() if term.organization)
    council = site.record("turkic-council")
    names = aliases.record_names(site, council, "en", terms_of)
    assert names[:2] == [council.title["en"], council.title["tr"]]
    assert {"CCTS", "Turkic Council (Cooperation Council of Turkic Speaking States)"} <= set(names)  # the term's
    assert "CCTS" not in aliases.record_names(site, site.record("ots"), "en", terms_of)
