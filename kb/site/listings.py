"""The pages the build generates: indexes of concepts, quotes and sources, a page per source,
the concept map and the tags page. Their paths come from kb.site.paths."""

from __future__ import annotations

import re
from collections import defaultdict

from kb.bibliography import BibEntry
from kb.model import Page, PageKind
from kb.site import paths
from kb.site.analysis import Site, sort_key
from kb.site.graph import GRAPH_JSON, group_of, groups
from kb.site.render import concept_link, link

# Listing pages repeat what the pages they list say: left out of search, a query finds
# the concept, quote or source itself (and indexing them grew with the site).
UNSEARCHED = "---\nsearch:\n  exclude: true\n---\n"
OTHER_THEORIST = "Övriga begrepp"
MAX_PAIRS = 100  # a readable table; a large site has tens of thousands of pairs


def listing_pages(site: Site, references: dict[str, str]) -> dict[str, str]:
    """Site path -> Markdown of every generated listing page and source page (see paths.generated_pages)."""
    pages = {
        paths.MAP: UNSEARCHED + _map_page(site),
        paths.TAGS: "# Taggar\n\nBegreppen ordnade efter tagg.\n\n<!-- material/tags -->\n",
        paths.CONCEPT_INDEX: UNSEARCHED + _concept_index(site),
        paths.QUOTE_INDEX: UNSEARCHED + _quote_index(site),
        paths.SOURCE_INDEX: UNSEARCHED + _source_index(site, references),
    }
    for key in site.kb.source_keys:
        pages[paths.source(key)] = _source_page(site, key, references.get(key, ""))
    return pages


def _concept_index(site: Site) -> str:
    here = paths.CONCEPT_INDEX
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
        out.append(f"- {concept_link(site, here, c.id)} — *{c.meta.get('title_en', '')}* ({count} citat)")
    out += ["", "## Efter teoretiker", ""]
    by_theorist: dict[str, list[Page]] = defaultdict(list)
    for c in concepts:
        theorist = c.meta.get("theorist")
        by_theorist[site.theorist_name(theorist) if theorist else OTHER_THEORIST].append(c)
    for name in sorted(by_theorist, key=lambda n: (n == OTHER_THEORIST, sort_key(n))):
        out += [f"### {name}", ""] + [f"- {concept_link(site, here, c.id)}" for c in by_theorist[name]] + [""]
    return "\n".join(out)


def _quote_index(site: Site) -> str:
    here = paths.QUOTE_INDEX
    quotes = site.kb.of_kind(PageKind.QUOTE)
    out = ["# Citat", "", f"{len(quotes)} anonymiserade intervjucitat ur de två uppsatserna.", ""]
    by_study = site.quotes_by_study
    for study in sorted(by_study):
        out += [f"## {site.study_label(study)}", "", "| Citat | Talare | Sida | Begrepp |", "|---|---|---|---|"]
        for q in by_study[study]:
            concepts = ", ".join(concept_link(site, here, c) for c in q.meta.get("concepts") or [] if c in site.titles)
            out.append(
                f"| {link(here, q.site_path, q.title)} | {q.meta.get('speaker')} "
                f"| {q.meta.get('locator')} | {concepts} |"
            )
        out.append("")
    return "\n".join(out)


def _source_index(site: Site, references: dict[str, str]) -> str:
    here = paths.SOURCE_INDEX
    entries = sorted((site.kb.bib.entries[k] for k in site.kb.source_keys), key=lambda e: sort_key(e.short()))
    cited = [e for e in entries if site.cites_by_key.get(e.key)]
    listed = [e for e in entries if not site.cites_by_key.get(e.key)]

    def item(e: BibEntry) -> str:
        uses = len(site.cites_by_key.get(e.key, []))
        text = references.get(e.key) or e.fields.get("title", e.key)
        count = f" ({uses} {'hänvisning' if uses == 1 else 'hänvisningar'})" if uses else ""
        return f"- {link(here, paths.source(e.key), e.short())}: {text}{count}"

    out = ["# Källor", "", f"{len(entries)} källor: de som sidorna citerar och de som uppsatserna listar.", ""]
    out += [f"## Citeras på webbplatsen ({len(cited)})", "", *map(item, cited), ""]
    if listed:
        out += [
            f"## Finns i en uppsats referenslista men citeras inte här ({len(listed)})",
            "",
            "Verk som någon av de två uppsatserna hänvisar till men som ingen sida på webbplatsen citerar.",
            "",
            *map(item, listed),
            "",
        ]
    return "\n".join(out)


SOURCE_PAGE_SECTIONS = (
    (PageKind.CONCEPT, "Begrepp"),
    (PageKind.QUOTE, "Citat"),
    (PageKind.STUDY, "Studier"),
    (PageKind.THEORIST, "Teoretiker"),
    (PageKind.PAGE, "Övrigt"),
)


