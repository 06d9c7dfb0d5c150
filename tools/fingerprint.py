"""A derived, non-reversible fingerprint of the two theses, so content tests run in any clone.

What it holds, per thesis:
- hashes of *disjoint* windows of K consecutive words (word 0–4, 5–9, …), each word
  normalised (Lundgren: letters and digits, lower case, no diacritics; Bäckman, an OCR
  text: the consonant skeleton). Lundgren's windows also get a second, exact hash that
  keeps case, diacritics and punctuation, so quotes are checked character by character.
- for every word, the page interval the evidence gives (tools.seeds), as runs.
- the anchors (printed page numbers, table-of-contents headings) as word positions.

Why it cannot be turned back into text: the windows do not overlap, so no window can
be guessed from a known neighbour one word at a time; a window must be guessed whole
(five words at once), windows made only of common words are left out, and the front
and back matter that hold personal data (acknowledgements, the information letter with
the author's contact details) are not fingerprinted at all. The hashes are keyed and
truncated to 48 bits; a window of common words only keeps 16 bits, enough to check a quote
(one wrong quote in 65,536 passes) but far too few to single out the words.

What the tests can do with it: find where a quote of nine words or more lies in its
thesis (every window inside the quote must match, in order), give a passage's page,
and find runs of prose copied from a thesis.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

K = 5  # words per window; any run of 2K-1 = 9 words holds one whole window
MIN_PHRASE = 4  # a phrase the thesis quotes in its prose is fingerprinted whole from this length
HASH_BYTES = 6
WEAK_BYTES = 2  # what is kept of a window of common words only
HASH_KEY = b"begreppsbanken/thesis-fingerprint/1"
FINGERPRINT = Path(__file__).resolve().parent.parent / "tests" / "data" / "thesis-fingerprint.json"
STUDIES = ("lundgren2022", "backman2021")

TOKEN = re.compile(r"\S+")
_OCR_CONFUSABLE = re.compile(r"[aeiouyld46&@1|£]")
_EMPHASIS = re.compile(r"</?i>|[*_]")
_QUOTES = str.maketrans({c: '"' for c in "”“„'’‘`´«»"} | {c: "-" for c in "–—‐‑"})

# Swedish function words: a window made only of these could be guessed, so it is not stored.
_COMMON_WORDS = """
    alla allt alltså andra annat att av bara blev bli blir de dem den denna dess dessa det detta dig din dina
    ditt du där då eftersom eller en ett ens er ert från för för att ha hade han har hela hen henne hennes hon
    honom hur här i ibland inga inget inte jag ja ju kan kanske kommer kunde man med men mer mig min mina mitt
    mot mycket många ni nog nu när någon något några och också om oss på sedan sen ska skulle sig sin sina sitt
    själv så sådan sådana så att som till tror under upp ut utan vad var vara varför vi vid vilka vill väl än
    är även åt över liksom lite mm mmm okej nej precis typ hade blivit vara också samt dock då alltid aldrig
"""
COMMON = frozenset(_COMMON_WORDS.split())


def word_key(study: str, token: str) -> str:
    """A token as the windows' word hash sees it ("" for pure punctuation)."""
    text = unicodedata.normalize("NFKD", _EMPHASIS.sub("", token).lower())
    text = "".join(c for c in text if not unicodedata.combining(c) and c.isalnum())
    return _OCR_CONFUSABLE.sub("", text) if study == "backman2021" else text


def exact_key(token: str) -> str:
    """A token as the exact hash sees it: only emphasis, quote-mark and dash variants are unified."""
    return unicodedata.normalize("NFC", _EMPHASIS.sub("", token)).translate(_QUOTES)


@dataclass(frozen=True)
class Token:
    start: int  # character offset in the text
    end: int
    word: str  # word_key
    exact: str  # exact_key


def tokens(study: str, text: str) -> list[Token]:
    """The words of *text* that carry letters or digits (punctuation-only tokens dropped)."""
    found = []
    for m in TOKEN.finditer(text):
        word = word_key(study, m.group(0))
        if word:
            found.append(Token(m.start(), m.end(), word, exact_key(m.group(0))))
    return found


def _hash(study: str, kind: str, parts: list[str]) -> bytes:
    data = "\x1f".join([study, kind, *parts]).encode("utf-8")
    return hashlib.blake2b(data, key=HASH_KEY, digest_size=HASH_BYTES).digest()


def word_hash(study: str, window: list[Token]) -> bytes:
    return _hash(study, "words", [t.word for t in window])


