"""Work done beside the build, in a forked copy of the process, on another core.

A build renders its pages one after the other on one core. A helper forked from it has the
same pages, configuration and plugins in memory at no cost (copy-on-write). The two work
through the same list from both ends: the build from the first item on, the helper from the
last one back, until they meet, so neither waits for the other and each does as much as its
speed allows. The helper leaves its results in the content-addressed store
(kb.entry_store), where the build finds them as it finds any stored page; besides that,
only two numbers pass between them (where the build is, where the helper has got to). A helper
that fails or falls behind only leaves the build more to do itself: the result is the same
bytes either way.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from kb.entry_store import WRITER_THREAD

T = TypeVar("T")


class Helper(Generic[T]):
    """A forked process doing `each(item)` for *items* from the last one back, after `setup()`, until
    it reaches what the build has done; `started` is False where no helper can run (see `can_fork`)."""

    def __init__(self, items: Sequence[T], each: Callable[[T], None], setup: Callable[[], None]) -> None:
        # Shared with the helper: the item the build is at, the first item the helper has done, and
        # how many items failed in the helper.
        self._shared = mmap.mmap(-1, 24)
        self._set(build_at=-1, helper_from=len(items))
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
            for i in range(len(items) - 1, -1, -1):
                if self._build_at() >= i:
                    break  # the build has done the rest
                try:
                    each(items[i])
                except Exception:  # the build does this item itself, and reports why it fails
                    self._set(failed=self.failed + 1)
                self._set(helper_from=i)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing of the build's buffers

    @property
    def started(self) -> bool:
        return self.pid is not None

    @property
    def failed(self) -> int:
        """How many items failed in the helper so far (a helper that cannot do its work only costs
        time, so this is the one sign of it)."""
        return struct.unpack_from("q", self._shared, 16)[0]

    def done(self, index: int) -> bool:
        """The build is at item *index*: True if the helper has done it (its result is stored, unless
        doing it failed); else False, and the item is the build's to do, the helper stops short of it.
        The build looks the result up in the store either way, so a wrong answer costs time only."""
        if self._helper_from() <= index:
            return True
        self._set(build_at=index)
        return self._helper_from() <= index  # it may have finished the item just now

    def end(self) -> None:
        """End the helper (at the end of the build it has nothing left to do: what it was doing would
        be unused, and a record it was writing is left torn, which a later read skips)."""
        if self.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, 9)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None

    def _build_at(self) -> int:
        return struct.unpack_from("q", self._shared, 0)[0]

    def _helper_from(self) -> int:
        return struct.unpack_from("q", self._shared, 8)[0]

    def _set(self, build_at: int | None = None, helper_from: int | None = None, failed: int | None = None) -> None:
        for offset, value in ((0, build_at), (8, helper_from), (16, failed)):
            if value is not None:
                struct.pack_into("q", self._shared, offset, value)


def can_fork() -> bool:
    """A helper can run here now: fork is possible and useful, and no thread runs but this one and the
    store's own writer (a fork copies only the calling thread; the helper never uses the writer)."""
    return fork_possible() and all(_safe_to_fork_beside(t) for t in threading.enumerate())


def fork_possible() -> bool:
    """This system has fork and two cores or more, and helpers are not turned off (KB_HELPER=0)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 and os.environ.get("KB_HELPER") != "0"


def _safe_to_fork_beside(thread: threading.Thread) -> bool:
    return thread is threading.main_thread() or thread.name.startswith(WRITER_THREAD)
