"""MkDocs hooks: render only what can have changed, and serve an edit as soon as it is saved.

MkDocs converts every page's Markdown and renders every page's template on every build, and
`mkdocs serve --dirty` trades correctness for speed. Here each page's two expensive steps are
memoised under a key that names all of their inputs (content-addressed, as ruff's and Bazel's
caches are, rather than tracked like Sphinx's dependency graph), in `.cache/kb/render/`:

- render: Markdown -> HTML, TOC, title and anchors, keyed by the page's final Markdown, its
  path and URL, and the configuration and versions that shape rendering; stored with it, the
  files its links looked up and what was found (path and URL, or nothing), which must match;
- page: the written HTML and the page's search-index entries, keyed by that render, the page's
  content after every plugin, its metadata, and what it shows of the site around it (the
  navigation with its pages' titles and URLs, its breadcrumbs and neighbours, the configuration
  and theme templates).

An edit therefore re-renders exactly the pages whose inputs changed (the page, the concept pages
listing its excerpt, indexes, source pages, ...), and a change to the navigation, a title, the
configuration or a template re-renders every page; a new, renamed or deleted page re-renders the
pages that show it and the pages whose links looked it up. A hit gives the bytes a
clean build writes; tests/site/test_incremental.py checks that over random edit sequences. Pages
whose rendering logs anything (a warning must come again on every build, or --strict would pass a
second time) or that include other files (snippets) are never memoised. For a stored page only
its template and Material's search parsing are skipped, and neither logs; every plugin's events
still run.

Both steps are shared with a helper process on the second core (kb.forked): forked at on_nav
and again at on_env, it works through the pages from the last one back, while this process
works from the first one on, into the store, where this process finds its pages as stored pages
(KB_HELPER=0 turns it off; it never starts while other threads run, as in `mkdocs serve` after
its first build).

Dirty builds (`make serve` runs `mkdocs serve --dirty`) are made exact: a page is left as the last
build of this process wrote it only if its key is the same and its file untouched; the rest of the
folder is written, and stale files removed, as a clean build leaves it (see "Dirty builds" below).
During such a rebuild full garbage collections wait until the page is served (kb.idle_gc).

on_startup   whether builds are dirty
on_config    Jinja bytecode cache and the theme's file listing for every theme environment (110);
             configuration signature; open the store (-100)
on_pre_build a dirty build: clean the folder unless this process wrote it with this configuration
on_nav       keep the navigation (what every page shows of it is in its key); start a render helper
on_pre_page  give the page a memoised `render` (one Markdown instance for the build, reset between
             pages, where MkDocs makes one per page)
on_env       the stub template (110: before Material's tags plugin renders); find each page's stored
             output (-100: after every plugin's on_env); start a page helper; a dirty build: leave
             pages as written, remove stale files
on_page_context  keep a stored page out of the search plugin's parsing; collect or replay entries
on_post_page     a stored page's HTML; store a new one (-100: after every plugin); take the next
                 page from the helper if it has built it
on_post_build    the search entries of pages left as written (110); finish writing the store, drop
                 unused entries; remember what was written (-100)
on_shutdown      forget it
on_serve     watch files with the OS's notifications instead of polling every 0.5 s
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import re
import sys
import sysconfig
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import jinja2
import markdown
import watchdog.events
import watchdog.observers
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure import pages
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from kb import output_dir
from kb.cache import CACHE_DIR, code_version, enabled
from kb.entry_store import EntryStore, entry_store
from kb.forked import Helper
from kb.idle_gc import IdleCollector

log = get_plugin_logger("incremental")
STUB_TEMPLATE = "kb-stored-page.html"  # renders nothing: the stored HTML replaces it in on_post_page
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "mkdocs-bibtex")
NAV_META = ("icon", "status", "subtitle")  # what Material shows of other pages in the navigation
ADDRESS = re.compile(r" at 0x[0-9a-f]+")  # object addresses in reprs differ between runs
_state: dict[str, Any] = {}
# Kept from one build to the next in one process (`mkdocs serve` rebuilds into one folder): whether
# builds are dirty, and what the last one into each folder wrote (see "Dirty builds" below).
_written: dict[str, Any] = {"dirty": False, "sites": {}}
_collector = IdleCollector()  # a rebuild's garbage collected once the page is served (kb.idle_gc)


def _digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        text = part if isinstance(part, str) else ADDRESS.sub("", repr(part))
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@event_priority(110)  # before plugins ask the theme for a Jinja environment (Material's search does)
def _theme_environment(config: Any, **kwargs: Any) -> Any:
    _state.clear()  # here: a build failing in another plugin's on_config must not see the last build's
    root = Path(config.config_file_path).resolve().parent
    _keep_theme_work(config.theme, _bytecode_cache(root / CACHE_DIR / "jinja"))
    return config


@event_priority(-100)  # after every plugin has adjusted the configuration
def _configure(config: Any, **kwargs: Any) -> Any:
    root = Path(config.config_file_path).resolve().parent
    _state["store"] = entry_store(root, "render")
    _state["markdown"] = _ReusedMarkdown()  # this build's (a forked helper has its own copy)
    _state["config"] = _digest(
        Path(config.config_file_path).read_bytes().decode("utf-8", "replace"),
        sorted((k, v) for k, v in config.items() if k not in {"plugins", "hooks", "theme", "site_dir", "dev_addr"}),
        [(name, sorted(plugin.config.items())) for name, plugin in config.plugins.items() if hasattr(plugin, "config")],
        sorted(config.theme.items()),
        [_tree_digest(Path(d)) for d in config.theme.dirs],
        [_package_version(name) for name in PACKAGES],
        [Path(hook.__file__).read_bytes() for hook in config["hooks"].values()],  # this code too
        code_version(),
        sys.version,
    )
    return config


on_config = CombinedEvent(_theme_environment, _configure)


def _bytecode_cache(directory: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (Jinja checks each against its template's source)."""
    if not enabled():
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout compiles them every time
    return jinja2.FileSystemBytecodeCache(str(directory))


