"""Who publishes the site, which version a reader sees, and where each page's source lives.

Configured once (the plugin's options in mkdocs.yml); the generator, the cite blocks, the theme's
meta tags and the PDF all read it from here.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import __version__

# mike sets this while it builds one version of the site (`mike deploy 0.2 latest`).
MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"
LATEST = "latest"


@dataclass(frozen=True)
class Editor:
    """A person as Zotero reads it ("Family, Given"), with an optional ORCID iD."""

    name: str
    orcid: str | None = None


@dataclass(frozen=True)
class Publication:
    editors: tuple[Editor, ...] = ()  # none: the site itself, as an organization, is the author
    repository: str = ""  # https://github.com/OWNER/REPO: every page links to its source there
    version: str = __version__
    commit: str = ""  # the source commit the site was built from, when known
    version_url: str = ""  # the address of this version (…/0.2/) when mike builds it, else ""

    @property
    def version_label(self) -> str:
        """What a reader calls this release: major.minor (mike's folder name)."""
        return ".".join(self.version.split(".")[:2])

    def source_link(self, path: str, line: int | None = None) -> str:
        """The exact file (and line) of what a page shows, at the commit it was built from."""
        if not self.repository:
            return ""
        ref = self.commit or "main"
        return f"{self.repository.rstrip('/')}/blob/{ref}/{path}" + (f"#L{line}" if line else "")


def source_commit(root: Path) -> str:
    """The commit being built: CI's GITHUB_SHA, else git's HEAD, else unknown (a copy without .git)."""
    sha = os.environ.get("GITHUB_SHA", "")
    if not sha:
        try:
            sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                 timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            sha = ""
    return sha[:12]


def addresses(site_url: str) -> tuple[str, str]:
    """(latest address, this version's address) of a build. mike appends the version to site_url
    (`…/turkic/0.2`); readers and citations get `…/turkic/latest/` and `…/turkic/0.2/`."""
    label = os.environ.get(MIKE_VERSION_VAR, "")
    site_url = site_url.rstrip("/") + "/"
    if not label:
        return site_url, ""
    root = site_url.rstrip("/").removesuffix(label).rstrip("/") + "/"
    return root + LATEST + "/", root + label + "/"
