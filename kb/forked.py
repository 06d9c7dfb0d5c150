"""Work done beside the build, in a forked copy of the process, on another core.

A build renders its pages one after the other on one core. A helper forked from it has the
same pages, configuration and plugins in memory at no cost (copy-on-write), renders every
other page and leaves its results in the content-addressed store (kb.cache.EntryStore), where
the build finds them as it finds any stored page. Besides that, only a counter passes between
the two (how many of its items the helper has finished), so the build knows whether to wait
for an item or do it itself. A helper that fails, hangs or falls behind only leaves the build
more to do itself: the result is the same bytes either way.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from kb.cache import WRITER_THREAD

T = TypeVar("T")
PATIENCE = 10.0  # seconds to wait for one item before the helper is given up (stopped)
POLL = 0.0005


def shares(items: Sequence[T], helper_part: float = 0.5) -> tuple[list[T], list[T]]:
    """(the build's items, the helper's): spread through *items*, the first always the build's,
    so both get a like mix of long and short pages and the helper stays ahead of the build."""
    own: list[T] = []
    helper: list[T] = []
    for i, item in enumerate(items):
        (helper if int((i + 1) * helper_part) > int(i * helper_part) else own).append(item)
    return own, helper


class Helper(Generic[T]):
    """A forked process doing `each(item)` for each of *items* in order, after `setup()` and before
    `finish()`; `started` is False where no helper can run (see `can_fork`)."""

    def __init__(
        self, items: Sequence[T], each: Callable[[T], None], setup: Callable[[], None], finish: Callable[[], None]
    ) -> None:
        self._done = mmap.mmap(-1, 8)  # shared: how many items the helper has finished
        self.pid: int | None = None
        if not can_fork():
            return
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid:
            self.pid = pid
            return
        code = 1
        try:
            silent = os.open(os.devnull, os.O_WRONLY)  # the build reports on every page itself, once
            os.dup2(silent, 1)
            os.dup2(silent, 2)
            setup()
            for n, item in enumerate(items, 1):
                with contextlib.suppress(Exception):  # the build does this item itself, and reports why it fails
                    each(item)
                self._done[:] = struct.pack("q", n)
            finish()
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the build's buffers

    @property
    def started(self) -> bool:
        return self.pid is not None

    def done(self) -> int:
        return struct.unpack("q", self._done[:])[0]

    def wait_for(self, index: int) -> bool:
        """Wait until the helper has finished item *index* (True), has ended or is given up (False)."""
        since = time.monotonic()
        while self.pid is not None and self.done() <= index:
            if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                self.pid = None  # ended (and reaped)
            elif time.monotonic() - since > PATIENCE:
                self.stop()
            else:
                time.sleep(POLL)
        return self.done() > index

    def join(self) -> None:
        """Wait for the helper to finish its items."""
        if self.pid is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def stop(self) -> None:
        """End the helper now (its work is no longer wanted)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, 9)
            self.join()


def can_fork() -> bool:
    """A fork is possible and useful: two cores or more, and no thread running but this one and the
    store's own writer (a fork copies only the calling thread; the helper never uses the writer)."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or os.environ.get("KB_HELPER") == "0":
        return False
    return all(t is threading.main_thread() or t.name.startswith(WRITER_THREAD) for t in threading.enumerate())
