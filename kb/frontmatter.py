"""YAML front matter: split it from the body and parse it, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

# libyaml's C loader when the wheel has it (it does on the usual platforms): ~10x faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M)


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the raw YAML
    body_line: int = 1  # 1-based line of the body's first line in the file
    error: tuple[int, int, str, str] | None = None  # (line, column, message, hint)

    def line_of(self, key: str, value: str | None = None) -> int:
        """Best line for *key* (and, for list items, *value*) in the file."""
        lines = self.text.split("\n")
        start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)
        if start is None:
            return 1
        if value is not None:
            for i in range(start, len(lines)):
                if i > start and re.match(r"[^\s-]", lines[i]):
                    break
                if re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", lines[i]):
                    return i + 2
        return start + 2  # +1 for the opening ---, +1 for 1-based


class Parsed(NamedTuple):
    """What `parse` finds, without the raw YAML: small and quick to cache."""

    data: dict[str, Any]
    body_line: int = 1
    error: tuple[int, int, str, str] | None = None
    body_start: int = 0
    yaml_span: tuple[int, int] = (0, 0)


def with_text(parsed: Parsed, source: str) -> FrontMatter:
    """The parsed front matter with its raw YAML (for line numbers) taken from *source*."""
    start, end = parsed.yaml_span
    return FrontMatter(parsed.data, source[start:end], parsed.body_line, parsed.error)


OPENING = re.compile(r"\A---[ \t]*\r?\n")


def parse(source: str) -> Parsed:
    """Parse the front matter of *source*; never raises."""
    if source.startswith("\ufeff"):
        problem = "the file starts with a byte-order mark (BOM): the front matter would be printed as text"
        return Parsed({}, error=(1, 1, problem, "save the file as UTF-8 without BOM"))
    match = FRONT_MATTER.match(source)
    if not match:
        if OPENING.match(source):
            message = "front matter opened with --- is never closed: the YAML would be printed"
            return Parsed({}, error=(1, 1, message, "end the front matter with a line of ---"))
        return Parsed({})
    found = Parsed({}, source.count("\n", 0, match.end()) + 1, None, match.end(), match.span("yaml"))
    try:
        data = yaml.load(match["yaml"], Loader=_Loader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "fix the YAML between the --- lines (quote a value that has a colon)"
        return found._replace(error=(line, column, f"front matter is not valid YAML: {problem}", hint))
    if not isinstance(data, dict):
        return found._replace(error=(2, 1, "front matter must be a mapping of `key: value` lines", "write key: value"))
    return found._replace(data=data)
