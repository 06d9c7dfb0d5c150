"""Relative links between site pages, computed with string operations only."""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

from hypothesis import given
from hypothesis import strategies as st

from kb.links import relative_url, served_url

SEGMENT = st.sampled_from(["a", "b", "concepts", "quotes", "sources"])
PAGE = st.builds(
    lambda dirs, name: "/".join([*dirs, name]),
    st.lists(SEGMENT, max_size=3),
    st.sampled_from(["index.md", "x.md", "a.md"]),
)


@given(PAGE, PAGE)
def test_relative_url_equals_posix_relpath(here: str, there: str):
    assert relative_url(here, there) == posixpath.relpath(there, posixpath.dirname(here) or ".")


def test_examples():
    assert relative_url("quotes/q.md", "concepts/roll.md") == "../concepts/roll.md"
    assert relative_url("index.md", "concepts/roll.md") == "concepts/roll.md"
    assert relative_url("concepts/a.md", "concepts/b.md") == "b.md"


def served(site_path: str) -> str:
    """Where MkDocs serves a page with directory URLs, written out for this test."""
    stem = site_path.removesuffix(".md")
    return "http://h/" + (
        "" if stem == "index" else stem.removesuffix("/index") + "/" if stem.endswith("index") else stem + "/"
    )


@given(PAGE, PAGE)
def test_served_url_resolves_from_the_page_to_the_target(here: str, there: str):
    """Raw HTML links are not rewritten by MkDocs: the browser resolves them from the page's own URL."""
    assert urljoin(served(here), served_url(here, there)) == served(there)
