"""A concept's neighbourhood, drawn on its page: related concepts on the left, its quotes on the right.

Made at build time as HTML lists joined by a drawing of lines: it needs no script, looks the same on
every visit, and its names are ordinary links in the page's own type size, so they have previews and
stay readable on a phone. (Links inside an SVG would break Material's instant navigation, which
rewrites every link's href; an SVGAElement's href cannot be set.) Names too long for their column are
shortened on screen by CSS; the whole name stays the link's text.
"""

from __future__ import annotations

from html import escape

from kb import links
from kb.model import Page
from kb.site import paths
from kb.site.analysis import Site

ROW = 32  # px per row: the lines' drawing and the lists (kb.css .kb-local li) share it


def _side(here: str, heading: str, items: list[tuple[str, str]], side: str) -> str:
    entries = "".join(
        f'<li><a href="{escape(links.served_url(here, target))}">{escape(text)}</a></li>' for target, text in items
    )
    return f'<div class="kb-local__{side}"><p class="kb-local__head">{heading}</p><ul>{entries}</ul></div>'


def _lines(left: int, right: int) -> str:
    """Lines from the concept (top centre) to the middle of each row on either side, below the headings."""
    height = (max(left, right, 1) + 1) * ROW  # a row for the headings, then the rows of names
    ends = [(0, i) for i in range(left)] + [(100, i) for i in range(right)]
    lines = "".join(f'<line x1="50" y1="0" x2="{x}" y2="{(i + 1) * ROW + ROW // 2}"/>' for x, i in ends)
    return (
        f'<svg class="kb-local__lines" viewBox="0 0 100 {height}" preserveAspectRatio="none" '
        f'style="height: {height}px" aria-hidden="true" focusable="false">{lines}</svg>'
    )


def local_graph(site: Site, page: Page) -> str:
    """The HTML of the concept's neighbourhood ("" when it has neither related concepts nor quotes)."""
    here = page.site_path
    related = [(paths.concept(c), site.titles[c]) for c in site.neighbours.get(page.id, [])]
    quotes = [(q.site_path, q.title) for q in site.quotes_by_concept.get(page.id, [])]
    if not related and not quotes:
        return ""
    label = f"{page.title}: {len(related)} relaterade begrepp och {len(quotes)} citat"
    return (
        f'<div class="kb-local" role="group" aria-label="{escape(label)}">'
        f'<p class="kb-local__center">{escape(page.title)}</p>'
        f'<div class="kb-local__body">{_side(here, "Relaterade begrepp", related, "left")}'
        f'<div class="kb-local__mid">{_lines(len(related), len(quotes))}</div>'
        f"{_side(here, 'Citat', quotes, 'right')}</div></div>"
    )
