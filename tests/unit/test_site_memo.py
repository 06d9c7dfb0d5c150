"""kb.site.memo: a serve rebuild gets the last build's finished pages where their input is the same,
and the result equals a build made from nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.model import load
from kb.site import Memo, build
from support import ROOT

CSL = ROOT / "styles" / "kb-forfattare-ar.csl"


def test_a_hit_gives_the_last_builds_value_without_computing_it() -> None:
    memo: Memo[str] = Memo()
    memo.start("context")
    assert memo.get("key", lambda: "first") == "first"
    memo.start("context")
    assert memo.get("key", lambda: pytest.fail("computed again")) == "first"
    assert memo.hits == 1


def test_another_context_computes_everything_again() -> None:
    memo: Memo[str] = Memo()
    memo.start("glossary A")
    memo.get("key", lambda: "under A")
    memo.start("glossary B")
    assert memo.get("key", lambda: "under B") == "under B"
    assert memo.hits == 0


def test_only_the_last_build_is_kept() -> None:
    memo: Memo[str] = Memo()
    memo.start("c")
    memo.get("old", lambda: "old value")
    memo.start("c")  # a build that no longer has "old"
    memo.get("new", lambda: "new value")
    memo.start("c")
    assert memo.get("old", lambda: "computed") == "computed"


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")


# Edits of what a finished page reads, and whether they change the glossary (then nothing is taken
# from the memo): a quote's words (its own page, and the excerpt on others), a concept's first
# sentence (its tooltip on every page), a concept's title (links, glossary terms), a citation.
EDITS = [
    ("docs/quotes/lundgren2022-01.md", r"år in och år ut", "varje år", False),
    ("concepts/handlingsutrymme.md", r"^Handlingsutrymme är det spelrum", "Handlingsutrymme är det utrymme", True),
    ("concepts/grasrotsbyrakrat.md", r"^title: .*$", "title: Gatubyråkrat", True),
    ("concepts/handlingsutrymme.md", r"\[@lipsky2010, s\. 16\]", "[@lipsky2010, s. 17]", False),
]


@pytest.mark.parametrize(("path", "pattern", "replacement", "glossary"), EDITS)
def test_a_memoised_build_after_an_edit_equals_a_build_from_nothing(
    project: Path, path: str, pattern: str, replacement: str, glossary: bool
) -> None:
    memo: Memo[tuple[str, list[str]]] = Memo()
    build(load(project), CSL, memo)
    _sub(project / path, pattern, replacement)
    kb = load(project)
    kept = build(kb, CSL, memo)
    fresh = build(kb, CSL)
    assert kept.pages == fresh.pages
    assert kept.generated == fresh.generated
    assert kept.citations == fresh.citations
    if glossary:
        assert memo.hits == 0
    else:  # the edited page and those listing it finished anew, the others taken from the memo
        assert 0 < memo.hits < len(kept.pages)


def test_an_unchanged_project_is_finished_entirely_from_the_memo(project: Path) -> None:
    memo: Memo[tuple[str, list[str]]] = Memo()
    first = build(load(project), CSL, memo)
    again = build(load(project), CSL, memo)
    assert memo.hits == len(first.pages)
    assert again.pages == first.pages
