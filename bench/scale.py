"""Scaling benchmark: `kb check` and full site builds at 100, 1,000 and 5,000 pages.

Per size: kb check time; a floor (read every file and run one regex over it, in
process); their ratio; `mkdocs build` with the project's hooks and citation
plugin (batched), with the hooks only, and with neither (plain MkDocs + Material);
the citation plugin's marginal cost per page; peak memory.
Usage: python bench/scale.py [--sizes 100 1000 5000] [--entries 2000]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from common import BIN, mkdocs_build, run
from synth import generate

from kb.model import load
from kb.validate import validate

CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")


def floor(project: Path) -> float:
    """Read every page and the bibliography and find citations: the least any check must do."""
    start = time.perf_counter()
    total = 0
    for path in [project / "bibliography.bib", *project.rglob("*.md")]:
        total += len(CITATION.findall(path.read_text(encoding="utf-8")))
    assert total > 0
    return time.perf_counter() - start


def in_process_check(project: Path) -> float:
    """Load + validate, timed inside Python (like the floor): no interpreter start-up."""
    start = time.perf_counter()
    found = validate(load(project))
    elapsed = time.perf_counter() - start
    assert not [d for d in found if d.is_error], found[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument(
        "--unhooked", action="store_true", help="only compare builds with the citation plugin, with and without hooks"
    )
    args = parser.parse_args()
    if args.unhooked:
        return unhooked(args.sizes, args.entries)
    head = (
        f"{'pages':>6} {'cli s':>6} {'check s':>8} {'floor s':>8} {'ratio':>6} {'build s':>8} {'plain s':>8} "
        f"{'hooks +%':>9} {'bib ms/pg':>9} {'peak MB':>8} {'pages out':>9} {'ms/page':>8} {'plain ms/pg':>11}"
    )
    print(head, flush=True)
    builds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(Path(tmp) / f"kb{size}", size, entries=args.entries)
            cli, check_mb = run([str(BIN / "kb"), "check"], project)
            check = min(in_process_check(project) for _ in range(3))
            low = min(floor(project) for _ in range(3))
            build, build_mb = mkdocs_build(project)
            _strip_plugin(project)
            no_bibtex, _ = mkdocs_build(project)  # hooks, but no citation plugin
            plain_project = generate(Path(tmp) / f"plain{size}", size, entries=args.entries, hooks=False)
            _strip_plugin(plain_project)
            plain, _ = mkdocs_build(plain_project)
            builds[size] = build
            ours_pages = _pages(project)
            plain_pages = _pages(plain_project)
            print(
                f"{size:>6} {cli:>6.2f} {check:>8.2f} {low:>8.3f} {check / low:>6.1f} {build:>8.1f} {plain:>8.1f} "
                f"{100 * (build - plain) / plain:>8.0f}% {1000 * (build - no_bibtex) / size:>9.2f} "
                f"{max(check_mb, build_mb):>8.0f} {ours_pages:>9} {1000 * build / ours_pages:>8.1f} "
                f"{1000 * plain / plain_pages:>11.1f}",
                flush=True,
            )
    if 1000 in builds and 5000 in builds:
        print(f"build time 5,000 / 1,000 pages: {builds[5000] / builds[1000]:.2f} (linear is 5.0 by page count)")


def unhooked(sizes: list[int], entries: int) -> None:
    """Same plugins (search + mkdocs-bibtex with the CSL), with and without the project's hooks."""
    print(f"{'pages':>6} {'with hooks s':>13} {'without hooks s':>16} {'ratio':>6}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            hooked, _ = mkdocs_build(generate(Path(tmp) / f"h{size}", size, entries=entries))
            bare, _ = mkdocs_build(generate(Path(tmp) / f"u{size}", size, entries=entries, hooks=False))
            print(f"{size:>6} {hooked:>13.1f} {bare:>16.1f} {hooked / bare:>6.2f}", flush=True)


def _pages(project: Path) -> int:
    """HTML pages the last build wrote (generated source and index pages included)."""
    return sum(1 for _ in (project / "site").rglob("index.html"))


def _strip_plugin(project: Path) -> None:
    """Plain MkDocs + Material: no hooks and no citation plugin."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  - bibtex:\n(?:      .*\n)+", "", text)
    config.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
