"""Archive dates: as written, normalized start/end, precision; nothing taken from the clock."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.records import dates
from readingroom.records.dates import PRECISIONS, DateValue, date_from_iso, parse_date

D = date

CASES = [
    # day
    ("June 6, 1959", D(1959, 6, 6), D(1959, 6, 6), "day"),
    ("6 June 1959", D(1959, 6, 6), D(1959, 6, 6), "day"),
    ("1959-06-06", D(1959, 6, 6), D(1959, 6, 6), "day"),
    ("May 7, 1964", D(1964, 5, 7), D(1964, 5, 7), "day"),
    ("May 7th, 1964", D(1964, 5, 7), D(1964, 5, 7), "day"),
    ("Sept. 3, 1960", D(1960, 9, 3), D(1960, 9, 3), "day"),
    ("Monday, October 13, 1958", D(1958, 10, 13), D(1958, 10, 13), "day"),
    ("[May 7, 1964]", D(1964, 5, 7), D(1964, 5, 7), "day"),
    ("6.6.1959", D(1959, 6, 6), D(1959, 6, 6), "day"),
    ("February 29, 1960", D(1960, 2, 29), D(1960, 2, 29), "day"),
    # month
    ("October 1966", D(1966, 10, 1), D(1966, 10, 31), "month"),
    ("1966-10", D(1966, 10, 1), D(1966, 10, 31), "month"),
    ("Feb. 1960", D(1960, 2, 1), D(1960, 2, 29), "month"),
    ("1959-12", D(1959, 12, 1), D(1959, 12, 31), "month"),
    # year
    ("1959", D(1959, 1, 1), D(1959, 12, 31), "year"),
    # range
    ("1959-60", D(1959, 1, 1), D(1960, 12, 31), "range"),
    ("1959–1960", D(1959, 1, 1), D(1960, 12, 31), "range"),
    ("1999-01-05..2000-02", D(1999, 1, 5), D(2000, 2, 29), "range"),
    ("1959-06..1964-05", D(1959, 6, 1), D(1964, 5, 31), "range"),
    ("June 1959 - May 1964", D(1959, 6, 1), D(1964, 5, 31), "range"),
    ("June 6-8, 1959", D(1959, 6, 6), D(1959, 6, 8), "range"),
    ("6–8 June 1959", D(1959, 6, 6), D(1959, 6, 8), "range"),
    ("June 6 - July 2, 1959", D(1959, 6, 6), D(1959, 7, 2), "range"),
    ("June-August 1959", D(1959, 6, 1), D(1959, 8, 31), "range"),
    ("December 1961 to March 1962", D(1961, 12, 1), D(1962, 3, 31), "range"),
    ("1959-06-06 - 1959-06-08", D(1959, 6, 6), D(1959, 6, 8), "range"),
    ("1960s", D(1960, 1, 1), D(1969, 12, 31), "range"),
    # season (northern hemisphere)
    ("Spring 1962", D(1962, 3, 1), D(1962, 5, 31), "season"),
    ("Summer 1962", D(1962, 6, 1), D(1962, 8, 31), "season"),
    ("Autumn 1962", D(1962, 9, 1), D(1962, 11, 30), "season"),
    ("Fall 1962", D(1962, 9, 1), D(1962, 11, 30), "season"),
    ("Winter 1962", D(1962, 12, 1), D(1963, 2, 28), "season"),
    ("Winter 1963-64", D(1963, 12, 1), D(1964, 2, 29), "season"),
    # circa keeps the stated bounds
    ("ca. 1959", D(1959, 1, 1), D(1959, 12, 31), "circa"),
    ("c. 1959", D(1959, 1, 1), D(1959, 12, 31), "circa"),
    ("c.1959", D(1959, 1, 1), D(1959, 12, 31), "circa"),
    ("circa 1959", D(1959, 1, 1), D(1959, 12, 31), "circa"),
    ("ca. June 1959", D(1959, 6, 1), D(1959, 6, 30), "circa"),
    ("approximately 1960-61", D(1960, 1, 1), D(1961, 12, 31), "circa"),
    ("1959?", D(1959, 1, 1), D(1959, 12, 31), "circa"),
    # unknown: nothing is invented
    ("", None, None, "unknown"),
    ("   ", None, None, "unknown"),
    ("n.d.", None, None, "unknown"),
    ("undated", None, None, "unknown"),
    ("October", None, None, "unknown"),
    ("June 6", None, None, "unknown"),
    ("Spring", None, None, "unknown"),
    ("We met on Wednesday", None, None, "unknown"),
    ("June 31, 1959", None, None, "unknown"),
    ("1959-13", None, None, "unknown"),
    ("6/6/1959", None, None, "unknown"),  # month-first or day-first? do not guess
    ("June 8-6, 1959", None, None, "unknown"),  # reversed
    ("1960-59", None, None, "unknown"),
    ("Spring 1962-63", None, None, "unknown"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), CASES)
def test_table(text: str, start: date | None, end: date | None, precision: str) -> None:
    assert parse_date(text) == DateValue(text=text, start=start, end=end, precision=precision)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1958-10-13", (D(1958, 10, 13), D(1958, 10, 13), "day")),
        ("1958-10", (D(1958, 10, 1), D(1958, 10, 31), "month")),
        ("1958", (D(1958, 1, 1), D(1958, 12, 31), "year")),
        ("1958-10-13T10:00:00", (D(1958, 10, 13), D(1958, 10, 13), "day")),
        ("1958-10-13T10:00:00-04:00", (D(1958, 10, 13), D(1958, 10, 13), "day")),
        (" 1958-10-13 ", (D(1958, 10, 13), D(1958, 10, 13), "day")),
    ],
)
def test_date_from_iso(value: str, expected: tuple[date, date, str]) -> None:
    assert date_from_iso(value) == expected


@pytest.mark.parametrize(
    "value", ["", "October 1958", "1958-13", "1958-02-30", "58-10-13", "1958/10"]
)
def test_date_from_iso_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        date_from_iso(value)


MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@given(st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31)))
def test_day_forms_round_trip(day: date) -> None:
    month = MONTH_NAMES[day.month - 1]
    for text in (
        day.isoformat(),
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
    ):
        assert parse_date(text) == DateValue(text=text, start=day, end=day, precision="day")


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_month_forms_cover_the_whole_month(year: int, month: int) -> None:
    last = D(year, month, calendar.monthrange(year, month)[1])
    for text in (f"{MONTH_NAMES[month - 1]} {year}", f"{year}-{month:02d}"):
        assert parse_date(text) == DateValue(
            text=text, start=D(year, month, 1), end=last, precision="month"
        )


class _NoClock(date):
    """Stands in for `date` inside the module; reading the clock fails the test."""

    @classmethod
    def today(cls) -> date:
        raise AssertionError("parse_date read today's date")


class _NoClockDatetime(datetime):
    @classmethod
    def now(cls, tz=None) -> datetime:  # type: ignore[override]
        raise AssertionError("parse_date read the clock")

    @classmethod
    def today(cls) -> datetime:
        raise AssertionError("parse_date read the clock")


DATEISH = st.one_of(
    st.text(max_size=60),
    st.from_regex(
        r"(ca\. |circa |c\.)?((Spring|Winter|June|Sept\.|October) )?\d{1,2}[-–, .]{0,3}\d{0,4}"
        r"( ?[-–] ?|\.\.)?(\d{2,4})?\??",
        fullmatch=True,
    ),
)


@given(DATEISH)
def test_never_raises_and_never_reads_the_clock(text: str) -> None:
    with (
        mock.patch.object(dates, "date", _NoClock),
        mock.patch("datetime.datetime", _NoClockDatetime),
    ):
        value = parse_date(text)
    assert value.text == text
    assert value.precision in PRECISIONS
    if value.precision == "unknown":
        assert value.start is None and value.end is None
    else:
        assert value.start is not None and value.end is not None
        assert value.start <= value.end


@given(DATEISH)
def test_a_year_is_never_invented(text: str) -> None:
    """Every result starts in a year written out in full in the text."""
    value = parse_date(text)
    if value.start is not None:
        assert value.start.year in {int(year) for year in re.findall(r"[0-9]{4}", text)}
