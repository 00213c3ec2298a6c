"""Pygments formatters made once per set of options (mkdocs/code_formatters.py): the same HTML as a new
formatter per fence, fence after fence."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments import highlight as pygmentize
from pygments.lexers import get_lexer_by_name
from pymdownx import highlight

from turkic_integration_site.mkdocs import code_formatters

# The classes pymdownx ships, whether or not the repair is installed in this process.
BLOCK = getattr(highlight.BlockHtmlFormatter, "__wrapped__", highlight.BlockHtmlFormatter)
INLINE = getattr(highlight.InlineHtmlFormatter, "__wrapped__", highlight.InlineHtmlFormatter)
EXTENSIONS = ["pymdownx.highlight", "pymdownx.superfences", "pymdownx.inlinehilite", "attr_list"]
CONFIGS = {"pymdownx.highlight": {"anchor_linenums": True, "line_spans": "__span"}}

DOCUMENT = """\
```text
@online{key,
  title = {A <title> & more},
}
```

```python hl_lines="2"
def f(x):
    return x + 1
```

```python linenums="3" title="f.py"
print("three")
print("four")
```

```text
TY  - ELEC
ER  -
```

Inline: `#!python len("x")` and `#!text plain`.
"""


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS)


def test_a_page_of_fences_converts_as_with_a_new_formatter_each(monkeypatch):
    monkeypatch.setattr(highlight, "BlockHtmlFormatter", BLOCK)
    monkeypatch.setattr(highlight, "InlineHtmlFormatter", INLINE)
    before = convert(DOCUMENT)
    assert code_formatters.install() and code_formatters.install()  # twice: installed once
    assert highlight.BlockHtmlFormatter.__wrapped__ is BLOCK
    assert [convert(DOCUMENT) for _ in range(3)] == [before] * 3


def test_one_formatter_per_set_of_options(monkeypatch):
    monkeypatch.setattr(highlight, "BlockHtmlFormatter", code_formatters.kept(BLOCK))
    same = highlight.BlockHtmlFormatter(cssclass="highlight", hl_lines=[1], wrapcode=True)
    assert highlight.BlockHtmlFormatter(wrapcode=True, hl_lines=[1], cssclass="highlight") is same
    assert highlight.BlockHtmlFormatter(cssclass="highlight", hl_lines=[2], wrapcode=True) is not same


def test_the_cache_is_bounded(monkeypatch):
    make = code_formatters.kept(BLOCK)
    first = make(lineanchors="line-0")
    for number in range(1, code_formatters.KEPT + 1):
        make(lineanchors=f"line-{number}")
    assert make(lineanchors="line-0") is not first  # emptied when full, made again


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab <>&\"'\n\t{}=@#çğış", max_size=60),
    st.sampled_from(["text", "python", "bibtex", "json", "html"]),
    st.lists(st.integers(1, 4), max_size=2),
)
def test_a_kept_formatter_formats_any_text_as_a_new_one(source, language, hl_lines):
    options = {"cssclass": "highlight", "wrapcode": True, "hl_lines": hl_lines, "filename": ""}
    make = code_formatters.kept(BLOCK)
    make(**options)  # used once already, on other text
    lexer = get_lexer_by_name(language)
    pygmentize("x = 1\n", lexer, make(**options))
    assert pygmentize(source, lexer, make(**options)) == pygmentize(source, lexer, BLOCK(**options))
