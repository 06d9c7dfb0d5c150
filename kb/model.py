"""The knowledge base as loaded from disk: bibliography and pages, read once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from kb import bibliography, citations
from kb.bibliography import Bibliography
from kb.cache import ContentCache
from kb.cache import digest as content_digest
from kb.citations import Citation, CitationProblem
from kb.diagnostics import Diagnostic, diagnostic
from kb.frontmatter import FrontMatter, parse, with_text

CONCEPTS_DIR = "concepts"
DOCS_DIR = "docs"
BIB_FILE = "bibliography.bib"
SITE_CONCEPTS = "concepts"  # where concept pages appear in the site


class PageKind(StrEnum):
    CONCEPT = "concept"
    QUOTE = "quote"
    STUDY = "study"
    THEORIST = "theorist"
    PAGE = "page"  # any other page: index, about, guide


# Folder under docs/ -> page kind
KIND_BY_FOLDER = {"quotes": PageKind.QUOTE, "studies": PageKind.STUDY, "theorists": PageKind.THEORIST}


@dataclass
class Page:
    file: str  # absolute path (a string: thousands of Path objects cost a check real time)
    rel: str  # relative to the project root, forward slashes (used in diagnostics)
    site_path: str  # path inside the site, e.g. "concepts/handlingsutrymme.md"
    kind: PageKind
    front: FrontMatter
    body: str
    source: str
    digest: str  # content hash of the file: the cache key of everything derived from it

    @cached_property
    def path(self) -> Path:
        return Path(self.file)

    @cached_property
    def id(self) -> str:
        return self.rel.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def meta(self) -> dict[str, Any]:
        return self.front.data

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)


@dataclass
class KnowledgeBase:
    root: Path
    bib: Bibliography
    pages: list[Page] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # load problems
    other_files: set[str] = field(default_factory=set)  # site paths of the files under docs/ that are not pages
    cache: ContentCache = field(default_factory=ContentCache)

    def citations_of(self, page: Page) -> tuple[tuple[Citation, ...], tuple[CitationProblem, ...]]:
        """The citations (and citation problems) in a page's body."""
        return self.cache.get("citations", page.digest, lambda: citations.scan(page.body))

    # The pages are fixed once `load` returns, so these indexes are computed once.
    def of_kind(self, kind: PageKind) -> list[Page]:
        return self._by_kind.get(kind, [])

    @cached_property
    def _by_kind(self) -> dict[PageKind, list[Page]]:
        kinds: dict[PageKind, list[Page]] = {}
        for page in self.pages:
            kinds.setdefault(page.kind, []).append(page)
        return kinds

    @cached_property
    def concepts(self) -> dict[str, Page]:
        return {p.id: p for p in self.of_kind(PageKind.CONCEPT)}

    @cached_property
    def by_site_path(self) -> dict[str, Page]:
        return {p.site_path: p for p in self.pages}

    @cached_property
    def used_keys(self) -> set[str]:
        """Bibliography keys cited in a page body or named in front matter (study, works)."""
        used = {c.key for p in self.pages for c in self.citations_of(p)[0]}
        used |= {k for p in self.pages for k in front_matter_keys(p)}
        parents = {self.bib.entries[k].fields.get("crossref") for k in used if k in self.bib.entries}
        return used | {p for p in parents if p}  # a cited chapter publishes its book's data too

    @cached_property
    def source_keys(self) -> list[str]:
        """Entries that get a source page: used on the site, or listed by a thesis (`citedin`)."""
        return [k for k, e in self.bib.entries.items() if k in self.used_keys or e.cited_in]


def load(root: Path, cache: ContentCache | None = None) -> KnowledgeBase:
    """Read the bibliography and every Markdown page under concepts/ and docs/.

    With a persistent *cache* (see kb.cache), unchanged files are not parsed again.
    """
    root = root.resolve()
    cache = cache or ContentCache()
    kb = KnowledgeBase(root, bibliography.load(root / BIB_FILE, BIB_FILE, cache), cache=cache)
    taken: dict[str, str] = {}  # site path -> the file that has it
    for folder, site_prefix in ((CONCEPTS_DIR, SITE_CONCEPTS), (DOCS_DIR, "")):
        base = root / folder
        if not base.is_dir():
            continue
        markdown, other = _files(base, kb)
        kb.other_files |= {f"{site_prefix}/{inner}" if site_prefix else inner for inner in other}
        for inner in markdown:
            site_path = f"{site_prefix}/{inner}" if site_prefix else inner
            rel = f"{folder}/{inner}"
            if site_path in taken:
                kb.diagnostics.append(_same_site_path(rel, taken[site_path], site_path))
                continue
            page = _load_page(kb, f"{base}{os.sep}{inner}", rel, site_path, folder == CONCEPTS_DIR)
            if page:
                taken[site_path] = rel
                kb.pages.append(page)
    return kb


