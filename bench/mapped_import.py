"""Another archive's export, imported through a mapping: time and fidelity on real records.

FRUS volumes are imported into a scratch archive and exported as readingroom's CSV; that file
is rewritten in the column shape of the sample pages' archive export (`document_url,
original_publication_date, …, donors`: dates as written, lists between ";", participants as a
JSON array of labels, credits as free text) and imported into a second, empty archive by the CLI,
`readingroom import --mapping digital_archive`. The script prints the import's time and rate
and checks that every record came back with its title, date, places and labels.

    .venv/bin/python bench/mapped_import.py [volume.xml ...]
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "frus"
DEMO = ("frus1964-68v29p1", "frus1958-60v19", "frus1961-63v05")
CLI = [str(REPO / ".venv" / "bin" / "readingroom")]
PHRASES = {"obtained_by": "Obtained by", "translated_by": "Translated by", "author": "Written by"}


def run(home: Path, *args: str) -> float:
    """Seconds the command took; what it rejected is printed (it exits 1 then)."""
    started = time.perf_counter()
    env = {**os.environ, "READINGROOM_HOME": str(home)}
    done = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    for line in [line for line in done.stderr.splitlines() if "rejected" in line][:10]:
        print(line)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr[-2000:])
    return seconds


def as_export(row: dict[str, str]) -> dict[str, str]:
    """A readingroom CSV row in the column shape of the other archive's export."""
    listed = lambda column: row[column].replace("|", "; ")  # noqa: E731
    credits = [c.split(": ", 1) for c in row["credits"].split("|") if ": " in c]
    return {
        "document_url": f"https://example.org/document/{row['identifier']}",
        "original_publication_date": row["date"],
        "title": row["title"],
        "credits": ". ".join(f"{PHRASES.get(r, 'Translated by')} {n}" for r, n in credits),
        "text_body": row["text"],
        "summary": row["summary"],
        "authors": "",
        "associated_places": listed("places"),
        "subjects_discussed": listed("subjects"),
        "associated_people_orgs": json.dumps([p for p in row["participants"].split("|") if p]),
        "document_contributors": "",
        "source": row["source"],
        "original_upload_date": row["uploaded"],
        "original_archive_title": "",
        "language": listed("languages"),
        "rights": row["rights"],
        "record_id": row["identifier"],
        "original_classification": row["classification"],
        "donors": listed("funders"),
    }


def main() -> None:
    names = sys.argv[1:] or [DATA / f"{name}.xml" for name in DEMO]
    with tempfile.TemporaryDirectory() as scratch:
        first, second = Path(scratch) / "first", Path(scratch) / "second"
        ours, theirs = Path(scratch) / "ours.csv", Path(scratch) / "theirs.csv"
        run(first, "init")
        run(first, "import", *map(str, names))
        run(first, "export", "--format", "csv", "-o", str(ours))
        with ours.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        exported = [as_export(r) for r in rows]
        with theirs.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(exported[0]))
            writer.writeheader()
            writer.writerows(exported)
        run(second, "init")
        seconds = run(second, "import", "--mapping", "digital_archive", str(theirs))
        size = theirs.stat().st_size / 1e6
        check(second, rows)
    print(f"{len(rows)} records ({size:.1f} MB as the other archive's CSV)")
    print(
        f"import --mapping (with enrichment queued): {seconds:.1f} s, {len(rows) / seconds:.0f}/s"
    )


def check(home: Path, rows: list[dict[str, str]]) -> None:
    """Every record back, with its title, date, places and participants as people labels."""
    os.environ["READINGROOM_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from readingroom.records.models import Document

    stored = {d.identifier: d for d in Document.objects.all()}
    wrong = [
        r["identifier"]
        for r in rows
        if (d := stored.get(r["identifier"])) is None
        or d.title != r["title"]
        or d.date_text != r["date"]
        or d.places != [p for p in r["places"].split("|") if p]
        or len(d.associated_people) + len(d.associated_organizations)
        != len([p for p in r["participants"].split("|") if p])
    ]
    print(f"records back: {len(stored)} of {len(rows)}; differing: {len(wrong)} {wrong[:5]}")


if __name__ == "__main__":
    main()
