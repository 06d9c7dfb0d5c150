"""Shared fixtures: the project root, a valid mini project to mutate, and helpers."""

from __future__ import annotations

import shutil
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


Edit = Callable[[str], str]


def edit(path: Path, change: Edit) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
