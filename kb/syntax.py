"""The Markdown syntax the knowledge base reads: one home for every pattern and small parser.

Citation blocks, wiki-links, Markdown links, code (masked out before scanning), the parts of
a page (definition paragraph, sections, the block quote of a quote page), and positions
(line and column of an offset). Scanners elsewhere use these; none writes its own regex for them.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

# --- citations: [@key, s. 23], [@a, s. 5 f.; @b, s. 7] -----------------------------------

KEY = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
# A bracketed group that contains an @ not preceded by a word character (so e-mail addresses
# are not citations) and is not a link text "[…](…)". Nested brackets end the group.
CITATION_BLOCK = re.compile(r"(?<!\\)\[(?P<inner>[^\[\]]*?(?<![\w.])@[^\[\]]*)\](?!\()")
# `\[@key]`: an escaped bracket is literal text, not a citation.
ESCAPED_CITATION = re.compile(r"\\\[(?P<inner>[^\[\]]*?(?<![\w.])@[^\[\]]*)\]")
CITATION_ITEM = re.compile(rf"\s*(?P<prefix>[^@]*?)\s*@(?P<key>{KEY})(?P<rest>.*)\Z", re.S)
BARE_KEY = re.compile(rf"(?<![\w.\[@/])@(?P<key>{KEY})")
# What a citation adds that is not prose: `@key`, and the locator after a comma.
CITATION_PARTS = re.compile(r"(?<![\w.])@[\w-]+|(?<=,)\s*(?:s\.|p\.|pp\.|kap\.)\s[\divxlcdm\s,–-]+(?:ff?\.)?")

# --- links ------------------------------------------------------------------------

WIKILINK = re.compile(r"\[\[(?P<id>[^\[\]|]+?)(?:\|(?P<text>[^\[\]]+?))?\]\]")
MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\[\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_LINK = re.compile(r"<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*[\"'](?P<target>[^\"']*)[\"']", re.I)
EXTERNAL_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)
URL = re.compile(r"https?://\S+")

# --- code, which scanners leave out --------------------------------------------------

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}).*?$", re.M)
CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.S | re.I)

# --- the parts of a page --------------------------------------------------------------

SECTION = re.compile(r"^##\s+(?P<title>.+?)\s*$", re.M)
QUOTE_LINE = re.compile(r"^> ?(?P<text>.*)$")
PROSE_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def blank(match: re.Match[str]) -> str:
    """The matched text blanked (see `blanked`): for re.sub."""
    return blanked(match.group(0))


def blanked(text: str) -> str:
    """*text* with every character but newlines turned into a space (offsets kept)."""
    return NOT_NEWLINE.sub(" ", text) if "\n" in text else " " * len(text)


NOT_NEWLINE = re.compile(r"[^\n]")


@lru_cache(maxsize=8192)  # the same body is scanned for citations, links and personal data
def mask_code(text: str) -> str:
    """Replace code (fences, spans, <code>, comments) by spaces, keeping offsets.

    Citations, links and personal-data patterns inside code are examples, not
    content, so scanners run on the masked text.
    """
    text = _mask_indented_code(_mask_fences(text))
    text = HTML_COMMENT.sub(blank, text)
    text = HTML_CODE.sub(blank, text)
    return CODE_SPAN.sub(blank, text)


INDENTED = re.compile(r"^(?: {4}|\t).*$")
NOT_BEFORE_CODE = re.compile(r"^\s*(?:[-*+]|\d+[.)]|!!!|\?\?\?\+?|>)|^\s")


def _mask_indented_code(text: str) -> str:
    """Blank indented code blocks: indented lines after a blank line that follows top-level prose.

    Indented lines after a list item, an admonition or other indented text belong to those, not code.
    """
    lines = text.split("\n")
    previous = ""  # the last non-blank line before the current blank run
    blank_before = False
    in_code = False
    for i, line in enumerate(lines):
        if not line.strip():
            blank_before = True
            continue
        if INDENTED.match(line) and (in_code or (blank_before and not NOT_BEFORE_CODE.match(previous))):
            in_code = True
            lines[i] = " " * len(line)
        else:
            in_code = False
            previous = line
        blank_before = False
    return "\n".join(lines)


def _mask_fences(text: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        start = FENCE.search(text, pos)
        if not start:
            break
        marker = start["fence"]
        close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$", re.M)
        end = close.search(text, start.end())
        stop = end.end() if end else len(text)
        out.append(text[pos : start.start()])
        out.append(blanked(text[start.start() : stop]))
        pos = stop
    out.append(text[pos:])
    return "".join(out)


def definition(body: str) -> str:
    """A concept page's definition: the text before its first `## ` section."""
    return SECTION.split(body, maxsplit=1)[0] if SECTION.search(body) else body


