"""Exports: the REFI-QDA codebook is valid against Codebook 1.0; CSL-JSON and graph are complete."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import jsonschema
import networkx as nx
import pytest
import xmlschema

from kb import syntax
from kb.model import KnowledgeBase, load
from kb.site import exports, graph, graph_formats, listings, paths
from kb.site.analysis import Site, analyse, sort_key
from support import ROOT

NS = {"q": exports.QDC_NS}
GUID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\Z")


@pytest.fixture(scope="module")
def site(kb: KnowledgeBase) -> Site:
    return analyse(kb)


@pytest.fixture(scope="module")
def codebook_xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(ROOT / "tests" / "data" / "refi-qda-codebook-1.0.xsd")


def test_codebook_is_valid_against_the_codebook_xsd(site, codebook_xsd):
    codebook_xsd.validate(exports.codebook_qdc(site))  # raises with the failing path and reason


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (('<MemberCode guid="', '<MemberCode targetGUID="'), "missing required attribute 'guid'"),
        (('isCodable="true"', 'isCodable="ja"'), "isCodable"),
        (('color="#', 'color="'), "color"),
        (("<Codes>", '<Sets><Set guid="{0}" name="x"/></Sets><Codes>'), "Sets"),
    ],
)
def test_the_xsd_rejects_broken_codebooks(site, codebook_xsd, broken, reason):
    """The schema check can fail: each mutation of a valid codebook is rejected."""
    old, new = broken
    text = exports.codebook_qdc(site).replace(old, new.format(exports.stable_guid("set", "x")), 1)
    errors = [str(e) for e in codebook_xsd.iter_errors(text)]
    assert errors and any(reason in e for e in errors), errors[:1]


def test_codebook_follows_the_codebook_schema_rules(site):
    root = ET.fromstring(exports.codebook_qdc(site))
    assert root.tag == f"{{{exports.QDC_NS}}}CodeBook" and root.get("origin")
    assert [child.tag.split("}")[1] for child in root] == ["Codes", "Sets"]  # xsd:sequence order
    codes = root.findall("q:Codes/q:Code", NS)
    assert len(codes) == len(site.kb.concepts)
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


def test_guids_are_stable(site, tmp_path):
    """A concept keeps its GUID across builds, machines and versions (so a codebook can be updated)."""
    assert exports.stable_guid("concept", "handlingsutrymme") == "46BFE52A-30E2-5446-A959-0BEC8F2E0D9B"
    assert exports.stable_guid("concept", "handlingsutrymme") != exports.stable_guid("concept", "governmentality")
    for part in ("concepts", "docs", "bibliography.bib"):  # the same content at another path
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    assert exports.codebook_qdc(analyse(load(tmp_path))) == exports.codebook_qdc(site)


@pytest.fixture(scope="module")
def csl_items(site) -> list[dict]:
    return json.loads(exports.csl_json(site.kb.bib, ROOT / "bibliography.bib"))


def test_csl_json_has_every_entry(site, csl_items):
    items = csl_items
    assert {item["id"] for item in items} == set(site.kb.bib.entries)
    lipsky = next(i for i in items if i["id"] == "lipsky1980")
    assert lipsky["author"][0]["family"] == "Lipsky" and lipsky["type"] == "book"


def test_graph_has_nodes_for_concepts_and_valid_edges(site):
    data = graph.graph(site)
    ids = {n["id"] for n in data["nodes"]}
    assert ids == set(site.kb.concepts)
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert any(e["kind"] == "cooccurrence" for e in data["edges"])


def test_generated_site_paths_match_the_pages_the_build_generates(site):
    """The link check's list of generated pages is the list of pages the build emits, in order."""
    generated = [*listings.listing_pages(site, {}), *(p for p in exports.files(site, "[]") if p.endswith(".md"))]
    assert paths.generated_pages(site.kb) == generated


def test_map_page_lists_the_most_frequent_pairs_and_points_to_the_rest(site, monkeypatch):
    """A large site has tens of thousands of concept pairs: the page shows the top ones, the JSON all."""
    pairs = sorted(site.cooccurrence.values(), reverse=True)
    assert len(pairs) > 3
    monkeypatch.setattr(listings, "MAX_PAIRS", 3)
    page = listings.listing_pages(site, {})[paths.MAP]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert [int(row.rsplit("|", 2)[1]) for row in rows] == pairs[:3]
    assert f"De 3 vanligaste av {len(pairs)} begreppspar" in page and graph.GRAPH_JSON in page
    monkeypatch.setattr(listings, "MAX_PAIRS", len(pairs))
    full = listings.listing_pages(site, {})[paths.MAP]
    assert len([line for line in full.splitlines() if line.startswith("| [")]) == len(pairs)
    assert "vanligaste" not in full