def exact_hash(study: str, window: list[Token]) -> bytes:
    return _hash(study, "exact", [t.exact for t in window])


@cache
def _common_keys(study: str) -> frozenset[str]:
    return frozenset(word_key(study, w) for w in COMMON)


def guessable(study: str, window: list[Token]) -> bool:
    return all(t.word in _common_keys(study) for t in window)


def stored(digest: bytes, weak: bool) -> bytes:
    """What the fingerprint keeps of a window's hash: all of it, or a weak prefix padded with zeros."""
    return digest[:WEAK_BYTES] + bytes(HASH_BYTES - WEAK_BYTES) if weak else digest


def same(stored_hash: bytes, digest: bytes) -> bool:
    weak = not any(stored_hash[WEAK_BYTES:])
    return stored_hash[:WEAK_BYTES] == digest[:WEAK_BYTES] if weak else stored_hash == digest


# --- building (needs the seeds) ----------------------------------------------------


def build() -> dict[str, object]:
    """The fingerprint of both theses, from the seed texts."""
    out: dict[str, object] = {
        "about": "Derived from the two theses by tools/fingerprint.py; holds no text. See that module's docstring.",
        "k": K,
        "hash": f"blake2b-{HASH_BYTES * 8}, keyed",
    }
    for study in STUDIES:
        out[study] = _build_study(study)
    return out


def _build_study(study: str) -> dict[str, object]:
    from tools import seeds

    text = seeds.seed_text(study)
    excluded = seeds.excluded_ranges(study)
    words = [t for t in tokens(study, text) if not any(a <= t.start < b for a, b in excluded)]
    windows_w, windows_x = bytearray(), bytearray()
    for i in range(0, len(words) - K + 1, K):
        window = words[i : i + K]
        windows_w += stored(word_hash(study, window), guessable(study, window))
        if study == "lundgren2022":
            windows_x += stored(exact_hash(study, window), guessable(study, window))
    runs: list[list[int]] = []
    for n, t in enumerate(words):
        page = seeds.page_at(study, t.start)
        first, last = page if page else (0, 0)
        if not runs or runs[-1][1:] != [first, last]:
            runs.append([n, first, last])
    offsets = [t.start for t in words]
    ends = [t.end for t in words]

    def word_range(start: int, end: int) -> list[int]:
        """The words that overlap characters [start, end)."""
        return [bisect.bisect_right(ends, start), bisect.bisect_left(offsets, end) - 1]

    phrases = []
    for start, end in seeds.quoted_phrases(study):
        phrase = tokens(study, text[start:end])  # its own words, without the quotation marks
        if len(phrase) >= MIN_PHRASE:
            weak = guessable(study, phrase)
            exact = stored(exact_hash(study, phrase), weak).hex() if study == "lundgren2022" else ""
            phrases.append(
                [word_range(start, end)[0], len(phrase), stored(word_hash(study, phrase), weak).hex(), exact]
            )
    return {
        "anchors": [
            [bisect.bisect_left(offsets, a.offset), a.page, a.what.split(" ", 1)[0]] for a in seeds.anchors(study)
        ],
        "blocks": [word_range(a, b) for a, b in seeds.block_quotes(study)],
        "exact": base64.b64encode(bytes(windows_x)).decode(),
        "pages": runs,
        "phrases": phrases,
        "windows": base64.b64encode(bytes(windows_w)).decode(),
        "words": len(words),
    }


