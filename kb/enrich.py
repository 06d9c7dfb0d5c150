"""Enrich: cross-links and generated pages, computed from the loaded knowledge base.

Everything here is plain Markdown text keyed by site path, so any renderer
(MkDocs today, a successor tomorrow) can use it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from kb import links
from kb.model import SITE_CONCEPTS, KnowledgeBase, Page, related_item
from kb.terms import TermFinder
from kb.text import plain_wikilinks

ALPHABET_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})
OTHER_THEORIST = "Övriga begrepp"


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
    def glossary_terms(self) -> tuple[dict[str, tuple[str, str]], TermFinder]:
        """Term -> (concept id, tooltip), in A–Ö order, and a finder for them."""
        terms: dict[str, tuple[str, str]] = {}
        for c in sorted(self.kb.concepts.values(), key=lambda p: sort_key(p.title)):
            summary = first_sentence(c.body)
            text = f"{c.meta.get('title_en', '')}: {summary}" if summary else str(c.meta.get("title_en", ""))
            for term in (c.title, c.title.lower()):
                terms.setdefault(term, (c.id, text))
        return terms, TermFinder(terms)

    @cached_property
    def excerpts(self) -> dict[str, str]:
        """Site path -> excerpt of every quote (each quote is listed on several pages)."""
        return {q.site_path: excerpt(q) for q in self.kb.of_kind("quote")}

    @cached_property
    def glossary_rank(self) -> dict[str, int]:
        return {term: i for i, term in enumerate(self.glossary_terms[0])}

    def study_label(self, key: str) -> str:
        entry = self.kb.bib.entries.get(key)
        if not entry:
            return key
        short = entry.short()
        name, _, year = short.rpartition(" ")
        return f"{name} ({year})"


def analyse(kb: KnowledgeBase) -> Site:
    site = Site(kb)
    quotes: dict[str, list[Page]] = defaultdict(list)
    for quote in kb.of_kind("quote"):
        ids = [c for c in quote.meta.get("concepts") or [] if isinstance(c, str)]
        for cid in ids:
            quotes[cid].append(quote)
        for a, b in combinations(sorted(set(ids)), 2):
            site.cooccurrence[(a, b)] += 1
    site.quotes_by_concept = dict(quotes)
    uses: dict[str, list[CiteUse]] = defaultdict(list)
    for page in kb.pages:
        found, _ = kb.citations_of(page)
        for cite in found:
            uses[cite.key].append(CiteUse(page, cite.locator))
    site.cites_by_key = dict(uses)
    return site


# --- rendering of authored pages -------------------------------------------------


def render_page(site: Site, page: Page) -> str:
    """The Markdown a page is rendered from: heading, body, generated sections."""
    body = links.rewrite_wikilinks(page.body, page.site_path, site.titles, SITE_CONCEPTS)
    render = {"concept": _concept, "quote": _quote, "study": _study, "theorist": _theorist}.get(page.kind)
    return render(site, page, body) if render else body


def _link(site_path_from: str, to: str, text: str) -> str:
    return f"[{text}]({links.relative_url(site_path_from, to)})"


def _concept_link(site: Site, here: str, cid: str) -> str:
    return _link(here, f"{SITE_CONCEPTS}/{cid}.md", site.titles.get(cid, cid))


def _concept(site: Site, page: Page, body: str) -> str:
    meta, here = page.meta, page.site_path
    subtitle = [f"*Engelska:* {meta.get('title_en', '')}"]
    theorist = meta.get("theorist")
    if theorist:
        subtitle.append("*Teoretiker:* " + _link(here, f"theorists/{theorist}.md", _theorist_name(site, theorist)))
    if meta.get("aliases"):
        subtitle.append("*Även:* " + ", ".join(meta["aliases"]))
    out = [f"# {page.title}", "", " · ".join(subtitle), "", body.strip(), ""]
    related = [related_item(r) for r in meta.get("related") or []]
    if related:
        out += ["## Relaterade begrepp", ""]
        for cid, relation in related:
            if cid in site.titles:
                out.append(f"- {relation.capitalize()}: {_concept_link(site, here, cid)}")
        out.append("")
    quotes = site.quotes_by_concept.get(page.id, [])
    out += ["## Citat som belyser begreppet", ""]
    if quotes:
        for q in quotes:
            out.append(_quote_item(site, here, q))
    else:
        out.append("*Inga citat är ännu kopplade till begreppet.*")
    return "\n".join(out) + "\n"


def _theorist_name(site: Site, tid: str) -> str:
    page = next((p for p in site.kb.of_kind("theorist") if p.id == tid), None)
    return page.title if page else tid


def excerpt(quote: Page, words: int = 22) -> str:
    lines = [re.sub(r"^>\s?", "", ln) for ln in quote.body.splitlines() if ln.startswith(">")]
    text = " ".join(re.sub(r"^(IP|I):\s*", "", ln) for ln in lines if ln.strip(">").strip())
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _quote_item(site: Site, here: str, q: Page) -> str:
    study = str(q.meta.get("study", ""))
    where = f"{q.meta.get('speaker', '')}, {site.study_label(study)}, {q.meta.get('locator', '')}"
    return f"- {_link(here, q.site_path, q.title)} — {where}  \n  *”{site.excerpts[q.site_path]}”*"


def _quote(site: Site, page: Page, body: str) -> str:
    meta, here = page.meta, page.site_path
    study = str(meta.get("study", ""))
    concepts = ", ".join(_concept_link(site, here, c) for c in meta.get("concepts") or [] if c in site.titles)
    facts = [
        f"**Studie:** {_link(here, f'studies/{study}.md', site.study_label(study))}",
        f"**Talare:** {meta.get('speaker', '')}",
        f"**Sida:** {meta.get('locator', '')}",
    ]
    out = [f"# {page.title}", "", " · ".join(facts), ""]
    if meta.get("context"):
        out += [f"**Sammanhang:** {meta['context']}", ""]
    out += [f"**Begrepp:** {concepts}", "", body.strip(), ""]
    return "\n".join(out) + "\n"


def _study(site: Site, page: Page, body: str) -> str:
    here, key = page.site_path, str(page.meta.get("study"))
    quotes = [q for q in site.kb.of_kind("quote") if q.meta.get("study") == key]
    concept_ids = sorted({c for q in quotes for c in q.meta.get("concepts") or [] if c in site.titles}, key=sort_key)
    out = [f"# {page.title}", "", _link(here, f"sources/{key}.md", "Fullständig referens"), "", body.strip(), ""]
    out += ["## Begrepp i studiens citat", ""]
    out += [f"- {_concept_link(site, here, c)}" for c in concept_ids] or ["*Inga ännu.*"]
    out += ["", f"## Citat ({len(quotes)})", ""]
    out += [_quote_item(site, here, q) for q in quotes] or ["*Inga ännu.*"]
    refs = [e for e in site.kb.bib.entries.values() if key in e.cited_in]
    if refs:
        out += ["", f"## Studiens referenslista ({len(refs)} källor)", ""]
        out += [
            f"- {_link(here, f'sources/{e.key}.md', e.short())}"
            for e in sorted(refs, key=lambda e: sort_key(e.short()))
        ]
    return "\n".join(out) + "\n"


def _theorist(site: Site, page: Page, body: str) -> str:
    here = page.site_path
    own = sorted(
        (c for c in site.kb.concepts.values() if c.meta.get("theorist") == page.id), key=lambda p: sort_key(p.title)
    )
    out = [f"# {page.title}", "", body.strip(), "", "## Begrepp", ""]
    out += [f"- {_concept_link(site, here, c.id)} — *{c.meta.get('title_en', '')}*" for c in own] or ["*Inga ännu.*"]
    return "\n".join(out) + "\n"


def glossary(site: Site, markdown: str, skip: str = "") -> str:
    """Abbreviation definitions (Markdown `abbr`) that give concept names a tooltip.

    Only the terms that occur in *markdown* are defined, so a page's cost does not
    grow with the number of concepts; *skip* is the concept whose own page this is.
    """
    terms, finder = site.glossary_terms
    present = sorted(finder.find(markdown), key=site.glossary_rank.__getitem__)  # A–Ö, as the terms
    return "\n".join(f"*[{term}]: {terms[term][1]}" for term in present if terms[term][0] != skip)


def first_sentence(body: str) -> str:
    """The definition's first sentence as plain text (for tooltips and code descriptions)."""
    definition = body.split("\n## ")[0]
    text = re.sub(r"\s*\[@[^\]]*\]", "", definition)
    text = plain_wikilinks(text)
    text = re.sub(r"[*_`\[\]]", "", " ".join(text.split()))
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return sentence[:220] + ("…" if len(sentence) > 220 else "")


