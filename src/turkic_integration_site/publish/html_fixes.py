"""Small repairs to Material's HTML so every page passes the Nu HTML Checker and axe (theme, not content)."""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')


def valid_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)  # autocomplete is not allowed on checkboxes
    if 'id="__toc"' not in html:  # pages outside the nav get the ToC's label but not its toggle
        html = html.replace(' for="__toc"', "")
    return _EMPTY_TABINDEX.sub(r"\1", html)  # tabindex must be an integer
