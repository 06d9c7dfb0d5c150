"""The adversarial corpus: bad input of every kind an author can write, each with the diagnostics
`kb check` (and the build) must give, or none where the input is valid.

A case overlays files on the valid fixture project (tests/fixtures/site): a new file, a whole
file replaced, or a replacement in a fixture file. An expected diagnostic names its code, its file
and a piece of text on the line it must point at (the line is found in the file's final text).
All personal data here is invented: PTS's fiction phone numbers, Skatteverket's test personnummer,
invented names and addresses, example domains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUOTE = "docs/quotes/lundgren2022-01.md"
CONCEPT = "concepts/handlingsutrymme.md"
INDEX = "docs/index.md"
BIB = "bibliography.bib"
NEW = "docs/prov.md"  # an ordinary page a case adds


@dataclass(frozen=True)
class Expect:
    code: str
    path: str
    on: str | None = None  # text on the line the diagnostic must point at (None: any line)


@dataclass(frozen=True)
class Case:
    id: str
    kind: str  # the class of bad input (personal data, citation, bibliography, …)
    # path -> the file's whole text, or (old, new) replacements in the fixture's file
    files: dict[str, str | tuple[str, str] | list[tuple[str, str]]] = field(default_factory=dict)
    expect: tuple[Expect, ...] = ()  # () : a valid input, no diagnostic at all


def page(text: str) -> dict[str, str]:
    return {NEW: f"---\ntitle: Prov\n---\n{text}\n"}


def in_quote(line: str) -> dict[str, tuple[str, str]]:
    return {QUOTE: ("> IP: Att det är samma insatser år in och år ut.", f"> IP: {line}")}


def bib_entry(entry: str) -> dict[str, tuple[str, str]]:
    return {BIB: ("@mastersthesis{lundgren2022,", f"{entry}\n\n@mastersthesis{{lundgren2022,")}


def error(code: str, path: str = NEW, on: str | None = None) -> tuple[Expect, ...]:
    return (Expect(code, path, on),)


PERSONAL = "personal data"
CITATION = "citation"
BIBLIOGRAPHY = "bibliography"
FRONT = "front matter"
STRUCTURE = "structure"
VALID = "valid input"

CASES: list[Case] = [
    # --- personal data: everything that is published is scanned ------------------------
    Case("pii-bracketed-name", PERSONAL, page("Hon [Tova Svensson] ringde."), error("KB605", on="Tova")),
    Case(
        "pii-bracketed-address", PERSONAL, page("Se [Storgatan 12 B, 222 21 Lund]."), error("KB604", on="Storgatan") * 2
    ),
    Case("pii-bracketed-phone", PERSONAL, page("Ring [070-174 06 42]."), error("KB602", on="070")),
    Case("pii-bracketed-pnr", PERSONAL, page("Pnr [121212-1212]."), error("KB601", on="121212")),
    Case("pii-bracketed-email", PERSONAL, page("Mejla [tova@example.se]."), error("KB603", on="tova@")),
    Case(
        "pii-html-comment",
        PERSONAL,
        page("Text. <!-- Tova Svensson 121212-1212 -->"),
        (Expect("KB601", NEW, "121212"), Expect("KB605", NEW, "Tova")),
    ),
    Case("pii-code-span", PERSONAL, page("Numret `070-174 06 42` står i koden."), error("KB602", on="070")),
    Case("pii-fenced-code", PERSONAL, page("Exempel:\n\n```text\nRing 031-390 06 17\n```"), error("KB602", on="031")),
    Case("pii-indented-code", PERSONAL, page("Exempel:\n\n    mejla tova@example.se"), error("KB603", on="tova@")),
    Case(
        "pii-author-names-mixed",
        PERSONAL,
        {
            **page("Klienten Lars Johansson och handläggaren Eva Lipsky."),
            **bib_entry(
                "@book{johansson2001,\n  author = {Johansson, Eva and Andersson, Lars},\n  title = {T},\n"
                "  publisher = {P},\n  year = {2001}\n}"
            ),
        },
        (Expect("KB605", NEW, "Lars"), Expect("KB605", NEW, "Eva"), Expect("KB205", BIB, "johansson2001")),
    ),
    Case(
        "pii-author-full-name-in-quote",
        PERSONAL,
        in_quote("Michael Lipsky kom hit."),
        error("KB605", QUOTE, "Michael Lipsky kom"),
    ),
    Case("pii-pnr-en-dash", PERSONAL, page("Nummer 121212–1212 här."), error("KB601", on="121212")),
    Case("pii-pnr-nonbreaking-hyphen", PERSONAL, page("Nummer 121212\u20111212 här."), error("KB601", on="121212")),
    Case("pii-pnr-figure-dash", PERSONAL, page("Nummer 121212\u20121212 här."), error("KB601", on="121212")),
    Case("pii-pnr-minus", PERSONAL, page("Nummer 121212\u22121212 här."), error("KB601", on="121212")),
    Case("pii-pnr-long-em-dash", PERSONAL, page("Nummer 19121212—1212 här."), error("KB601", on="19121212")),
    Case("pii-pnr-space", PERSONAL, page("Nummer 121212 1212 här."), error("KB601", on="121212")),
    Case("pii-samordningsnummer", PERSONAL, page("Nummer 701063-2391 här."), error("KB601", on="701063")),
    Case(
        "pii-title", PERSONAL, {NEW: "---\ntitle: Samtal med Tova Svensson\n---\nText.\n"}, error("KB605", on="title")
    ),
    Case(
        "pii-context",
        PERSONAL,
        {QUOTE: ("context: För-", "context: Tova Svensson om för-")},
        error("KB605", QUOTE, "context"),
    ),
    Case(
        "pii-aliases",
        PERSONAL,
        {CONCEPT: ("aliases: [diskretion]", "aliases: [diskretion, Sixten Svensson]")},
        error("KB605", CONCEPT, "aliases"),
    ),
    Case(
        "pii-tags",
        PERSONAL,
        {CONCEPT: ("tags: [Lipsky]", "tags: [Lipsky, 070-174 06 42]")},
        error("KB602", CONCEPT, "tags"),
    ),
    Case(
        "pii-bib-note",
        PERSONAL,
        {BIB: ("  year = {2010}\n}", "  year = {2010},\n  note = {Tack till Tova Svensson.}\n}")},
        error("KB605", BIB, "note"),
    ),
    Case("pii-phone-plus46", PERSONAL, page("Ring +46 70 174 06 42."), error("KB602", on="+46")),
    Case("pii-phone-dots", PERSONAL, page("Ring 070.174.06.42."), error("KB602", on="070")),
    Case("pii-phone-landline", PERSONAL, page("Växel 08-465 004 17."), error("KB602", on="08-")),
    Case("pii-email-obfuscated", PERSONAL, page("Skriv till tova (at) exempel.se."), error("KB603", on="tova")),
    Case("pii-email-punkt", PERSONAL, page("Skriv till tova [at] exempel punkt se."), error("KB603", on="tova")),
    Case("pii-street", PERSONAL, page("Hon bor på Ringvägen 7."), error("KB604", on="Ringvägen")),
    Case("pii-postcode", PERSONAL, page("Adress: 412 58 Göteborg."), error("KB604", on="412")),
    Case("pii-name-in-quote", PERSONAL, in_quote("Sen sa Gunnel att det var fel."), error("KB605", QUOTE, "Gunnel")),
    Case(
        "pii-name-after-placeholder",
        PERSONAL,
        page("I [namn på kommun] arbetar Majvor Sixtensson."),
        error("KB605", on="Majvor"),
    ),
    Case(
        "pii-citation-prefix",
        PERSONAL,
        page("Så skriver man [jfr Tova Svensson @lipsky2010, s. 13]."),
        error("KB605", on="Tova"),
    ),
    Case(
        "pii-generated-from-study-title",
        PERSONAL,
        {"docs/studies/lundgren2022.md": ("title: Lundgren (2022)", "title: Lundgren och Sixten (2022)")},
        error("KB605", "docs/studies/lundgren2022.md", "title"),
    ),
    # valid: what the gate must let through
    Case("pii-ok-author-name", VALID, page("Michael Lipsky skrev boken [@lipsky2010, s. 13].")),
    Case("pii-ok-author-genitive", VALID, page("Michael Lipskys bok [@lipsky2010, s. 13].")),
    Case("pii-ok-family-comma-given", VALID, page("Se Lipsky, Michael [@lipsky2010, s. 13].")),
    Case(
        "pii-ok-allow-names", VALID, {NEW: "---\ntitle: Prov\nallow_names: [Sixten]\n---\nSixten är en teoretiker.\n"}
    ),
    Case("pii-ok-marker", VALID, page("Sixten är ett namn i en exempelmening. <!-- kb-ignore: KB605 -->")),
    Case("pii-ok-placeholders", VALID, page("I [namn på kommun] finns [specifik insats].")),
    Case("pii-ok-labels", VALID, in_quote("Jag tycker så. I: Okej?")),
    Case("pii-ok-years-and-laws", VALID, page("Enligt SFS 2001:453 och 4 kap. 1 § under 2010–2022.")),
    Case("pii-ok-fiction-not-valid-date", VALID, page("Ärendenummer 129999-1212 finns inte.")),
    # --- citations ------------------------------------------------------------------------
    Case("cite-unknown-key", CITATION, page("Text [@lipski2010, s. 13]."), error("KB101", on="lipski2010")),
    Case("cite-no-locator", CITATION, page("Text [@lipsky2010]."), error("KB103", on="lipsky2010")),
    Case("cite-bare-key", CITATION, page("Som @lipsky2010 skriver."), error("KB104", on="@lipsky2010")),
    Case("cite-no-comma", CITATION, page("Text [@lipsky2010 s. 13]."), error("KB102", on="lipsky2010")),
    Case("cite-page-zero", CITATION, page("Text [@lipsky2010, s. 0]."), error("KB102", on="s. 0")),
    Case("cite-reversed-range", CITATION, page("Text [@lipsky2010, s. 50–10]."), error("KB102", on="50–10")),
    Case("cite-empty-range", CITATION, page("Text [@lipsky2010, s. 5–5]."), error("KB102", on="5–5")),
    Case("cite-words", CITATION, page("Text [@lipsky2010, s. tjugo]."), error("KB102", on="tjugo")),
    Case("cite-bad-roman", CITATION, page("Text [@lipsky2010, s. iiii]."), error("KB102", on="iiii")),
    Case(
        "cite-comma-between",
        CITATION,
        page("Text [@lipsky2010, s. 13, @lundgren2022, s. 4]."),
        error("KB102", on="lipsky2010"),
    ),
    Case("cite-em-dash", CITATION, page("Text [@lipsky2010, s. 23—25]."), error("KB102", on="23—25")),
    Case("cite-capital-s", CITATION, page("Text [@lipsky2010, S. 23]."), error("KB102", on="S. 23")),
    Case(
        "cite-in-title",
        CITATION,
        {NEW: "---\ntitle: Prov [@lipsky2010, s. 13]\n---\nText.\n"},
        error("KB105", on="title"),
    ),
    Case(
        "cite-in-context",
        CITATION,
        {QUOTE: ("context: För-", "context: Se [@lipsky2010, s. 13]. För-")},
        error("KB105", QUOTE, "context"),
    ),
    Case(
        "cite-in-aliases",
        CITATION,
        {CONCEPT: ("aliases: [diskretion]", 'aliases: ["diskretion [@lipsky2010, s. 13]"]')},
        error("KB105", CONCEPT, "aliases"),
    ),
    Case("cite-unknown-in-code-span", VALID, page("Skriv `[@okand2020, s. 1]` så här.")),
    Case("cite-unknown-in-fence", VALID, page("Exempel:\n\n```markdown\n[@okand2020, s. 1]\n@bare\n```")),
    Case("cite-unknown-in-indented-code", VALID, page("Exempel:\n\n    [@okand2020]")),
    Case("cite-in-html-comment", VALID, page("Text. <!-- [@okand2020] -->")),
    Case("cite-escaped", VALID, page("Syntaxen är \\[@okand2020, s. 1]: ingen hänvisning.")),
    Case("cite-over-two-lines", VALID, page("Text [@lipsky2010,\ns. 13] och mer.")),
    Case(
        "cite-valid-forms",
        VALID,
        page(
            "A [@lipsky2010, s. 13 f.]. B [@lipsky2010, s. 13 ff.]. C [@lipsky2010, s. 13–15, 20]. "
            "D [@lipsky2010, s. xi]. E [@lipsky2010, kap. 2]. F [se @lipsky2010, s. 13; @lundgren2022, s. 4]."
        ),
    ),
    Case(
        "cite-email-is-not-a-citation",
        PERSONAL,
        page("Mejla [namn@example.se] eller inte."),
        error("KB603", on="namn@"),
    ),
    Case(
        "cite-in-list-under-admonition",
        CITATION,
        page("!!! note\n    Text [@okand2020, s. 1]."),
        error("KB101", on="okand2020"),
    ),
    # --- bibliography -------------------------------------------------------------------
    Case(
        "bib-empty",
        BIBLIOGRAPHY,
        {BIB: ""},
        (Expect("KB201", BIB), Expect("KB605", "docs/theorists/lipsky.md", "title: Michael Lipsky")),
    ),
    Case(
        "bib-not-utf8-byte",
        BIBLIOGRAPHY,
        {BIB: ("title = {Street-Level", "title = {Stre\udcfft-Level")},  # written as the byte 0xff
        (Expect("KB201", BIB, "title = {Stre"), Expect("KB605", "docs/theorists/lipsky.md", "title: Michael Lipsky")),
    ),
    Case(
        "bib-duplicate-key",
        BIBLIOGRAPHY,
        bib_entry("@book{lipsky2010,\n  author = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {2010}\n}"),
        (Expect("KB202", BIB),),
    ),
    Case(
        "bib-missing-field",
        BIBLIOGRAPHY,
        bib_entry("@book{ny2020,\n  author = {A, B},\n  title = {T},\n  year = {2020}\n}"),
        (Expect("KB203", BIB, "@book{ny2020"), Expect("KB205", BIB, "@book{ny2020")),
    ),
    Case(
        "bib-edited-book",
        BIBLIOGRAPHY,
        bib_entry("@book{ny2020,\n  editor = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {2020}\n}"),
        (Expect("KB203", BIB, "@book{ny2020"), Expect("KB205", BIB, "@book{ny2020")),
    ),
    Case(
        "bib-bad-key",
        BIBLIOGRAPHY,
        bib_entry("@book{Ny:2020,\n  author = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {2020}\n}"),
        (Expect("KB204", BIB, "@book{Ny:2020"), Expect("KB205", BIB, "@book{Ny:2020")),
    ),
    Case(
        "bib-unknown-type",
        BIBLIOGRAPHY,
        bib_entry("@unpublished{ny2020,\n  title = {T},\n  year = {2020}\n}"),
        (Expect("KB203", BIB, "@unpublished"), Expect("KB205", BIB, "@unpublished")),
    ),
    Case(
        "bib-year-word",
        BIBLIOGRAPHY,
        {BIB: ("  year = {2010}", "  year = {tjugohundratio}")},
        (Expect("KB203", BIB, "@book{lipsky2010"),),
    ),
    Case(
        "bib-undefined-macro",
        BIBLIOGRAPHY,
        {BIB: ("  publisher = {Russell Sage Foundation},", "  publisher = sage,")},
        (Expect("KB201", BIB, "publisher = sage"),),
    ),
    Case(
        "bib-unclosed-brace",
        BIBLIOGRAPHY,
        bib_entry("@book{ny2020,\n  author = {A, B,\n  title = {T}"),
        (Expect("KB201", BIB),),
    ),
    Case(
        "bib-unused-entry",
        BIBLIOGRAPHY,
        bib_entry("@book{ny2020,\n  author = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {2020}\n}"),
        (Expect("KB205", BIB, "@book{ny2020"),),
    ),
    Case(
        "bib-ok-defined-macro",
        VALID,
        {
            BIB: [
                ("@book{lipsky2010,", "@string{rsf = {Russell Sage Foundation}}\n\n@book{lipsky2010,"),
                ("  publisher = {Russell Sage Foundation},", "  publisher = rsf,"),
            ]
        },
    ),
    Case("bib-ok-and-others", VALID, {BIB: ("author = {Lipsky, Michael}", "author = {Lipsky, Michael and others}")}),
    Case(
        "bib-ok-latex-accent",
        VALID,
        bib_entry(
            '@book{backstrom1999,\n  author = {B{\\"a}ckstr{\\"o}m, Sixten},\n  title = {T},\n  publisher = {P},\n'
            "  year = {1999}\n}"
        )
        | {
            INDEX: (
                "[Begrepp](concepts/index.md)",
                "[Begrepp](concepts/index.md) Sixten Bäckström [@backstrom1999, s. 3]",
            )
        },
    ),
    Case(
        "bib-ok-crossref",
        VALID,
        bib_entry(
            "@collection{red2020,\n  editor = {A, B},\n  title = {Boken},\n  publisher = {P},\n  year = {2020}\n}\n\n"
            "@incollection{kap2020,\n  author = {C, D},\n  title = {Kapitlet},\n  crossref = {red2020}\n}"
        )
        | {INDEX: ("[Begrepp](concepts/index.md)", "[Begrepp](concepts/index.md) [@kap2020, s. 3]")},
    ),
    Case("bib-ok-bom", VALID, {BIB: ("@book{lipsky2010,", "\ufeff@book{lipsky2010,")}),
    Case("bib-ok-comment", VALID, {BIB: ("@book{lipsky2010,", "@comment{En kommentar}\n\n@book{lipsky2010,")}),
    # --- front matter -------------------------------------------------------------------
    Case("fm-misspelt-related", FRONT, {CONCEPT: ("related:", "relatd:")}, error("KB404", CONCEPT, "relatd")),
    Case("fm-misspelt-aliases", FRONT, {CONCEPT: ("aliases:", "alias:")}, error("KB404", CONCEPT, "alias")),
    Case("fm-misspelt-tags", FRONT, {CONCEPT: ("tags:", "tgas:")}, error("KB404", CONCEPT, "tgas")),
    Case("fm-misspelt-quote-field", FRONT, {QUOTE: ("context:", "kontext:")}, error("KB404", QUOTE, "kontext")),
    Case(
        "fm-theorist-list",
        FRONT,
        {CONCEPT: ("theorist: lipsky", "theorist: [lipsky]")},
        error("KB402", CONCEPT, "theorist"),
    ),
    Case(
        "fm-study-list",
        FRONT,
        {QUOTE: ("study: lundgren2022", "study: [lundgren2022]")},
        error("KB402", QUOTE, "study"),
    ),
    Case(
        "fm-title-list",
        FRONT,
        {QUOTE: ('title: "Samma insatser år in och år ut"', "title: [a, b]")},
        error("KB402", QUOTE, "title"),
    ),
    Case("fm-title-date", FRONT, {NEW: "---\ntitle: 2022-01-01\n---\nText.\n"}, error("KB402", on="title")),
    Case(
        "fm-concepts-string",
        FRONT,
        {QUOTE: ("concepts: [handlingsutrymme]", "concepts: handlingsutrymme")},
        error("KB402", QUOTE, "concepts"),
    ),
    Case(
        "fm-unknown-concept",
        FRONT,
        {QUOTE: ("concepts: [handlingsutrymme]", "concepts: [handlingsutryme]")},
        error("KB403", QUOTE, "concepts"),
    ),
    Case(
        "fm-bad-speaker",
        FRONT,
        {QUOTE: ("speaker: IP", "speaker: Tova")},
        (Expect("KB402", QUOTE, "speaker"), Expect("KB605", QUOTE, "speaker")),
    ),
    Case("fm-bad-locator", FRONT, {QUOTE: ("locator: s. 26", "locator: sidan 26")}, error("KB402", QUOTE, "locator")),
    Case("fm-missing-field", FRONT, {QUOTE: ("locator: s. 26\n", "")}, error("KB401", QUOTE)),
    Case(
        "fm-unclosed", FRONT, {NEW: "---\ntitle: Prov\n\nText utan slut på front matter.\n"}, error("KB001", on="---")
    ),
    Case("fm-bom", FRONT, {NEW: "\ufeff---\ntitle: Prov\n---\nText.\n"}, error("KB001")),
    Case("fm-yaml-syntax", FRONT, {NEW: "---\ntitle: Prov\nconcepts: [a, b\n---\nText.\n"}, error("KB001")),
    Case(
        "fm-yaml-colon", FRONT, {NEW: "---\ntitle: Prov: en titel: med kolon\n---\nText.\n"}, error("KB001", on="title")
    ),
    Case("fm-not-mapping", FRONT, {NEW: "---\n- a\n- b\n---\nText.\n"}, error("KB001")),
    Case(
        "fm-bad-related-relation",
        FRONT,
        {
            CONCEPT: (
                "related:\n  - id: grasrotsbyrakrat\n    relation: används med",
                "related:\n  - id: grasrotsbyrakrat\n    relation: liknar",
            )
        },
        error("KB402", CONCEPT, "grasrotsbyrakrat"),
    ),
    Case(
        "fm-theorist-color",
        FRONT,
        {"docs/theorists/lipsky.md": ("theorist: lipsky", "theorist: lipsky\ncolor: grön")},
        error("KB402", "docs/theorists/lipsky.md", "color"),
    ),
    Case(
        "fm-ok-material-fields",
        VALID,
        {NEW: "---\ntitle: Prov\ndescription: En sida.\nhide: [toc]\nsearch:\n  exclude: true\n---\nText.\n"},
    ),
    # --- structure and links ------------------------------------------------------------
    Case(
        "struct-shadowed-concept",
        STRUCTURE,
        {"docs/concepts/handlingsutrymme.md": "---\ntitle: Kopia\n---\nText.\n"},
        error("KB003", "docs/concepts/handlingsutrymme.md"),
    ),
    Case(
        "struct-page-at-generated-path",
        STRUCTURE,
        {"docs/karta.md": "---\ntitle: Egen karta\n---\nText.\n"},
        error("KB003", "docs/karta.md"),
    ),
    Case("struct-broken-link", STRUCTURE, page("[Saknas](finns-inte.md)"), error("KB302", on="Saknas")),
    Case(
        "struct-broken-anchor-file", STRUCTURE, page("[Saknas](../concepts/okand.md#del)"), error("KB302", on="Saknas")
    ),
    Case("struct-raw-html-md-link", STRUCTURE, page('<a href="karta.md">Kartan</a>'), error("KB302", on="href")),
    Case("struct-raw-html-missing", STRUCTURE, page('<a href="finns-inte/">Saknas</a>'), error("KB302", on="href")),
    Case("struct-raw-img-missing", STRUCTURE, page('<img src="bilder/saknas.png" alt="">'), error("KB302", on="img")),
    Case("struct-unknown-wikilink", STRUCTURE, page("Se [[okant-begrepp]]."), error("KB301", on="okant")),
    Case(
        "struct-ok-raw-html", VALID, page('<a href="../karta/">Kartan</a> <a href="../sources/lipsky2010/">Lipsky</a>')
    ),
    Case(
        "struct-ok-percent-escaped",
        VALID,
        {NEW: "---\ntitle: Prov\n---\n[Fil](mina%20filer.md)\n", "docs/mina filer.md": "---\ntitle: Fil\n---\nText.\n"},
    ),
    Case(
        "struct-ok-generated-targets",
        VALID,
        page("[Källa](sources/lipsky2010.md) [Karta](karta.md) [Export](export.md)"),
    ),
    Case("struct-ok-asset", VALID, page("[Kodbok](assets/export/begrepp.qdc)")),
    Case("struct-ok-wikilink-label", VALID, page("Se [[handlingsutrymme|handlingsutrymmet]].")),
    Case(
        "struct-short-concept",
        STRUCTURE,
        {
            "concepts/kort.md": "---\ntitle: Kort\ntitle_en: Short\n---\nEtt kort begrepp [@lipsky2010, s. 13].\n\n"
            "## Ursprung och nyckelverk\n\nX.\n\n## I studierna\n\nY.\n\n## Kritik och senare forskning\n\nZ.\n\n"
            "## Vidare läsning\n\n- Å.\n"
        },
        error("KB503", "concepts/kort.md"),
    ),
    Case(
        "struct-concept-missing-section",
        STRUCTURE,
        {CONCEPT: ("## I studierna", "## I studien")},
        error("KB502", CONCEPT),
    ),
]

# Every class has cases, and the corpus is large enough to mean something.
assert len(CASES) >= 100, len(CASES)
assert len({c.id for c in CASES}) == len(CASES)
