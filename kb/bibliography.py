"""Load `bibliography.bib` with line numbers and check its entries.

bibtexparser 2 is used (not pybtex) because it keeps each entry's start line and
reports duplicates and unparsable blocks as values instead of stopping at the
first error, so every problem in the file is listed at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import bibtexparser
from bibtexparser import model

from kb.cache import ContentCache, digest
from kb.citations import VALID_KEY
from kb.diagnostics import Diagnostic, diagnostic

# Required fields per entry type; a tuple means "one of these".
REQUIRED: dict[str, list[str | tuple[str, ...]]] = {
    "article": [("author",), ("title",), ("journal",), ("year",)],
    "book": [("author",), ("title",), ("publisher",), ("year",)],
    "collection": [("editor",), ("title",), ("publisher",), ("year",)],
    "report": [("author", "institution"), ("title",), ("institution",), ("year",)],
    "incollection": [("author",), ("title",), ("booktitle",), ("publisher",), ("year",)],
    "inbook": [("author", "editor"), ("title",), ("publisher",), ("year",)],
    "mastersthesis": [("author",), ("title",), ("school",), ("year",)],
    "phdthesis": [("author",), ("title",), ("school",), ("year",)],
    "techreport": [("author", "institution"), ("title",), ("institution",), ("year",)],
    "misc": [("title",), ("year",), ("author", "organization")],
}


@dataclass(frozen=True)
class BibEntry:
    key: str
    type: str
    fields: dict[str, str]
    line: int  # 1-based

    @property
    def cited_in(self) -> list[str]:
        """Keys of the theses that cite this work (the `citedin` field)."""
        listed = self.fields.get("citedin")
        return [k for k in re.split(r"[,\s]+", listed) if k] if listed else []

    @property
    def authors(self) -> list[str]:
        """Authors (or editors, or the organisation) as 'Family, Given' strings; 'others' as the last one."""
        names = self.fields.get("author") or self.fields.get("editor") or self.fields.get("organization", "")
        return [n.strip().strip("{}") for n in re.split(r"\s+and\s+", names) if n.strip()]

    def short(self) -> str:
        """'Lipsky 2010' or 'Panican & Ulmestig 2019' or 'Forslund m.fl. 2019'."""
        return self._short

    @cached_property  # asked for on every page that lists or cites the work
    def _short(self) -> str:
        family = [a.split(",")[0].strip() if "," in a else a.split()[-1] for a in self.authors] or ["Anon."]
        year = self.fields.get("year", "u.å.")
        if family[-1] == "others":  # BibTeX's "and others": et al.
            return f"{family[0]} m.fl. {year}"
        if len(family) == 1:
            return f"{family[0]} {year}"
        if len(family) == 2:
            return f"{family[0]} & {family[1]} {year}"
        return f"{family[0]} m.fl. {year}"


@dataclass
class Bibliography:
    path: str  # relative path used in diagnostics
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digest: str = ""  # content hash of the file (a cache key)
    unreadable: bool = False  # no entries could be read: citations cannot be checked against it
    size: int = 0  # how many entries it has
    # Its entries, or how to get them: a check of an unchanged project needs only the digest, the
    # diagnostics and the size, and unpickling 2,000 entries was half of such a check.
    _entries: dict[str, BibEntry] | Callable[[], dict[str, BibEntry]] = field(default_factory=dict, repr=False)

    @property
    def entries(self) -> dict[str, BibEntry]:
        if callable(self._entries):
            self._entries = self._entries()
        return self._entries


def load(path: Path, rel: str, cache: ContentCache | None = None) -> Bibliography:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _unreadable(rel, 1, 1, "bibliography file not found", "create it")
    except OSError as exc:
        return _unreadable(rel, 1, 1, f"bibliography cannot be read: {exc.strerror}", "check the file")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return _unreadable(
            rel, line, column, f"bibliography is not UTF-8: byte 0x{raw[exc.start]:02x} here", "save the file as UTF-8"
        )
    content, cache = digest(source), cache or ContentCache()
    key = f"{content}:{rel}"
    head = cache.find("bibliography-head", key)
    if head is None:
        bib = parse(source, rel)
        cache.store("bibliography-head", key, (bib.diagnostics, bib.unreadable, bib.size))
        cache.store("bibliography", key, bib.entries)
    else:  # the entries are unpickled (or, were they lost, parsed) when first asked for
        diagnostics, unreadable, size = head
        bib = Bibliography(rel, diagnostics, unreadable=unreadable, size=size)
        bib._entries = lambda: cache.get("bibliography", key, lambda: parse(source, rel).entries)
    bib.digest = content
    return bib


def _unreadable(rel: str, line: int, column: int, message: str, hint: str) -> Bibliography:
    bib = Bibliography(rel, unreadable=True)
    bib.diagnostics.append(diagnostic(rel, line, column, "KB201", message, hint))
    return bib


def parse(source: str, rel: str) -> Bibliography:
    """Parse BibTeX source; never raises, problems become diagnostics."""
    if source.startswith("\ufeff"):
        source = source[1:]  # a byte-order mark: harmless to every reader
    if not BIB_ENTRY.search(source):
        return _unreadable(rel, 1, 1, "the bibliography has no entries", "add the sources as @book{…}, @article{…}")
    bib = Bibliography(rel)
    try:
        library = bibtexparser.parse_string(source)
    except Exception as exc:  # the parser's own bugs must not crash a check
        return _unreadable(rel, 1, 1, f"bibliography could not be parsed: {exc}", "check the file's syntax")
    strings = {s.key.casefold() for s in library.strings} | MONTHS
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first = bib.entries.get(block.key)
            where = f" (first at line {first.line})" if first else ""
            bib.diagnostics.append(
                diagnostic(
                    rel,
                    line,
                    1,
                    "KB202",
                    f"duplicate bibliography key {block.key!r}{where}",
                    "give each entry its own key: authorYYYY plus a, b, … when they collide",
                )
            )
        elif isinstance(block, model.ParsingFailedBlock):
            bib.diagnostics.append(
                diagnostic(
                    rel,
                    line,
                    1,
                    "KB201",
                    f"bibliography entry could not be parsed: {_reason(block)}",
                    "check braces, commas and quotes in this entry",
                )
            )
        elif isinstance(block, model.Entry):
            entry = BibEntry(
                key=block.key,
                type=block.entry_type.lower(),
                fields={f.key.lower(): _clean(f.value) for f in block.fields},
                line=line,
            )
            bib.entries.setdefault(entry.key, entry)
            bib.diagnostics.extend(_undefined_macros(block, strings, rel, line))
    for entry in bib.entries.values():
        bib.diagnostics.extend(_check_entry(_with_crossref(entry, bib.entries), rel))
    bib.size = len(bib.entries)
    return bib


BIB_ENTRY = re.compile(r"@\s*(?!comment\b|string\b|preamble\b)\w+\s*[{(]", re.I)
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
BARE_VALUE = re.compile(r"(?P<field>\w+)\s*=\s*(?P<value>[A-Za-z][\w:.-]*)\s*(?=[,}#\n])")


def _undefined_macros(block: model.Entry, strings: set[str], rel: str, line: int) -> list[Diagnostic]:
    """A bare word as a value is a @string macro; one that is not defined would be printed as it stands."""
    found = []
    raw = block.raw or ""
    for m in BARE_VALUE.finditer(raw):
        inside_value = raw[: m.start()].count("{") - raw[: m.start()].count("}") > 1  # e.g. options = {a=b}
        if not inside_value and m["value"].casefold() not in strings:
            at = line + block.raw[: m.start()].count("\n")
            found.append(
                diagnostic(
                    rel,
                    at,
                    1,
                    "KB201",
                    f"undefined @string macro {m['value']!r} in field {m['field']!r} of {block.key!r}",
                    f"write {m['field']} = {{{m['value']}}} or define @string{{{m['value']} = {{…}}}}",
                )
            )
    return found


def _with_crossref(entry: BibEntry, entries: dict[str, BibEntry]) -> BibEntry:
    """A `crossref` child inherits the fields it does not set from its parent (as BibTeX and biber do)."""
    parent = entries.get(entry.fields.get("crossref", ""))
    if parent is None:
        return entry
    inherited = {**parent.fields, "booktitle": parent.fields.get("title", ""), **entry.fields}
    return BibEntry(entry.key, entry.type, inherited, entry.line)


def _reason(block: model.ParsingFailedBlock) -> str:
    reason = str(getattr(block, "error", "") or "syntax error")
    return reason.split("\n")[0][:200]


def _clean(value: object) -> str:
    """A field's value as text: outer braces off, LaTeX accents and escapes decoded, white space single."""
    text = str(value).strip()
    if len(text) >= 2 and text[0] == "{" and text[-1] == "}":
        text = text[1:-1]
    if "\\" in text:
        text = _latex_to_text(text)
    return re.sub(r"\s+", " ", text)


