"""MkDocs hooks: map MkDocs events onto the engine-agnostic `kb` library, nothing more.

on_startup        under `mkdocs serve`, keep each build's finished pages for the next (kb.site.memo)
on_config         kb check (a build has pandoc format the citations meanwhile); abort listing every error
on_files          kb.site.build; add concept and generated pages; prime mkdocs-bibtex
on_nav            a page outside the navigation (a concept, quote or source) sits under its listing
on_page_read_source  hand each authored page its final Markdown (mkdocs-bibtex then formats its citations)
on_page_markdown  (after mkdocs-bibtex) point each citation at its source page
on_page_content   give back the @ that code and escaped citations had shielded from mkdocs-bibtex;
                  no glossary tooltip on a link (its preview says more)
on_post_build     tune the search index (plain spellings, students' content first) as Material writes it
on_serve          watch concepts/ and bibliography.bib too
on_shutdown       forget the finished pages
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from kb import diagnostics, site
from kb.cache import enabled
from kb.citeproc import Formatted
from kb.model import BIB_FILE, CONCEPTS_DIR, KnowledgeBase, PageKind
from kb.site import exports, paths, search
from kb.site.references import link_citations
from kb.site.render import untooltip_links
from kb.syntax import unshield
from kb.validate import check_project

log = get_plugin_logger("kb")
_state: dict[str, Any] = {}
_kept: dict[str, site.Memo[site.Finished]] = {}  # from one `mkdocs serve` build to the next


def on_startup(command: str, **kwargs: Any) -> None:
    if command == "serve":
        _kept.setdefault("pages", site.Memo())


def on_shutdown(**kwargs: Any) -> None:
    _kept.clear()


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)
def on_config(config: Any, **kwargs: Any) -> Any:
    _state.clear()
    kb, found = check_project(_root(config), loaded=_prefetching(config))
    # Under --strict a warning fails the build; kb decides that itself, since MkDocs counts only the
    # warnings it shows (with -q it would pass).
    errors = [d for d in found if d.is_error or config.get("strict")]
    for d in found:
        if not d.is_error:
            log.warning(diagnostics.format_text(d))
    if errors:
        listing = "\n".join(diagnostics.format_text(d) for d in errors)
        raise PluginError(f"kb check found {diagnostics.summary(found)}:\n{listing}")
    for asset, option in ((exports.SCRIPT, "extra_javascript"), (exports.STYLE, "extra_css")):
        if asset not in config[option]:
            config[option].append(asset)
    _state["kb"] = kb
    return config


def _prefetching(config: Any) -> Callable[[KnowledgeBase], None] | None:
    """In a build, pandoc formats the citations while the project is checked (kb.site.prefetch_citations).
    A dev server's rebuilds (it keeps their pages) find their citations stored."""
    serving = "pages" in _kept
    csl = _configured_csl_file(config)
    if serving or csl is None:
        return None
    return lambda kb: _state.update(prefetch=site.prefetch_citations(kb, csl))


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    kb: KnowledgeBase = _state["kb"]
    registry = _citation_registry(config)
    try:
        output = site.build(
            kb, Path(registry.csl_file), _kept.get("pages") if enabled() else None, _state.pop("prefetch", None)
        )
    except site.BuildError as exc:
        raise PluginError(str(exc)) from exc
    _prime(registry, output.citations)
    for page in kb.of_kind(PageKind.CONCEPT):
        files.append(File.generated(config, page.site_path, abs_src_path=str(page.path)))
    for path, content in output.generated.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    _state["pages"] = output.pages
    _state["references"] = output.citations.references
    return files


def _citation_registry(config: Any) -> Any:
    """mkdocs-bibtex's pandoc registry (this and `_configured_csl_file` are where this hook reaches
    into the plugin)."""
    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    if registry is None or not hasattr(registry, "_inline_cache") or not getattr(registry, "csl_file", None):
        raise PluginError(
            "mkdocs-bibtex with a csl_file is required, and its pandoc registry was not found: every citation "
            "would be formatted page by page, with other typography. Check mkdocs.yml and the mkdocs-bibtex version."
        )
    return registry


def _configured_csl_file(config: Any) -> Path | None:
    """The style mkdocs-bibtex is configured with, if it is a local file: at on_config the plugin's
    registry (which would resolve a URL) is not set up yet."""
    csl = getattr(getattr(config.plugins.get("bibtex"), "config", None), "csl_file", None)
    return Path(csl) if isinstance(csl, str) and Path(csl).is_file() else None


def _prime(registry: Any, formatted: Formatted) -> None:
    """Seed mkdocs-bibtex's caches with the site's citations, formatted in one pandoc run.

    It then follows each citation with footnote marks, which link_citations drops (kb.site writes
    each page's "Referenser").
    """
    # replaced, not added to: the plugin is kept between `mkdocs serve` rebuilds, and its caches should
    # hold this build's citations only (hooks/incremental.py keys pages by them)
    for cache, entries in (
        (registry._inline_cache, formatted.inline),
        (registry._reference_cache, formatted.references),
    ):
        cache.clear()
        cache.update(entries)


def on_nav(nav: Any, config: Any, files: Files, **kwargs: Any) -> Any:
    in_nav = {id(p) for p in nav.pages}
    for file in files.documentation_pages():
        index = paths.section_index(file.src_uri)
        parent = files.get_file_from_path(index) if index else None
        if file.page is not None and id(file.page) not in in_nav and parent is not None:
            file.page.parent = parent.page  # breadcrumbs, and the sidebar marks the listing
    return nav


def on_page_read_source(page: Any, config: Any, **kwargs: Any) -> str | None:
    kb: KnowledgeBase = _state["kb"]
    authored = kb.by_site_path.get(page.file.src_uri)
    if authored is None:
        return None  # a generated page: its content is final
    return f"---\n{authored.front.text}\n---\n{_state['pages'][page.file.src_uri]}"


@event_priority(-100)  # after mkdocs-bibtex has put the formatted citations in
def on_page_markdown(markdown: str, page: Any, config: Any, files: Files, **kwargs: Any) -> str:
    # dropped once read: MkDocs holds the page from here on (a second copy of the site in memory)
    _state["pages"].pop(page.file.src_uri, None)
    return link_citations(markdown, page.file.src_uri, _state["references"])


def on_page_content(html: str, **kwargs: Any) -> str:
    return untooltip_links(unshield(html))


@event_priority(100)  # before Material's search plugin writes the index
def _tune_search_index(config: Any, **kwargs: Any) -> None:
    """Tune the index in memory as Material is about to write it (reading it back would hold it twice)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if isinstance(getattr(index, "entries", None), list) and isinstance(getattr(index, "config", None), dict):
        search.tune({"config": index.config, "docs": index.entries})
        _state["search tuned"] = True


@event_priority(-100)  # after it has written it
def _tune_written_search_index(config: Any, **kwargs: Any) -> None:
    """Where Material's index could not be reached in memory: tune the file it wrote."""
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not _state.get("search tuned") and path.is_file():
        tuned = search.tune(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(tuned, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


on_post_build = CombinedEvent(_tune_search_index, _tune_written_search_index)


def on_serve(server: Any, config: Any, builder: Any, **kwargs: Any) -> Any:
    root = _root(config)
    server.watch(str(root / CONCEPTS_DIR))
    server.watch(str(root / BIB_FILE))
    return server
