"""Build tests: the real site and fixture sites, built with `mkdocs build --strict`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitecheck import article, broken_links, external_loads
from support import ROOT, edit, line_of, make_project, mkdocs_build

pytestmark = pytest.mark.build


def test_real_site_builds_strict(real_site: Path):
    assert (real_site / "index.html").exists()
    assert (real_site / "concepts" / "handlingsutrymme" / "index.html").exists()


def test_real_site_renders_citations_with_locators(real_site: Path):
    page = article(real_site / "concepts" / "handlingsutrymme" / "index.html")
    assert re.search(r"\((?:Lipsky|Bäckman|Lundgren) \d{4}[a-z]?, s\. [0-9xvi]+", page.visible)
    assert "[@" not in page.visible


def test_real_site_has_no_broken_links(real_site: Path):
    assert broken_links(real_site) == []


def test_real_site_loads_nothing_from_other_hosts(real_site: Path):
    assert external_loads(real_site) == []


def test_real_site_contains_no_seed_personal_data(real_site: Path, seed_contacts: tuple[str, str]):
    email, phone = seed_contacts
    for path in real_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".js", ".xml", ".txt", ".qdc"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert email not in text and phone not in text, path


def test_fixture_site_builds(tmp_path: Path):
    project = make_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = article(tmp_path / "site" / "quotes" / "lundgren2022-01" / "index.html")
    assert "(Lipsky 2010, s. 13; Lundgren 2022, s. 26)" in page.visible  # the CSL sorts by author
    cited = [(a["href"], a["text"]) for a in page.links if a.get("title")]
    assert cited[:2] == [
        ("../../sources/lipsky2010/", "Lipsky 2010, s. 13"),
        ("../../sources/lundgren2022/", "Lundgren 2022, s. 26"),
    ]
    assert (tmp_path / "site" / "sources" / "lipsky2010" / "index.html").exists()


def test_bad_citation_fails_the_build_naming_file_and_line(tmp_path: Path):
    project = make_project(tmp_path / "project")
    edit(project / "concepts/handlingsutrymme.md", lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipski2010, s. 13]"))
    edit(
        project / "docs/quotes/lundgren2022-01.md", lambda s: s.replace("[@lundgren2022, s. 26;", "[@lundgren2022 s26;")
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    line = line_of(project / "concepts/handlingsutrymme.md", "[@lipski2010")
    assert f"concepts/handlingsutrymme.md:{line}:" in result.stderr and "KB101" in result.stderr
    assert "docs/quotes/lundgren2022-01.md:" in result.stderr and "KB102" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def _personal_data_fails_the_build(tmp_path: Path, email: str, phone: str) -> None:
    project = make_project(tmp_path / "project")
    edit(
        project / "docs/quotes/lundgren2022-01.md", lambda s: s.replace("## Analys", f"> {email} {phone}\n\n## Analys")
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "KB602" in result.stderr and "KB603" in result.stderr
    assert email not in result.stderr and phone not in result.stderr  # messages mask the value
    assert not (tmp_path / "site").exists(), "the build must stop before writing any page"


def test_personal_data_fails_the_build_and_never_reaches_the_site(tmp_path: Path):
    _personal_data_fails_the_build(tmp_path, "fornamn.efternamn@example.se", "0701740642")  # PTS fiction range


def test_the_seeds_personal_data_fails_the_build(tmp_path: Path, seed_contacts: tuple[str, str]):
    _personal_data_fails_the_build(tmp_path, *seed_contacts)


def test_listing_pages_are_left_out_of_search(real_site: Path):
    """Search finds a concept, quote or source itself, not the index that lists it."""
    index = json.loads((real_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"concepts/handlingsutrymme/", "quotes/lundgren2022-01/", "sources/lipsky2010/"} <= locations
    assert not locations & {"karta/", "concepts/", "quotes/", "sources/"}


def test_a_rebuild_with_the_cache_shows_every_edit(tmp_path: Path):
    """The second build reuses .cache/kb; edited citations, entries and pages still come through."""
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert (project / ".cache/kb/build.pickle").is_file() and (project / ".cache/kb/check.pickle").is_file()
    quote = project / "docs/quotes/lundgren2022-01.md"
    edit(quote, lambda s: s.replace("@lipsky2010, s. 13]", "@lipsky2010, s. 99]"))
    edit(project / "bibliography.bib", lambda s: s.replace("Russell Sage Foundation", "Russell Sage"))
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "quotes" / "lundgren2022-01" / "index.html").read_text(encoding="utf-8")
    assert "Lipsky 2010, s. 99" in html and "s. 13" not in html
    source = (site / "sources" / "lipsky2010" / "index.html").read_text(encoding="utf-8")
    assert "Russell Sage" in source and "Russell Sage Foundation" not in source


def test_a_page_range_is_formatted_by_the_one_pandoc_run(tmp_path: Path):
    """Primed citations keep the style's typography (an en dash); mkdocs-bibtex's own fallback would print '--'."""
    project = make_project(tmp_path / "project")
    edit(
        project / "concepts/handlingsutrymme.md", lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipsky2010, s. 13–15]")
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    text = article(tmp_path / "site" / "concepts" / "handlingsutrymme" / "index.html").visible
    assert "(Lipsky 2010, s. 13–15)" in text and "13--15" not in text


def test_a_build_that_cannot_prime_the_citation_plugin_fails(tmp_path: Path):
    """Without mkdocs-bibtex's registry every page would format its own citations: a build error, not a note."""
    project = make_project(tmp_path / "project")
    edit(project / "mkdocs.yml", lambda s: s.replace("      csl_file:", "      # csl_file:"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs-bibtex with a csl_file is required" in result.stderr


def test_the_site_address_comes_from_the_environment_for_each_deployment(monkeypatch: pytest.MonkeyPatch):
    """CI sets KB_SITE_URL to the GitHub Pages address; without it the address is the dev server's."""
    from mkdocs.config import load_config

    monkeypatch.delenv("KB_SITE_URL", raising=False)
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "http://localhost:8000/"
    monkeypatch.setenv("KB_SITE_URL", "https://example.org/begreppsbanken/")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://example.org/begreppsbanken/"
