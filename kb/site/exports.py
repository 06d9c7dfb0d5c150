"""Exports written into the site at build time, so researchers can reuse the concepts.

- a REFI-QDA codebook (.qdc): concepts as codes, one set per theorist, stable GUIDs
  (QualCoder, NVivo, ATLAS.ti and MAXQDA import it)
- CSL-JSON of the bibliography (Zotero and every CSL processor read it)
- the concept graph as JSON (nodes, related and co-occurrence edges)
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

from kb.cache import ContentCache, digest
from kb.citeproc import pandoc_version
from kb.site import paths
from kb.site.analysis import Site, sort_key, summary
from kb.site.graph import GRAPH_JSON, graph, group_of, groups

SCRIPT = "assets/kb-graph.js"
STYLE = "assets/kb.css"
CODEBOOK = "assets/export/begrepp.qdc"
CSL_JSON = "assets/export/bibliografi.json"
QDC_NS = "urn:QDA-XML:codebook:1.0"
GUID_NAMESPACE = uuid.UUID("6f1c1d3e-2b7a-5d4e-9a51-3c2f0b8e7a10")  # this knowledge base's own namespace


def stable_guid(kind: str, ident: str) -> str:
    """The same concept id always gets the same GUID, across builds and machines."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{ident}")).upper()


def codebook_qdc(site: Site) -> str:
    ET.register_namespace("", QDC_NS)
    root = ET.Element(f"{{{QDC_NS}}}CodeBook", {"origin": "Begreppsbanken – teori i socialt arbete"})
    codes = ET.SubElement(root, f"{{{QDC_NS}}}Codes")
    members: dict[str, list[str]] = {}
    for c in sorted(site.kb.concepts.values(), key=lambda p: sort_key(p.title)):
        group = group_of(site, c.meta)
        guid = stable_guid("concept", c.id)
        members.setdefault(group.id, []).append(guid)
        attributes = {"guid": guid, "name": c.title, "isCodable": "true", "color": group.color.upper()}
        code = ET.SubElement(codes, f"{{{QDC_NS}}}Code", attributes)
        description = f"{c.meta.get('title_en', '')}. {site.summaries[c.id]}".strip()
        ET.SubElement(code, f"{{{QDC_NS}}}Description").text = description
    sets = ET.SubElement(root, f"{{{QDC_NS}}}Sets")
    labels = {g.id: g.label for g in groups(site)}
    for group in sorted(members):
        label = labels[group]
        s = ET.SubElement(sets, f"{{{QDC_NS}}}Set", {"guid": stable_guid("set", group), "name": label})
        ET.SubElement(s, f"{{{QDC_NS}}}Description").text = f"Begrepp hos {label}"
        for guid in members[group]:
            ET.SubElement(s, f"{{{QDC_NS}}}MemberCode", {"guid": guid})  # Codebook.xsd: guid, not targetGUID
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def csl_json(bib_path: Path, cache: ContentCache | None = None) -> str:
    """The bibliography as CSL-JSON (converted by pandoc, which the site build has anyway)."""
    import pypandoc

    source = bib_path.read_text(encoding="utf-8")
    convert = lambda: pypandoc.convert_text(source, to="csljson", format="bibtex")  # noqa: E731
    return (cache or ContentCache()).get("csl-json", f"{digest(source)}:{pandoc_version()}", convert)


def _export_page() -> str:
    text = resources.files("kb").joinpath("templates/export.md").read_text(encoding="utf-8")
    return text.format(codebook=CODEBOOK, csl_json=CSL_JSON, graph=GRAPH_JSON)


def _asset(name: str) -> str:
    return resources.files("kb").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def files(site: Site, bibliography_json: str) -> dict[str, str]:
    """Site path -> content of every exported file (*bibliography_json* from `csl_json`)."""
    return {
        paths.EXPORT: _export_page(),
        GRAPH_JSON: json.dumps(graph(site), ensure_ascii=False, indent=1),
        CODEBOOK: codebook_qdc(site),
        SCRIPT: _asset("kb-graph.js"),
        STYLE: _asset("kb.css"),
        CSL_JSON: bibliography_json,
    }
