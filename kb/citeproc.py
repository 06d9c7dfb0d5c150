"""Format citations and references for a whole site in ONE pandoc call.

mkdocs-bibtex runs pandoc once per page (over the whole bibliography); this
module formats every citation block of every page, plus one reference per
bibliography entry, in a single run, so an adapter can prime the plugin's cache.
Every entry is always in the run, so author-date disambiguation ("2010a") does
not depend on which blocks are formatted, and results can be cached per block.
"""

from __future__ import annotations

import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kb.cache import ContentCache, digest

REFERENCES_HEADING = "# KB-REFERENCES"
# Each citation links to #ref-<key> (kb.site.references points it at the source page); references
# stay plain text, since they become links themselves (the DOI is shown on the source page).
HEADER = "---\nlink-citations: true\nlink-bibliography: false\nsuppress-bibliography: false\n---\n\n"
# After citeproc: drop the spans it leaves (e.g. "[boyd]{.nocase}"), which Python-Markdown would print.
UNWRAP_SPANS = "function Span(el) return el.content end\n"
ENTRY = re.compile(r"^::: \{#ref-(?P<key>\S+) \.csl-entry\}\n(?P<text>.*?)\n:::$", re.S | re.M)
NUMBERED = re.compile(r"^(?P<n>\d+)\.\s+(?P<text>.*?)(?=\n\d+\.\s|\Z)", re.S | re.M)


@dataclass
class Formatted:
    inline: dict[str, str]  # "[@key, s. 23]" -> "([Lipsky 2010, s. 23](#ref-key))"
    references: dict[str, str]  # key -> formatted reference (Markdown)


def format_all(
    blocks: list[str], keys: list[str], bib_path: Path, csl_path: Path, cache: ContentCache | None = None
) -> Formatted:
    """Format *blocks* (each "[…]" as written) and the references of *keys*.

    With a *cache*, only blocks not formatted before against the same
    bibliography and style go to pandoc; an unchanged site needs no pandoc run.
    """
    cache = cache or ContentCache()
    inputs = [bib_path.read_bytes(), csl_path.read_bytes(), "\0".join(keys).encode(), pandoc_version().encode()]
    inputs.append((HEADER + UNWRAP_SPANS).encode())  # how pandoc is asked is part of the result
    context = digest(b"\0".join(inputs))
    unique = list(dict.fromkeys(blocks))
    inline = {block: cache.find("citation", f"{context}:{block}") for block in unique}
    references = cache.find("references", context)
    missing = [block for block, text in inline.items() if text is None]
    if missing or references is None:
        fresh = _run_pandoc(missing, keys, bib_path, csl_path)
        for block in missing:
            if block in fresh.inline:
                cache.store("citation", f"{context}:{block}", fresh.inline[block])
        cache.store("references", context, fresh.references)
        inline.update(fresh.inline)
        references = fresh.references
    return Formatted({b: text for b, text in inline.items() if text is not None}, references)


@functools.cache
def pandoc_version() -> str:
    """The version of the pandoc that formats citations: part of every cache key of its output."""
    import pypandoc

    return str(pypandoc.get_pandoc_version())


def _run_pandoc(blocks: list[str], keys: list[str], bib_path: Path, csl_path: Path) -> Formatted:
    import pypandoc  # imported here: only the site build needs pandoc

    items = blocks + [f"[@{k}]" for k in keys]
    doc = HEADER + "\n\n".join(f"{i + 1}. {block}" for i, block in enumerate(items))
    doc += f"\n\n{REFERENCES_HEADING}\n"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "all.md")
        source.write_text(doc, encoding="utf-8")
        unwrap = Path(tmp, "unwrap.lua")
        unwrap.write_text(UNWRAP_SPANS, encoding="utf-8")
        # Into a file, not a pipe: pandoc never waits for this process to read its output (which, on a
        # thread beside a busy one, waits its turn for the interpreter at every pipe's worth).
        result = Path(tmp, "out.md")
        pypandoc.convert_file(
            str(source),
            to="markdown-citations-smart",
            format="markdown",
            extra_args=["--citeproc", "--lua-filter", str(unwrap), "--wrap=none"]
            + ["--bibliography", str(bib_path), "--csl", str(csl_path)],
            outputfile=str(result),
        )
        out = result.read_text(encoding="utf-8")
    body, _, refs = out.partition(f"\n{REFERENCES_HEADING}")
    inline: dict[str, str] = {}
    for m in NUMBERED.finditer(body.strip()):
        n = int(m["n"]) - 1
        if n < len(blocks):
            inline[blocks[n]] = " ".join(m["text"].split())
    references = {m["key"]: " ".join(m["text"].split()) for m in ENTRY.finditer(refs)}
    return Formatted(inline, references)
