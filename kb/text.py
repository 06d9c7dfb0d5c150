"""Small helpers for scanning Markdown source while keeping positions."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}).*?$", re.M)
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.S | re.I)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


@lru_cache(maxsize=8192)  # the same body is scanned for citations, links and personal data
def mask_code(text: str) -> str:
    """Replace code (fences, spans, <code>, comments) by spaces, keeping offsets.

    Citations, links and personal-data patterns inside code are examples, not
    content, so scanners run on the masked text.
    """
    text = _mask_fences(text)
    text = HTML_COMMENT.sub(_blank, text)
    text = HTML_CODE.sub(_blank, text)
    return CODE_SPAN.sub(_blank, text)


def _mask_fences(text: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        start = FENCE.search(text, pos)
        if not start:
            break
        marker = start["fence"]
        close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$", re.M)
        end = close.search(text, start.end())
        stop = end.end() if end else len(text)
        out.append(text[pos : start.start()])
        out.append(re.sub(r"[^\n]", " ", text[start.start() : stop]))
        pos = stop
    out.append(text[pos:])
    return "".join(out)


class LineIndex:
    """Map character offsets in a text to 1-based (line, column)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._first = first_line

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._first + i, offset - self._starts[i] + 1


WIKILINK_TEXT = re.compile(r"\[\[([^\]|]+\|)?([^\]]+)\]\]")


def plain_wikilinks(text: str) -> str:
    """`[[id|label]]` -> `label`, `[[id]]` -> `id`."""
    return WIKILINK_TEXT.sub(r"\2", text)


def word_count(markdown: str) -> int:
    """Words of prose: code, citations, link targets and markup left out."""
    text = mask_code(markdown)
    text = re.sub(r"\[@[^\]]*\]", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = plain_wikilinks(text)
    return len(re.findall(r"[^\W\d_][\w’'-]*", text))


QUOTE_LINE = re.compile(r"^> ?(?P<text>.*)$")


def quote_turns(body: str) -> list[str]:
    """The paragraphs (speaker turns) of the block quote that opens a quote page, without `>`."""
    quoted = []
    for line in body.split("\n## ", 1)[0].splitlines():
        m = QUOTE_LINE.match(line)
        if m:
            quoted.append(m["text"])
    return [turn.strip() for turn in "\n".join(quoted).split("\n\n") if turn.strip()]
