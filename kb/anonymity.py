"""The anonymity gate: find personal data in a page before it can be published.

Detectors (each hit is an error naming file, line and what to do):
  KB601 Swedish personnummer / samordningsnummer (date + Luhn check digit)
  KB602 phone numbers, Swedish and international (Google's libphonenumber)
  KB603 e-mail addresses
  KB604 street addresses and postcodes with a town
  KB605 personal names (a Swedish given-name list + capitalisation heuristics)

The gate scans exactly what is published: the whole page source, front matter, code and
HTML comments included, and the fields of bibliography.bib that the source pages show.

Allowed: pseudonym labels (IP, I, Informant N); a given name followed by a surname when the
pair is the name of an author, editor or translator in bibliography.bib (in prose, not inside
a block quote, where interviewees speak); pairs of words from the names of journals, publishers
and places there ("Ann Arbor", "Urban Affairs"); the names a page lists in its front matter
under `allow_names`. A line may silence a false alarm with the marker `kb-ignore: KB605`
(in an HTML comment, or a YAML comment in front matter).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

import phonenumbers
from stdnum import luhn

from kb.diagnostics import Diagnostic, diagnostic
from kb.syntax import CITATION_PARTS, URL, LineIndex, blank

if TYPE_CHECKING:
    from kb.bibliography import Bibliography
    from kb.model import Page


@dataclass(frozen=True)
class Finding:
    offset: int
    code: str
    what: str  # the matched text, shown masked in messages
    message: str
    hint: str


# 6 or 8 digit date, optional separator (a hyphen or any dash, + or space), 4 digits.
PERSONNUMMER = re.compile(
    r"(?<![\d:])(?P<century>\d{2})?(?P<date>\d{6})\s?(?P<sep>[-+\u2010-\u2015\u2212]?)\s?(?P<tail>\d{4})(?![\d:])"
)
SILENCED = re.compile(r"kb-ignore:\s*(?P<codes>KB6\d\d(?:[\s,]+KB6\d\d)*)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
# An obfuscated address: "namn (at) domän.se", "namn [at] domän punkt se".
EMAIL_OBFUSCATED = re.compile(
    r"\b[\w.+-]+\s*[\[(]\s*(?:at|snabel-a)\s*[\])]\s*[\w-]+\s*(?:\.|\(dot\)|punkt)\s*[a-z]{2,}\b", re.I
)
STREET_SUFFIX = r"(?:gatan|vägen|gränd|gränden|torget|stigen|allén|backen|leden|plan|platsen|väg|gata)"
STREET = re.compile(rf"\b[A-ZÅÄÖ][a-zåäöé]+{STREET_SUFFIX}\s+\d{{1,4}}\s?[A-Za-z]?\b")
POSTCODE = re.compile(r"(?<![\d:§.])[1-9]\d{2}\s?\d{2}\s+[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]+\b")
# A capitalised word (also "DeLeon", "McKee", "Ramazanoğlu", "Per-Arne").
CAPITALISED = re.compile(r"(?<![\w@/-])[A-ZÅÄÖÉ][^\W\d_]+(?:-[A-ZÅÄÖ][^\W\d_]+)?")
# Cheap pre-filters, so the costly patterns run only on text that could match them.
OBFUSCATION_HINT = re.compile(r"[\[(]\s*(?:at|snabel-a)\s*[\])]", re.I)
# Cheap pre-filters for addresses: a street-name suffix before a number (what STREET requires
# after its capitalised word), or five digits shaped like a postcode.
STREET_HINT = re.compile(rf"{STREET_SUFFIX}\s+\d")
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


@dataclass(frozen=True)
class Allowed:
    """Names that are not personal data where they stand (all casefolded)."""

    names: frozenset[str] = frozenset()  # single words a page allows (allow_names)
    pairs: frozenset[tuple[str, str]] = frozenset()  # "given family" of makers, word pairs of bodies and places
    families: frozenset[str] = frozenset()  # makers' family names, allowed standing alone ("Rose")

    def __or__(self, other: Allowed) -> Allowed:
        return Allowed(self.names | other.names, self.pairs | other.pairs, self.families | other.families)

    @cached_property
    def reversed_pairs(self) -> frozenset[tuple[str, str]]:
        """(second, first) of every pair: a name preceded by its allowed neighbour."""
        return frozenset((b, a) for a, b in self.pairs)


def scan_text(text: str, allowed: Allowed = Allowed(), quoted: bool = False) -> list[Finding]:
    """All personal data in *text*. In *quoted* text (an interviewee's words) no name pair is allowed."""
    # Only @keys and locators are not prose: the rest of a bracketed group (prefixes,
    # placeholders such as [namn på kommun]) is scanned like any text.
    text = _prepared(text)
    findings = _contact_details(text) + list(_names(text, Allowed(allowed.names) if quoted else allowed))
    return sorted(findings, key=lambda f: f.offset)


def _prepared(text: str) -> str:
    """*text* with URLs, @keys and locators blanked (offsets kept): they are not prose."""
    return URL.sub(blank, CITATION_PARTS.sub(blank, text))


def _contact_details(text: str) -> list[Finding]:
    """Identity numbers, e-mail addresses, phone numbers and addresses in (prepared) *text*."""
    findings = list(_personnummer(text))
    findings += list(_emails(text))
    findings += list(_phones(text, {f.offset for f in findings}))
    findings += list(_addresses(text))
    return findings


def scan_page(page: Page, allowed: Allowed) -> list[Diagnostic]:
    """Diagnostics for personal data anywhere in a page as it is published (the whole source).

    *allowed* comes from the bibliography (see `allowed_names`); the page adds its `allow_names`.
    """
    own = page.meta.get("allow_names")
    if own:
        allowed = allowed | Allowed(casefolded(_as_strings(own)))
    source = page.source
    text = _prepared(source)
    # Contact details are the same wherever they stand: one pass over the whole page. Names are
    # judged apart in the prose and in block quotes (where no name pair is allowed).
    findings = _contact_details(text)
    prose, quoted = _split_quotes(text)
    findings += list(_names(prose, allowed))
    if quoted is not None:
        findings += list(_names(quoted, Allowed(allowed.names)))
    return _diagnostics(page.rel, source, findings)


def _split_quotes(text: str) -> tuple[str, str | None]:
    """(*text* with its block-quote lines blanked, *text* with all but those blanked), offsets
    kept; None for the second when there is no block quote."""
    if ">" not in text:
        return text, None
    lines = text.split("\n")
    if not any(line.startswith(">") for line in lines):
        return text, None
    prose = "\n".join(" " * len(line) if line.startswith(">") else line for line in lines)
    quoted = "\n".join(line if line.startswith(">") else " " * len(line) for line in lines)
    return prose, quoted


def unsilenced(source: str, findings: list[Finding]) -> list[Finding]:
    """The findings whose line does not carry the marker `kb-ignore: <their code>`."""
    lines = source.split("\n")
    starts = LineIndex(source)
    kept = []
    for f in findings:
        line, _ = starts.position(f.offset)
        marker = SILENCED.search(lines[line - 1])
        if not (marker and f.code in re.split(r"[\s,]+", marker["codes"])):
            kept.append(f)
    return kept


def _diagnostics(rel: str, source: str, findings: list[Finding]) -> list[Diagnostic]:
    index = LineIndex(source)
    return [
        diagnostic(rel, *index.position(f.offset), f.code, f.message, f.hint)
        for f in sorted(unsilenced(source, findings), key=lambda f: f.offset)
    ]


# The fields of a bibliography entry that the source pages publish as prose.
PUBLISHED_FIELDS = ("title", "booktitle", "note", "howpublished", "series", "type")


def scan_bibliography(bib: Bibliography, source: str, allowed: Allowed) -> list[Diagnostic]:
    """Personal data in the fields of bibliography.bib that the site publishes (notes, titles …)."""
    findings: list[Finding] = []
    lines = LineIndex(source)
    for entry in bib.entries.values():
        start = source.find("\n", lines.offset(entry.line))  # after the entry's "@type{key," line
        for field in PUBLISHED_FIELDS:
            value = entry.fields.get(field)
            if not value:
                continue
            at = source.find(value[: min(len(value), 40)], start)
            for f in scan_text(value, allowed):
                findings.append(Finding(max(at, 0) + f.offset, f.code, f.what, f.message, f.hint))
    return _diagnostics(bib.path, source, findings)


def casefolded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


# Fields that name the people who made a work (a "given family" pair is allowed in prose),
# and fields that name bodies, places and works (any two neighbouring words are allowed).
PERSON_FIELDS = ("author", "editor", "bookauthor", "translator")
BODY_FIELDS = (
    "organization",
    "institution",
    "publisher",
    "school",
    "journal",
    "address",
    "location",
    "series",
    "title",
    "booktitle",
)
NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def allowed_names(bib: Bibliography) -> Allowed:
    """The name pairs the bibliography makes public: its makers' names, its bodies' and places' names."""
    pairs: set[tuple[str, str]] = set()
    families: set[str] = set()
    for entry in bib.entries.values():
        for field in PERSON_FIELDS:
            for person in re.split(r"\s+and\s+", entry.fields.get(field, "")):
                family, _, given = person.strip("{} ").partition(",")
                if not given:  # "Given Family"
                    given, _, family = person.strip("{} ").rpartition(" ")
                lasts = [w.casefold() for w in NAME_WORD.findall(family)]
                firsts = [w.casefold() for w in NAME_WORD.findall(given)]
                families.update(lasts)
                pairs.update(zip(firsts, firsts[1:], strict=False))  # "Ole Petter"
                for first in firsts:
                    for last in lasts:
                        pairs.update({(first, last), (first, last.split("-")[0])})
        for field in BODY_FIELDS:
            words = [w.casefold() for w in NAME_WORD.findall(entry.fields.get(field, ""))]
            pairs.update(zip(words, words[1:], strict=False))
    return Allowed(pairs=frozenset(pairs), families=frozenset(families))


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
    # Each pattern runs only where its cheap necessary condition holds ("plan" alone is common prose).
    for pattern, hint, what in (
        (STREET, STREET_HINT, "street address"),
        (POSTCODE, POSTCODE_HINT, "postcode with town"),
    ):
        if not hint.search(text):
            continue
        for m in pattern.finditer(text):
            yield _hit(m.start(), "KB604", m.group(0), what, "replace it with a placeholder such as [adress]")


def _names(text: str, allowed: Allowed) -> Iterator[Finding]:
    names, ambiguous = given_names(), common_words()
    tokens = list(CAPITALISED.finditer(text))
    for i, m in enumerate(tokens):
        word = m.group(0)
        if word not in names or word.casefold() in allowed.names:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        surname = nxt.group(0) if nxt is not None and text[m.end() : nxt.start()] == " " else None
        previous = tokens[i - 1] if i > 0 and text[tokens[i - 1].end() : m.start()] in (" ", ", ") else None
        if _is_allowed_name(word, surname, previous.group(0) if previous else None, allowed):
            continue
        if word in ambiguous and not surname:
            continue  # "Per", "Bo", "Maj" … as ordinary words
        yield Finding(
            m.start(),
            "KB605",
            word,
            f"possible personal name {word!r}",
            "replace it with a placeholder such as [namn]; for a cited author write the name as in "
            f"bibliography.bib, or add `allow_names: [{word}]` to the page's front matter",
        )


def _is_allowed_name(word: str, surname: str | None, previous: str | None, allowed: Allowed) -> bool:
    """An author's "Given Family" (also genitive "Familys"), "Family, Given", "Given Given2 Family",
    a family name alone, or two words from a journal, publisher, place or title of the bibliography."""
    given = word.casefold()
    if previous is not None:
        pair = (given, previous.casefold())
        if pair in allowed.pairs or pair in allowed.reversed_pairs:
            return True
    if surname is None:
        return given in allowed.families
    last = surname.casefold()
    genitive = last.endswith("s") and (given, last[:-1]) in allowed.pairs
    return (given, last) in allowed.pairs or genitive or last in allowed.names
