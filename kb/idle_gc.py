"""Full garbage collections while a long-running process is idle, not while someone waits for it.

`mkdocs serve` rebuilds the site in one process: each rebuild leaves the last one's pages to the
collector, whose full collection (0.6 s a rebuild at 5,000 pages, 0.1 s at 1,000) then falls inside
the next rebuild, while the author waits for the page. Between `busy()` and `idle()` full
collections are put off (young objects are still collected); `idle()` runs one after a quiet
moment, in a thread, and gives the collector back its thresholds.
"""

from __future__ import annotations

import gc
import threading

QUIET = 0.5  # seconds after a rebuild before collecting: the browser fetches the page first
PUT_OFF = 1 << 30  # a full collection only after this many younger ones: never, in practice


class IdleCollector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thresholds: tuple[int, int, int] | None = None  # the collector's own, while put off
        self._timer: threading.Timer | None = None

    def busy(self) -> None:
        """Put full collections off (a pending idle collection is cancelled)."""
        with self._lock:
            self._cancel()
            if self._thresholds is None:
                self._thresholds = gc.get_threshold()
                young, middle, _ = self._thresholds
                gc.set_threshold(young, middle, PUT_OFF)

    def idle(self, quiet: float = QUIET) -> None:
        """Collect fully after *quiet* seconds, unless `busy()` comes first."""
        with self._lock:
            if self._thresholds is None:
                return
            self._cancel()
            self._timer = threading.Timer(quiet, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """No collection pending, the collector's thresholds back (the process ends its serving)."""
        with self._lock:
            self._cancel()
            self._restore()

    def _collect(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # cancelled, or replaced, while waiting for the lock
            self._timer = None
            gc.collect()
            self._restore()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _restore(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