@functools.cache
def _package_version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} absent"


INSTALLED = {Path(sysconfig.get_paths()[kind]) for kind in ("purelib", "platlib")}


def _tree_digest(directory: Path, every_file: bool = False) -> str:
    """The templates (or all files) of a theme directory (names, sizes, modification times: read on
    every build).

    An installed theme (Material's 14,000 files) is not walked: installing or upgrading a package
    replaces its files, which changes the modification times of its folders, read here.
    """
    if any(directory.is_relative_to(root) for root in INSTALLED):
        return _digest(sorted((p.name, p.stat().st_mtime_ns) for p in [directory, *directory.iterdir()]))
    entries = []
    patterns = ("*",) if every_file else ("*.html", "*.xml")
    for path in (p for pattern in patterns for p in sorted(directory.rglob(pattern))):
        stat = path.stat()
        entries.append((path.relative_to(directory).as_posix(), stat.st_size, stat.st_mtime_ns))
    return _digest(entries)


# Material lists its 14,500 files on every build (MkDocs's add_files_from_theme: ~0.1 s); the
# listing is kept for the process, under the theme folders' digest and what the filter reads.
_listings: dict[tuple[Any, ...], list[str]] = {}


def _keep_theme_work(theme: Any, bytecode: jinja2.BytecodeCache | None) -> None:
    """Every Jinja environment of the theme (MkDocs's, and those plugins ask for) keeps compiled
    templates between builds, and the theme's file listing for the process."""
    folders = (tuple(_tree_digest(Path(d), every_file=True) for d in theme.dirs), _package_version("mkdocs-material"))
    get_env = theme.get_env

    def env_with_kept_work() -> jinja2.Environment:
        env = get_env()
        env.bytecode_cache = bytecode
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
            # MkDocs's filter reads only the theme's static templates (and Markdown suffixes, constant)
            code = getattr(filter_func, "__code__", None)
            key = (folders, extensions, code, tuple(theme.static_templates))
            if key not in _listings:
                _listings[key] = list_templates(extensions, filter_func)
            return list(_listings[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = env_with_kept_work


@event_priority(-100)
def on_nav(nav: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    _state["nav"] = nav
    docs = list(files.documentation_pages())
    uris = [f.src_uri for f in docs]
    if _written["dirty"]:
        for file in files:  # each written as in a clean build, unless on_env finds it written already
            file.is_modified = _yes  # type: ignore[method-assign]
        # MkDocs's page order, in which skipped pages' tags and search entries are given back
        _state["uris"], _state["order"] = uris, {uri: i for i, uri in enumerate(uris)}
        _leave_unread(config, files)
    # A helper on another core (kb.forked) renders pages into the store meanwhile, from the last back.
    _share("render_helper", docs, uris, functools.partial(_render_for_build, config, files))
    return nav


MIN_SHARED = 32  # pages to render before a helper is worth starting (a fork: tens of milliseconds)


def _share(name: str, items: list[Any], uris: list[str], each: Callable[[Any], None]) -> None:
    """Start a helper doing *each* for *items* (the pages of *uris*) from the last back (if there are
    enough, and a store)."""
    store: EntryStore = _state["store"]
    if store.path is None or len(items) < MIN_SHARED:
        return

    def setup() -> None:  # in the helper: entries written at once, so the build may read them
        _state["store"] = EntryStore(store.path, write_behind=False)

    helper = Helper(items, each, setup)
    if helper.started:
        _state[name] = (helper, {uri: i for i, uri in enumerate(uris)})


def _render_for_build(config: Any, files: Any, file: Any) -> None:
    """In the helper: read and render a page as MkDocs's build does (its render is stored)."""
    if file.page is None:  # a page outside the navigation: MkDocs's loop creates it so
        Page(None, file, config)
    _populate_page(file.page, config, files)


def _helper_did(name: str, page: Page) -> bool:
    """Whether the helper has done *page* (else it is this process's to do, and the helper's no more)."""
    helper, index = _state.get(name) or (None, {})
    if page.file.src_uri not in index or not helper.done(index[page.file.src_uri]):
        return False
    _state["store"].refresh()  # index what the helper has appended to its pack since
    return True


def on_pre_page(page: Page, config: Any, files: Any, **kwargs: Any) -> Page:
    page.render = functools.partial(_render, page)  # type: ignore[method-assign]
    if "plugin_state" in _state:  # a dirty build that may leave pages unread: key what this one reads
        page.read_key = _read_key(page, config)  # type: ignore[attr-defined]
        _tag_unread(config, files, until=page)
    return page


class _Recorder(logging.Handler):
    """Counts what is logged while a page renders: such a page is not stored, so that every build
    logs it again (or --strict would pass a second build over a warning)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


# MkDocs's command line stops its "mkdocs" logger from propagating to the root: listen to both.
LISTENED = ("", "mkdocs")


H = TypeVar("H", bound=logging.Handler)


def _listen(handler: H) -> H:
    for name in LISTENED:
        logging.getLogger(name).addHandler(handler)
    return handler


def _stop_listening(handler: logging.Handler) -> None:
    for name in LISTENED:
        logging.getLogger(name).removeHandler(handler)


def _render(page: Page, config: Any, files: Any) -> None:
    """Page.render, memoised: a stored render restores what MkDocs's own sets.

    A render reads other files only by looking them up (to resolve and check links): the ones it
    looked up, and what it found, are stored with it and must be found the same again.
    """
    store: EntryStore = _state["store"]
    source = page.markdown or ""
    snippets = "--8<--" in source  # includes files the key does not name
    key = None if snippets else _digest("render", _state["config"], _own(page), source)
    stored = store.find(key) if key else None
    if stored is None and key and _helper_did("render_helper", page):
        stored = store.find(key)
    if stored is not None and all(_found(files, uri) == found for uri, found in stored[-1].items()):
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, _ = stored
        _set_links(page, files, links)
        page.render_key, page.lookups = key, stored[-1]  # type: ignore[attr-defined]
        return
    recorder = _listen(_Recorder())
    lookups = _Lookups(files)
    try:
        with _one_markdown():
            Page.render(page, config, lookups)  # type: ignore[arg-type]
    finally:
        _stop_listening(recorder)
    page.render_key, page.lookups = key, None  # type: ignore[attr-defined]
    if key and recorder.records == 0 and lookups.complete:
        page.lookups = lookups.found  # type: ignore[attr-defined]
        links = _links(page)
        value = (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, lookups.found)
        store.store(key, value)


REUSE_MARKDOWN = True  # tests turn it off to compare with MkDocs's own instance per page


class _ReusedMarkdown:
    """The `markdown` module as MkDocs's Page.render sees it, except that `Markdown(...)` gives one
    instance for the build, reset between pages (Python-Markdown's contract for reusing one),
    instead of building every extension again for every page (about 0.5 ms a page)."""

    def __init__(self) -> None:
        self.instance: markdown.Markdown | None = None
        self.made_with: tuple[Any, Any] = (None, None)

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)

    def Markdown(self, extensions: Any, extension_configs: Any) -> markdown.Markdown:  # noqa: N802 (the module's name)
        if self.instance is None or self.made_with != (extensions, extension_configs):
            self.instance = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
            self.made_with = (extensions, extension_configs)
            return self.instance
        return self.instance.reset()  # MkDocs's own processors are registered again by name, replacing the last page's


@contextlib.contextmanager
def _one_markdown() -> Iterator[None]:
    """Page.render with this build's one Markdown instance."""
    if not REUSE_MARKDOWN:
        yield
        return
    pages.markdown = _state["markdown"]
    try:
        yield
    finally:
        pages.markdown = markdown


def _own(page: Page) -> tuple[str, str, str, str]:
    """What of a page's own file its reading depends on: path, where it is written, URL, inclusion."""
    return (page.file.src_uri, page.file.dest_uri, page.file.url, str(page.file.inclusion))


def _links(page: Page) -> dict[str, Any] | None:
    """The anchors the page links to, by the path of the page they are in (to keep between builds)."""
    if page.links_to_anchors is None:
        return None
    return {file.src_uri: anchors for file, anchors in page.links_to_anchors.items()}


def _set_links(page: Page, files: Any, links: dict[str, Any] | None) -> None:
    """Give *page* back the anchors it links to, as `_links` kept them."""
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()}


def _where(file: Any) -> tuple[str, str, str] | None:
    """What a lookup found: the file's path, where it is written, its URL (or nothing)."""
    return None if file is None else (file.src_uri, file.dest_uri, file.url)


def _found(files: Any, uri: str) -> tuple[str, str, str] | None:
    """What a lookup of *uri* gives a render: the file's path, where it is written, its URL
    (once per build: the files do not change while pages render, and many pages link the same)."""
    found: dict[str, tuple[str, str, str] | None] = _state.setdefault("found", {})
    if uri not in found:
        found[uri] = _where(files.get_file_from_path(uri))
    return found[uri]


class _Lookups:
    """The site's files as a render sees them, noting each lookup and what it found."""

    def __init__(self, files: Any) -> None:
        self.files = files
        self.found: dict[str, tuple[str, str, str] | None] = {}
        self.complete = True  # every use of the files was a lookup, and is noted

    def get_file_from_path(self, path: str) -> Any:
        file = self.files.get_file_from_path(path)
        self.found[path] = _where(file)
        return file

    def __getattr__(self, name: str) -> Any:
        self.complete = False  # a use not noted (MkDocs 1.6 makes none): the render is not stored
        return getattr(self.files, name)


@event_priority(110)  # before Material's tags plugin renders its listings with the environment
def _prepare_env(env: jinja2.Environment, config: Any, files: Any, **kwargs: Any) -> jinja2.Environment:
    _tag_unread(config, files, until=None)
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({STUB_TEMPLATE: ""}), env.loader])  # type: ignore[list-item]
    return env


@event_priority(-100)  # after Material's tags plugin has filled its listings in
def _find_stored_pages(env: jinja2.Environment, config: Any, files: Any, **kwargs: Any) -> jinja2.Environment:
    store: EntryStore = _state["store"]
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    # What a page shows of the rest of the site: the navigation, its place in it (breadcrumbs,
    # the active section), its neighbours in the footer. Other pages' titles in its content are in
    # its Markdown already.
    site = _digest("site", _state["config"], _nav_outline(_state["nav"].items))
    stored: dict[str, Callable[[], tuple[str, list[dict[str, Any]]]]] = {}  # decoded when written
    if "plugin_state" in _state:
        _state["read"] = {p.file.src_uri: r for p in pages if (r := _as_read(p)) is not None}
    keys: dict[str, str] = {}
    last = _state.get("last")
    left: dict[str, Written] = {}  # pages whose file the last build wrote as this one would
    for page in pages:
        render_key = getattr(page, "render_key", None)
        if render_key is None or page.content is None:
            continue
        place = [_link(p) for p in (*page.ancestors, page.previous_page, page.next_page)]
        content = _content_digest(page)
        key = _digest(site, place, render_key, page.file.src_uri, content, sorted(page.meta.items()), page.title)
        keys[page.file.src_uri] = key
        if last is not None and _still_written(page, key, last):
            left[page.file.src_uri] = last["pages"][page.file.src_uri]
            page.file.is_modified = _no  # type: ignore[method-assign]  # MkDocs's dirty build skips it
            continue
        page.file.is_modified = _yes  # type: ignore[method-assign]  # (also if it was left unread)
        load = store.find_later(key)
        if load is not None:
            _use_stored(page, load, stored)
    _state["keys"], _state["stored"], _state["reused"], _state["left"] = keys, stored, len(stored), left
    _state["pages"], _state["replayed"] = pages, 0
    if _written["dirty"]:
        _state["dests"] = {f.abs_dest_path for f in files}
    if last is not None:
        output_dir.remove_stale(config.site_dir, last["dests"] - _state["dests"])
    # As in on_nav: a helper builds pages not stored yet, from the last back.
    _end_helper("render_helper")
    to_build = keys.keys() - stored.keys() - left.keys()
    misses = [p for p in pages if p.file.src_uri in to_build]
    nav = _state["nav"]
    docs = files.documentation_pages()
    uris = [p.file.src_uri for p in misses]
    _state["next"] = {a.file.src_uri: b for a, b in zip(pages, pages[1:], strict=False)}  # MkDocs's order
    # (set before the fork: the helper's builds run on_post_page too)
    _share("page_helper", misses, uris, lambda page: _build_page(page, config, docs, nav, env))
    return env


on_env = CombinedEvent(_prepare_env, _find_stored_pages)


def _content_digest(page: Page) -> str:
    """The digest of the page's HTML (kept with a page left unread: it is the same HTML)."""
    if getattr(page, "content_digest", None) is None:
        page.content_digest = _digest(page.content or "")  # type: ignore[attr-defined]
    return page.content_digest  # type: ignore[attr-defined]


def _use_stored(page: Page, load: Callable[[], Any], stored: dict[str, Callable[[], Any]]) -> None:
    stored[page.file.src_uri] = load
    page.meta = {**page.meta, "template": STUB_TEMPLATE, "kb_meta": page.meta}
    page.content = ""  # nothing reads it again: its HTML and search entries are stored


def _nav_outline(items: list[Any]) -> list[Any]:
    return [
        (_link(i), [i.meta.get(k) for k in NAV_META] if i.is_page else None, _nav_outline(i.children or []))
        for i in items
    ]


def _link(item: Any) -> tuple[str, str | None, str | None] | None:
    return None if item is None else (type(item).__name__, item.title, getattr(item, "url", None))


def _search_plugin(config: Any) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def _search_entries(config: Any) -> list[dict[str, Any]] | None:
    index = getattr(_search_plugin(config), "search_index", None)
    return getattr(index, "entries", None)


@event_priority(100)  # before the search plugin parses the page
def _before_page_context(context: Any, page: Page, config: Any, **kwargs: Any) -> Any:
    _replay_left(config, until=page.file.src_uri)
    load = _state["stored"].get(page.file.src_uri)
    if load is not None:
        _state["value"] = load()  # verified when found (kb.entry_store.EntryStore.find_later)
        original = page.meta["kb_meta"]
        page.meta = {**original, "search": {"exclude": True}}  # its entries are stored
        _state["meta"] = original
    entries = _search_entries(config)
    _state["entries_before"] = len(entries) if entries is not None else 0
    return context


@event_priority(-100)
def _after_page_context(context: Any, page: Page, config: Any, **kwargs: Any) -> Any:
    entries = _search_entries(config)
    stored = page.file.src_uri in _state["stored"]
    if stored:
        page.meta = _state.pop("meta")
        if entries is not None:
            entries.extend(_state["value"][1])
    added = entries[_state["entries_before"] :] if entries is not None else []
    if not stored:
        _state["entries"] = added
    if _written["dirty"] and entries is not None:  # copies: the index is tuned in place when written
        _state.setdefault("indexed", {})[page.file.src_uri] = [dict(e) for e in added]
    return context


on_page_context = CombinedEvent(_before_page_context, _after_page_context)


# Dirty builds (`make serve` runs `mkdocs serve --dirty`). MkDocs's own skips every page whose
# source is older than its output, so that navigation, listings and search go stale; here a page
# is skipped only where the last build of this process wrote the bytes this one would (same key,
# file untouched since), stale files are removed and the search index gets the skipped pages'
# entries: a dirty build writes what a clean one does, and MkDocs's warning that it would not is
# dropped (under --strict it would fail every dirty build).


class Written(NamedTuple):
    """A page as the last build wrote it."""

    key: str
    dest: str
    signature: output_dir.Signature | None
    entries: list[dict[str, Any]]  # its search-index entries, before the index was tuned


def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    _written["dirty"] = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_dirty_warning)


