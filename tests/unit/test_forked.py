"""kb.forked: a helper process works from the last item back until it meets the build, and the
build can always do without it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kb import forked

pytestmark = [
    pytest.mark.skipif(not forked.fork_possible(), reason="needs fork and two cores"),
    pytest.mark.usefixtures("beside_test_harness"),
]

FAILING = 150  # an item the helper cannot do


def _helper_item(folder: Path, item: int) -> None:
    time.sleep(0.002)
    if item == FAILING:
        raise ValueError("an item the helper cannot do")
    (folder / f"helper-{item}").write_text(str(item * item))


def test_build_and_helper_meet_and_every_item_is_done(tmp_path: Path):
    items = list(range(200))
    helper = forked.Helper(items, lambda i: _helper_item(tmp_path, i), setup=lambda: None)
    assert helper.started
    by_build = []
    for i in items:
        if helper.done(i) and (tmp_path / f"helper-{i}").exists():
            assert (tmp_path / f"helper-{i}").read_text() == str(i * i)
            continue
        by_build.append(i)
        time.sleep(0.002)
    helper.end()
    by_helper = sorted(int(p.name.split("-")[1]) for p in tmp_path.iterdir())
    assert sorted(set(by_build) | set(by_helper)) == items
    assert len(set(by_build) & set(by_helper)) <= 1  # at most the item both were on when they met
    assert len(by_build) > 20 and len(by_helper) > 20  # both did a share
    assert by_helper == [i for i in range(by_helper[0], 200) if i != FAILING]  # from the last back, no gaps
    assert FAILING in by_build  # what the helper could not do, the build did


def test_the_helper_goes_past_an_item_it_cannot_do(tmp_path: Path):
    items = list(range(FAILING - 3, FAILING + 3))
    helper = forked.Helper(items, lambda i: _helper_item(tmp_path, i), setup=lambda: None)
    time.sleep(1)  # it has done them all
    assert helper.done(0)  # done, as far as it goes: the build finds nothing stored for FAILING
    assert helper.failed == 1  # and it says that one failed
    helper.end()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"helper-{i}" for i in items if i != FAILING]


def test_setup_runs_in_the_helper_only(tmp_path: Path):
    marks: list[str] = []

    def setup() -> None:
        marks.append("setup")
        (tmp_path / "setup").touch()

    helper = forked.Helper([1], lambda i: (tmp_path / "item").touch(), setup=setup)
    time.sleep(0.5)
    helper.end()
    assert marks == [] and {p.name for p in tmp_path.iterdir()} == {"setup", "item"}


def test_a_helper_stuck_in_an_item_is_ended():
    helper = forked.Helper([1, 2], lambda i: time.sleep(60), setup=lambda: None)
    assert not helper.done(0)  # the build does it itself: nothing waits for the helper
    start = time.monotonic()
    helper.end()
    assert time.monotonic() - start < 5 and not helper.started


def test_no_helper_while_other_threads_run(tmp_path: Path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        helper = forked.Helper([1], lambda i: (tmp_path / "item").touch(), setup=lambda: None)
        assert not helper.started and not helper.done(0)
        helper.end()
        assert list(tmp_path.iterdir()) == []
    finally:
        stop.set()
        other.join()


def test_no_helper_when_turned_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_HELPER", "0")
    assert not forked.can_fork()
