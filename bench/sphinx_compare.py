"""The project beside Sphinx + MyST + sphinxcontrib-bibtex on the same content.

For each size, the synthetic project (bench/synth.py) is built by the project (`mkdocs build`
with its hooks) and, converted, by Sphinx (MyST Markdown, citations as `{cite:p}` roles resolved
by sphinxcontrib-bibtex against the same bibliography, one toctree, the default theme). Both are
whole processes: a cold build (no cache, no output), then one quote edited and built again (the
project from .cache/kb, Sphinx incrementally from its environment pickle).
Sphinx is installed by this benchmark into its own environment (bench/out/sphinx-venv, pinned
below), never into the test environment.
Usage: python bench/sphinx_compare.py [--sizes 100 1000] [--entries 2000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from common import mkdocs_build, run
from synth import generate

OUT = Path(__file__).resolve().parent / "out"
SPHINX_VENV = OUT / "sphinx-venv"
SPHINX_PACKAGES = ["sphinx==9.0.4", "myst-parser==5.2.0", "sphinxcontrib-bibtex==2.7.0"]
CITATION = re.compile(r"\[@([\w:-]+)[^\]]*\]")
QUOTE = "docs/quotes/studie2022-0001.md"
CONF = """\
project = "Syntetisk"
language = "sv"
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["bibliography.bib"]
bibtex_reference_style = "author_year"
source_suffix = {".md": "markdown"}
suppress_warnings = ["myst.header", "bibtex.duplicate_citation"]
"""
INDEX = """\
# Syntetisk kunskapsbas

```{toctree}
:glob:
:maxdepth: 1

concepts/*
quotes/*
studies/*
theorists/*
referenser
```
"""


def sphinx_python() -> Path:
    """The benchmark's own Sphinx environment, created on first use."""
    python = SPHINX_VENV / "bin" / "python"
    if not python.exists():
        venv.create(SPHINX_VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *SPHINX_PACKAGES], check=True)
    return python


def to_sphinx(plain: Path, target: Path) -> Path:
    """The plain project's Markdown as a Sphinx + MyST project (citations as {cite:p} roles)."""
    shutil.copytree(plain / "docs", target)
    shutil.copy(plain / "bibliography.bib", target / "bibliography.bib")
    for page in target.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(CITATION.sub(lambda m: "{cite:p}`" + m[1] + "`", text), encoding="utf-8")
    (target / "index.md").write_text(INDEX, encoding="utf-8")
    (target / "referenser.md").write_text("# Referenser\n\n```{bibliography}\n:all:\n```\n", encoding="utf-8")
    (target / "conf.py").write_text(CONF, encoding="utf-8")
    return target


def _edit(page: Path) -> None:
    page.write_text(page.read_text(encoding="utf-8").replace("> ", "> ändrad ", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args()
    python = sphinx_python()
    print(
        f"{'pages':>6} {'project cold s':>14} {'sphinx cold s':>13} {'x':>5} "
        f"{'project edit s':>14} {'sphinx edit s':>13} {'x':>5} {'project MB':>10} {'sphinx MB':>9}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(Path(tmp) / f"kb{size}", size, entries=args.entries)
            cold, mb = mkdocs_build(project)
            _edit(project / QUOTE)
            edited, _ = mkdocs_build(project)
            plain = generate(Path(tmp) / f"plain{size}", size, entries=args.entries, hooks=False)
            source = to_sphinx(plain, Path(tmp) / f"sphinx{size}")
            command = [str(python), "-m", "sphinx", "-b", "html", "-q", str(source), str(Path(tmp) / f"html{size}")]
            sphinx_cold, sphinx_mb = run(command, source)
            _edit(source / QUOTE.removeprefix("docs/"))
            sphinx_edited, _ = run(command, source)
            print(
                f"{size:>6} {cold:>14.1f} {sphinx_cold:>13.1f} {cold / sphinx_cold:>5.2f} "
                f"{edited:>14.2f} {sphinx_edited:>13.2f} {edited / sphinx_edited:>5.2f} {mb:>10.0f} {sphinx_mb:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
