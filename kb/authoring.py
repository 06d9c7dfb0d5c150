"""`kb new quote` and `kb new concept`: create a page from a template, safely.

Inputs are validated against the bibliography and the concept ids before
anything is written; the new file never replaces an existing one.
"""

from __future__ import annotations

import argparse
import json
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
    new = commands.add_parser("new", help="skapa en citat- eller begreppssida från en mall")
    kinds = new.add_subparsers(dest="kind", required=True)

    quote = kinds.add_parser("quote", help="en ny citatsida i docs/quotes/")
    quote.add_argument("--study", help="uppsatsens källnyckel, t.ex. lundgren2022")
    quote.add_argument("--speaker", help="som i uppsatsen: IP eller 'Informant 3'")
    quote.add_argument("--locator", help="sidan i uppsatsen, t.ex. 's. 27'")
    quote.add_argument("--concept", action="append", default=None, help="begreppets id (kan upprepas)")
    quote.add_argument("--title", help="en kort titel på svenska")
    quote.add_argument("--context", default="", help="intervjufrågan eller temat")
    quote.set_defaults(run=_run(new_quote))

    concept = kinds.add_parser("concept", help="en ny begreppssida i concepts/")
    concept.add_argument("id", nargs="?", help="filnamn utan .md: gemena bokstäver, siffror, '-'")
    concept.add_argument("--title", help="svenskt namn")
    concept.add_argument("--title-en", help="engelsk term")
    concept.add_argument("--theorist", default="", help="teoretikerns id, t.ex. lipsky (frivilligt)")
    concept.set_defaults(run=_run(new_concept))


def _run(action: Callable[[argparse.Namespace, Callable[[str], str]], Path]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            path = action(args, _prompt)
        except InputError as exc:
            print(f"kb new: {exc}", file=sys.stderr)
            return 2
        rel = path.relative_to(args.root.resolve()).as_posix()
        print(f"Skapade {rel}")
        print(f"Nästa steg: öppna {rel}, skriv texten, kör sedan `kb check {rel}` och se sidan med `make serve`.")
        return 0

    return run


def _prompt(question: str) -> str:
    if not sys.stdin.isatty():
        raise InputError(f"värde saknas: {question} (ange det som flagga)")
    return input(f"{question}: ").strip()


def _ask(value: str | None, question: str, prompt: Callable[[str], str]) -> str:
    return value.strip() if value and value.strip() else prompt(question)


def new_quote(args: argparse.Namespace, prompt: Callable[[str], str]) -> Path:
    root = args.root.resolve()
    kb = load(root)
    studies = {str(p.meta.get("study")) for p in kb.of_kind(PageKind.STUDY)}
    study = _ask(args.study, f"Studie ({', '.join(sorted(studies))})", prompt)
    if study not in studies:
        raise InputError(f"okänd studie {study!r}; välj en av: {', '.join(sorted(studies))}")
    speaker = _ask(args.speaker, "Talare som i uppsatsen (IP eller Informant N)", prompt)
    if not SPEAKER.match(speaker):
        raise InputError(f"talaren {speaker!r} ska anges som i uppsatsen: IP, I eller 'Informant N' – aldrig ett namn")
    locator = _ask(args.locator, "Sida i uppsatsen (t.ex. s. 27)", prompt)
    if not is_valid_locator(locator):
        raise InputError(f"{locator!r} är ingen sidhänvisning; skriv till exempel 's. 27' eller 's. 27 f.'")
    concepts = args.concept or [c for c in re.split(r"[,\s]+", prompt("Begrepp (id, kommaseparerade)")) if c]
    unknown = [c for c in concepts if c not in kb.concepts]
    if not concepts or unknown:
        raise InputError(f"okänt begrepps-id {unknown or concepts}; se filnamnen i concepts/")
    title = _ask(args.title, "Kort titel", prompt)
    text = _template("quote.md").substitute(
        title=yaml_string(title),
        study=study,
        speaker=yaml_string(speaker),
        locator=locator,
        concepts=", ".join(concepts),
        first_concept=concepts[0],
        context=yaml_string(args.context or ""),
    )
    folder = root / "docs" / "quotes"
    for n in range(1, 1000):
        path = folder / f"{study}-{n:02d}.md"
        if not path.exists() and write_new(path, text):
            return path
    raise InputError(f"inget ledigt filnamn för {study} i {folder}")


def new_concept(args: argparse.Namespace, prompt: Callable[[str], str]) -> Path:
    root = args.root.resolve()
    kb = load(root)
    cid = _ask(args.id, "Begreppets id (t.ex. handlingsutrymme)", prompt)
    if not CONCEPT_ID.match(cid):
        raise InputError(
            f"ogiltigt id {cid!r}: använd gemena a–z, siffror och enkla bindestreck (inga sökvägar, inga å/ä/ö)"
        )
    if cid in kb.concepts:
        raise InputError(f"begreppet {cid!r} finns redan: {CONCEPTS_DIR}/{cid}.md")
    theorists = {p.id for p in kb.of_kind(PageKind.THEORIST)}
    if args.theorist and args.theorist not in theorists:
        raise InputError(f"okänd teoretiker {args.theorist!r}; välj en av: {', '.join(sorted(theorists))}")
    title = _ask(args.title, "Svenskt namn", prompt)
    title_en = _ask(args.title_en, "Engelsk term", prompt)
    text = _template("concept.md").substitute(
        title=yaml_string(title),
        title_en=yaml_string(title_en),
        theorist_line=f"theorist: {args.theorist}" if args.theorist else "",
    )
    path = root / CONCEPTS_DIR / f"{cid}.md"
    if not write_new(path, text.replace("\n\naliases", "\naliases")):
        raise InputError(f"{path} finns redan; ingenting skrevs")
    return path


def _template(name: str) -> Template:
    return Template(resources.files("kb").joinpath(f"templates/{name}").read_text(encoding="utf-8"))


def yaml_string(value: str) -> str:
    """*value* as one YAML scalar (a JSON string is valid YAML): a colon or a quote cannot add keys."""
    if "\n" in value or "\r" in value:
        raise InputError(f"{value!r}: ett värde får inte innehålla radbrytningar")
    return json.dumps(value, ensure_ascii=False)


def write_new(path: Path, text: str) -> bool:
    """Write *text* to *path* atomically, readable as the umask allows; False (and nothing written) if it exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-new-", suffix=".md")
    except OSError as exc:
        raise InputError(f"kan inte skriva i {path.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a page is shared like any file
        os.link(tmp, path)  # fails if path exists: never overwrites
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        raise InputError(f"kan inte skriva {path}: {exc.strerror}") from exc
    finally:
        os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
