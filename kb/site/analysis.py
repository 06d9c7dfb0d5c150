"""What the site knows across pages: which quotes illustrate a concept, who cites a source, which
concepts share a quote; computed once per build from the loaded knowledge base."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from kb import syntax
from kb.model import KnowledgeBase, Page, PageKind, related_item
from kb.terms import TermFinder

ALPHABET_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def sort_key(text: str) -> str:
    """Swedish alphabetical order: … x y z å ä ö."""
    return text.casefold().translate(ALPHABET_ORDER)


@dataclass
class CiteUse:
    page: Page
    locator: str


@dataclass
class Site:
    kb: KnowledgeBase
    quotes_by_concept: dict[str, list[Page]] = field(default_factory=dict)
    cites_by_key: dict[str, list[CiteUse]] = field(default_factory=dict)
    cooccurrence: Counter[tuple[str, str]] = field(default_factory=Counter)

    @cached_property
    def titles(self) -> dict[str, str]:
        return {cid: p.title for cid, p in self.kb.concepts.items()}

    @cached_property
    def summaries(self) -> dict[str, str]:
        """Concept id -> the first sentence of its definition, as plain text (for tooltips)."""
        return {cid: summary(p, self.titles) for cid, p in self.kb.concepts.items()}

    @cached_property
    def glossary_terms(self) -> tuple[dict[str, tuple[str, str]], TermFinder]:
        """Term -> (concept id, tooltip), in A–Ö order, and a finder for them."""
        terms: dict[str, tuple[str, str]] = {}
        for c in sorted(self.kb.concepts.values(), key=lambda p: sort_key(p.title)):
            first, english = self.summaries[c.id], c.meta.get("title_en", "")
            text = f"{first} (engelska: {english})" if first and english else first or str(english)
            for term in (c.title, c.title.lower()):
                terms.setdefault(term, (c.id, text))
        return terms, TermFinder(terms)

    @cached_property
    def glossary_rank(self) -> dict[str, int]:
        return {term: i for i, term in enumerate(self.glossary_terms[0])}

    @cached_property
    def excerpts(self) -> dict[str, str]:
        """Site path -> excerpt of every quote (each quote is listed on several pages)."""
        return {q.site_path: excerpt(q) for q in self.kb.of_kind(PageKind.QUOTE)}

    @cached_property
    def theorists(self) -> dict[str, Page]:
        return {p.id: p for p in self.kb.of_kind(PageKind.THEORIST)}

    def theorist_name(self, tid: str) -> str:
        page = self.theorists.get(tid)
        return page.title if page else tid

    @cached_property
    def quotes_by_study(self) -> dict[str, list[Page]]:
        """Study key -> its quote pages, in the order of their files (the order they appear in the thesis)."""
        by_study: dict[str, list[Page]] = {}
        for quote in self.kb.of_kind(PageKind.QUOTE):
            by_study.setdefault(str(quote.meta.get("study", "")), []).append(quote)
        return by_study

    @cached_property
    def quote_position(self) -> dict[str, int]:
        """A quote page's place among its study's quotes (0 for the first)."""
        return {q.site_path: i for quotes in self.quotes_by_study.values() for i, q in enumerate(quotes)}

    @cached_property
    def neighbours(self) -> dict[str, list[str]]:
        """Concept id -> the concepts it names as related and those that name it, A–Ö."""
        found: dict[str, set[str]] = defaultdict(set)
        for concept in self.kb.concepts.values():
            for item in concept.meta.get("related") or []:
                other = related_item(item)[0]
                if other in self.titles and other != concept.id:
                    found[concept.id].add(other)
                    found[other].add(concept.id)
        return {cid: sorted(ids, key=lambda c: sort_key(self.titles[c])) for cid, ids in found.items()}

    def study_label(self, key: str) -> str:
        entry = self.kb.bib.entries.get(key)
        if not entry:
            return key
        name, _, year = entry.short().rpartition(" ")
        return f"{name} ({year})"


def analyse(kb: KnowledgeBase) -> Site:
    site = Site(kb)
    quotes: dict[str, list[Page]] = defaultdict(list)
    for quote in kb.of_kind(PageKind.QUOTE):
        ids = [c for c in quote.meta.get("concepts") or [] if isinstance(c, str)]
        for cid in ids:
            quotes[cid].append(quote)
        for a, b in combinations(sorted(set(ids)), 2):
            site.cooccurrence[(a, b)] += 1
    site.quotes_by_concept = dict(quotes)
    uses: dict[str, list[CiteUse]] = defaultdict(list)
    for page in kb.pages:
        for cite in kb.citations_of(page)[0]:
            uses[cite.key].append(CiteUse(page, cite.locator))
    site.cites_by_key = dict(uses)
    return site


def summary(concept: Page, titles: dict[str, str], limit: int = 220) -> str:
    """The definition's first sentence as plain text (concept links as their titles), cut at *limit* characters."""
    sentence = syntax.first_sentence(syntax.plain_text(syntax.definition(concept.body), titles))
    return sentence[:limit] + ("…" if len(sentence) > limit else "")


def excerpt(quote: Page, words: int = 22) -> str:
    """The quote's first words as plain speech: no speaker labels, no quotation marks of its own."""
    turns = syntax.quote_turns(quote.body)
    lines = [re.sub(r"^(IP|I):\s*", "", line) for turn in turns for line in turn.split("\n") if line.strip()]
    text = " ".join(line.strip().strip('”“"„') for line in lines)
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
