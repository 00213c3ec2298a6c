"""Under `mkdocs serve`: an edit of the sources is seen when the system reports it, not at MkDocs' next poll.

MkDocs watches by polling: every half second it walks each watched folder again, on the interpreter that also
builds, and an edit waits for the next walk before its rebuild starts. The folders the generator reads are
watched here with the system's own file events (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows; where a system has none, watchdog's Observer polls, as MkDocs does). They still go through
`server.watch`, so MkDocs' own callback starts the rebuild: only the observer that reports the edit differs.
"""

from __future__ import annotations

from pathlib import Path

import watchdog.observers
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from ..pages.inputs import INPUT_FOLDERS

# What an edit does to a file. Not "opened" or "closed without writing": the generator reads these folders on
# every rebuild, and MkDocs rebuilds on any event it is handed, so reading them would start the next rebuild.
EDITS = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
# How long MkDocs waits for the edits to stop before it rebuilds (its own is 0.1 s, beside a half-second poll).
# An event arrives as the file is written, and a save (even as a temporary file renamed over the old) is done
# within milliseconds: 0.05 s still makes one rebuild of one save.
QUIET_SECONDS = 0.05


class _EditObserver(watchdog.observers.Observer):
    def schedule(self, event_handler, path, *, recursive=False, **options):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=EDITS)


def watch_by_events(server, root: Path, docs_dir: str) -> None:
    """Watch the generator's input folders for edits with the system's events, until the process ends, and
    no longer the generated docs_dir (watching it too would cost a second rebuild per edit)."""
    server.unwatch(docs_dir)
    server.build_delay = QUIET_SECONDS
    observer = _EditObserver()
    polling, server.observer = server.observer, observer
    try:
        for folder in INPUT_FOLDERS:
            server.watch(str(root / folder))
    finally:
        server.observer = polling  # MkDocs' own watches (mkdocs.yml, the theme) stay with its poller
    observer.daemon = True  # ends with the process, like MkDocs' own server threads
    observer.start()
