"""The author's edit loop: seconds from saving a quote until `mkdocs serve` serves every page it
changes (the quote and the concept page listing its excerpt), through the real `mkdocs serve`.

Rows: the real site (a copy of this checkout), then synthetic projects (bench/synth.py) of the
given sizes, each beside plain MkDocs + Material serving the same Markdown without the project's
hooks and citation plugin, fully (`mkdocs serve`) and `--dirty` (which MkDocs documents as
inaccurate). The project is served as `make serve` serves it: `--dirty`, which its hook makes
write what a clean build writes (hooks/incremental.py). Every server builds where `make serve`
puts the site (memory, /dev/shm, where there is one); "disk" is the project served from a disk
directory.
Medians of --edits saves; ratios are project / plain.
Usage: python bench/edit_loop.py [--sizes 100 1000 5000] [--entries 2000] [--edits 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from scale import _strip_plugin
from serve_edit import edit_to_served
from synth import generate

ROOT = Path(__file__).resolve().parent.parent
REAL_QUOTE = "docs/quotes/backman2021-02.md"
CONCEPTS = re.compile(r"^concepts: \[([^,\]]+)", re.MULTILINE)


MEMORY = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None  # as make serve


def _median(project: Path, page: str, paths: list[str], edits: int, dirty: bool = False, disk: bool = False) -> float:
    tmpdir = tempfile.gettempdir() if disk else MEMORY
    return statistics.median(edit_to_served(project, project / page, paths, edits, dirty, tmpdir=tmpdir))


def _checkout_copy(target: Path) -> Path:
    """This checkout's files as git sees them (tracked and new, not ignored), without caches."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def _affected(project: Path, quote: str) -> list[str]:
    concept = CONCEPTS.search((project / quote).read_text(encoding="utf-8"))
    assert concept, quote
    return [quote.removeprefix("docs/").removesuffix(".md") + "/", f"concepts/{concept[1].strip()}/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print(f"site served from {MEMORY or tempfile.gettempdir()}")
    print(
        f"{'site':>10} {'project s':>9} {'disk s':>6} {'plain s':>8} {'x plain':>7} {'plain --dirty s':>15} "
        f"{'x dirty':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        real = _checkout_copy(Path(tmp) / "real")
        affected = _affected(real, REAL_QUOTE)
        served = _median(real, REAL_QUOTE, affected, args.edits, dirty=True)  # as make serve runs it
        on_disk = _median(real, REAL_QUOTE, affected, args.edits, dirty=True, disk=True)
        print(f"{'real site':>10} {served:>9.2f} {on_disk:>6.2f}", flush=True)
        for size in args.sizes:
            quote = "docs/quotes/studie2022-0001.md"
            project = generate(Path(tmp) / f"kb{size}", size, entries=args.entries)
            served = _median(project, quote, _affected(project, quote), args.edits, dirty=True)
            on_disk = _median(project, quote, _affected(project, quote), args.edits, dirty=True, disk=True)
            plain = generate(Path(tmp) / f"plain{size}", size, entries=args.entries, hooks=False)
            _strip_plugin(plain)
            plain_path = [quote.removeprefix("docs/").removesuffix(".md") + "/"]
            full = _median(plain, quote, plain_path, args.edits)
            dirty = _median(plain, quote, plain_path, args.edits, dirty=True)
            print(
                f"{size:>10} {served:>9.2f} {on_disk:>6.2f} {full:>8.2f} {served / full:>7.2f} {dirty:>15.2f} "
                f"{served / dirty:>7.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
