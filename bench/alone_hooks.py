"""MkDocs hooks for the benchmark's "MkDocs alone" build (d): only what the theme override needs from the
turkic-site plugin to render at all, nothing of its work (no generation, no search index, no HTML repair)."""

from __future__ import annotations

from pathlib import Path

import markupsafe

from turkic_integration_site.pages.build import build_date_from_env
from turkic_integration_site.mkdocs.theme import theme_settings
from turkic_integration_site.common.publication import Publication, addresses
from turkic_integration_site.pages.render import load_labels


def on_config(config):
    # The footer and the 404 page read the publication settings (words, version, addresses) from config.extra.
    latest_url, version_url = addresses(config.site_url or "")
    labels = load_labels(Path(config.config_file_path).parent / "templates" / "labels.yaml")
    config.extra["publication"] = theme_settings(Publication(version_url=version_url), latest_url,
                                                 build_date_from_env(), labels)
    return config


def on_page_markdown(markdown, page, config, files):
    # templates/theme/main.html expects titles and descriptions already escaped (the plugin's _escape_meta)
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], markupsafe.Markup):
            page.meta[key] = markupsafe.escape(page.meta[key])
    return markdown
