"""OCR of typescript pages through the real command line: pages per minute, words found.

N pages (20 unless told) of typescript-like English are drawn as A4 scans at 200 dpi (a
monospaced face, grey paper with grain, a slight tilt, saved as JPEG as a scanner would),
imported as one record's scans into a scratch archive, and read by `readingroom ocr`. The
script prints the time, pages per minute and the share of the words drawn that the
machine-read transcription holds (counted with repeats, punctuation aside).

    .venv/bin/python bench/ocr.py [N]
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

REPO = Path(__file__).resolve().parent.parent
CLI = [str(REPO / ".venv" / "bin" / "readingroom")]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"  # fonts-dejavu-core
A4 = (1654, 2339)  # 210 x 297 mm at 200 dpi
MARGIN, FONT_SIZE, LEADING, COLUMNS = 190, 30, 52, 64  # 11 pt, one and a half spacing
VOCABULARY = (
    "the delegation discussed agricultural situation economic cooperation between both "
    "countries comrade stated that harvest had been good this year although weather spring "
    "was difficult ambassador asked about deliveries machinery fertilizer cotton government "
    "party central committee minister foreign affairs embassy conversation question answer "
    "said would should must support friendship people republic soviet union china korea "
    "albania trade agreement credit factory plan five years steel grain railway port meeting "
    "congress report opinion position policy imperialist struggle peace war army border "
    "visit leader secretary general premier council representatives press statement regard "
    "important necessary possible difficult great small first second new old other same "
    "military technical assistance specialists students exchange cultural delegation of in "
    "to and for with on as by at from this which it we they he our their his not also"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    text = " ".join(words)
    if len(words) > 10:
        at = rng.randint(3, len(words) - 3)
        text = " ".join(words[:at]) + ", " + " ".join(words[at:])
    return text[0].upper() + text[1:] + "."


def typed_lines(rng: random.Random, count: int) -> list[str]:
    """Lines of a typescript: sentences run on, wrapped at COLUMNS, a blank line after each
    paragraph."""
    lines: list[str] = []
    while len(lines) < count:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        line = ""
        for word in paragraph.split(" "):
            if line and len(line) + 1 + len(word) > COLUMNS:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines += [line, ""]
    return lines[:count]


def draw_page(lines: list[str], rng: random.Random, path: Path) -> None:
    """A scan of a typed page: grey paper with grain, ink not quite black, a slight tilt."""
    font = ImageFont.truetype(FONT, FONT_SIZE)
    page = Image.effect_noise(A4, 18).point(lambda v: 214 + v // 8)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + row * LEADING), line, font=font, fill=rng.randint(25, 60))
    page = page.rotate(rng.uniform(-0.6, 0.6), fillcolor=230, resample=Image.BICUBIC)
    page.filter(ImageFilter.GaussianBlur(0.6)).save(path, "JPEG", quality=85)


def make_pages(folder: Path, count: int) -> tuple[list[str], list[str]]:
    """The page files (names) and every word drawn on them."""
    rng = random.Random(17)
    names, drawn = [], []
    rows = (A4[1] - 2 * MARGIN) // LEADING
    for number in range(1, count + 1):
        lines = typed_lines(rng, rows)
        draw_page(lines, rng, folder / f"page{number:03}.jpg")
        names.append(f"page{number:03}.jpg")
        drawn += words_of(" ".join(lines))
    return names, drawn


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def record_line(names: list[str]) -> dict:
    """One record of the JSON Lines import, in the shape an export writes."""
    sys.path.insert(0, str(REPO))
    from readingroom.records.contract import DocumentRecord, ScanRecord
    from readingroom.records.snapshot import snapshot_from_parsed

    record = DocumentRecord(
        "bench-typescript",
        title="Typescript read by OCR",
        languages=["English"],
        scans=[ScanRecord(file=name) for name in names],
    )
    return snapshot_from_parsed(record, []) | {"status": "published"}


def run(home: Path, *args: str) -> str:
    env = {**os.environ, "READINGROOM_HOME": str(home)}
    done = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"readingroom {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as scratch:
        home, folder = Path(scratch) / "home", Path(scratch) / "scans"
        folder.mkdir()
        names, drawn = make_pages(folder, count)
        jsonl = folder / "record.jsonl"
        jsonl.write_text(json.dumps(record_line(names)) + "\n", encoding="utf-8")
        run(home, "init")
        run(home, "import", str(jsonl))
        started = time.perf_counter()
        summary = run(home, "ocr", "--all")
        seconds = time.perf_counter() - started
        shown = json.loads(run(home, "show", "bench-typescript", "--format", "json"))
    text = " ".join(b["text"] for t in shown["texts"] for b in t["blocks"])
    found = sum((Counter(drawn) & Counter(words_of(text))).values())
    print(summary.strip())
    print(f"{count} pages, {len(drawn)} words drawn, in {seconds:.1f} s (the command, end to end)")
    print(f"{count / seconds * 60:.1f} pages per minute")
    print(f"words found: {found / len(drawn):.2%} ({found} of {len(drawn)})")


if __name__ == "__main__":
    main()
