"""No tracked file holds personal data: the anonymity gate over the whole repository.

Two checks:
- the project's own gate (kb.anonymity) over every file `git ls-files` lists, code and tests
  included; the only exceptions are the gate's own fictional fixtures, listed here by value;
- when the seed texts are present, none of the theses' contact details (read from the seeds
  now, never written anywhere) occurs in any tracked file, in any formatting.
"""

from __future__ import annotations

import re
import subprocess

import phonenumbers
import pytest

from kb import anonymity
from kb.model import load
from support import ROOT
from tools import seeds

# The gate's data files are lists of given names, not data about anyone.
NAME_LISTS = {"kb/data/fornamn.txt", "kb/data/namnord.txt"}
# Skatteverket's published test personnummer and samordningsnummer, in the forms the fixtures use.
TEST_PERSONNUMMER = {"19121212-1212", "121212-1212", "1212121212", "191212121212", "121212+1212", "701063-2391"}
# Invented names used by the fixtures (none is a person of either thesis).
INVENTED_NAMES = {"Sixten", "Tova", "Anna", "Per", "Andersson", "Svensson", "Max", "Lars", "Eva", "Gunnel", "Majvor"}
# Invented addresses, and the placeholder domains of invented e-mail addresses.
INVENTED = {"Storgatan 12 B", "Storgatan 12", "Ringvägen 7", "222 21 Lund", "412 58 Göteborg"}
INVENTED_DOMAINS = (
    "example.se",
    "example.org",
    "example.com",
    "exempel.se",
    "domän.se",
    "domän punkt se",
    "exempel punkt se",
)


def fictional_phone(raw: str) -> bool:
    """A number in a range PTS reserves for fiction: 070-1740605–99, 031-3900600–99, 08-46500400–99."""
    try:
        national = str(phonenumbers.parse(raw, "SE").national_number)
    except phonenumbers.NumberParseException:
        return False
    return (
        (national.startswith("701740") and 605 <= int(national[6:]) <= 699)
        or (national.startswith("313900") and 600 <= int(national[6:]) <= 699)
        or (national.startswith("8465004") and len(national) == 9)
    )


def fictional(finding: anonymity.Finding) -> bool:
    what = finding.what.strip()
    if finding.code == "KB602":
        return fictional_phone(what)
    if finding.code == "KB603":
        return what.casefold().endswith(INVENTED_DOMAINS)
    if finding.code == "KB601":  # written with any dash or none
        return re.sub(r"\D", "", what) in {re.sub(r"\D", "", n) for n in TEST_PERSONNUMMER}
    return what in INVENTED_NAMES or what in INVENTED


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"git ls-files failed in {ROOT}: this check needs a git checkout ({result.stderr.strip()})")
    return [name for name in result.stdout.split("\0") if name]


def text_of(name: str) -> str | None:
    path = ROOT / name
    if not path.is_file():
        return None  # deleted in the work tree
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None  # binary


@pytest.fixture(scope="module")
def authors() -> anonymity.Allowed:
    return anonymity.allowed_names(load(ROOT).bib)


def test_gate_finds_nothing_but_fictional_fixtures_in_any_tracked_file(authors: anonymity.Allowed):
    found = []
    for name in tracked_files():
        text = text_of(name)
        if text is None or name in NAME_LISTS:
            continue
        for finding in anonymity.unsilenced(text, anonymity.scan_text(text, authors)):
            if not fictional(finding):
                line = text.count("\n", 0, finding.offset) + 1
                found.append(f"{name}:{line}: {finding.code} {finding.message}")
    assert found == [], "personal data in tracked files:\n" + "\n".join(found)


def test_fixture_allow_list_only_admits_fiction():
    """The allow-list must not admit real-looking data (it would hide a leak)."""
    assert fictional_phone("070-174 06 42") and fictional_phone("+46 31 390 06 17") and fictional_phone("08-465 004 17")
    for outside in (604, 700):  # the numbers just below and above the mobile fiction range
        assert not fictional_phone(f"070-174 0{outside // 100} {outside % 100:02d}")
    assert not fictional(anonymity.Finding(0, "KB601", "000000-0000", "", ""))
    for domain in ("lu.se", "gmail.com"):
        assert not fictional(anonymity.Finding(0, "KB603", f"namn@{domain}", "", ""))


# --- the seeds' own contact details ---------------------------------------------------

SEPARATORS = r"[\s\-–—‑./()]*"


def contact_details() -> tuple[set[str], set[str]]:
    """E-mail addresses and phone numbers (national digits) in the seed texts, read now."""
    emails, phones = set(), set()
    for study in seeds.SEED_FILES:
        text = seeds.seed_text(study)
        emails |= {m.group(0).casefold() for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)}
        for match in phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID):
            phones.add(str(match.number.national_number))
    return emails, phones


def phone_pattern(national: str) -> re.Pattern[str]:
    """The number with any separators, from 0…, +46…, 0046… or +46 (0)…."""
    digits = SEPARATORS.join(national)
    return re.compile(rf"(?<!\d)(?:0|(?:\+|00){SEPARATORS}46{SEPARATORS}(?:\(0\))?){SEPARATORS}{digits}(?!\d)")


def email_variants(text: str) -> str:
    """Text with obfuscated at-signs written as @ and no spaces around them, case-folded."""
    text = re.sub(r"\s*(?:\(at\)|\[at\]|\{at\}|\bsnabel-a\b|\s at\s)\s*", "@", text.casefold())
    return re.sub(r"\s*@\s*", "@", text)


def leaks(files: list[str], emails: set[str], phones: set[str]) -> list[str]:
    patterns = [phone_pattern(p) for p in phones]
    found = []
    for name in files:
        text = text_of(name)
        if text is None:
            continue
        folded = email_variants(text)
        found += [f"{name}: an e-mail address of the seeds" for e in emails if e in folded]
        found += [f"{name}: a phone number of the seeds" for p in patterns if p.search(text)]
    return found


def test_no_tracked_file_holds_the_seeds_contact_details(seed_texts):
    emails, phones = contact_details()
    assert emails and phones, "the seeds' contact details were not found: the check would pass vacuously"
    assert leaks(tracked_files(), emails, phones) == []


def test_contact_detail_patterns_find_every_formatting():
    digits = "701740642"  # fiction range
    pattern = phone_pattern(digits)
    for written in (
        "0701740642",
        "070-174 06 42",
        "070–174 06 42",
        "+46 70 174 06 42",
        "+46 (0)70-174 06 42",
        "0046 70 1740642",
        "070.174.06.42",
        "(070) 174 06 42",
    ):
        assert pattern.search(f"ring {written} nu"), written
    assert not pattern.search("ring 070-174 06 43 nu") and not pattern.search("10701740642")
    folded = email_variants("Mejl: Fornamn.Efternamn (AT) Example.se")
    assert "fornamn.efternamn@example.se" in folded
