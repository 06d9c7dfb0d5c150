"""Find which of many fixed terms occur in a text, in time linear in the text.

One regex alternation of every concept title, `(?<!\\w)(?:longest|…|shortest)(?!\\w)`,
makes the regex engine try every title at every word: at 500 concepts that was
most of the site build. `TermFinder` compiles the same terms into a trie-shaped
regex instead (shared prefixes written once), which finds exactly the same
matches while the engine follows one path per position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

END = ""  # trie key marking that a term ends at this node

Trie = dict[str, "Trie"]


class TermFinder:
    def __init__(self, terms: Iterable[str]) -> None:
        trie: Trie = {}
        for term in filter(None, terms):
            node = trie
            for char in term:
                node = node.setdefault(char, {})
            node[END] = {}
        self._pattern = re.compile(rf"(?<!\w)(?:{_regex(trie)})(?!\w)") if trie else None

    def find(self, text: str) -> set[str]:
        """The terms that occur in *text* as whole words (non-overlapping, leftmost-longest)."""
        return set(self._pattern.findall(text)) if self._pattern else set()


def _regex(node: Trie) -> str:
    """The alternatives below *node*; a term ending here is the last (shortest) choice."""
    branches = [re.escape(char) + _regex(child) for char, child in sorted(node.items()) if char != END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if END in node:
        return f"(?:{body})?"  # greedy: the longer term first, then the one ending here
    return body
