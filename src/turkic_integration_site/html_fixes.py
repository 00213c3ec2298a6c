"""Small repairs to Material's HTML so every page passes the Nu HTML Checker (the theme, not our content)."""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')


def valid_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)  # autocomplete is not allowed on checkboxes
    html = _AUTOCORRECT.sub(r"\1", html)  # a Safari-only attribute, not HTML
    if 'id="__toc"' not in html:  # pages outside the nav get the ToC's label but not its toggle
        html = html.replace(' for="__toc"', "")
    return _EMPTY_TABINDEX.sub(r"\1", html)  # tabindex must be an integer
