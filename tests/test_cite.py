"""Citations: Turkish and English order, localized in-text forms and references, exports that parse back."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import Entry, parse_file, parse_string
from pybtex.richtext import Text

from conftest import REPO
from turkic_integration_site.citations.bibliography import collation_key, load
from turkic_integration_site.citations.style import BACKENDS, plain_text, text_field
from turkic_integration_site.pages.downloads import downloads, spreadsheet_safe
from turkic_integration_site.content.load import load_site


NAMES = ["Üstün", "Uçar", "Şahin", "Sarı", "Özkan", "Oral", "İnan", "Işık", "Ğ-test", "Gök", "Çelik", "Cem",
         "Əliyev", "Ensari", "Оспан", "Қыдырбаева", "Zeybek"]


def test_turkish_alphabetical_order():
    ordered = sorted(NAMES, key=lambda n: collation_key(n, "tr"))
    assert ordered == ["Cem", "Çelik", "Ensari", "Əliyev", "Gök", "Ğ-test", "Işık", "İnan", "Oral", "Özkan",
                       "Sarı", "Şahin", "Uçar", "Üstün", "Zeybek", "Оспан", "Қыдырбаева"]


def test_english_order_ignores_diacritics_and_puts_cyrillic_last():
    ordered = sorted(NAMES, key=lambda n: collation_key(n, "en"))
    assert ordered[:6] == ["Çelik", "Cem", "Əliyev", "Ensari", "Ğ-test", "Gök"]
    assert ordered[-2:] == ["Оспан", "Қыдырбаева"]


def write_bib(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


SAMPLE = r"""
@article{haas1961, author = {Haas, Ernst B.}, title = {International Integration}, journal = {International Organization},
  volume = {15}, number = {3}, pages = {366--392}, year = {1961}, intext = {Haas, 1961}, complete = {yes}}
@book{yapici2007, author = {Yapıcı, Utku}, title = {Bir Kitap}, publisher = {Bir Yayınevi}, year = {2007},
  intext = {Yapıcı, 2007}, complete = {yes}}
@online{aa2025, author = {{Anadolu Ajansı}}, year = {2025}, date = {2025-10-07}, intext = {Anadolu Ajansı, 07.10.2025},
  identifiedhow = {Not identified: searched.},
  complete = {no}}
