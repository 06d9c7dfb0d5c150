"""The authors' guide explains every diagnostic code the checker can emit, at the anchor kb check links to."""

from __future__ import annotations

import re

from kb.diagnostics import GUIDE_PAGE, explain
from support import ROOT

CODE = re.compile(r"\"(KB\d{3})\"")


def emitted_codes() -> set[str]:
    """Every code literal in the kb package's source."""
    return {c for path in (ROOT / "kb").glob("*.py") for c in CODE.findall(path.read_text(encoding="utf-8"))}


def test_every_code_has_an_anchor_in_the_guide():
    guide = (ROOT / GUIDE_PAGE).read_text(encoding="utf-8")
    anchors = set(re.findall(r"\{#(kb\d{3})\}", guide))
    codes = emitted_codes()
    assert len(codes) >= 20
    missing = sorted(c for c in codes if explain(c).split("#")[1] not in anchors)
    assert missing == []


def test_guide_shows_citation_syntax_without_it_being_rewritten(real_site):
    html = (real_site / "guide" / "citering" / "index.html").read_text(encoding="utf-8")
    assert "[@lipsky2010, s. 23]" in html.replace("&#64;", "@")
    assert 'class="footnote' not in html  # no example was turned into a citation with a reference list