# --- CSL-JSON against the official schema --------------------------------------------

CSL_SCHEMA = ROOT / "tests" / "data" / "csl-data.json"
# The official schema: citation-style-language/schema, schemas/input/csl-data.json at commit
# e3ce254a72c4470a5ed3b9d23b428017d25674e9 (MIT licence: tests/data/csl-schema-LICENSE.txt).
CSL_SCHEMA_BLOB = "ab52447266f77d4794830da35f89e4cc6cb0f1df"


def test_the_vendored_csl_schema_is_the_official_file():
    data = CSL_SCHEMA.read_bytes()
    assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == CSL_SCHEMA_BLOB


def test_csl_json_is_valid_against_the_official_schema(csl_items):
    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    errors = [f"{e.path}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(csl_items)]
    assert errors == []


def test_the_schema_check_can_fail(csl_items):
    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    broken = [{**csl_items[0], "type": ""}]
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


# --- the codebook for Taguette --------------------------------------------------------


def test_taguette_reads_the_csv_codebook_with_its_own_importer(site):
    from taguette.import_codebook import list_tags

    tags = list_tags(io.BytesIO(exports.taguette_csv(site).encode("utf-8")))
    assert [t["path"] for t in tags] == sorted((c.title for c in site.kb.concepts.values()), key=sort_key)
    assert all(t["description"] for t in tags)


def test_code_descriptions_are_whole_definitions_with_concept_titles(site):
    for concept in site.kb.concepts.values():
        text = exports.description(site, concept)
        assert "[[" not in text and not text.endswith("…"), concept.id
        definition = syntax.definition(concept.body)
        for link in syntax.WIKILINK.finditer(definition):
            shown = link["text"] or site.titles[link["id"].strip()]
            assert shown.casefold() in text.casefold(), (concept.id, shown)  # mid-sentence in lower case
        last_words = syntax.plain_text(definition).split()[-4:]
        assert " ".join(last_words) in text, concept.id  # not cut short


# --- the graph in standard tools' formats ---------------------------------------------


def test_node_link_graph_loads_in_networkx_old_and_new_defaults(site):
    data = json.loads(graph_formats.node_link(site))
    for edges_key in ("links", "edges"):  # networkx <= 3.5 reads "links" by default, >= 3.6 "edges"
        g = nx.node_link_graph(data, edges=edges_key)
        assert set(g.nodes) == set(site.kb.concepts)
        assert g.number_of_edges() == len(graph.graph(site)["edges"])
    assert nx.node_link_graph(data).number_of_nodes() == len(site.kb.concepts)  # this version's default


def test_graphml_loads_in_networkx(site, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(graph_formats.graphml(site), encoding="utf-8")
    g = nx.read_graphml(path)
    assert set(g.nodes) == set(site.kb.concepts)
    assert g.number_of_edges() == len(graph.graph(site)["edges"])
    node = g.nodes["handlingsutrymme"]
    assert node["label"] == "Handlingsutrymme" and isinstance(node["quotes"], int)


def test_cytoscape_elements_use_only_cytoscapes_element_fields(site):
    data = json.loads(graph_formats.cytoscape(site))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == len(site.kb.concepts)
    for element in nodes + edges:
        assert set(element) == {"data"}  # `group` etc. are Cytoscape's own fields: none are set by us
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(set(edge_ids)) == len(edges) and not set(edge_ids) & set(ids)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)


def test_graph_files_follow_every_change_of_the_graph(tmp_path):
    """The graph files are kept for an unchanged graph (mkdocs serve): a changed concept title or a
    new relation gives new files, equal to those written afresh."""
    shutil.copytree(ROOT / "concepts", tmp_path / "concepts")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "bibliography.bib", tmp_path / "bibliography.bib")
    before = graph_formats.files(analyse(load(tmp_path)))
    concept = tmp_path / "concepts" / "handlingsutrymme.md"
    concept.write_text(concept.read_text(encoding="utf-8").replace("title: Handlingsutrymme", "title: Utrymme", 1))
    changed = analyse(load(tmp_path))
    after = graph_formats.files(changed)
    fresh = {
        graph_formats.NODE_LINK: graph_formats.node_link(changed),
        graph_formats.CYTOSCAPE: graph_formats.cytoscape(changed),
        graph_formats.GRAPHML: graph_formats.graphml(changed),
    }
    assert after == fresh
    assert all(after[name] != before[name] and "Utrymme" in after[name] for name in fresh)
