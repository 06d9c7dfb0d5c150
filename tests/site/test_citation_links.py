"""From a citation to its source, in the built site: one mark per citation, a linked "Referenser", and
source pages whose lists a student can read. Expectations come from the authored Markdown, the
bibliography file and the pages the links land on, not from kb's own rendering code."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from sitecheck import Article, article
from support import ROOT

pytestmark = pytest.mark.build

CITATION_BLOCK = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
KEY = re.compile(r"@([A-Za-z0-9_:.-]+[A-Za-z0-9])")
BIB_KEYS = re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "bibliography.bib").read_text(encoding="utf-8"), re.M)


def authored_pages() -> list[tuple[Path, str]]:
    """Each concept and quote file with the URL its page is served at."""
    concepts = [(p, f"concepts/{p.stem}/") for p in sorted((ROOT / "concepts").glob("*.md"))]
    quotes = [(p, f"quotes/{p.stem}/") for p in sorted((ROOT / "docs/quotes").glob("*-*.md"))]
    return concepts + quotes


def cited_keys(path: Path) -> set[str]:
    return {key for block in CITATION_BLOCK.findall(path.read_text(encoding="utf-8")) for key in KEY.findall(block)}


def swedish(text: str) -> str:
    """A sort key in the Swedish alphabet (… x y z å ä ö; é as e, ü as y), written for this test."""
    text = text.casefold().replace("å", "\x01").replace("ä", "\x02").replace("ö", "\x03").replace("ü", "y")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("\x01", "{").replace("\x02", "|").replace("\x03", "}")


def source_key(href: str) -> str | None:
    m = re.fullmatch(r"(?:\.\./)+sources/([^/#]+)/(?:#.*)?", href)
    return m[1] if m else None


def citation_links(page: Article) -> list[dict[str, str]]:
    """The in-text citations: links to a source page that carry the full reference as their title."""
    return [a for a in page.links if source_key(a.get("href", "")) and a.get("title")]


def references(html: str) -> list[tuple[str, str]]:
    """(href, text) of each entry under the page's "Referenser" heading."""
    m = re.search(r'<h2 id="referenser">.*?</h2>\s*<ul[^>]*>(.*?)</ul>', html, re.S)
    assert m, "no Referenser list"
    entries = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', m[1], re.S)
    return [(href, re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")) for href, text in entries]


@pytest.mark.parametrize(("path", "url"), authored_pages(), ids=lambda v: getattr(v, "stem", ""))
def test_every_citation_is_one_link_to_its_source_and_the_page_ends_with_its_references(real_site, path, url):
    built = real_site / url / "index.html"
    html = built.read_text(encoding="utf-8")
    page = article(built)
    cited = cited_keys(path)
    linked = citation_links(page)
    # every work the author cites is linked from the text, and lands on an existing source page
    assert cited <= {source_key(a["href"]) for a in linked}
    for a in linked:
        target = (built.parent / a["href"]).resolve() / "index.html"
        assert target.is_file(), a["href"]
        heading = article(target).headings[0][1]  # "Lipsky 1980": the author-date the citation shows
        year = heading.rsplit(" ", 1)[1]  # a second work of the same author in a group shows its year only
        assert a["text"].startswith((heading, year)), (a["text"], heading)
        assert len(a["title"]) > len(heading) + 10  # the full reference, shown on hover
    # one mark per citation: no footnote references or footnote lists
    assert not re.search(r'class="footnote|\[\^|<sup id="fnref', html)
    # "Referenser" closes the page, A–Ö by the Swedish alphabet, one linked entry per work
    assert page.headings[-1] == ("referenser", "Referenser")
    refs = references(html)
    assert [text for _, text in refs] == sorted((text for _, text in refs), key=swedish)
    assert {source_key(href) for href, _ in refs} >= cited | {source_key(a["href"]) for a in linked}
    assert len({href for href, _ in refs}) == len(refs)


def test_the_swedish_order_of_the_test_puts_a_with_rings_and_dots_after_z():
    assert sorted(["Öberg", "Zetterberg", "Åkesson", "Ahrne", "Bäckman", "Brodkin"], key=swedish) == [
        "Ahrne",
        "Brodkin",
        "Bäckman",
        "Zetterberg",
        "Åkesson",
        "Öberg",
    ]


PAGE_NUMBER = re.compile(r"s\. ([0-9ivxlc]+)")


def page_order(locator: str) -> tuple[int, int]:
    """Roman front matter first, then arabic pages."""
    first = PAGE_NUMBER.match(locator)
    assert first, locator
    n = first[1]
    if n.isdigit():
        return (1, int(n))
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = sum(
        values[c] if values[c] >= values.get(nxt, 0) else -values[c] for c, nxt in zip(n, n[1:] + " ", strict=True)
    )
    return (0, total)


def test_source_pages_list_locators_in_page_order_without_repeats(real_site):
    checked = 0
    for built in sorted((real_site / "sources").glob("*/index.html")):
        for item in article(built).items:
            if " — s. " not in item:
                continue
            locators = item.split(" — ", 1)[1].split(", s. ")
            locators = [loc if loc.startswith("s. ") else f"s. {loc}" for loc in locators]
            assert len(set(locators)) == len(locators), (built.parent.name, item)
            assert [page_order(x) for x in locators] == sorted(page_order(x) for x in locators), item
            checked += 1
    assert checked > 300  # every list on every source page, not a handful


def test_no_bibliography_key_is_printed_raw_on_a_source_page(real_site):
    keys = re.compile(r"\b(" + "|".join(map(re.escape, BIB_KEYS)) + r")\b")
    raw = {
        (built.parent.name, m[1])
        for built in (real_site / "sources").glob("*/index.html")
        for m in keys.finditer(article(built).visible)
    }
    assert raw == set()


def test_the_source_index_says_which_works_the_site_cites_and_which_only_a_thesis_lists(real_site):
    page = article(real_site / "sources" / "index.html")
    titles = [text for _, text in page.headings]
    assert any(t.startswith("Citeras på webbplatsen") for t in titles)
    assert any("citeras inte här" in t for t in titles)
    assert not re.search(r"\b0 hänvisningar", page.visible)
