"""Helpers shared by the tests: paths of the project and its fixture, and small operations on a project."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from kb.diagnostics import Diagnostic
from kb.model import load
from kb.validate import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
QUOTE_FILES = sorted(p.name for p in (ROOT / "docs" / "quotes").glob("*-*.md"))


def check(root: Path) -> list[Diagnostic]:
    return validate(load(root))


def codes(root: Path) -> list[str]:
    return [d.code for d in check(root)]


TextChange = Callable[[str], str]


def edit(path: Path, change: TextChange) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first occurrence of *needle* in the file (expected lines come from the text)."""
    text = path.read_text(encoding="utf-8")
    assert needle in text, f"{needle!r} not in {path}"
    return text[: text.index(needle)].count("\n") + 1


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