def _same_site_path(rel: str, first: str, site_path: str) -> Diagnostic:
    return diagnostic(
        rel,
        1,
        1,
        "KB003",
        f"{rel} would be the same page of the site as {first} ({site_path})",
        "rename or move one of them; concept pages belong in concepts/ only",
    )


def _files(base: Path, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Paths (relative to *base*, with /) of the .md files below it, and of the other files, in path order.

    A name that is not valid UTF-8, a dangling link or a loop of links is reported, not followed.
    """
    markdown, other = [], []
    pending = [(str(base), "")]
    while pending:  # os.walk's walk (symbolic links to folders not followed), with scandir's file types
        directory, prefix = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # an unreadable folder, as os.walk skips it
        for entry in entries:
            inner = f"{prefix}{entry.name}"
            if _is_folder(entry):
                if not entry.is_symlink():
                    pending.append((entry.path, f"{inner}/"))
                continue
            rel = f"{base.name}/{inner}"
            if not _is_utf8(inner):
                kb.diagnostics.append(
                    diagnostic(_printable(rel), 1, 1, "KB001", "file name is not valid UTF-8", "rename the file")
                )
            elif entry.is_symlink() and not os.path.exists(entry.path):
                kb.diagnostics.append(
                    diagnostic(rel, 1, 1, "KB001", "a symbolic link to nothing (or a loop of links)", "remove it")
                )
            else:
                (markdown if entry.name.endswith(".md") else other).append(inner)
    order = lambda rel: rel.split("/")  # noqa: E731
    return sorted(markdown, key=order), sorted(other, key=order)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a loop of links
        return False


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.walk gives undecodable bytes as lone surrogates
        return False
    return True


def _printable(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _load_page(kb: KnowledgeBase, path: str, rel: str, site_path: str, is_concept: bool) -> Page | None:
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except OSError as exc:  # unreadable, a directory named .md, a link that broke meanwhile
        kb.diagnostics.append(diagnostic(rel, 1, 1, "KB001", f"file cannot be read: {exc.strerror}", "check the file"))
        return None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        kb.diagnostics.append(diagnostic(rel, 1, 1, "KB001", f"file is not UTF-8: {exc.reason}", "save it as UTF-8"))
        return None
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")  # as read_text's universal newlines
    digest = content_digest(raw)
    kb.cache.keep(digest)
    parsed = kb.cache.get("front-matter", digest, lambda: parse(source))
    front = with_text(parsed, source)
    body = source[parsed.body_start :]
    if front.error:
        line, column, message, hint = front.error
        kb.diagnostics.append(diagnostic(rel, line, column, "KB001", message, hint))
    if is_concept:
        kind = PageKind.CONCEPT
    else:
        folder = site_path.split("/")[0] if "/" in site_path else ""
        kind = KIND_BY_FOLDER.get(folder, PageKind.PAGE)
        if rel.endswith("/index.md"):
            kind = PageKind.PAGE  # section index pages are ordinary pages
    return Page(path, rel, site_path, kind, front, body, source, digest)


def related_item(item: Any) -> tuple[str | None, str]:
    """(concept id, relation) of one `related` entry; relation defaults to 'se även'."""
    if isinstance(item, str):
        return item, "se även"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return item["id"], str(item.get("relation", "se även"))
    return None, ""


def front_matter_keys(page: Page) -> list[str]:
    """Bibliography keys a page names in its front matter: `study` and `works`."""
    works = page.meta.get("works")
    keys = [page.meta.get("study"), *(works if isinstance(works, list) else [works])]
    return [str(k) for k in keys if k]
