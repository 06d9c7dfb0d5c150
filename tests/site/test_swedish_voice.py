"""One Swedish voice in the built site: no English interface strings, link text that follows the
sentence, glossary tooltips that start in Swedish, and clean quote excerpts."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from support import ROOT

pytestmark = pytest.mark.build

# What a student read in English before (the review's list) and what else Material or pymdown may print.
ENGLISH_UI = [
    "Made with",
    "Permanent link",
    "Jump back to footnote",
    "Back to top",
    "Skip to content",
    "Copy to clipboard",
    "Table of contents",
    "Type to start searching",
    "No matching documents",
    "Edit this page",  # kb-ignore: KB605 (an English interface string, not a name)
]


def concept_front() -> dict[str, dict[str, str]]:
    """Each concept's front matter, read from its file."""
    out = {}
    for path in sorted((ROOT / "concepts").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        out[path.stem] = yaml.safe_load(front)
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_english_interface_string_on_any_page(real_site):
    found = {
        (str(p.relative_to(real_site)), s) for p in pages(real_site) for s in ENGLISH_UI if s in p.read_text("utf-8")
    }
    assert found == set()


def test_glossary_tooltips_begin_in_swedish(real_site):
    english = {
        en
        for f in concept_front().values()
        if (en := str(f.get("title_en", "")).split("/")[0].strip()) and not str(f["title"]).startswith(en)
    }  # "Empowerment" is the Swedish title too: its summary may start with it
    checked, bad = 0, set()
    for p in pages(real_site):
        for title in re.findall(r'<abbr title="([^"]*)"', p.read_text("utf-8")):
            checked += 1
            if any(html.unescape(title).startswith(e) for e in english):
                bad.add(html.unescape(title)[:60])
    assert checked > 100 and bad == set()


def test_a_concept_linked_mid_sentence_is_written_in_lower_case(real_site):
    """ "ett visst framträdande", not "ett visst Framträdande", where the title has only an initial capital."""
    titles = {cid: str(f["title"]) for cid, f in concept_front().items()}
    plain = {cid for cid, t in titles.items() if not re.search(r"[A-ZÅÄÖ]", t[1:])}
    link = re.compile(
        r'(?:[a-zåäö]|[a-zåäö],) <a [^>]*href="(?:\.\./)*concepts/([^/"]+)/"[^>]*>(?:<abbr[^>]*>)?([^<]+)<'
    )
    capitalised, checked = [], 0
    for p in pages(real_site):
        for m in link.finditer(p.read_text("utf-8")):
            if m[1] in plain:
                checked += 1
                if m[2][:1].isupper():
                    capitalised.append((str(p.relative_to(real_site)), m[2]))
    assert checked > 50 and capitalised == []


def test_quote_excerpts_have_single_quote_marks_and_no_transcript_debris(real_site):
    excerpts = [
        html.unescape(e)
        for p in (real_site / "concepts").glob("*/index.html")
        for e in re.findall(r"<em>(”[^<]*)</em>", p.read_text("utf-8"))
    ]
    assert len(excerpts) > 30
    bad = [e for e in excerpts if re.search(r"””|^””|\./|\bIP:|\bI:", e)]
    assert bad == []
