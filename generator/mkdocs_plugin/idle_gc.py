"""A preview's small rounds run without Python's cycle collector; it runs once the round is served.

At 5,000 services a preview holds millions of objects, and every round makes enough new ones (MkDocs
makes every page's File and the navigation again; the search index is read and written whole) that
a full collection, scanning all of them for 0.4–0.7 s, ran in almost every round: a sixth of a
rename's wait. So a round that rewrites few pages runs with the collector off, and a moment after
it ends, while the editor looks at the page, one full collection frees what it left and turns the
collector on again (a save in that moment waits for it, as it would have inside its round). A round
that rewrites many pages (a template, an office) keeps the collector on: it makes too much garbage
to hold until its end.
"""
from __future__ import annotations

import gc
import threading

FEW_PAGES = 500   # a round that rewrites more runs with the collector on
IDLE_DELAY = 0.3  # seconds after a round: the browser has reloaded the page, the editor not yet saved again


class IdleCollection:
    def __init__(self):
        self._lock = threading.Lock()
        self._building = False
        self._timer: threading.Timer | None = None

    def round_starts(self) -> None:
        with self._lock:
            self._building = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        gc.disable()

    def round_rewrites(self, pages: int) -> None:
        if pages > FEW_PAGES:
            gc.enable()

    def round_ends(self) -> None:
        # The collector stays off until the collection: turned on here, it would collect the
        # round's young objects at once, before the page is served.
        with self._lock:
            self._building = False
            self._timer = threading.Timer(IDLE_DELAY, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def _collect(self) -> None:
        with self._lock:  # a round that starts meanwhile waits: it would wait for the interpreter anyway
            if self._building:
                return  # the next round began; its own end schedules the collection
            self._timer = None
            gc.collect()
            gc.enable()
