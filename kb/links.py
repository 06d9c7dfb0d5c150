"""Concept wiki-links (`[[id]]`, `[[id|text]]`) and internal Markdown links."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from kb.syntax import EXTERNAL_URL, MD_LINK, WIKILINK, mask_code


@dataclass(frozen=True)
class Link:
    target: str  # concept id for wiki-links, site path for Markdown links
    text: str
    offset: int
    wiki: bool


def find_links(markdown: str, site_path: str) -> list[Link]:
    """Wiki-links and internal Markdown links (resolved to site paths)."""
    text = mask_code(markdown)
    links = [Link(m["id"].strip(), (m["text"] or "").strip(), m.start(), True) for m in WIKILINK.finditer(text)]
    for m in MD_LINK.finditer(text):
        target = m["target"]
        if EXTERNAL_URL.match(target):
            continue
        path = target.split("#", 1)[0]
        if not path:
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(site_path), path))
        links.append(Link(resolved, m["text"], m.start(), False))
    return links


@lru_cache(maxsize=65536)
def relative_url(from_site_path: str, to_site_path: str) -> str:
    """A relative Markdown link from one site page to another (both normalised .md paths)."""
    here = from_site_path.split("/")[:-1]
    there = to_site_path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def rewrite_wikilinks(markdown: str, site_path: str, titles: dict[str, str], concepts_dir: str) -> str:
    """Turn `[[id]]` into Markdown links to the concept pages (unknown ids left as text)."""
    masked = mask_code(markdown)
    out: list[str] = []
    pos = 0
    for m in WIKILINK.finditer(masked):
        concept = m["id"].strip()
        if concept not in titles:
            continue
        label = (m["text"] or "").strip() or titles[concept]
        url = relative_url(site_path, f"{concepts_dir}/{concept}.md")
        out.append(markdown[pos : m.start()])
        out.append(f"[{label}]({url})")
        pos = m.end()
    out.append(markdown[pos:])
    return "".join(out)
