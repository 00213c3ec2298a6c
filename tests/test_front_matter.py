"""Under `mkdocs serve`, a page's front matter is parsed once while unchanged (mkdocs/front_matter.py): what a
page gets is what MkDocs' own parser gives, and its own copy."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from turkic_integration_site.mkdocs import front_matter

UPSTREAM = getattr(meta.get_data, "__wrapped__", meta.get_data)  # MkDocs' own, installed or not

SOURCES = [
    '---\ntitle: "T\\u00fcrk"\ntags: [a, b]\n---\n\n# Heading\n\nText.\n',  # what the generator writes
    "---\ntitle: A\n...\nText after a YAML end marker\n",
    "---  \ntitle: trailing spaces on the markers\n---\t\nText\n",
    "---\n- a list, not a mapping\n---\nText\n",  # not cut off, meta {}
    "---\ntitle: [unclosed\n---\nText\n",  # not YAML: not cut off, meta {}
    "---\n{}\n---\nText\n",  # an empty mapping: cut off
    "Title: MultiMarkdown style\nAuthor: someone\n\nText\n",  # MkDocs' other format
    "No front matter at all\n",
    "",
]


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(meta, "get_data", UPSTREAM)  # put back after the test
    front_matter.install()
    front_matter.install()  # a second call changes nothing
    assert meta.get_data.__wrapped__ is UPSTREAM
    return meta.get_data


def test_every_page_gets_what_mkdocs_gives(installed):
    for source in SOURCES * 2:  # the second time from what was kept
        assert installed(source) == UPSTREAM(source), source


@settings(max_examples=300, deadline=None)
@given(head=st.sampled_from(["---\n", "--- \n", "---\n\n", ""]),
       body=st.lists(st.sampled_from(["title: A", "a: [1, 2]", "- x", "b: {", "c: 'd'", "", "k: v: w"]), max_size=4),
       end=st.sampled_from(["---\n", "...\n", "--\n", ""]), text=st.text(alphabet="-#a\n: ", max_size=20))
def test_any_text_gets_what_mkdocs_gives(head, body, end, text):
    source = head + "".join(line + "\n" for line in body) + end + text
    front_matter.install()
    try:
        assert meta.get_data(source) == UPSTREAM(source)
        assert meta.get_data(source) == UPSTREAM(source)  # from what was kept
    finally:
        meta.get_data = UPSTREAM


def test_each_page_gets_its_own_copy(installed):
    source = SOURCES[0]
    _, first = installed(source)
    first["template"] = "changed by a plugin"
    first["tags"].append("c")
    assert installed(source)[1] == {"title": "Türk", "tags": ["a", "b"]}
