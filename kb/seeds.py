"""Locate text in the two source theses (the seed texts) and estimate page numbers.

The seeds are development inputs only: they contain personal data and are never
published. Tests use this module to prove that every quote page is faithful to
its thesis and that its page locator is plausible.

Neither seed text carries reliable page numbers, so pages are *estimated*:
- Lundgren (2022): the table of contents gives the first page of each section;
  pages in between are interpolated by character position.
- Bäckman (2021): the OCR text keeps some page breaks (four newlines) and two
  printed page numbers; pages in between are interpolated by line position.
The estimate is documented on the site ("Om källorna") as accurate to ±1 page.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEED_FILES = {
    "lundgren2022": "000_ab30911e0526650b.txt",
    "backman2021": "002_80948b70ee1937ec.txt",
}

# Bäckman: last line (1-based) of a page -> that page's number. Lines 66–390 end
# with a kept page break; 933 and 977 carry the printed numbers 24 and 25. The
# break at line 390 is page 11 because the 543 lines to line 933 hold 13 pages
# at the thesis' usual ~42 lines per page.
BACKMAN_PAGE_ENDS = {
    32: 2,
    66: 3,
    108: 4,
    150: 5,
    194: 6,
    240: 7,
    266: 8,
    308: 9,
    348: 10,
    390: 11,
    933: 24,
    977: 25,
}
BACKMAN_LINES_PER_PAGE = 43  # beyond the last marker

LUNDGREN_TOC_LINES = range(38, 72)  # the "Innehållsförteckning" block
TOC_ENTRY = re.compile(r"^(?:<i>)?(?P<title>.+?)(?:</i>)?(?:\.{3,})?\t(?P<page>\d+)$")


def seeds_dir() -> Path:
    """Where the seed texts live: $KB_SEEDS, else ../shared/seeds beside the repo."""
    env = os.environ.get("KB_SEEDS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@cache
def seed_text(study: str) -> str:
    path = seeds_dir() / SEED_FILES[study]
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: seed text for {study!r} not found; set KB_SEEDS to the folder holding the two thesis texts"
        )
    return path.read_text(encoding="utf-8")


def fold(text: str) -> str:
    """Strip diacritics, lowercase, and normalise quote marks, dashes and white space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[”“„\"'’‘`´]", '"', text.lower())
    text = re.sub(r"[–—‐-]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


# Characters the OCR of Bäckman's thesis uses for å/ä/ö, i and l, plus vowels:
# dropping them leaves a word's consonant skeleton, which the OCR keeps intact.
OCR_CONFUSABLE = re.compile(r"[aeiouyld46&@1|£]")
WORD = re.compile(r"\S+")


def skeleton(word: str) -> str:
    return OCR_CONFUSABLE.sub("", fold(word))


@dataclass(frozen=True)
class Match:
    study: str
    offset: int  # character offset in the raw seed text
    page: int  # estimated page


def find_in_seed(study: str, quote: str) -> Match | None:
    """Find *quote* in the seed of *study*.

    Lundgren's text is clean: the folded quote must occur verbatim. Bäckman's is
    OCR: the quote's words must match the seed's words one to one, in order,
    by consonant skeleton (so only restored å/ä/ö and vowels may differ).
    """
    if study == "lundgren2022":
        folded, index = _folded_with_index(study)
        pos = folded.find(fold(quote))
        return None if pos < 0 else Match(study, index[pos], estimated_page(study, index[pos]))
    words, offsets = _skeleton_words(study)
    wanted = [skeleton(w) for w in WORD.findall(quote)]
    if not wanted:
        return None
    inner, first, last = wanted[1:-1], _letters(wanted[0]), _letters(wanted[-1])
    n = len(wanted)
    for i in range(len(words) - n + 1):
        # The quote's first and last words may lose the quote marks and punctuation
        # of the running text they were cut from; inside, everything must match.
        if _letters(words[i]) == first and words[i + 1 : i + n - 1] == inner and _letters(words[i + n - 1]) == last:
            return Match(study, offsets[i], estimated_page(study, offsets[i]))
    return None


def _letters(word: str) -> str:
    return re.sub(r"\W", "", word)


@cache
def _skeleton_words(study: str) -> tuple[list[str], list[int]]:
    raw = seed_text(study)
    found = list(WORD.finditer(raw))
    return [skeleton(m.group(0)) for m in found], [m.start() for m in found]


def estimated_page(study: str, offset: int) -> int:
    raw = seed_text(study)
    if study == "lundgren2022":
        return _lundgren_page(raw, offset)
    return _backman_page(raw.count("\n", 0, offset) + 1)


@cache
def _folded_with_index(study: str) -> tuple[str, list[int]]:
    """Fold the seed char by char, keeping a map from folded to raw offsets."""
    raw = seed_text(study)
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(raw):
        f = fold(ch) if not ch.isspace() else " "
        if ch.isspace() and out and out[-1] == " ":
            continue
        for c in f or "":
            out.append(c)
            index.append(i)
    return "".join(out), index


@cache
def _lundgren_anchors() -> list[tuple[int, int]]:
    """(offset of section heading in the body, page from the TOC), ascending."""
    raw = seed_text("lundgren2022")
    lines = raw.split("\n")
    toc = []
    for n in LUNDGREN_TOC_LINES:
        m = TOC_ENTRY.match(lines[n - 1].strip())
        if m:
            toc.append((m["title"].strip(), int(m["page"])))
    body_start = sum(len(line) + 1 for line in lines[: LUNDGREN_TOC_LINES.stop])
    anchors: list[tuple[int, int]] = []
    cursor = body_start
    for title, page in toc:
        m = re.compile(rf"^{re.escape(title)}\w*$", re.M).search(raw, cursor)
        if m:
            anchors.append((m.start(), page))
            cursor = m.end()
    anchors.append((len(raw), anchors[-1][1] + 1))
    return anchors


def _lundgren_page(raw: str, offset: int) -> int:
    anchors = _lundgren_anchors()
    for (start, page), (end, next_page) in zip(anchors, anchors[1:], strict=False):
        if start <= offset < end:
            if next_page <= page:
                return page
            span = (offset - start) / max(end - start, 1)
            return page + int(span * (next_page - page))
    return anchors[0][1]


def _backman_page(line: int) -> int:
    ends = sorted(BACKMAN_PAGE_ENDS.items())
    prev_end, prev_page = 0, 1
    for end, page in ends:
        if line <= end:
            pages = page - prev_page
            if pages <= 1:
                return page
            frac = (line - prev_end) / (end - prev_end)
            return prev_page + 1 + min(int(frac * pages), pages - 1)
        prev_end, prev_page = end, page
    return prev_page + 1 + (line - prev_end - 1) // BACKMAN_LINES_PER_PAGE