def _source_page(site: Site, key: str, reference: str) -> str:
    here = paths.source(key)
    entry = site.kb.bib.entries[key]
    out = [f"# {entry.short()}", "", reference or entry.fields.get("title", key), ""]
    if entry.fields.get("doi"):
        doi = entry.fields["doi"]
        out += [f"**DOI:** [{doi}](https://doi.org/{doi})", ""]
    if entry.fields.get("note"):
        out += [f'!!! note "Anmärkning"\n    {_linked_keys(site, here, entry.fields["note"])}', ""]
    if entry.cited_in:
        studies = ", ".join(link(here, paths.study(s), site.study_label(s)) for s in entry.cited_in)
        out += [f"**I referenslistan till:** {studies}", ""]
    by_page: dict[str, list[str]] = defaultdict(list)
    pages: dict[str, Page] = {}
    for use in site.cites_by_key.get(key, []):
        by_page[use.page.site_path].append(use.locator)
        pages[use.page.site_path] = use.page
    out += [f"## Citeras på {len(by_page)} sidor", ""]
    for kind, heading in SOURCE_PAGE_SECTIONS:
        rows = sorted((p for p in pages.values() if p.kind == kind), key=lambda p: sort_key(p.title))
        if rows:
            out += [f"### {heading}", ""]
            for p in rows:
                out.append(f"- {link(here, p.site_path, p.title)} — {', '.join(_in_page_order(by_page[p.site_path]))}")
            out.append("")
    if not by_page:
        out.append("*Ingen sida citerar ännu denna källa.*")
    return "\n".join(out) + "\n"


def _in_page_order(locators: list[str]) -> list[str]:
    """Each locator once, in the order of the pages they name (roman numerals before arabic)."""

    def order(locator: str) -> tuple[int, int, str]:
        arabic = re.search(r"\d+", locator)
        if arabic:
            return (1, int(arabic[0]), locator)
        roman = re.search(r"\b[ivxlcdm]+\b", locator)
        return (0, len(roman[0]), locator) if roman else (2, 0, locator)

    return sorted(dict.fromkeys(locators), key=order)


def _linked_keys(site: Site, here: str, note: str) -> str:
    """A note with every bibliography key in it (as `key` or bare) turned into a link to its source page."""
    keys = site.kb.bib.entries

    def to_link(m: re.Match[str]) -> str:
        key = m["key"]
        return link(here, paths.source(key), keys[key].short()) if key in site.kb.source_keys else m.group(0)

    return re.sub(r"`?\b(?P<key>[a-z][a-z0-9-]*\d{4}[a-z]?)\b`?", to_link, note)


def _concepts_by_group(site: Site, here: str) -> list[str]:
    """The map's concepts as a list, by theorist, with what each means (for reading without the map)."""
    out = ["## Begreppen i listform", ""]
    members: dict[str, list[Page]] = defaultdict(list)
    for c in site.kb.concepts.values():
        members[group_of(site, c.meta).id].append(c)
    for group in groups(site):
        if not members[group.id]:
            continue
        out += [f"### {group.label}", ""]
        for c in sorted(members[group.id], key=lambda p: sort_key(p.title)):
            out.append(f"- {concept_link(site, here, c.id)} — {site.summaries[c.id]}")
        out.append("")
    return out


def _map_page(site: Site) -> str:
    here = paths.MAP
    legend = " ".join(f'<span><i style="background: {g.color}"></i>{g.label}</span>' for g in groups(site))
    out = [
        "# Begreppskarta",
        "",
        "Varje punkt är ett begrepp (färg efter teoretiker, storlek efter antal citat). Heldragna linjer är "
        "relationer som begreppssidorna anger; streckade linjer visar att två begrepp kodats på samma citat. "
        "Peka på eller tabba till ett begrepp för att se vad det betyder; klicka för att öppna dess sida.",
        "",
        "Zooma med knapparna, med Ctrl/⌘ och scrollhjulet eller med två fingrar, och dra för att flytta "
        "kartan. Med tangentbordet: piltangenterna flyttar, plus och minus zoomar, 0 visar hela kartan. "
        "Namn som inte får plats visas när du zoomar in.",
        "",
        f'<div class="kb-legend">{legend}</div>',
        "",
        f'<div id="kb-graph" data-src="../{GRAPH_JSON}" data-base="../">'
        "<p>Kartan kräver JavaScript. Alla begrepp finns i listan nedanför.</p>"
        "</div>",
        "",
        *_concepts_by_group(site, here),
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
            out.append(f"| {concept_link(site, here, a)} | {concept_link(site, here, b)} | {n} |")
    else:
        out.append("*Inga citat har ännu flera begrepp.*")
    return "\n".join(out) + "\n"
