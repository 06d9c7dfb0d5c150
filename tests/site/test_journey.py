"""The student's journey, in Chromium at desktop and phone size: from a citation to its source, previews
and instant navigation at any address, a concept map usable on a phone, knowing where one is, search."""

from __future__ import annotations

import itertools
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from browsing import ARTIFACTS, DESKTOP, PHONE

pytestmark = pytest.mark.browser


def at(url: str) -> re.Pattern[str]:
    """The page at *url*; Material's navigation.tracking may add the heading scrolled to ("#…")."""
    return re.compile(re.escape(url) + r"(#[\w-]*)?$")


SIZES = pytest.mark.parametrize("page", [DESKTOP, PHONE], indirect=True, ids=["desktop", "phone"])


# --- citations ---------------------------------------------------------------------------


def test_a_citation_click_lands_on_its_source_page(page: Page, origin: str):
    page.goto(f"{origin}/concepts/handlingsutrymme/")
    citation = page.locator("article p a[href*='/sources/']").first
    shown = citation.inner_text()  # "Lipsky 1980, s. 13 f."
    assert re.match(r"[A-ZÅÄÖ].* \d{4}", shown)
    citation.hover()  # the full reference shows on hover
    author = shown.split(" ")[0]
    expect(page.locator(".md-tooltip2--active")).to_contain_text(re.compile(rf"{author}, \w+.*\(\d{{4}}"))
    citation.click()
    expect(page).to_have_url(re.compile(r"/sources/[a-z0-9-]+/(#[a-z0-9-]*)?$"))
    expect(page.locator("article h1")).to_have_text(re.compile(re.escape(shown.split(",")[0])))


def test_body_text_has_no_footnote_superscripts_and_ends_with_linked_references(page: Page, origin: str):
    page.goto(f"{origin}/quotes/lundgren2022-01/")
    assert page.locator("article sup").count() == 0
    assert page.locator("article .footnote").count() == 0
    headings = page.locator("article h2").all_inner_texts()
    assert headings[-1].strip().rstrip("¶").strip() == "Referenser"
    entries = page.locator("article ul.kb-references li a")
    assert entries.count() >= 2
    entries.first.click()
    expect(page).to_have_url(re.compile(r"/sources/[a-z0-9-]+/(#[a-z0-9-]*)?$"))


# --- previews and instant navigation wherever the site is served -----------------------------


def test_a_preview_appears_and_navigation_is_instant_under_a_sub_path_on_another_port(page: Page, sub_path_origin: str):
    """The build's site_url is http://localhost:8000/; here the site is at 127.0.0.1:<other port>/begreppsbanken/."""
    assert ":8000" not in sub_path_origin
    page.goto(f"{sub_path_origin}/concepts/handlingsutrymme/")
    link = page.locator("article p a[href*='/concepts/grasrotsbyrakrat/']").first
    link.hover()
    preview = page.locator(".md-tooltip2", has_text="Gräsrotsbyråkrat")
    expect(preview.first).to_be_visible(timeout=10000)
    page.evaluate("window.kbSamePage = true")
    link.click()
    expect(page).to_have_url(at(f"{sub_path_origin}/concepts/grasrotsbyrakrat/"))
    expect(page.locator("article h1")).to_have_text(re.compile("Gräsrotsbyråkrat"))
    assert page.evaluate("window.kbSamePage === true")  # no full reload: instant navigation


# --- the concept map -------------------------------------------------------------------------


