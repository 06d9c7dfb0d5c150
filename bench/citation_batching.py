"""Benchmark: site build time with and without batched citation formatting.

mkdocs-bibtex runs pandoc once per page; the project's hook formats every
citation of the site in one pandoc run and seeds the plugin's cache.
Usage: python bench/citation_batching.py [--sizes 100 2000] [--entries 200]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import mkdocs_build
from synth import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--entries", type=int, default=200, help="bibliography entries")
    args = parser.parse_args()
    print(f"{'pages':>6} {'entries':>8} {'batched s':>10} {'per-page s':>11} {'speed-up':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            batched, _ = mkdocs_build(generate(Path(tmp) / f"kb{size}", size, entries=args.entries))
            unprimed = generate(Path(tmp) / f"per-page{size}", size, entries=args.entries, primed=False)
            per_page, _ = mkdocs_build(unprimed)
            print(
                f"{size:>6} {args.entries:>8} {batched:>10.1f} {per_page:>11.1f} {per_page / batched:>8.1f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
