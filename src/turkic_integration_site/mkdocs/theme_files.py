"""The theme as the site's builds read it: templates repaired as they load (theme_repairs), files listed once.

On every build, and again for each other language (mkdocs-static-i18n builds them in turn), MkDocs lists every
file of the theme's folders to find the static ones it copies into the site: for Material some 14,500 names,
nearly all of them SVG icons under `.icons/`, each then matched against a dozen patterns and dropped because a
hidden folder's files are never copied. The folders outside the project (the installed theme) do not change
while a process runs, so their listing is kept; the theme's `custom_dir` (the project's overrides) is listed afresh
on every build. (Not "folders inside the project": `make setup` puts the installed theme in the project's .venv.)
Material's own search is never copied: the site has its own.
"""

from __future__ import annotations

import os

import jinja2

from .theme_repairs import ThemeRepairs

_LISTED: dict[str, list[str]] = {}  # an installed theme folder -> its files, hidden ones left out


class ListedOnce(jinja2.FileSystemLoader):
    """MkDocs' loader over the same folders; only list_templates differs."""

    def __init__(self, searchpath: list[str], overrides: str | None):
        super().__init__(searchpath)
        self.overrides = overrides

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder == self.overrides:
                found.update(_visible_files(folder))
                continue
            if folder not in _LISTED:
                _LISTED[folder] = _visible_files(folder)
            found.update(_LISTED[folder])
        return sorted(found)


def _visible_files(folder: str) -> list[str]:
    """Every file under `folder` as a template name ("assets/x.js"), except names starting with a dot or inside
    a folder whose name does: MkDocs' own filter ('.*', '*/.*') would refuse exactly those."""
    names = []
    for parent, folders, files in os.walk(folder, followlinks=True):
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = os.path.relpath(parent, folder).replace(os.sep, "/")
        names += [name if base == "." else f"{base}/{name}" for name in files if not name.startswith(".")]
    return names


def read_theme_our_way(theme) -> None:
    """Give this build's theme (MkDocs makes a new one with each build's config) environments whose loader lists
    the theme's files once (ListedOnce) and repairs Material's templates as it loads them (theme_repairs)."""
    if getattr(theme.get_env, "ours", False):
        return
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = ThemeRepairs(ListedOnce(env.loader.searchpath, theme.custom_dir))
        return env

    get_env.ours = True
    theme.get_env = get_env  # this Theme object only, as serve_cache does with a Page's render


UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def without_unused(files):
    """The site's files without Material's own search (lunr, its languages and its worker): this site has
    its own search, so they are never copied into site/."""
    for file in [f for f in files if f.src_uri.startswith(UNUSED_THEME_FOLDERS)]:
        files.remove(file)
    return files
