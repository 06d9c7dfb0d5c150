"""Concept wiki-links (`[[id]]`, `[[id|text]]`) and internal Markdown links."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from kb.syntax import EXTERNAL_URL, HTML_LINK, MD_LINK, WIKILINK, mask_code, running_title


@dataclass(frozen=True)
class Link:
    target: str  # concept id for wiki-links, site path for Markdown links, site URL for raw HTML links
    text: str
    offset: int
    wiki: bool
    html: bool = False


def find_links(markdown: str, site_path: str) -> list[Link]:
    """Wiki-links and internal Markdown links (resolved to site paths)."""
    text = mask_code(markdown)
    links = [Link(m["id"].strip(), (m["text"] or "").strip(), m.start(), True) for m in WIKILINK.finditer(text)]
    for m in MD_LINK.finditer(text):
        path = _local_path(m["target"])
        if path:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(site_path), path))
            links.append(Link(resolved, m["text"], m.start(), False))
    for m in HTML_LINK.finditer(text):
        path = _local_path(m["target"])
        if path:  # raw HTML is not rewritten by the site generator: its links are relative to the page's URL
            resolved = posixpath.normpath(posixpath.join(page_url(site_path), path))
            links.append(Link(resolved + ("/" if path.endswith("/") else ""), m["target"], m.start(), False, True))
    return links


def _local_path(target: str) -> str:
    """The path part of a link to this site ("" for external links and pure anchors), %-escapes decoded."""
    if EXTERNAL_URL.match(target):
        return ""
    return unquote(target.split("#", 1)[0].split("?", 1)[0])


def page_url(site_path: str) -> str:
    """The directory URL a page is served at: "concepts/x.md" -> "concepts/x/", "concepts/index.md" -> "concepts/"."""
    stem = site_path.removesuffix(".md")
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else f"{stem}/"


def url_to_site_path(url: str) -> set[str]:
    """The pages a site URL may be: "karta/" -> karta.md or karta/index.md; a file -> itself."""
    url = url.strip("/") if url not in (".", "") else ""
    if not url:
        return {"index.md"}
    return {f"{url}.md", f"{url}/index.md", url}


@lru_cache(maxsize=65536)
def served_url(from_site_path: str, to_site_path: str) -> str:
    """A relative URL between the served pages, for raw HTML (which MkDocs does not rewrite)."""
    here = [part for part in page_url(from_site_path).split("/") if part]
    there = [part for part in page_url(to_site_path).split("/") if part]
    parts = _relative(here, there)
    return "/".join(parts) + "/" if parts else "./"


@lru_cache(maxsize=65536)
def relative_url(from_site_path: str, to_site_path: str) -> str:
    """A relative Markdown link from one site page to another (both normalised .md paths)."""
    return "/".join(_relative(from_site_path.split("/")[:-1], to_site_path.split("/"), keep=1))


def _relative(here: list[str], there: list[str], keep: int = 0) -> list[str]:
    """The path from folder *here* to *there* (parts), up past what they do not share; the last
    *keep* parts of *there* (a file name) are never taken as shared."""
    common = 0
    while common < min(len(here), len(there) - keep) and here[common] == there[common]:
        common += 1
    return [".."] * (len(here) - common) + there[common:]


def rewrite_wikilinks(markdown: str, site_path: str, titles: dict[str, str], concepts_dir: str) -> str:
    """Turn `[[id]]` into Markdown links to the concept pages (unknown ids left as text)."""
    masked = mask_code(markdown)
    out: list[str] = []
    pos = 0
    for m in WIKILINK.finditer(masked):
        concept = m["id"].strip()
        if concept not in titles:
            continue
        label = (m["text"] or "").strip() or running_title(titles[concept], markdown[: m.start()])
        url = relative_url(site_path, f"{concepts_dir}/{concept}.md")
        out.append(markdown[pos : m.start()])
        out.append(f"[{label}]({url})")
        pos = m.end()
    out.append(markdown[pos:])
    return "".join(out)