def on_shutdown(**kwargs: Any) -> None:
    _written["sites"].clear()
    _collector.stop()


def _dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_pre_build(config: Any, **kwargs: Any) -> None:
    last = _written["sites"].pop(config.site_dir, None)  # back when this build has written all
    if not _written["dirty"]:
        return
    if last is None or last["config"] != _state["config"]:
        clean_directory(config.site_dir)  # as a clean build does: nothing of another build is kept
    else:
        _state["last"] = last
        _collector.busy()  # a rebuild: the author waits for it
    _state["warned"] = _listen(_WarnedPages(config))


class _WarnedPages(logging.Handler):
    """The pages a warning was logged for while MkDocs read or built them: never left as written,
    so that the warning comes again on every build."""

    def __init__(self, config: Any) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.pages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.pages.add(page.file.src_uri)


def _stop_noting_warnings() -> set[str]:
    handler = _state.pop("warned", None)
    if handler is None:
        return set()
    _stop_listening(handler)
    return handler.pages


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


def _still_written(page: Page, key: str, last: dict[str, Any]) -> bool:
    before: Written | None = last["pages"].get(page.file.src_uri)
    return (
        before is not None
        and before.key == key
        and before.dest == page.file.abs_dest_path
        and before.signature == output_dir.signature(before.dest)
    )


