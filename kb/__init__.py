"""kb — an engine-agnostic library for the theory-concept knowledge base.

Data flow: load (bibliography + pages) → validate (diagnostics) → enrich
(backlinks, generated pages, graph) → render (by an adapter, e.g. MkDocs hooks).
Nothing in this package imports MkDocs.
"""

__version__ = "0.1.0"
