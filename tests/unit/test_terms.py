"""TermFinder finds exactly what one regex alternation of all terms finds, without its cost."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kb.terms import TermFinder

TERMS = ["roll", "dubbel roll", "Dubbel roll", "NPM", "New Public Management", "team", "främre region", "å"]
PIECES = [*TERMS, " ", "-", ".", "rollen", "x", "Roll", "\n", "[[", "]]", "teamet", "ö"]


def regex_reference(terms: list[str], text: str) -> set[str]:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return set(re.findall(rf"(?<!\w)(?:{alternatives})(?!\w)", text))


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_same_matches_as_the_regex_alternation(text: str):
    assert TermFinder(TERMS).find(text) == regex_reference(TERMS, text)


def test_whole_words_longest_first():
    finder = TermFinder(TERMS)
    assert finder.find("Hon tog en dubbel roll i teamet.") == {"dubbel roll"}
    assert finder.find("rollen och NPM-reformen") == {"NPM"}
    assert finder.find("inget här") == set()
