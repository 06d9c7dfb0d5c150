"""Find and parse pandoc-style citations: `[@key, s. 23]`, `[@a, s. 5 f.; @b, s. 7]`.

The parser never raises: anything it cannot read becomes a `CitationProblem`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.syntax import BARE_KEY, CITATION_BLOCK, CITATION_ITEM, mask_code

VALID_KEY = re.compile(r"[a-z][a-z0-9-]*\Z")

# A page is arabic or lower-case roman; a range uses an en dash (or hyphen);
# several pages or ranges are separated by commas; "f." / "ff." may follow.
_PAGE = r"(?:\d+|[ivxlcdm]+)"
_RANGE = rf"{_PAGE}(?:\s*[–-]\s*{_PAGE})?"
LOCATOR = re.compile(rf"(?P<term>s\.|p\.|pp\.|kap\.)\s(?P<pages>{_RANGE}(?:,\s*{_RANGE})*)(?:\s(?P<follow>ff?\.))?\Z")


@dataclass(frozen=True)
class Citation:
    key: str
    locator: str  # "" when none was given
    offset: int  # of the "@" in the scanned text


@dataclass(frozen=True)
class CitationProblem:
    offset: int
    code: str  # KB102 malformed, KB103 missing locator, KB104 bare @key
    message: str
    hint: str


def is_valid_locator(text: str) -> bool:
    return LOCATOR.match(text.strip()) is not None and locator_problem(text) is None


ROMAN = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})\Z")


def locator_problem(text: str) -> str | None:
    """What makes a well-formed locator impossible: a page 0, a range that runs backwards, a bad numeral."""
    m = LOCATOR.match(text.strip())
    if m is None:
        return None
    for part in m["pages"].split(","):
        ends = [e.strip() for e in re.split(r"[–-]", part)]
        if any(e.isdigit() and int(e) == 0 for e in ends):
            return "there is no page 0"
        if any(not e.isdigit() and not ROMAN.match(e) for e in ends):
            return f"{part.strip()!r} is not a page number"
        if len(ends) == 2 and all(e.isdigit() for e in ends) and int(ends[1]) <= int(ends[0]):
            return f"the range {part.strip()!r} runs backwards or is empty"
    return None


def page_ranges(locator: str) -> list[tuple[int, int]] | None:
    """The arabic page ranges a locator names: "s. 5 f." -> [(5, 6)], "s. 5–7, 9" -> [(5, 7), (9, 9)].

    None for what is not a list of arabic pages ("kap. 3", roman numerals, "ff." whose end is open).
    """
    m = LOCATOR.match(locator.strip())
    if not m or m["term"] == "kap." or m["follow"] == "ff.":
        return None
    ranges = []
    for part in m["pages"].split(","):
        ends = re.split(r"\s*[–-]\s*", part.strip())
        if not all(e.isdigit() for e in ends):
            return None
        ranges.append((int(ends[0]), int(ends[-1])))
    if m["follow"] == "f.":
        first, last = ranges[-1]
        ranges[-1] = (first, last + 1)
    return ranges


def format_pages(first: int, last: int) -> str:
    """The locator for pages first..last, as the project writes it: "s. 5", "s. 5 f.", "s. 5–7"."""
    if first == last:
        return f"s. {first}"
    return f"s. {first} f." if last == first + 1 else f"s. {first}–{last}"


def scan(markdown: str) -> tuple[tuple[Citation, ...], tuple[CitationProblem, ...]]:
    """All citations in *markdown* (code masked out), and all problems."""
    text = mask_code(markdown)
    citations: list[Citation] = []
    problems: list[CitationProblem] = []
    covered: list[tuple[int, int]] = []
    for block in CITATION_BLOCK.finditer(text):
        covered.append(block.span())
        _parse_block(block, citations, problems)
    for bare in BARE_KEY.finditer(text):
        if any(start <= bare.start() < end for start, end in covered):
            continue
        problems.append(
            CitationProblem(
                bare.start(),
                "KB104",
                f"`@{bare['key']}` outside brackets is not rendered as a citation",
                f"write [@{bare['key']}, s. N] with the page you cite",
            )
        )
    return tuple(citations), tuple(problems)


def _parse_block(block: re.Match[str], citations: list[Citation], problems: list[CitationProblem]) -> None:
    inner_start = block.start("inner")
    pos = 0
    for part in block["inner"].split(";"):
        offset = inner_start + pos
        pos += len(part) + 1
        item = CITATION_ITEM.match(part)
        if not item:
            problems.append(
                CitationProblem(
                    offset,
                    "KB102",
                    f"malformed citation part {part.strip()!r} in [{block['inner']}]",
                    "separate citations with `;` and start each with @key, e.g. [@a, s. 5; @b, s. 7]",
                )
            )
            continue
        at = offset + item.start("key") - 1
        key, rest = item["key"], item["rest"]
        if not rest.strip():
            citations.append(Citation(key, "", at))
            problems.append(
                CitationProblem(
                    at,
                    "KB103",
                    f"citation of {key!r} has no page locator",
                    f"add the page you cite: [@{key}, s. 23] (or s. 23 f., s. 23–25)",
                )
            )
            continue
        locator = rest.strip()[1:].strip() if rest.strip().startswith(",") else None
        impossible = locator_problem(locator) if locator else None
        if impossible:
            problems.append(
                CitationProblem(
                    at,
                    "KB102",
                    f"impossible locator {locator!r} in citation of {key!r}: {impossible}",
                    "write the pages you cite, first to last: s. 23–25",
                )
            )
            continue
        if locator is None or not is_valid_locator(locator):
            problems.append(
                CitationProblem(
                    at,
                    "KB102",
                    f"malformed locator {rest.strip()!r} in citation of {key!r}",
                    f"write [@{key}, s. 23], [@{key}, s. 23 f.], [@{key}, s. 23–25] or [@{key}, p. 23]",
                )
            )
            continue
        citations.append(Citation(key, locator, at))
