"""A result list to take away: every list is a query of the search language, run through the
search service in its order up to a cap, its documents read in bulk and written with the
crosswalk (BibTeX, RIS, CSL-JSON) or as CSV.

The search page's own query, a person (`person:"Name"`), an event (`event:SLUG`), a collection
(`collection:"Title"`) and a place (`place:"Name"`) all go the same way, so a download holds
what the list shows and never an unpublished record (the index holds only public documents and
the service checks each hit's status again). Shared by the pages and the API, which may not
import each other; docs/architecture.md, Floors.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from readingroom.authorities.appearances import links
from readingroom.authorities.models import Person
from readingroom.citations import crosswalk
from readingroom.citations.citable import Citable, citable, long_date
from readingroom.citations.styles import chicago_bibliography
from readingroom.ingest.csvrows import FORMULA_STARTS, joined
from readingroom.records.contract import collection_fields
from readingroom.records.models import Collection, Document
from readingroom.records.serialize import document_fields
from readingroom.search.results import MAX_DEPTH, MAX_PAGE_SIZE, SORTS
from readingroom.search.service import search

DEFAULT_CAP = 1000  # documents a download holds at most: what search can page through
LIST_SORTS = ("date_asc", "date_desc", "relevance")
CSV_COLUMNS = (
    "identifier",
    "title",
    "date",
    "date_start",
    "date_end",
    "collections",
    "number",
    "types",
    "languages",
    "places",
    "people",
    "summary",
    "source",
    "url",
    "citation",
)
PREFETCH = ("types", "languages", "subjects", "funders", "credits")


class Rebuilding(Exception):
    """The search index is being built: a list now would be incomplete, so none is given."""


def cap() -> int:
    """The cap (setting `TAKEAWAY_CAP`), never deeper than search pages (`MAX_DEPTH`)."""
    return max(1, min(int(getattr(settings, "TAKEAWAY_CAP", DEFAULT_CAP)), MAX_DEPTH))


@dataclass
class Item:
    """One document of a list: the stored row and its citable view."""

    doc: Document
    cited: Citable


@dataclass
class ResultList:
    query: str
    total: int  # every match, as the search counts them
    items: list[Item]
    cap: int
    warnings: list[str] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total > len(self.items)

    @property
    def note(self) -> str:
        """ "the first 1,000 of 4,312 documents" when the list was cut, else ""."""
        if not self.capped:
            return ""
        return (
            f"the first {len(self.items):,} of {self.total:,} documents (the cap is {self.cap:,})"
        )

    @property
    def citables(self) -> list[Citable]:
        return [item.cited for item in self.items]


def result_list(
    query: str, *, base: str, sort: str = "date_asc", exact: bool = False, limit: int = 0
) -> ResultList:
    """The documents `query` finds in `sort` order, at most the cap (or `limit`, if lower),
    with absolute links from `base` (scheme and host). Raises `Rebuilding`."""
    most = min(limit, cap()) if limit > 0 else cap()
    sort = sort if sort in SORTS else "date_asc"
    ids, total, warnings = matching_ids(query, sort=sort, exact=exact, most=most)
    return ResultList(query, total, load(ids, base), most, warnings)


def matching_ids(
    query: str, *, sort: str, exact: bool, most: int
) -> tuple[list[int], int, list[str]]:
    """The first `most` public matches' ids, their total and the query's warnings: pages of
    the search (brief: no facets, no passages) until `most` are found."""
    ids: list[int] = []
    size = min(MAX_PAGE_SIZE, most)
    page, total, warnings = 1, 0, []
    while len(ids) < most:
        found = search(query, page=page, sort=sort, page_size=size, exact=exact, brief=True)
        if found.rebuilding:
            raise Rebuilding(found.warnings[0] if found.warnings else "")
        total, warnings = found.total, found.warnings
        ids += [hit.doc_id for hit in found.hits]
        if page * size >= min(found.total, MAX_DEPTH):
            break
        page += 1
    return list(dict.fromkeys(ids))[:most], total, warnings


def load(ids: list[int], base: str) -> list[Item]:
    """The public documents of `ids`, in that order, each with its citable view: a handful of
    queries for the whole list, none per document; each collection's fields read once."""
    keys_only = Prefetch("collections", queryset=Collection.objects.only("pk", "key"))
    rows = Document.objects.prefetch_related(*PREFETCH, keys_only).public_in_bulk(ids)
    docs = [rows[pk] for pk in ids if pk in rows]
    keys = {c.key for doc in docs for c in doc.collections.all()}
    collections = {c.key: collection_fields(c) for c in Collection.objects.filter(key__in=keys)}
    people = people_of([doc.pk for doc in docs])
    items = []
    for doc in docs:
        record = document_fields(doc)
        record["people"] = [{"name": name} for name in people.get(doc.pk, [])]
        url = base + doc.get_absolute_url()
        items.append(Item(doc, citable(record, url=url, collections=collections)))
    return items


