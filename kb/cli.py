"""The `kb` command: `kb check` validates the knowledge base without building the site."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from kb import diagnostics as diag
from kb.validate import check_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Verktyg för kunskapsbanken om teoretiska begrepp.")
    parser.add_argument("--root", type=Path, default=Path("."), help="projektets rot (standard: .)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="granska källhänvisningar, länkar, front matter och anonymitet")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    check.add_argument("paths", nargs="*", help="visa bara meddelanden för dessa filer (alla läses ändå in)")
    check.add_argument("--no-cache", action="store_true", help="använd inte .cache/kb (allt granskas från början)")

    from kb import authoring  # the `new` commands

    authoring.add_commands(commands)
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args.root, args.format, args.paths, use_cache=not args.no_cache)
        return int(args.run(args))
    except BrokenPipeError:  # `kb check | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 1


def run_check(root: Path, output: str, only: list[str], use_cache: bool = True) -> int:
    started = time.perf_counter()
    if not (root / "bibliography.bib").exists() and not (root / "docs").is_dir():
        print(f"kb: {root.resolve()} is not a knowledge-base project (no bibliography.bib or docs/)", file=sys.stderr)
        return 2
    missing = [p for p in only if not Path(p).exists()]
    if missing:
        print(f"kb check: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    kb, found = check_project(root, use_cache)
    if only:
        wanted = {Path(p).resolve() for p in only}
        found = [d for d in found if (kb.root / d.path).resolve() in wanted]
    if output == "json":
        print(diag.format_json(found))
    else:
        fmt = diag.format_github if output == "github" else diag.format_text
        for d in found:
            print(fmt(d))
        elapsed = time.perf_counter() - started
        pages = len(kb.pages)
        print(
            f"kb check: {pages} pages, {kb.bib.size} sources: {diag.summary(found)} in {elapsed:.2f} s",
            file=sys.stderr,
        )
    return 1 if any(d.is_error for d in found) else 0


if __name__ == "__main__":
    sys.exit(main())
