"""Browser tests: the built site in Debian's Chromium, driven by Playwright, checked with axe-core."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from browsing import ARTIFACTS
from support import ROOT

pytestmark = pytest.mark.browser


def test_search_finds_handlingsutrymme(page: Page, origin: str):
    page.goto(f"{origin}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # typed key by key, as a student types: Material reads the query on keyup (or when its search
    # worker gets ready), so a fill() after the worker was ready searched for nothing
    page.locator("input.md-search__input").press_sequentially("handlingsutrymme", delay=10)
    result = page.locator(".md-search-result__item a", has_text="Handlingsutrymme").first
    expect(result).to_be_visible(timeout=15000)
    result.click()
    expect(page).to_have_url(re.compile(re.escape(f"{origin}/concepts/handlingsutrymme/")), timeout=10000)


def test_concept_page_lists_its_quotes(page: Page, origin: str):
    page.goto(f"{origin}/concepts/handlingsutrymme/")
    expect(page.locator("h1")).to_contain_text("Handlingsutrymme")
    heading = page.locator("h2#citat-som-belyser-begreppet")
    expect(heading).to_be_visible()
    quote_links = page.locator("article a[href*='/quotes/']")
    assert quote_links.count() >= 5
    quote_links.first.click()
    expect(page.locator("blockquote").first).to_be_visible()
    expect(page.locator("article a[href*='/concepts/handlingsutrymme/']").first).to_be_visible()


def test_concept_map_renders_and_navigates(page: Page, origin: str):
    from kb.model import load

    page.goto(f"{origin}/karta/")
    nodes = page.locator("svg.kb-graph a.kb-node")
    expect(nodes.first).to_be_visible(timeout=15000)
    assert nodes.count() == len(load(ROOT).concepts)
    assert page.locator("svg.kb-graph line").count() > 0
    page.locator("svg.kb-graph a.kb-node[data-id='governmentality'] .kb-node__dot").click()
    expect(page).to_have_url(f"{origin}/concepts/governmentality/", timeout=10000)


def test_source_page_lists_citing_pages(page: Page, origin: str):
    page.goto(f"{origin}/sources/lipsky1980/")
    expect(page.locator("h1")).to_contain_text("Lipsky 1980")
    assert page.locator("article a[href*='/concepts/']").count() >= 3


@pytest.mark.parametrize(
    "path", ["/", "/concepts/handlingsutrymme/", "/quotes/lundgren2022-01/", "/sources/lipsky1980/", "/karta/"]
)
def test_no_serious_accessibility_violations(page: Page, origin: str, path: str):
    page.goto(f"{origin}{path}")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe{path.strip('/').replace('/', '-') or '-home'}.txt").write_text(
        results.generate_report(), encoding="utf-8"
    )
    assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in serious)
