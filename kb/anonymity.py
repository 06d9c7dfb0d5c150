"""The anonymity gate: find personal data in a page before it can be published.

Detectors (each hit is an error naming file, line and what to do):
  KB601 Swedish personnummer / samordningsnummer (date + Luhn check digit)
  KB602 phone numbers, Swedish and international (Google's libphonenumber)
  KB603 e-mail addresses
  KB604 street addresses and postcodes with a town
  KB605 personal names (a Swedish given-name list + capitalisation heuristics)

Allowed: pseudonym labels (IP, I, Informant N), bracketed placeholders such as
[namn på kommun], the names of every author in bibliography.bib, and the names
a page lists in its front matter under `allow_names` (for cited theorists).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import phonenumbers
from stdnum import luhn

from kb.diagnostics import Diagnostic, diagnostic
from kb.syntax import CITATION_PARTS, URL, LineIndex, blank, mask_code

if TYPE_CHECKING:
    from kb.model import KnowledgeBase, Page


@dataclass(frozen=True)
class Finding:
    offset: int
    code: str
    what: str  # the matched text, shown masked in messages
    message: str
    hint: str


# 6 or 8 digit date, optional separator (- or + or space), 4 digits.
PERSONNUMMER = re.compile(r"(?<![\d:])(?P<century>\d{2})?(?P<date>\d{6})\s?(?P<sep>[-+]?)\s?(?P<tail>\d{4})(?![\d:])")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
# An obfuscated address: "namn (at) domän.se", "namn [at] domän punkt se".
EMAIL_OBFUSCATED = re.compile(
    r"\b[\w.+-]+\s*[\[(]\s*(?:at|snabel-a)\s*[\])]\s*[\w-]+\s*(?:\.|\(dot\)|punkt)\s*[a-z]{2,}\b", re.I
)
STREET = re.compile(
    r"\b[A-ZÅÄÖ][a-zåäöé]+(?:gatan|vägen|gränd|gränden|torget|stigen|allén|backen|leden|plan|platsen|väg|gata)\s+\d{1,4}\s?[A-Za-z]?\b"
)
POSTCODE = re.compile(r"(?<![\d:§.])[1-9]\d{2}\s?\d{2}\s+[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]+\b")
CAPITALISED = re.compile(r"(?<![\w@/\[-])[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?\b")
# Cheap pre-filters, so the costly patterns run only on text that could match them.
OBFUSCATION_HINT = re.compile(r"[\[(]\s*(?:at|snabel-a)\s*[\])]", re.I)
# Cheap pre-filters for addresses: a street-name suffix, or five digits shaped like a postcode.
STREET_SUFFIXES = (
    "gatan",
    "vägen",
    "gränd",
    "torget",
    "stigen",
    "allén",
    "backen",
    "leden",
    "plan",
    "plats",
    "väg",
    "gata",
)
POSTCODE_HINT = re.compile(r"\d{3}\s?\d{2}\s")
SIX_DIGITS = re.compile(r"\d{6}")
# Text without a run of 7+ digits (separators allowed) holds no phone number.
DIGIT_RUN = re.compile(r"\d(?:[\s().-]{0,2}\d){6}")


@cache
def given_names() -> frozenset[str]:
    """The maintained list of Swedish given names (kb/data/fornamn.txt)."""
    text = resources.files("kb").joinpath("data/fornamn.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def common_words() -> frozenset[str]:
    """Given names that are also ordinary Swedish words (kb/data/namnord.txt).

    These are flagged only when followed by a capitalised surname-like word.
    """
    text = resources.files("kb").joinpath("data/namnord.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def scan_text(text: str, allowed_names: Iterable[str] = ()) -> list[Finding]:
    """All personal data in *text* (already masked for code if needed)."""
    # Only @keys and locators are not prose: the rest of a bracketed group (prefixes,
    # placeholders such as [namn på kommun]) is scanned like any text.
    text = URL.sub(blank, CITATION_PARTS.sub(blank, text))
    allowed = allowed_names if isinstance(allowed_names, frozenset) else casefolded(allowed_names)
    findings = list(_personnummer(text))
    findings += list(_emails(text))
    findings += list(_phones(text, {f.offset for f in findings}))
    findings += list(_addresses(text))
    findings += list(_names(text, allowed))
    return sorted(findings, key=lambda f: f.offset)


def scan_page(page: Page, authors: frozenset[str]) -> list[Diagnostic]:
    """Diagnostics for personal data anywhere in a page, front matter included.

    *authors* are the names from the bibliography (see `author_names`), allowed everywhere.
    """
    allowed = authors | casefolded(_as_strings(page.meta.get("allow_names")))
    index = LineIndex(page.source)
    return [
        diagnostic(page.rel, *index.position(f.offset), f.code, f.message, f.hint)
        for f in scan_text(mask_code(page.source), allowed)
    ]


def casefolded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


# Bibliography fields that name people or bodies as the makers of a work (public, bibliographic).
NAME_FIELDS = ("author", "editor", "bookauthor", "translator", "organization", "institution", "publisher")


def author_names(kb: KnowledgeBase) -> frozenset[str]:
    """Every name part of every author, editor, translator or publisher in the bibliography (casefolded)."""
    names: set[str] = set()
    for entry in kb.bib.entries.values():
        for field in NAME_FIELDS:
            for part in re.split(r"[\s,.{}]+|\band\b", entry.fields.get(field, "")):
                if part:
                    names.add(part)
                    names.update(part.split("-"))
    return casefolded(names)


def _as_strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _mask(text: str) -> str:
    """Show a hit without repeating it in full in logs."""
    return text[:2] + "…" if len(text) > 3 else "…"


CONTACT_HINT = "remove it: contact details must never be published"


def _hit(offset: int, code: str, text: str, label: str, hint: str) -> Finding:
    """A finding whose message names the kind of data but shows only its first characters."""
    return Finding(offset, code, text, f"{label} ({_mask(text)})", hint)


# --- detectors -----------------------------------------------------------------


def _personnummer(text: str) -> Iterator[Finding]:
    if not SIX_DIGITS.search(text):
        return
    for m in PERSONNUMMER.finditer(text):
        digits = m["date"] + m["tail"]
        if not _valid_date(m["century"], m["date"]) or not luhn.is_valid(digits):
            continue
        kind = "samordningsnummer" if int(m["date"][4:6]) > 60 else "personnummer"
        yield _hit(
            m.start(), "KB601", m.group(0), f"possible {kind}", "remove it: identity numbers must never be published"
        )


def _valid_date(century: str | None, date: str) -> bool:
    year, month, day = int(date[:2]), int(date[2:4]), int(date[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    full_year = int(century) * 100 + year if century else 2000 + year
    try:
        datetime.date(full_year if full_year % 4 == 0 or month != 2 or day != 29 else 2000, month, day)
    except ValueError:
        return False
    return True


def _emails(text: str) -> Iterator[Finding]:
    if "@" not in text and not OBFUSCATION_HINT.search(text):
        return
    for pattern in (EMAIL, EMAIL_OBFUSCATED):
        for m in pattern.finditer(text):
            yield _hit(m.start(), "KB603", m.group(0), "e-mail address", CONTACT_HINT)


def _phones(text: str, taken: set[int]) -> Iterator[Finding]:
    if not DIGIT_RUN.search(text):
        return
    for m in phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID):
        if m.start in taken or re.fullmatch(r"\d{4}(?:[-–]\d{2,4})?", m.raw_string.strip()):
            continue  # already reported as personnummer, or a year (range)
        yield _hit(m.start, "KB602", m.raw_string, "phone number", CONTACT_HINT)


def _addresses(text: str) -> Iterator[Finding]:
    if not any(suffix in text for suffix in STREET_SUFFIXES) and not POSTCODE_HINT.search(text):
        return
    for pattern, what in ((STREET, "street address"), (POSTCODE, "postcode with town")):
        for m in pattern.finditer(text):
            yield _hit(m.start(), "KB604", m.group(0), what, "replace it with a placeholder such as [adress]")


def _names(text: str, allowed: set[str]) -> Iterator[Finding]:
    names, ambiguous = given_names(), common_words()
    tokens = list(CAPITALISED.finditer(text))
    for i, m in enumerate(tokens):
        word = m.group(0)
        if word not in names or word.casefold() in allowed:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        followed_by_surname = (
            nxt is not None and text[m.end() : nxt.start()] == " " and nxt.group(0).casefold() not in allowed
        )
        if word in ambiguous and not followed_by_surname:
            continue  # "Per", "Bo", "Maj" … as ordinary words
        if not followed_by_surname and _sentence_start(text, m.start()) and word in ambiguous:
            continue
        yield Finding(
            m.start(),
            "KB605",
            word,
            f"possible personal name {word!r}",
            "replace it with a placeholder such as [namn], or, for a cited author or theorist, "
            f"add it to the page's front matter: allow_names: [{word}]",
        )


def _sentence_start(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(' \t"”»>*_')
    return not before or before[-1] in ".!?:\n"
