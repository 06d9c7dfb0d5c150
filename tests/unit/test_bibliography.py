from hypothesis import given, settings
from hypothesis import strategies as st

from kb.bibliography import parse

GOOD = """@book{lipsky2010,
  author = {Lipsky, Michael},
  title = {Street-Level Bureaucracy},
  publisher = {Russell Sage Foundation},
  year = {2010}
}
"""


def codes(source: str) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in parse(source, "bibliography.bib").diagnostics]


def test_good_entry_has_no_diagnostics():
    bib = parse(GOOD, "bibliography.bib")
    assert bib.diagnostics == []
    entry = bib.entries["lipsky2010"]
    assert entry.line == 1 and entry.type == "book" and entry.fields["publisher"] == "Russell Sage Foundation"
    assert entry.short() == "Lipsky 2010"


def test_parse_error_names_the_line():  # KB201
    source = GOOD + "\n@article{broken2001,\n  title = {x\n\n@misc{ok2002, title = {t}, year = {2002}, author = {A}}\n"
    assert ("KB201", 8) in codes(source)


def test_duplicate_key():  # KB202
    found = codes(GOOD + "\n" + GOOD)
    assert ("KB202", 8) in found
    assert "KB202" not in [c for c, _ in codes(GOOD)]


def test_missing_required_fields():  # KB203
    source = "@article{nybom2014,\n  author = {Nybom, Jenny},\n  title = {Vilket resultat},\n  year = {2014}\n}\n"
    diagnostics = parse(source, "b.bib").diagnostics
    assert [d.code for d in diagnostics] == ["KB203"]
    assert "journal" in diagnostics[0].message


def test_one_of_alternative_fields_is_enough():
    source = "@techreport{ifau2019,\n  institution = {IFAU},\n  title = {T},\n  year = {2019}\n}\n"
    assert codes(source) == []


def test_an_edited_book_is_a_collection():
    fields = "  editor = {Ed, A},\n  title = {T},\n  publisher = {P},\n  year = {2020}\n}\n"
    assert codes("@collection{red2020,\n" + fields) == []
    assert [c for c, _ in codes("@book{red2020,\n" + fields)] == ["KB203"]


def test_unsupported_type():  # KB203
    assert [c for c, _ in codes("@unpublished{x2020, title={t}, year={2020}}")] == ["KB203"]


def test_bad_key_format():  # KB204
    source = GOOD.replace("lipsky2010", "Lipsky:2010")
    assert "KB204" in [c for c, _ in codes(source)]


def test_cited_in_and_short_forms():
    source = GOOD.replace("year = {2010}", "year = {2010},\n  citedin = {lundgren2022, backman2021}")
    source = source.replace("Lipsky, Michael", "Panican, Alexandru and Ulmestig, Rickard")
    entry = parse(source, "b.bib").entries["lipsky2010"]
    assert entry.cited_in == ["lundgren2022", "backman2021"]
    assert entry.short() == "Panican & Ulmestig 2010"


@settings(max_examples=150)
@given(st.text())
def test_parser_never_crashes(text):
    bib = parse(text, "b.bib")
    assert all(d.line >= 1 for d in bib.diagnostics)


@settings(max_examples=150)
@given(st.text(alphabet='@{}=,"abk1 \n', max_size=120))
def test_parser_never_crashes_on_bibtex_like_text(text):
    parse(text, "b.bib")
