"""Shared fixtures: the project root, a valid mini project to mutate, and helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.diagnostics import Diagnostic
from kb.model import load
from kb.validate import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid fixture project (passes `kb check` with no diagnostics)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, target)
    return target


def check(root: Path) -> list[Diagnostic]:
    return validate(load(root))


def codes(root: Path) -> list[str]:
    return [d.code for d in check(root)]


TextChange = Callable[[str], str]


def edit(path: Path, change: TextChange) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-5000:]
    return site
