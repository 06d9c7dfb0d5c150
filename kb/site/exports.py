"""Exports written into the site at build time, so researchers can reuse the concepts.

- a REFI-QDA codebook (.qdc): concepts as codes, one set per theorist, stable GUIDs
  (QualCoder, NVivo, ATLAS.ti and MAXQDA import it)
- a codebook as CSV with the columns tag and description (Taguette imports codebooks so)
- CSL-JSON of the bibliography (Zotero and every CSL processor read it)
- the concept graph for networkx, Cytoscape and Gephi (kb.site.graph_formats)
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

from kb import syntax
from kb.bibliography import Bibliography
from kb.cache import ContentCache, digest
from kb.citeproc import pandoc_version
from kb.model import Page
from kb.site import graph_formats, paths
from kb.site.analysis import Site, sort_key
from kb.site.graph import GRAPH_JSON, graph, group_of, groups

SCRIPT = paths.SCRIPT
STYLE = paths.STYLE
CODEBOOK = paths.CODEBOOK
CSL_JSON = paths.CSL_JSON
TAGUETTE_CSV = paths.TAGUETTE_CSV
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
        ET.SubElement(code, f"{{{QDC_NS}}}Description").text = description(site, c)
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


def description(site: Site, concept: Page) -> str:
    """A code's description: the English term and the whole definition, concept links as their titles."""
    definition = syntax.plain_text(syntax.definition(concept.body), label=site.titles)
    return f"{concept.meta.get('title_en', '')}. {definition}".strip()


def taguette_csv(site: Site) -> str:
    """The codebook as Taguette imports it: a header `tag,description`, one row per concept."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tag", "description"])
    for c in sorted(site.kb.concepts.values(), key=lambda p: sort_key(p.title)):
        writer.writerow([c.title, description(site, c)])
    return out.getvalue()


# A `@misc` entry is a statute, a bill or a regulation by its `entrysubtype` (biblatex has no such
# types that biber's data model accepts); any other `@misc` is a generic document.
CSL_TYPE_OF_SUBTYPE = {"legislation": "legislation", "bill": "bill", "regulation": "regulation"}


def csl_json(bib: Bibliography, bib_path: Path, cache: ContentCache | None = None) -> str:
    """The bibliography as CSL-JSON (converted by pandoc, which the site build has anyway).

    Every item gets a valid CSL type: pandoc leaves `@misc` without one.
    """
    source = bib_path.read_text(encoding="utf-8")
    # kept whole: re-encoding 2,000 entries with indentation cost more than a build's other exports
    # (*bib* is parsed from the same file)
    key = f"{digest(source)}:{pandoc_version()}"
    return (cache or ContentCache()).get("csl-json-export", key, lambda: _csl_json(bib, source))


def _csl_json(bib: Bibliography, source: str) -> str:
    import pypandoc

    items = json.loads(pypandoc.convert_text(source, to="csljson", format="biblatex"))
    for item in items:
        entry = bib.entries.get(item["id"])
        if item.get("type") or entry is None:
            continue
        subtype = entry.fields.get("entrysubtype", "")
        item["type"] = CSL_TYPE_OF_SUBTYPE.get(subtype, "document")
        if subtype in CSL_TYPE_OF_SUBTYPE and entry.fields.get("howpublished"):
            item["number"] = entry.fields["howpublished"]  # "SFS 2001:453", "Prop. 1996/97:124"
            item["publisher"] = entry.fields.get("organization", item.get("publisher", ""))
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _export_page() -> str:
    text = resources.files("kb").joinpath("templates/export.md").read_text(encoding="utf-8")
    return text.format(
        codebook=CODEBOOK,
        taguette=TAGUETTE_CSV,
        csl_json=CSL_JSON,
        node_link=graph_formats.NODE_LINK,
        cytoscape=graph_formats.CYTOSCAPE,
        graphml=graph_formats.GRAPHML,
    )


def _asset(name: str) -> str:
    return resources.files("kb").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def files(site: Site, bibliography_json: str) -> dict[str, str]:
    """Site path -> content of every exported file (*bibliography_json* from `csl_json`)."""
    return {
        paths.EXPORT: _export_page(),
        GRAPH_JSON: json.dumps(graph(site), ensure_ascii=False, separators=graph_formats.COMPACT),
        CODEBOOK: codebook_qdc(site),
        TAGUETTE_CSV: taguette_csv(site),
        **graph_formats.files(site),
        SCRIPT: _asset("kb-graph.js"),
        STYLE: _asset("kb.css"),
        CSL_JSON: bibliography_json,
    }
