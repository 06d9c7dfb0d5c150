"""Generate a synthetic knowledge base of a given size for benchmarks.

10% concept pages, 90% quote pages, a bibliography of `entries` works; every
page cites a few works with page locators and links a few concepts.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from kb.site import paths

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "styles" / "kb-forfattare-ar.csl"  # the citation style the projects are built with
LISTED = 50
GENERATED_NAV = (paths.CONCEPT_INDEX, paths.QUOTE_INDEX, paths.SOURCE_INDEX, paths.MAP, paths.TAGS, paths.EXPORT)
# The project's hooks without priming mkdocs-bibtex, so every page formats its own citations:
# what the plugin does on its own, for bench/citation_batching.py.
UNPRIMED_HOOK = """\
import importlib.util

_spec = importlib.util.spec_from_file_location("kb_site", {hook!r})
_hooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_hooks)
_hooks._prime = lambda registry, formatted: None
on_config, on_files, on_page_markdown = _hooks.on_config, _hooks.on_files, _hooks.on_page_markdown
"""
WORDS = [
    "socialsekreterare",
    "bistånd",
    "klient",
    "plan",
    "handlingsutrymme",
    "organisation",
    "makt",
    "styrning",
    "ansvar",
    "bedömning",
    "insats",
    "aktivering",
    "kommun",
    "samverkan",
    "regel",
    "roll",
    "publik",
    "team",
    "manus",
    "kontroll",
    "stöd",
]


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _cite(rng: random.Random, entries: int) -> str:
    return f"[@verk{rng.randrange(entries):04d}, s. {rng.randint(1, 300)}]"


def _real_config(block: str) -> str:
    """A block of the real mkdocs.yml (theme features, Markdown extensions), so costs match the site's."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index(f"\n{block}\n") + 1
    lines = text[start:].split("\n")
    indent = len(block) - len(block.lstrip())
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() and len(line) - len(line.lstrip()) <= indent)
    return "\n".join(lines[:end]) + "\n"


def _real_hooks() -> list[Path]:
    """The hooks the real mkdocs.yml lists, as absolute paths."""
    return [ROOT / line.strip()[2:] for line in _real_config("hooks:").splitlines()[1:] if line.strip()]


def generate(
    target: Path,
    pages: int,
    entries: int = 2000,
    hooks: bool = True,
    seed: int = 1,
    primed: bool = True,
    own_overrides: bool = False,
) -> Path:
    """Write a project with *pages* pages to *target* (replaced) and return it.

    *hooks* False: plain MkDocs with the same Markdown; *primed* False: the project's hooks, but
    mkdocs-bibtex formats each page's citations itself; *own_overrides*: a copy of the theme
    overrides in the project (to edit them), not the real ones.
    """
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    concepts_dir = target / ("concepts" if hooks else "docs/concepts")
    for d in (concepts_dir, target / "docs/quotes", target / "docs/studies", target / "docs/theorists"):
        d.mkdir(parents=True, exist_ok=True)
    n_concepts = max(2, pages // 10)
    n_quotes = pages - n_concepts
    bib = [
        "@mastersthesis{studie2022,\n  author = {Författare, Anna},\n  title = {Studien},\n"
        "  school = {Lunds universitet},\n  year = {2022}\n}\n"
    ]
    for i in range(entries):
        listed = "  citedin = {studie2022}\n" if i < LISTED else ""  # a thesis lists ~50 works
        bib.append(
            f"@book{{verk{i:04d},\n  author = {{Efternamn{i}, Förnamn}},\n  title = {{Verk nummer {i}}},\n"
            f"  publisher = {{Förlaget}},\n  year = {{{1950 + i % 70}}},\n{listed}}}\n"
        )
    (target / "bibliography.bib").write_text("\n".join(bib), encoding="utf-8")
    ids = [f"begrepp{i:04d}" for i in range(n_concepts)]
    for i, cid in enumerate(ids):
        others = dict.fromkeys(ids[(i + k) % n_concepts] for k in (1, 2)).keys() - {cid}  # none twice, not itself
        related = "\n".join(f"  - id: {other}\n    relation: se även" for other in sorted(others))
        paragraphs = "\n\n".join(f"{_prose(rng, 60)} {_cite(rng, entries)}" for _ in range(5))
        (concepts_dir / f"{cid}.md").write_text(
            f"---\ntitle: Begrepp {i}\ntitle_en: Concept {i}\nrelated:\n{related}\ntags: [tema{i % 4}]\n---\n"
            f"{_prose(rng, 40)} {_cite(rng, entries)}\n\n## Ursprung och nyckelverk\n\n{paragraphs}\n\n"
            f"## I studierna\n\n{_prose(rng, 40)} [@studie2022, s. {rng.randint(1, 50)}]\n\n"
            f"## Kritik och senare forskning\n\n{_prose(rng, 50)} {_cite(rng, entries)}\n\n"
            f"## Vidare läsning\n\n- {_cite(rng, entries)}\n",
            encoding="utf-8",
        )
    for i in range(n_quotes):
        concepts = rng.sample(ids, k=min(3, n_concepts))
        (target / "docs/quotes" / f"studie2022-{i + 1:04d}.md").write_text(
            f"---\ntitle: Citat {i}\nstudy: studie2022\nspeaker: IP\nlocator: s. {rng.randint(1, 50)}\n"
            f"concepts: [{', '.join(concepts)}]\n---\n> {_prose(rng, 50)}\n\n## Analys\n\n"
            f"{_prose(rng, 60)} [[{concepts[0]}]] [@studie2022, s. {rng.randint(1, 50)}] {_cite(rng, entries)}\n",
            encoding="utf-8",
        )
    (target / "docs/studies/studie2022.md").write_text("---\ntitle: Studien\nstudy: studie2022\n---\nStudien.\n")
    (target / "docs/theorists/teoretiker.md").write_text(
        '---\ntitle: Teoretiker\ntheorist: teoretiker\ncolor: "#00897b"\n---\nT.\n'
    )
    (target / "docs/index.md").write_text("# Syntetisk kunskapsbas\n", encoding="utf-8")
    nav = "nav:\n  - index.md\n" + ("".join(f"  - {page}\n" for page in GENERATED_NAV) if hooks else "")
    hook_files = _real_hooks()
    if not primed:
        (target / "unprimed_hooks.py").write_text(UNPRIMED_HOOK.format(hook=str(hook_files[0])), encoding="utf-8")
        hook_files = [target / "unprimed_hooks.py"]
    hook_cfg = "hooks:\n" + "".join(f"  - {hook}\n" for hook in hook_files) if hooks else ""
    overrides = ROOT / "overrides"
    if own_overrides:
        overrides = shutil.copytree(overrides, target / "overrides")
    (target / "mkdocs.yml").write_text(
        f"site_name: Syntetisk\nsite_url: http://localhost:8000/\ntheme:\n  name: material\n"
        f"  custom_dir: {overrides}\n  language: sv\n  font: false\n{_real_config('  features:')}"
        f"{nav}plugins:\n  - search:\n      lang: sv\n  - tags\n  - bibtex:\n      bib_file: bibliography.bib\n"
        f"      csl_file: {STYLE}\n      enable_inline_citations: false\n"
        f"      bib_by_default: false\n{hook_cfg}{_real_config('markdown_extensions:')}",
        encoding="utf-8",
    )
    return target
