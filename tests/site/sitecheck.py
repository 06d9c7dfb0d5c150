"""Checks over a built site: internal links resolve, nothing is loaded from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src"):
                self.refs.append((tag, name, value))


def parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def broken_links(site: Path) -> list[str]:
    """Every href/src in every HTML page that points to a missing file or anchor."""
    problems: list[str] = []
    pages = {p: parse(p) for p in site.rglob("*.html")}
    for page, refs in pages.items():
        for _tag, _attr, value in refs.refs:
            url = urlsplit(value)
            if url.scheme or value.startswith("//") or value.startswith("data:"):
                continue
            base = site if url.path.startswith("/") else page.parent  # site_url's path is "/"
            target = page if not url.path else (base / unquote(url.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: {value} -> missing {target}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if url.fragment not in ids:
                    problems.append(f"{page.relative_to(site)}: {value} -> no anchor #{url.fragment}")
    return problems


EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\ssrc=["'](?:https?:)?//|<link\b[^>]*\shref=["'](?:https?:)?//[^"']*["'][^>]*>""",
    re.I,
)


def external_loads(site: Path) -> list[str]:
    """Tags that would make the browser fetch something from another host."""
    found = []
    for page in site.rglob("*.html"):
        for m in EXTERNAL_LOAD.finditer(page.read_text(encoding="utf-8")):
            tag = m.group(0)
            if 'rel="canonical"' in tag or "rel=canonical" in tag:
                continue
            found.append(f"{page.relative_to(site)}: {tag[:120]}")
    for css in site.rglob("*.css"):
        for m in re.finditer(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")):
            found.append(f"{css.relative_to(site)}: {m.group(0)}")
    return found


class Article(HTMLParser):
    """The main content of a built page (its <article>): visible text, links, headings, list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> when > 0
        self.text: list[str] = []
        self.links: list[dict[str, str]] = []  # href, title, text, class
        self.headings: list[tuple[str, str]] = []  # (id, text)
        self.items: list[str] = []  # the text of each list item
        self.tags: list[tuple[str, dict[str, str]]] = []  # every start tag inside, with its attributes
        self._open: list[tuple[str, dict[str, str], int]] = []  # collecting tags: (tag, attrs, text start)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag in ("a", "h1", "h2", "h3", "li"):
            self._open.append((tag, values, len("".join(self.text))))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and self._open and self._open[-1][0] == tag:
            _, attrs, start = self._open.pop()
            shown = " ".join("".join(self.text)[start:].split()).removesuffix("¶").strip()
            if tag == "a":
                self.links.append({**attrs, "text": shown})
            elif tag == "li":
                self.items.append(shown)
            else:
                self.headings.append((attrs.get("id", ""), shown))
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def article(path: Path) -> Article:
    page = Article()
    page.feed(path.read_text(encoding="utf-8"))
    return page
