"""The site build, independent of any site generator: from a loaded knowledge base to the final
Markdown of every page and the content of every generated file.

    output = kb.site.build(kb, csl_file)

`build` runs the whole sequence: cross-reference the pages (analysis), render each authored page
with its generated sections and glossary (render), format every citation of the site in one
pandoc run (kb.citeproc, cached in .cache/kb/build.pickle), write the listing and source pages
(listings) and the exports (exports). An adapter for a site generator (hooks/kb_site.py for
MkDocs) only hands these to the generator and primes its citation plugin with `citations`. A dev
server passes the same `Memo` to each rebuild (kb.site.memo): unchanged pages are finished once.
A first build can have pandoc start on the citations as soon as the project is loaded
(`prefetch_citations`), while it is checked: pandoc is a process of its own, on the other core.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kb import cache, citeproc
from kb.model import BIB_FILE, KnowledgeBase
from kb.site import exports, listings, paths
from kb.site.analysis import Site, analyse
from kb.site.memo import Memo
from kb.site.references import references_section
from kb.site.render import finished, own_term, render_page
from kb.syntax import CITATION_BLOCK, shield_for_citations


class BuildError(Exception):
    """The site cannot be built as the project asks; the message says why."""


@dataclass
class SiteOutput:
    pages: dict[str, str]  # site path -> final Markdown of each authored page
    generated: dict[str, str]  # site path -> content of each generated page and file
    citations: citeproc.Formatted  # every citation block of the site, and the references, formatted


@dataclass
class Prefetch:
    """Citations being formatted on a thread (by pandoc, a process of its own) into *store*."""

    store: cache.ContentCache
    thread: threading.Thread


def prefetch_citations(kb: KnowledgeBase, csl_file: Path) -> Prefetch:
    """Start formatting the citations the pages' own text holds, while the caller goes on (checks
    the project); `build` waits for them and formats any others the rendered pages hold.

    What pandoc returns depends only on its input (the citations, the bibliography, the style, the
    keys listed: kb.citeproc), so these are the very entries `build` would store itself.
    """
    store = cache.for_project(kb.root, "build")
    blocks = citation_blocks(shield_for_citations(page.body) for page in kb.pages)
    work = (blocks, sorted(kb.source_keys), kb.root / BIB_FILE, csl_file, store)
    thread = threading.Thread(target=_format_quietly, args=work, name="kb-citations", daemon=True)
    thread.start()
    return Prefetch(store, thread)


def _format_quietly(blocks: list[str], keys: list[str], bib: Path, csl: Path, store: cache.ContentCache) -> None:
    with contextlib.suppress(Exception):  # `build` formats what is missing again, and reports what fails
        citeproc.format_all(blocks, keys, bib, csl, store)


def build(
    kb: KnowledgeBase, csl_file: Path, memo: Memo[Finished] | None = None, prefetch: Prefetch | None = None
) -> SiteOutput:
    """*memo*: the last build's finished pages, kept by the caller between builds (`mkdocs serve`);
    *prefetch*: the citations started by `prefetch_citations` for this knowledge base."""
    site = analyse(kb)
    pages, blocks = _finished_pages(site, kb, memo or Memo())
    store = prefetch.store if prefetch is not None else cache.for_project(kb.root, "build")
    with ThreadPoolExecutor(max_workers=1) as pool:  # the two pandoc runs side by side
        bibliography_json = pool.submit(exports.csl_json, kb.bib, kb.root / BIB_FILE, store)
        if prefetch is not None:
            prefetch.thread.join()
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


Finished = tuple[str, list[str]]  # a page's final Markdown and its citation blocks


def _finished_pages(site: Site, kb: KnowledgeBase, memo: Memo[Finished]) -> tuple[dict[str, str], list[str]]:
    """Every authored page's final Markdown, and the citation blocks of them all (in page order)."""
    terms, _ = site.glossary_terms
    memo.start(tuple(terms.items()))
    pages: dict[str, str] = {}
    blocks: list[str] = []
    for page in kb.pages:
        rendered, skip = render_page(site, page), own_term(page)
        pages[page.site_path], found = memo.get((rendered, skip), functools.partial(_finish, site, rendered, skip))
        blocks += found
    return pages, blocks


def _finish(site: Site, rendered: str, skip: str) -> Finished:
    markdown = finished(site, rendered, skip)
    return markdown, citation_blocks([markdown])


def citation_blocks(markdowns: Iterable[str]) -> list[str]:
    """Every citation block of the given Markdown texts, as written ("[@key, s. 23]")."""
    return [f"[{m['inner']}]" for text in markdowns for m in CITATION_BLOCK.finditer(text)]


__all__ = [
    "BuildError",
    "Finished",
    "Memo",
    "Prefetch",
    "SiteOutput",
    "build",
    "citation_blocks",
    "paths",
    "prefetch_citations",
]
