"""Search that finds what a student types: the site's search index, tuned after it is written.

Material's search plugin writes one lunr document per page section (location, title, text, tags)
and a config with each field's weight; the browser builds the index from that file. `tune` changes:

- spelling: a title or text whose words have å, ä, ö or accents also carries their plain forms,
  hidden, so "grasrotsbyrakrat" (typed on a keyboard without Swedish letters) finds "gräsrotsbyråkrat"
  as a title match;
- ranking: the authors' guide ranks below students' content, and a tag (a theorist's name on every
  concept of theirs) no longer outweighs a title, so "Lipsky 2010" finds the source page of that title.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import Any

from kb.cache import digest

# Share of a section's score: the guide is for authors; students come first.
SECTION_BOOST = {"guide/": 0.05}
TAG_BOOST = 100.0  # Material's default is 1,000,000, ten thousand times a title's (1,000)
FOLDED_CLASS = "kb-folded"
WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)  # a site's vocabulary is small; its words recur on many pages
def fold(word: str) -> str:
    """The word without diacritics: "gräsrotsbyråkrat" -> "grasrotsbyrakrat"."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def folded_words(text: str) -> tuple[str, ...]:
    """The plain forms of the words of *text* that have diacritics, once each, in order."""
    # `mkdocs serve` tunes the index on every save and most texts are unchanged: remember the
    # result by a digest of the text (keeping the texts themselves would hold a second index).
    key = digest(text)
    found = _FOLDED.get(key)
    if found is None:
        if len(_FOLDED) > MEMO_LIMIT:
            _FOLDED.clear()
        plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
        found = _FOLDED[key] = tuple(
            dict.fromkeys(f for w in WORD.findall(plain) if not w.isascii() and (f := fold(w)) != w)
        )
    return found


MEMO_LIMIT = 200_000
_FOLDED: dict[str, tuple[str, ...]] = {}


def tune(index: dict[str, Any]) -> dict[str, Any]:
    """The search index with plain spellings added and the guide ranked after students' content."""
    fields = index.get("config", {}).get("fields", {})
    if "tags" in fields:
        fields["tags"]["boost"] = TAG_BOOST
    for doc in index.get("docs", []):
        for prefix, boost in SECTION_BOOST.items():
            if doc.get("location", "").startswith(prefix):
                doc["boost"] = boost
        for field in ("title", "text"):  # each field keeps its weight: a plain title still ranks as a title
            extra = folded_words(doc.get(field, ""))
            if extra:
                doc[field] = f'{doc.get(field, "")} <span class="{FOLDED_CLASS}" hidden>{" ".join(extra)}</span>'
    return index
