"""A project's own settings for `kb check` and the build, from `[tool.kb]` in pyproject.toml.

    [tool.kb]
    ignore = ["KB205"]                 # codes or names (bibliography.unused-entry) to switch off
    severity = { KB503 = "error" }     # change a code's severity: "error" or "warning"

Like Sphinx's suppress_warnings and ruff's per-rule settings: the code table (kb.diagnostics)
gives the defaults, the project overrides them. A setting that cannot be read is an error
(KB002), so a mistyped code never switches a check off silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kb.diagnostics import BY_NAME, CODES, Diagnostic, Severity, diagnostic

CONFIG_FILE = "pyproject.toml"


@dataclass
class Config:
    ignore: frozenset[str] = frozenset()  # codes
    severity: dict[str, Severity] = field(default_factory=dict)  # code -> severity
    problems: list[Diagnostic] = field(default_factory=list)

    def apply(self, found: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics with ignored codes left out and severities as the project sets them."""
        if not self.ignore and not self.severity:
            return self.problems + found
        kept = []
        for d in found:
            if d.code in self.ignore:
                continue
            severity = self.severity.get(d.code, d.severity)
            kept.append(d if severity is d.severity else Diagnostic(**{**d.__dict__, "severity": severity}))
        return self.problems + kept


def load(root: Path) -> Config:
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        settings = tomllib.loads(text).get("tool", {}).get("kb", {})
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(at[1]), int(at[2])) if at else (text.count("\n") + 1, 1)  # "at end of document"
        message = f"pyproject.toml is not valid TOML: {exc}"
        return Config(problems=[diagnostic(CONFIG_FILE, line, column, "KB002", message, "fix the TOML syntax")])
    config, problems = Config(), []
    where = _line_of(text, "[tool.kb")

    def code_of(value: object) -> str | None:
        found = CODES.get(str(value)) or BY_NAME.get(str(value))
        if found is None:
            problems.append(
                diagnostic(
                    CONFIG_FILE,
                    where,
                    1,
                    "KB002",
                    f"[tool.kb] names an unknown code {value!r}",
                    "use a code such as KB205 or a name such as bibliography.unused-entry (see the guide)",
                )
            )
        return found.code if found else None

    unknown = sorted(set(settings) - {"ignore", "severity"})
    if unknown:
        problems.append(
            diagnostic(
                CONFIG_FILE,
                where,
                1,
                "KB002",
                f"unknown [tool.kb] setting(s): {', '.join(unknown)}",
                "the settings are ignore and severity",
            )
        )
    ignore = settings.get("ignore", [])
    if not isinstance(ignore, list):
        problems.append(
            diagnostic(CONFIG_FILE, where, 1, "KB002", "[tool.kb] ignore must be a list", 'ignore = ["KB205"]')
        )
        ignore = []
    config.ignore = frozenset(c for c in map(code_of, ignore) if c)
    severities = settings.get("severity", {})
    if not isinstance(severities, dict):
        problems.append(
            diagnostic(
                CONFIG_FILE, where, 1, "KB002", "[tool.kb] severity must be a table", 'severity = { KB503 = "error" }'
            )
        )
        severities = {}
    for key, value in severities.items():
        code = code_of(key)
        if code and value in ("error", "warning"):
            config.severity[code] = Severity(value)
        elif code:
            problems.append(
                diagnostic(
                    CONFIG_FILE, where, 1, "KB002", f"severity of {key} must be 'error' or 'warning', not {value!r}"
                )
            )
    config.problems = problems
    return config


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
