"""The one view of a record that every citation and metadata output reads.

Built from the record snapshot dict (``records.serialize.document_snapshot`` /
``public_view``) plus what the snapshot does not hold (the page URL, the titles
and editors of its collections), so the API and exports can reuse it unchanged.
Plain Python: no Django imports.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

# The publisher of the saved document pages and of records that sit in no volume
# (docs/architecture.md, Publisher).
DIGITAL_ARCHIVE = "History and Public Policy Program Digital Archive"
MONTHS = list(calendar.month_name)[1:]  # English: Python keeps the "C" locale unless told


@dataclass(frozen=True)
class Volume:
    """A published documentary edition the record is a numbered document of (e.g. FRUS)."""

    title: str
    editors: tuple[str, ...]
    number: str
    publisher: str = ""
    place: str = ""
    year: str = ""

    @property
    def imprint(self) -> str:
        return imprint(self.place, self.publisher, self.year)


def imprint(place: str, publisher: str, year: str) -> str:
    """ "Washington: United States Government Printing Office, 1996", what is known of it."""
    where = ": ".join(p for p in (place, publisher) if p)
    return ", ".join(p for p in (where, year) if p)


@dataclass(frozen=True)
class Citable:
    identifier: str
    record_id: str
    title: str
    url: str
    date_text: str
    start: date | None
    end: date | None
    precision: str
    types: tuple[str, ...]
    languages: tuple[str, ...]
    subjects: tuple[str, ...]
    places: tuple[str, ...]
    source_text: str
    archive: str
    archive_abbr: str
    fonds: str
    file: str
    file_volume: str
    credits: tuple[tuple[str, str], ...]  # (role, name)
    rights: str
    classification: str
    summary: str
    collections: tuple[str, ...]  # titles
    volume: Volume | None
    people: tuple[str, ...] = ()

    def credited(self, role: str) -> list[str]:
        return [name for r, name in self.credits if r == role]

    @property
    def repository(self) -> str:
        """The holding archive as written: "Albanian State Archives (AQPPSH)"."""
        if self.archive and self.archive_abbr:
            return f"{self.archive} ({self.archive_abbr})"
        return self.archive or self.archive_abbr


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _volume(record: Mapping[str, Any], collections: Mapping[str, Mapping[str, Any]]):
    """The record's documentary volume: a numbered document in a collection with editors."""
    if not record.get("number"):
        return None
    for key in record.get("collections", []):
        info = collections.get(key) or {}
        if info.get("title") and info.get("editors"):
            return Volume(
                info["title"],
                tuple(info["editors"]),
                str(record["number"]),
                publisher=info.get("publisher", ""),
                place=info.get("publication_place", ""),
                year=info.get("publication_year", ""),
            )
    return None


def citable(
    record: Mapping[str, Any], *, url: str, collections: Mapping[str, Mapping[str, Any]]
) -> Citable:
    """The citable view of a snapshot; ``collections`` maps a key to its collection's fields
    (title, editors, imprint: `ingest.parsed.COLLECTION_FIELDS`)."""
    source, when = record.get("source") or {}, record.get("date") or {}
    return Citable(
        identifier=record.get("identifier", ""),
        record_id=record.get("record_id", ""),
        title=(record.get("title") or "Untitled").strip(),
        url=url,
        date_text=when.get("text", ""),
        start=_day(when.get("start")),
        end=_day(when.get("end")),
        precision=when.get("precision", "unknown"),
        types=tuple(record.get("types", [])),
        languages=tuple(record.get("languages", [])),
        subjects=tuple(record.get("subjects", [])),
        places=tuple(record.get("places", [])),
        source_text=(source.get("text") or "").strip(),
        archive=source.get("archive", ""),
        archive_abbr=source.get("archive_abbr", ""),
        fonds=source.get("fonds", ""),
        file=source.get("file", ""),
        file_volume=source.get("volume", ""),
        credits=tuple((c["role"], c["name"]) for c in record.get("credits", [])),
        rights=record.get("rights", ""),
        classification=record.get("classification", ""),
        summary=record.get("summary", ""),
        collections=tuple(
            (collections.get(k) or {}).get("title", k) for k in record.get("collections", [])
        ),
        volume=_volume(record, collections),
        people=tuple(p["name"] for p in record.get("people", [])),
    )


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for a Western-order name; a single word is all family."""
    parts = name.strip().rsplit(" ", 1)
    return (parts[1], parts[0]) if len(parts) == 2 else (parts[0], "")


def long_date(item: Citable) -> str:
    """The date as Chicago writes it ("June 6, 1959", "October 1966"), or as written."""
    start = item.start
    if start and item.precision == "day":
        return f"{MONTHS[start.month - 1]} {start.day}, {start.year}"
    if start and item.precision == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    if start and item.precision == "year":
        return str(start.year)
    return item.date_text


def date_parts(item: Citable) -> list[list[int]]:
    """CSL date-parts at the record's precision: one part, or two for a range."""
    start, end = item.start, item.end
    if start is None:
        return []
    if item.precision == "day":
        return [[start.year, start.month, start.day]]
    if item.precision == "month":
        return [[start.year, start.month]]
    if item.precision in ("year", "circa"):
        return [[start.year]]
    if end and end != start:
        return [[start.year, start.month, start.day], [end.year, end.month, end.day]]
    return [[start.year]]
