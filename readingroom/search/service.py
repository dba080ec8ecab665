"""Search as every channel uses it: follow the change log, query, re-check status."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from readingroom.records.models import Document
from readingroom.search.engine import SearchPage
from readingroom.search.names import expand_name
from readingroom.search.sync import local_index, sync_index


def search(
    query: str, *, page: int = 1, sort: str = "relevance", page_size: int = 10
) -> SearchPage:
    """One page of results; a hit the database says is not public is never shown."""
    sync_index()
    result = local_index().search(
        query, expand_name=expand_name, sort=sort, page=page, page_size=page_size
    )
    ids = [hit.doc_id for hit in result.hits]
    # By key, then status in Python: the planner must not walk every published document.
    rows = Document.objects.filter(pk__in=ids).only("status", "embargo_until").order_by()
    public = {doc.pk for doc in rows if doc.is_public()}
    result.hits = [hit for hit in result.hits if hit.doc_id in public]
    return result


def as_dict(result: SearchPage) -> dict[str, Any]:
    data = asdict(result)
    for hit in data["hits"]:
        for key in ("date", "date_end"):
            hit[key] = hit[key].isoformat() if hit[key] else None
    return data
