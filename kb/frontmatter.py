"""YAML front matter: split it from the body and parse it, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's C loader when the wheel has it (it does on the usual platforms): ~10x faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M)


@dataclass
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the raw YAML
    body_line: int = 1  # 1-based line of the body's first line in the file
    error: tuple[int, int, str] | None = None  # (line, column, message)

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


def split(source: str) -> tuple[FrontMatter, str]:
    """Return the parsed front matter and the body of a Markdown page."""
    parsed = parse(source)
    return with_text(parsed, source), source[parsed.body_start :]


@dataclass
class Parsed:
    """What `parse` finds, without the raw YAML (so it can be cached compactly)."""

    front: FrontMatter
    body_start: int = 0
    yaml_span: tuple[int, int] = (0, 0)


def with_text(parsed: Parsed, source: str) -> FrontMatter:
    """The parsed front matter with its raw YAML (for line numbers) taken from *source*."""
    start, end = parsed.yaml_span
    front = parsed.front
    return FrontMatter(front.data, source[start:end], front.body_line, front.error)


def parse(source: str) -> Parsed:
    """Parse the front matter of *source*; never raises, problems are kept in `front.error`."""
    match = FRONT_MATTER.match(source)
    if not match:
        return Parsed(FrontMatter())
    fm = FrontMatter(body_line=source.count("\n", 0, match.end()) + 1)
    parsed = Parsed(fm, match.end(), match.span("yaml"))
    try:
        data = yaml.load(match["yaml"], Loader=_Loader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        fm.error = (line, column, f"front matter is not valid YAML: {problem}")
        return parsed
    if not isinstance(data, dict):
        fm.error = (2, 1, "front matter must be a mapping of `key: value` lines")
        return parsed
    fm.data = data
    return parsed
