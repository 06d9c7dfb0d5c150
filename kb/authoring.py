"""`kb new quote` and `kb new concept`: create a page from a template, safely.

Inputs are validated against the bibliography and the concept ids before
anything is written; the new file never replaces an existing one.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from string import Template

from kb.citations import is_valid_locator
from kb.model import CONCEPTS_DIR, PageKind, load
from kb.validate import SPEAKER

CONCEPT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


class InputError(ValueError):
    """A value the author must correct; the message says how."""


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    new = commands.add_parser("new", help="create a quote or concept page from a template")
    kinds = new.add_subparsers(dest="kind", required=True)

    quote = kinds.add_parser("quote", help="a new quote page in docs/quotes/")
    quote.add_argument("--study", help="bibliography key of the thesis, e.g. lundgren2022")
    quote.add_argument("--speaker", help="as published: IP or 'Informant 3'")
    quote.add_argument("--locator", help="page in the thesis, e.g. 's. 27'")
    quote.add_argument("--concept", action="append", default=None, help="concept id (repeatable)")
    quote.add_argument("--title", help="a short Swedish title")
    quote.add_argument("--context", default="", help="the interview question or theme")
    quote.set_defaults(run=_run(new_quote))

    concept = kinds.add_parser("concept", help="a new concept page in concepts/")
    concept.add_argument("id", nargs="?", help="file name without .md: lower-case letters, digits, '-'")
    concept.add_argument("--title", help="Swedish name")
    concept.add_argument("--title-en", help="English term")
    concept.add_argument("--theorist", default="", help="theorist id, e.g. lipsky (optional)")
    concept.set_defaults(run=_run(new_concept))


def _run(action: Callable[[argparse.Namespace, Callable[[str], str]], Path]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            path = action(args, _prompt)
        except InputError as exc:
            print(f"kb new: {exc}", file=sys.stderr)
            return 2
        rel = path.relative_to(args.root.resolve()).as_posix()
        print(f"Created {rel}")
        print(f"Next: open {rel}, write the text, then run `kb check {rel}` and `make serve` to see it.")
        return 0

    return run


def _prompt(question: str) -> str:
    if not sys.stdin.isatty():
        raise InputError(f"missing value: {question} (pass it as an option)")
    return input(f"{question}: ").strip()


def _ask(value: str | None, question: str, prompt: Callable[[str], str]) -> str:
    return value.strip() if value and value.strip() else prompt(question)


def new_quote(args: argparse.Namespace, prompt: Callable[[str], str]) -> Path:
    root = args.root.resolve()
    kb = load(root)
    studies = {str(p.meta.get("study")) for p in kb.of_kind(PageKind.STUDY)}
    study = _ask(args.study, f"Studie ({', '.join(sorted(studies))})", prompt)
    if study not in studies:
        raise InputError(f"unknown study {study!r}; use one of: {', '.join(sorted(studies))}")
    speaker = _ask(args.speaker, "Talare som i uppsatsen (IP eller Informant N)", prompt)
    if not SPEAKER.match(speaker):
        raise InputError(f"speaker {speaker!r} must be IP, I or 'Informant N' as published — never a name")
    locator = _ask(args.locator, "Sida i uppsatsen (t.ex. s. 27)", prompt)
    if not is_valid_locator(locator):
        raise InputError(f"locator {locator!r} is not a page locator; write e.g. 's. 27' or 's. 27 f.'")
    concepts = args.concept or [c for c in re.split(r"[,\s]+", prompt("Begrepp (id, kommaseparerade)")) if c]
    unknown = [c for c in concepts if c not in kb.concepts]
    if not concepts or unknown:
        raise InputError(f"unknown concept id(s) {unknown or concepts}; see concepts/ for the ids")
    title = _ask(args.title, "Kort titel", prompt)
    text = _template("quote.md").substitute(
        title=title.replace('"', "'"),
        study=study,
        speaker=speaker,
        locator=locator,
        concepts=", ".join(concepts),
        first_concept=concepts[0],
        context=(args.context or "").replace('"', "'"),
    )
    folder = root / "docs" / "quotes"
    for n in range(1, 1000):
        path = folder / f"{study}-{n:02d}.md"
        if not path.exists() and write_new(path, text):
            return path
    raise InputError(f"no free file name for {study} in {folder}")


def new_concept(args: argparse.Namespace, prompt: Callable[[str], str]) -> Path:
    root = args.root.resolve()
    kb = load(root)
    cid = _ask(args.id, "Begreppets id (t.ex. handlingsutrymme)", prompt)
    if not CONCEPT_ID.match(cid):
        raise InputError(f"bad id {cid!r}: use lower-case a–z, digits and single hyphens (no paths, no å/ä/ö)")
    if cid in kb.concepts:
        raise InputError(f"concept {cid!r} exists already: {CONCEPTS_DIR}/{cid}.md")
    theorists = {p.id for p in kb.of_kind(PageKind.THEORIST)}
    if args.theorist and args.theorist not in theorists:
        raise InputError(f"unknown theorist {args.theorist!r}; use one of: {', '.join(sorted(theorists))}")
    title = _ask(args.title, "Svenskt namn", prompt)
    title_en = _ask(args.title_en, "Engelsk term", prompt)
    text = _template("concept.md").substitute(
        title=title, title_en=title_en, theorist_line=f"theorist: {args.theorist}" if args.theorist else ""
    )
    path = root / CONCEPTS_DIR / f"{cid}.md"
    if not write_new(path, text.replace("\n\naliases", "\naliases")):
        raise InputError(f"{path} exists already; nothing was written")
    return path


def _template(name: str) -> Template:
    return Template(resources.files("kb").joinpath(f"templates/{name}").read_text(encoding="utf-8"))


def write_new(path: Path, text: str) -> bool:
    """Write *text* to *path* atomically; False (and nothing written) if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-new-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.link(tmp, path)  # fails if path exists: never overwrites
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp)
