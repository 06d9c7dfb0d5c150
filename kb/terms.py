"""Find which of many fixed terms occur in a text, in time linear in the text.

One regex alternation of every concept title costs (number of terms x text
length): at 500 concepts that was most of the site build. `TermFinder` looks
up each word of the text in an index of the terms' first words instead, and
matches like `(?<!\\w)(?:longest|…|shortest)(?!\\w)` scanned left to right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"\w+")
WORD_START = re.compile(r"(?<!\w)\w+")
WORD_CHAR = re.compile(r"\w")


class TermFinder:
    def __init__(self, terms: Iterable[str]) -> None:
        self._by_first_word: dict[str, list[str]] = {}
        for term in sorted(set(terms), key=len, reverse=True):  # longest first, as the alternation
            first = WORD.match(term)
            if first:  # a term must start with a word character
                self._by_first_word.setdefault(first.group(0), []).append(term)

    def find(self, text: str) -> set[str]:
        """The terms that occur in *text* as whole words (non-overlapping, leftmost-longest)."""
        found: set[str] = set()
        resume = 0
        for word in WORD_START.finditer(text):
            start = word.start()
            if start < resume:
                continue
            # A term that matches here starts with this whole word (else it ends mid-word).
            for term in self._by_first_word.get(word.group(0), ()):
                end = start + len(term)
                if text.startswith(term, start) and not WORD_CHAR.match(text, end):
                    found.add(term)
                    resume = end
                    break
        return found
