"""kb.entry_store: values kept between runs in packs, what a run did not use dropped, damage a miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.entry_store import EntryStore, entry_store


def _packs(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "kb" / "render").iterdir())


def test_entry_store_keeps_values_between_runs_and_drops_unused_ones(tmp_path: Path):
    first = entry_store(tmp_path, "render")
    first.store("a" * 32, ("<p>a</p>", [1]))
    first.store("b" * 32, "b")
    first.close()
    assert len(_packs(tmp_path)) == 1  # one file for the run, not one per entry
    second = entry_store(tmp_path, "render")
    assert second.find("a" * 32) == ("<p>a</p>", [1])
    assert second.find("c" * 32) is None
    second.close()  # "b" was not used in this run
    third = entry_store(tmp_path, "render")
    assert third.find("a" * 32) == ("<p>a</p>", [1]) and third.find("b" * 32) is None
    third.close()
    assert len(_packs(tmp_path)) == 1


def test_entries_of_earlier_runs_stay_until_many_are_unused(tmp_path: Path):
    keys = [f"{i:032x}" for i in range(20)]
    for run in range(3):  # each run uses all earlier entries and adds one
        store = entry_store(tmp_path, "render")
        assert all(store.find(k) == k for k in keys[:run])
        store.store(keys[run], keys[run])
        store.close()
    assert len(_packs(tmp_path)) == 3  # nothing unused: nothing rewritten
    store = entry_store(tmp_path, "render")
    assert store.find(keys[0]) == keys[0]  # two of three unused
    store.close()
    assert len(_packs(tmp_path)) == 1
    store = entry_store(tmp_path, "render")
    assert store.find(keys[0]) == keys[0] and store.find(keys[1]) is None
    store.close()


def test_another_process_s_entries_are_found_after_a_refresh(tmp_path: Path):
    reader = entry_store(tmp_path, "render")
    writer = EntryStore(tmp_path / ".cache" / "kb" / "render", write_behind=False)
    writer.store("a" * 32, "from the other process")
    assert reader.find("a" * 32) is None
    reader.refresh()
    assert reader.find("a" * 32) == "from the other process"
    reader.close()
    writer.close(retain_used_only=False)


def test_a_damaged_entry_is_computed_again(tmp_path: Path):
    store = entry_store(tmp_path, "render")
    store.store("a" * 32, "value")
    store.store("b" * 32, "other value")
    store.close()
    (pack,) = _packs(tmp_path)
    data = bytearray(pack.read_bytes())
    data[60] ^= 0xFF  # a flipped byte in the first record
    pack.write_bytes(bytes(data[:-3]))  # and the last one torn
    damaged = entry_store(tmp_path, "render")
    assert damaged.find("a" * 32) is None and damaged.find("b" * 32) is None
    damaged.close()


def test_files_of_the_earlier_layout_are_removed(tmp_path: Path):
    folder = tmp_path / ".cache" / "kb" / "render"
    folder.mkdir(parents=True)
    (folder / ("a" * 32)).write_bytes(b"one file per entry")
    store = entry_store(tmp_path, "render")
    assert store.find("a" * 32) is None
    store.store("b" * 32, "value")
    store.close()
    assert [p.suffix for p in _packs(tmp_path)] == [".pack"]


def test_a_disabled_entry_store_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_CACHE", "0")
    store = entry_store(tmp_path, "render")
    store.store("a" * 32, "value")
    store.close()
    assert store.find("a" * 32) is None
    assert not (tmp_path / ".cache").exists()


def test_closing_twice_changes_nothing(tmp_path: Path):
    """A build that fails early may close the last build's store again (hooks/incremental.py)."""
    store = entry_store(tmp_path, "render")
    store.store("a" * 32, "a")
    store.close()
    store.close()
    store.close(retain_used_only=False)
    again = entry_store(tmp_path, "render")
    assert again.find("a" * 32) == "a"
    again.close()
