"""Diagnostics: the one table of codes, what the checks report, and how it is printed.

Every code has a short name, a default severity and a one-line summary in CODES; a check
reports with `diagnostic(...)` and the severity comes from the table (a project may change
it or switch a code off in pyproject.toml, see kb.config). The authors' guide explains each
code under an anchor like #kb101, and a test holds the guide against this table.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum

GUIDE_PAGE = "docs/guide/felkoder.md"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str  # "KB101"
    name: str  # "citation.unknown-key"
    severity: Severity  # the default
    summary: str


ERROR, WARNING = Severity.ERROR, Severity.WARNING
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("KB001", "file.unreadable", ERROR, "a page or its front matter cannot be read"),
        Code("KB002", "config.invalid", ERROR, "the [tool.kb] settings in pyproject.toml are invalid"),
        Code("KB003", "file.same-site-path", ERROR, "two files would be the same page of the site"),
        Code("KB101", "citation.unknown-key", ERROR, "a citation names a key that is not in the bibliography"),
        Code("KB102", "citation.malformed", ERROR, "a citation or its page locator is malformed"),
        Code("KB103", "citation.no-locator", ERROR, "a citation has no page locator"),
        Code("KB104", "citation.bare-key", ERROR, "an @key stands outside brackets"),
        Code("KB105", "citation.in-front-matter", ERROR, "a citation in front matter, where it is not rendered"),
        Code("KB201", "bibliography.unreadable", ERROR, "the bibliography or one of its entries cannot be read"),
        Code("KB202", "bibliography.duplicate-key", ERROR, "two bibliography entries share a key"),
        Code("KB203", "bibliography.entry-fields", ERROR, "an entry has an unsupported type or lacks fields"),
        Code("KB204", "bibliography.bad-key", ERROR, "a bibliography key is not of the form authorYYYY"),
        Code("KB205", "bibliography.unused-entry", WARNING, "a bibliography entry is cited nowhere"),
        Code("KB301", "link.unknown-concept", ERROR, "a [[wiki-link]] names an unknown concept"),
        Code("KB302", "link.broken", ERROR, "a link points to a page that does not exist"),
        Code("KB401", "frontmatter.missing-field", ERROR, "a required front-matter field is missing"),
        Code("KB402", "frontmatter.invalid-value", ERROR, "a front-matter value has the wrong form"),
        Code("KB403", "frontmatter.unknown-id", ERROR, "front matter names an unknown id or key"),
        Code("KB404", "frontmatter.unknown-field", ERROR, "front matter has a field the page kind does not have"),
        Code("KB501", "concept.no-citation", ERROR, "a concept page cites no source"),
        Code("KB502", "concept.missing-section", ERROR, "a concept page lacks its definition or a section"),
        Code("KB503", "concept.short", WARNING, "a concept page has little prose"),
        Code("KB601", "personal.identity-number", ERROR, "a personnummer or samordningsnummer"),
        Code("KB602", "personal.phone", ERROR, "a phone number"),
        Code("KB603", "personal.email", ERROR, "an e-mail address"),
        Code("KB604", "personal.address", ERROR, "a street address or a postcode with a town"),
        Code("KB605", "personal.name", ERROR, "a personal name"),
    )
}
BY_NAME = {c.name: c for c in CODES.values()}


def explain(code: str) -> str:
    """Where the authors' guide explains *code*."""
    return f"{GUIDE_PAGE}#{code.lower()}"


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


def diagnostic(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    """A diagnostic of *code*, with the code's default severity."""
    return Diagnostic(path, line, column, code, CODES[code].severity, message, hint)


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
    path = _property(d.path)
    return f"::{kind} file={path},line={d.line},col={d.column},title={d.code}::{message}"


def _property(value: str) -> str:
    """A value escaped as workflow-command properties require (% first, then CR, LF, colon, comma)."""
    for char, code in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")):
        value = value.replace(char, code)
    return value


def format_json(diagnostics: list[Diagnostic]) -> str:
    rows = [{**asdict(d), "severity": d.severity.value, "name": CODES[d.code].name} for d in diagnostics]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error(s), {warnings} warning(s)"