def dumps(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- reading (any clone) -----------------------------------------------------------


@dataclass(frozen=True)
class Located:
    """Where a text lies in a thesis: its first and last word's positions."""

    study: str
    first_word: int
    last_word: int
    checked_words: int  # words covered by matching windows (the others are at the edges)


class Thesis:
    def __init__(self, study: str, data: dict[str, object]) -> None:
        self.study = study
        self.words = int(data["words"])  # type: ignore[arg-type]
        self.windows = _split(str(data["windows"]))
        self.exact = _split(str(data["exact"]))
        self.page_runs: list[list[int]] = data["pages"]  # type: ignore[assignment]
        self.anchors: list[list[object]] = data["anchors"]  # type: ignore[assignment]
        self.blocks: list[list[int]] = data["blocks"]  # type: ignore[assignment]
        self.phrases: list[list[object]] = data["phrases"]  # type: ignore[assignment]
        self._run_starts = [r[0] for r in self.page_runs]
        self.window_at: dict[bytes, list[int]] = {}
        for n, h in enumerate(self.windows):
            if any(h[WEAK_BYTES:]):  # weak (common-word) windows cannot start a search
                self.window_at.setdefault(h, []).append(n)

    def page_of_word(self, n: int) -> tuple[int, int]:
        """(first, last) possible page of word *n*; (0, 0) where no page is numbered."""
        run = self.page_runs[bisect.bisect_right(self._run_starts, n) - 1]
        return run[1], run[2]

    def locate(self, text: str) -> Located | None:
        """Where *text* lies: a phrase the thesis quotes whole, or a run in which every window matches."""
        return self.locate_phrase(text) or self.locate_run(text)

    def locate_phrase(self, text: str) -> Located | None:
        """*text* is exactly one of the phrases the thesis's prose puts in quotation marks."""
        words = tokens(self.study, text.strip().strip('”“"„'))
        for first, length, word_hex, exact_hex in self.phrases:
            if length != len(words) or not same(bytes.fromhex(str(word_hex)), word_hash(self.study, words)):
                continue
            if exact_hex and not same(bytes.fromhex(str(exact_hex)), exact_hash(self.study, words)):
                continue
            return Located(self.study, int(first), int(first) + len(words) - 1, len(words))  # type: ignore[arg-type]
        return None

    def locate_run(self, text: str) -> Located | None:
        """Where *text* (nine words or more) lies: every whole window in it must match, in order.

        The first and last word may have lost the punctuation of the running text they were
        cut from, so windows holding them are compared by words only; the rest, in Lundgren's
        clean text, exactly.
        """
        words = tokens(self.study, text)
        for shift in range(K):
            count = (len(words) - shift) // K
            if count == 0:
                continue
            found = self._chain(words, shift, count)
            if found is not None:
                first = found * K - shift
                return Located(self.study, first, first + len(words) - 1, count * K)
        return None

    def _chain(self, words: list[Token], shift: int, count: int) -> int | None:
        windows = [words[shift + j * K : shift + (j + 1) * K] for j in range(count)]
        for j, window in enumerate(windows):
            for n in self.window_at.get(word_hash(self.study, window), []):
                start = n - j
                if start >= 0 and start + count <= len(self.windows) and self._all_match(words, start, windows):
                    return start
        return None

    def _all_match(self, words: list[Token], start: int, windows: list[list[Token]]) -> bool:
        return all(self._matches(words, start + j, w) for j, w in enumerate(windows))

    def _matches(self, words: list[Token], n: int, window: list[Token]) -> bool:
        if not same(self.windows[n], word_hash(self.study, window)):
            return False
        edge = window[0] is words[0] or window[-1] is words[-1]
        return edge or not self.exact or same(self.exact[n], exact_hash(self.study, window))

    def copied_runs(self, text: str) -> list[str]:
        """Runs of *text* that equal two consecutive windows of the thesis: ten words or more copied.

        Any copied run of 14 words or more holds two whole windows, so it is always found;
        shorter runs are found when they happen to line up with the windows.
        """
        words = tokens(self.study, text)
        starts: dict[int, int] = {}  # text position -> thesis window that matches there
        for i in range(len(words) - K + 1):
            for n in self.window_at.get(word_hash(self.study, words[i : i + K]), []):
                starts[i] = n
        return [
            text[words[i].start : words[i + 2 * K - 1].end]
            for i, n in sorted(starts.items())
            if i + K in starts and starts[i + K] == n + 1
        ]

    def window_hash_at(self, word: int) -> str:
        """The id of the window holding word *word* (for recording evidence), in hex."""
        return self.windows[word // K].hex()

    def word_of(self, window_hex: str, offset: int) -> int | None:
        """The word position a recorded window id and offset point to; None if the id is unknown."""
        found = self.window_at.get(bytes.fromhex(window_hex))
        return found[0] * K + offset if found and len(found) == 1 else None


def _split(encoded: str) -> list[bytes]:
    raw = base64.b64decode(encoded)
    return [raw[i : i + HASH_BYTES] for i in range(0, len(raw), HASH_BYTES)]


@cache
def load(path: Path = FINGERPRINT) -> dict[str, Thesis]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {study: Thesis(study, data[study]) for study in STUDIES}


def main(argv: list[str]) -> int:
    """`python -m tools.fingerprint` rewrites the committed fingerprint from the seeds."""
    from tools.seeds import SeedsMissing

    try:
        text = dumps(build())
    except SeedsMissing as exc:
        print(f"fingerprint: {exc}", file=sys.stderr)
        return 2
    FINGERPRINT.parent.mkdir(parents=True, exist_ok=True)
    tmp = FINGERPRINT.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(FINGERPRINT)
    print(f"wrote {FINGERPRINT.relative_to(FINGERPRINT.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
