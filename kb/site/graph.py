"""The concept graph: concepts as nodes grouped by theorist, `related` and co-occurrence edges.

A theorist's colour comes from the `color` of its page's front matter and its label from the
page title's last word; concepts without a theorist form the group OTHER.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import SITE_CONCEPTS, related_item
from kb.site import paths
from kb.site.analysis import Site, sort_key

GRAPH_JSON = paths.GRAPH_JSON
OTHER = "ovrigt"
OTHER_LABEL = "Övriga"
OTHER_COLOR = "#546e7a"


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    color: str


def groups(site: Site) -> list[Group]:
    """Every theorist with a page, in A–Ö order of its label, then the group of the other concepts."""
    found = [
        Group(tid, page.title.split()[-1], str(page.meta.get("color") or OTHER_COLOR))
        for tid, page in site.theorists.items()
    ]
    return [*sorted(found, key=lambda g: sort_key(g.label)), Group(OTHER, OTHER_LABEL, OTHER_COLOR)]


def group_of(site: Site, concept_meta: dict[str, object]) -> Group:
    by_id = {g.id: g for g in groups(site)}
    return by_id.get(str(concept_meta.get("theorist") or OTHER), by_id[OTHER])


def graph(site: Site) -> dict[str, object]:
    """Nodes (concepts, grouped by theorist) and edges (related, co-occurrence); not to be modified
    (the map and every export format read the one graph of a site)."""
    global _last
    if _last is None or _last[0] is not site:
        _last = (site, _graph(site))
    return _last[1]


_last: tuple[Site, dict[str, object]] | None = None


def _graph(site: Site) -> dict[str, object]:
    nodes = []
    for c in sorted(site.kb.concepts.values(), key=lambda p: sort_key(p.title)):
        group = group_of(site, c.meta)
        nodes.append(
            {
                "id": c.id,
                "label": c.title,
                "label_en": c.meta.get("title_en", ""),
                "group": group.id,
                "color": group.color,
                "quotes": len(site.quotes_by_concept.get(c.id, [])),
                "url": f"{SITE_CONCEPTS}/{c.id}/",
                "summary": site.summaries[c.id],
            }
        )
    edges: list[dict[str, object]] = []
    for c in site.kb.concepts.values():
        for item in c.meta.get("related") or []:
            other, relation = related_item(item)
            if other in site.titles:
                edges.append({"source": c.id, "target": other, "kind": "related", "relation": relation})
    for (a, b), n in sorted(site.cooccurrence.items()):
        edges.append({"source": a, "target": b, "kind": "cooccurrence", "weight": n})
    return {"nodes": nodes, "edges": edges}
