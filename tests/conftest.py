"""Fixtures shared by the tests. Data is loaded here, in fixtures, so a missing input fails the
tests that need it with a clear message, never the collection."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from kb import forked
from kb.model import KnowledgeBase, Page, load
from support import ROOT, make_project, mkdocs_build
from tools import fingerprint, seeds


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A buildable copy of the valid fixture project (passes `kb check` with no diagnostics)."""
    return make_project(tmp_path / "project")


@pytest.fixture
def beside_test_harness(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let kb.forked start helpers beside the threads other tests' fixtures left running (a web
    server, a browser driver), which a helper never touches; a thread started within the test still
    keeps helpers from starting (tests/unit/test_forked.py)."""
    harness = set(threading.enumerate())
    safe = forked._safe_to_fork_beside
    monkeypatch.setattr(forked, "_safe_to_fork_beside", lambda thread: thread in harness or safe(thread))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-5000:]
    return site


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The real knowledge base."""
    return load(ROOT)


@pytest.fixture(scope="session")
def theses() -> dict[str, fingerprint.Thesis]:
    """The committed fingerprint of the two theses."""
    if not fingerprint.FINGERPRINT.is_file():
        pytest.fail(f"{fingerprint.FINGERPRINT} is missing: regenerate it with `python -m tools.fingerprint`")
    return fingerprint.load()


@pytest.fixture
def quote(request: pytest.FixtureRequest, kb: KnowledgeBase) -> Page:
    """The real quote page named by the test's parameter (a file name in docs/quotes/)."""
    return kb.by_site_path[f"quotes/{request.param}"]


@pytest.fixture(scope="session")
def seed_texts() -> None:
    """The seed texts, where they are beside the repository; CI requires them (KB_REQUIRE_SEEDS=1)."""
    if not seeds.have_seeds():
        if os.environ.get("KB_REQUIRE_SEEDS") == "1":
            pytest.fail(f"KB_REQUIRE_SEEDS=1 but the seed texts are not in {seeds.seeds_dir()}")
        pytest.skip(f"the seed texts are not in {seeds.seeds_dir()} (the fingerprint tests cover this clone)")


@pytest.fixture(scope="session")
def seed_contacts(seed_texts: None) -> tuple[str, str]:
    """The thesis author's e-mail and phone from Bäckman's appendix 3 (read at test time, never stored)."""
    match = re.search(r"Mejl: (\S+@\S+) Telefon: (\d{10})", seeds.seed_text("backman2021"))
    assert match, "appendix 3 of the Bäckman seed no longer has the contact line"
    return match[1], match[2]
