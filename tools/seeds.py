"""The two theses' seed texts and their page model, derived from evidence in the texts.

Page evidence (see ../shared/seeds/README.md):
- Bäckman (OCR): a page starts with a line that begins with a single space, or after
  a run of two or more blank lines. Counting the line ` 1.Inledning` as page 1 lands
  on the two printed page numbers in the text (24 and 25).
- Lundgren (clean text, one paragraph per line): a paragraph that ends in the middle
  of a sentence continues on the next page, and the table of contents gives the
  first page of each section. A page that ends exactly at a paragraph's end leaves no
  mark, so between two anchors some breaks are invisible: such paragraphs get the
  interval of pages the evidence allows.
"""

from __future__ import annotations

import bisect
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
ROOT = Path(__file__).resolve().parent.parent


class SeedsMissing(FileNotFoundError):
    """The seed texts are not beside the repository (a plain clone)."""


def seeds_dir() -> Path:
    """Where the seed texts live: $KB_SEEDS, else ../shared/seeds beside the repository."""
    env = os.environ.get("KB_SEEDS")
    return Path(env) if env else ROOT.parent / "shared" / "seeds"


def have_seeds() -> bool:
    return all((seeds_dir() / name).is_file() for name in SEED_FILES.values())


@cache
def seed_text(study: str) -> str:
    path = seeds_dir() / SEED_FILES[study]
    if not path.is_file():
        raise SeedsMissing(f"{path}: the seed text of {study} is not here; set KB_SEEDS to the folder holding it")
    return path.read_text(encoding="utf-8")


# --- normalisation ---------------------------------------------------------------


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


def skeleton(word: str) -> str:
    return OCR_CONFUSABLE.sub("", fold(word).replace("*", '"'))  # the OCR reads some quotation marks as *


# --- the page model ----------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of a seed lie on a page in [first, last] (equal where the evidence fixes it)."""

    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True)
class Anchor:
    """A page the text itself states: a printed page number or a table-of-contents entry."""

    offset: int
    page: int
    what: str


BACKMAN_PAGE_ONE = " 1.Inledning"
BACKMAN_PRINTED = re.compile(r"^(?P<n>\d{1,3})$", re.M)
BACKMAN_APPENDIX_3 = " Bilaga 3 "  # the information letter: the author's contact details
LUNDGREN_TOC_HEADING = "Innehållsförteckning"
TOC_ENTRY = re.compile(r"^(?:<i>)?(?P<title>.+?)(?:</i>)?(?:\.{3,})?\t(?P<page>\d+)$")
LUNDGREN_BODY_START = "\nInledning\n"  # the first heading after the table of contents
SENTENCE_END = re.compile(r"[.!?:…]\W*$")
CONTINUES = re.compile(r"^[a-zåäöéü0-9(]")


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


@cache
def page_spans(study: str) -> tuple[Span, ...]:
    text = seed_text(study)
    return tuple(backman_spans(text) if study == "backman2021" else lundgren_spans(text))


def page_at(study: str, offset: int) -> tuple[int, int] | None:
    """(first, last) possible page of the character at *offset*; None outside the numbered pages."""
    spans = page_spans(study)
    i = bisect.bisect_right([s.start for s in spans], offset) - 1
    if i < 0 or offset >= spans[i].end:
        return None
    return spans[i].first, spans[i].last


def backman_page_starts(text: str) -> list[int]:
    """Offsets of the first character of every page from page 1 on."""
    starts: list[int] = []
    blank = 0
    page_one = text.index("\n" + BACKMAN_PAGE_ONE) + 1
    for start, line in zip(line_starts(text), text.split("\n"), strict=True):
        if not line.strip():
            blank += 1
            continue
        if start >= page_one and (re.match(r" \S", line) or blank >= 2):
            starts.append(start)
        blank = 0
    return starts


def backman_spans(text: str) -> list[Span]:
    starts = backman_page_starts(text)
    ends = [*starts[1:], len(text)]
    return [Span(s, e, n, n) for n, (s, e) in enumerate(zip(starts, ends, strict=True), start=1)]


def backman_anchors(text: str) -> list[Anchor]:
    """The printed page numbers (lines holding only a number, after page 1)."""
    page_one = text.index("\n" + BACKMAN_PAGE_ONE) + 1
    return [
        Anchor(m.start(), int(m["n"]), f"printed page number {m['n']}")
        for m in BACKMAN_PRINTED.finditer(text)
        if m.start() > page_one
    ]


def lundgren_toc(text: str) -> list[tuple[str, int]]:
    """(heading, first page) of every table-of-contents entry, in order."""
    lines = text.split("\n")
    contents = lines[lines.index(LUNDGREN_TOC_HEADING) + 1 : text[: text.index(LUNDGREN_BODY_START)].count("\n") + 1]
    return [(m["title"].strip(), int(m["page"])) for line in contents if (m := TOC_ENTRY.match(line.strip()))]


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int  # offset of the end of its text
    text: str


