"""The Markdown an authored page is rendered from: its heading, its body with concept links
resolved, the sections the site adds (related concepts, quotes, facts) and glossary tooltips."""

from __future__ import annotations

import functools
import html
import re

from kb import links
from kb.model import SITE_CONCEPTS, Page, PageKind, related_item
from kb.site import paths
from kb.site.analysis import Site, sort_key
from kb.site.local_graph import local_graph
from kb.syntax import shield_for_citations


def own_term(page: Page) -> str:
    """The concept whose glossary tooltip the page leaves out: its own ("" for other pages)."""
    return page.id if page.kind == PageKind.CONCEPT else ""


def finished(site: Site, markdown: str, skip: str) -> str:
    """Rendered Markdown with its glossary definitions (and their tooltips in its quote lists),
    shielded for the citation plugin: reads nothing of the site but its glossary (kb.site.memo
    relies on that)."""
    defined = glossary_terms_in(site, markdown, skip)
    markdown = tooltip_quote_lists(markdown, {term: site.glossary_terms[0][term][1] for term in defined})
    return shield_for_citations(f"{markdown}\n\n{glossary(site, defined)}\n")


def render_page(site: Site, page: Page) -> str:
    body = links.rewrite_wikilinks(page.body, page.site_path, site.titles, SITE_CONCEPTS)
    render = {
        PageKind.CONCEPT: _concept,
        PageKind.QUOTE: _quote,
        PageKind.STUDY: _study,
        PageKind.THEORIST: _theorist,
    }.get(page.kind)
    return render(site, page, body) if render else body


def link(site_path_from: str, to: str, text: str) -> str:
    return f"[{text}]({links.relative_url(site_path_from, to)})"


def concept_link(site: Site, here: str, cid: str) -> str:
    return link(here, paths.concept(cid), site.titles.get(cid, cid))


QUOTE_LIST = '<ul class="kb-quotes">'


def quote_list(site: Site, here: str, quotes: list[Page]) -> list[str]:
    """The quotes as a list of links, each with who says it, where, and its first words.

    Written as the HTML Python-Markdown makes of the same list in Markdown (held to it by
    tests/unit/test_quote_list.py), since HTML costs next to nothing to parse: a study lists every
    quote it has, and Python-Markdown's inline processing of 900 such items took 0.18 s, most of a
    rebuild after a quote is saved. Unlike Markdown, it shows `*`, `<` or `&` in a title or in the
    words as written. The glossary's tooltips are put into it when the page is finished
    (`tooltip_quote_lists`).
    """
    return [QUOTE_LIST, *(_quote_item(site, here, q) for q in quotes), "</ul>"]


def _quote_item(site: Site, here: str, q: Page) -> str:
    study = str(q.meta.get("study", ""))
    where = f"{q.meta.get('speaker', '')}, {site.study_label(study)}, {q.meta.get('locator', '')}"
    url = html.escape(links.served_url(here, q.site_path))
    return (
        f'<li><a href="{url}">{_text(q.title)}</a> — {_text(where)}<br />\n'
        f"<em>”{_text(site.excerpts[q.site_path])}”</em></li>"
    )


def _text(text: str) -> str:
    """Text as Python-Markdown writes it into HTML (quotation marks stay as they are)."""
    return html.escape(text, quote=False)


def _attribute(text: str) -> str:
    """An attribute's value as Python-Markdown writes it (in double quotes)."""
    return _text(text).replace('"', "&quot;")


def _concept(site: Site, page: Page, body: str) -> str:
    meta, here = page.meta, page.site_path
    subtitle = [f"*Engelska:* {meta.get('title_en', '')}"]
    theorist = meta.get("theorist")
    if theorist:
        subtitle.append("*Teoretiker:* " + link(here, paths.theorist(theorist), site.theorist_name(theorist)))
    if meta.get("aliases"):
        subtitle.append("*Även:* " + ", ".join(meta["aliases"]))
    out = [f"# {page.title}", "", " · ".join(subtitle), "", body.strip(), ""]
    related = [related_item(r) for r in meta.get("related") or []]
    if related:
        out += ["## Relaterade begrepp", ""]
        for cid, relation in related:
            if cid in site.titles:
                out.append(f"- {relation.capitalize()}: {concept_link(site, here, cid)}")
        out.append("")
    quotes = site.quotes_by_concept.get(page.id, [])
    out += ["## Citat som belyser begreppet", ""]
    if quotes:
        out += quote_list(site, here, quotes)
    else:
        out.append("*Inga citat är ännu kopplade till begreppet.*")
    drawing = local_graph(site, page)
    if drawing:
        out += ["", "## Begreppets grannskap", ""]
        whole_map = link(here, paths.MAP, "begreppskartan")
        out += [f"Begreppets relationer och citat; se också hela {whole_map}.", ""]
        out += [f'<div class="kb-local-wrap">{drawing}</div>', ""]
    return "\n".join(out) + "\n"


def _quote(site: Site, page: Page, body: str) -> str:
    meta, here = page.meta, page.site_path
    study = str(meta.get("study", ""))
    concepts = ", ".join(concept_link(site, here, c) for c in meta.get("concepts") or [] if c in site.titles)
    facts = [
        f"**Studie:** {link(here, paths.study(study), site.study_label(study))}",
        f"**Talare:** {meta.get('speaker', '')}",
        f"**Sida:** {meta.get('locator', '')}",
    ]
    out = [f"# {page.title}", "", " · ".join(facts), ""]
    if meta.get("context"):
        out += [f"**Sammanhang:** {meta['context']}", ""]
    out += [f"**Begrepp:** {concepts}", "", body.strip(), "", _study_pager(site, page), ""]
    return "\n".join(out) + "\n"