class Read(NamedTuple):
    """A page as the last build read and rendered it: what MkDocs's reading sets on a Page."""

    key: str  # _read_key
    lookups: dict[str, Any]  # the files its render looked up, and what it found
    markdown: str
    meta: dict[str, Any]
    content: str
    toc: Any
    title: str | None
    anchors: Any
    links: dict[str, Any] | None
    render_key: str
    content_digest: str


# The plugins whose on_page_markdown reads nothing but the page and _plugin_state, or keeps only
# what is given back for pages left unread (Material's tags plugin: their tags, _tag_unread; a
# tag listing is always read).
KNOWN_PLUGINS = {"search", "material/search", "tags", "material/tags", "bibtex"}
KNOWN_HOOKS = {"kb_site.py", "incremental.py"}


def _leave_unread(config: Any, files: Any) -> None:
    """Pages read and rendered by the last build from the same source, against the same site state
    and finding the same files, get that build's result and are not read again (MkDocs's dirty
    build skips them, unless on_env finds their output must be written again)."""
    plugins, hooks = set(config.plugins) - set(config["hooks"]), {Path(name).name for name in config["hooks"]}
    if not plugins <= KNOWN_PLUGINS or not hooks <= KNOWN_HOOKS:
        return  # another plugin may keep what it reads of each page: every page is read
    _state["plugin_state"] = _plugin_state(config)
    last = _state.get("last")
    if last is None:
        return
    unread, tags = 0, _tags_plugin(config)
    _state["tagged"] = []
    for file in files.documentation_pages():
        before: Read | None = last["read"].get(file.src_uri)
        if before is None:
            continue
        page = file.page or Page(None, file, config)  # as MkDocs's loop creates a page outside the navigation
        if before.key != _read_key(page, config) or any(_found(files, u) != f for u, f in before.lookups.items()):
            if page is not file.page:
                file.page = None  # MkDocs's loop creates it, as it would have
            continue
        page.markdown, page.meta, page.content = before.markdown, dict(before.meta), before.content
        page.toc, page._title_from_render, page.present_anchor_ids = before.toc, before.title, before.anchors
        _set_links(page, files, before.links)
        page.render_key, page.lookups, page.read_key = before.render_key, before.lookups, before.key  # type: ignore[attr-defined]
        page.content_digest = before.content_digest  # type: ignore[attr-defined]
        file.is_modified = _no  # type: ignore[method-assign]
        unread += 1
        if tags is not None and page.meta.get(tags.config.tags_name_property):
            _state["tagged"].append(page)
    _state["unread"] = unread