# --- generated pages ------------------------------------------------------------


# Listing pages repeat what the pages they list say: left out of search, a query finds
# the concept, quote or source itself (and indexing them grew with the site).
UNSEARCHED = "---\nsearch:\n  exclude: true\n---\n"


def generated_pages(site: Site, references: dict[str, str]) -> dict[str, str]:
    """New pages (site path -> Markdown): indexes and one page per source."""
    pages = {
        "karta.md": UNSEARCHED + _map_page(site),
        "taggar.md": "# Taggar\n\nBegreppen ordnade efter tagg.\n\n<!-- material/tags -->\n",
        f"{SITE_CONCEPTS}/index.md": UNSEARCHED + _concept_index(site),
        "quotes/index.md": UNSEARCHED + _quote_index(site),
        "sources/index.md": UNSEARCHED + _source_index(site, references),
    }
    for key in site.kb.source_keys:
        pages[f"sources/{key}.md"] = _source_page(site, key, references.get(key, ""))
    return pages


def _concept_index(site: Site) -> str:
    here = f"{SITE_CONCEPTS}/index.md"
    concepts = sorted(site.kb.concepts.values(), key=lambda p: sort_key(p.title))
    out = ["# Begrepp", "", f"Kunskapsbasen har {len(concepts)} begrepp. Se också [begreppskartan](../karta.md).", ""]
    out += ["## A–Ö"]
    letter = ""
    for c in concepts:
        first = c.title[0].upper()
        if first != letter:
            letter = first
            out += ["", f"### {letter}", ""]
        count = len(site.quotes_by_concept.get(c.id, []))
        out.append(f"- {_concept_link(site, here, c.id)} — *{c.meta.get('title_en', '')}* ({count} citat)")
    out += ["", "## Efter teoretiker", ""]
    groups: dict[str, list[Page]] = defaultdict(list)
    for c in concepts:
        theorist = c.meta.get("theorist")
        groups[_theorist_name(site, theorist) if theorist else OTHER_THEORIST].append(c)
    for name in sorted(groups, key=lambda n: (n == OTHER_THEORIST, sort_key(n))):
        out += [f"### {name}", ""] + [f"- {_concept_link(site, here, c.id)}" for c in groups[name]] + [""]
    return "\n".join(out)


