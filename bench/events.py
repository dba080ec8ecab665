"""Events found in an archive: the finder's rate, what it linked, and its precision.

    .venv/bin/python bench/events.py                 # a fresh home: the 12 FRUS volumes, seeds
    .venv/bin/python bench/events.py --home DIR      # find the events of an existing home again

The finder (`events.finding.find_events`) runs as `import` and `enrich` run it, a chunk of 50
documents at a time, over every document in date order, after the events found before are
cleared. It prints the documents per second, the events and links by relation, evidence and
status, the two checks issue 19 asks for (each memorandum of conversation the record of one
event; each note naming another record of the conversation linking both documents) and the
precision on the hand-labelled sample (tests/fixtures/events/labelled_links.csv), counted as
the test counts it. The rules were written from all twelve volumes' notes and the thresholds
set while reading their links, so no volume was kept aside: the labelled sample is the
measure, and a new volume's links are the check still to make.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.progress import Progress

REPO = Path(__file__).resolve().parent.parent
FRUS = REPO.parent / "shared" / "data" / "frus"
LABELS = REPO / "tests" / "fixtures" / "events" / "labelled_links.csv"
CHUNK = 50


def build_home(home: Path) -> None:
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    cli = str(Path(sys.executable).parent / "readingroom")
    seeds = sorted(str(p) for p in (REPO / "sample_data" / "seeds").glob("*.txt"))
    volumes = sorted(str(p) for p in FRUS.glob("frus*.xml"))
    subprocess.run([cli, "init"], env=env, check=True, capture_output=True)
    subprocess.run([cli, "import", *volumes, *seeds], env=env, check=True, capture_output=True)


def find_all() -> float:
    """Clear the events and find them again over every document; documents per second."""
    from readingroom.events.finding import find_events
    from readingroom.events.models import Event, EventReference
    from readingroom.ingest.runner import progress_columns
    from readingroom.records.models import Document

    EventReference.objects.all().delete()
    Event.objects.all().delete()
    ids = list(Document.objects.order_by("date_start", "pk").values_list("pk", flat=True))
    start = time.perf_counter()
    with Progress(*progress_columns()) as progress:
        task = progress.add_task("finding events", total=len(ids))
        for first in range(0, len(ids), CHUNK):
            find_events(ids[first : first + CHUNK])
            progress.advance(task, len(ids[first : first + CHUNK]))
    return len(ids) / (time.perf_counter() - start)


def linked_together(a: str, b: str) -> bool:
    from readingroom.events.models import EventDocument

    def events(identifier: str) -> set[int]:
        rows = EventDocument.objects.filter(document__identifier=identifier, status="linked")
        return set(rows.values_list("event_id", flat=True))

    return bool(events(a) & events(b))


def report(rate: float) -> None:
    from readingroom.events.models import Event, EventDocument
    from readingroom.records.models import Document

    print(f"finder: {rate:,.0f} documents/s")
    print(f"events: {Event.objects.filter(merged_into=None).count():,}")
    rows = EventDocument.objects.values_list("relation", "evidence", "status")
    for (relation, evidence, status), n in sorted(Counter(rows).items()):
        print(f"  {relation:<9} {evidence:<9} {status:<9} {n:>7,}")
    memcons = Document.objects.filter(types__name="Memorandum of Conversation")
    records = EventDocument.objects.filter(relation="record", status="linked")
    once = records.filter(document__in=memcons).values("document").distinct().count()
    print(f"memoranda of conversation recording one event: {once:,} of {memcons.count():,}")
    precision()


def precision() -> None:
    with LABELS.open(encoding="utf-8") as f:
        labelled = list(csv.DictReader(f))
    made = [row for row in labelled if linked_together(row["record"], row["document"])]
    right = sum(row["right"] == "yes" for row in made)
    if made:
        print(f"labelled sample: {len(made)} of {len(labelled)} pairs linked, {right} right: ")
        print(f"  precision {right / len(made):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing READINGROOM_HOME")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="rr-bench-events-"))
    if args.home is None:
        build_home(home)
    os.environ["READINGROOM_HOME"] = str(home.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"home {home}")
    report(find_all())


if __name__ == "__main__":
    main()
