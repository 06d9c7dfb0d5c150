"""kb.site.build runs the whole build sequence without any site generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kb.model import load
from kb.site import build, citation_blocks, paths
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
