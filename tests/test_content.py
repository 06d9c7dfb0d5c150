"""The real content: every required concept exists and is complete; quotes are faithful to the theses."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from kb import citations, seeds
from kb.model import load
from kb.text import word_count

KB = load(ROOT)
CONCEPTS = KB.concepts
QUOTES = KB.of_kind("quote")

# Every concept the theses define or use (issue 3), by theorist.
REQUIRED_CONCEPTS = {
    "lipsky": [
        "grasrotsbyrakrat",
        "handlingsutrymme",
        "coping-mekanismer",
        "begransa-efterfragan",
        "kategorisera-och-standardisera",
        "sanktioner",
        "rationalisering",
        "hanvisa-till-regelverket",
        "dubbel-roll",
        "policy-pa-grasrotsniva",
    ],
    "goffman": [
        "dramaturgiskt-perspektiv",
        "framtradande",
        "roll",
        "publik",
        "team",
        "regissor",
        "manus",
        "inramning",
        "rekvisita",
        "levande-rekvisita",
        "framre-region",
        "bakre-region",
        "destruktiv-information",
        "cynisk-och-uppriktig-aktor",
        "personlig-fasad",
    ],
    "foucault": ["suveranitet", "disciplin", "governmentality", "sjalvreglering", "sanningsregim", "makt-och-motstand"],
    "weber": ["byrakrati"],
    "evetts": ["organisationsprofessionalism"],
    None: [
        "new-public-management",
        "aktiveringspolitik",
        "morot-och-piska",
        "empowerment",
        "genomforandeplan",
        "ekonomiskt-bistand",
        "arbetslinjen",
    ],
}
ALL_REQUIRED = [(t, c) for t, ids in REQUIRED_CONCEPTS.items() for c in ids]


@pytest.mark.parametrize(("theorist", "cid"), ALL_REQUIRED)
def test_required_concept_page_is_complete(theorist: str | None, cid: str):
    page = CONCEPTS.get(cid)
    assert page is not None, f"concepts/{cid}.md is missing"
    assert page.meta.get("theorist") == theorist
    assert page.meta.get("title") and page.meta.get("title_en")
    headings = re.findall(r"^## (.+)$", page.body, re.M)
    assert {"Ursprung och nyckelverk", "I studierna"} <= set(headings)
    definition = page.body.split("\n## ")[0]
    found, problems = citations.scan(definition)
    assert found, "the definition paragraph must cite a source"
    all_cites, _ = citations.scan(page.body)
    assert len(all_cites) >= 3 and all(c.locator for c in all_cites)
    assert word_count(page.body) >= 250
    assert not re.search(r"^# ", page.body, re.M), "no H1: the title comes from front matter"


def test_concept_count_in_expected_range():
    assert 35 <= len(CONCEPTS) <= 60


def test_levande_rekvisita_is_credited_to_lundgren():
    body = CONCEPTS["levande-rekvisita"].body
    assert "@lundgren2022" in body and re.search(r"Lundgren", body)


def quote_turns(body: str) -> list[str]:
    """The paragraphs of the page's blockquote (speaker turns), without `>`."""
    lines = [re.sub(r"^>\s?", "", ln) for ln in body.split("\n## ")[0].splitlines() if ln.startswith(">")]
    return [p.strip() for p in "\n".join(lines).split("\n\n") if p.strip()]


@pytest.mark.parametrize("quote", QUOTES, ids=lambda q: q.id)
def test_quote_is_faithful_to_its_thesis(quote):
    study = quote.meta["study"]
    turns = quote_turns(quote.body)
    assert turns, "a quote page starts with the quote as a blockquote"
    for turn in turns:
        match = seeds.find_in_seed(study, turn)
        assert match is not None, f"not found in the {study} seed: {turn[:80]!r}"


@pytest.mark.parametrize("quote", QUOTES, ids=lambda q: q.id)
def test_quote_locator_matches_estimated_page(quote):
    study = quote.meta["study"]
    first = seeds.find_in_seed(study, quote_turns(quote.body)[0])
    assert first is not None
    pages = [int(n) for n in re.findall(r"\d+", quote.meta["locator"])]
    assert pages and abs(pages[0] - first.page) <= 1, f"locator {quote.meta['locator']} vs estimated s. {first.page}"


@pytest.mark.parametrize("quote", QUOTES, ids=lambda q: q.id)
def test_quote_has_a_cited_analysis(quote):
    assert "\n## Analys" in quote.body
    analysis = quote.body.split("\n## Analys", 1)[1]
    found, _ = citations.scan(analysis)
    assert any(c.key == quote.meta["study"] for c in found), "the analysis cites the thesis page"
    assert 40 <= word_count(analysis) <= 300


def test_quotes_from_both_theses():
    studies = [q.meta["study"] for q in QUOTES]
    assert studies.count("lundgren2022") >= 10 and studies.count("backman2021") >= 10


def test_restored_letters_only_in_backman_quotes():
    """Restoration must not leave OCR debris such as '&r', 'pé' or digits inside words."""
    debris = re.compile(r"(?<!\w)(?:&r|pé|pd|dr|ir)(?!\w)|\w[46]\w")
    for quote in (q for q in QUOTES if q.meta["study"] == "backman2021"):
        for turn in quote_turns(quote.body):
            assert not debris.search(turn), f"{quote.rel}: OCR debris in {debris.search(turn).group(0)!r}"


def _word_runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", seeds.fold(text))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


SEED_RUNS = {study: _word_runs(seeds.seed_text(study), 9) for study in seeds.SEED_FILES}
SKELETON_RUNS = {study: {tuple(seeds.skeleton(w) for w in run) for run in runs} for study, runs in SEED_RUNS.items()}


def _prose_outside_quotes(page) -> str:
    body = re.sub(r"^>.*$", "", page.body, flags=re.M)  # the quoted interview text itself
    body = re.sub(r"[”\"][^”\"\n]{0,200}[”\"]", " ", body)  # short phrases quoted from the thesis
    body = re.sub(r"\*[^*\n]+\*", " ", body)  # titles of works are set in italics
    return re.sub(r"\[@[^\]]*\]", " ", body)


@pytest.mark.parametrize(
    "page", [p for p in KB.pages if p.kind != "page" or p.rel.startswith("docs/about")], ids=lambda p: p.id
)
def test_prose_is_not_copied_from_the_theses(page):
    """No run of nine words outside quotation marks may equal a run in either thesis."""
    runs = _word_runs(_prose_outside_quotes(page), 9)
    copied = [r for r in runs if r in SEED_RUNS["lundgren2022"]]
    copied += [r for r in runs if tuple(seeds.skeleton(w) for w in r) in SKELETON_RUNS["backman2021"]]
    assert copied == [], " / ".join(" ".join(r) for r in copied[:3])
