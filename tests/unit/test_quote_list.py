"""A page's quote list is written as HTML (cheap to parse) and must be what Python-Markdown makes of
the same list written in Markdown, glossary tooltips included: the real library is the oracle."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from kb import links
from kb.model import Page, PageKind, load
from kb.site.analysis import Site, analyse
from kb.site.render import finished, own_term, render_page
from support import ROOT, make_project

QUOTE_LIST = re.compile(r'<ul class="kb-quotes">\n.*?</ul>', re.S)
DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]+)\]: (?P<tooltip>.*)$", re.M)


@pytest.fixture(scope="module")
def converter() -> markdown.Markdown:
    """Python-Markdown with the site's own extensions and their settings (mkdocs.yml)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def _as_markdown(site: Site, here: str, quotes: list[Page], definitions: str) -> str:
    """The list as an author would write it in Markdown, with the page's glossary definitions."""
    items = []
    for q in quotes:
        where = f"{q.meta['speaker']}, {site.study_label(str(q.meta['study']))}, {q.meta['locator']}"
        url = links.served_url(here, q.site_path)
        items.append(f"- [{q.title}]({url}) — {where}  \n  *”{site.excerpts[q.site_path]}”*")
    return "\n".join(items) + "\n\n" + definitions


def _listed(site: Site, page: Page) -> list[Page]:
    if page.kind == PageKind.CONCEPT:
        return site.quotes_by_concept.get(page.id, [])
    return site.quotes_by_study.get(str(page.meta.get("study")), [])


def _fixture_with_terms(target: Path) -> Path:
    """The fixture project, its quote titled and worded with glossary terms in several shapes."""
    project = make_project(target)
    quote = project / "docs" / "quotes" / "lundgren2022-01.md"
    text = re.sub(r"^title: .*$", "title: Handlingsutrymme i vardagen", quote.read_text("utf-8"), count=1, flags=re.M)
    words = "Mitt handlingsutrymme som gräsrotsbyråkrat, Handlingsutrymme-frågor, handlingsutrymmet & NPM "
    quote.write_text(re.sub(r"^> IP: ", f"> IP: {words}", text, count=1, flags=re.M), encoding="utf-8")
    return project


@pytest.mark.parametrize("where", ["real site", "fixture with terms"])
def test_quote_lists_are_the_html_python_markdown_makes_of_them(
    converter: markdown.Markdown, where: str, tmp_path: Path
) -> None:
    root = ROOT if where == "real site" else _fixture_with_terms(tmp_path / "project")
    site = analyse(load(root))
    compared = tooltips = 0
    for page in site.kb.pages:
        quotes = _listed(site, page) if page.kind in (PageKind.CONCEPT, PageKind.STUDY) else []
        if not quotes:
            continue
        page_markdown = finished(site, render_page(site, page), own_term(page))
        html = converter.reset().convert(page_markdown)
        written = QUOTE_LIST.findall(html)
        assert len(written) == 1, page.site_path
        definitions = "\n\n".join(m[0] for m in DEFINITION.finditer(page_markdown))
        oracle = converter.reset().convert(_as_markdown(site, page.site_path, quotes, definitions))
        assert written[0].replace(' class="kb-quotes"', "") == oracle, page.site_path
        compared += 1
        tooltips += oracle.count("<abbr ")
    assert compared >= 2 and tooltips > 0, (compared, tooltips)  # some lists, with tooltips in them


def test_a_quote_list_shows_titles_and_words_as_written(tmp_path: Path) -> None:
    """Markup characters in a title or an excerpt are text, not Markdown or HTML."""
    project = make_project(tmp_path / "project")
    quote = next((project / "docs" / "quotes").glob("*-*.md"))
    text = quote.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", "title: Regler & <b>undantag</b> *ibland*", text, count=1, flags=re.M)
    text = re.sub(r"^> ", "> a < b & *c* ", text, count=1, flags=re.M)
    quote.write_text(text, encoding="utf-8")
    site = analyse(load(project))
    study = next(p for p in site.kb.of_kind(PageKind.STUDY) if str(p.meta.get("study")) in quote.name)
    listing = QUOTE_LIST.search(render_page(site, study))
    assert listing is not None
    assert "Regler &amp; &lt;b&gt;undantag&lt;/b&gt; *ibland*</a>" in listing[0]
    assert "<em>”a &lt; b &amp; *c* " in listing[0]


def test_a_concepts_own_name_gets_no_tooltip_in_its_quote_list() -> None:
    site = analyse(load(ROOT))
    terms = site.glossary_terms[0]
    checked = 0
    for concept in site.kb.of_kind(PageKind.CONCEPT):
        own = {term for term, (cid, _) in terms.items() if cid == concept.id}
        listing = QUOTE_LIST.search(finished(site, render_page(site, concept), own_term(concept)))
        if listing is None:
            continue
        titled = set(re.findall(r'<abbr title="[^"]*">([^<]+)</abbr>', listing[0]))
        assert not titled & own, concept.id
        checked += any(term in listing[0] for term in own)  # the name occurs, untooltipped
    assert checked > 0