def _quote_index(site: Site) -> str:
    here = "quotes/index.md"
    quotes = site.kb.of_kind("quote")
    out = ["# Citat", "", f"{len(quotes)} anonymiserade intervjucitat ur de två uppsatserna.", ""]
    by_study: dict[str, list[Page]] = defaultdict(list)
    for q in quotes:
        by_study[str(q.meta.get("study"))].append(q)
    for study in sorted(by_study):
        out += [f"## {site.study_label(study)}", "", "| Citat | Talare | Sida | Begrepp |", "|---|---|---|---|"]
        for q in by_study[study]:
            concepts = ", ".join(_concept_link(site, here, c) for c in q.meta.get("concepts") or [] if c in site.titles)
            out.append(
                f"| {_link(here, q.site_path, q.title)} | {q.meta.get('speaker')} "
                f"| {q.meta.get('locator')} | {concepts} |"
            )
        out.append("")
    return "\n".join(out)


def _source_index(site: Site, references: dict[str, str]) -> str:
    here = "sources/index.md"
    entries = sorted((site.kb.bib.entries[k] for k in site.kb.source_keys), key=lambda e: sort_key(e.short()))
    out = ["# Källor", "", f"{len(entries)} källor: de som sidorna citerar och de som uppsatserna listar.", ""]
    for e in entries:
        uses = len(site.cites_by_key.get(e.key, []))
        text = references.get(e.key) or e.fields.get("title", e.key)
        out.append(f"- {_link(here, f'sources/{e.key}.md', e.short())}: {text} ({uses} hänvisningar)")
    return "\n".join(out) + "\n"


def _source_page(site: Site, key: str, reference: str) -> str:
    here = f"sources/{key}.md"
    entry = site.kb.bib.entries[key]
    out = [f"# {entry.short()}", "", reference or entry.fields.get("title", key), ""]
    if entry.fields.get("note"):
        out += [f'!!! note "Anmärkning"\n    {entry.fields["note"]}', ""]
    if entry.cited_in:
        studies = ", ".join(_link(here, f"studies/{s}.md", site.study_label(s)) for s in entry.cited_in)
        out += [f"**I referenslistan till:** {studies}", ""]
    uses = site.cites_by_key.get(key, [])
    by_page: dict[str, list[str]] = defaultdict(list)
    pages: dict[str, Page] = {}
    for use in uses:
        by_page[use.page.site_path].append(use.locator)
        pages[use.page.site_path] = use.page
    out += [f"## Citeras på {len(by_page)} sidor", ""]
    kinds = (
        ("concept", "Begrepp"),
        ("quote", "Citat"),
        ("study", "Studier"),
        ("theorist", "Teoretiker"),
        ("page", "Övrigt"),
    )
    for kind, heading in kinds:
        rows = sorted((p for p in pages.values() if p.kind == kind), key=lambda p: sort_key(p.title))
        if rows:
            out += [f"### {heading}", ""]
            out += [
                f"- {_link(here, p.site_path, p.title)} — {', '.join(dict.fromkeys(by_page[p.site_path]))}"
                for p in rows
            ]
            out.append("")
    if not by_page:
        out.append("*Ingen sida citerar ännu denna källa.*")
    return "\n".join(out) + "\n"


