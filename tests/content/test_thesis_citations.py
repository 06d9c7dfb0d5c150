"""Every citation of a thesis names exactly the pages of the passage it rests on.

The passage of each citation is recorded in tests/data/thesis-citations.json (tools/evidence.py);
its pages come from the evidence-based page model in the fingerprint. No tolerance: a locator
one page off fails.
"""

from __future__ import annotations

import shutil

from kb.citations import page_ranges
from kb.model import load
from support import ROOT
from tools import evidence


def test_every_thesis_locator_matches_its_passage(kb, theses):
    problems = evidence.problems(kb, evidence.load_records(), theses)
    assert problems == [], "\n".join(problems[:40]) + (
        f"\n… and {len(problems) - 40} more" if len(problems) > 40 else ""
    )


def test_thesis_citations_are_recorded_at_all(kb):
    cited = evidence.thesis_citations(kb)
    assert sum(map(len, cited.values())) > 500  # the check above must have something to check


def test_a_locator_one_page_off_is_caught(kb, theses, tmp_path):
    """Move one citation's locator a page on, in a copy of the content: the check must report that file."""
    records = evidence.load_records()
    rel = min(rel for rel, rows in records.items() if rows)
    cite = evidence.thesis_citations(kb)[rel][0]
    first, last = page_ranges(cite.citation.locator)[0]
    for part in ("concepts", "docs", "bibliography.bib"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    target = tmp_path / rel
    written = f"@{cite.citation.key}, {cite.citation.locator}"
    text = target.read_text(encoding="utf-8")
    assert written in text
    target.write_text(text.replace(written, f"@{cite.citation.key}, s. {last + 1}", 1), encoding="utf-8")
    found = evidence.problems(load(tmp_path), records, theses)
    assert [p for p in found if p.startswith(f"{rel}:{cite.line}:")], found
