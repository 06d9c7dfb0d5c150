"""The tuned search index: plain spellings for words with diacritics, the guide ranked last."""

from __future__ import annotations

from kb.site import search


def index(*docs: dict[str, str]) -> dict:
    fields = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}
    return {"config": {"lang": ["sv"], "fields": fields}, "docs": [dict(d) for d in docs]}


def test_words_with_diacritics_get_their_plain_form_hidden_in_the_text():
    doc = {"location": "concepts/x/", "title": "Gräsrotsbyråkrat", "text": "<p>En <em>tjänsteman</em> på fältet.</p>"}
    tuned = search.tune(index(doc))["docs"][0]
    assert tuned["title"] == 'Gräsrotsbyråkrat <span class="kb-folded" hidden>Grasrotsbyrakrat</span>'
    assert tuned["text"] == (
        '<p>En <em>tjänsteman</em> på fältet.</p> <span class="kb-folded" hidden>tjansteman pa faltet</span>'
    )


def test_a_document_without_diacritics_is_left_as_it_is():
    doc = {"location": "sources/lipsky2010/", "title": "Lipsky 2010", "text": "<p>Street-Level Bureaucracy</p>"}
    assert search.tune(index(doc))["docs"][0] == doc


def test_entities_and_tags_are_read_as_text():
    assert search.folded_words("<p>Bäckman &amp; Åberg, <b>naïve</b> café</p>") == ("Backman", "Aberg", "naive", "cafe")


def test_the_guide_ranks_below_students_content_and_tags_below_titles():
    tuned = search.tune(
        index(
            {"location": "guide/felkoder/", "title": "Felkoder", "text": ""},
            {"location": "", "title": "Start", "text": ""},
        )
    )
    assert tuned["docs"][0]["boost"] < 1 and "boost" not in tuned["docs"][1]
    fields = tuned["config"]["fields"]
    assert fields["tags"]["boost"] < fields["title"]["boost"]