@misc{amirbek2017, author = {Amirbek and others}, year = {2017}, intext = {Amirbek vd., 2017}, complete = {no}}
@misc{tdt2024a, author = {{Türk Devletleri Teşkilatı}}, year = {2024}, yearsuffix = {a}, intext = {x}, complete = {no}}
@misc{akinci2020, author = {Akıncı and Jafarlı}, year = {2020}, intext = {Akıncı, Jafarlı, 2020}, complete = {no}}
@misc{undated, author = {Özdaşlı, Esma}, title = {Makale}, intext = {Özdaşlı}, complete = {no}}
"""


def test_in_text_labels_are_localized(tmp_path: Path):
    bib, problems = load(write_bib(tmp_path, SAMPLE), "refs.bib")
    assert problems == []
    assert [bib.label(k, "tr") for k in ("haas1961", "amirbek2017", "akinci2020", "tdt2024a", "undated")] == [
        "Haas, 1961", "Amirbek vd., 2017", "Akıncı ve Jafarlı, 2020", "Türk Devletleri Teşkilatı, 2024a",
        "Özdaşlı, t.y."]
    assert [bib.label(k, "en") for k in ("amirbek2017", "akinci2020", "undated")] == [
        "Amirbek et al., 2017", "Akıncı & Jafarlı, 2020", "Özdaşlı, n.d."]


def test_full_references_of_each_kind(tmp_path: Path):
    bib, _ = load(write_bib(tmp_path, SAMPLE), "refs.bib")
    text = lambda key, lang: bib.reference(key, lang, backend="text")
    assert text("haas1961", "tr") == (
        "Haas, E. B. (1961). International Integration. International Organization, 15(3), 366–392.")
    assert text("yapici2007", "en") == "Yapıcı, U. (2007). Bir Kitap. Bir Yayınevi."
    assert text("aa2025", "tr") == "Anadolu Ajansı (2025, 7 Ekim). [Tam künye mevcut metinde verilmemiştir.]"
    assert text("aa2025", "en") == "Anadolu Ajansı (2025, 7 October). [Full reference not given in the available text.]"
    assert text("amirbek2017", "tr").startswith("Amirbek vd. (2017).")


def test_page_locators_are_localized():
    site = load_site(REPO)
    from turkic_integration_site.pages.render import PageContext
    for lang, expected in (("tr", "(Yapıcı, 2007, ss. 131–132)"), ("en", "(Yapıcı, 2007, pp. 131–132)")):
        page = PageContext(site, lang, "introduction.md", {})
        rendered = page.md("[@yapici2007, s. 131-132]")
        label = re.findall(r"\[([^\]]+)\]\(", rendered)
        assert f"({label[0]})" == expected and rendered.startswith("(") and rendered.endswith(")")
        assert "../bibliography.md#yapici2007" not in rendered and "bibliography.md#yapici2007" in rendered


def article_citations(article_text: str) -> set[str]:
    """Every parenthetical (Author, year…) citation in the article, line breaks joined."""
    text = re.sub(r"\s*\n\s*", " ", article_text)
    found = set()
    for group in re.findall(r"\(([^()]*?(?:1[89]\d\d|20\d\d)[a-z]?[^()]*)\)", text):
        if re.search(r"[A-Za-zÇĞİÖŞÜçğıöşüƏəА-Яа-яҚқ]", group) and not re.match(r"\d", group):
            found.add(re.split(r",\s*s[.,]", group)[0].strip())
    return found


def test_every_in_text_citation_of_the_article_resolves(article_text: str):
    site = load_site(REPO)
    printed = {re.split(r",\s*s[.,]", s.intext_as_printed)[0].strip() for s in site.bib.sources.values()}
    normalise = lambda s: re.sub(r"[\s.,]+", " ", s).strip()
    missing = sorted(c for c in article_citations(article_text) if normalise(c) not in {normalise(p) for p in printed}
                     and "EYLÜL" not in c)
    assert missing == []


def test_downloads_parse_back():
    site = load_site(REPO)
    files = downloads(site)
    bib = parse_string(files["downloads/references.bib"].decode(), "bibtex")
    assert set(bib.entries) == set(site.bib.sources)

    items = json.loads(files["downloads/references.csl.json"])
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(site.bib.sources)
    assert any("International Organization" in entry for entry in rendered)

    entries = rispy.loads(files["downloads/references.ris"].decode())
    assert len(entries) == len(site.bib.sources)
    haas = next(e for e in entries if e.get("id") == "haas1961")
    assert haas["type_of_reference"] == "JOUR" and haas["year"] == "1961"
    ranged = {key for key, source in site.bib.sources.items() if "--" in source.entry.fields.get("pages", "")}
    assert ranged, "no source with a page range left to check"
    for entry in (e for e in entries if e.get("id") in ranged):  # a BibTeX range 505--524 is RIS SP 505, EP 524
        first, last = site.bib.sources[entry["id"]].entry.fields["pages"].split("--")
        assert (entry["start_page"], entry["end_page"]) == (first, last)
    assert all("--" not in item.get("page", "") for item in items)  # CSL writes 505-524

    records = json.loads(files["downloads/records.json"])
    assert {r["id"] for r in records["summits"]} == set(site.summits)


def test_records_downloads_read_back_equal_the_records():
    """Every record is in records.json and records.csv with its own titles, date and sources."""
    site = load_site(REPO)
    files = downloads(site)
    records = json.loads(files["downloads/records.json"])
    assert {family: {r["id"] for r in items} for family, items in records.items()} == \
        {family: set(items) for family, items in site.records.items()}
    rows = list(csv.DictReader(io.StringIO(files["downloads/records.csv"].decode("utf-8"))))
    assert len(rows) == sum(len(items) for items in site.records.values())
    for row in rows:
        record = site.records[row["family"]][row["id"]]
        title = getattr(record, "title", None) or getattr(record, "name", None) or getattr(record, "term", None)
        if title is not None:
            assert (row["title_tr"], row["title_en"]) == (title.tr, title.en), row["id"]
        assert row["sources"] == spreadsheet_safe(" | ".join(getattr(record, "sources", []))), row["id"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


def test_a_work_without_author_is_cited_by_its_title_once(tmp_path: Path):
    bib, _ = load(write_bib(tmp_path, "@misc{anlasma2024, title = {Bir Anlaşma}, year = {2024}, intext = {x}, "
                                      "identifiedhow = {Not identified: searched.}, "
                                      "complete = {no}}"), "refs.bib")
    assert bib.label("anlasma2024", "tr") == "Bir Anlaşma, 2024"
    assert bib.reference("anlasma2024", "tr", backend="text") == (
        "Bir Anlaşma (2024). [Tam künye mevcut metinde verilmemiştir.]")


def test_details_the_site_identified_are_marked_as_its_own(tmp_path: Path):
    bib, problems = load(write_bib(tmp_path, "@book{work1943, author = {Yazar, Ali}, title = {Bir Eser}, "
                                             "year = {1943}, intext = {Yazar, 1943}, complete = {yes}, "
                                             "identified = {yes}}"), "refs.bib")
    assert problems == []
    assert bib.reference("work1943", "en", backend="text") == (
        "Yazar, A. (1943). Bir Eser. [Title and publication details are not given in the article; "
        "the site identified them.]")
    assert bib.reference("work1943", "tr", backend="text").endswith(
        "[Başlık ve yayın bilgileri makalede verilmemiştir; site tarafından belirlenmiştir.]")
    site = load_site(REPO)  # the one entry the site completed from outside the article says so
    assert "the site identified them" in site.bib.reference("haas1961", "en", backend="text")


def test_identified_is_yes_or_no(tmp_path: Path):
    _, problems = load(write_bib(tmp_path, "\n@misc{x2020, author = {X}, year = {2020}, intext = {X, 2020}, "
                                           "complete = {no}, identified = {maybe}}"), "refs.bib")
    assert [str(p) for p in problems] == ["refs.bib:2:1: entry 'x2020': identified must be yes or no"]


def test_bibliography_pages_mark_each_of_the_articles_sources_identified_or_not(built: Path):
    """Every source of the article says on the bibliography page, in both languages, whether the site found
    the work it points to; a source the site consulted itself says that it is not the article's."""
    site = load_site(REPO)
    marks = {"tr": ("eseri site belirledi", "eser belirlenemedi", "Makalede geçmeyen"),
             "en": ("work identified by the site", "work not identified", "Not cited in the article")}
    for lang, folder in (("tr", ""), ("en", "en/")):
        entries = {}  # key -> its entry's HTML, from its heading to the next (or the end of its page)
        for path in (built / "site" / folder).glob("bibliography*/index.html"):
            text = path.read_text(encoding="utf-8")
            for key in site.bib.sources:
                start = text.find(f'id="{key}"')
                if start >= 0:
                    end = text.find("<h2", start + 1)
                    entries[key] = text[start:end if end >= 0 else len(text)]
        for key, source in site.bib.sources.items():
            entry = entries[key]
            expected = {"identified": marks[lang][0], "not_identified": marks[lang][1]}.get(source.identification,
                                                                                            marks[lang][2])
            assert expected in entry, (lang, key)
            assert not any(mark in entry for mark in marks[lang] if mark != expected), (lang, key)
    identified = [k for k, s in site.bib.sources.items() if s.identification == "identified"]
    assert {"haas1961", "dedeoglu2015", "tdt2024d"} <= set(identified)


