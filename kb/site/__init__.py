"""The site build, independent of any site generator: from a loaded knowledge base to the final
Markdown of every page and the content of every generated file.

    output = kb.site.build(kb, csl_file)

`build` runs the whole sequence: cross-reference the pages (analysis), render each authored page
with its generated sections and glossary (render), format every citation of the site in one
pandoc run (kb.citeproc, cached in .cache/kb/build.pickle), write the listing and source pages
(listings) and the exports (exports). An adapter for a site generator (hooks/kb_site.py for
MkDocs) only hands these to the generator and primes its citation plugin with `citations`.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kb import cache, citeproc
from kb.model import BIB_FILE, KnowledgeBase
from kb.site import exports, listings, paths
from kb.site.analysis import analyse
from kb.site.references import references_section
from kb.site.render import page_markdown
from kb.syntax import CITATION_BLOCK


class BuildError(Exception):
    """The site cannot be built as the project asks; the message says why."""


@dataclass
class SiteOutput:
    pages: dict[str, str]  # site path -> final Markdown of each authored page
    generated: dict[str, str]  # site path -> content of each generated page and file
    citations: citeproc.Formatted  # every citation block of the site, and the references, formatted


def build(kb: KnowledgeBase, csl_file: Path) -> SiteOutput:
    site = analyse(kb)
    pages = {p.site_path: page_markdown(site, p) for p in kb.pages}
    blocks = citation_blocks(pages.values())
    store = cache.for_project(kb.root, "build")
    with ThreadPoolExecutor(max_workers=1) as pool:  # the two pandoc runs side by side
        bibliography_json = pool.submit(exports.csl_json, kb.bib, kb.root / BIB_FILE, store)
        formatted = citeproc.format_all(blocks, sorted(kb.source_keys), kb.root / BIB_FILE, csl_file, store)
        for page in kb.pages:
            pages[page.site_path] += references_section(site, page, formatted.references)
        generated = listings.listing_pages(site, formatted.references)
        generated.update(exports.files(site, bibliography_json.result()))
    store.save()
    unformatted = sorted(set(blocks) - set(formatted.inline))
    if unformatted:
        raise BuildError(f"pandoc did not format {len(unformatted)} citation(s), e.g. {unformatted[0]}")
    return SiteOutput(pages, generated, formatted)


def citation_blocks(markdowns: Iterable[str]) -> list[str]:
    """Every citation block of the given Markdown texts, as written ("[@key, s. 23]")."""
    return [f"[{m['inner']}]" for text in markdowns for m in CITATION_BLOCK.finditer(text)]


__all__ = ["BuildError", "SiteOutput", "build", "citation_blocks", "paths"]