def people_of(ids: list[int]) -> dict[int, list[str]]:
    """The people of each document (`authorities.appearances`), by name: two queries a list."""
    pairs = {(doc_id, person_id) for doc_id, person_id, _ in links(doc_ids=ids)} if ids else set()
    names = dict(Person.objects.filter(pk__in={p for _, p in pairs}).values_list("pk", "name"))
    out: dict[int, list[str]] = defaultdict(list)
    for doc_id, person_id in sorted(pairs):
        out[doc_id].append(names[person_id])
    return {doc_id: sorted(set(found)) for doc_id, found in out.items()}


# ---------------------------------------------------------------- writers


def inert(value: str) -> str:
    """A cell a spreadsheet would run as a formula, guarded by a leading apostrophe: the
    rule of every CSV the archive writes (`ingest.csvrows.FORMULA_STARTS`, README)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_row(item: Item) -> dict[str, str]:
    cited, doc = item.cited, item.doc
    row = {"identifier": cited.identifier, "title": cited.title, "date": long_date(cited)}
    row |= {"date_start": cited.start.isoformat() if cited.start else ""}
    row |= {"date_end": cited.end.isoformat() if cited.end else "", "number": doc.number}
    for name in ("collections", "types", "languages", "places", "people"):
        row[name] = joined(getattr(cited, name))
    row |= {"summary": cited.summary, "source": cited.source_text, "url": cited.url}
    row["citation"] = chicago_bibliography(cited).text
    return {column: inert(str(row[column])) for column in CSV_COLUMNS}


def csv_text(found: ResultList) -> str:
    """One row per document, in the list's order, after the header."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(csv_row(item) for item in found.items)
    return buffer.getvalue()


def bibtex_text(found: ResultList) -> str:
    note = f"readingroom result list: {found.note}." if found.capped else ""
    return crosswalk.bibtex_list(found.citables, note)


def ris_text(found: ResultList) -> str:
    return crosswalk.ris_list(found.citables)


def csl_json_text(found: ResultList) -> str:
    return crosswalk.csl_json_list(found.citables)


Writer = Callable[[ResultList], str]
# extension -> (label, media type, writer); the API names the same formats by `API_NAMES`.
FORMATS: dict[str, tuple[str, str, Writer]] = {
    "csv": ("CSV", "text/csv", csv_text),
    "ris": ("RIS", crosswalk.DOWNLOADS["ris"][1], ris_text),
    "bib": ("BibTeX", crosswalk.DOWNLOADS["bib"][1], bibtex_text),
    "csl.json": ("CSL-JSON", crosswalk.DOWNLOADS["csl.json"][1], csl_json_text),
}
API_NAMES = {"csv": "csv", "ris": "ris", "bibtex": "bib", "csl-json": "csl.json"}


def headers(found: ResultList) -> dict[str, str]:
    """What a download says of itself in HTTP (a CSV or RIS file has no place for a note):
    the total, how many it holds and the cap, and a note when it was cut."""
    out = {"X-Result-Total": str(found.total), "X-Result-Count": str(len(found.items))}
    out["X-Result-Cap"] = str(found.cap)
    if found.capped:
        out["X-Result-Note"] = found.note
    return out
