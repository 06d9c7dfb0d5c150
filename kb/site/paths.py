"""Where the site's pages are: the one list of generated pages that the build emits and links may target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.model import SITE_CONCEPTS

if TYPE_CHECKING:
    from kb.model import KnowledgeBase

CONCEPT_INDEX = f"{SITE_CONCEPTS}/index.md"
QUOTE_INDEX = "quotes/index.md"
SOURCE_INDEX = "sources/index.md"
MAP = "karta.md"
TAGS = "taggar.md"
EXPORT = "export.md"
LISTINGS = (MAP, TAGS, CONCEPT_INDEX, QUOTE_INDEX, SOURCE_INDEX)

# Files the build writes besides pages: the map's script, style and data, and the exports.
SCRIPT = "assets/kb-graph.js"
STYLE = "assets/kb.css"
GRAPH_JSON = "assets/kb-graph.json"
CODEBOOK = "assets/export/begrepp.qdc"
TAGUETTE_CSV = "assets/export/begrepp-taguette.csv"
CSL_JSON = "assets/export/bibliografi.json"
NODE_LINK = "assets/export/begreppsgraf.json"
CYTOSCAPE = "assets/export/begreppsgraf.cyjs"
GRAPHML = "assets/export/begreppsgraf.graphml"
GENERATED_FILES = (SCRIPT, STYLE, GRAPH_JSON, CODEBOOK, TAGUETTE_CSV, CSL_JSON, NODE_LINK, CYTOSCAPE, GRAPHML)


def concept(cid: str) -> str:
    return f"{SITE_CONCEPTS}/{cid}.md"


def source(key: str) -> str:
    return f"sources/{key}.md"


def study(key: str) -> str:
    return f"studies/{key}.md"


def theorist(tid: str) -> str:
    return f"theorists/{tid}.md"


def section_index(site_path: str) -> str | None:
    """The listing a page belongs under when it is not in the navigation itself (None: no such listing).

    Concept, quote and source pages are too many for the sidebar; their listing stands for them there
    (and in the breadcrumbs), so a student always sees where a page belongs.
    """
    folder = site_path.rpartition("/")[0]
    index = {SITE_CONCEPTS: CONCEPT_INDEX, "quotes": QUOTE_INDEX, "sources": SOURCE_INDEX}.get(folder)
    return index if index != site_path else None


def generated_pages(kb: KnowledgeBase) -> list[str]:
    """Site paths of every Markdown page the build generates, in the order it generates them."""
    return [*LISTINGS, *(source(key) for key in kb.source_keys), EXPORT]
