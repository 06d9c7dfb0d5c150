"""A persistent cache for per-file work that depends only on the file's content.

`kb check` spends most of its time on work that is a pure function of one
file: parsing YAML front matter and the bibliography, scanning for citations,
links and personal data. `ContentCache` keeps those results between runs in
`.cache/kb/`, keyed by a hash of the inputs and of the `kb` package's own
code (so a new or changed check never sees stale results). Results that also
depend on other files (a page's unknown keys and broken links) carry those
inputs in their key too (see kb.validate). Entries not used in a run are
dropped when the cache is saved, unless they belong to a file that still
exists unchanged (`keep`), so the cache never grows beyond one site's worth.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
CACHE_DIR = Path(".cache") / "kb"


# The libraries whose results the cache keeps (parsed YAML and BibTeX, phone and ID number checks).
DEPENDENCIES = ("bibtexparser", "PyYAML", "phonenumbers", "python-stdnum")


@cache
def code_version() -> str:
    """A hash of every file of the kb package and of its parsers' versions: a change to either
    invalidates the cache (pandoc's version is in the keys of what pandoc formats, kb.citeproc)."""
    digest = hashlib.blake2b(digest_size=16)
    package = resources.files("kb")
    for path in sorted(Path(str(package)).rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt"}:
            digest.update(path.relative_to(str(package)).as_posix().encode())
            digest.update(path.read_bytes())
    for name in DEPENDENCIES:
        digest.update(f"{name}=={_version(name)}".encode())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


class ContentCache:
    """Memoise `compute()` under (namespace, key); keys are content digests (see `digest`).

    Each namespace is stored as its own pickle inside the file and unpickled when first asked
    for: a run that finds every page's result needs neither their links nor their scans.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # None: in memory only (tests, one-off runs)
        self._stored: dict[str, tuple[tuple[str, ...], bytes]] = self._read() if path else {}  # not yet loaded
        self._old: dict[tuple[str, str], Any] = {}  # entries of the namespaces loaded
        self._new: dict[tuple[str, str], Any] = {}
        self._live: set[str] = set()
        self.hits = self.misses = 0

    def get(self, namespace: str, key: str, compute: Callable[[], T]) -> T:
        """The cached result for (*namespace*, *key*), else `compute()`; *key* must name all inputs."""
        value = self.find(namespace, key)
        if value is None:
            value = compute()
            self.store(namespace, key, value)
        return value

    def find(self, namespace: str, key: str) -> Any:
        """The cached value, or None (so never cache None); for batch work that `store`s its results."""
        slot = (namespace, key)
        if slot in self._new:
            return self._new[slot]
        if namespace in self._stored:
            self._load(namespace)
        if slot in self._old:
            self.hits += 1
            self._new[slot] = self._old[slot]
            return self._new[slot]
        return None

    def store(self, namespace: str, key: str, value: Any) -> None:
        self.misses += 1
        self._new[(namespace, key)] = value

    def keep(self, content_digest: str) -> None:
        """Keep the entries of a file with this digest (keys starting "<digest>:") on save."""
        self._live.add(content_digest)

    def save(self) -> None:
        """Write this run's entries, and those of files still present, atomically.

        Nothing is written when nothing changed; a cache that cannot be written is skipped.
        """
        if self.path is None:
            return
        if self.misses == 0 and not self._drops():
            return  # nothing new, nothing dropped
        for namespace in list(self._stored):
            self._load(namespace)
        kept = {slot: v for slot, v in self._old.items() if slot in self._new or self._is_live(slot[1])}
        namespaces: dict[str, dict[str, Any]] = {}
        for (namespace, key), value in (kept | self._new).items():
            namespaces.setdefault(namespace, {})[key] = value
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(self.path)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.stem}-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                stored = {ns: (tuple(entries), _pickled(entries)) for ns, entries in namespaces.items()}
                pickle.dump((code_version(), stored), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            tmp = None
        except OSError:
            pass  # a read-only checkout still gets a correct, uncached check
        finally:
            if tmp:
                os.unlink(tmp)

    def _drops(self) -> bool:
        """Whether saving now would drop an entry: one neither used in this run nor of a file still present."""
        if any(slot not in self._new and not self._is_live(slot[1]) for slot in self._old):
            return True
        return any(not self._is_live(key) for keys, _ in self._stored.values() for key in keys)

    def _is_live(self, key: str) -> bool:
        return key.split(":", 1)[0] in self._live

    def _load(self, namespace: str) -> None:
        taken = self._stored.pop(namespace, None)
        if taken is None:
            return  # another thread took it first (its entries are then found, or computed again)
        _, raw = taken
        try:
            with paused_gc():
                entries = pickle.loads(raw)  # noqa: S301 - our own file in the project's .cache/
        except Exception:  # damaged: its entries are computed again
            return
        if isinstance(entries, dict):
            self._old.update(((namespace, key), value) for key, value in entries.items())

    def _read(self) -> dict[str, tuple[tuple[str, ...], bytes]]:
        assert self.path is not None
        try:
            with self.path.open("rb") as f:
                version, stored = pickle.load(f)  # noqa: S301 - our own file in the project's .cache/
        except Exception:  # missing, damaged, truncated, or claiming a huge length (MemoryError): start afresh
            return {}
        return stored if version == code_version() and isinstance(stored, dict) else {}


def _pickled(entries: dict[str, Any]) -> bytes:
    return pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)


STALE_SECONDS = 600  # a temporary file this old was left by a check that was killed


def _remove_stale_temporaries(path: Path) -> None:
    for tmp in path.parent.glob(f".{path.stem}-*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE_SECONDS:
                tmp.unlink()
        except OSError:
            pass  # another process took care of it


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause cyclic GC while building many objects that all live on (unpickling, loading a site).

    Its passes would find nothing to free and, with a large heap, cost more the more is loaded.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def digest(data: bytes | str) -> str:
    """A short content hash, for cache keys."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def enabled() -> bool:
    """Whether results are kept between runs (KB_CACHE=0 turns every cache of the project off)."""
    return os.environ.get("KB_CACHE", "1") != "0"


def for_project(root: Path, name: str = "check") -> ContentCache:
    """The persistent cache *name* of the project at *root* (disabled with KB_CACHE=0)."""
    if not enabled():
        return ContentCache()
    return ContentCache(root / CACHE_DIR / f"{name}.pickle")
