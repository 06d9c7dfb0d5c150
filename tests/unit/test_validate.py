"""One test per diagnostic code: a fixture that triggers it and one that does not."""

import re
from pathlib import Path

import pytest

from support import check, codes, edit, line_of

CONCEPT = "concepts/handlingsutrymme.md"
QUOTE = "docs/quotes/lundgren2022-01.md"


def test_fixture_project_is_clean(project: Path):
    assert check(project) == []


def diagnostics_for(project: Path, code: str):
    return [d for d in check(project) if d.code == code]


def test_kb001_invalid_front_matter(project: Path):
    edit(project / QUOTE, lambda s: s.replace("speaker: IP", "speaker: [IP"))
    [d] = diagnostics_for(project, "KB001")
    assert d.path == QUOTE and d.line >= 2


def test_kb101_unknown_key_with_suggestion(project: Path):
    edit(project / CONCEPT, lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipski2010, s. 13]"))
    [d] = diagnostics_for(project, "KB101")
    assert (d.path, d.line) == (CONCEPT, line_of(project / CONCEPT, "[@lipski2010, s. 13]"))
    assert "lipski2010" in d.message and "lipsky2010" in d.hint


def test_kb102_malformed_locator(project: Path):
    edit(project / CONCEPT, lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipsky2010 s13]"))
    [d] = diagnostics_for(project, "KB102")
    assert d.line == line_of(project / CONCEPT, "[@lipsky2010 s13]") and d.column > 1


def test_kb103_missing_locator(project: Path):
    edit(project / CONCEPT, lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipsky2010]"))
    assert [d.line for d in diagnostics_for(project, "KB103")] == [line_of(project / CONCEPT, "[@lipsky2010]")]


def test_kb104_bare_key(project: Path):
    edit(project / CONCEPT, lambda s: s.replace("Handlingsutrymme är", "Enligt @lipsky2010 är handlingsutrymme"))
    assert len(diagnostics_for(project, "KB104")) == 1


def test_kb202_to_kb204_reach_the_check(project: Path):
    edit(project / "bibliography.bib", lambda s: s + "\n@book{lipsky2010, title = {Dup}}\n@book{Bad:key, title={x}}\n")
    found = set(codes(project))
    assert {"KB202", "KB203", "KB204"} <= found


def test_kb205_unused_entry_is_a_warning(project: Path):
    edit(
        project / "bibliography.bib",
        lambda s: s + "\n@misc{oanvand2020,\n  title = {T},\n  year = {2020},\n  author = {A, B}\n}\n",
    )
    [d] = diagnostics_for(project, "KB205")
    assert not d.is_error and "oanvand2020" in d.message


def test_kb205_not_for_entries_a_thesis_cites(project: Path):
    entry = "\n@misc{lista2020,\n  title = {T},\n  year = {2020},\n  author = {A, B},\n  citedin = {lundgren2022}\n}\n"
    edit(project / "bibliography.bib", lambda s: s + entry)
    assert diagnostics_for(project, "KB205") == []


def test_kb301_unknown_concept_link(project: Path):
    edit(project / QUOTE, lambda s: s.replace("[[handlingsutrymme]]", "[[handlingsutryme]]"))
    [d] = diagnostics_for(project, "KB301")
    assert d.path == QUOTE and "handlingsutrymme" in d.hint


def test_kb302_broken_internal_link(project: Path):
    edit(project / "docs/index.md", lambda s: s + "\n[Saknas](finns-inte.md)\n")
    [d] = diagnostics_for(project, "KB302")
    assert d.path == "docs/index.md" and d.line == line_of(project / "docs/index.md", "[Saknas]")


def test_kb302_generated_pages_are_valid_targets(project: Path):
    edit(project / "docs/index.md", lambda s: s + "\n[Källa](sources/lipsky2010.md) [Karta](karta.md)\n")
    assert diagnostics_for(project, "KB302") == []


@pytest.mark.parametrize("field", ["study", "locator", "speaker", "concepts", "title"])
def test_kb401_quote_lacks_field(project: Path, field: str):
    edit(project / QUOTE, lambda s: "\n".join(ln for ln in s.split("\n") if not ln.startswith(f"{field}:")))
    [d] = diagnostics_for(project, "KB401")
    assert field in d.message and d.path == QUOTE


def test_kb401_concept_lacks_english_title(project: Path):
    edit(project / CONCEPT, lambda s: s.replace("title_en: Discretion\n", ""))
    assert "title_en" in diagnostics_for(project, "KB401")[0].message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("speaker: IP", "speaker: Anna"),
        ("locator: s. 26", "locator: sidan 26"),
        ("relation: används med", "relation: liknar"),
    ],
)
def test_kb402_invalid_value(project: Path, old: str, new: str):
    target = CONCEPT if "relation" in old else QUOTE
    edit(project / target, lambda s: s.replace(old, new))
    assert diagnostics_for(project, "KB402")


def test_kb403_unknown_ids_in_front_matter(project: Path):
    edit(
        project / QUOTE,
        lambda s: s.replace("concepts: [handlingsutrymme]", "concepts: [handlingsutrymme, okänt-begrepp]"),
    )
    edit(project / CONCEPT, lambda s: s.replace("theorist: lipsky", "theorist: lipski"))
    found = diagnostics_for(project, "KB403")
    assert {(d.path, d.line) for d in found} == {(QUOTE, 6), (CONCEPT, 4)}


def test_kb501_concept_cites_nothing(project: Path):
    edit(project / "concepts/grasrotsbyrakrat.md", lambda s: re.sub(r" ?\[@[^\]]*\]", "", s))
    assert codes(project).count("KB501") == 1


def test_kb502_concept_lacks_section(project: Path):
    edit(project / CONCEPT, lambda s: s.replace("## I studierna", "## Användning"))
    [d] = diagnostics_for(project, "KB502")
    assert "I studierna" in d.message


def test_kb503_short_concept_is_a_warning(project: Path):
    edit(
        project / CONCEPT,
        lambda s: (
            s.split("## Ursprung")[0].split("\n\n")[0]
            + "\n\n## Ursprung och nyckelverk\n\nKort [@lipsky2010, s. 1].\n\n## I studierna\n\nKort.\n"
        ),
    )
    [d] = diagnostics_for(project, "KB503")
    assert not d.is_error


def test_all_problems_are_reported_at_once(project: Path):
    edit(
        project / CONCEPT,
        lambda s: s.replace("[@lipsky2010, s. 13]", "[@nope2000, s. 13]").replace(
            "[@lipsky2010, s. 13 f.]", "[@lipsky2010 s13]"
        ),
    )
    edit(project / QUOTE, lambda s: s.replace("[[handlingsutrymme]]", "[[nej]]"))
    assert {"KB101", "KB102", "KB301"} <= set(codes(project))


def test_only_used_or_listed_entries_get_source_pages(project: Path):
    from kb.model import load
    from kb.site.paths import generated_pages

    entry = "\n@misc{oanvand2020,\n  title = {T},\n  year = {2020},\n  author = {A, B}\n}\n"
    edit(project / "bibliography.bib", lambda s: s + entry)
    kb = load(project)
    assert kb.source_keys == ["lipsky2010", "lundgren2022"]
    assert "sources/oanvand2020.md" not in generated_pages(kb)
    edit(project / "docs/index.md", lambda s: s + "\n[Källa](sources/oanvand2020.md)\n")
    assert "KB302" in codes(project)
