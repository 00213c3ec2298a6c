"""Python-Markdown's links read in fewer steps (mkdocs/link_brackets.py): the same table, so the same HTML."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor

from turkic_integration_site.mkdocs import link_brackets

# The function Python-Markdown ships, whether or not the repair is installed in this process.
UPSTREAM = getattr(LinkInlineProcessor._findBracketEnds, "__wrapped__", LinkInlineProcessor._findBracketEnds)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="[]()\\a ", max_size=40))
def test_every_index_gets_the_closing_bracket_python_markdown_gives(data):
    assert link_brackets.bracket_ends(data) == UPSTREAM(data)


def test_installed_it_converts_links_as_python_markdown_does(monkeypatch):
    text = ("A [link](a.md) and [a [nested] one](b.md#x \"title\") then ![an image](c.png), [unclosed and "
            "[ref][r] and \\[escaped](d) [x]\n\n[r]: e.md\n")
    dense = "- " + " ".join(f"[item {i}](p{i}.md)" for i in range(60)) + "\n"
    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(UPSTREAM))
    before = [markdown.markdown(t, extensions=["attr_list", "footnotes"]) for t in (text, dense)]
    assert link_brackets.install() and link_brackets.install()  # twice: installed once
    assert LinkInlineProcessor._findBracketEnds is not UPSTREAM
    assert [markdown.markdown(t, extensions=["attr_list", "footnotes"]) for t in (text, dense)] == before


def test_not_installed_over_a_function_that_answers_differently(monkeypatch):
    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(lambda data: [None] * (len(data) + 1)))
    assert not link_brackets.install()
    assert LinkInlineProcessor._findBracketEnds("[a]") == [None] * 4
