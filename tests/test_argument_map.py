"""The argument map (issue 21): content/argument.yaml checked at load with located errors, the map pages in both
languages (inline SVG and nested list), the section pages' links to it, the AIF JSON downloads, and search."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from test_search_index import pages as postings_pages, walk
from turkic_integration_site.common.errors import ContentError
from turkic_integration_site.content import markdown
from turkic_integration_site.content.load import load_site
from turkic_integration_site.content.model import LANGS
from turkic_integration_site.pages import argument_map
from turkic_integration_site.pages.build import render_files
from turkic_integration_site.pages.downloads import aif, plain_text
from turkic_integration_site.pages.render import load_labels
from turkic_integration_site.publish.search_index import words

SECTIONS = ("summary", "introduction", "war", "effects", "ots", "bilateral", "conclusion")


# ---- load checks, each refused with its exact located message ---------------------------------------------
def claim(cid: str, extra: str = "") -> str:
    return (f"  - id: {cid}\n"
            f"    label: {{tr: \"{cid} iddiası\", en: \"claim {cid}\"}}\n"
            f"    claim: {{tr: \"Türkçe {cid} [@ozdasli-article].\", en: \"English {cid} [@ozdasli-article].\"}}\n"
            f"    sections: [war]\n"
            f"    sources: [\"@ozdasli-article\"]\n{extra}")


def inference(iid: str, premises: str, conclusion: str, kind: str = "support") -> str:
    return f"  - id: {iid}\n    kind: {kind}\n    premises: [{premises}]\n    conclusion: {conclusion}\n"


def problems_of(project: Path, text: str) -> list[str]:
    (project / "content" / "argument.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_site(project)
    return [str(p) for p in err.value.problems]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def test_a_small_argument_loads(project):
    text = "thesis: a\nclaims:\n" + claim("a") + claim("b") + "inferences:\n" + inference("i1", "b", "a")
    (project / "content" / "argument.yaml").write_text(text, encoding="utf-8")
    site = load_site(project)
    assert [c.id for c in site.argument.claims] == ["a", "b"] and site.argument.depths() == {"a": 0, "b": 1}


def test_a_dangling_link_is_refused_at_its_place(project):
    text = "thesis: a\nclaims:\n" + claim("a") + claim("b", "    records: [2021-istanbull]\n") + \
        "inferences:\n" + inference("i1", "b, bb", "a")
    found = problems_of(project, text)
    assert f"content/argument.yaml:{line_of(text, '2021-istanbull')}:15: unknown record '2021-istanbull' " \
           "(did you mean '2021-istanbul'?)" in found
    assert f"content/argument.yaml:{line_of(text, '[b, bb]')}:19: unknown claim 'bb'" in found


def test_an_unreachable_claim_is_refused_at_its_id(project):
    text = "thesis: a\nclaims:\n" + claim("a") + claim("b") + claim("lonely") + "inferences:\n" + inference("i1", "b", "a")
    assert problems_of(project, text) == [
        f"content/argument.yaml:{line_of(text, 'id: lonely')}:9: claim 'lonely' is not reached from the thesis 'a'"]


def test_a_cycle_of_support_is_refused(project):
    text = ("thesis: a\nclaims:\n" + claim("a") + claim("b") + claim("c") + "inferences:\n"
            + inference("i1", "b", "a") + inference("i2", "c", "b") + inference("i3", "b", "c"))
    assert problems_of(project, text) == [
        f"content/argument.yaml:{line_of(text, 'conclusion: c')}:17: a cycle of support: b → c → b"]


def test_an_objection_may_answer_an_objection(project):
    """Attacks are not support: a claim and its objection may attack each other without a cycle of support."""
    text = ("thesis: a\nclaims:\n" + claim("a") + claim("b") + "inferences:\n"
            + inference("i1", "b", "a", "attack") + inference("i2", "a", "b", "attack"))
    (project / "content" / "argument.yaml").write_text(text, encoding="utf-8")
    assert len(load_site(project).argument.inferences) == 2


def test_a_reading_needs_its_strength_and_a_part_must_be_a_heading(project):
    text = "thesis: a\nclaims:\n" + claim("a", "    part: 9\n") + claim("b") + "inferences:\n" + \
        inference("i1", "b", "a") + "    reading: {tr: \"Sitenin okuması.\", en: \"The site's reading.\"}\n"
    found = problems_of(project, text)
    assert f"content/argument.yaml:{line_of(text, 'part: 9')}:11: section 'war' has 5 '##' headings, not 9" in found
    assert (f"content/argument.yaml:{line_of(text, 'id: i1')}:5: a 'strength' needs the site's 'reading', "
            "and a 'reading' its 'strength'") in found


# ---- the real argument ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site():
    return load_site(REPO)


@pytest.fixture(scope="module")
def labels():
    return load_labels(REPO / "templates" / "labels.yaml")


def test_the_argument_is_big_enough_and_every_claim_is_tied_to_evidence(site):
    argument = site.argument
    assert len(argument.claims) >= 30 and len(argument.inferences) >= 15
    assert all(c.records or c.notes or c.sources for c in argument.claims)
    # most rest on more than the article's word: a record, a source note or another source
    beyond = [c for c in argument.claims if c.records or c.notes
              or any(markdown.parse_cite(s).key != "ozdasli-article" for s in c.sources)]
    assert len(beyond) >= 0.85 * len(argument.claims)
    assert any(i.kind == "attack" for i in argument.inferences)
    assert any(i.strength for i in argument.inferences) and any(c.voice == "site" for c in argument.claims)


def test_every_claim_and_reading_lists_exactly_what_its_text_cites(site):
    wrong = []
    for item in [*site.argument.claims, *site.argument.inferences]:
        texts = [t for t in (getattr(item, "claim", None), item.reading if hasattr(item, "reading") else None) if t]
        for lang in LANGS:
            cited = {(c.key, c.pages) for t in texts for occ in markdown.scan(t[lang], data=True).citations
                     for c in occ.cites}
            listed = {(c.key, c.pages) for c in map(markdown.parse_cite, item.sources)}
            if cited != listed:
                wrong.append(f"{item.id} ({lang}): cited {sorted(cited, key=str)}, listed {sorted(listed, key=str)}")
    assert not wrong, "\n".join(wrong)


def test_site_readings_say_so(site):
    for c in site.argument.claims:
        if c.voice == "site":
            assert c.claim.tr.startswith("Sitenin okuması") and c.claim.en.startswith("The site's reading"), c.id
    for i in site.argument.inferences:
        if i.reading:
            assert i.reading.tr.startswith("Sitenin okuması") and i.reading.en.startswith("The site's reading"), i.id


def test_every_label_fits_its_box(site):
    for c in site.argument.claims:
        for lang in LANGS:
            lines = argument_map.wrap(c.label[lang])
            assert len(lines) <= argument_map.LINES and max(map(len, lines)) <= argument_map.CHARS_PER_LINE + 2, \
                (c.id, lang, lines)


# ---- AIF JSON ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def aifs(site, labels):
    return {lang: aif(site, lang, labels[lang]) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_aif_has_the_shape_of_aif_json(aifs, lang):
    graph = json.loads(json.dumps(aifs[lang]))  # what the file holds
    assert set(graph) >= {"nodes", "edges"}
    nodes = {n["nodeID"]: n for n in graph["nodes"]}
    assert len(nodes) == len(graph["nodes"])
    assert all(set(n) >= {"nodeID", "text", "type"} and n["type"] in ("I", "RA", "CA") and n["text"]
               for n in graph["nodes"])
    edge_ids = [e["edgeID"] for e in graph["edges"]]
    assert len(edge_ids) == len(set(edge_ids))
    for edge in graph["edges"]:
        assert edge["fromID"] in nodes and edge["toID"] in nodes, edge  # no dangling edge
    for node_id, node in nodes.items():
        if node["type"] in ("RA", "CA"):
            ins = [e for e in graph["edges"] if e["toID"] == node_id]
            outs = [e for e in graph["edges"] if e["fromID"] == node_id]
            assert ins and all(nodes[e["fromID"]]["type"] == "I" for e in ins), node_id
            assert len(outs) == 1, node_id
        else:  # an I node is linked only through RA/CA nodes
            assert all(nodes[e["toID"]]["type"] != "I" for e in graph["edges"] if e["fromID"] == node_id)
    assert sum(n["type"] == "I" for n in nodes.values()) >= 30
    assert sum(n["type"] in ("RA", "CA") for n in nodes.values()) >= 15


def test_aif_is_the_same_graph_in_both_languages_with_texts_in_each(aifs, site):
    tr, en = aifs["tr"], aifs["en"]
    assert [(n["nodeID"], n["type"]) for n in tr["nodes"]] == [(n["nodeID"], n["type"]) for n in en["nodes"]]
    assert tr["edges"] == en["edges"]
    for claim in site.argument.claims:
        for lang in LANGS:
            node = next(n for n in aifs[lang]["nodes"] if n["nodeID"] == claim.id)
            assert node["text"] == plain_text(site, claim.claim[lang], lang)
            assert "[@" not in node["text"] and "](" not in node["text"]
        assert next(n for n in tr["nodes"] if n["nodeID"] == claim.id)["text"] != \
            next(n for n in en["nodes"] if n["nodeID"] == claim.id)["text"]
    turkish = [n["text"] for n in tr["nodes"] if n["type"] == "I"]
    assert sum(bool(re.search("[çğıİöşü]", t)) for t in turkish) >= len(turkish) - 2  # Turkish, not English


# ---- the pages, rendered in-process -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def files():
    return render_files(REPO, "https://example.org/", "2025-12-01")


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_page_has_the_svg_and_the_nested_list_with_the_same_links(files, site, lang):
    text = files[f"argument-map.{lang}.md"].decode()
    svg = text[text.index("<svg"):text.index("</svg>")]
    assert 'role="group"' in svg and 'aria-labelledby="argmap-title"' in svg and "<script" not in text
    links = re.findall(r'<a href="([^"]+)" class="tis-argmap-node">.*?<text[^>]*>(.*?)</text></a>', svg)
    assert len(links) == len(site.argument.claims)
    for claim in site.argument.claims:
        href = f"../{claim.sections[0]}/#claim-{claim.id}"
        name = next(re.sub("<[^>]+>", "", text) for h, text in links if h == href)  # the link's words
        assert " ".join(name.split()).endswith(html.escape(claim.label[lang], quote=True)), (name, claim.label[lang])
        assert f'id="map-{claim.id}"' in text  # its item in the nested list
        assert f"]({claim.sections[0]}.md#claim-{claim.id})" in text  # the list links to the same place
    assert "downloads/argument-map.json" in text
    outside = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in outside and "https://" not in outside  # no request to another host


def test_the_map_downloads_are_written_for_each_language(files):
    tr = json.loads(files["downloads/argument-map.tr.json"])
    en = json.loads(files["downloads/argument-map.en.json"])
    assert [n["nodeID"] for n in tr["nodes"]] == [n["nodeID"] for n in en["nodes"]]
    for lang in LANGS:
        assert "argument-map.json" in files[f"downloads.{lang}.md"].decode()


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_section_page_links_to_its_part_of_the_map(files, site, section, lang):
    text = files[f"{section}.{lang}.md"].decode()
    assert "(argument-map.md#outline)" in text
    for claim in site.argument.claims:
        if section in claim.sections:
            assert f'id="claim-{claim.id}"' in text and f"(argument-map.md#map-{claim.id})" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_whole_argument_page_holds_the_map_as_a_list(files, site, lang):
    text = files[f"argument.{lang}.md"].decode()
    assert "{ #argument-map }" in text
    for claim in site.argument.claims:
        assert claim.label[lang].split()[0] in text


# ---- the built site (the session's one build) ----------------------------------------------------------------
class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])


def parsed(path: Path) -> Ids:
    ids = Ids()
    ids.feed(path.read_text(encoding="utf-8"))
    return ids


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_built_map_links_reach_their_anchors(built, site, prefix):
    out = built / "site" / prefix
    page = parsed(out / "argument-map" / "index.html")
    targets = [h for h in page.hrefs if "#claim-" in h]
    assert len(targets) >= 2 * len(site.argument.claims)  # the SVG's and the list's
    for href in targets:
        path, anchor = href.split("#")
        assert anchor in parsed((out / "argument-map" / path / "index.html").resolve()).ids, href
    for section in SECTIONS:
        links = parsed(out / section / "index.html").hrefs
        assert any(h.startswith("../argument-map/") for h in links), section
    assert (out / "downloads" / "argument-map.json").exists()


@pytest.mark.parametrize("lang, query", [("tr", "adlandırma"), ("en", "renaming")])
def test_search_finds_a_claim_on_the_map_page(built, lang, query):
    index = built / "site" / "search" / lang
    found = {}
    for word in words(query):
        exact, longer = walk(index, word)
        for postings in ([exact] if exact else []) + longer:
            found.update(postings_pages(postings))
    urls = {json.loads((index / "p" / f"{n}.json").read_text(encoding="utf-8"))["url"] for n in found}
    assert ("" if lang == "tr" else "en/") + "argument-map/" in urls
