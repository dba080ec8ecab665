"""Reading page images with Tesseract: words with their boxes, and the text they make.

Plain Python (no Django), so parsing and text building are tested without a database. The
words keep their boxes (a search inside the scans highlights them, IIIF Content Search);
the text is a machine-read transcription in the record contract's blocks: a page break
before each page and one paragraph per paragraph Tesseract found.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from readingroom.records.contract import BlockRecord, TextRecord

TESSERACT = "tesseract"
DEBIAN_PACKAGES = (
    "tesseract-ocr tesseract-ocr-eng tesseract-ocr-sqi tesseract-ocr-kor tesseract-ocr-rus"
)
TIMEOUT = 300  # seconds for one page: a huge scan is slow, a hung process must not hold a worker
# Below this confidence a "word" is noise (a stain, a rule, a speck), whatever it holds.
MIN_CONFIDENCE = 20.0
# A word with no letter or digit (a stray mark read as punctuation) must be read surely.
MARK_CONFIDENCE = 60.0
DEFAULT = ("eng", "en")

# A record's language (its vocabulary name, or a code as FRUS states it) -> (Tesseract's
# language, ISO 639-1). Tesseract names most languages by ISO 639-2, but not all ("chi_sim").
LANGUAGES: dict[str, tuple[str, str]] = {
    "english": ("eng", "en"),
    "albanian": ("sqi", "sq"),
    "korean": ("kor", "ko"),
    "russian": ("rus", "ru"),
    "chinese": ("chi_sim", "zh"),
    "german": ("deu", "de"),
    "french": ("fra", "fr"),
    "italian": ("ita", "it"),
    "spanish": ("spa", "es"),
    "serbian": ("srp", "sr"),
    "serbo-croatian": ("hrv", "sh"),
    "bulgarian": ("bul", "bg"),
    "romanian": ("ron", "ro"),
    "polish": ("pol", "pl"),
    "czech": ("ces", "cs"),
    "hungarian": ("hun", "hu"),
    "greek": ("ell", "el"),
    "vietnamese": ("vie", "vi"),
    "japanese": ("jpn", "ja"),
    "mongolian": ("mon", "mn"),
}
_BY_CODE = {code: entry for entry in LANGUAGES.values() for code in entry}


class OcrError(RuntimeError):
    """Tesseract is missing, failed on a page, or took too long."""


@dataclass(frozen=True)
class Word:
    """One word as Tesseract read it: its box in pixels, and where it sits in the layout."""

    text: str
    x: int
    y: int
    w: int
    h: int
    confidence: float
    block: int = 0
    paragraph: int = 0
    line: int = 0

    def stored(self) -> list[str | int]:
        """As `Scan.words` keeps it: [text, x, y, w, h]."""
        return [self.text, self.x, self.y, self.w, self.h]


@dataclass
class Page:
    label: str  # the pagebreak's `n`: the scan's label, or its number
    words: list[Word]


def language_codes(name: str) -> tuple[str, str] | None:
    """(Tesseract's code, ISO 639-1) for a record language named or coded; None if unknown."""
    key = name.strip().lower()
    return LANGUAGES.get(key) or _BY_CODE.get(key)


def read_with(record_languages: Iterable[str], installed: Iterable[str]) -> list[str]:
    """The Tesseract languages to read a page with: the record's that are installed, in the
    record's order (Tesseract prefers the first: "ë" is read as "é" when English leads),
    then English, which notes and stamps of any archive are often in."""
    have = set(installed)
    found = [c[0] for name in record_languages if (c := language_codes(name)) and c[0] in have]
    return list(dict.fromkeys([*found, DEFAULT[0]]))


def text_language(record_languages: Iterable[str]) -> str:
    """The transcription's ISO 639-1 code: the record's first known language, else English."""
    for name in record_languages:
        if codes := language_codes(name):
            return codes[1]
    return DEFAULT[1]


def tesseract_path() -> str:
    found = shutil.which(TESSERACT)
    if found is None:
        raise OcrError(
            f"the `{TESSERACT}` program is not installed: "
            f"apt-get install {DEBIAN_PACKAGES} (Debian and Ubuntu)"
        )
    return found


@cache
def installed_languages() -> frozenset[str]:
    """The languages Tesseract has data for (`tesseract --list-langs`), asked once."""
    out = _run([tesseract_path(), "--list-langs"], "list its languages")
    lines = out.splitlines()[1:]  # after 'List of available languages in "…" (N):'
    return frozenset(line.strip() for line in lines if line.strip())


def run_tesseract(image: Path, languages: Sequence[str], timeout: float = TIMEOUT) -> str:
    """Tesseract's TSV for one page image."""
    args = [tesseract_path(), str(image), "stdout", "-l", "+".join(languages), "tsv"]
    return _run(args, f"read {image.name}", timeout)


def _run(args: list[str], what: str, timeout: float = TIMEOUT) -> str:
    # One thread per process: OpenMP's threads cost more than they gain on a page (5x the
    # time on two cores), and a worker's cores are better spent on pages side by side.
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise OcrError(f"tesseract could not {what} in {timeout:.0f} s") from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise OcrError(f"tesseract could not {what}: {problem[0]}")
    return done.stdout.decode("utf-8", "replace")


def read_page(image: Path, languages: Sequence[str]) -> list[Word]:
    """The words Tesseract reads on one page image, in reading order."""
    return parse_tsv(run_tesseract(image, languages))


def parse_tsv(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV output (level 5 rows), noise left out (`is_noise`)."""
    words: list[Word] = []
    rows = iter(tsv.splitlines())
    header = next(rows, "").split("\t")
    if "text" not in header:
        return words
    col = {name: i for i, name in enumerate(header)}
    for row in rows:
        cells = row.split("\t")
        if len(cells) != len(header) or cells[col["level"]] != "5":
            continue
        word = _word(cells, col)
        if word is not None and not is_noise(word):
            words.append(word)
    return words


def _word(cells: list[str], col: dict[str, int]) -> Word | None:
    try:
        number = {k: int(cells[col[k]]) for k in ("left", "top", "width", "height")}
        layout = {k: int(cells[col[k]]) for k in ("block_num", "par_num", "line_num")}
        confidence = float(cells[col["conf"]])
    except ValueError:
        return None
    return Word(
        cells[col["text"]].strip(),
        number["left"],
        number["top"],
        number["width"],
        number["height"],
        confidence,
        layout["block_num"],
        layout["par_num"],
        layout["line_num"],
    )


def is_noise(word: Word) -> bool:
    """Empty, read with almost no confidence, or a doubtful mark with no letter or digit."""
    if not word.text or word.confidence < MIN_CONFIDENCE:
        return True
    return word.confidence < MARK_CONFIDENCE and not any(c.isalnum() for c in word.text)


def paragraphs(words: Iterable[Word]) -> list[str]:
    """The page's paragraphs as Tesseract grouped them (block and paragraph numbers), each
    line's words joined by spaces and lines by a space, split words joined (`join_lines`)."""
    grouped: dict[tuple[int, int], dict[int, list[str]]] = {}
    for word in words:
        lines = grouped.setdefault((word.block, word.paragraph), {})
        lines.setdefault(word.line, []).append(word.text)
    return [join_lines(list(lines.values())) for lines in grouped.values()]


# A line ending in a word broken by a hyphen: letters, then the hyphen (not a dash "--").
_BROKEN = re.compile(r"(?<![\w-])(\w*[^\W\d_]{2})-$")


def join_lines(lines: list[list[str]]) -> str:
    """Lines of words as one text. A word broken at a line's end ("situ-" / "ation") is
    joined when that is safe: the next line goes on in lower case, so "Anglo-" / "American"
    keeps its hyphen and a line ending in a dash or a number is left as it is."""
    text = ""
    for words in lines:
        line = " ".join(words)
        broken = _BROKEN.search(text)
        if broken and line[:1].islower():
            text = text[:-1] + line
        elif broken and line[:1].isupper():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def transcription(pages: Sequence[Page], language: str) -> TextRecord:
    """The machine-read transcription of these pages: a page break before each page, then
    one paragraph block for each paragraph read on it."""
    blocks: list[BlockRecord] = []
    for number, page in enumerate(pages, start=1):
        blocks.append(BlockRecord("pagebreak", "", n=page.label or str(number)))
        blocks += [BlockRecord("paragraph", text) for text in paragraphs(page.words) if text]
    return TextRecord(kind="transcription", language=language, machine_read=True, blocks=blocks)
