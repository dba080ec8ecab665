"""Date filters against the overlap rule, whichever way a range cuts the years.

The index answers a date filter from the years a document touches and reads the day
columns only where the range cuts a year (`Compiler._dates`); every combination of
whole and cut years must still find exactly the documents whose dates overlap.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readingroom.search.index import SearchIndex
from readingroom.search.query import parse_query
from readingroom.search.tree import DateRange
from tests.builders import index_document

FIRST = date(1958, 1, 1)


def _day(offset: int) -> date:
    return FIRST + timedelta(days=offset)


# Spans that start and end on, beside and across the turns of the years 1958–1962.
SPANS = [
    (date(1959, 1, 1), date(1959, 1, 1)),
    (date(1958, 12, 31), date(1958, 12, 31)),
    (date(1958, 12, 31), date(1959, 1, 1)),
    (date(1959, 6, 6), date(1959, 6, 6)),
    (date(1959, 12, 31), date(1960, 1, 1)),
    (date(1958, 3, 1), date(1961, 2, 1)),
    (date(1960, 2, 29), date(1960, 3, 1)),
    (date(1962, 12, 31), date(1962, 12, 31)),
    (None, None),
]


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    docs = [
        index_document(doc_id=i, title="memorandum", date_start=start, date_end=end)
        for i, (start, end) in enumerate(SPANS, start=1)
    ]
    with SearchIndex(tmp_path_factory.mktemp("dates") / "index") as ix:
        ix.add_documents(docs)
        yield ix


def overlapping(rng: DateRange) -> set[int]:
    return {
        i
        for i, (start, end) in enumerate(SPANS, start=1)
        if start is not None and start <= rng.end and end >= rng.start
    }


def found(ix: SearchIndex, text: str) -> set[int]:
    return {hit.doc_id for hit in ix.search(parse_query(text), page_size=100).hits}


WRITTEN = [
    "date:1959",
    "date:1959..1960",
    "date:1959-01",
    "date:1958-12",
    "date:1959-12-31",
    "date:1960-01-01",
    "date:1959-01-02..1959-12-30",
    "date:1960-02..1960-02",
    "date:..1958",
    "date:1962..",
    "date:..1959-01-01",
    "date:1959-12-31..",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_a_written_range_finds_what_overlaps(dated, text):
    rng = parse_query(text).tree
    assert isinstance(rng, DateRange), text
    assert found(dated, f"memorandum {text}") == overlapping(rng), text


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 5 * 366), st.integers(0, 5 * 366), st.sampled_from(["", "lo", "hi"]))
def test_any_range_finds_what_overlaps(dated, a, b, open_side):
    lo, hi = sorted((_day(a), _day(b)))
    text = f"date:{'' if open_side == 'lo' else lo.isoformat()}..{'' if open_side == 'hi' else hi}"
    rng = parse_query(text).tree
    assert isinstance(rng, DateRange), text
    assert found(dated, f"memorandum {text}") == overlapping(rng), text


def test_an_undated_document_is_outside_every_range(dated):
    assert found(dated, "memorandum -date:1000..3000") == {len(SPANS)}
