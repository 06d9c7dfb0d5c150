"""Format citations and references for a whole site in ONE pandoc call.

mkdocs-bibtex runs pandoc once per page (over the whole bibliography); this
module formats every citation block of every page, plus one reference per
bibliography entry, in a single run, so an adapter can prime the plugin's cache.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

REFERENCES_HEADING = "# KB-REFERENCES"
ENTRY = re.compile(r"^::: \{#ref-(?P<key>\S+) \.csl-entry\}\n(?P<text>.*?)\n:::$", re.S | re.M)
NUMBERED = re.compile(r"^(?P<n>\d+)\.\s+(?P<text>.*?)(?=\n\d+\.\s|\Z)", re.S | re.M)


@dataclass
class Formatted:
    inline: dict[str, str]  # "[@key, s. 23]" -> "(Lipsky 2010, s. 23)"
    references: dict[str, str]  # key -> formatted reference (Markdown)


def format_all(blocks: list[str], keys: list[str], bib_path: Path, csl_path: Path) -> Formatted:
    """Format *blocks* (each "[…]" as written) and the references of *keys*."""
    import pypandoc  # imported here: only the site build needs pandoc

    unique = list(dict.fromkeys(blocks))
    items = unique + [f"[@{k}]" for k in keys]
    doc = "---\nlink-citations: false\nsuppress-bibliography: false\n---\n\n"
    doc += "\n\n".join(f"{i + 1}. {block}" for i, block in enumerate(items))
    doc += f"\n\n{REFERENCES_HEADING}\n"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "all.md")
        source.write_text(doc, encoding="utf-8")
        out = pypandoc.convert_file(
            str(source),
            to="markdown-citations-smart",
            format="markdown",
            extra_args=["--citeproc", "--bibliography", str(bib_path), "--csl", str(csl_path), "--wrap=none"],
        )
    body, _, refs = out.partition(f"\n{REFERENCES_HEADING}")
    inline: dict[str, str] = {}
    for m in NUMBERED.finditer(body.strip()):
        n = int(m["n"]) - 1
        if n < len(unique):
            inline[unique[n]] = " ".join(m["text"].split())
    references = {m["key"]: " ".join(m["text"].split()) for m in ENTRY.finditer(refs)}
    return Formatted(inline, references)
