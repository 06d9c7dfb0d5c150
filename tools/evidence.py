"""The passage in a thesis behind each citation of it, so every locator can be checked exactly.

For every `[@lundgren2022, s. N]` and `[@backman2021, s. N]` in the site's pages,
tests/data/thesis-citations.json records where the passage that the claim rests on begins and
ends in the thesis: a position in the fingerprint (tools.fingerprint), written as
"<window id>+<words after it>". The tests turn the positions into pages with the
evidence-based page model and require the locator to name exactly those pages.

Records are kept per file, in the order of the file's thesis citations. A new citation needs
a record; add it without the seed texts, from words copied out of the thesis:

    python -m tools.evidence add concepts/handlingsutrymme.md:27 "nine or more words from the passage"
    python -m tools.evidence add FILE:LINE "first words of the passage" "last words of the passage"
    python -m tools.evidence add FILE:LINE:COLUMN "…"   (where a line holds several citations; COLUMN of the @)

The command finds the words with the fingerprint, records the passage, and prints the locator
to write. `python -m tools.evidence check` lists every citation whose locator does not match.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from kb.citations import Citation, format_pages, page_ranges
from kb.model import KnowledgeBase, Page, load
from kb.syntax import LineIndex
from tools import fingerprint

ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "tests" / "data" / "thesis-citations.json"
THESES = fingerprint.STUDIES


@dataclass
class Record:
    study: str
    locator: str
    start: str  # "<window id>+<offset>": where the passage begins
    end: str  # where it ends
    claim: str = ""  # the first words of the citing sentence, to help a reader of this file


@dataclass(frozen=True)
class Cited:
    """One citation of a thesis in a page, with where it stands."""

    page: Page
    citation: Citation
    line: int
    column: int

    @property
    def where(self) -> str:
        return f"{self.page.rel}:{self.line}:{self.column}"


def thesis_citations(kb: KnowledgeBase) -> dict[str, list[Cited]]:
    """Every citation of either thesis, per file, in order."""
    found: dict[str, list[Cited]] = {}
    for page in kb.pages:
        index = LineIndex(page.body, page.front.body_line)
        for cite in kb.citations_of(page)[0]:
            if cite.key in THESES:
                found.setdefault(page.rel, []).append(Cited(page, cite, *index.position(cite.offset)))
    return found


def load_records(path: Path = EVIDENCE) -> dict[str, list[Record]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {rel: [Record(**r) for r in rows] for rel, rows in data["citations"].items()}


def save_records(records: dict[str, list[Record]], path: Path = EVIDENCE) -> None:
    data = {
        "about": "The passage behind each citation of a thesis; see tools/evidence.py.",
        "citations": {rel: [asdict(r) for r in rows] for rel, rows in sorted(records.items())},
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def ref(thesis: fingerprint.Thesis, word: int) -> str:
    """A stable reference to word *word*: the nearest window that occurs once, and the distance from it."""
    unique = [n for n, h in enumerate(thesis.windows) if thesis.window_at.get(h) == [n]]
    nearest = min(unique, key=lambda n: (abs(n * fingerprint.K - word), n))
    return f"{thesis.windows[nearest].hex()}{word - nearest * fingerprint.K:+d}"


def word_at(thesis: fingerprint.Thesis, reference: str) -> int | None:
    m = re.fullmatch(r"(?P<window>[0-9a-f]{12})(?P<offset>[+-]\d+)", reference)
    if not m:
        return None
    found = thesis.window_at.get(bytes.fromhex(m["window"]))
    if not found or len(found) != 1:
        return None
    word = found[0] * fingerprint.K + int(m["offset"])
    return word if 0 <= word < thesis.words else None


def pages(record: Record, theses: dict[str, fingerprint.Thesis]) -> tuple[int, int] | None:
    """(first, last) page the recorded passage may lie on; None if a position cannot be resolved."""
    thesis = theses[record.study]
    start, end = word_at(thesis, record.start), word_at(thesis, record.end)
    if start is None or end is None or end < start:
        return None
    first, last = thesis.page_of_word(start)[0], thesis.page_of_word(end)[1]
    return (first, last) if first else None


def problems(kb: KnowledgeBase, records: dict[str, list[Record]], theses: dict[str, fingerprint.Thesis]) -> list[str]:
    """Every citation whose locator is not the recorded passage's pages, and every record without a citation."""
    found: list[str] = []
    cited = thesis_citations(kb)
    for rel in sorted(set(cited) | set(records)):
        cites, rows = cited.get(rel, []), records.get(rel, [])
        for n, c in enumerate(cites):
            row = rows[n] if n < len(rows) else None
            locator = c.citation.locator
            cited_as = f"{c.where}: [@{c.citation.key}, {locator}]"
            if row is None or row.study != c.citation.key:
                found.append(f"{cited_as} has no recorded passage (tools/evidence.py)")
                continue
            span = pages(row, theses)
            if span is None:
                found.append(f"{cited_as}: its recorded passage is not in the fingerprint")
            elif page_ranges(locator) != [span]:
                found.append(f"{cited_as} rests on a passage on {format_pages(*span)}")
        found += [f"{rel}: recorded passage {r.start} has no citation left" for r in rows[len(cites) :]]
    return found


def add(location: str, first_words: str, last_words: str | None = None) -> str:
    """Record the passage of the citation at FILE:LINE[:COLUMN]; return the locator it needs."""
    rel, *where = location.split(":")
    kb = load(ROOT)
    theses = fingerprint.load()
    cites = thesis_citations(kb).get(rel, [])
    at_line = [n for n, c in enumerate(cites) if [str(c.line), str(c.column)][: len(where)] == where]
    if len(at_line) != 1:
        raise SystemExit(f"{location}: expected one citation of a thesis there, found {len(at_line)}; add :COLUMN")
    n = at_line[0]
    cite = cites[n]
    thesis = theses[cite.citation.key]
    begin = thesis.locate(first_words)
    finish = thesis.locate(last_words) if last_words else begin
    if begin is None or finish is None:
        raise SystemExit("the words were not found in the thesis: copy nine or more consecutive words exactly")
    record = Record(
        cite.citation.key, "", ref(thesis, begin.first_word), ref(thesis, finish.last_word), claim_start(cite)
    )
    span = pages(record, theses)
    if span is None:
        raise SystemExit("the passage lies outside the thesis's numbered pages")
    record.locator = format_pages(*span)
    records = load_records()
    rows = records.setdefault(rel, [])
    # A citation the file did not have yet gets a new record; an existing one gets its record replaced.
    rows[n : n if len(rows) < len(cites) else n + 1] = [record]
    save_records(records)
    return record.locator


def claim_start(cite: Cited, words: int = 8) -> str:
    before = cite.page.body[: cite.citation.offset]
    sentence = re.split(r"(?<=[.!?])\s+|\n\n", before.rsplit("[", 1)[0])[-1]
    return " ".join(sentence.split()[:words])


def main(argv: list[str]) -> int:
    if argv[:1] == ["add"] and len(argv) in (3, 4):
        print(f"write the locator: {add(*argv[1:])}")
        return 0
    if argv[:1] == ["check"]:
        found = problems(load(ROOT), load_records(), fingerprint.load())
        print("\n".join(found) or "every locator into the theses matches its recorded passage")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