GRAPH_JSON = "assets/kb-graph.json"
# One colour per theorist: the concept map, its legend and the REFI-QDA codebook use this table.
GROUP_COLORS = {
    "lipsky": "#00897b",
    "goffman": "#e65100",
    "foucault": "#5e35b1",
    "weber": "#6d4c41",
    "evetts": "#c2185b",
    "ovrigt": "#546e7a",
}
GROUP_LABELS = {
    "lipsky": "Lipsky",
    "goffman": "Goffman",
    "foucault": "Foucault",
    "weber": "Weber",
    "evetts": "Evetts",
    "ovrigt": "Övriga",
}


MAX_PAIRS = 100  # a readable table; a large site has tens of thousands of pairs


def _map_page(site: Site) -> str:
    here = "karta.md"
    legend = " ".join(
        f'<span><i style="background: {GROUP_COLORS[g]}"></i>{label}</span>' for g, label in GROUP_LABELS.items()
    )
    out = [
        "# Begreppskarta",
        "",
        "Varje punkt är ett begrepp (färg efter teoretiker, storlek efter antal citat). Heldragna linjer är "
        "relationer som begreppssidorna anger; streckade linjer visar att två begrepp kodats på samma citat. "
        "Klicka på ett begrepp för att öppna dess sida.",
        "",
        f'<div class="kb-legend">{legend}</div>',
        "",
        f'<div id="kb-graph" data-src="../{GRAPH_JSON}" data-base="../">'
        f'<p>Kartan kräver JavaScript. Alla begrepp finns också i <a href="../{SITE_CONCEPTS}/">listan A–Ö</a>.</p>'
        "</div>",
        "",
        "## Samförekomst i citat",
        "",
    ]
    pairs = sorted(site.cooccurrence.items(), key=lambda kv: (-kv[1], sort_key(kv[0][0]), sort_key(kv[0][1])))
    if pairs:
        shown = pairs[:MAX_PAIRS]
        out.append(
            "Hur ofta två begrepp är kopplade till samma citat."
            if len(shown) == len(pairs)
            else f"De {len(shown)} vanligaste av {len(pairs)} begreppspar som kopplats till samma citat. "
            f"Alla par finns i [kartans data]({GRAPH_JSON}) (se [Exportera](export.md))."
        )
        out += ["", "| Begrepp | Begrepp | Citat |", "|---|---|---:|"]
        for (a, b), n in shown:
            out.append(f"| {_concept_link(site, here, a)} | {_concept_link(site, here, b)} | {n} |")
    else:
        out.append("*Inga citat har ännu flera begrepp.*")
    return "\n".join(out) + "\n"


# --- graph -------------------------------------------------------------------


def graph(site: Site) -> dict[str, object]:
    """Nodes (concepts, grouped by theorist) and edges (related, co-occurrence)."""
    nodes = [
        {
            "id": c.id,
            "label": c.title,
            "label_en": c.meta.get("title_en", ""),
            "group": c.meta.get("theorist") or "ovrigt",
            "color": GROUP_COLORS.get(c.meta.get("theorist") or "ovrigt", GROUP_COLORS["ovrigt"]),
            "quotes": len(site.quotes_by_concept.get(c.id, [])),
            "url": f"{SITE_CONCEPTS}/{c.id}/",
        }
        for c in sorted(site.kb.concepts.values(), key=lambda p: sort_key(p.title))
    ]
    edges: list[dict[str, object]] = []
    for c in site.kb.concepts.values():
        for item in c.meta.get("related") or []:
            other, relation = related_item(item)
            if other in site.titles:
                edges.append({"source": c.id, "target": other, "kind": "related", "relation": relation})
    for (a, b), n in sorted(site.cooccurrence.items()):
        edges.append({"source": a, "target": b, "kind": "cooccurrence", "weight": n})
    return {"nodes": nodes, "edges": edges}
