"""Search as every channel uses it: follow the change log, query, re-check status."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import connection
from django.utils import timezone

from readingroom.records.models import Document, is_public
from readingroom.search import declassification as declassified
from readingroom.search import sync
from readingroom.search.declassification import Figures, Row
from readingroom.search.fallback import BUILDING, search_database
from readingroom.search.names import expand_name, people_named
from readingroom.search.results import SearchPage, Snippet
from readingroom.search.sync import FOLLOW_SECONDS, local_index, sync_index

REBUILDING = BUILDING  # the note on a page answered from the database while the index is built
NOT_YET = "The search index is being built: search inside this document again in a minute."


def search(
    query: str,
    *,
    page: int = 1,
    sort: str = "relevance",
    page_size: int = 10,
    exact: bool = False,
    brief: bool = False,
) -> SearchPage:
    """One page of results; a hit the database says is not public is never shown.

    Names are read (`search.reading`): a name finds its other spellings, and a whole name
    the documents of its people, named in ``readings``. ``exact`` searches the words as typed.
    ``brief`` leaves out facets, years and passages, for a list that shows none of them.
    While a serving process builds its index, the page comes from the database's titles and
    summaries instead (`search.fallback`), with a note and ``rebuilding`` set.
    """
    sync_index(max_age=FOLLOW_SECONDS, wait=not sync.serving)
    if not sync.ready():
        return search_database(query, page=page, sort=sort, page_size=page_size)
    names = {} if exact else {"expand_name": expand_name, "read_people": people_named}
    options = {"sort": sort, "page": page, "page_size": page_size, "brief": brief}
    result = local_index().search(query, **options, **names)
    public = public_ids([hit.doc_id for hit in result.hits])
    result.hits = [hit for hit in result.hits if hit.doc_id in public]
    return result


def declassification(query: str, *, exact: bool = False) -> Figures:
    """What is withheld in the documents `query` finds, read as search reads it (so the
    counts are the search's own); empty, with a note, while the index is being built."""
    sync_index(max_age=FOLLOW_SECONDS, wait=not sync.serving)
    if not sync.ready():
        return Figures(Row("all"), warnings=[REBUILDING])
    names = {} if exact else {"expand_name": expand_name, "read_people": people_named}
    result, warnings = local_index().aggregate(query, declassified.request(), **names)
    return declassified.figures(result, warnings)


def find_in(doc_id: int, query: str) -> tuple[list[Snippet], list[str]]:
    """The passages of one (public) document a query finds, and the query's warnings; none
    while a serving process builds its index."""
    sync_index(max_age=FOLLOW_SECONDS, wait=not sync.serving)
    if not sync.ready():
        return [], [NOT_YET]
    return local_index().find_in(doc_id, query)


def public_ids(ids: list[int]) -> set[int]:
    """Which of ``ids`` the database says are public now.

    One statement by primary key, written out: through the ORM it cost more than a rare
    word's whole Tantivy work (docs/benchmarks.md). The test of the status is Document's.
    """
    if not ids:
        return set()
    table = connection.ops.quote_name(Document._meta.db_table)
    holes = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, status, embargo_until FROM {table} WHERE id IN ({holes})", ids)
        rows = cursor.fetchall()
    today = timezone.localdate()
    return {pk for pk, status, until in rows if is_public(status, until, today)}


def as_dict(result: SearchPage) -> dict[str, Any]:
    data = asdict(result)
    for hit in data["hits"]:
        for key in ("date", "date_end"):
            hit[key] = hit[key].isoformat() if hit[key] else None
    return data
