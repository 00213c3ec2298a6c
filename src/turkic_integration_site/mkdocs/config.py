"""The plugin's settings (mkdocs.yml: plugins › turkic-site), typed and checked by MkDocs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError

from ..common.publication import Editor
from ..publish import search_index

ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")


class EditorConfig(base.Config):
    name = config_options.Type(str)  # a person as "Family, Given"
    orcid = config_options.Optional(config_options.Type(str))


class WeightsConfig(base.Config):
    names = config_options.Type((int, float), default=search_index.Weights.names)
    key = config_options.Type((int, float), default=search_index.Weights.key)  # a section's key points
    headings = config_options.Type((int, float), default=search_index.Weights.headings)
    text = config_options.Type((int, float), default=search_index.Weights.text)


class SearchConfig(base.Config):
    """Everything about search in one place (mkdocs.yml: plugins › turkic-site › search)."""

    enabled = config_options.Type(bool, default=True)
    min_chars = config_options.Type(int, default=2)  # no search (and no download) for shorter queries
    debounce_ms = config_options.Type(int, default=250)  # search once the reader pauses typing
    results = config_options.Type(int, default=8)  # results whose excerpts are fetched and shown
    # How much a word counts where it stands: in the page's names, in a heading, in the text.
    weights = config_options.SubConfig(WeightsConfig)
    # Pages kept per word (the best-scoring): bounds what one word costs to download on a big site.
    pages_per_word = config_options.Type(int, default=200)
    # An index file bigger than this is split by the next letter: bounds what one typed word downloads.
    node_bytes = config_options.Type(int, default=12_000)
    excerpt_chars = config_options.Type(int, default=5_000)  # text kept per page for result excerpts
    # Parts of a page left out of the index (simple `tag.class` or `.class` selectors).
    exclude = config_options.ListOfItems(config_options.Type(str), default=[])


class TurkicSiteConfig(base.Config):
    root = config_options.Dir(exists=True, default=".")
    search = config_options.SubConfig(SearchConfig)
    # The site's editors, named once; empty: the site's own name, as an organization, is the author.
    editors = config_options.ListOfItems(config_options.SubConfig(EditorConfig), default=[])
    # https://github.com/OWNER/REPO: every page links to the file and line it was generated from.
    repository = config_options.Type(str, default="")


def editors(config: TurkicSiteConfig) -> tuple[Editor, ...]:
    """The editors as the citations name them; an ORCID iD that is not one is refused."""
    for editor in config.editors:
        if editor.orcid and not ORCID.fullmatch(editor.orcid):
            raise PluginError(f"mkdocs.yml: editor '{editor.name}': '{editor.orcid}' is not an ORCID iD "
                              "(0000-0000-0000-0000)")
    return tuple(Editor(e.name, e.orcid) for e in config.editors)


def checked_address(setting: str, value: str, required: bool) -> str:
    """An address a setting gives (site_url, repository): absolute http(s), no quote, space, bracket or control
    character, so it is text wherever a template puts it; else a clear error naming the setting."""
    if not value and not required:
        return value
    parts = urlsplit(value)
    if (parts.scheme not in ("https", "http") or not parts.netloc or re.search(r"""[\s"'<>`\\{}|^]""", value)
            or any(ord(ch) < 32 or ord(ch) == 127 for ch in value)):
        raise PluginError(f"mkdocs.yml: {setting}: {value!r} is not an absolute https:// (or http://) address "
                          "without quotes, spaces or control characters")
    return value


def search_weights(search: SearchConfig) -> search_index.Weights:
    return search_index.Weights(search.weights.names, search.weights.key, search.weights.headings, search.weights.text)
