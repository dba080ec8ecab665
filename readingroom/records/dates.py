"""The date value type: a date as written, its normalized start/end and its precision.

Archive dates come as "June 6, 1959", "October 1966", "1959-60", "Spring 1962" or "ca. 1959".
`parse_date` reads them with a small set of regular expressions and never fills a missing part
from the clock: a month alone is the whole month, a year alone the whole year, and text without
a four-digit year is "unknown". (dateparser and dateutil fill gaps with today's day or year;
undate 0.8 reads single English dates but not ranges, seasons or circa, and the single forms
need only `calendar.monthrange`, so plain regexes are clearer here.)

Conventions, chosen and stated once:
- seasons are northern-hemisphere meteorological seasons: Spring = March–May, Summer =
  June–August, Autumn/Fall = September–November, Winter Y = December Y – February Y+1
  ("Winter 1962-63" is the same season);
- "ca."/"c."/"circa"/"approx." and a trailing "?" or "~" give precision "circa" with the
  stated bounds kept as they are (not widened): how far to widen is a search-time choice;
  the inner precision (year, month, range) is not kept, the text still shows it;
- "1959-10" is October 1959 (ISO month); a two-digit suffix above 12 is a year range
  ("1959-60" = 1959–1960);
- dotted numeric dates ("6.6.1959") are day-first, as in European archives; slashed numeric
  dates ("6/6/1959") are ambiguous and stay unknown;
- a range ("1959-06..1964-05", "June 1959 - May 1964", "June 6-8, 1959") runs from the start
  of its first part to the end of its last; a reversed range is unknown; "1960s" is the
  range 1960–1969;
- a leading weekday ("Monday, October 13, 1958") and editorial brackets are ignored.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PRECISIONS = ("day", "month", "year", "season", "range", "circa", "unknown")


@dataclass(frozen=True)
class DateValue:
    text: str
    start: date | None = None
    end: date | None = None
    precision: str = "unknown"


Span = tuple[date, date, str]  # start, end, precision

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>\d{{4}})"
_DASH = r"\s*(?:-|–|—|\bto\b|\bthrough\b|\buntil\b)\s*"

_TIME = r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(rf"(\d{{4}})(?:-(\d{{2}})(?:-(\d{{2}}){_TIME})?)?", re.ASCII)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.ASCII)


_MONTH_DAY_YEAR = _rx(rf"{_MONTH.format('m')}\s*{_DAY.format('d')},?\s+{_YEAR.format('y')}")
_DAY_MONTH_YEAR = _rx(rf"{_DAY.format('d')}\s+{_MONTH.format('m')},?\s+{_YEAR.format('y')}")
_MONTH_YEAR = _rx(rf"{_MONTH.format('m')},?\s+{_YEAR.format('y')}")
_DOTTED = _rx(rf"{_DAY.format('d')}\.\s*(?P<m>\d{{1,2}})\.\s*{_YEAR.format('y')}")
_DECADE = _rx(r"(?P<y>\d{3}0)'?s")
_SHORT_YEARS = _rx(r"(?P<y>\d{4})\s*(?:[-–—/])\s*(?P<yy>\d{2})")
_DAYS_IN_MONTH = _rx(
    rf"{_MONTH.format('m')}\s*{_DAY.format('d1')}{_DASH}{_DAY.format('d2')},?\s+{_YEAR.format('y')}"
)
_DAYS_BEFORE_MONTH = _rx(
    rf"{_DAY.format('d1')}{_DASH}{_DAY.format('d2')}\s+{_MONTH.format('m')},?\s+{_YEAR.format('y')}"
)
_SEASON = _rx(
    r"(?P<s>spring|summer|autumn|fall|winter),?\s+(?P<y>\d{4})(?:\s*[-–—/]\s*(?P<y2>\d{2}|\d{4}))?"
)
_CIRCA_PREFIX = _rx(r"^(?:circa|approximately|approx\.|ca\.|c\.|ca\b|about\b|around\b)\s*")
_WEEKDAY = _rx(r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+")
_CIRCA_SUFFIX = re.compile(r"\s*[?~]+$")
_UNDATED = _rx(r"(?:n\.\s*d\.?|undated|no date|unknown|\?+)")

# First and last month of each season, as (month, year offset) pairs.
_SEASONS = {
    "spring": ((3, 0), (5, 0)),
    "summer": ((6, 0), (8, 0)),
    "autumn": ((9, 0), (11, 0)),
    "fall": ((9, 0), (11, 0)),
    "winter": ((12, 0), (2, 1)),
}


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _month(name: str) -> int:
    return _MONTHS[name.lower()]


def date_from_iso(value: str) -> Span:
    """Read "1958-10-13", "1958-10", "1958" or "1958-10-13T10:00:00" as (start, end, precision).

    FRUS `when` attributes look like this. A time of day is accepted and dropped. Raises
    ValueError for anything else, so a caller never gets a guessed date.
    """
    match = _ISO.fullmatch(value.strip())
    if not match:
        raise ValueError(f"not an ISO date: {value!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return (*_year_span(year), "year")
    if day is None:
        return (*_month_span(year, month), "month")
    return date(year, month, day), date(year, month, day), "day"


def _point(text: str) -> Span | None:
    """A single day, month or year written in words, ISO or dotted form."""
    if _ISO.fullmatch(text):
        try:
            return date_from_iso(text)
        except ValueError:  # "1959-60" is a range, not month 60
            return None
    if (m := _MONTH_DAY_YEAR.fullmatch(text)) or (m := _DAY_MONTH_YEAR.fullmatch(text)):
        day = date(int(m["y"]), _month(m["m"]), int(m["d"]))
        return day, day, "day"
    if m := _DOTTED.fullmatch(text):
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        return day, day, "day"
    if m := _MONTH_YEAR.fullmatch(text):
        return (*_month_span(int(m["y"]), _month(m["m"])), "month")
    return None


def _season(text: str) -> Span | None:
    """ "Spring 1962"; "Winter 1962" and "Winter 1962-63" run December 1962 – February 1963."""
    m = _SEASON.fullmatch(text)
    if not m:
        return None
    year, name = int(m["y"]), m["s"].lower()
    (first, first_offset), (last, last_offset) = _SEASONS[name]
    if m["y2"]:
        second = int(m["y2"]) if len(m["y2"]) == 4 else year // 100 * 100 + int(m["y2"])
        if name != "winter" or second != year + 1:
            return None
    start = _month_span(year + first_offset, first)[0]
    end = _month_span(year + last_offset, last)[1]
    return start, end, "season"


def _single(text: str) -> Span | None:
    return _point(text) or _season(text)


def _compact_range(text: str) -> Span | None:
    """Ranges that share parts: "1959-60", "June 6-8, 1959", "6-8 June 1959", "1960s"."""
    if m := _SHORT_YEARS.fullmatch(text):
        first = int(m["y"])
        last = first // 100 * 100 + int(m["yy"])
        if last <= first:
            return None
        return _year_span(first)[0], _year_span(last)[1], "range"
    if (m := _DAYS_IN_MONTH.fullmatch(text)) or (m := _DAYS_BEFORE_MONTH.fullmatch(text)):
        year, month = int(m["y"]), _month(m["m"])
        return date(year, month, int(m["d1"])), date(year, month, int(m["d2"])), "range"
    if m := _DECADE.fullmatch(text):
        first = int(m["y"])
        return _year_span(first)[0], _year_span(first + 9)[1], "range"
    return None


def _split_range(text: str) -> Span | None:
    """Two parts around "..", a dash or "to"; the first may borrow the year of the second.

    Every dash is tried as the divider, so the hyphens inside ISO dates do not confuse it.
    """
    dividers = list(re.finditer(r"\.\.", text)) or list(re.finditer(_DASH, text))
    for divider in dividers:
        left, right = text[: divider.start()].strip(" ,"), text[divider.end() :].strip(" ,")
        last = _single(right)
        if not left or last is None:
            continue
        first = _single(left) or _single(f"{left} {last[0].year}")
        if first is not None:
            return first[0], last[1], "range"
    return None


def _exact_span(text: str) -> Span | None:
    return _single(text) or _compact_range(text) or _split_range(text)


def _span(text: str) -> Span | None:
    """The normalized span of a cleaned-up date text, or None; circa keeps the stated bounds."""
    bare = _CIRCA_SUFFIX.sub("", _CIRCA_PREFIX.sub("", text, count=1))
    span = _exact_span(bare) if bare else None
    if span is None or bare == text:
        return span
    return span[0], span[1], "circa"


def _clean(text: str) -> str:
    """Drop editorial brackets, a leading weekday, a closing period and runs of spaces."""
    text = _WEEKDAY.sub("", " ".join(text.split()), count=1)
    while len(text) > 1 and text[0] + text[-1] in ("[]", "()"):
        text = text[1:-1].strip()
    return text.rstrip(".").strip()


def parse_date(text: str) -> DateValue:
    """Read a date as an archive writes it; never invents parts that are not there."""
    cleaned = _clean(text or "")
    if not cleaned or _UNDATED.fullmatch(cleaned):
        return DateValue(text)
    try:
        span = _span(cleaned)
    except (ValueError, OverflowError):  # day 31 of a 30-day month, year 0, year 10000
        span = None
    if span is None or span[0] > span[1]:
        return DateValue(text)
    return DateValue(text, *span)
