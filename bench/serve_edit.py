"""From save to served: how long after an author saves a page the real `mkdocs serve` serves it updated.

Starts `mkdocs serve` on a project, waits for the first build, then edits one page several
times (a new marker word each time, written as an editor saves) and polls over HTTP until every
page that must show the edit does: the page itself and, in this project, the concept page that
lists its excerpt. The figure is the median from the save to the last of those pages updated:
file-watching latency, the rebuild and serving, all included.

Usage: python bench/serve_edit.py PROJECT PAGE.md URL [URL ...] [--edits 5] [--dirty]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
QUOTE_LINE = re.compile(r"^> ", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(urls: list[str], marker: str, timeout: float) -> float:
    """Seconds until every URL's body contains *marker*; raises after *timeout*."""
    start = time.perf_counter()
    pending = list(urls)
    while pending:
        pending = [url for url in pending if marker not in fetch(url)]
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{marker!r} not served at {pending} after {timeout:.0f} s")
        if pending:
            time.sleep(0.01)
    return time.perf_counter() - start


def edit_to_served(
    project: Path,
    page: Path,
    paths: list[str],
    edits: int = 5,
    dirty: bool = False,
    timeout: float = 120,
    tmpdir: str | None = None,
) -> list[float]:
    """Seconds from each save of *page* until every path (below the site root) serves it; the
    server builds into a temporary directory under *tmpdir* (as `make serve` puts it in memory)."""
    port = free_port()
    command = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_SITE_URL": f"http://127.0.0.1:{port}/"}
    if tmpdir:
        env["TMPDIR"] = tmpdir
    original = page.read_text(encoding="utf-8")
    urls = [f"http://127.0.0.1:{port}/{p}" for p in paths]
    # (to a file: a pipe nobody reads would stall the server once full)
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log, start_new_session=True)
        try:
            return _edits(log, page, original, urls, edits, timeout)
        finally:
            page.write_text(original, encoding="utf-8")
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def _letters(n: int) -> str:
    return "".join(chr(ord("a") + int(d)) for d in str(n))


def _edits(log: Any, page: Path, original: str, urls: list[str], edits: int, timeout: float) -> list[float]:
    wait_for(urls[:1], "<html", timeout=600)  # the first build
    times = []
    for i in range(edits):
        marker = "kbmark" + _letters(os.getpid() * 100 + i)  # no digits: with the next word they may read as a postcode
        text = QUOTE_LINE.sub(f"> {marker} ", original, count=1)
        if marker not in text:
            raise ValueError(f"{page} has no block quote line to edit")
        time.sleep(1.0)  # let the server settle, as between an author's saves
        page.write_text(text, encoding="utf-8")
        try:
            times.append(wait_for(urls, marker, timeout))
        except TimeoutError as exc:
            log.seek(0)
            raise TimeoutError(f"{exc}; the server said:\n{log.read().decode()[-3000:]}") from None
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("page", type=Path, help="the Markdown file to edit, relative to the project")
    parser.add_argument("paths", nargs="+", help="site paths that must show the edit, e.g. quotes/x/")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--tmpdir", help="where the server's site goes (make serve: /dev/shm)")
    args = parser.parse_args()
    times = edit_to_served(
        args.project, args.project / args.page, args.paths, args.edits, args.dirty, tmpdir=args.tmpdir
    )
    print(f"edit -> served: median {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
