"""Exports: the REFI-QDA codebook is valid against Codebook 1.0; CSL-JSON and graph are complete."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import xmlschema

from kb import enrich, exports
from kb.model import load
from support import ROOT

NS = {"q": exports.QDC_NS}
GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\Z")
SITE = enrich.analyse(load(ROOT))
CODEBOOK_XSD = xmlschema.XMLSchema(ROOT / "tests" / "data" / "refi-qda-codebook-1.0.xsd")


def test_codebook_is_valid_against_the_codebook_xsd():
    CODEBOOK_XSD.validate(exports.codebook_qdc(SITE))  # raises with the failing path and reason


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (('<MemberCode guid="', '<MemberCode targetGUID="'), "missing required attribute 'guid'"),
        (('isCodable="true"', 'isCodable="ja"'), "isCodable"),
        (('color="#', 'color="'), "color"),
        (("<Codes>", '<Sets><Set guid="{0}" name="x"/></Sets><Codes>'), "Sets"),
    ],
)
def test_the_xsd_rejects_broken_codebooks(broken, reason):
    """The schema check can fail: each mutation of a valid codebook is rejected."""
    old, new = broken
    text = exports.codebook_qdc(SITE).replace(old, new.format(exports.stable_guid("set", "x")), 1)
    errors = [str(e) for e in CODEBOOK_XSD.iter_errors(text)]
    assert errors and any(reason in e for e in errors), errors[:1]


def test_codebook_follows_the_codebook_schema_rules():
    root = ET.fromstring(exports.codebook_qdc(SITE))
    assert root.tag == f"{{{exports.QDC_NS}}}CodeBook" and root.get("origin")
    assert [child.tag.split("}")[1] for child in root] == ["Codes", "Sets"]  # xsd:sequence order
    codes = root.findall("q:Codes/q:Code", NS)
    assert len(codes) == len(SITE.kb.concepts)
    guids = set()
    for code in codes:
        assert GUID.match(code.get("guid", "")), code.attrib
        assert code.get("name") and code.get("isCodable") in ("true", "false")
        assert re.fullmatch(r"#[0-9A-F]{6}", code.get("color", ""))
        assert [c.tag.split("}")[1] for c in code] == ["Description"]
        guids.add(code.get("guid"))
    assert len(guids) == len(codes)
    for s in root.findall("q:Sets/q:Set", NS):
        assert GUID.match(s.get("guid", "")) and s.get("name")
        members = [m.get("guid") for m in s.findall("q:MemberCode", NS)]
        assert members and set(members) <= guids
    set_names = {s.get("name") for s in root.findall("q:Sets/q:Set", NS)}
    assert {"Lipsky", "Goffman", "Foucault"} <= set_names


def test_guids_are_stable():
    assert exports.stable_guid("concept", "handlingsutrymme") == exports.stable_guid("concept", "handlingsutrymme")
    assert exports.stable_guid("concept", "handlingsutrymme") != exports.stable_guid("concept", "governmentality")
    first = exports.codebook_qdc(SITE)
    assert first == exports.codebook_qdc(enrich.analyse(load(ROOT)))


def test_csl_json_has_every_entry():
    items = json.loads(exports.csl_json(ROOT / "bibliography.bib"))
    assert {item["id"] for item in items} == set(SITE.kb.bib.entries)
    lipsky = next(i for i in items if i["id"] == "lipsky1980")
    assert lipsky["author"][0]["family"] == "Lipsky" and lipsky["type"] == "book"


def test_graph_has_nodes_for_concepts_and_valid_edges():
    data = enrich.graph(SITE)
    ids = {n["id"] for n in data["nodes"]}
    assert ids == set(SITE.kb.concepts)
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert any(e["kind"] == "cooccurrence" for e in data["edges"])


def test_generated_site_paths_match_the_pages_the_build_generates():
    """kb.model lists the generated pages for link checking; it must agree with what is generated."""
    from kb.model import generated_site_paths

    generated = set(enrich.generated_pages(SITE, {})) | {p for p in exports.files(SITE, "[]") if p.endswith(".md")}
    assert generated_site_paths(SITE.kb) == generated


def test_map_page_lists_the_most_frequent_pairs_and_points_to_the_rest(monkeypatch):
    """A large site has tens of thousands of concept pairs: the page shows the top ones, the JSON all."""
    pairs = sorted(SITE.cooccurrence.values(), reverse=True)
    assert len(pairs) > 3
    monkeypatch.setattr(enrich, "MAX_PAIRS", 3)
    page = enrich.generated_pages(SITE, {})["karta.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert [int(row.rsplit("|", 2)[1]) for row in rows] == pairs[:3]
    assert f"De 3 vanligaste av {len(pairs)} begreppspar" in page and enrich.GRAPH_JSON in page
    monkeypatch.setattr(enrich, "MAX_PAIRS", len(pairs))
    full = enrich.generated_pages(SITE, {})["karta.md"]
    assert len([line for line in full.splitlines() if line.startswith("| [")]) == len(pairs)
    assert "vanligaste" not in full
