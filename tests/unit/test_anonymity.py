"""The anonymity gate: true positives, tricky negatives, and real personal data from the seeds.

Every fixture is invented: phone numbers from the ranges PTS reserves for fiction, Skatteverket's
published test personnummer, invented names and addresses. The seeds' own contact details are
read from the seed files at test time only (see tests/content/test_repository_anonymity.py).
"""

from pathlib import Path

import pytest

from kb.anonymity import Allowed, scan_text
from support import check, edit, line_of

QUOTE = "docs/quotes/lundgren2022-01.md"

# (text, expected code) — true positives
POSITIVES = [
    ("Mitt personnummer är 19121212-1212.", "KB601"),
    ("pnr 121212-1212 i journalen", "KB601"),
    ("utan bindestreck 1212121212 här", "KB601"),
    ("född 191212121212 enligt", "KB601"),
    ("äldre än hundra: 121212+1212", "KB601"),
    ("samordningsnummer 701063-2391", "KB601"),
    ("ring 0701740642 i morgon", "KB602"),
    ("ring 070-174 06 42 i morgon", "KB602"),
    ("ring +46 70 174 06 42 i morgon", "KB602"),
    ("växeln 031-390 06 17", "KB602"),
    ("tel. 08-465 004 17", "KB602"),
    ("mobil 070 174 06 99", "KB602"),
    ("mejla fornamn.efternamn@example.se", "KB603"),
    ("skriv till x.y (at) exempel.se", "KB603"),
    ("bor på Storgatan 12 B", "KB604"),
    ("adress 222 21 Lund", "KB604"),
    ("Jag pratade med Tova om det.", "KB605"),
    ("Då sa Sixten att det var fel.", "KB605"),
    ("Hon heter Per Andersson.", "KB605"),
]

# tricky negatives: must not be reported
NEGATIVES = [
    "Se Lipsky (s. 101 f.) och s. 23–25.",
    "enligt SFS 2001:453 om socialtjänst",
    "4 kap. 4 § socialtjänstlagen",
    "Rapport 2019:5 från IFAU",
    "SOSFS 2014:5 om dokumentation",
    "mellan 1990 och 2021 ökade andelen",
    "95 % svarsfrekvens, 31 % av kommunerna",
    "under perioden 2010–2022",
    "IP: Ja, det gör vi. I: Okej?",
    "Informant 3 beskriver planen",
    "i [namn på kommun] finns [specifik aktiveringsinsats]",
    "Per vecka träffas de två gånger.",
    "En dag kom klienten tillbaka.",
    "Hans analys visar att Mina informanter",
    "citerat [@lipsky2010, s. 101 f.] i texten",
    "Lunds universitet, Socialhögskolan",
    "kapitel 5.3 och tabell 1, 24 av 32 kommuner",
    "https://www.socialstyrelsen.se/rapport-2021-5-7389.pdf",
]


@pytest.mark.parametrize(("text", "code"), POSITIVES)
def test_true_positive(text: str, code: str):
    assert code in [f.code for f in scan_text(text)]


@pytest.mark.parametrize("text", NEGATIVES)
def test_tricky_negative(text: str):
    assert scan_text(text) == []


def test_allowed_names_are_not_reported():
    assert scan_text("Som Max Weber skrev", Allowed(pairs=frozenset({("max", "weber")}))) == []
    assert scan_text("Som Max Weber skrev", Allowed(names=frozenset({"max"}))) == []
    assert [f.code for f in scan_text("Som Max Weber skrev")] == ["KB605"]


def _formatted_phone(digits: str) -> list[str]:
    return [
        digits,
        f"{digits[:3]}-{digits[3:6]} {digits[6:8]} {digits[8:]}",
        f"+46 {digits[1:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}",
    ]


def test_seed_personal_data_fails_kb_check(project: Path, seed_contacts: tuple[str, str]):
    email, phone = seed_contacts
    leaks = [email, *_formatted_phone(phone)]
    edit(
        project / QUOTE,
        lambda s: s.replace("## Analys", "\n\n".join(f"> Kontakt: {x}" for x in leaks) + "\n\n## Analys"),
    )
    found = [d for d in check(project) if d.code.startswith("KB60")]
    first = line_of(project / QUOTE, "> Kontakt:")  # one leak every other line: e-mail, then the phones
    expected = [(first, "KB603"), (first + 2, "KB602"), (first + 4, "KB602"), (first + 6, "KB602")]
    assert sorted((d.line, d.code) for d in found) == expected
    assert all(d.path == QUOTE and d.is_error for d in found)


def test_personal_data_in_front_matter_is_found(project: Path):
    edit(project / QUOTE, lambda s: s.replace("context: För-", "context: Samtal med Sixten om för-"))
    [d] = [d for d in check(project) if d.code == "KB605"]
    assert d.line == line_of(project / QUOTE, "context:")