def _tag_unread(config: Any, files: Any, until: Page | None) -> None:
    """Material's tags plugin collects each page's tags while MkDocs reads the page: it is given
    those of pages left unread, in MkDocs's page order (before the next page read, or before it
    renders its listings at on_env)."""
    tagged: list[Page] = _state.get("tagged", [])
    if not tagged:
        return
    order = _state["order"]
    position = len(order) if until is None else order.get(until.file.src_uri, 0)
    while tagged and order[tagged[0].file.src_uri] < position:
        page = tagged.pop(0)
        _tags_plugin(config).on_page_markdown(page.markdown, page=page, config=config, files=files)


def _plugin_state(config: Any) -> str:
    """What plugins' on_page_markdown read besides the page: the site's formatted citations, in
    mkdocs-bibtex's caches (hooks/kb_site.py fills them with this build's, and links citations by
    the same references)."""
    registry = getattr(config.plugins.get("bibtex"), "registry", None)
    caches = [getattr(registry, name, None) for name in ("_inline_cache", "_reference_cache")]
    return _digest([sorted(cache.items()) if isinstance(cache, dict) else None for cache in caches])


def _read_key(page: Page, config: Any) -> str | None:
    """Everything MkDocs's reading of *page* (its events, Markdown and render) starts from, but the
    files its links look up."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = page.file.content_string
        except (OSError, ValueError):
            return None  # MkDocs's reading reports it
    tags = _tags_plugin(config)
    if tags is not None and tags.config.listings_directive in source:
        return None  # a tag listing: Material's tags plugin must see it read (it takes the directive out)
    return _digest("read", _state["config"], _state["plugin_state"], _own(page), source)


def _tags_plugin(config: Any) -> Any:
    return config.plugins.get("material/tags") or config.plugins.get("tags")


def _as_read(page: Page) -> Read | None:
    """*page* as read this build, if it can be left unread in the next (never a tag listing, see
    _read_key)."""
    key, lookups = getattr(page, "read_key", None), getattr(page, "lookups", None)
    render_key = getattr(page, "render_key", None)
    if key is None or lookups is None or render_key is None or page.markdown is None or page.content is None:
        return None
    return Read(
        key,
        lookups,
        page.markdown,
        dict(page.meta),
        page.content,
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        _links(page),
        render_key,
        _content_digest(page),
    )


def _replay_left(config: Any, until: str | None) -> None:
    """Add the search entries of the pages left as written, in MkDocs's page order, up to *until*
    (the index lists pages in the order they are built)."""
    if not _state["left"]:
        return
    start, order = _state["replayed"], _state["order"]
    stop = len(order) if until is None else order.get(until, start)
    entries = _search_entries(config)
    for uri in _state["uris"][start:stop]:
        left = _state["left"].get(uri)
        if left is not None and entries is not None:
            entries.extend(dict(e) for e in left.entries)
    _state["replayed"] = max(stop, start)


@event_priority(110)  # before kb_site's hook (100) and Material's search plugin use the index
def _replay_rest(config: Any, **kwargs: Any) -> None:
    _replay_left(config, until=None)
    plugin = _search_plugin(config)
    if getattr(plugin, "search_index_prev", None) is not None:
        # Material's own dirty reload takes the index as one page's and merges the last build's
        # into it, keyed by its first entry's address: the index here is always whole
        plugin.search_index_prev = None


def _remember_written(config: Any) -> None:
    warned = _stop_noting_warnings()
    indexed: dict[str, list[dict[str, Any]]] = _state.get("indexed", {})
    pages = dict(_state["left"])
    for page in _state["pages"]:
        uri = page.file.src_uri
        if uri in warned or uri in pages or uri not in _state["keys"] or uri not in indexed:
            continue
        dest = page.file.abs_dest_path
        pages[uri] = Written(_state["keys"][uri], dest, output_dir.signature(dest), indexed[uri])
    read = {uri: r for uri, r in _state.get("read", {}).items() if uri not in warned}
    _written["sites"][config.site_dir] = {
        "config": _state["config"],
        "pages": pages,
        "read": read,
        "dests": _state["dests"],
    }


@event_priority(-100)  # after every plugin
def on_post_page(output: str, page: Page, config: Any, **kwargs: Any) -> str:
    uri = page.file.src_uri
    if uri in _state["stored"]:
        return _state.pop("value")[0]
    key = _state["keys"].get(uri)
    if key is not None:
        _state["store"].store(key, (output, _state.pop("entries", [])))
    _take_from_helper(_state["next"].get(uri))
    return output


def _take_from_helper(page: Page | None) -> None:
    """Before MkDocs builds *page*: if the helper has built it, use that (the template is chosen
    before any event of the page, so now)."""
    if page is None or page.file.src_uri in _state["stored"] or not _helper_did("page_helper", page):
        return
    load = _state["store"].find_later(_state["keys"][page.file.src_uri])
    if load is not None:
        _use_stored(page, load, _state["stored"])


@event_priority(-100)
def _finish(config: Any, **kwargs: Any) -> None:
    _end_helper("render_helper")
    _end_helper("page_helper")
    _state["store"].close()
    if _written["dirty"]:
        _remember_written(config)
        _collector.idle()
    left, unread = len(_state["left"]), _state.get("unread", 0)
    pages, reused, helped = len(_state["keys"]), _state["reused"] + left, len(_state["stored"]) - _state["reused"]
    by_helper = f" ({helped} by a helper process)" if helped else ""
    as_written = f", {left} of them left as written, {unread} not read again" if left or unread else ""
    log.info(
        f"Rendered {pages - reused} of {pages} pages anew{by_helper}; "
        f"the others are unchanged (.cache/kb/render{as_written})"
    )


on_post_build = CombinedEvent(_replay_rest, _finish)


def on_build_error(error: Exception, **kwargs: Any) -> None:
    _stop_noting_warnings()  # what a failed build left in its folder is not known: the next one starts clean
    _collector.idle()
    _end_helper("render_helper")
    _end_helper("page_helper")
    store = _state.get("store")
    if store is not None:
        store.close(retain_used_only=False)  # a failed build used only part of the site


def _end_helper(name: str) -> None:
    helper = _state.pop(name, None)
    if helper:
        helper[0].end()
        if helper[0].failed:
            log.debug(f"{name}: {helper[0].failed} page(s) failed in the helper process (built here instead)")


def on_serve(server: Any, **kwargs: Any) -> Any:
    """Be told of a saved file at once: MkDocs polls every 0.5 s (a quarter of a second on every edit,
    on average), where the OS notifies (inotify, FSEvents, ...) within milliseconds."""
    try:
        native = watchdog.observers.Observer()
        for path in server._watched_paths:
            native.schedule(_Rebuild(server), path, recursive=True)
    except Exception as exc:  # no notification API, or out of watches: keep polling
        log.info(f"File changes are polled, as the system does not notify them here ({exc})")
        return server
    server.observer = native  # MkDocs starts it, and schedules any later watch() on it
    # MkDocs waits until no change has come for 0.1 s before it builds (a save is several events:
    # write, close, rename). Notified events of one save come within milliseconds of each other.
    server.build_delay = min(server.build_delay, QUIET_BEFORE_BUILD)
    return server


QUIET_BEFORE_BUILD = 0.03  # seconds without a change before a rebuild starts


class _Rebuild(watchdog.events.FileSystemEventHandler):
    """What LiveReloadServer.watch's handler does: ask for a rebuild on any change to a file."""

    def __init__(self, server: Any) -> None:
        self.server = server

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type in {"opened", "closed_no_write"}:
            return
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()
