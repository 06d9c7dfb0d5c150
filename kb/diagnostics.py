"""Diagnostics: what the validator reports, and how it is printed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum

GUIDE_PAGE = "docs/guide/felkoder.md"  # explains every code under an anchor like #kb101


def explain(code: str) -> str:
    """Where the authors' guide explains *code*."""
    return f"{GUIDE_PAGE}#{code.lower()}"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based
    column: int  # 1-based
    code: str  # e.g. "KB101"
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, column, code, Severity.ERROR, message, hint)


def warning(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, column, code, Severity.WARNING, message, hint)


def format_text(d: Diagnostic) -> str:
    text = f"{d.path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}"
    if d.hint:
        text += f"\n    hint: {d.hint}"
    return text + f"\n    see: {explain(d.code)}"


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command: an annotation on the file and line."""
    kind = "error" if d.is_error else "warning"
    message = f"{d.code} {d.message}" + (f" — {d.hint}" if d.hint else "") + f" (see {explain(d.code)})"
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = d.path.replace(",", "%2C").replace(":", "%3A")
    return f"::{kind} file={path},line={d.line},col={d.column},title={d.code}::{message}"


def format_json(diagnostics: list[Diagnostic]) -> str:
    rows = [{**asdict(d), "severity": d.severity.value} for d in diagnostics]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error(s), {warnings} warning(s)"
