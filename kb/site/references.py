"""Citations that lead to their sources: each author-date citation links to its source's page (with
the full reference as its title, shown on hover), and every page ends with "Referenser": the works
it cites, in Swedish alphabetical order, each linking to its source page.

pandoc's citeproc formats the citations with `link-citations`, so each one links to "#ref-<key>";
`link_citations` points those links at the source pages once the page's citations are rendered, and
drops the footnote marks mkdocs-bibtex adds (one mark per citation, and the list says the rest).
"""

from __future__ import annotations

import functools
import html
import re

import markdown

from kb import links
from kb.model import Page
from kb.site import paths
from kb.site.analysis import Site, sort_key

REF_LINK = re.compile(r"\]\(#ref-(?P<key>[^)\s]+)\)")
# mkdocs-bibtex follows each formatted citation with a footnote mark per work: "(…)[^key] [^key2]"
FOOTNOTE_MARKS = re.compile(r"(?<=\))(?: ?\[\^(?P<key>[^\]\s]+)\])+")
HEADING = "Referenser"


_MARKDOWN = markdown.Markdown()  # one converter, reset for each reference (creating one is slow)


@functools.lru_cache(maxsize=8192)  # a work is cited on many pages
def to_html(reference: str) -> str:
    """A formatted reference (pandoc Markdown, one paragraph) as inline HTML."""
    return _MARKDOWN.reset().convert(reference).removeprefix("<p>").removesuffix("</p>")


@functools.lru_cache(maxsize=8192)
def plain(reference: str) -> str:
    """A formatted reference as one line of plain text (for a link's title)."""
    return html.unescape(re.sub(r"<[^>]+>", "", to_html(reference))).replace('"', "'")


def link_citations(markdown: str, site_path: str, references: dict[str, str]) -> str:
    """Point each citation's "#ref-<key>" link at the source page, with the full reference as its title.

    The footnote marks after a citation go: the citation itself is the one mark.
    """

    def to_source(m: re.Match[str]) -> str:
        key = m["key"]
        url = links.relative_url(site_path, paths.source(key))
        title = plain(references.get(key, ""))
        return f']({url} "{title}")' if title else f"]({url})"

    def without_marks(m: re.Match[str]) -> str:
        keys = re.findall(r"\[\^([^\]\s]+)\]", m[0])
        return "" if all(k in references for k in keys) else m[0]

    return REF_LINK.sub(to_source, FOOTNOTE_MARKS.sub(without_marks, markdown))


def references_section(site: Site, page: Page, references: dict[str, str]) -> str:
    """The page's "Referenser": every work it cites, A–Ö, each a link to its source page ("" if none).

    The list is HTML, so the page's glossary tooltips stay out of the titles of the works.
    """
    keys = dict.fromkeys(c.key for c in site.kb.citations_of(page)[0] if c.key in references)
    if not keys:
        return ""
    entries = sorted(keys, key=lambda k: sort_key(plain(references[k])))
    items = [
        f'<li><a href="{html.escape(links.served_url(page.site_path, paths.source(k)))}">'
        f"{to_html(references[k])}</a></li>"
        for k in entries
    ]
    return f'\n\n## {HEADING}\n\n<ul class="kb-references">\n' + "\n".join(items) + "\n</ul>\n"