def section_titles(body: str) -> list[str]:
    return [m["title"] for m in SECTION.finditer(body)]


def quote_turns(body: str) -> list[str]:
    """The paragraphs (speaker turns) of the block quote that opens a quote page, without `>`."""
    quoted = []
    for line in definition(body).splitlines():
        m = QUOTE_LINE.match(line)
        if m:
            quoted.append(m["text"])
    return [turn.strip() for turn in "\n".join(quoted).split("\n\n") if turn.strip()]


SENTENCE_START = re.compile(r"(?:^|[.!?:]|^\s*(?:[-*+>#]+|\d+[.)]))[\s*_\"”»]*\Z")


def running_title(title: str, before: str) -> str:
    """A concept's title as it reads in running text: lower-case initial mid-sentence ("ett visst
    framträdande"), as written at a sentence start or when other capitals make it a name ("New Public Management")."""
    line = before.rsplit("\n", 1)[-1]
    if SENTENCE_START.search(line) or not title or any(c.isupper() for c in title[1:]):
        return title
    return title[0].lower() + title[1:]


def plain_wikilinks(text: str) -> str:
    """`[[id|label]]` -> `label`, `[[id]]` -> `id`."""
    return WIKILINK.sub(lambda m: m["text"] or m["id"], text)


def without_citations(text: str) -> str:
    return CITATION_BLOCK.sub("", text)


def plain_text(markdown: str, label: dict[str, str] | None = None) -> str:
    """Markdown as one line of plain text: no citations, links as their text, no emphasis.

    *label* gives the text for `[[id]]` links without their own (a concept's title).
    """
    label = label or {}
    text = re.sub(r"\s*" + CITATION_BLOCK.pattern, "", markdown)

    def shown(m: re.Match[str]) -> str:
        cid = m["id"].strip()
        return m["text"] or (running_title(label[cid], m.string[: m.start()]) if cid in label else cid)

    text = WIKILINK.sub(shown, text)
    text = MD_LINK.sub(lambda m: m["text"], text)
    return re.sub(r"[*_`\[\]]", "", " ".join(text.split()))


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def word_count(markdown: str) -> int:
    """Words of prose: code, citations, link targets and markup left out."""
    text = CITATION_BLOCK.sub(" ", mask_code(markdown))
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(PROSE_WORD.findall(plain_wikilinks(text)))


class LineIndex:
    """Map character offsets in a text to 1-based (line, column)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self._first = first_line

    def offset(self, line: int) -> int:
        """Where *line* (as numbered here) starts."""
        return self._starts[line - self._first]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._first + i, offset - self._starts[i] + 1


# --- what the site generator's citation plugin sees ------------------------------------

SHIELDED_AT = "\ue040"  # a private-use character: an @ the citation plugin must not read


def shield_for_citations(markdown: str) -> str:
    """The Markdown as the citation plugin should read it: citations in code and escaped citations
    are left alone (their @ shielded), and a citation written over several lines is put on one."""
    if "@" not in markdown:
        return markdown
    masked = mask_code(markdown)
    shielded = {i for i in _positions("@", markdown) if masked[i] == " "}  # in code or a comment
    for m in ESCAPED_CITATION.finditer(masked):
        shielded.update(i for i in _positions("@", markdown, m.start("inner"), m.end("inner")))
    text = markdown
    if shielded:
        chars = list(markdown)
        for i in shielded:
            chars[i] = SHIELDED_AT
        text = "".join(chars)
    return CITATION_BLOCK.sub(lambda m: " ".join(m.group(0).split()) if "\n" in m.group(0) else m.group(0), text)


def _positions(char: str, text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every offset of *char* in text[start:end]."""
    end = len(text) if end is None else end
    found, i = [], text.find(char, start, end)
    while i != -1:
        found.append(i)
        i = text.find(char, i + 1, end)
    return found


def unshield(html: str) -> str:
    return html.replace(SHIELDED_AT, "@")
