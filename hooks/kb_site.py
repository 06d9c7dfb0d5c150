"""MkDocs hooks: a thin adapter from MkDocs events to the engine-agnostic `kb` library.

on_config        load + validate; abort the build listing every error
on_files         add concept pages and generated pages; format all citations in one pandoc run
on_page_markdown replace each page's Markdown with the enriched version (before mkdocs-bibtex)
on_serve         watch concepts/ and bibliography.bib
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from kb import cache, citations, citeproc, diagnostics, enrich, exports
from kb.model import CONCEPTS_DIR, KnowledgeBase, Page
from kb.validate import check_project

log = get_plugin_logger("kb")
_state: dict[str, Any] = {}


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


@event_priority(100)
def on_config(config: Any, **kwargs: Any) -> Any:
    kb, found = check_project(_root(config))
    errors = [d for d in found if d.is_error]
    for d in found:
        if not d.is_error:
            log.warning(diagnostics.format_text(d))
    if errors:
        listing = "\n".join(diagnostics.format_text(d) for d in errors)
        raise PluginError(f"kb check found {diagnostics.summary(found)}:\n{listing}")
    for asset, option in ((exports.SCRIPT, "extra_javascript"), (exports.STYLE, "extra_css")):
        if asset not in config[option]:
            config[option].append(asset)
    _state.clear()
    _state["kb"] = kb
    return config


def on_files(files: Files, config: Any, **kwargs: Any) -> Files:
    kb: KnowledgeBase = _state["kb"]
    site = enrich.analyse(kb)
    for page in kb.of_kind("concept"):
        files.append(File.generated(config, page.site_path, abs_src_path=str(page.path)))
    rendered = {p.site_path: _render(site, p) for p in kb.pages}
    store = cache.for_project(kb.root, "build")
    with ThreadPoolExecutor(max_workers=1) as pool:  # two pandoc runs side by side
        bibliography_json = pool.submit(exports.csl_json, kb.root / "bibliography.bib", store)
        references = _prime_citations(config, kb, list(rendered.values()), store)
        generated = enrich.generated_pages(site, references)
        generated.update(exports.files(site, bibliography_json.result()))
    store.save()
    for path, content in generated.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    _state["rendered"] = rendered
    return files


def _render(site: enrich.Site, page: Page) -> str:
    own = page.id if page.kind == "concept" else ""
    markdown = enrich.render_page(site, page)
    return f"{markdown}\n\n{enrich.glossary(site, markdown, skip=own)}\n"


def _prime_citations(config: Any, kb: KnowledgeBase, markdowns: list[str], store: cache.ContentCache) -> dict[str, str]:
    """Format every citation of the site in one pandoc run and seed mkdocs-bibtex's cache."""
    if os.environ.get("KB_PRIME_CITATIONS", "1") == "0":  # benchmarks compare with and without
        return {}
    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    if registry is None or not hasattr(registry, "_inline_cache"):
        log.info("mkdocs-bibtex's pandoc registry not found; citations are formatted per page")
        return {}
    blocks = [f"[{m['inner']}]" for text in markdowns for m in citations.BLOCK.finditer(text)]
    formatted = citeproc.format_all(
        blocks, sorted(kb.source_keys), kb.root / "bibliography.bib", Path(registry.csl_file), store
    )
    registry._inline_cache.update(formatted.inline)
    registry._reference_cache.update(formatted.references)
    return formatted.references


@event_priority(100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Files, **kwargs: Any) -> str:
    return _state.get("rendered", {}).get(page.file.src_uri, markdown)


def on_serve(server: Any, config: Any, builder: Any, **kwargs: Any) -> Any:
    root = _root(config)
    server.watch(str(root / CONCEPTS_DIR))
    server.watch(str(root / "bibliography.bib"))
    return server
