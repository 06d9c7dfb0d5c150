"""An incremental build (hooks/incremental.py reusing what earlier builds rendered) writes exactly
the bytes a clean build writes, after any sequence of edits an author or maintainer makes.

Each example starts a small synthetic project (bench/synth.py: concepts, quotes, a bibliography,
the real theme overrides, hooks and Markdown extensions), builds it once to fill the caches, then
applies random edits; after each it builds incrementally (caches on, as `mkdocs serve` and a
second `mkdocs build` do) and clean (KB_CACHE=0: no cache of any kind) and compares the two sites
file by file. The edits cover quotes, concepts and bibliography entries (change, add, rename,
delete), mkdocs.yml and a template.
"""

from __future__ import annotations

import difflib
import importlib.util
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from kb import forked
from tests.support import ROOT, mkdocs_build


def _bench_module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synth = _bench_module("synth")
serve_edit = _bench_module("serve_edit")

Change = Callable[[Path, int], None]


def _quotes(project: Path) -> list[Path]:
    return sorted((project / "docs" / "quotes").glob("*.md"))


def _concepts(project: Path) -> list[Path]:
    return sorted((project / "concepts").glob("*.md"))


def _pick(paths: list[Path], n: int) -> Path:
    return paths[n % len(paths)]


def _sub(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def quote_text(project: Path, n: int) -> None:
    _sub(_pick(_quotes(project), n), r"^> ", f"> ändrad{n} ")


def quote_title(project: Path, n: int) -> None:
    _sub(_pick(_quotes(project), n), r"^title: .*$", f"title: Nytt citat {n}")


def quote_concepts(project: Path, n: int) -> None:
    ids = [p.stem for p in _concepts(project)]
    _sub(_pick(_quotes(project), n), r"^concepts: .*$", f"concepts: [{ids[n % len(ids)]}]")


def _unused(make: Callable[[int], Path]) -> Path:
    return next(make(i) for i in range(1000) if not make(i).exists())


def add_quote(project: Path, n: int) -> None:
    source = _pick(_quotes(project), n)
    target = _unused(lambda i: source.with_name(f"studie2022-ny{i}.md"))
    text = source.read_text(encoding="utf-8")
    target.write_text(re.sub(r"^title: .*$", f"title: Tillagt citat {n}", text, flags=re.MULTILINE), "utf-8")


def delete_quote(project: Path, n: int) -> None:
    quotes = _quotes(project)
    assert len(quotes) > 2, "the fixture keeps quotes to delete"
    _pick(quotes, n).unlink()


def rename_quote(project: Path, n: int) -> None:
    source = _pick(_quotes(project), n)
    source.rename(_unused(lambda i: source.with_name(f"studie2022-omdopt{i}.md")))


def concept_text(project: Path, n: int) -> None:
    _sub(_pick(_concepts(project), n), r"^## Ursprung och nyckelverk$", f"Ny mening {n}.\n\n## Ursprung och nyckelverk")


def concept_title(project: Path, n: int) -> None:
    _sub(_pick(_concepts(project), n), r"^title: .*$", f"title: Omdöpt begrepp {n}")


def concept_tags(project: Path, n: int) -> None:
    _sub(_pick(_concepts(project), n), r"tags: \[", "tags: [nytema, ")


def bib_change(project: Path, n: int) -> None:
    _sub(project / "bibliography.bib", r"title = \{Verk nummer \d+\}", f"title = {{Omarbetat verk {n}}}")


def bib_add(project: Path, n: int) -> None:
    bib = project / "bibliography.bib"
    n = next(i for i in range(n, n + 1000) if f"{{nytt{i}," not in bib.read_text(encoding="utf-8"))
    with bib.open("a", encoding="utf-8") as out:
        out.write(
            f"\n@book{{nytt{n},\n  author = {{Nyskrivare, Eva}},\n  title = {{Ny bok {n}}},\n  publisher = {{Förlaget}},\n  year = {{2020}}\n}}\n"
        )
    _sub(_pick(_quotes(project), n), r"^## Analys\n\n", f"## Analys\n\nSe [@nytt{n}, s. {n + 1}].\n\n")


def config_change(project: Path, n: int) -> None:
    _sub(project / "mkdocs.yml", r"^site_name: .*$", f"site_name: Syntetisk {n}")


def template_change(project: Path, n: int) -> None:
    _sub(project / "overrides" / "main.html", r"\{\{ super\(\) \}\}", f"<!-- v{n} -->{{{{ super() }}}}")


def nothing(project: Path, n: int) -> None:
    """A rebuild with nothing changed (a save without changes, a touch)."""


EDITS: list[Change] = [
    quote_text,
    quote_title,
    quote_concepts,
    add_quote,
    delete_quote,
    rename_quote,
    concept_text,
    concept_title,
    concept_tags,
    bib_change,
    bib_add,
    config_change,
    template_change,
    nothing,
]

EDIT_SEQUENCES = st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 40)), min_size=1, max_size=4)


