"""kb.forked: a helper process does its share, in order, and the build can always do without it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kb import forked

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs fork and two cores")


def test_shares_spread_the_items_and_give_the_first_to_the_build():
    own, theirs = forked.shares(list(range(10)))
    assert own == [0, 2, 4, 6, 8] and theirs == [1, 3, 5, 7, 9]
    own, theirs = forked.shares(list(range(100)), helper_part=0.6)
    assert own[0] == 0 and len(theirs) == 60 and sorted(own + theirs) == list(range(100))
    assert max(theirs[:30]) < 55  # spread, not a block at the end


def _write(folder: Path, item: int) -> None:
    if item == 3:
        raise ValueError("an item the helper cannot do")
    (folder / str(item)).write_text(str(item * item))


def test_the_helper_does_its_items_in_order_and_goes_past_a_failing_one(tmp_path: Path):
    helper = forked.Helper(list(range(6)), lambda i: _write(tmp_path, i), setup=lambda: None, finish=lambda: None)
    assert helper.started
    assert helper.wait_for(5)  # the last item: all are done
    helper.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0", "1", "2", "4", "5"]
    assert (tmp_path / "5").read_text() == "25"


def test_setup_and_finish_run_in_the_helper_only(tmp_path: Path):
    marks: list[str] = []
    helper = forked.Helper(
        [1],
        lambda i: (tmp_path / "item").write_text(str(i)),
        setup=lambda: marks.append("setup") or (tmp_path / "setup").touch(),
        finish=lambda: (tmp_path / "finish").touch(),
    )
    helper.join()
    assert marks == [] and {p.name for p in tmp_path.iterdir()} == {"setup", "item", "finish"}


def test_a_helper_that_ends_early_is_not_waited_for(tmp_path: Path):
    helper = forked.Helper([1, 2], lambda i: _write(tmp_path, i), setup=lambda: None, finish=lambda: None)
    helper.join()
    assert not helper.wait_for(7)  # an item it never had: answered at once


def test_a_hanging_helper_is_given_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(forked, "PATIENCE", 0.3)
    helper = forked.Helper([1, 2], lambda i: time.sleep(60), setup=lambda: None, finish=lambda: None)
    start = time.monotonic()
    assert not helper.wait_for(0)
    assert time.monotonic() - start < 10 and not helper.started  # stopped and reaped


def test_no_helper_while_other_threads_run(tmp_path: Path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        helper = forked.Helper([1], lambda i: _write(tmp_path, i), setup=lambda: None, finish=lambda: None)
        assert not helper.started and not helper.wait_for(0) and list(tmp_path.iterdir()) == []
    finally:
        stop.set()
        other.join()


def test_no_helper_when_turned_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KB_HELPER", "0")
    assert not forked.can_fork()
