"""Load `bibliography.bib` with line numbers and check its entries.

bibtexparser 2 is used (not pybtex) because it keeps each entry's start line and
reports duplicates and unparsable blocks as values instead of stopping at the
first error, so every problem in the file is listed at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model

from kb.cache import ContentCache, digest
from kb.citations import VALID_KEY
from kb.diagnostics import Diagnostic, diagnostic

# Required fields per entry type; a tuple means "one of these".
REQUIRED: dict[str, list[str | tuple[str, ...]]] = {
    "article": [("author",), ("title",), ("journal",), ("year",)],
    "book": [("author", "editor"), ("title",), ("publisher",), ("year",)],
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
        """Authors (or editors, or the organisation) as 'Family, Given' strings."""
        names = self.fields.get("author") or self.fields.get("editor") or self.fields.get("organization", "")
        return [n.strip().strip("{}") for n in re.split(r"\s+and\s+", names) if n.strip()]

    def short(self) -> str:
        """'Lipsky 2010' or 'Panican & Ulmestig 2019' or 'Forslund m.fl. 2019'."""
        family = [a.split(",")[0].strip() if "," in a else a.split()[-1] for a in self.authors] or ["Anon."]
        year = self.fields.get("year", "u.å.")
        if len(family) == 1:
            return f"{family[0]} {year}"
        if len(family) == 2:
            return f"{family[0]} & {family[1]} {year}"
        return f"{family[0]} m.fl. {year}"


@dataclass
class Bibliography:
    path: str  # relative path used in diagnostics
    entries: dict[str, BibEntry] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    digest: str = ""  # content hash of the file (a cache key)


def load(path: Path, rel: str, cache: ContentCache | None = None) -> Bibliography:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        bib = Bibliography(rel)
        bib.diagnostics.append(diagnostic(rel, 1, 1, "KB201", "bibliography file not found", "create it"))
        return bib
    except UnicodeDecodeError as exc:
        bib = Bibliography(rel)
        bib.diagnostics.append(
            diagnostic(rel, 1, 1, "KB201", f"bibliography is not UTF-8: {exc.reason}", "save the file as UTF-8")
        )
        return bib
    content = digest(source)
    bib = (cache or ContentCache()).get("bibliography", f"{content}:{rel}", lambda: parse(source, rel))
    bib.digest = content
    return bib


def parse(source: str, rel: str) -> Bibliography:
    """Parse BibTeX source; never raises, problems become diagnostics."""
    bib = Bibliography(rel)
    try:
        library = bibtexparser.parse_string(source)
    except Exception as exc:  # the parser's own bugs must not crash a check
        bib.diagnostics.append(
            diagnostic(rel, 1, 1, "KB201", f"bibliography could not be parsed: {exc}", "check the file's syntax")
        )
        return bib
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
            bib.diagnostics.extend(_check_entry(entry, rel))
    return bib


def _reason(block: model.ParsingFailedBlock) -> str:
    reason = str(getattr(block, "error", "") or "syntax error")
    return reason.split("\n")[0][:200]


def _clean(value: object) -> str:
    text = str(value).strip()
    if len(text) >= 2 and text[0] == "{" and text[-1] == "}":
        text = text[1:-1]
    return re.sub(r"\s+", " ", text)


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
    missing = [" or ".join(alts) for alts in required if not any(entry.fields.get(a) for a in alts)]
    if missing:
        found.append(
            diagnostic(
                rel,
                entry.line,
                1,
                "KB203",
                f"@{entry.type} entry {entry.key!r} lacks required field(s): {', '.join(missing)}",
                f"add {', '.join(missing)} to the entry",
            )
        )
    return found
