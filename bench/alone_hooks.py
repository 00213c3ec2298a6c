"""MkDocs hooks for the benchmark's "MkDocs alone" build (d): only what the theme override needs from the
turkic-site plugin to render at all, nothing of its work (no generation, no search index, no HTML repair)."""

from __future__ import annotations

import markupsafe


def on_page_markdown(markdown, page, config, files):
    # templates/theme/main.html expects titles and descriptions already escaped (the plugin's _escape_meta)
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], markupsafe.Markup):
            page.meta[key] = markupsafe.escape(page.meta[key])
    return markdown
