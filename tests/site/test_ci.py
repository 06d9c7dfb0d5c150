"""The checks that run on every commit: the GitHub workflow lints clean, and the pre-commit hook
blocks a commit that breaks the project, in a fresh clone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

ACTIONLINT = Path(sys.executable).parent / "actionlint"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120)


def test_the_workflow_lints_clean():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_can_fail(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    assert actionlint(broken).returncode != 0


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Testperson", "GIT_AUTHOR_EMAIL": "test@example.se"}
    env |= {"GIT_COMMITTER_NAME": "Testperson", "GIT_COMMITTER_EMAIL": "test@example.se"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.build
def test_pre_commit_blocks_a_commit_that_deletes_a_concept_in_a_fresh_clone(tmp_path: Path):
    """The hook checks the whole project: deleting a concept breaks the pages that link to it."""
    clone = tmp_path / "clone"
    assert subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], timeout=300).returncode == 0
    pre_commit = Path(sys.executable).parent / "pre-commit"
    assert subprocess.run([str(pre_commit), "install"], cwd=clone, capture_output=True, timeout=120).returncode == 0
    _git(clone, "rm", "-q", "concepts/handlingsutrymme.md")
    result = _git(clone, "commit", "-m", "Ta bort ett begrepp")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "KB301" in output or "KB403" in output, output[-3000:]  # the pages that still link to it
    assert _git(clone, "log", "--oneline", "-1").stdout.split()[1:] != ["Ta", "bort", "ett", "begrepp"]
    shutil.rmtree(clone / ".venv", ignore_errors=True)
