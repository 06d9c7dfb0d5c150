"""Validate a loaded knowledge base: a list of diagnostics (codes in kb.diagnostics.CODES), per file."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kb import anonymity, cache, citations, config, links
from kb.diagnostics import Diagnostic, diagnostic
from kb.links import url_to_site_path
from kb.model import KnowledgeBase, Page, PageKind, load, related_item
from kb.site import paths
from kb.syntax import CITATION_BLOCK, LineIndex, word_count

RELATIONS = ("del av", "omfattar", "motsats", "används med", "se även")
SPEAKER = re.compile(r"(IP|I|Informant \d+)\Z")
CONCEPT_SECTIONS = ("Ursprung och nyckelverk", "I studierna", "Kritik och senare forskning", "Vidare läsning")
MIN_CONCEPT_WORDS = 250


def check_project(
    root: Path, use_cache: bool = True, loaded: Callable[[KnowledgeBase], object] | None = None
) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Load and validate the project at *root* under its own settings (kb.config), with its
    persistent cache unless *use_cache* is False; *loaded* is called with the knowledge base before
    it is validated (a site build starts what need not wait for the check)."""
    with cache.paused_gc():
        kb = load(root, cache.for_project(root) if use_cache else None)
        if loaded is not None:
            loaded(kb)
        found = config.load(kb.root).apply(validate(kb))
        kb.cache.save()
    return kb, found


def validate(kb: KnowledgeBase) -> list[Diagnostic]:
    # What follows depends only on the files' paths and contents: an unchanged project is one lookup.
    kb.cache.keep(kb.bib.digest)
    checked = kb.cache.get("project", _project_key(kb), lambda: _validate_files(kb))
    if not kb.diagnostics and not kb.bib.diagnostics:
        return list(checked)  # sorted and without repeats already (a copy: the cache keeps its own)
    return sorted(set(kb.diagnostics) | set(kb.bib.diagnostics) | set(checked), key=_position)


def _position(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.path, d.line, d.column, d.code)


def _project_key(kb: KnowledgeBase) -> str:
    """Every input of `_validate_files`: the bibliography, and each page's path and content."""
    pages = "\n".join(f"{p.rel}\t{p.digest}" for p in kb.pages)
    others = "\n".join(sorted(kb.other_files))
    return cache.digest(f"{kb.bib.digest}:{kb.bib.path}:{kb.bib.unreadable}\n{pages}\n\n{others}")


def _validate_files(kb: KnowledgeBase) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    ids = _Ids(kb)
    for page in kb.pages:
        # A page's diagnostics depend only on its content and the ids it may refer to.
        whole = f"{page.digest}:{page.rel}:{ids.key}"
        found.extend(kb.cache.get("page", whole, lambda page=page: _check_page(kb, page, ids)))
    found.extend(_unused_entries(kb))
    found.extend(
        diagnostic(kb.by_site_path[path].rel, 1, 1, "KB003", f"{path} is a page the site generates", "rename the file")
        for path in paths.generated_pages(kb)
        if path in kb.by_site_path
    )
    found.extend(kb.cache.get("bib-anonymity", f"{kb.bib.digest}:{ids.authors_key}", lambda: _bib_anonymity(kb, ids)))
    return sorted(set(found), key=_position)


def _bib_anonymity(kb: KnowledgeBase, ids: _Ids) -> list[Diagnostic]:
    path = kb.root / kb.bib.path
    if not kb.bib.entries or not path.is_file():
        return []
    return anonymity.scan_bibliography(kb.bib, path.read_text(encoding="utf-8", errors="replace"), ids.allowed)


