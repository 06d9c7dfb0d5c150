"""The site's own prose is its own: no run of words copied from either thesis outside quotation marks."""

from __future__ import annotations

import re

import pytest

from kb.model import KnowledgeBase, Page
from tools import seeds


def own_prose(page: Page) -> str:
    """A page's text without what it rightly quotes: block quotes, ”…” phrases, titles in italics, citations."""
    body = re.sub(r"^>.*$", "", page.body, flags=re.M)
    body = re.sub(r"[”\"][^”\"\n]{0,200}[”\"]", " ", body)
    body = re.sub(r"\*[^*\n]+\*", " ", body)
    return re.sub(r"\[@[^\]]*\]", " ", body)


def prose_pages(kb: KnowledgeBase) -> list[Page]:
    return [p for p in kb.pages if p.kind != "page" or p.rel.startswith("docs/about")]


def test_no_run_of_ten_words_is_copied_from_a_thesis(kb, theses):
    """From the fingerprint, in any clone: every copied run of 14 words or more is found, shorter ones often."""
    copied = [
        f"{page.rel}: {run!r} ({study})"
        for page in prose_pages(kb)
        for study, thesis in theses.items()
        for run in thesis.copied_runs(own_prose(page))
    ]
    assert copied == [], "\n".join(copied)


def test_the_copy_check_can_fail(kb, theses):
    """A sentence of Lundgren's analysis pasted into a page is found."""
    pasted = (
        "Det kan göra att socialsekreterarna använder sitt tolkningsutrymme på olika sätt, enligt min empiri "
        "framför allt utifrån professionell kompetens. Detta kan i sin tur leda till att brukare med liknande "
        "behov får olika aktiveringsinsatser beroende på vilken socialsekreterare de har kontakt med."
    )
    assert theses["lundgren2022"].copied_runs(pasted)


def _word_runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", seeds.fold(text))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.fixture(scope="module")
def seed_runs(seed_texts) -> dict[str, set[tuple[str, ...]]]:
    runs = {study: _word_runs(seeds.seed_text(study), 9) for study in seeds.SEED_FILES}
    runs["backman2021"] = {tuple(seeds.skeleton(w) for w in run) for run in runs["backman2021"]}
    return runs


def test_no_run_of_nine_words_is_copied_where_the_seeds_are(kb, seed_runs):
    copied = []
    for page in prose_pages(kb):
        for run in _word_runs(own_prose(page), 9):
            if run in seed_runs["lundgren2022"] or tuple(seeds.skeleton(w) for w in run) in seed_runs["backman2021"]:
                copied.append(f"{page.rel}: {' '.join(run)}")
    assert copied == [], "\n".join(copied[:10])
