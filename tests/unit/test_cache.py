"""The check cache (.cache/kb): a warm check reports exactly what a cold check reports."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kb import cache
from kb.diagnostics import Diagnostic
from kb.model import load
from kb.validate import validate
from support import edit

QUOTE = "docs/quotes/lundgren2022-01.md"
CONCEPT = "concepts/handlingsutrymme.md"


def cached_check(root: Path) -> tuple[list[Diagnostic], cache.ContentCache]:
    store = cache.for_project(root)
    found = validate(load(root, store))
    store.save()
    return found, store


def cold_check(root: Path) -> list[Diagnostic]:
    return validate(load(root))


def add_problems(project: Path) -> None:
    """A typo'd key, a page without a locator and an e-mail address: errors of three kinds."""
    edit(project / CONCEPT, lambda s: s.replace("[@lipsky2010, s. 13]", "[@lipski2010, s. 13]", 1))
    edit(
        project / QUOTE, lambda s: s.replace("s. 26; @lipsky2010", "s. 26; @lipsky2010, kap. 2") + "\nanna@example.se\n"
    )


def test_second_run_is_served_from_the_cache_and_reports_the_same(project: Path):
    add_problems(project)
    first, store = cached_check(project)
    assert store.misses > 0 and (project / ".cache/kb/check.pickle").is_file()
    second, store = cached_check(project)
    assert store.misses == 0 and store.hits > 0
    assert second == first == cold_check(project)
    assert {"KB101", "KB603"} <= {d.code for d in second}


def test_an_edited_file_is_checked_again(project: Path):
    assert cached_check(project)[0] == []
    add_problems(project)
    found, store = cached_check(project)
    assert store.misses > 0
    assert found == cold_check(project) and {"KB101", "KB603"} <= {d.code for d in found}


def test_a_change_elsewhere_reaches_unchanged_pages(project: Path):
    """Deleting a concept breaks links in pages whose own text did not change."""
    assert cached_check(project)[0] == []
    (project / "concepts/grasrotsbyrakrat.md").unlink()
    found, _ = cached_check(project)
    assert found == cold_check(project)
    assert any(d.code == "KB301" and d.path == CONCEPT for d in found)


def test_a_new_bibliography_entry_clears_unknown_key_errors(project: Path):
    add_problems(project)
    assert any(d.code == "KB101" for d in cached_check(project)[0])
    bib = project / "bibliography.bib"
    edit(
        bib,
        lambda s: (
            s
            + "\n@book{lipski2010,\n  author = {Lipski, A.},\n  title = {T},\n  publisher = {P},\n  year = {2010}\n}\n"
        ),
    )
    found, _ = cached_check(project)
    assert not any(d.code == "KB101" for d in found) and found == cold_check(project)


def test_new_code_invalidates_the_cache(project: Path, monkeypatch: pytest.MonkeyPatch):
    cached_check(project)
    monkeypatch.setattr(cache, "code_version", lambda: "another version of kb")
    _, store = cached_check(project)
    assert store.hits == 0 and store.misses > 0


def test_a_damaged_cache_is_ignored(project: Path):
    add_problems(project)
    expected = cold_check(project)
    path = project / ".cache/kb/check.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x80\x05not a pickle")
    found, store = cached_check(project)
    assert found == expected and store.hits == 0
    assert pickle.loads(path.read_bytes())[0] == cache.code_version()  # rewritten whole


def test_entries_of_deleted_files_are_dropped(project: Path):
    def keys_of(digest: str) -> list[tuple[str, str]]:
        namespaces = pickle.loads((project / ".cache/kb/check.pickle").read_bytes())[1]
        return [(ns, key) for ns, (keys, _) in namespaces.items() for key in keys if key.startswith(digest)]

    cached_check(project)
    gone = cache.digest((project / QUOTE).read_bytes())
    assert keys_of(gone)
    (project / QUOTE).unlink()
    cached_check(project)
    assert keys_of(gone) == []


def test_disabled_cache_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_CACHE", "0")
    cached_check(project)
    assert not (project / ".cache").exists()


def test_unwritable_cache_directory_still_checks(project: Path):
    (project / ".cache").write_text("a file where the directory should be")
    add_problems(project)
    found, _ = cached_check(project)
    assert found == cold_check(project)


def test_a_file_that_is_not_a_page_counts_too(project: Path):
    """An unchanged page's HTML link to a picture is broken until the picture is added."""
    edit(project / QUOTE, lambda s: s + '\n<img src="../../figur.png" alt="Figur">\n')
    assert any(d.code == "KB302" for d in cached_check(project)[0])
    (project / "docs/figur.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    found, _ = cached_check(project)
    assert found == cold_check(project) and not any(d.code == "KB302" for d in found)


def test_an_unchanged_project_reads_only_what_it_needs(project: Path):
    """A second run finds the project's result whole: page scans and the bibliography's entries are
    neither repeated nor unpickled."""
    add_problems(project)
    first, _ = cached_check(project)
    store = cache.for_project(project)
    kb = load(project, store)
    second = validate(kb)
    assert second == first and store.misses == 0
    assert {"anonymity", "links", "page", "bibliography"} <= set(store._stored)  # still stored, never loaded
    assert kb.bib.size == len(load(project).bib.entries) > 0
    assert kb.bib.entries == load(project).bib.entries  # unpickled when asked for
    store.save()
    third, store = cached_check(project)
    assert third == first and store.misses == 0 and store.hits > 0  # nothing was dropped


def test_a_damaged_part_of_the_cache_is_computed_again(project: Path):
    add_problems(project)
    expected, _ = cached_check(project)
    path = project / ".cache/kb/check.pickle"
    version, namespaces = pickle.loads(path.read_bytes())
    for damaged in ("project", "citations", "bibliography"):  # each page checked, its citations found again
        keys, _ = namespaces[damaged]
        namespaces[damaged] = (keys, b"\x80\x05damaged")
    path.write_bytes(pickle.dumps((version, namespaces)))
    store = cache.for_project(project)
    kb = load(project, store)
    found = validate(kb)
    assert found == expected and store.misses > 0
    assert kb.bib.entries == load(project).bib.entries  # parsed again


def test_a_part_asked_for_by_two_threads_at_once_is_read_once(project: Path):
    """The site build's threads share one store (pandoc's two runs): the second to ask for a part
    finds it taken, not an error."""
    cached_check(project)
    store = cache.for_project(project)
    store._load("front-matter")
    store._load("front-matter")  # as if it had been waiting while the first took it
    assert any(namespace == "front-matter" for namespace, _ in store._old)
