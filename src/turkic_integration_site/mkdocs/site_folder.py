"""Under `mkdocs serve`: each rebuild writes over the site folder instead of emptying it first.

MkDocs empties the site folder before every build and then writes every file again. For this site that is
about 500 new folders and files per rebuild: 0.25 s to create them and 0.12 s to delete them on this
machine's disk, where writing over the same files costs 0.05 s. Here the emptying marks every file instead
(its modification time set to the epoch, which no write leaves behind), and once every language is built,
the files still marked, which this build did not write, are deleted. The folder ends as a clean build
leaves it. Every page is still built (or reused by serve_cache), so this is not MkDocs' dirty mode: only
the deleting moves. mkdocs-static-i18n replaces the same function during the other languages' builds and
puts back the one it found. A folder left to another writer (the search index, swapped in whole by its own
process, which may still be at work when the next rebuild sweeps) is neither marked nor swept.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs import utils

UNWRITTEN = 0  # the mark: a modification time (ns) that writing a file never gives it


class KeptSiteFolder:
    def __init__(self):
        self._root: Path | None = None  # until `mkdocs serve` has built once (a whole build empties as MkDocs does)
        self._emptying = utils.clean_directory  # MkDocs' own, for any other folder
        self._marked = False  # the whole site folder, this build
        self._left: tuple[str, ...] = ()  # folders in it that another writer replaces whole

    def keep(self, site_dir: str, leave: tuple[str, ...] = ()) -> None:
        """From now on, `site_dir` (and the folders in it) are marked, not emptied, before a build; the
        folders named in `leave` are left as they are."""
        self._root, self._left = Path(site_dir).resolve(), leave
        utils.clean_directory = self._mark

    def _mark(self, directory: str) -> None:
        folder = Path(directory).resolve()
        if self._root is None or not folder.is_relative_to(self._root):
            return self._emptying(directory)
        if self._marked and folder != self._root:  # another language's folder, marked with the site folder
            return
        for path in _files(str(folder), self._left if folder == self._root else ()):
            os.utime(path, ns=(UNWRITTEN, UNWRITTEN))
        self._marked = self._marked or folder == self._root  # each build starts by marking the whole folder

    def sweep(self) -> None:
        """Delete what the build did not write again, and the folders left empty."""
        if self._root is None:
            return
        self._marked = False
        for path in _files(str(self._root), self._left):
            if os.stat(path).st_mtime_ns == UNWRITTEN:
                os.unlink(path)
        for entry in os.scandir(self._root):
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".") and entry.name not in self._left:
                for top, _, _ in os.walk(entry.path, topdown=False):
                    if not os.listdir(top):
                        os.rmdir(top)


def _files(folder: str, left: tuple[str, ...]) -> list[str]:
    """Every file under the folder except its hidden entries, which MkDocs does not empty either, and the
    entries named in `left`."""
    found = []
    for entry in os.scandir(folder) if os.path.isdir(folder) else ():
        if entry.name.startswith(".") or entry.name in left:
            continue
        if entry.is_dir(follow_symlinks=False):
            found += [os.path.join(top, name) for top, _, names in os.walk(entry.path) for name in names]
        else:
            found.append(entry.path)
    return found
