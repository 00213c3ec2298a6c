"""The generator run from MkDocs: docs/ written again only when an input changed, and only the files that did."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ..common.errors import ContentError
from ..common.publication import Publication
from ..pages.build import (CONTENT_FOLDERS, Reuse, build_date_from_env, folders_digest, input_fingerprint,
                           render_files, write_tree)
from .serve_cache import pages_digest


class Generation:
    def __init__(self, serving: bool):
        self.reuse = Reuse() if serving else None  # under `mkdocs serve`: the generator's pages, kept
        self._last_inputs: str | None = None
        self.pages_digest = ""  # the generated files and their titles (serve_cache.site_signature)

    def run(self, root: Path, docs_dir: Path, latest_url: str, publication: Publication) -> int | None:
        """Regenerate docs/ if an input changed (or docs/ is gone); the number of files written, else None."""
        content = folders_digest(root, CONTENT_FOLDERS)  # taken once: the fingerprint and the loaded site's key
        inputs = input_fingerprint(root, latest_url, publication, content)
        if inputs == self._last_inputs and docs_dir.exists():
            return None
        try:
            files = render_files(root, latest_url, build_date_from_env(), self.reuse, publication, content)
        except ContentError as err:
            raise PluginError(f"content has {len(err.problems)} problem(s):\n{err}") from None
        self._last_inputs, self.pages_digest = inputs, pages_digest(files)
        return write_tree(files, docs_dir)
