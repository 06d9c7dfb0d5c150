"""The page model of the theses lands exactly on every page the texts themselves state.

Anchors: Bäckman's two printed page numbers (24, 25); every heading of Lundgren's table of
contents. In any clone the committed fingerprint is checked; with the seed texts present, the
anchors are read from the texts again and the fingerprint must be current.
"""

from __future__ import annotations

import re

from tools import fingerprint, seeds


def test_every_anchor_is_on_its_page(theses):
    for study, thesis in theses.items():
        assert thesis.anchors, f"{study}: no anchors in the fingerprint"
        for word, page, what in thesis.anchors:
            assert thesis.page_of_word(word) == (page, page), f"{study}: {what} at word {word} is not on s. {page}"


def test_anchors_cover_both_theses(theses):
    assert [page for _, page, _ in theses["backman2021"].anchors] == [24, 25]
    assert len(theses["lundgren2022"].anchors) == 33  # every table-of-contents entry


def test_pages_rise_one_at_a_time(theses):
    """Through the body; the appendices may skip a page the fingerprint leaves out (Bäckman's letter)."""
    for study, thesis in theses.items():
        numbered = [(first, last) for _, first, last in thesis.page_runs if 0 < first < 45]
        for (a, b), (c, d) in zip(numbered, numbered[1:], strict=False):
            assert c >= a and d >= b and c <= b + 1, f"{study}: pages jump from {a}–{b} to {c}–{d}"


def test_fingerprint_is_current(seed_texts):
    committed = fingerprint.FINGERPRINT.read_text(encoding="utf-8")
    assert committed == fingerprint.dumps(fingerprint.build()), "run `python -m tools.fingerprint` and commit"


def test_model_lands_on_the_printed_page_numbers(seed_texts):
    """Read independently of the model: lines holding only a number, after ' 1.Inledning'."""
    text = seeds.seed_text("backman2021")
    body = text.index("\n 1.Inledning")
    printed = [(m.start(), int(m.group(1))) for m in re.finditer(r"^(\d{1,3})$", text, re.M) if m.start() > body]
    assert [n for _, n in printed] == [24, 25]
    for offset, n in printed:
        assert seeds.page_at("backman2021", offset) == (n, n)


def test_model_lands_on_the_table_of_contents(seed_texts):
    """Read independently of the model: each 'Heading.....<tab>page' line, then the heading in the body."""
    text = seeds.seed_text("lundgren2022")
    contents = text[text.index("Innehållsförteckning") : text.index("\nInledning\n")]
    entries = re.findall(r"^(?:<i>)?(.+?)(?:</i>)?\.*\t(\d+)$", contents, re.M)
    assert len(entries) == 33
    cursor = text.index("\nInledning\n")
    for title, page in entries:
        heading = re.compile(rf"^{re.escape(title)}\w*$", re.M).search(text, cursor)
        assert heading, title
        assert seeds.page_at("lundgren2022", heading.start()) == (int(page), int(page)), title
        cursor = heading.end()


def test_page_capacity_bound_leaves_headroom(seed_texts):
    """The capacity bound is 15 % above the fullest page the evidence marks off at both ends."""
    text = seeds.seed_text("lundgren2022")
    paragraphs = seeds.lundgren_paragraphs(text)
    cuts = [
        i for i, (a, b) in enumerate(zip(paragraphs, paragraphs[1:], strict=False)) if seeds.visible_break_after(a, b)
    ]
    whole_pages = [sum(len(p.text) for p in paragraphs[a + 1 : b + 1]) for a, b in zip(cuts, cuts[1:], strict=False)]
    fullest = max(size for size in whole_pages if size < 3500)  # two-page stretches are longer
    assert fullest * 1.15 <= seeds.PAGE_CAPACITY <= fullest * 1.2