def lundgren_paragraphs(text: str) -> list[Paragraph]:
    """The body's paragraphs (one per non-empty line), from the first heading after the contents."""
    body = text.index(LUNDGREN_BODY_START) + 1
    found = []
    for m in re.finditer(r"[^\n]+", text[body:]):
        if m.group(0).strip():
            found.append(Paragraph(body + m.start(), body + m.end(), m.group(0).strip()))
    return found


def lundgren_anchors(text: str) -> list[Anchor]:
    """Every table-of-contents heading, found in order in the body, with its page."""
    paragraphs = lundgren_paragraphs(text)
    anchors, i = [], 0
    for title, page in lundgren_toc(text):
        while i < len(paragraphs) and not re.fullmatch(re.escape(title) + r"\w*", paragraphs[i].text):
            i += 1
        if i == len(paragraphs):
            raise ValueError(f"table-of-contents heading {title!r} not found in the body")
        anchors.append(Anchor(paragraphs[i].start, page, f"heading {title!r}"))
        i += 1
    return anchors


def visible_break_after(paragraph: Paragraph, following: Paragraph) -> bool:
    """A sentence cut by a page break: no sentence end, and the next paragraph goes on in lower case."""
    return not SENTENCE_END.search(paragraph.text) and CONTINUES.match(following.text) is not None


# No page holds more than this many characters: the fullest page that the evidence marks
# off at both ends (a sentence cut above and below) holds 2,946, all prose; pages with
# headings or dialogue hold fewer. 15 % headroom on that. The bound only rules out
# placing invisible breaks so that a page would overflow; where it leaves a choice, the
# interval stays. (3,000 would fix 8 more paragraphs; too close to the evidence to trust.)
PAGE_CAPACITY = 3400


def lundgren_spans(text: str, capacity: int = PAGE_CAPACITY) -> list[Span]:
    """Each body paragraph with the interval of pages the evidence allows.

    Between two paragraphs the page goes up by exactly one at a visible break and by zero
    or one elsewhere; every table-of-contents heading is on its page; no page overflows
    *capacity*. A state is (page, first paragraph of that page); the pages a paragraph
    can be on are those of states reachable both from the start and from the end.
    """
    paragraphs = lundgren_paragraphs(text)
    n = len(paragraphs)
    index = {p.start: i for i, p in enumerate(paragraphs)}
    fixed = {index[a.offset]: a.page for a in lundgren_anchors(text)}
    visible = [visible_break_after(a, b) for a, b in zip(paragraphs, paragraphs[1:], strict=False)]
    sizes = [len(p.text) for p in paragraphs]
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)

    def fits(first: int, last: int) -> bool:  # paragraphs first..last on one page
        return prefix[last + 1] - prefix[first] <= capacity

    def allowed(i: int, page: int) -> bool:
        return fixed.get(i, page) == page

    State = tuple[int, int]  # (page, first paragraph of the page)

    def successors(i: int, state: State) -> list[State]:
        page, first = state
        moves = [(page + 1, i + 1)] if visible[i] or not fits(first, i + 1) else [(page, first), (page + 1, i + 1)]
        return [m for m in moves if allowed(i + 1, m[0]) and (m[1] == first or fits(first, i))]

    forward: list[set[State]] = [{(fixed.get(0, 1), 0)}]
    for i in range(n - 1):
        forward.append({m for state in forward[i] for m in successors(i, state)})
        if not forward[-1]:
            raise ValueError(f"page evidence is inconsistent at {paragraphs[i + 1].text[:50]!r}")
    backward: list[set[State]] = [set() for _ in range(n)]
    backward[-1] = forward[-1]
    for i in range(n - 2, -1, -1):
        backward[i] = {state for state in forward[i] if set(successors(i, state)) & backward[i + 1]}
    ends = [p.start for p in paragraphs[1:]] + [len(text)]
    spans = []
    for i, paragraph in enumerate(paragraphs):
        pages = [page for page, _ in backward[i]]
        spans.append(Span(paragraph.start, ends[i], min(pages), max(pages)))
    return spans


def anchors(study: str) -> list[Anchor]:
    text = seed_text(study)
    return backman_anchors(text) if study == "backman2021" else lundgren_anchors(text)


def excluded_ranges(study: str) -> list[tuple[int, int]]:
    """Character ranges kept out of the fingerprint: the personal data of the front and back matter.

    Lundgren: everything before the body (title page, abstract, acknowledgements with names).
    Bäckman: the abstract and appendix 3 (the information letter with the author's contact details).
    """
    text = seed_text(study)
    if study == "lundgren2022":
        return [(0, text.index(LUNDGREN_BODY_START) + 1)]
    letter = text.index("\n" + BACKMAN_APPENDIX_3) + 1
    after = text.find("\n Bilaga 4", letter)
    return [(0, text.index("\n" + BACKMAN_PAGE_ONE) + 1), (letter, after + 1 if after >= 0 else len(text))]