class _Ids:
    """The ids a page may refer to."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.concepts = set(kb.concepts)
        self.theorists = {p.id for p in kb.of_kind(PageKind.THEORIST)}
        self.studies = {str(p.meta.get("study")) for p in kb.of_kind(PageKind.STUDY)}
        self.bib = set(kb.bib.entries)
        # An unreadable bibliography is one error (KB201), not one per citation of every page.
        self.bib_readable = not kb.bib.unreadable
        self.site_paths = set(kb.by_site_path) | set(paths.generated_pages(kb))
        self.files = set(paths.GENERATED_FILES) | kb.other_files  # what raw HTML may link to besides pages
        self.allowed = kb.cache.get("allowed-names", kb.bib.digest, lambda: anonymity.allowed_names(kb.bib))
        pairs = "\n".join(sorted(" ".join(pair) for pair in self.allowed.pairs))
        self.authors_key = cache.digest(pairs)  # part of the anonymity cache key
        pools = (self.concepts, self.theorists, self.studies, self.bib, self.site_paths)
        pools = (*pools, self.files, {str(self.bib_readable)})
        self.key = cache.digest("\n\n".join("\n".join(sorted(pool)) for pool in pools) + self.authors_key)


def _check_page(kb: KnowledgeBase, page: Page, ids: _Ids) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    index: LineIndex | None = None

    def at(offset: int) -> tuple[str, int, int]:
        nonlocal index
        index = index or LineIndex(page.body, page.front.body_line)
        return (page.rel, *index.position(offset))

    cites, problems = kb.citations_of(page)
    for problem in problems:
        found.append(diagnostic(*at(problem.offset), problem.code, problem.message, problem.hint))
    for cite in cites:
        if cite.key not in ids.bib and ids.bib_readable:
            found.append(
                diagnostic(
                    *at(cite.offset),
                    "KB101",
                    f"unknown citation key {cite.key!r}",
                    _did_you_mean(cite.key, ids.bib, "add it to bibliography.bib"),
                )
            )
    here = f"{page.digest}:{page.site_path}"
    page_links = kb.cache.get("links", here, lambda: links.find_links(page.body, page.site_path))
    for link in page_links:
        if link.wiki and link.target not in ids.concepts:
            found.append(
                diagnostic(
                    *at(link.offset),
                    "KB301",
                    f"unknown concept {link.target!r} in [[…]] link",
                    _did_you_mean(link.target, ids.concepts, "create concepts/<id>.md or fix the id"),
                )
            )
        elif link.html and link.target.endswith(".md"):
            found.append(
                diagnostic(
                    *at(link.offset),
                    "KB302",
                    f"raw HTML link to {link.text!r}: the site generator does not rewrite links in HTML",
                    "write a Markdown link [text](page.md), or link to the page's address (../page/)",
                )
            )
        elif link.html and not (url_to_site_path(link.target) & ids.site_paths or link.target in ids.files):
            found.append(
                diagnostic(*at(link.offset), "KB302", f"broken HTML link to {link.text!r}", "link to an existing page")
            )
        elif not link.wiki and not link.html and link.target not in ids.site_paths | ids.files:
            found.append(
                diagnostic(
                    *at(link.offset),
                    "KB302",
                    f"broken link to {link.target!r}",
                    "link to an existing .md file, relative to this page",
                )
            )
    if not page.front.error:
        found.extend(_check_front_matter(page, ids))
    if page.kind == PageKind.CONCEPT:
        this_file = f"{page.digest}:{page.rel}"
        found.extend(kb.cache.get("concept-body", this_file, lambda: _check_concept_body(page, cites)))
    with_authors = f"{page.digest}:{page.rel}:{ids.authors_key}"
    found.extend(kb.cache.get("anonymity", with_authors, lambda: anonymity.scan_page(page, ids.allowed)))
    return found


def _did_you_mean(word: str, known: Iterable[str], otherwise: str) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else otherwise


# --- front matter -----------------------------------------------------------

Check = Callable[[Page, Any, _Ids], list[tuple[str | None, str, str, str]]]


# Fields every page may have: MkDocs's and Material's own, and the anonymity gate's allow_names.
COMMON_FIELDS = (
    "title",
    "description",
    "hide",
    "search",
    "template",
    "status",
    "icon",
    "subtitle",
    "tags",
    "allow_names",
)
# Front-matter fields the site prints (as headings, facts or lists): a citation there is not rendered.
PRINTED_FIELDS = ("title", "title_en", "aliases", "context", "tags", "description", "subtitle")


def _check_front_matter(page: Page, ids: _Ids) -> list[Diagnostic]:
    schema = SCHEMAS.get(page.kind, {})
    found: list[Diagnostic] = []
    known = [*schema, *COMMON_FIELDS]
    for name in page.meta:
        if name not in known:
            found.append(
                diagnostic(
                    page.rel,
                    page.front.line_of(str(name)),
                    1,
                    "KB404",
                    f"{page.kind} pages have no front-matter field {name!r}",
                    _did_you_mean(str(name), known, f"use one of: {', '.join(known)}"),
                )
            )
    for name in PRINTED_FIELDS:
        for text in _as_list(page.meta.get(name)):
            if isinstance(text, str) and CITATION_BLOCK.search(text):
                found.append(
                    diagnostic(
                        page.rel,
                        page.front.line_of(name),
                        1,
                        "KB105",
                        f"a citation in front-matter field {name!r} is not rendered as a citation",
                        "move the citation into the page's text",
                    )
                )
    for name, (required, check) in schema.items():
        value = page.meta.get(name)
        if value in (None, "", []):
            if required:
                found.append(
                    diagnostic(
                        page.rel,
                        1,
                        1,
                        "KB401",
                        f"{page.kind} page lacks front-matter field {name!r}",
                        _field_hint(page.kind, name),
                    )
                )
            continue
        for item, code, message, hint in check(page, value, ids):
            line = page.front.line_of(name, item)
            found.append(diagnostic(page.rel, line, 1, code, message, hint))
    return found


def _field_hint(kind: str, name: str) -> str:
    examples = {
        "title": "title: Handlingsutrymme",
        "title_en": "title_en: Discretion",
        "study": "study: lundgren2022 (the bibliography key of the thesis)",
        "speaker": "speaker: IP (or: Informant 3), as published",
        "locator": "locator: s. 27 (the page in the thesis)",
        "concepts": "concepts: [handlingsutrymme, dubbel-roll]",
        "theorist": "theorist: lipsky",
    }
    return f"add `{examples.get(name, name + ': …')}` to the front matter"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _text(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if isinstance(value, str) and value.strip():
        return []
    return [(None, "KB402", f"expected text, got {value!r}", "write a plain string")]


def _string_list(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return []
    return [(None, "KB402", f"expected a list of strings, got {value!r}", "write [a, b] or one `- item` per line")]


def _known(kind: str, pool: Callable[[_Ids], set[str]], single: bool = False) -> Check:
    """Ids of *kind* from *pool*: one id (*single*) or a list of them."""

    def check(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
        problems: list[tuple[str | None, str, str, str]] = []
        if kind == "bibliography key" and not ids.bib_readable:
            return []  # reported once, as KB201
        if single and not isinstance(value, str):
            return [(None, "KB402", f"expected one {kind} id, got {value!r}", "write the id as plain text, not a list")]
        for item in _as_list(value):
            if not isinstance(item, str):
                problems.append((None, "KB402", f"expected {kind} id, got {item!r}", "write the id as plain text"))
            elif item not in pool(ids):
                problems.append(
                    (
                        item,
                        "KB403",
                        f"unknown {kind} {item!r}",
                        _did_you_mean(item, pool(ids), f"use an existing {kind}"),
                    )
                )
        return problems

    return check


def _concept_list(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if not isinstance(value, list):
        return [(None, "KB402", "concepts must be a list of concept ids", "concepts: [handlingsutrymme, dubbel-roll]")]
    return _known("concept", lambda i: i.concepts)(page, value, ids)


def _related(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if not isinstance(value, list):
        return [(None, "KB402", "related must be a list", "one `- id: …` entry per related concept")]
    problems: list[tuple[str | None, str, str, str]] = []
    for item in value:
        concept, relation = related_item(item)
        if concept is None:
            problems.append(
                (
                    None,
                    "KB402",
                    f"related item {item!r} is neither an id nor {{id, relation}}",
                    "write `- id: other-concept` and optionally `relation: används med`",
                )
            )
            continue
        if concept not in ids.concepts:
            problems.append(
                (
                    concept,
                    "KB403",
                    f"unknown related concept {concept!r}",
                    _did_you_mean(concept, ids.concepts, "use an existing concept id"),
                )
            )
        if relation not in RELATIONS:
            problems.append(
                (
                    concept,
                    "KB402",
                    f"unknown relation {relation!r} for {concept!r}",
                    "use one of: " + ", ".join(RELATIONS),
                )
            )
        if concept == page.id:
            problems.append((concept, "KB402", "a concept cannot be related to itself", "remove this item"))
    return problems


def _speaker(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if isinstance(value, str) and SPEAKER.match(value):
        return []
    return [
        (
            None,
            "KB402",
            f"speaker {value!r} is not a published pseudonym label",
            "use IP, I or Informant N — never a name",
        )
    ]


def _locator(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if isinstance(value, str) and citations.is_valid_locator(value):
        return []
    return [(None, "KB402", f"locator {value!r} is not a page locator", "write e.g. `locator: s. 27` or `s. 27 f.`")]


def _study_key(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if page.kind == PageKind.STUDY:
        return _known("bibliography key", lambda i: i.bib, single=True)(page, value, ids)
    return _known("study", lambda i: i.studies, single=True)(page, value, ids)


def _theorist_self(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if value == page.id:
        return []
    return [
        (str(value), "KB402", f"theorist id {value!r} must equal the file name {page.id!r}", f"theorist: {page.id}")
    ]


def _color(page: Page, value: Any, ids: _Ids) -> list[tuple[str | None, str, str, str]]:
    if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return []
    return [(None, "KB402", f'color {value!r} is not a colour like "#00897b"', 'color: "#00897b" (in quotes)')]


SCHEMAS: dict[PageKind, dict[str, tuple[bool, Check]]] = {
    PageKind.CONCEPT: {
        "title": (True, _text),
        "title_en": (True, _text),
        "theorist": (False, _known("theorist", lambda i: i.theorists, single=True)),
        "aliases": (False, _string_list),
        "related": (False, _related),
        "tags": (False, _string_list),
    },
    PageKind.QUOTE: {
        "title": (True, _text),
        "study": (True, _study_key),
        "speaker": (True, _speaker),
        "locator": (True, _locator),
        "concepts": (True, _concept_list),
        "context": (False, _text),
    },
    PageKind.STUDY: {"title": (True, _text), "study": (True, _study_key)},
    PageKind.THEORIST: {
        "title": (True, _text),
        "theorist": (True, _theorist_self),
        "color": (False, _color),
        "works": (False, _known("bibliography key", lambda i: i.bib)),
    },
    PageKind.PAGE: {"title": (False, _text)},
}

# --- concept bodies ------------------------------------------------------------


def _check_concept_body(page: Page, cites: list[citations.Citation]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not cites:
        found.append(
            diagnostic(
                page.rel,
                page.front.body_line,
                1,
                "KB501",
                "concept page cites no source",
                "back the definition with a citation, e.g. [@lipsky2010, s. 13]",
            )
        )
    headings = re.findall(r"^##\s+(.+?)\s*$", page.body, re.M)
    definition = re.split(r"^##\s", page.body, maxsplit=1, flags=re.M)[0]
    if not definition.strip():
        found.append(
            diagnostic(
                page.rel,
                page.front.body_line,
                1,
                "KB502",
                "concept page has no definition paragraph before the first section",
                "start the body with a one-paragraph definition",
            )
        )
    for section in CONCEPT_SECTIONS:
        if section not in headings:
            found.append(
                diagnostic(
                    page.rel,
                    page.front.body_line,
                    1,
                    "KB502",
                    f"concept page lacks the section '## {section}'",
                    f"add a '## {section}' section",
                )
            )
    words = word_count(page.body)
    if words < MIN_CONCEPT_WORDS:
        found.append(
            diagnostic(
                page.rel,
                page.front.body_line,
                1,
                "KB503",
                f"concept page has {words} words of prose (< {MIN_CONCEPT_WORDS})",
                "explain the concept, its origin and its use in the studies",
            )
        )
    return found


def _unused_entries(kb: KnowledgeBase) -> list[Diagnostic]:
    return [
        diagnostic(
            kb.bib.path,
            e.line,
            1,
            "KB205",
            f"bibliography entry {e.key!r} is never cited",
            "cite it, record which thesis cites it (citedin), or remove it",
        )
        for e in kb.bib.entries.values()
        if e.key not in kb.used_keys and not e.cited_in
    ]
