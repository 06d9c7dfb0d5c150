"""`kb check` from the command line: formats, exit codes, timing."""

from __future__ import annotations

import json
from pathlib import Path

from support import edit, line_of, run_kb

kb = run_kb


def break_citation(project: Path) -> None:
    edit(
        project / "concepts/handlingsutrymme.md", lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipski2010, s. 13]", 1)
    )


def test_clean_project_exits_zero(project: Path):
    result = kb("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_text_format_lists_file_line_column_code(project: Path):
    break_citation(project)
    result = kb("check", cwd=project)
    assert result.returncode == 1
    line = line_of(project / "concepts/handlingsutrymme.md", "[@lipski2010")
    assert result.stdout.startswith(f"concepts/handlingsutrymme.md:{line}:")
    assert "KB101 error: unknown citation key 'lipski2010'" in result.stdout
    assert "did you mean 'lipsky2010'?" in result.stdout


def test_json_format(project: Path):
    break_citation(project)
    result = kb("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    [row] = json.loads(result.stdout)
    line = line_of(project / "concepts/handlingsutrymme.md", "[@lipski2010")
    assert row["path"] == "concepts/handlingsutrymme.md" and row["line"] == line and row["code"] == "KB101"
    assert row["severity"] == "error" and row["hint"]


def test_github_format(project: Path):
    break_citation(project)
    result = kb("check", "--format", "github", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=concepts/handlingsutrymme.md,line=11,col=")
    assert "title=KB101::KB101 unknown citation key" in result.stdout


def test_warnings_only_exit_zero(project: Path):
    edit(
        project / "bibliography.bib",
        lambda s: s + "\n@misc{oanvand2020,\n  title = {T},\n  year = {2020},\n  author = {A, B}\n}\n",
    )
    result = kb("check", cwd=project)
    assert result.returncode == 0 and "KB205 warning" in result.stdout


def test_paths_filter_reports_only_named_files(project: Path):
    break_citation(project)
    edit(project / "docs/quotes/lundgren2022-01.md", lambda s: s.replace("[[handlingsutrymme]]", "[[nej]]"))
    result = kb("check", "docs/quotes/lundgren2022-01.md", cwd=project)
    assert "KB301" in result.stdout and "KB101" not in result.stdout


def test_not_a_project(tmp_path: Path):
    result = kb("check", cwd=tmp_path)
    assert result.returncode == 2 and "not a knowledge-base project" in result.stderr
