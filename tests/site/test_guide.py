"""The authors' guide explains every diagnostic code, as the code table has it, at the anchor kb check links to."""

from __future__ import annotations

import re

import pytest

from kb.diagnostics import CODES, GUIDE_PAGE, explain
from support import ROOT

CODE_LITERAL = re.compile(r"\"(KB\d{3})\"")


def emitted_codes() -> set[str]:
    """Every code literal in the kb package's source."""
    return {c for path in (ROOT / "kb").rglob("*.py") for c in CODE_LITERAL.findall(path.read_text(encoding="utf-8"))}


def test_every_emitted_code_is_in_the_table():
    emitted = emitted_codes()
    assert len(emitted) >= 20
    assert emitted <= set(CODES), sorted(emitted - set(CODES))


def test_every_code_has_an_anchor_in_the_guide():
    guide = (ROOT / GUIDE_PAGE).read_text(encoding="utf-8")
    anchors = set(re.findall(r"\{#(kb\d{3})\}", guide))
    assert sorted(c for c in CODES if explain(c).split("#")[1] not in anchors) == []


def test_the_guides_code_list_is_the_code_table():
    guide = (ROOT / GUIDE_PAGE).read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[(KB\d{3})\]\(#kb\d{3}\) \| `([\w.-]+)` \| (error|warning) \|", guide, re.M)
    assert rows == [(c.code, c.name, c.severity.value) for c in CODES.values()]


@pytest.mark.build
def test_guide_shows_citation_syntax_without_it_being_rewritten(real_site):
    html = (real_site / "guide" / "citering" / "index.html").read_text(encoding="utf-8")
    assert "[@lipsky2010, s. 23]" in html.replace("&#64;", "@")
    assert 'class="footnote' not in html  # no example was turned into a citation with a reference list
