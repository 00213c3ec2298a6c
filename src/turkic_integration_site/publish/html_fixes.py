"""Small repairs to Material's HTML so every page passes the Nu HTML Checker and axe (theme, not content).

An HTML parser finds the theme's tags to repair; only the theme's part of a page (before the content) is read.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

CONTENT_START = '<div class="md-content"'  # Material's content column: everything before it is the theme's


class _ThemeTags(HTMLParser):
    """The start tags to repair: (offset, length, tag, attributes, attributes to drop)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.edits: list[tuple[int, int, str, list, set[str]]] = []
        self.toc_labels: list[int] = []  # edits of labels for the ToC toggle
        self.has_toc_toggle = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        drop = set()
        if tag == "input" and names.get("type") == "checkbox" and "autocomplete" in names:
            drop.add("autocomplete")  # not allowed on checkboxes
        if tag == "input" and names.get("id") == "__toc":
            self.has_toc_toggle = True
        if tag == "label" and names.get("tabindex") == "":
            drop.add("tabindex")  # must be an integer
        if tag == "label" and names.get("for") == "__toc":
            self.toc_labels.append(len(self.edits))
        elif not drop:
            return
        line, col = self.getpos()
        self.edits.append((self.line_starts[line - 1] + col, len(self.get_starttag_text()), tag, attrs, drop))


def _tag(tag: str, attrs: list, drop: set[str]) -> str:
    kept = "".join(f" {name}" if value is None else f' {name}="{escape(value)}"'
                   for name, value in attrs if name not in drop)
    return f"<{tag}{kept}>"


def valid_html(html: str) -> str:
    end = html.find(CONTENT_START)
    theme = html if end == -1 else html[:end]
    parser = _ThemeTags(theme)
    parser.feed(theme)
    parser.close()
    if not parser.has_toc_toggle:  # pages outside the nav get the ToC's label but not its toggle
        for i in parser.toc_labels:
            parser.edits[i][4].add("for")
    for offset, length, tag, attrs, drop in reversed(parser.edits):
        if drop:
            html = html[:offset] + _tag(tag, attrs, drop) + html[offset + length:]
    return html
