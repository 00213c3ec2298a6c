"""What the theme override reads that MkDocs does not give it: the publication's words, and titles escaped."""

from __future__ import annotations

from pathlib import Path

import markupsafe

from ..common.dates import DateSpan
from ..common.publication import Publication, addresses, source_commit
from ..pages.build import build_date_from_env
from .config import TurkicSiteConfig, checked_address, editors
from ..content.model import LANGS

WORDS = ("version", "commit", "build_date", "not_found_title", "not_found_text", "not_found_home", "not_found_other",
         "cite_copy", "cite_copied", "cite_copy_failed")


def theme_settings(publication: Publication, latest_url: str, build_date: str, labels: dict) -> dict:
    """What the theme's footer, 404 page and meta tags need: authors, version stamp, addresses, their words."""
    day = DateSpan.parse(build_date)
    return {
        "words": {lang: {key: labels[lang][key] for key in WORDS} | {
            "date": day.format(lang),
            "not_found_twin": latest_url + ("" if lang != LANGS[0] else f"{LANGS[1]}/") + "404.html",
        } for lang in LANGS},
        "editors": [{"name": e.name, "orcid": e.orcid} for e in publication.editors],
        "version": publication.version, "version_label": publication.version_label,
        "commit": publication.commit, "date": build_date, "latest_url": latest_url,
        "version_url": publication.version_url, "repository": publication.repository,
    }


def escape_meta(meta: dict, markdown: str) -> str:
    """Material prints a page's title and description into <title>, meta tags and the navigation without
    escaping them: hand it text already escaped for HTML, so a `"` or `<` in a title stays text."""
    for key in ("title", "description"):
        if isinstance(meta.get(key), str) and not isinstance(meta[key], markupsafe.Markup):
            meta[key] = markupsafe.escape(meta[key])
    return markdown


def publish_settings(config, plugin: TurkicSiteConfig, root: Path, labels: dict) -> tuple[str, Publication]:
    """Who publishes which version where, put where the theme reads it; (the latest address, the publication)."""
    site_url = checked_address("site_url (SITE_URL)", config.site_url or "", required=True)
    repository = checked_address("repository (REPOSITORY_URL)", plugin.repository, required=False)
    latest_url, version_url = addresses(site_url)
    publication = Publication(editors=editors(plugin), repository=repository, commit=source_commit(root),
                              version_url=version_url)
    config.extra["publication"] = theme_settings(publication, latest_url, build_date_from_env(), labels)
    if version_url:  # built by mike: Material's version selector reads mike's versions.json
        config.extra["version"] = {"provider": "mike", "default": "latest"}
    return latest_url, publication


def nested_language_build(config) -> bool:
    """mkdocs-static-i18n builds the other languages in on_post_build: is this one of those builds?"""
    return bool(getattr(config.plugins.get("i18n"), "building", False))
