"""Quote pages hold interviewees' words, faithful to the thesis, at the page the evidence gives.

Checked against the fingerprint of the theses (tests/data/thesis-fingerprint.json), so these
tests run in any clone; with the seed texts present, every word is also checked verbatim.
"""

from __future__ import annotations

import re

import pytest

from kb import citations
from kb.citations import format_pages, page_ranges
from kb.model import KnowledgeBase, Page
from kb.syntax import quote_turns, word_count
from support import QUOTE_FILES
from tools import fingerprint, seeds
from tools.fingerprint import Located

MIN_WORDS = 4  # an interviewee's phrase shorter than this is not a quote page of its own
EDGE = fingerprint.K - 1  # words at either end of a run that no whole window covers


def locate(page: Page, theses: dict[str, fingerprint.Thesis]) -> list[Located]:
    """Where the page's block quote lies: as one run, or else turn by turn; [] if any part is not found."""
    thesis = theses[page.meta["study"]]
    whole = thesis.locate("\n".join(quote_turns(page.body)))
    if whole:
        return [whole]
    parts = [thesis.locate(turn) for turn in quote_turns(page.body)]
    return parts if all(parts) else []  # type: ignore[return-value]


pages = pytest.mark.parametrize("quote", QUOTE_FILES, indirect=True)


@pages
def test_quote_is_found_in_its_thesis(quote: Page, theses):
    turns = quote_turns(quote.body)
    assert turns, "a quote page starts with the quote as a block quote"
    found = locate(quote, theses)
    assert found, f"the quote is not a passage of {quote.meta['study']} (every five-word window must match)"
    words = sum(len(fingerprint.tokens(quote.meta["study"], t)) for t in turns)
    checked = sum(f.checked_words for f in found)
    assert checked >= words - 2 * EDGE * len(found), f"only {checked} of {words} words could be checked"


@pages
def test_quote_locator_is_the_evidence_page(quote: Page, theses):
    found = locate(quote, theses)
    assert found
    thesis = theses[quote.meta["study"]]
    first = thesis.page_of_word(min(f.first_word for f in found))[0]
    last = thesis.page_of_word(max(f.last_word for f in found))[1]
    assert page_ranges(quote.meta["locator"]) == [(first, last)], (
        f"locator {quote.meta['locator']!r}, but the quote lies on {format_pages(first, last)}"
    )


@pages
def test_quote_is_interviewee_speech(quote: Page, theses):
    """A block quote of the thesis, or a phrase its prose attributes in quotation marks (four words or more)."""
    thesis = theses[quote.meta["study"]]
    for part in locate(quote, theses):
        in_block = any(a - EDGE * 4 <= part.first_word and part.last_word <= b for a, b in thesis.blocks)
        phrase = part.checked_words == part.last_word - part.first_word + 1 and not in_block
        assert in_block or phrase, "the quote is the thesis author's prose, not an interviewee's words"
        assert part.last_word - part.first_word + 1 >= MIN_WORDS
        if phrase:
            assert "löptext" in str(quote.meta.get("context", "")), "say where in the thesis the phrase comes from"


def test_every_block_quote_of_both_theses_has_a_page(kb: KnowledgeBase, theses):
    covered: dict[str, set[int]] = {study: set() for study in theses}
    for page in kb.of_kind("quote"):
        for part in locate(page, theses):
            covered[page.meta["study"]].update(range(part.first_word, part.last_word + 1))
    for study, thesis in theses.items():
        assert len(thesis.blocks) >= 10
        for a, b in thesis.blocks:
            missing = set(range(a, b + 1)) - covered[study]
            assert len(missing) <= 2, f"{study}: block quote at word {a} has {len(missing)} words on no quote page"


@pages
def test_quote_is_verbatim_where_the_seeds_are(quote: Page, seed_texts):
    for turn in quote_turns(quote.body):
        text = turn.strip("”“")
        assert seeds.find_verbatim(quote.meta["study"], text) is not None, f"not verbatim: {turn[:80]!r}"


@pages
def test_quote_has_a_cited_analysis(quote: Page):
    assert "\n## Analys" in quote.body
    analysis = quote.body.split("\n## Analys", 1)[1]
    found, _ = citations.scan(analysis)
    assert any(c.key == quote.meta["study"] for c in found), "the analysis cites the thesis page"
    assert 40 <= word_count(analysis) <= 300


def test_quotes_from_both_theses(kb: KnowledgeBase):
    studies = [q.meta["study"] for q in kb.of_kind("quote")]
    assert studies.count("lundgren2022") >= 10 and studies.count("backman2021") >= 10


@pages
def test_restored_letters_leave_no_ocr_debris(quote: Page):
    """Restoration must not leave OCR debris such as '&r', 'pé', digits inside words or a stray '*'."""
    debris = re.compile(r"(?<!\w)(?:&r|pé|pd|dr|ir)(?!\w)|\w[46]\w|\*|\./\./")
    for turn in quote_turns(quote.body):
        assert not debris.search(turn), f"OCR debris {debris.search(turn).group(0)!r}"
