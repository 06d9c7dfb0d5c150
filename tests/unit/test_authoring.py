"""`kb new quote` / `kb new concept`: validation before writing, free names, no overwrites."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kb.authoring import write_new
from support import check, run_kb


def kb(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kb("--root", str(project), *args, cwd=project)


QUOTE_ARGS = [
    "new",
    "quote",
    "--study",
    "lundgren2022",
    "--speaker",
    "IP",
    "--locator",
    "s. 30",
    "--concept",
    "handlingsutrymme",
    "--concept",
    "grasrotsbyrakrat",
    "--title",
    "Ett nytt citat",
]


def test_new_quote_picks_next_free_name_and_validates(project: Path):
    result = kb(project, *QUOTE_ARGS)
    assert result.returncode == 0, result.stderr
    created = project / "docs/quotes/lundgren2022-02.md"
    assert "Skapade docs/quotes/lundgren2022-02.md" in result.stdout and "kb check" in result.stdout
    text = created.read_text(encoding="utf-8")
    assert "concepts: [handlingsutrymme, grasrotsbyrakrat]" in text and "locator: s. 30" in text
    assert [d.code for d in check(project) if d.path.endswith("lundgren2022-02.md")] == []
    assert kb(project, *QUOTE_ARGS).returncode == 0
    assert (project / "docs/quotes/lundgren2022-03.md").exists()


def test_new_quote_rejects_bad_input_and_writes_nothing(project: Path):
    before = sorted(p.name for p in (project / "docs/quotes").iterdir())
    cases = {
        "--study": ("okand2020", "okänd studie"),
        "--speaker": ("Anna", "aldrig ett namn"),
        "--locator": ("sidan 30", "ingen sidhänvisning"),
        "--concept": ("finns-inte", "okänt begrepps-id"),
    }
    for option, (value, message) in cases.items():
        args = list(QUOTE_ARGS)
        i = args.index(option)
        args[i + 1] = value
        result = kb(project, *args)
        assert result.returncode == 2 and message in result.stderr, option
    assert sorted(p.name for p in (project / "docs/quotes").iterdir()) == before


def test_missing_value_without_terminal_is_an_error(project: Path):
    result = kb(project, "new", "quote", "--study", "lundgren2022")
    assert result.returncode == 2 and "värde saknas" in result.stderr


def test_new_concept_rejects_traversal_and_duplicates(project: Path):
    for bad in ["../evil", "a/b", "Stor", "två", "x--y"]:
        result = kb(project, "new", "concept", bad, "--title", "X", "--title-en", "Y")
        assert result.returncode == 2 and "ogiltigt id" in result.stderr, bad
    assert not (project.parent / "evil.md").exists()
    result = kb(project, "new", "concept", "handlingsutrymme", "--title", "X", "--title-en", "Y")
    assert result.returncode == 2 and "finns redan" in result.stderr


def test_new_concept_from_template(project: Path):
    result = kb(
        project, "new", "concept", "motstand", "--title", "Motstånd", "--title-en", "Resistance", "--theorist", "lipsky"
    )
    assert result.returncode == 0, result.stderr
    text = (project / "concepts/motstand.md").read_text(encoding="utf-8")
    assert 'title: "Motstånd"' in text and "theorist: lipsky" in text and "## I studierna" in text


def test_write_new_never_overwrites(tmp_path: Path):
    target = tmp_path / "a.md"
    target.write_text("author's text", encoding="utf-8")
    assert write_new(target, "new text") is False
    assert target.read_text(encoding="utf-8") == "author's text"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temp file left behind
