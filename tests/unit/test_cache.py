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


def _packs(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "kb" / "render").iterdir())


def test_entry_store_keeps_values_between_runs_and_drops_unused_ones(tmp_path: Path):
    first = cache.entry_store(tmp_path, "render")
    first.store("a" * 32, ("<p>a</p>", [1]))
    first.store("b" * 32, "b")
    first.close()
    assert len(_packs(tmp_path)) == 1  # one file for the run, not one per entry
    second = cache.entry_store(tmp_path, "render")
    assert second.find("a" * 32) == ("<p>a</p>", [1])
    assert second.find("c" * 32) is None
    second.close()  # "b" was not used in this run
    third = cache.entry_store(tmp_path, "render")
    assert third.find("a" * 32) == ("<p>a</p>", [1]) and third.find("b" * 32) is None
    third.close()
    assert len(_packs(tmp_path)) == 1


def test_entries_of_earlier_runs_stay_until_many_are_unused(tmp_path: Path):
    keys = [f"{i:032x}" for i in range(20)]
    for run in range(3):  # each run uses all earlier entries and adds one
        store = cache.entry_store(tmp_path, "render")
        assert all(store.find(k) == k for k in keys[:run])
        store.store(keys[run], keys[run])
        store.close()
    assert len(_packs(tmp_path)) == 3  # nothing unused: nothing rewritten
    store = cache.entry_store(tmp_path, "render")
    assert store.find(keys[0]) == keys[0]  # two of three unused
    store.close()
    assert len(_packs(tmp_path)) == 1
    store = cache.entry_store(tmp_path, "render")
    assert store.find(keys[0]) == keys[0] and store.find(keys[1]) is None
    store.close()


def test_another_process_s_entries_are_found_after_a_refresh(tmp_path: Path):
    reader = cache.entry_store(tmp_path, "render")
    writer = cache.EntryStore(tmp_path / ".cache" / "kb" / "render", write_behind=False)
    writer.store("a" * 32, "from the other process")
    assert reader.find("a" * 32) is None
    reader.refresh()
    assert reader.find("a" * 32) == "from the other process"
    reader.close()
    writer.close(retain_used_only=False)


def test_a_damaged_entry_is_computed_again(tmp_path: Path):
    store = cache.entry_store(tmp_path, "render")
    store.store("a" * 32, "value")
    store.store("b" * 32, "other value")
    store.close()
    (pack,) = _packs(tmp_path)
    data = bytearray(pack.read_bytes())
    data[60] ^= 0xFF  # a flipped byte in the first record
    pack.write_bytes(bytes(data[:-3]))  # and the last one torn
    damaged = cache.entry_store(tmp_path, "render")
    assert damaged.find("a" * 32) is None and damaged.find("b" * 32) is None
    damaged.close()


def test_files_of_the_earlier_layout_are_removed(tmp_path: Path):
    folder = tmp_path / ".cache" / "kb" / "render"
    folder.mkdir(parents=True)
    (folder / ("a" * 32)).write_bytes(b"one file per entry")
    store = cache.entry_store(tmp_path, "render")
    assert store.find("a" * 32) is None
    store.store("b" * 32, "value")
    store.close()
    assert [p.suffix for p in _packs(tmp_path)] == [".pack"]


def test_a_disabled_entry_store_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_CACHE", "0")
    store = cache.entry_store(tmp_path, "render")
    store.store("a" * 32, "value")
    store.close()
    assert store.find("a" * 32) is None
    assert not (tmp_path / ".cache").exists()


def test_a_file_that_is_not_a_page_counts_too(project: Path):
    """An unchanged page's HTML link to a picture is broken until the picture is added."""
    edit(project / QUOTE, lambda s: s + '\n<img src="../../figur.png" alt="Figur">\n')
    assert any(d.code == "KB302" for d in cached_check(project)[0])
    (project / "docs/figur.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    found, _ = cached_check(project)
    assert found == cold_check(project) and not any(d.code == "KB302" for d in found)


def test_an_unchanged_project_reads_only_what_it_needs(project: Path):
    """A second run finds the project's result whole: page scans are neither repeated nor unpickled."""
    add_problems(project)
    first, _ = cached_check(project)
    store = cache.for_project(project)
    second = validate(load(project, store))
    assert second == first and store.misses == 0
    assert {"anonymity", "links", "page"} <= set(store._stored)  # still stored, never loaded
    store.save()
    third, store = cached_check(project)
    assert third == first and store.misses == 0 and store.hits > 0  # nothing was dropped


def test_a_damaged_part_of_the_cache_is_computed_again(project: Path):
    add_problems(project)
    expected, _ = cached_check(project)
    path = project / ".cache/kb/check.pickle"
    version, namespaces = pickle.loads(path.read_bytes())
    for damaged in ("project", "citations"):  # so each page is checked, its citations found again
        keys, _ = namespaces[damaged]
        namespaces[damaged] = (keys, b"\x80\x05damaged")
    path.write_bytes(pickle.dumps((version, namespaces)))
    store = cache.for_project(project)
    found = validate(load(project, store))
    assert found == expected and store.misses > 0