def test_a_consulted_source_without_a_title_says_its_copy_showed_none(tmp_path: Path):
    bib, problems = load(write_bib(tmp_path, "@online{az2020, author = {{AZERTAC}}, year = {2020}, "
                                             "url = {https://azertag.az/x}, intext = {AZERTAC, 2020}, complete = {no}}"),
                         "refs.bib")
    assert problems == []
    assert bib.reference("az2020", "en", backend="text") == (
        "AZERTAC (2020). https://azertag.az/x [The copy the site consulted showed no title.]")


def test_two_entries_cited_alike_are_refused_until_each_has_a_year_suffix(tmp_path: Path):
    same = ("@online{w1, author = {Wikipedia}, title = {B}, intext = {W}, complete = {yes}}\n"
            "@online{w2, author = {Wikipedia}, title = {A}, intext = {W}, complete = {yes}}\n")
    _, problems = load(write_bib(tmp_path, same), "refs.bib")
    assert [str(p) for p in problems] == [
        "refs.bib:2:1: entry 'w2' would be cited as 'Wikipedia, n.d.', like 'w1': give each a yearsuffix (a, b, ...)"]
    told_apart = same.replace("{w1,", "{w1, yearsuffix = {b},").replace("{w2,", "{w2, yearsuffix = {a},")
    bib, problems = load(write_bib(tmp_path, told_apart), "refs.bib")
    assert problems == [] and bib.label("w2", "en") == "Wikipedia, n.d.-a" and bib.label("w1", "tr") == "Wikipedia, t.y.-b"