def _latex_to_text(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text  # only for the rare value with LaTeX in it

    try:
        return LatexNodes2Text(keep_braced_groups=True).latex_to_text(text)
    except Exception:  # a value that is not valid LaTeX is kept as written
        return text


def _check_entry(entry: BibEntry, rel: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not VALID_KEY.match(entry.key):
        found.append(
            diagnostic(
                rel,
                entry.line,
                1,
                "KB204",
                f"bibliography key {entry.key!r} is not of the form authorYYYY[a-z]",
                "use lower-case letters, digits and '-' only, e.g. lipsky2010 or panican2019a",
            )
        )
    required = REQUIRED.get(entry.type)
    if required is None:
        found.append(
            diagnostic(
                rel,
                entry.line,
                1,
                "KB203",
                f"entry {entry.key!r} has unsupported type @{entry.type}",
                "use one of: " + ", ".join(f"@{t}" for t in REQUIRED),
            )
        )
        return found
    year = entry.fields.get("year", "")
    if year and not re.fullmatch(r"\d{4}", year):
        found.append(
            diagnostic(rel, entry.line, 1, "KB203", f"entry {entry.key!r} has the year {year!r}", "write a year: 2010")
        )
    missing = [" or ".join(alts) for alts in required if not any(entry.fields.get(a) for a in alts)]
    if missing:
        found.append(
            diagnostic(
                rel,
                entry.line,
                1,
                "KB203",
                f"@{entry.type} entry {entry.key!r} lacks required field(s): {', '.join(missing)}",
                "an edited book is @collection, with its editor"
                if entry.type == "book" and missing == ["author"] and entry.fields.get("editor")
                else f"add {', '.join(missing)} to the entry",
            )
        )
    return found
