from hypothesis import given
from hypothesis import strategies as st

from kb.citations import is_valid_locator, scan


def keys_and_codes(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    found, problems = scan(text)
    return [(c.key, c.locator) for c in found], [p.code for p in problems]


def test_accepted_locators():
    for locator in [
        "s. 23",
        "s. 23 f.",
        "s. 23 ff.",
        "s. 23–25",
        "s. 23-25",
        "p. 23",
        "pp. 23–25",
        "s. xvii",
        "s. 5, 9",
    ]:
        assert is_valid_locator(locator), locator


def test_rejected_locators():
    for locator in ["s23", "s 23", "23", "sid. 23", "s. ", "s. 23 f", "s.23", "page 23", "s. 23 fff."]:
        assert not is_valid_locator(locator), locator


def test_single_and_multiple_citations():
    cites, problems = keys_and_codes("Text [@lipsky2010, s. 23] och [@a2001, s. 5 f.; @b-c2002, s. 7–9].")
    assert cites == [("lipsky2010", "s. 23"), ("a2001", "s. 5 f."), ("b-c2002", "s. 7–9")]
    assert problems == []


def test_malformed_locator_is_reported():
    for text in ["[@key s23]", "[@key, s23]", "[@key, sidan 4]", "[@key; ]"]:
        _, problems = keys_and_codes(text)
        assert "KB102" in problems, text


def test_missing_locator_is_reported():
    cites, problems = keys_and_codes("Se [@lipsky2010].")
    assert cites == [("lipsky2010", "")]
    assert problems == ["KB103"]


def test_bare_key_outside_brackets_is_reported():
    assert keys_and_codes("Som @lipsky2010 skriver")[1] == ["KB104"]


def test_code_and_email_are_not_citations():
    text = "Mejla namn@example.org. `[@inte, s. 1]`\n\n```\n[@inte2, s. 2]\n```\n"
    assert keys_and_codes(text) == ([], [])


def test_offset_points_at_the_key():
    text = "abc [@lipsky2010, s. 23]"
    found, _ = scan(text)
    assert text[found[0].offset :].startswith("@lipsky2010")


@given(st.text())
def test_scan_never_crashes(text):
    found, problems = scan(text)
    for c in found:
        assert 0 <= c.offset < len(text)
    for p in problems:
        assert p.code in {"KB102", "KB103", "KB104"}


@given(st.text(alphabet="[]@;,. sfp0123456789-–abcxvi\n`", max_size=80))
def test_scan_never_crashes_on_citation_like_text(text):
    scan(text)
