"""Faults an author's machine can throw at the tools: never a traceback, always a clear message,
nothing lost. And fuzzing: every parser gives a diagnostic or a clean pass, never an exception."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import anonymity, bibliography, citations, frontmatter, syntax
from kb.cache import ContentCache
from kb.diagnostics import Diagnostic, Severity, format_github
from kb.validate import check_project
from support import make_project, mkdocs_build, run_kb


def codes(project: Path) -> list[str]:
    return [d.code for d in check_project(project, use_cache=False)[1]]


def test_a_dangling_symlink_is_reported_not_followed(project: Path):
    (project / "docs" / "borta.md").symlink_to(project / "docs" / "finns-inte.md")
    result = run_kb("check", "--no-cache", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs/borta.md:1:1: KB001" in result.stdout


def test_a_symlink_loop_is_reported(project: Path):
    (project / "docs" / "a.md").symlink_to(project / "docs" / "b.md")
    (project / "docs" / "b.md").symlink_to(project / "docs" / "a.md")
    result = run_kb("check", "--no-cache", cwd=project)
    assert "Traceback" not in result.stderr and result.stdout.count("KB001") == 2


def test_a_file_name_that_is_not_utf8_is_reported(project: Path):
    name = os.fsencode(project / "docs") + b"/fil\xff.md"
    Path(os.fsdecode(name)).write_text("---\ntitle: X\n---\nText.\n", encoding="utf-8")
    result = run_kb("check", "--no-cache", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "KB001" in result.stdout and "not valid UTF-8" in result.stdout


def test_the_build_reports_a_dangling_symlink_without_a_traceback(project: Path, tmp_path: Path):
    (project / "docs" / "borta.md").symlink_to(project / "docs" / "finns-inte.md")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr and "KB001" in result.stderr


def test_a_path_that_does_not_exist_is_an_error(project: Path):
    result = run_kb("check", "finns/inte.md", cwd=project)
    assert result.returncode == 2 and "no such file: finns/inte.md" in result.stderr


def test_a_closed_pipe_is_not_a_traceback(project: Path):
    for n in range(800):  # enough output to fill a pipe
        (project / "docs" / f"fel{n}.md").write_text(f"---\ntitle: F\n---\n[@okand{n}, s. 1]\n", encoding="utf-8")
    result = subprocess.run(
        f"{sys.executable} -m kb.cli check --no-cache | head -1",
        shell=True,
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.stdout.count("\n") == 1 and "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_a_cache_claiming_a_huge_length_is_ignored_and_rebuilt(project: Path):
    cache = project / ".cache" / "kb" / "check.pickle"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x80\x05\x95" + (2**62).to_bytes(8, "little") + b"garbage")  # a frame of 4 EiB
    result = run_kb("check", cwd=project)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    with cache.open("rb") as f:
        assert isinstance(pickle.load(f), tuple)  # rewritten whole


@given(st.binary(max_size=200))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_cache_content_is_ignored_or_used_never_a_crash(tmp_path_factory, data: bytes):
    path = tmp_path_factory.mktemp("cache") / "check.pickle"
    path.write_bytes(data)
    cache = ContentCache(path)
    assert cache.get("ns", "k", lambda: 1) in (1, cache.find("ns", "k"))


def test_a_stale_temporary_file_of_a_killed_check_is_removed(project: Path):
    folder = project / ".cache" / "kb"
    folder.mkdir(parents=True)
    stale = folder / ".check-left.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = folder / ".check-now.tmp"  # another check writing right now
    fresh.write_bytes(b"half")
    assert run_kb("check", cwd=project).returncode == 0
    assert not stale.exists() and fresh.exists()


def test_kb_new_cannot_inject_yaml_through_a_title(project: Path):
    title = 'Vad: "allt" # och mer'
    args = ("new", "quote", "--study", "lundgren2022", "--speaker", "IP", "--locator", "s. 26")
    result = run_kb("--root", str(project), *args, "--concept", "handlingsutrymme", "--title", title, cwd=project)
    assert result.returncode == 0, result.stderr
    from kb.model import load

    page = load(project).by_site_path["quotes/lundgren2022-02.md"]
    assert page.meta["title"] == title and not page.front.error


def test_kb_new_rejects_a_title_with_a_line_break_and_writes_nothing(project: Path):
    before = sorted((project / "docs" / "quotes").iterdir())
    args = ("new", "quote", "--study", "lundgren2022", "--speaker", "IP", "--locator", "s. 26")
    result = run_kb(
        "--root", str(project), *args, "--concept", "handlingsutrymme", "--title", "a\nconcepts: [x]", cwd=project
    )
    assert result.returncode == 2 and "radbrytningar" in result.stderr and "Traceback" not in result.stderr
    assert sorted((project / "docs" / "quotes").iterdir()) == before


def test_kb_new_files_follow_the_umask(project: Path):
    args = ("new", "concept", "nytt", "--title", "Nytt", "--title-en", "New")
    result = subprocess.run(
        f"umask 022 && {sys.executable} -m kb.cli --root {project} {' '.join(args)}",
        shell=True,
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (project / "concepts" / "nytt.md").stat().st_mode & 0o777 == 0o644


def test_kb_new_where_it_cannot_write_is_a_message_not_a_traceback(project: Path):
    target = project / "docs" / "quotes"
    for child in target.iterdir():
        child.unlink()
    target.rmdir()
    target.write_text("en fil där mappen skulle vara", encoding="utf-8")
    args = ("new", "quote", "--study", "lundgren2022", "--speaker", "IP", "--locator", "s. 26")
    result = run_kb("--root", str(project), *args, "--concept", "handlingsutrymme", "--title", "X", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "kan inte skriva" in result.stderr
    assert target.read_text(encoding="utf-8") == "en fil där mappen skulle vara"


def test_github_annotations_escape_file_names():
    d = Diagnostic("docs/100%,a:b\nc.md", 1, 1, "KB101", Severity.ERROR, "unknown key")
    line = format_github(d)
    assert "file=docs/100%25%2Ca%3Ab%0Ac.md," in line and "\n" not in line


def test_a_kb_warning_fails_a_strict_build_even_when_quiet(project: Path, tmp_path: Path):
    entry = "\n@misc{oanvand2020,\n  title = {T},\n  year = {2020},\n  author = {A, B},\n  langid = {swedish}\n}\n"
    (project / "bibliography.bib").write_text((project / "bibliography.bib").read_text() + entry, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(tmp_path / "s")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0 and "KB205" in result.stderr


# --- fuzzing: a diagnostic or a clean pass, never an exception ------------------------

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            "[",
            "]",
            "@",
            "[@a2000, s. 1]",
            "`",
            "```\n",
            "<!--",
            "-->",
            "\n",
            "\n\n",
            "    ",
            "> ",
            "[[x]]",
            "---\n",
            ": ",
            "s. 0",
            "–",
            "\\",
            "{",
            "}",
            "Tova ",
            "070-174 06 42",
            "121212-1212",
        ]
    ),
    max_size=40,
).map("".join)


@given(st.one_of(TEXT, MARKDOWNISH))
@settings(max_examples=300)
def test_markdown_scanners_never_raise(text: str):
    citations.scan(text)
    syntax.mask_code(text)
    syntax.unshield(syntax.shield_for_citations(text))
    anonymity.scan_text(text)
    syntax.word_count(text)


@given(st.one_of(TEXT, MARKDOWNISH.map(lambda t: "---\n" + t)))
@settings(max_examples=300)
def test_front_matter_parser_never_raises(text: str):
    parsed = frontmatter.parse(text)
    assert parsed.error is None or len(parsed.error) == 4


BIBISH = st.lists(
    st.sampled_from(
        [
            "@book{",
            "@article{a",
            "k2000,",
            "author = {",
            "}",
            "{",
            "title = ",
            "year = {20x}",
            '"',
            "@string{",
            "=",
            ",",
            "\n",
            "crossref = {k2000}",
            '\\"a',
            "and others",
            "@comment{",
            "%",
        ]
    ),
    max_size=40,
).map("".join)


@given(st.one_of(TEXT, BIBISH))
@settings(max_examples=300)
def test_bibliography_parser_never_raises(text: str):
    bib = bibliography.parse(text, "bibliography.bib")
    assert all(d.path == "bibliography.bib" for d in bib.diagnostics)


@pytest.mark.build
@given(MARKDOWNISH)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_checking_any_page_never_raises(tmp_path_factory, text: str):
    project = make_project(tmp_path_factory.mktemp("fuzz") / "p", {"docs/fuzz.md": text})
    check_project(project, use_cache=False)
