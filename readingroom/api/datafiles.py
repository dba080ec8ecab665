"""The files of the Data page: what each holds and how it is written.

Only what readers see is exported: drafts, embargoed and withdrawn records never are, nor
events only they record. Links inside the files (the TEI files' own addresses, the events'
pages) come from the configured site address, never from a request, so no visitor can
change what later visitors download.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from readingroom.api import csvexport, exporting, teiexport


@dataclass(frozen=True)
class Download:
    name: str  # the file name in the build directory, and in the URL
    title: str
    description: str
    content_type: str
    build: Callable[[Path, str], None]  # (target path, site base URL)


def _write_lines(lines: Iterable[str], target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as stream:
        exporting.write_lines(lines, stream)


def build_jsonl(target: Path, base_url: str) -> None:
    _write_lines(exporting.jsonl_lines(*exporting.public_only()), target)


def build_csv(target: Path, base_url: str) -> None:
    _write_lines(csvexport.csv_lines(exporting.public_only()[0]), target)


def build_parquet(target: Path, base_url: str) -> None:
    from readingroom.api import parquetexport  # pyarrow is only needed here

    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        package = Path(scratch) / "readingroom-public"
        parquetexport.write_package(package, public=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(package.iterdir()):
                archive.write(path, f"{package.name}/{path.name}")


def build_tei(target: Path, base_url: str) -> None:
    teiexport.write_zip(target, public=True, base_url=base_url)


def build_events(target: Path, base_url: str) -> None:
    _write_lines(exporting.event_lines(base_url), target)


DOWNLOADS = (
    Download(
        "readingroom-public.jsonl",
        "JSON Lines",
        "Every public record, one JSON object a line, collections first.",
        "application/jsonl; charset=utf-8",
        build_jsonl,
    ),
    Download(
        "readingroom-public.csv",
        "CSV",
        "One row per public document: the metadata columns.",
        "text/csv; charset=utf-8",
        build_csv,
    ),
    Download(
        "readingroom-public-parquet.zip",
        "Parquet data package",
        "A zip of a Frictionless data package: documents.parquet, documents.csv and "
        "datapackage.json describing both.",
        "application/zip",
        build_parquet,
    ),
    Download(
        "readingroom-public-tei.zip",
        "TEI P5",
        "A zip of one TEI XML file per public document, named by its identifier.",
        "application/zip",
        build_tei,
    ),
    Download(
        "events.jsonl",
        "Events (JSON Lines)",
        "Every public event (meeting, conversation, call) in date order, one JSON object a "
        "line as the API gives it: its participants and the public documents that record, "
        "report or mention it.",
        "application/jsonl; charset=utf-8",
        build_events,
    ),
)
BY_NAME = {d.name: d for d in DOWNLOADS}
