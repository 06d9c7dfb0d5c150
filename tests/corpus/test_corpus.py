"""Run the adversarial corpus: `kb check` gives exactly the expected diagnostics at the expected lines,
never an exception; the build agrees (fails naming the same codes, or succeeds on valid input)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cases import CASES, Case
from kb.diagnostics import Diagnostic
from kb.validate import check_project
from support import make_project, mkdocs_build


def build_case(case: Case, target: Path) -> Path:
    project = make_project(target)
    for rel, change in case.files.items():
        path = project / rel
        if isinstance(change, str):
            text = change
        else:
            text = path.read_text(encoding="utf-8")
            for old, new in change if isinstance(change, list) else [change]:
                assert old in text, f"{case.id}: {old!r} is not in {rel}"
                text = text.replace(old, new, 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogateescape")  # "\udcff" is the byte 0xff
    return project


def line_of(project: Path, rel: str, text: str) -> int:
    source = (project / rel).read_bytes().decode("utf-8", "surrogateescape")
    assert text in source, f"{text!r} not in {rel}"
    return source[: source.index(text)].count("\n") + 1


def summary(found: list[Diagnostic]) -> Counter[tuple[str, str]]:
    return Counter((d.code, d.path) for d in found)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_kb_check_gives_exactly_the_expected_diagnostics(case: Case, tmp_path: Path):
    project = build_case(case, tmp_path / "project")
    found = check_project(project, use_cache=False)[1]
    assert summary(found) == Counter((e.code, e.path) for e in case.expect), [
        f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}" for d in found
    ]
    for expect in case.expect:
        if expect.on is not None:
            line = line_of(project, expect.path, expect.on)
            assert any((d.code, d.path, d.line) == (expect.code, expect.path, line) for d in found), (expect, found)
    assert all(d.message and d.line >= 1 and d.column >= 1 for d in found)


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_build_agrees(case: Case, tmp_path: Path):
    project = build_case(case, tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if case.expect:
        assert result.returncode != 0, "the build passed what kb check rejects"
        missing = {e.code for e in case.expect} - {
            code for code in {e.code for e in case.expect} if code in result.stderr
        }
        assert not missing, result.stderr[-3000:]
    else:
        assert result.returncode == 0, result.stderr[-3000:]


def test_the_corpus_covers_every_class():
    kinds = Counter(c.kind for c in CASES)
    assert len(CASES) >= 100 and all(kinds[k] >= 5 for k in kinds), kinds