def test_plain_text_skips_decoding_only_where_latex_would_change_nothing():
    fields = [v for e in parse_file(REPO / "sources" / "references.bib").entries.values() for v in e.fields.values()]
    crafted = ["Ankara--Bakü", "{NATO} ve {AB}", r"Aliyev\'s", "``quoted''", "a~b", "Türk Dünyası", "50\\% of",
               ",,Alıntı''", "Türkiye's share - 65%", "it's 'quoted'", "a---b"]
    for value in fields + crafted:
        assert plain_text(value) == Text.from_latex(value).render(BACKENDS["text"]), value
        printed = text_field("title").format_data({"entry": Entry("misc", fields={"title": value})})
        for backend in BACKENDS.values():  # the fields references print take the same shortcut
            assert printed.render(backend) == Text.from_latex(value).render(backend), value


def test_the_bibliography_counts_the_identified_works_from_the_bibtex():
    """About points to this count instead of keeping a number of its own that would go stale."""
    from turkic_integration_site.pages.build import render_files
    from turkic_integration_site.pages.render import load_labels

    site = load_site(REPO)
    cited = [s for key, s in site.bib.sources.items() if s.identification and key != "ozdasli-article"]
    identified = sum(s.identification == "identified" for s in cited)
    assert len(cited) == 49 and identified > 0
    files = render_files(REPO, "http://127.0.0.1:8000/", "2025-12-01")
    for lang, words in load_labels(REPO / "templates" / "labels.yaml").items():
        count = words["identified_count"].format(identified=identified, cited=len(cited))
        assert count in files[f"bibliography.{lang}.md"].decode(), lang
        assert count not in files[f"bibliography-2.{lang}.md"].decode()  # on the first page only


def test_most_sources_have_a_title_and_every_titled_one_says_where_it_is_found():
    """Issue 19: at least 70% of the CSL items carry a title, and every titled item but the article itself says
    where the work is found: a URL, DOI, ISBN, publisher or container."""
    site = load_site(REPO)
    items = json.loads(downloads(site)["downloads/references.csl.json"])
    titled = [item for item in items if item.get("title")]
    assert len(items) >= 50 and len(titled) / len(items) >= 0.70, f"{len(titled)} of {len(items)} titled"
    unlocated = [item["id"] for item in titled if item["id"] != "ozdasli-article"
                 and not any(item.get(k) for k in ("URL", "DOI", "ISBN", "publisher", "container-title"))]
    assert unlocated == []


def test_an_unchanged_bib_file_keeps_its_parsed_sources_and_an_edited_one_is_read_again(tmp_path: Path):
    """`mkdocs serve` rebuilds after every edit: the sources are parsed and formatted again only when
    references.bib changed."""
    path = tmp_path / "references.bib"
    text = (REPO / "sources" / "references.bib").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first, problems = load(path, "sources/references.bib")
    assert problems == [] and load(path, "sources/references.bib")[0] is first
    title = "Integration in International Relations: Definition and Types"
    path.write_text(text.replace(title, f"Edited {title}", 1), encoding="utf-8")
    edited, _ = load(path, "sources/references.bib")
    assert edited is not first
    assert "Edited Integration" in edited.reference("kootneeti2024", "en")
    assert "Edited" not in first.reference("kootneeti2024", "en")


def test_every_entrys_line_read_in_one_pass_is_the_line_found_one_by_one():
    """citations/bibliography.py: entry_lines gives each key the line entry_line finds for it alone."""
    from turkic_integration_site.citations.bibliography import entry_line, entry_lines

    text = (REPO / "sources" / "references.bib").read_text(encoding="utf-8")
    keys = list(parse_string(text, "bibtex").entries)
    lines = entry_lines(text)
    assert len(keys) > 50 and all(key in lines for key in keys)
    assert [lines[key] for key in keys] == [entry_line(text, key) for key in keys]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["@misc{", "@book (", "@a{\n  ", "@misc{{", "x@misc{", "@c{a@"]),
                          st.text(alphabet="ab@{(, \n", min_size=1, max_size=6),
                          st.sampled_from([",", " ,", "\n,", "", "}\n"])), max_size=8))
def test_entry_lines_agree_with_entry_line_on_any_text(heads):
    """Keys that repeat, hold brackets or an @, heads inside other heads: the same line or none."""
    from turkic_integration_site.citations.bibliography import entry_line, entry_lines

    text = "\n".join(head + key + end for head, key, end in heads)
    lines = entry_lines(text)
    for key in {key.strip() for _, key, _ in heads} | set(lines):
        assert entry_line(text, key, lines) == entry_line(text, key)
