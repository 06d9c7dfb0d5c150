"""Scaling benchmark: `kb check` and full site builds at 100, 1,000 and 5,000 pages.

Per size:
- kb check, in process: cold (no cache) and warm (.cache/kb filled, nothing changed);
  a floor (read every file and run one regex over it) and the ratios to it;
- mkdocs build (hooks + mkdocs-bibtex + search + tags) cold and warm (.cache/kb kept: pages
  whose inputs did not change come from hooks/incremental.py's store), the time the
  project's hooks themselves take in each (measured per event by bench/timed_build.py)
  and what that adds to the rest of the build; a plain MkDocs + Material build of
  the same pages (no hooks, no citation plugin) and the ratios to it ("x cold", "x warm"); peak memory;
- plain MkDocs + Material building the same output pages as the project ("same out": every page's
  final Markdown from kb.site.build, generated pages included, written to files; citations left
  as written) and the cold build's ratio to it ("x same"): what the project's own machinery costs,
  apart from the pages it adds.
Usage: python bench/scale.py [--sizes 100 1000 5000] [--entries 2000] [--unhooked]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import mkdocs_build, run
from synth import STYLE, generate

from kb import site
from kb.model import load
from kb.validate import check_project

CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
TIMED_BUILD = Path(__file__).with_name("timed_build.py")
HOOKS = ("kb_site.py", "incremental.py")  # the project's hooks, as mkdocs.yml names them


def floor(project: Path) -> float:
    """Read every page and the bibliography and find citations: the least any check must do."""
    start = time.perf_counter()
    total = 0
    for path in [project / "bibliography.bib", *project.rglob("*.md")]:
        total += len(CITATION.findall(path.read_text(encoding="utf-8")))
    assert total > 0
    return time.perf_counter() - start


def in_process_check(project: Path, cached: bool) -> float:
    """Load + validate (+ cache save) as `kb check` does, timed inside Python like the floor."""
    start = time.perf_counter()
    _, found = check_project(project, use_cache=cached)
    elapsed = time.perf_counter() - start
    assert not [d for d in found if d.is_error], found[:3]
    return elapsed


def timed_build(project: Path) -> tuple[float, float, float]:
    """(build seconds, seconds inside the project's hooks, peak MB) of one `mkdocs build`."""
    report = project / "timings.json"
    command = [sys.executable, str(TIMED_BUILD), str(report), "--quiet", "--site-dir", str(project / "site")]
    _, peak = run(command, project)
    spent = json.loads(report.read_text(encoding="utf-8"))
    return spent["total"], sum(s for name, s in spent.items() if name.endswith(HOOKS)), peak


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
    print(
        f"{'pages':>6} {'check cold':>10} {'warm':>6} {'floor':>6} {'x cold':>6} {'x warm':>6} "
        f"{'build cold':>10} {'hooks':>6} {'+%':>5} {'build warm':>10} {'hooks':>6} {'+%':>5} "
        f"{'plain':>6} {'x cold':>6} {'x warm':>6} {'same out':>8} {'x same':>6} {'out pages':>9} {'ms/page':>7} "
        f"{'peak MB':>7}",
        flush=True,
    )
    builds: dict[int, tuple[float, float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(Path(tmp) / f"kb{size}", size, entries=args.entries)
            cold = min(in_process_check(project, cached=False) for _ in range(3))
            in_process_check(project, cached=True)  # fills the cache
            warm = min(in_process_check(project, cached=True) for _ in range(3))
            low = min(floor(project) for _ in range(3))
            shutil.rmtree(project / ".cache")
            build_cold, hooks_cold, peak = timed_build(project)
            build_warm, hooks_warm, peak_warm = timed_build(project)
            plain_project = generate(Path(tmp) / f"plain{size}", size, entries=args.entries, hooks=False)
            _strip_plugin(plain_project)
            plain, _ = mkdocs_build(plain_project)
            same, _ = mkdocs_build(same_output(project, Path(tmp) / f"same{size}"))
            pages = _pages(project)
            builds[size] = (build_cold, build_warm, pages)
            print(
                f"{size:>6} {cold:>10.2f} {warm:>6.2f} {low:>6.3f} {cold / low:>6.1f} {warm / low:>6.1f} "
                f"{build_cold:>10.1f} {hooks_cold:>6.1f} {_added(build_cold, hooks_cold):>4.0f}% "
                f"{build_warm:>10.1f} {hooks_warm:>6.1f} {_added(build_warm, hooks_warm):>4.0f}% "
                f"{plain:>6.1f} {build_cold / plain:>6.1f} {build_warm / plain:>6.1f} {same:>8.1f} "
                f"{build_cold / same:>6.2f} {pages:>9} "
                f"{1000 * build_cold / pages:>7.1f} {max(peak, peak_warm):>7.0f}",
                flush=True,
            )
    if 1000 in builds and 5000 in builds:
        (c1, w1, p1), (c5, w5, p5) = builds[1000], builds[5000]
        print(
            f"5,000 / 1,000 pages: build cold {c5 / c1:.2f}x, warm {w5 / w1:.2f}x "
            f"(output pages {p5 / p1:.2f}x; linear in input pages is 5.0x)"
        )


def _added(total: float, hooks: float) -> float:
    """What the hooks' own time adds to the rest of the build, in percent."""
    return 100 * hooks / (total - hooks)


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


def same_output(project: Path, target: Path) -> Path:
    """A plain project (no hooks, no citation plugin, the same theme and extensions) whose pages are
    the final Markdown the project's build hands MkDocs: its authored pages enriched, and the
    pages it generates."""
    output = site.build(load(project), STYLE)
    for rel, content in [*output.pages.items(), *output.generated.items()]:
        path = target / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    shutil.copy(project / "mkdocs.yml", target / "mkdocs.yml")
    _strip_plugin(target)
    return target


def _strip_plugin(project: Path) -> None:
    """Plain MkDocs + Material: no hooks and no citation plugin."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  - bibtex:\n(?:      .*\n)+", "", text)
    text = re.sub(r"hooks:\n(?:  - .*\n)+", "", text)
    config.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