# --- where the interviewees speak ----------------------------------------------------

LUNDGREN_TURN = re.compile(r"^(?:\./\./ )?(?:I|IP):")
BACKMAN_SIGNATURE = re.compile(r"[-—–] ?Informant \d+[ \t]*$", re.M)
QUOTED = re.compile(r"[”“\"](?P<phrase>[^”“\"]{2,400}?)[”“\"]")


def block_quotes(study: str) -> list[tuple[int, int]]:
    """Character ranges of the interview excerpts the thesis sets as block quotes.

    Lundgren: runs of paragraphs that are I:/IP: turns (with the paragraphs a page break
    cut off a turn). Bäckman: from the end of the lead-in (a line ending in a colon, the
    short last line of a paragraph, or the signature of the block before) to the block's
    signature "— Informant N".
    """
    text = seed_text(study)
    if study == "backman2021":
        blocks = []
        starts = line_starts(text)

        def lead_in_ends(line: str) -> bool:
            line = line.rstrip()
            short_last = len(line) < 40 and line.endswith(".")
            return line.endswith(":") or short_last or BACKMAN_SIGNATURE.search(line) is not None

        for m in BACKMAN_SIGNATURE.finditer(text):
            line = bisect.bisect_right(starts, m.start()) - 1
            while line > 0 and not lead_in_ends(text[starts[line - 1] : starts[line]]):
                line -= 1
            first = starts[line]
            while not text[first:].split("\n", 1)[0].strip():  # skip blank lines after the lead-in
                first = starts[bisect.bisect_right(starts, first)]
            blocks.append((first, m.start()))
        return blocks
    paragraphs = lundgren_paragraphs(text)
    turn = [LUNDGREN_TURN.match(p.text) is not None for p in paragraphs]
    inside = list(turn)
    for i in range(1, len(paragraphs)):
        cut_off = visible_break_after(paragraphs[i - 1], paragraphs[i]) and inside[i - 1]
        # A paragraph between two turns belongs to them, unless it is the thesis's lead-in to the next quote.
        between = turn[i - 1] and i + 1 < len(paragraphs) and turn[i + 1] and not paragraphs[i].text.endswith(":")
        inside[i] = inside[i] or cut_off or between
    blocks, start = [], None
    for i, p in enumerate(paragraphs):
        if inside[i] and start is None:
            start = p.start
        if inside[i] and (i + 1 == len(paragraphs) or not inside[i + 1]):
            blocks.append((start, p.end))
            start = None
    return blocks


def quoted_phrases(study: str) -> list[tuple[int, int]]:
    """Character ranges of the phrases the thesis's own prose puts in quotation marks."""
    text = seed_text(study)
    inside = block_quotes(study)
    return [m.span("phrase") for m in QUOTED.finditer(text) if not any(a <= m.start() < b for a, b in inside)]


# --- the full check, where the seeds are present ---------------------------------------

WORD = re.compile(r"\S+")


def find_verbatim(study: str, quote: str) -> int | None:
    """Offset of *quote* in the seed of *study*, compared word for word with every word checked.

    Lundgren's text is clean: the folded quote must occur as it stands. Bäckman's is OCR: the
    words must match one to one, in order, by consonant skeleton (so only restored å/ä/ö and
    vowels may differ); the first and last word may have lost their punctuation.
    """
    if study == "lundgren2022":
        folded, index = _folded_with_index(study)
        pos = folded.find(fold(quote))
        return None if pos < 0 else index[pos]
    words, offsets = _skeleton_words(study)
    wanted = [skeleton(w) for w in WORD.findall(quote)]
    if not wanted:
        return None
    inner, first, last = wanted[1:-1], _letters(wanted[0]), _letters(wanted[-1])
    n = len(wanted)
    for i in range(len(words) - n + 1):
        if _letters(words[i]) == first and words[i + 1 : i + n - 1] == inner and _letters(words[i + n - 1]) == last:
            return offsets[i]
    return None


def _letters(word: str) -> str:
    return re.sub(r"\W", "", word)


@cache
def _skeleton_words(study: str) -> tuple[list[str], list[int]]:
    found = list(WORD.finditer(seed_text(study)))
    return [skeleton(m.group(0)) for m in found], [m.start() for m in found]


@cache
def _folded_with_index(study: str) -> tuple[str, list[int]]:
    """The seed folded character by character, with a map from folded to raw offsets."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(seed_text(study)):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            folded = " "
        else:
            folded = fold(ch)
        for c in folded:
            out.append(c)
            index.append(i)
    return "".join(out), index
