"""When and where a document was written, read from its dateline.

The date is normalized from the publisher's attributes (`frus:doc-dateTime-min/max` on the
div, else `when`, `notBefore`/`notAfter` or `from`/`to` on the dateline date), never from the
words: the words are kept as `DateValue.text`, as printed, with the time of day the dateline
tags apart from the date (events read it: `enrich.meetings.time_range`).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from readingroom.ingest.frus.tei import DATE, DATELINE, FRUS_NAMESPACES, OPENER, PLACENAME, TIME
from readingroom.ingest.frus.text import plain
from readingroom.records.dates import DateValue, Span, date_from_iso

_DATE_ATTRS = ("when", "notBefore", "notAfter", "from", "to")
_DOC_DATETIME = tuple(
    (f"{{{ns}}}doc-dateTime-min", f"{{{ns}}}doc-dateTime-max") for ns in FRUS_NAMESPACES
)


def find_dateline(div: etree._Element) -> etree._Element | None:
    """The document's dateline, standing alone or inside its opener."""
    found = div.find(DATELINE)
    if found is None:
        found = div.find(f"{OPENER}/{DATELINE}")
    return found


def places(dateline: etree._Element | None) -> list[str]:
    """The place the dateline names ("Washington"), if it tags one."""
    if dateline is None:
        return []
    place = dateline.find(f".//{PLACENAME}")
    name = plain(place) if place is not None else ""
    return [name] if name else []


def date_value(div: etree._Element, dateline: etree._Element | None) -> DateValue:
    """The dateline date, normalized from the publisher's attributes, never from the words."""
    date_el = _dateline_date(dateline)
    text = plain(date_el) if date_el is not None else ""
    if text and (time := _time_apart(dateline, date_el)) is not None:
        text = f"{text}, {plain(time)}"  # "June 23, 1967, 3:44–4:35 p.m.", as printed
    for min_attr, max_attr in _DOC_DATETIME:
        low, high = div.get(min_attr), div.get(max_attr)
        if low or high:
            return _range_value(text, low or high, high or low)
    if date_el is None:
        return DateValue(text=text, precision="unknown")
    when = date_el.get("when")
    if when:
        bounds = _iso_bounds(when)
        if bounds is None:
            return DateValue(text=text, precision="unknown")
        return DateValue(text=text, start=bounds[0], end=bounds[1], precision=bounds[2])
    low = date_el.get("notBefore") or date_el.get("from")
    high = date_el.get("notAfter") or date_el.get("to")
    if low or high:
        return _range_value(text, low, high)
    return DateValue(text=text, precision="unknown")


def _time_apart(dateline: etree._Element | None, date_el: etree._Element | None) -> Any:
    """The dateline's time of day when it stands apart from the date's words."""
    if dateline is None:
        return None
    time = dateline.find(f".//{TIME}")
    inside = date_el is not None and any(el is time for el in date_el.iter(TIME))
    return None if inside else time


def _dateline_date(dateline: etree._Element | None) -> etree._Element | None:
    """The first date carrying a normalized value, else the first date (e.g. "undated")."""
    if dateline is None:
        return None
    dates = list(dateline.iter(DATE))
    for candidate in dates:
        if any(candidate.get(attr) for attr in _DATE_ATTRS):
            return candidate
    return dates[0] if dates else None


def _range_value(text: str, low: str | None, high: str | None) -> DateValue:
    """From the first day `low` covers to the last day `high` covers; one day is "day"."""
    first = _iso_bounds(low) if low else None
    last = _iso_bounds(high) if high else None
    start = first[0] if first else None
    end = last[1] if last else None
    if start is None and end is None:
        return DateValue(text=text, precision="unknown")
    precision = "day" if start is not None and start == end else "range"
    return DateValue(text=text, start=start, end=end, precision=precision)


def _iso_bounds(value: str) -> Span | None:
    """First and last day an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, or a dateTime) covers.

    Only the date part is read: a time of day (in whatever form) cannot move the day, and an
    unreadable value gives None rather than a guess.
    """
    try:
        return date_from_iso(value.strip()[:10])
    except ValueError:
        return None
