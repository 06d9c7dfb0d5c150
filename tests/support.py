"""Helpers shared by the tests: paths of the project and its fixture, and small operations on a project."""

from __future__ import annotations

import os
import shutil
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


def make_project(target: Path, files: dict[str, str] | None = None) -> Path:
    """A buildable copy of the valid fixture project at *target*, with *files* (path -> text) written over it."""
    shutil.copytree(FIXTURE_SITE, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../", f"{ROOT.as_posix()}/"), encoding="utf-8")
    for rel, text in (files or {}).items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text, encoding="utf-8")
    return target


def run_kb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `kb` command, as an author runs it (no terminal on stdin)."""
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


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
