"""The files a build wrote, as a later build into the same folder finds them (`mkdocs serve`).

A page whose output would be the same bytes need not be written again, if its file is still the
one written: its size, modification time and inode say so (a write or a replacement changes them).
A file the last build wrote and this one does not is stale: it is removed, with the folders it
leaves empty, so the folder ends as a clean build leaves it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

Signature = tuple[int, int, int]  # size, modification time (ns), inode


def signature(path: str) -> Signature | None:
    """What identifies the file at *path* as written (None: there is no file)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def remove_stale(root: str, paths: Iterable[str]) -> None:
    """Remove the files *paths* (inside *root*) and every folder that is empty after it."""
    top = Path(root).resolve()
    for path in paths:
        file = Path(path).resolve()
        if top not in file.parents:
            continue  # written outside the site folder: not this build's to remove
        file.unlink(missing_ok=True)
        for folder in file.parents:
            if folder == top:
                break
            try:
                folder.rmdir()  # only if empty
            except OSError:
                break
