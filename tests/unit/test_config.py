"""A project's [tool.kb] settings switch codes off or change their severity; bad settings are KB002."""

from __future__ import annotations

from pathlib import Path

from kb.validate import check_project
from support import edit


def codes_and_severities(project: Path) -> list[tuple[str, str]]:
    return [(d.code, d.severity.value) for d in check_project(project, use_cache=False)[1]]


def _unused_entry(project: Path) -> None:
    entry = "\n@misc{oanvand2020,\n  title = {T},\n  year = {2020},\n  author = {A, B}\n}\n"
    edit(project / "bibliography.bib", lambda s: s + entry)


def test_without_settings_the_defaults_hold(project: Path):
    _unused_entry(project)
    assert codes_and_severities(project) == [("KB205", "warning")]


def test_ignore_by_code_or_name(project: Path):
    _unused_entry(project)
    (project / "pyproject.toml").write_text('[tool.kb]\nignore = ["KB205"]\n', encoding="utf-8")
    assert codes_and_severities(project) == []
    (project / "pyproject.toml").write_text('[tool.kb]\nignore = ["bibliography.unused-entry"]\n', encoding="utf-8")
    assert codes_and_severities(project) == []


def test_severity_can_be_raised(project: Path):
    _unused_entry(project)
    (project / "pyproject.toml").write_text('[tool.kb]\nseverity = { KB205 = "error" }\n', encoding="utf-8")
    assert codes_and_severities(project) == [("KB205", "error")]


def test_unknown_code_setting_or_severity_is_an_error_naming_the_file(project: Path):
    text = '[project]\nname = "x"\n\n[tool.kb]\nignore = ["KB999"]\nseverity = { KB205 = "loud" }\nstrict = true\n'
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    found = check_project(project, use_cache=False)[1]
    assert [(d.path, d.line, d.code) for d in found] == [("pyproject.toml", 4, "KB002")] * 3
    assert all(d.is_error for d in found)


def test_invalid_toml_is_reported_at_its_line(project: Path):
    (project / "pyproject.toml").write_text('[tool.kb]\nignore = ["KB205"\n', encoding="utf-8")
    [d] = check_project(project, use_cache=False)[1]
    assert (d.path, d.code) == ("pyproject.toml", "KB002") and d.line >= 2
