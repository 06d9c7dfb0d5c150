"""A store of values under content-digest keys, packed in append-only files, for results too many
and too large to load all at once (a site's rendered pages, hooks/incremental.py), of which a run
reads only what it needs. kb.cache's ContentCache, by contrast, loads a run's worth at once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import struct
import time
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kb.cache import CACHE_DIR, STALE_SECONDS, enabled


class EntryStore:
    """Values under content-digest keys, packed in append-only files: for results too many and too
    large to load all at once (a site's rendered pages), of which a run reads only what it needs.

    A key must name every input of its value (content-addressed, like ContentCache), so an entry is
    never stale, only unused. Each run appends what it stores to a pack file of its own (one file,
    not one per entry: creating thousands of files costs more than rendering on some file systems);
    a record is a header (key and payload lengths, checksum), the key and the compressed pickle. A
    record is read only whole and with a matching checksum, so a torn or damaged one is a miss, and
    another process's pack is read as far as it is written (`refresh`). `close` keeps what the run
    used: packs holding entries it did not use are merged into its own and removed.
    """

    def __init__(self, path: Path | None, write_behind: bool = True) -> None:
        self.path = path  # None: nothing kept between runs
        self._pending: dict[str, bytes] = {}  # stored, not yet written (pickled)
        self._used: set[str] = set()
        self._index: dict[str, tuple[int, int, int, bytes]] = {}  # key -> (fd, offset, length, checksum)
        self._packs: dict[str, tuple[int, int]] = {}  # pack name -> (fd, bytes read so far)
        self._own: tuple[str, int] | None = None  # this run's pack: name, fd
        self._closed = False
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix=WRITER_THREAD) if write_behind else None
        self._writes: deque[Future[None]] = deque()
        self._first_packs: set[str] = set()
        self._stored: set[str] = set()
        self._opened = time.time()
        if path is not None:
            self.refresh()
            self._first_packs = set(self._packs)

    def refresh(self) -> None:
        """Index what packs written since the last look (by another process too) now hold."""
        if self.path is None:
            return
        try:
            names = [n for n in os.listdir(self.path) if n.endswith(PACK)]
        except OSError:
            return
        own = self._own[0] if self._own else None
        for name in names:
            if name == own:
                continue
            if name not in self._packs:
                try:
                    self._packs[name] = (os.open(self.path / name, os.O_RDONLY), 0)
                except OSError:
                    continue  # removed meanwhile by another run's close
            fd, read = self._packs[name]
            self._packs[name] = (fd, self._scan(fd, read))

    def _scan(self, fd: int, start: int) -> int:
        """Index the whole records from *start* on; where the next one starts (a torn one is left)."""
        size = os.fstat(fd).st_size
        data = os.pread(fd, size - start, start) if size > start else b""
        pos = 0
        while pos + HEADER.size <= len(data):
            key_size, payload_size, check = HEADER.unpack_from(data, pos)
            end = pos + HEADER.size + key_size + payload_size
            if end > len(data):
                break
            key = data[pos + HEADER.size : pos + HEADER.size + key_size].decode("ascii", "replace")
            self._index[key] = (fd, start + pos + HEADER.size, key_size + payload_size, check)
            pos = end
        return start + pos

    def find(self, key: str) -> Any:
        """The value stored under *key*, or None (also for an entry that cannot be read)."""
        load = self.find_later(key)
        return load() if load is not None else None

    def find_later(self, key: str) -> Callable[[], Any] | None:
        """The entry under *key*, read and verified now but decoded when called (None if there is
        none, or it is damaged): for many values held at once, several times smaller compressed."""
        self._used.add(key)
        raw = self._pending.get(key)
        if raw is not None:
            return functools.partial(_decode, raw, compressed=False)
        record = self._read(key)
        if record is None:
            return None
        return functools.partial(_decode, record[len(key) :], compressed=True)

    def _read(self, key: str) -> bytes | None:
        """Key and payload of *key*'s record, verified; None if there is none or it is damaged."""
        found = self._index.get(key)
        if found is None:
            return None
        fd, offset, size, check = found
        try:
            record = os.pread(fd, size, offset)
        except OSError:
            return None
        if len(record) != size or _check(record) != check or record[: len(key)] != key.encode("ascii"):
            return None  # truncated or overwritten: a miss, computed again
        return record

    def store(self, key: str, value: Any) -> None:
        self._used.add(key)
        self._stored.add(key)
        if self.path is None:
            return  # nothing is read back within the run that stores it
        raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self._writer is None:
            self._append(key, raw)
            return
        self._pending[key] = raw  # until written
        self._writes.append(self._writer.submit(self._append, key, raw))
        if len(self._writes) > MAX_PENDING:  # a writer far behind would hold a site's worth in memory
            self._writes.popleft().result()

    def _append(self, key: str, raw: bytes) -> None:
        """Compress one entry and append it to this run's pack (in the writer thread, if any: zlib and
        file I/O release the GIL)."""
        self._append_record(key.encode("ascii") + zlib.compress(raw, 1), len(key))
        self._pending.pop(key, None)

    def _append_record(self, record: bytes, key_size: int) -> None:
        fd = self._own_pack()
        if fd is None:
            return  # a read-only checkout still builds, uncached
        with contextlib.suppress(OSError):
            os.write(fd, HEADER.pack(key_size, len(record) - key_size, _check(record)) + record)

    def _own_pack(self) -> int | None:
        if self._own is None:
            assert self.path is not None
            name = f"{time.time_ns()}-{os.getpid()}{PACK}"
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                self._own = (name, os.open(self.path / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644))
            except OSError:
                self._own = ("", -1)
        return self._own[1] if self._own[1] >= 0 else None

    def close(self, retain_used_only: bool = True) -> None:
        """Wait for the writes; then keep only what this run used: an older pack holding entries it did
        not use has the used ones copied into this run's pack and is removed. Once closed, closing
        again does nothing."""
        if self._closed:
            return
        self._closed = True
        while self._writes:
            self._writes.popleft().result()
        if self._writer is not None:
            self._writer.shutdown()
        if self.path is not None and retain_used_only:
            self._keep_used_only()
        for fd, _ in self._packs.values():
            os.close(fd)
        if self._own and self._own[1] >= 0:
            os.close(self._own[1])
        self._packs.clear()
        self._index.clear()

    def _keep_used_only(self) -> None:
        """Merge the used entries of older packs into this run's, and remove those packs, once a
        quarter of what they hold is unused (or they are many); remove files that are no pack."""
        assert self.path is not None
        old = {self._packs[name][0]: name for name in self._first_packs if self._ended_before(name)}
        in_old = {key: where for key, where in self._index.items() if where[0] in old}
        unused = sum(size for key, (_, _, size, _) in in_old.items() if key not in self._used)
        if unused * 4 > sum(size for _, _, size, _ in in_old.values()) or len(old) > MAX_PACKS:
            for key in in_old.keys() & self._used - self._stored:
                record = self._read(key)
                if record is not None:
                    self._append_record(record, len(key))
            removed = list(old.values())
        else:
            removed = []
        for name in removed + self._strays():
            with contextlib.suppress(OSError):
                os.unlink(self.path / name)

    def _ended_before(self, name: str) -> bool:
        """Whether the pack was last written before this run began (not by a run still going on)."""
        assert self.path is not None
        try:
            return (self.path / name).stat().st_mtime <= self._opened
        except OSError:
            return False

    def _strays(self) -> list[str]:
        """Files that are no pack (an earlier layout's one file per entry), and stale temporaries."""
        assert self.path is not None
        try:
            names = os.listdir(self.path)
        except OSError:
            return []
        stray = []
        for name in names:
            if name.endswith(PACK):
                continue
            with contextlib.suppress(OSError):
                if not name.startswith(".") or time.time() - (self.path / name).stat().st_mtime > STALE_SECONDS:
                    stray.append(name)
        return stray


PACK = ".pack"
MAX_PACKS = 8  # older packs kept before they are merged into one
HEADER = struct.Struct("<HI8s")  # key size, payload size, checksum of key + payload
MAX_PENDING = 64
WRITER_THREAD = "kb-store-writer"


def _check(record: bytes) -> bytes:
    """A checksum of a record, verified when it is found (so a found entry can be decoded later)."""
    return hashlib.blake2b(record, digest_size=8).digest()


def _decode(data: bytes, compressed: bool) -> Any:
    return pickle.loads(zlib.decompress(data) if compressed else data)  # noqa: S301 - our own files in .cache/


def entry_store(root: Path, name: str) -> EntryStore:
    """The persistent entry store *name* of the project at *root* (disabled with KB_CACHE=0)."""
    if not enabled():
        return EntryStore(None)
    return EntryStore(root / CACHE_DIR / name)