def _map_state(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const shown = [...document.querySelectorAll('.kb-node__label')]
            .filter(t => t.getAttribute('visibility') !== 'hidden');
          const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
          return {
            labels: shown.map(t => ({...box(t.getBoundingClientRect()),
                                     font: parseFloat(getComputedStyle(t).fontSize)})),
            targets: [...document.querySelectorAll('.kb-node__hit')].map(c => box(c.getBoundingClientRect())),
            nodes: [...document.querySelectorAll('.kb-node__dot')].map(c => box(c.getBoundingClientRect())),
            svg: box(document.querySelector('svg.kb-graph').getBoundingClientRect()),
          };
        }"""
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and (a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5)
    )


@pytest.mark.parametrize("page", [PHONE, DESKTOP], indirect=True, ids=["phone", "desktop"])
def test_the_map_is_readable_after_zoom_to_fit_and_can_be_zoomed(page: Page, origin: str):
    page.goto(f"{origin}/karta/")
    expect(page.locator("svg.kb-graph a.kb-node").first).to_be_attached(timeout=15000)
    page.get_by_role("button", name="Visa hela kartan").click()
    state = _map_state(page)
    assert len(state["labels"]) >= 10
    assert min(label["font"] for label in state["labels"]) >= 11
    assert min(label["h"] for label in state["labels"]) >= 11
    assert min(min(t["w"], t["h"]) for t in state["targets"]) >= 24
    collisions = [(a, b) for a, b in itertools.combinations(state["labels"], 2) if _overlap(a, b)]
    assert collisions == []
    svg = state["svg"]
    for label in state["labels"]:  # not cut off at the map's edges
        assert svg["x"] <= label["x"] and label["x"] + label["w"] <= svg["x"] + svg["w"] + 0.5
    page.get_by_role("button", name="Zooma in").click()
    page.get_by_role("button", name="Zooma in").click()
    zoomed = _map_state(page)
    spread = lambda s: max(n["x"] for n in s["nodes"]) - min(n["x"] for n in s["nodes"])  # noqa: E731
    assert spread(zoomed) > 1.5 * spread(state)
    assert min(label["font"] for label in zoomed["labels"]) >= 11
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("svg.kb-graph").screenshot(path=str(ARTIFACTS / f"map-zoomed-{page.viewport_size['width']}.png"))


def test_the_map_works_from_the_keyboard_with_tooltips(page: Page, origin: str):
    page.goto(f"{origin}/karta/")
    svg = page.locator("svg.kb-graph")
    expect(svg.locator("a.kb-node").first).to_be_attached(timeout=15000)
    svg.focus()
    before = page.locator(".kb-node__dot").first.bounding_box()
    page.keyboard.press("+")
    page.keyboard.press("ArrowLeft")
    after = page.locator(".kb-node__dot").first.bounding_box()
    assert before and after and (after["x"], after["width"]) != (before["x"], before["width"])
    page.keyboard.press("Tab")  # into the first concept
    focused = page.evaluate("document.activeElement.getAttribute('data-id')")
    assert focused
    tip = page.locator(".kb-map__tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(re.compile(r"\w+ .{20,}"))  # the one-line definition
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "kb-map-tip"
    page.keyboard.press("Enter")
    expect(page).to_have_url(at(f"{origin}/concepts/{focused}/"))


def test_the_map_page_lists_every_concept_without_the_map(page: Page, origin: str):
    page.goto(f"{origin}/karta/")
    nodes = page.locator("svg.kb-graph a.kb-node")
    expect(nodes.first).to_be_attached(timeout=15000)
    listed = page.locator("h2#begreppen-i-listform ~ ul a[href*='/concepts/']")
    assert listed.count() == nodes.count()


@SIZES
def test_a_concept_page_has_a_local_graph_of_its_neighbours(page: Page, origin: str):
    page.goto(f"{origin}/concepts/handlingsutrymme/")
    graph = page.locator(".kb-local")
    expect(graph).to_be_visible()
    assert graph.locator(".kb-local__left a[href*='/concepts/']").count() >= 3
    assert graph.locator(".kb-local__right a[href*='/quotes/']").count() >= 3
    sizes = graph.locator("a").evaluate_all("as => as.map(a => parseFloat(getComputedStyle(a).fontSize))")
    assert min(sizes) >= 11
    graph.locator(".kb-local__right a").first.click()
    expect(page).to_have_url(re.compile(r"/quotes/[a-z0-9-]+/(#[a-z0-9-]*)?$"))


# --- where am I ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/concepts/handlingsutrymme/", "Begrepp"),
        ("/quotes/backman2021-03/", "Citat"),
        ("/sources/lipsky1980/", "Källor"),
    ],
)
def test_every_page_shows_where_it_belongs(page: Page, origin: str, path: str, section: str):
    page.goto(f"{origin}{path}")
    crumbs = page.locator("nav.md-path a")
    assert crumbs.all_inner_texts()[-2:] == ["Start", section] or [t.strip() for t in crumbs.all_inner_texts()] == [
        "Start",
        section,
    ]
    active = page.locator(".md-sidebar--primary .md-nav__item--active > a").first
    expect(active).to_have_text(re.compile(section))
    if page.viewport_size["width"] >= 1220:  # the sidebar is shown: the listing stands out from its siblings
        other = page.locator(".md-sidebar--primary .md-nav__item:not(.md-nav__item--active) > a").first
        assert active.evaluate("a => getComputedStyle(a).fontWeight") != other.evaluate(
            "a => getComputedStyle(a).fontWeight"
        )


def test_quotes_of_a_study_lead_to_the_previous_and_next(page: Page, origin: str):
    page.goto(f"{origin}/quotes/backman2021-02/")
    pager = page.locator("article .kb-pager")
    expect(pager).to_contain_text("Citat 2 av")
    pager.get_by_role("link").last.click()
    expect(page).to_have_url(at(f"{origin}/quotes/backman2021-03/"))
    expect(page.locator("article .kb-pager")).to_contain_text("Citat 3 av")


# --- search ----------------------------------------------------------------------------------


def _search(page: Page, origin: str, query: str) -> list[str]:
    page.goto(f"{origin}/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=10)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ sökresultat"), timeout=15000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return [re.sub(r"\?h=.*$", "", h).removeprefix(origin) for h in hrefs]


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        ("grasrotsbyrakrat", "/concepts/grasrotsbyrakrat/", 1),  # typed without å, ä, ö
        ("framtradande", "/concepts/framtradande/", 1),
        ("makt och motstand", "/concepts/makt-och-motstand/", 1),
        ("gräsrotsbyråkrat", "/concepts/grasrotsbyrakrat/", 1),
        ("Lipsky 2010", "/sources/lipsky2010/", 3),
        ("Bäckman 2021", "/sources/backman2021/", 3),
        ("handlingsutrymme", "/concepts/handlingsutrymme/", 1),
        ("discretion", "/concepts/handlingsutrymme/", 1),
    ],
)
def test_search_puts_the_expected_page_near_the_top(page: Page, origin: str, query: str, expected: str, within: int):
    results = _search(page, origin, query)
    assert expected in results[:within], results[:6]


def test_search_ranks_students_content_before_the_authors_guide(page: Page, origin: str):
    results = _search(page, origin, "discretion")
    guide = [i for i, r in enumerate(results) if "/guide/" in r]
    students = [i for i, r in enumerate(results) if "/guide/" not in r]
    assert students and (not guide or min(guide) > max(students)), results


def test_hidden_plain_spellings_do_not_show_in_results(page: Page, origin: str):
    _search(page, origin, "grasrotsbyrakrat")
    shown = " ".join(page.locator(".md-search-result__article").all_inner_texts())
    assert "Gräsrotsbyråkrat" in shown
    assert "grasrotsbyrakrat" not in shown.lower()  # titles and teasers show the word as written


# --- screenshots and accessibility at both sizes ---------------------------------------------

PAGES = {
    "home": "/",
    "concept": "/concepts/handlingsutrymme/",
    "quote": "/quotes/lundgren2022-01/",
    "source": "/sources/lipsky1980/",
    "map": "/karta/",
}


@SIZES
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot_and_no_serious_accessibility_violation(page: Page, origin: str, name: str):
    page.goto(f"{origin}{PAGES[name]}")
    page.wait_for_load_state("networkidle")
    width = page.viewport_size["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=False)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    (ARTIFACTS / f"axe-{name}-{width}.txt").write_text(results.generate_report(), encoding="utf-8")
    assert serious == [], "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in serious)