def _study_pager(site: Site, page: Page) -> str:
    """Where the quote is among its study's quotes, with links to the previous and the next one."""
    here, study = page.site_path, str(page.meta.get("study", ""))
    quotes = site.quotes_by_study[study]
    i = site.quote_position[page.site_path]
    parts = [f"Citat {i + 1} av {len(quotes)} i {link(here, paths.study(study), site.study_label(study))}"]
    if i > 0:
        parts.append("← Föregående: " + link(here, quotes[i - 1].site_path, quotes[i - 1].title))
    if i + 1 < len(quotes):
        parts.append("Nästa: " + link(here, quotes[i + 1].site_path, quotes[i + 1].title) + " →")
    return " · ".join(parts) + "\n{: .kb-pager }"


def _study(site: Site, page: Page, body: str) -> str:
    here, key = page.site_path, str(page.meta.get("study"))
    quotes = site.quotes_by_study.get(key, [])
    concept_ids = sorted({c for q in quotes for c in q.meta.get("concepts") or [] if c in site.titles}, key=sort_key)
    out = [f"# {page.title}", "", link(here, paths.source(key), "Fullständig referens"), "", body.strip(), ""]
    out += ["## Begrepp i studiens citat", ""]
    out += [f"- {concept_link(site, here, c)}" for c in concept_ids] or ["*Inga ännu.*"]
    out += ["", f"## Citat ({len(quotes)})", ""]
    out += quote_list(site, here, quotes) if quotes else ["*Inga ännu.*"]
    refs = [e for e in site.kb.bib.entries.values() if key in e.cited_in]
    if refs:
        out += ["", f"## Studiens referenslista ({len(refs)} källor)", ""]
        out += [
            f"- {link(here, paths.source(e.key), e.short())}" for e in sorted(refs, key=lambda e: sort_key(e.short()))
        ]
    return "\n".join(out) + "\n"


def _theorist(site: Site, page: Page, body: str) -> str:
    here = page.site_path
    own = sorted(
        (c for c in site.kb.concepts.values() if c.meta.get("theorist") == page.id), key=lambda p: sort_key(p.title)
    )
    out = [f"# {page.title}", "", body.strip(), "", "## Begrepp", ""]
    out += [f"- {concept_link(site, here, c.id)} — *{c.meta.get('title_en', '')}*" for c in own] or ["*Inga ännu.*"]
    return "\n".join(out) + "\n"


LINKED_TOOLTIP = re.compile(r"(<a\b[^>]*>)<abbr title=\"[^\"]*\">([^<]*)</abbr></a>")


def untooltip_links(html: str) -> str:
    """A linked term shows the linked page's preview; a glossary tooltip on it would cover it."""
    return LINKED_TOOLTIP.sub(r"\1\2</a>", html)


def glossary_terms_in(site: Site, markdown: str, skip: str = "") -> list[str]:
    """The glossary terms that occur in *markdown*, A–Ö, but those of concept *skip* (the page's own).

    Only these are defined on the page, so a page's cost does not grow with the number of concepts.
    """
    terms, finder = site.glossary_terms
    present = sorted(finder.find(markdown), key=site.glossary_rank.__getitem__)
    return [term for term in present if terms[term][0] != skip]


def glossary(site: Site, defined: list[str]) -> str:
    """Abbreviation definitions (Markdown `abbr`) that give the *defined* terms their tooltip."""
    terms = site.glossary_terms[0]
    # One block per definition: Python-Markdown's abbr block processor takes one definition off a
    # block and hands the rest back to every block processor, which on one block of n lines is n²
    # (100 definitions: 0.09 s; as blocks of their own 0.004 s, the same HTML).
    return "\n\n".join(f"*[{term}]: {terms[term][1]}" for term in defined)


QUOTE_LISTS = re.compile(re.escape(QUOTE_LIST) + r".*?</ul>", re.S)
TEXT = re.compile(r">([^<]+)<")


def tooltip_quote_lists(markdown: str, tooltips: dict[str, str]) -> str:
    """The tooltips Python-Markdown's abbr extension gives the page's Markdown, given to the text of
    its quote lists (HTML, which the extension leaves alone) the same way: each term as a whole word,
    the longest first."""
    if not tooltips or QUOTE_LIST not in markdown:
        return markdown
    pattern = _abbr_pattern(tuple(sorted(tooltips, key=len, reverse=True)))

    def in_text(m: re.Match[str]) -> str:
        return f'<abbr title="{_attribute(tooltips[m[0]])}">{m[0]}</abbr>'

    def in_list(m: re.Match[str]) -> str:
        return TEXT.sub(lambda t: f">{pattern.sub(in_text, t[1])}<", m[0])

    return QUOTE_LISTS.sub(in_list, markdown)


@functools.lru_cache(maxsize=1024)  # pages defining the same terms share one
def _abbr_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The abbr extension's own pattern for these terms (markdown.extensions.abbr.AbbrTreeprocessor)."""
    return re.compile(rf"\b(?:{'|'.join(re.escape(term) for term in terms)})\b")
