"""Exports written into the site at build time (graph JSON, assets)."""

from __future__ import annotations

import json
from importlib import resources

from kb.enrich import GRAPH_JSON, Site, graph

SCRIPT = "assets/kb-graph.js"
STYLE = "assets/kb.css"


def _asset(name: str) -> str:
    return resources.files("kb").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def files(site: Site) -> dict[str, str | bytes]:
    """Site path -> content of every exported file."""
    return {
        GRAPH_JSON: json.dumps(graph(site), ensure_ascii=False, indent=1),
        SCRIPT: _asset("kb-graph.js"),
        STYLE: _asset("kb.css"),
    }
