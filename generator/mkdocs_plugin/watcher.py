"""Saves noticed at once: the preview listens for the system's file notifications.

MkDocs' live server polls: twice a second it walks every watched file, which for a district's
thousands of YAML files takes a good part of a second and shares the interpreter with the rebuild.
Where the system tells of changes (inotify on Linux, ReadDirectoryChangesW on Windows, FSEvents on
macOS) the server's observer is swapped for watchdog's native one before it starts, and the paths
MkDocs watches already are watched again through its own `watch`. Only changes count: inotify also
tells of files opened and read, and the build reads them all, which would start it again and again.
SERVICE_GUIDE_POLLING=1 keeps the polling (a content folder on a network drive may send no
notifications).
"""
from __future__ import annotations

import os
from pathlib import Path

from watchdog.events import FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

INOTIFY_LIMIT = Path("/proc/sys/fs/inotify/max_user_watches")  # one watch a folder, for every program of the user
CHANGES = [FileModifiedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent]


class ChangesObserver(Observer):
    """The system's observer, telling MkDocs of files changed, never of files only read."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)


def listen_natively(server, watched, ours) -> bool:
    """Give the (not yet started) live server a native observer: the paths in `watched` that MkDocs
    watches already (the docs folder, mkdocs.yml, theme folders) move over, and `ours` are watched.
    False when polling stays."""
    watched = list(dict.fromkeys(str(p) for p in watched if p))
    ours = [str(p) for p in ours]
    native = Observer is not PollingObserver and os.environ.get("SERVICE_GUIDE_POLLING", "").strip() != "1" \
        and _within_watch_limit(watched + ours)
    moved = []
    for path in watched if native else ():
        while True:  # as often as MkDocs watches it
            try:
                server.unwatch(path)
            except KeyError:  # not watched (a theme folder without --watch-theme)
                break
            moved.append(path)
    if native:
        server.observer = ChangesObserver()
    for path in moved + ours:
        server.watch(path)
    return native


def _within_watch_limit(paths) -> bool:
    """Whether the folders to watch take at most half of Linux's limit on watches (elsewhere: yes)."""
    try:
        limit = int(INOTIFY_LIMIT.read_text())
    except (OSError, ValueError):
        return True
    folders = sum(1 + sum(len(dirs) for _, dirs, _ in os.walk(p)) for p in paths if os.path.isdir(p))
    return folders <= limit // 2
