"""Helpers for the benchmarks: run a command, measure wall time and peak memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run *cmd*; return (seconds, peak resident MB of this child). Raises on failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    # Run through a fresh Python so ru_maxrss is the child's own peak.
    wrapped = [sys.executable, "-c", _MEASURE, *cmd]
    result = subprocess.run(
        wrapped, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    peak_kb = int(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else before
    return seconds, peak_kb / 1024


_MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def mkdocs_build(project: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    return run([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(project / "site")], project, env)
