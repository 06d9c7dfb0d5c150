"""kb.idle_gc: full collections put off while busy, run once idle, thresholds given back."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from kb.idle_gc import IdleCollector


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """The full collections the interpreter starts (appended as they start)."""
    seen: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(info["generation"])

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def _allocate(n: int) -> None:
    """As a rebuild does: many objects that live a while (a full collection is due when those that
    reached the oldest generation grow by a quarter), then are dropped in cycles."""
    kept: list[list[object]] = []
    for _ in range(n):
        a: list[object] = []
        a.append(a)
        kept.append(a)
    del kept


def test_no_full_collection_while_busy_one_when_idle(full_collections: list[int]) -> None:
    before = gc.get_threshold()
    collector = IdleCollector()
    _allocate(200_000)
    assert full_collections, "the interpreter collects fully on its own (the test could not tell)"
    full_collections.clear()
    collector.busy()
    try:
        _allocate(200_000)
        assert full_collections == []
        collector.idle(quiet=0.01)
        deadline = time.monotonic() + 5
        while not full_collections and time.monotonic() < deadline:
            time.sleep(0.01)
        assert full_collections, "no full collection once idle"
        time.sleep(0.05)
        assert gc.get_threshold() == before
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def test_busy_again_cancels_the_pending_collection(full_collections: list[int]) -> None:
    before = gc.get_threshold()
    collector = IdleCollector()
    collector.busy()
    collector.idle(quiet=0.2)
    collector.busy()  # a new rebuild started before the quiet moment ended
    time.sleep(0.4)
    assert full_collections == [] and gc.get_threshold() != before
    collector.stop()
    assert gc.get_threshold() == before
