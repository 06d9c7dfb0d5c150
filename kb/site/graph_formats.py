"""The concept graph in the forms standard tools load as they are.

- node-link JSON for networkx (`nx.node_link_graph`): the edge list is given under both keys
  networkx has used by default, "links" (up to 3.5) and "edges" (3.6 on), so any version loads it;
- Cytoscape.js `elements` JSON (also Cytoscape desktop's .cyjs): our group goes in `data.theorist`,
  since `group` is reserved by Cytoscape for "nodes"/"edges";
- GraphML for Gephi, yEd and Cytoscape.
Edges: `related` (what the concept pages state) and `cooccurrence` (coded on the same quote).
"""

from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET

from kb.site import paths
from kb.site.analysis import Site
from kb.site.graph import graph

NODE_LINK = paths.NODE_LINK
CYTOSCAPE = paths.CYTOSCAPE
GRAPHML = paths.GRAPHML
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
COMPACT = (",", ":")  # no indentation: json then encodes in C, several times faster on a large site


Nodes = list[dict[str, object]]
Edges = list[dict[str, object]]


def _nodes_and_edges(site: Site) -> tuple[Nodes, Edges]:
    data = graph(site)
    nodes = [
        {
            "id": n["id"],
            "label": n["label"],
            "label_en": n["label_en"],
            "theorist": n["group"],
            "color": n["color"],
            "quotes": n["quotes"],
            "url": n["url"],
        }
        for n in data["nodes"]  # type: ignore[union-attr]
    ]
    edges = []
    for n, e in enumerate(data["edges"], start=1):  # type: ignore[arg-type]
        edge = {"id": f"e{n}", "source": e["source"], "target": e["target"], "kind": e["kind"]}
        edge["relation" if e["kind"] == "related" else "weight"] = e.get("relation", e.get("weight"))
        edges.append(edge)
    return nodes, edges


def node_link(site: Site) -> str:
    return _node_link(*_nodes_and_edges(site))


def _node_link(nodes: Nodes, edges: Edges) -> str:
    links = [{**{k: v for k, v in e.items() if k != "id"}, "key": e["id"]} for e in edges]
    data = {
        "directed": False,
        "multigraph": True,
        "graph": {"name": "Begreppsbanken – begrepp och relationer"},
        "nodes": nodes,
        "edges": links,
        "links": links,
    }
    return json.dumps(data, ensure_ascii=False, separators=COMPACT)


def cytoscape(site: Site) -> str:
    return _cytoscape(*_nodes_and_edges(site))


def _cytoscape(nodes: Nodes, edges: Edges) -> str:
    elements = {"nodes": [{"data": n} for n in nodes], "edges": [{"data": e} for e in edges]}
    data = {"data": {"name": "Begreppsbanken"}, "elements": elements}
    return json.dumps(data, ensure_ascii=False, separators=COMPACT)


def graphml(site: Site) -> str:
    return _graphml(*_nodes_and_edges(site))


def _graphml(nodes: Nodes, edges: Edges) -> str:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = {
        "node": [
            ("label", "string"),
            ("label_en", "string"),
            ("theorist", "string"),
            ("color", "string"),
            ("quotes", "int"),
            ("url", "string"),
        ],
        "edge": [("kind", "string"), ("relation", "string"), ("weight", "int")],
    }
    for domain, attributes in keys.items():
        for name, kind in attributes:
            key = {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name, "attr.type": kind}
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", key)
    g = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "begrepp", "edgedefault": "undirected"})
    for n in nodes:
        node = ET.SubElement(g, f"{{{GRAPHML_NS}}}node", {"id": str(n["id"])})
        _data(node, "n", n, keys["node"])
    for e in edges:
        edge = ET.SubElement(
            g, f"{{{GRAPHML_NS}}}edge", {"id": str(e["id"]), "source": str(e["source"]), "target": str(e["target"])}
        )
        _data(edge, "e", e, keys["edge"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _data(element: ET.Element, prefix: str, values: dict[str, object], attributes: list[tuple[str, str]]) -> None:
    for name, _ in attributes:
        if values.get(name) is not None:
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": f"{prefix}_{name}"}).text = str(values[name])


def files(site: Site) -> dict[str, str]:
    return dict(_files(json.dumps(_nodes_and_edges(site), ensure_ascii=False, separators=COMPACT)))


@functools.lru_cache(maxsize=1)  # `mkdocs serve`: most edits (a quote's text) leave the graph as it was
def _files(graph_json: str) -> dict[str, str]:
    nodes, edges = json.loads(graph_json)
    return {NODE_LINK: _node_link(nodes, edges), CYTOSCAPE: _cytoscape(nodes, edges), GRAPHML: _graphml(nodes, edges)}
