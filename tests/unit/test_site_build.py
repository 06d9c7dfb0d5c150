"""kb.site.build runs the whole build sequence without any site generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kb import citeproc
from kb.model import load
from kb.site import build, citation_blocks, paths, prefetch_citations
from support import ROOT


def test_build_returns_every_page_generated_file_and_formatted_citation(project: Path):
    kb = load(project)
    output = build(kb, ROOT / "styles" / "kb-forfattare-ar.csl")
    assert set(output.pages) == {p.site_path for p in kb.pages}
    generated_pages = [path for path in output.generated if path.endswith(".md")]
    assert generated_pages == paths.generated_pages(kb)
    blocks = citation_blocks(output.pages.values())
    assert blocks and set(blocks) <= set(output.citations.inline)
    assert output.citations.inline["[@lipsky2010, s. 13]"] == "([Lipsky 2010, s. 13](#ref-lipsky2010))"
    concept = output.pages["concepts/handlingsutrymme.md"]
    assert concept.startswith("# Handlingsutrymme") and "## Citat som belyser begreppet" in concept


def test_the_library_does_not_import_mkdocs(project: Path):
    code = (
        "import sys; from pathlib import Path; from kb.model import load; from kb.site import build; "
        f"build(load(Path({str(project)!r})), Path({str(ROOT / 'styles' / 'kb-forfattare-ar.csl')!r})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_bibtex')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _counting_pandoc(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count pandoc's citation runs (and how many citations each formats)."""
    runs: list[int] = []
    run = citeproc._run_pandoc

    def counted(blocks: list[str], *args: Any) -> citeproc.Formatted:
        runs.append(len(blocks))
        return run(blocks, *args)

    monkeypatch.setattr(citeproc, "_run_pandoc", counted)
    return runs


@pytest.mark.parametrize("cited_outside_the_text", [False, True])
def test_citations_prefetched_while_the_project_is_checked_give_the_same_build(
    project: Path, monkeypatch: pytest.MonkeyPatch, cited_outside_the_text: bool
) -> None:
    """pandoc can start on the citations of the pages' own text before the build (kb check runs
    meanwhile); the build is the same, and formats only what that left out (a citation the page
    shows outside its text, here in a quote's context) in a second run."""
    monkeypatch.setenv("KB_CACHE", "0")  # each build from nothing (its store in memory)
    if cited_outside_the_text:
        quote = project / "docs" / "quotes" / "lundgren2022-01.md"
        text = quote.read_text(encoding="utf-8")
        quote.write_text(
            text.replace("context: För- och nackdelar", "context: Jfr [@lipsky2010, s. 5]; för- och nackdelar")
        )
    csl = ROOT / "styles" / "kb-forfattare-ar.csl"
    runs = _counting_pandoc(monkeypatch)
    plain = build(load(project), csl)
    assert len(runs) == 1
    runs.clear()
    kb = load(project)
    prefetch = prefetch_citations(kb, csl)
    prefetched = build(kb, csl, prefetch=prefetch)
    assert (prefetched.pages, prefetched.generated, prefetched.citations) == (
        plain.pages,
        plain.generated,
        plain.citations,
    )
    if cited_outside_the_text:
        assert len(runs) == 2 and runs[1] == 1, runs  # the one citation the text did not hold
    else:
        assert len(runs) == 1, runs  # the build found every citation formatted
    assert ("[@lipsky2010, s. 5]" in plain.citations.inline) is cited_outside_the_text
