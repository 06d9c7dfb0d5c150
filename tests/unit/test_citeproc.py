"""Batched citation formatting with pandoc, and its per-block cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import cache, citeproc
from support import FIXTURE_SITE, ROOT

BIB = FIXTURE_SITE / "bibliography.bib"
CSL = ROOT / "styles" / "kb-forfattare-ar.csl"
KEYS = ["lipsky2010", "lundgren2022"]


def test_formats_blocks_and_references_in_one_run():
    out = citeproc.format_all(["[@lipsky2010, s. 13]", "[@lipsky2010, s. 13]", "[@lundgren2022]"], KEYS, BIB, CSL)
    assert out.inline["[@lipsky2010, s. 13]"] == "([Lipsky 2010, s. 13](#ref-lipsky2010))"  # a link per work
    assert out.inline["[@lundgren2022]"].startswith("([Lundgren 2022")
    assert set(out.references) == set(KEYS) and "*Street-Level Bureaucracy:" in out.references["lipsky2010"]


def test_a_warm_cache_needs_no_pandoc_and_a_new_block_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real_pandoc = citeproc._run_pandoc
    store = cache.ContentCache(tmp_path / "build.pickle")
    first = citeproc.format_all(["[@lipsky2010, s. 13]"], KEYS, BIB, CSL, store)
    store.save()

    def no_pandoc(*args: object) -> citeproc.Formatted:
        raise AssertionError("pandoc ran although everything was cached")

    monkeypatch.setattr(citeproc, "_run_pandoc", no_pandoc)
    warm = cache.ContentCache(tmp_path / "build.pickle")
    assert citeproc.format_all(["[@lipsky2010, s. 13]"], KEYS, BIB, CSL, warm) == first

    sent: list[list[str]] = []
    monkeypatch.setattr(citeproc, "_run_pandoc", lambda blocks, *a: sent.append(blocks) or real_pandoc(blocks, *a))
    both = citeproc.format_all(["[@lipsky2010, s. 13]", "[@lipsky2010, s. 14]"], KEYS, BIB, CSL, warm)
    assert sent == [["[@lipsky2010, s. 14]"]]
    assert both.inline["[@lipsky2010, s. 14]"] == "([Lipsky 2010, s. 14](#ref-lipsky2010))"


def test_a_changed_bibliography_formats_again(tmp_path: Path):
    store = cache.ContentCache()
    citeproc.format_all(["[@lipsky2010]"], KEYS, BIB, CSL, store)
    bib = tmp_path / "bibliography.bib"
    bib.write_text(BIB.read_text(encoding="utf-8").replace("year = {2010}", "year = {2011}"), encoding="utf-8")
    again = citeproc.format_all(["[@lipsky2010]"], KEYS, bib, CSL, store)
    assert again.inline["[@lipsky2010]"] == "([Lipsky 2011](#ref-lipsky2010))"


def test_a_name_the_bibliography_protects_from_case_changes_prints_without_markup(tmp_path: Path):
    """pandoc marks "{boyd}" as a nocase span; Python-Markdown would print "[boyd]{.nocase}" as it stands."""
    bib = tmp_path / "bibliography.bib"
    bib.write_text(BIB.read_text(encoding="utf-8").replace("Lipsky, Michael", "{boyd}, danah"), encoding="utf-8")
    out = citeproc.format_all(["[@lipsky2010]"], KEYS, bib, CSL)
    assert out.inline["[@lipsky2010]"] == "([boyd 2010](#ref-lipsky2010))"
    assert out.references["lipsky2010"].startswith("boyd, danah (2010).")
