"""Small repairs to Material's HTML so every page passes the Nu HTML Checker and axe (theme, not content)."""

from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
_SEARCH_LABEL = re.compile(r'class="md-search__input"[^>]*?aria-label="([^"]*)"')


def valid_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)  # autocomplete is not allowed on checkboxes
    html = _AUTOCORRECT.sub(r"\1", html)  # a Safari-only attribute, not HTML
    if 'id="__toc"' not in html:  # pages outside the nav get the ToC's label but not its toggle
        html = html.replace(' for="__toc"', "")
    label = _SEARCH_LABEL.search(html)
    if label:  # a dialog needs an accessible name: the search box's own label, in the page's language
        html = html.replace('role="dialog">', f'role="dialog" aria-label="{label.group(1)}">', 1)
    return _EMPTY_TABINDEX.sub(r"\1", html)  # tabindex must be an integer
