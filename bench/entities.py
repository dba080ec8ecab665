"""Who is who, scored on what `readingroom enrich` stores, against FRUS's own links.

Each volume is copied without the publisher's person links (persName/@corresp; with
`--without-list` the persons list goes too), imported with the two seed pages into a fresh
archive by the importer the CLI runs, and enriched by the `enrich` command. The stored rows
are then scored:

- mentions: an enrichment mention is judged when it overlaps a hidden link or names a listed
  person; it is right when its person is the linked one (precision, recall, F1 per volume);
- participants: items of FRUS participant lists resolved to a person, and to the right one;
- persons created: people enrichment made that are not on any persons list, and how many of
  them duplicate a listed person (their mentions overlap a hidden link to one);
- speaker turns of the seed pages against their hand-written gold (bench/entity_seeds.py).

Editors leave many names unlinked, so precision has two readings: P judges a prediction that
overlaps a link, a repeat of a linked name in the same document, or names a listed person,
and leaves aside the names the editors marked without linking (persName without @corresp);
strict P also counts a repeat of a linked name that the editors left plain as wrong.

A link the persons list contradicts ("President Johnson" linked to U. Alexis Johnson, a
Deputy Under Secretary: `entity_gold.contradicted`) is set aside like an unlinked name; the
report says how many per volume.

Volumes in HELD_OUT were not looked at while tuning; the summary reports them apart.

    .venv/bin/python bench/entities.py [volume.xml ...] [--without-list] [--keep]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from entity_gold import VolumeGold, gold_or_reason, hidden_copy  # noqa: E402
from entity_score import Score, Stored, created_persons, score_volume  # noqa: E402
from entity_seeds import SEEDS, report_turns  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "frus"
HELD_OUT = {"frus1955-57v25", "frus1958-60v18", "frus1961-63v06", "frus1964-68v17"}


def _use(home: Path) -> None:
    os.environ["READINGROOM_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    import django

    django.setup()


def build(paths: list[Path], drop_list: bool, home: Path) -> float:
    """Import hidden copies into `home` and enrich them; the seconds `enrich` took."""
    copies = home / "volumes"
    copies.mkdir()
    hidden = [hidden_copy(p, copies, drop_list=drop_list) for p in paths]
    _use(home)
    from django.core.management import call_command

    from readingroom.ingest.runner import import_paths

    call_command("init", verbosity=0)
    report = import_paths(hidden + SEEDS)
    for line in report.lines():  # rejected files and warnings, as `readingroom import` prints them
        print(line, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    started = time.perf_counter()
    call_command("enrich")
    return time.perf_counter() - started


def report(scores: dict[str, Score], golds: dict[str, VolumeGold], seconds: float) -> None:
    print(
        f"{'volume':22} {'P':>6} {'R':>6} {'F1':>6} {'links':>6}  {'part.':>6} {'right':>6}"
        f"  {'strict P':>8}"
    )
    for name, s in scores.items():
        mark = "*" if name in HELD_OUT else " "
        print(
            f"{name:21}{mark} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6}  "
            f"{s.participants_resolved:6.1%} {s.participants_right:6.1%}  {s.strict_precision:8.3f}"
        )
    for label, names in (
        ("tuned", [n for n in scores if n not in HELD_OUT]),
        ("held out*", [n for n in scores if n in HELD_OUT]),
        ("TOTAL", list(scores)),
    ):
        if not names:
            continue
        s = sum((scores[n] for n in names), Score())
        print(
            f"{label:22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6}  "
            f"{s.participants_resolved:6.1%} {s.participants_right:6.1%}  {s.strict_precision:8.3f}"
        )
    aside = ", ".join(f"{g.volume} {g.contradicted}" for g in golds.values() if g.contradicted)
    print(f"links the persons list contradicts, set aside: {aside or 'none'}")
    words = sum(g.words for g in golds.values())
    if seconds:
        print(f"enrich: {words:,} words in {seconds:.1f} s -> {words / seconds:,.0f} words/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("volumes", nargs="*", type=Path)
    parser.add_argument("--without-list", action="store_true", help="hide the persons lists too")
    parser.add_argument("--keep", action="store_true", help="keep the archive and print it")
    parser.add_argument("--home", type=Path, help="score an archive kept earlier, not a new one")
    args = parser.parse_args()
    paths = args.volumes or sorted(DATA.glob("*.xml"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        read = dict(zip(paths, pool.map(gold_or_reason, paths), strict=True))
    for reason in (r for r in read.values() if isinstance(r, str)):
        print(f"rejected: {reason}", file=sys.stderr)  # left out, as `readingroom import` does
    paths = [path for path, got in read.items() if not isinstance(got, str)]
    golds = {g.volume: g for g in read.values() if not isinstance(g, str)}
    if args.home:
        home, seconds = args.home, 0.0
        _use(home)
    else:
        home = Path(tempfile.mkdtemp(prefix="readingroom-entities-"))
        seconds = build(paths, args.without_list, home)
    stored = Stored.load()
    scores = {name: score_volume(g, stored, args.without_list) for name, g in golds.items()}
    report(scores, golds, seconds)
    created_persons(stored, golds)
    report_turns()
    if args.keep:
        print(f"archive kept in {home}")


if __name__ == "__main__":
    main()
