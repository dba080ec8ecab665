"""The date value type: a date as written, its normalized start/end and its precision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "season", "range", "circa", "unknown")


@dataclass(frozen=True)
class DateValue:
    text: str
    start: date | None = None
    end: date | None = None
    precision: str = "unknown"


def parse_date(text: str) -> DateValue:
    """Read a date as an archive writes it; never invents parts that are not there."""
    raise NotImplementedError