def _project_to_edit(work: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small synthetic project with the theme overrides of its own that the edits change."""
    project = synth.generate(work / "project", 12, entries=12, own_overrides=True)
    monkeypatch.chdir(project)
    return project


def _each_edit(
    project: Path, steps: list[tuple[Change, int]], caplog: pytest.LogCaptureFixture
) -> Iterator[tuple[Change, str]]:
    """Make the edits one by one; after each, the edit and the sequence so far (the log emptied)."""
    done: list[str] = []
    for edit, n in steps:
        edit(project, n)
        done.append(f"{edit.__name__}({n})")
        caplog.clear()
        yield edit, " → ".join(done)


def _build(project: Path, site: Path, cached: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CACHE", "1" if cached else "0")
    if site.exists():
        shutil.rmtree(site)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(incremental: Path, clean: Path, step: str) -> None:
    a, b = _tree(incremental), _tree(clean)
    assert sorted(a) == sorted(b), f"after {step}: files differ: {sorted(set(a) ^ set(b))[:10]}"
    differing = [name for name in a if a[name] != b[name]]
    if differing:
        name = differing[0]
        diff = difflib.unified_diff(
            b[name].decode("utf-8", "replace").splitlines(),
            a[name].decode("utf-8", "replace").splitlines(),
            "clean",
            "incremental",
            lineterm="",
            n=1,
        )
        shown = "\n".join(list(diff)[:30])
        pytest.fail(f"after {step}: {len(differing)} file(s) differ, e.g. {name}:\n{shown}")


@pytest.fixture
def reproducible(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the same build date in both builds
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return monkeypatch


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=EDIT_SEQUENCES)
def test_incremental_build_equals_clean_build(
    steps: list[tuple[Change, int]],
    tmp_path_factory: pytest.TempPathFactory,
    reproducible: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    work = tmp_path_factory.mktemp("incremental")
    project = _project_to_edit(work, reproducible)
    _build(project, work / "incremental", cached=True, monkeypatch=reproducible)
    for edit, done in _each_edit(project, steps, caplog):
        _build(project, work / "incremental", cached=True, monkeypatch=reproducible)
        rendered, pages = _rendered(caplog)
        # the incremental build really reused pages: all after no change, some after a page's
        # change (also adding, renaming or deleting one), none after a change to the configuration or a template
        if edit is nothing:
            assert rendered == 0, done
        elif edit in (config_change, template_change):
            assert rendered == pages, done
        else:
            assert 0 < rendered < pages, done
        _build(project, work / "clean", cached=False, monkeypatch=reproducible)
        assert_same_site(work / "incremental", work / "clean", done)


SERVE_URL = "http://127.0.0.1:8000/"


def _serve_build(project: Path, site: Path, dirty: bool, monkeypatch: pytest.MonkeyPatch, strict: bool = True) -> None:
    """A build as `mkdocs serve` makes it: in this process, into one folder, the hooks keeping what
    they keep between builds (`make serve` passes --dirty; KB_CACHE=0 for a clean build)."""
    monkeypatch.setenv("KB_CACHE", "1" if dirty else "0")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)
    config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)


def _clean_serve_build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if site.exists():
        shutil.rmtree(site)
    _serve_build(project, site, dirty=False, monkeypatch=monkeypatch)


def _logged_count(caplog: pytest.LogCaptureFixture, what: str) -> int:
    """The number the incremental hook reported before *what* ("left as written", "not read again")."""
    found = [re.search(rf"(\d+) (?:of them )?{what}", r.getMessage()) for r in caplog.records]
    return sum(int(m[1]) for m in found if m)


@pytest.fixture
def serving() -> Iterator[None]:
    yield
    hooks = {str(ROOT / "hooks" / name) for name in ("incremental.py", "kb_site.py")}
    for module in [m for m in list(sys.modules.values()) if getattr(m, "__file__", None) in hooks]:
        module.on_shutdown()  # as `mkdocs serve` ends: the next test's builds start afresh


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=EDIT_SEQUENCES)
def test_dirty_serve_rebuilds_equal_clean_builds(
    steps: list[tuple[Change, int]],
    tmp_path_factory: pytest.TempPathFactory,
    reproducible: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    serving: None,
) -> None:
    """`make serve` (`mkdocs serve --dirty`) leaves pages whose output would not change as the last
    build wrote them; after any edits its folder equals a clean build's, file by file."""
    caplog.set_level(logging.INFO)
    work = tmp_path_factory.mktemp("serve")
    project = _project_to_edit(work, reproducible)
    _serve_build(project, work / "served", dirty=True, monkeypatch=reproducible)
    for edit, done in _each_edit(project, steps, caplog):
        _serve_build(project, work / "served", dirty=True, monkeypatch=reproducible)
        left, (_, pages) = _logged_count(caplog, "left as written"), _rendered(caplog)
        if edit is nothing:  # every page left as written, and all but the tag listing unread
            assert left == pages and _logged_count(caplog, "not read again") == pages - 1, done
        elif edit in (config_change, template_change):
            assert left == 0, done
        else:
            assert 0 < left < pages, done
        _clean_serve_build(project, work / "clean", reproducible)
        assert_same_site(work / "served", work / "clean", done)


def test_a_served_file_changed_behind_the_server_is_written_again(
    tmp_path: Path, reproducible: pytest.MonkeyPatch, serving: None
) -> None:
    """A page left as written must still be the file written: one altered, one deleted and one
    stray file in the served folder are all put right by the next dirty build."""
    project = synth.generate(tmp_path / "project", 12, entries=12)
    reproducible.chdir(project)
    served = tmp_path / "served"
    _serve_build(project, served, dirty=True, monkeypatch=reproducible)
    altered, deleted = served / "quotes" / "studie2022-0003" / "index.html", served / "concepts" / "index.html"
    altered.write_bytes(altered.read_bytes().replace(b"<html", b"<html data-altered", 1))
    deleted.unlink()
    _serve_build(project, served, dirty=True, monkeypatch=reproducible)
    _clean_serve_build(project, tmp_path / "clean", reproducible)
    assert_same_site(served, tmp_path / "clean", "a served file altered and one deleted")


def test_a_dirty_serve_rebuild_writes_each_search_entry_once(
    tmp_path: Path, reproducible: pytest.MonkeyPatch, serving: None
) -> None:
    """Material's search plugin, in a dirty build, merges the last index into the new one by the
    address of the new one's first entry; with the home page out of the search, that entry is
    another page's, and the merge must not bring the last build's entries back."""
    project = synth.generate(tmp_path / "project", 12, entries=12)
    home = project / "docs" / "index.md"
    home.write_text("---\nsearch:\n  exclude: true\n---\n" + home.read_text(encoding="utf-8"), encoding="utf-8")
    reproducible.chdir(project)
    served = tmp_path / "served"
    _serve_build(project, served, dirty=True, monkeypatch=reproducible)
    for edit in (nothing, quote_text):
        edit(project, 1)
        _serve_build(project, served, dirty=True, monkeypatch=reproducible)
        _clean_serve_build(project, tmp_path / "clean", reproducible)
        assert_same_site(served, tmp_path / "clean", f"{edit.__name__}, the home page out of the search")


def test_a_failed_serve_rebuild_then_a_fixed_one_equals_a_clean_build(
    tmp_path: Path, reproducible: pytest.MonkeyPatch, serving: None
) -> None:
    """A rebuild that fails after writing pages (a broken link under --strict) or before (kb check
    finds an unknown source) leaves the folder unknown: the next one, after the fix, is exact."""
    project = synth.generate(tmp_path / "project", 12, entries=12)
    reproducible.chdir(project)
    served = tmp_path / "served"
    _serve_build(project, served, dirty=True, monkeypatch=reproducible)
    quote = project / "docs" / "quotes" / "studie2022-0002.md"
    original = quote.read_text(encoding="utf-8")
    for broken in ("## Analys\n\n[diagram](bild.md)\n", "## Analys\n\nSe [@okand1999, s. 3].\n"):
        quote_text(project, 7)
        quote.write_text(original.replace("## Analys\n", broken, 1), encoding="utf-8")
        with pytest.raises(Abort):
            _serve_build(project, served, dirty=True, monkeypatch=reproducible)
        quote.write_text(original, encoding="utf-8")
        _serve_build(project, served, dirty=True, monkeypatch=reproducible)
        _clean_serve_build(project, tmp_path / "clean", reproducible)
        assert_same_site(served, tmp_path / "clean", f"a failed rebuild ({broken.strip()}), then fixed")


def test_a_file_added_to_the_theme_is_served(tmp_path: Path, reproducible: pytest.MonkeyPatch, serving: None) -> None:
    """The theme's file listing is kept between rebuilds, under what its folders hold."""
    project = synth.generate(tmp_path / "project", 12, entries=12, own_overrides=True)
    reproducible.chdir(project)
    served = tmp_path / "served"
    _serve_build(project, served, dirty=True, monkeypatch=reproducible)
    (project / "overrides" / "assets").mkdir(parents=True, exist_ok=True)
    (project / "overrides" / "assets" / "extra.css").write_text("p { margin: 0 }\n")
    _serve_build(project, served, dirty=True, monkeypatch=reproducible)
    assert (served / "assets" / "extra.css").read_text() == "p { margin: 0 }\n"


def test_a_dirty_serve_build_warns_on_every_rebuild(
    tmp_path: Path, reproducible: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, serving: None
) -> None:
    """A page that warns is never left as written: without --strict (where the first warning ends
    the build) every rebuild warns again, also when another page was edited."""
    caplog.set_level(logging.INFO)
    project = synth.generate(tmp_path / "project", 12, entries=12)
    quote = project / "docs" / "quotes" / "studie2022-0002.md"
    quote.write_text(quote.read_text(encoding="utf-8").replace("## Analys\n", "## Analys\n\n![diagram](bild.png)\n", 1))
    reproducible.chdir(project)
    for edit in (nothing, quote_text, nothing):  # the first build, then two rebuilds
        edit(project, 5)
        caplog.clear()
        _serve_build(project, tmp_path / "served", dirty=True, monkeypatch=reproducible, strict=False)
        assert any("contains a link 'bild.png'" in r.getMessage() for r in caplog.records), edit.__name__
    assert _logged_count(caplog, "left as written") > 20  # while other pages were left as written


def _rendered(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """(pages rendered anew, pages) as the incremental hook reports them."""
    found = [re.search(r"Rendered (\d+) of (\d+) pages", r.getMessage()) for r in caplog.records]
    counts = [(int(m[1]), int(m[2])) for m in found if m]
    assert len(counts) == 1, [r.getMessage() for r in caplog.records][-5:]
    return counts[0]


def test_each_edit_changes_the_site(tmp_path: Path, reproducible: pytest.MonkeyPatch) -> None:
    """The comparison can fail: every edit but `nothing` changes what a build writes."""
    project = synth.generate(tmp_path / "project", 12, entries=12, own_overrides=True)
    reproducible.chdir(project)
    _build(project, tmp_path / "before", cached=False, monkeypatch=reproducible)
    for edit in EDITS:
        edit(project, 3)
        _build(project, tmp_path / "after", cached=False, monkeypatch=reproducible)
        before, after = _tree(tmp_path / "before"), _tree(tmp_path / "after")
        assert (before == after) == (edit is nothing), edit.__name__
        shutil.rmtree(tmp_path / "before")
        (tmp_path / "after").rename(tmp_path / "before")


def test_a_stale_stored_page_is_caught(tmp_path: Path, reproducible: pytest.MonkeyPatch) -> None:
    """If the store handed back an outdated page, the comparison would say so."""
    project = synth.generate(tmp_path / "project", 12, entries=12, own_overrides=True)
    reproducible.chdir(project)
    _build(project, tmp_path / "incremental", cached=True, monkeypatch=reproducible)
    quote_text(project, 0)
    _build(project, tmp_path / "clean", cached=False, monkeypatch=reproducible)
    with pytest.raises(pytest.fail.Exception, match="differ"):
        assert_same_site(tmp_path / "incremental", tmp_path / "clean", "quote_text(0), not rebuilt")
    assert os.environ["KB_CACHE"] == "0"


def test_serve_shows_each_saved_edit_on_every_page_it_changes(tmp_path: Path) -> None:
    """The real `mkdocs serve` (with the OS-notified watcher) serves a saved quote, and the concept
    page listing its excerpt, updated after each save."""
    project = synth.generate(tmp_path / "project", 12, entries=12)
    quote = project / "docs" / "quotes" / "studie2022-0001.md"
    concept = re.search(r"^concepts: \[([^,\]]+)", quote.read_text(encoding="utf-8"), re.MULTILINE)
    assert concept
    paths = ["quotes/studie2022-0001/", f"concepts/{concept[1]}/"]
    times = serve_edit.edit_to_served(project, quote, paths, edits=2, dirty=True, timeout=90)  # as make serve
    assert len(times) == 2


def test_damaged_stored_pages_are_rendered_again(tmp_path: Path, reproducible: pytest.MonkeyPatch) -> None:
    """A truncated or overwritten entry in .cache/kb/render costs a re-render, never a wrong page."""
    project = synth.generate(tmp_path / "project", 12, entries=12, own_overrides=True)
    reproducible.chdir(project)
    _build(project, tmp_path / "incremental", cached=True, monkeypatch=reproducible)
    packs = sorted((project / ".cache" / "kb" / "render").glob("*.pack"))
    assert packs and sum(p.stat().st_size for p in packs) > 20_000
    for n, pack in enumerate(packs):
        data = bytearray(pack.read_bytes())
        for offset in range(100, len(data), 997):  # a flipped byte every kilobyte or so
            data[offset] ^= 0x55
        pack.write_bytes(bytes(data[: len(data) - 1000 * n]))  # and the tail of all but the first torn
    _build(project, tmp_path / "incremental", cached=True, monkeypatch=reproducible)
    _build(project, tmp_path / "clean", cached=False, monkeypatch=reproducible)
    assert_same_site(tmp_path / "incremental", tmp_path / "clean", "damaged entries")


def test_a_warning_fails_every_strict_build_not_only_the_first(tmp_path: Path) -> None:
    """A page whose rendering warns is never served from the store: the command-line build (where
    MkDocs's logger does not propagate) fails under --strict the second time too."""
    project = synth.generate(tmp_path / "project", 12, entries=12)
    quote = project / "docs" / "quotes" / "studie2022-0002.md"
    quote.write_text(quote.read_text(encoding="utf-8").replace("## Analys\n", "## Analys\n\n![diagram](bild.png)\n", 1))
    for attempt in (1, 2):
        result = mkdocs_build(project, tmp_path / "site")
        assert result.returncode == 1, f"build {attempt} passed"
        assert "contains a link 'bild.png'" in result.stderr, f"build {attempt}"


def needs_helpers(test: Callable[..., None]) -> Callable[..., None]:
    """A test of helper processes (kb.forked): where they can run, beside other tests' threads."""
    test = pytest.mark.usefixtures("beside_test_harness")(test)
    return pytest.mark.skipif(not forked.fork_possible(), reason="needs fork and two cores")(test)


@pytest.fixture
def shared_project(tmp_path: Path, reproducible: pytest.MonkeyPatch) -> Path:
    """A project large enough for helpers to start (more pages than MIN_SHARED)."""
    project = synth.generate(tmp_path / "project", 40, entries=40, own_overrides=True)
    reproducible.chdir(project)
    return project


@needs_helpers
def test_a_build_shared_with_a_helper_process_equals_a_clean_build(
    shared_project: Path, tmp_path: Path, reproducible: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A first build shares its pages with helper processes (kb.forked): the same bytes, and no page
    fails in a helper (it would be built here again: only slower, so nothing else would show it)."""
    caplog.set_level(logging.DEBUG)
    _build(shared_project, tmp_path / "shared", cached=True, monkeypatch=reproducible)
    helped = [re.search(r"\((\d+) by a helper process\)", r.getMessage()) for r in caplog.records]
    assert any(m and int(m[1]) > 20 for m in helped), [r.getMessage() for r in caplog.records][-3:]
    assert [r.getMessage() for r in caplog.records if "failed in the helper" in r.getMessage()] == []
    _build(shared_project, tmp_path / "clean", cached=False, monkeypatch=reproducible)
    assert_same_site(tmp_path / "shared", tmp_path / "clean", "a first build shared with a helper")


@needs_helpers
def test_a_failing_build_leaves_no_helper_process(
    shared_project: Path, tmp_path: Path, reproducible: pytest.MonkeyPatch
) -> None:
    """A build that fails while a helper renders pages ends the helper too (none is left running)."""
    _sub(shared_project / "overrides" / "main.html", r"\{\{ super\(\) \}\}", "{{ super() }}{{ no_such_function() }}")
    before = _children()
    started: list[int] = []
    reproducible.setattr(forked.os, "fork", _noting(forked.os.fork, started))
    with pytest.raises(Exception, match="no_such_function|undefined"):
        _build(shared_project, tmp_path / "site", cached=True, monkeypatch=reproducible)
    assert started, "no helper was started: the test would prove nothing"
    assert _children() <= before  # each helper ended and reaped (a zombie is still listed)


def _noting(fork: Callable[[], int], started: list[int]) -> Callable[[], int]:
    def noted() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    return noted


def _children() -> set[int]:
    """This process's child processes, running or ended but not waited for (Linux's /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def _renders(project: Path, site: Path, reuse: bool, monkeypatch: pytest.MonkeyPatch) -> int:
    """A clean one-process build (KB_HELPER=0) with or without the hook's one Markdown instance per
    build; the number of Markdown instances made while pages rendered."""
    monkeypatch.setenv("KB_CACHE", "0")
    monkeypatch.setenv("KB_HELPER", "0")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    hook = next(m for m in config["hooks"].values() if Path(m.__file__).name == "incremental.py")
    monkeypatch.setattr(hook, "REUSE_MARKDOWN", reuse)
    # MkDocs keeps plugins with on_startup for the whole process (for `mkdocs serve`), and
    # mkdocs-bibtex then keeps the last project's bibliography if this one's file is older.
    config.plugins["bibtex"].last_configured = None
    made: list[int] = []
    init = markdown.Markdown.__init__

    def counted(self: markdown.Markdown, *args: Any, **kwargs: Any) -> None:
        made.append(1)
        init(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(markdown.Markdown, "__init__", counted)
        build(config)
    return len(made)


@pytest.mark.parametrize("project_of", ["synthetic", "real"])
def test_one_markdown_instance_per_build_renders_as_one_per_page(
    project_of: str, tmp_path: Path, reproducible: pytest.MonkeyPatch
) -> None:
    """The hook renders every page with one Markdown instance, reset between pages (Python-Markdown's
    contract for reuse), where MkDocs makes a new one per page: the site is the one MkDocs's own way
    writes, on a synthetic project and on the real one (footnotes, glossary abbreviations, tables,
    details, anchors), and the instances made drop by at least one per page after the first."""
    project = _project_to_edit(tmp_path, reproducible) if project_of == "synthetic" else ROOT
    reproducible.chdir(project)  # (the synthetic one is already the working folder)
    per_page = _renders(project, tmp_path / "per-page", reuse=False, monkeypatch=reproducible)
    one = _renders(project, tmp_path / "one", reuse=True, monkeypatch=reproducible)
    pages = sum(1 for _ in (tmp_path / "per-page").rglob("index.html"))
    assert one <= per_page - (pages - 1), (one, per_page, pages)
    assert_same_site(tmp_path / "one", tmp_path / "per-page", "one Markdown instance per build")
