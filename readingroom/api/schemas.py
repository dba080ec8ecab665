"""The shapes the REST API answers with; the OpenAPI schema is generated from these."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any, get_type_hints

from ninja import Schema
from pydantic import Field, create_model

from readingroom.records.contract import DocumentRecord, SourceCitation
from readingroom.records.dates import DateValue


class Message(Schema):
    message: str


class DateOut(Schema):
    text: str
    start: str | None
    end: str | None
    precision: str


class DocumentSummary(Schema):
    identifier: str
    title: str
    date: DateOut
    types: list[str]
    languages: list[str]
    collections: list[str]
    url: str
    api_url: str


class ReadPerson(Schema):
    name: str
    slug: str
    url: str
    api_url: str


class ReadingOut(Schema):
    """A name typed as free text, read as people: their linked documents are in the results."""

    text: str = Field(description="the name as written in the query")
    people: list[ReadPerson] = Field(description="several when people share the name")
    excluded: bool = Field(description="the name was negated: their documents are left out")


READINGS = "names read as people (none with exact=true)"
REBUILDING = (
    "the node is building its search index: results come from titles and summaries only, "
    "with collection, type, language and date filters; person, place and speaker match nothing"
)


class DocumentPage(Schema):
    items: list[DocumentSummary]
    total: int | None
    next_cursor: str | None
    warnings: list[str]
    readings: list[ReadingOut] = Field(description=READINGS)
    rebuilding: bool = Field(False, description=REBUILDING)


class PersonRef(Schema):
    name: str
    slug: str
    appears_as: list[str]


# How the snapshot writes a contract type in JSON (any other type as it is).
_AS_JSON: dict[Any, Any] = {
    date | None: str | None,
    DateValue: DateOut,
    SourceCitation | None: SourceCitation,
    list[str] | None: list[str],
    str | None: str,
}


def _record_fields() -> dict[str, Any]:
    """The stored fields of the record contract, as the snapshot has them."""
    hints = get_type_hints(DocumentRecord)
    return {
        "identifier" if f.name == "key" else f.name: (
            _AS_JSON.get(hints[f.name], hints[f.name]),
            ...,
        )
        for f in fields(DocumentRecord)
        if f.name == "key" or f.metadata.get("stored")
    }


# A record's snapshot (`records.serialize`) and its people, derived from the record contract.
DocumentDetail = create_model(
    "DocumentDetail", __base__=Schema, **_record_fields(), people=(list[PersonRef], ...)
)


class EventRef(Schema):
    """A public event a document is linked to, and how the document relates to it."""

    slug: str
    name: str
    relation: str = Field(description="record, report, briefing or mentions")
    url: str
    api_url: str


class DocumentOut(DocumentDetail):
    """The record as the API serves it: the snapshot and its people (`DocumentDetail`, the
    contract's schema) and the public events it records, reports or mentions."""

    events: list[EventRef]


class SnippetOut(Schema):
    speaker: str
    html: str
    language: str  # the further text's language ("" for the main text)


class SearchHit(Schema):
    identifier: str
    title: str
    score: float | None
    date: str | None
    date_end: str | None
    summary_html: str
    snippets: list[SnippetOut]
    api_url: str


class FacetValue(Schema):
    value: str = Field(description="what the filter takes: a language's ISO 639 code")
    label: str = Field("", description="as a reader names it: a language's name")
    count: int


class YearCount(Schema):
    year: int
    count: int


class SearchOut(Schema):
    query: str
    total: int
    page: int
    page_size: int
    last_page: int
    sort: str
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    years: list[YearCount]
    warnings: list[str]
    readings: list[ReadingOut] = Field(description=READINGS)
    rebuilding: bool = Field(False, description=REBUILDING)


class NameOut(Schema):
    text: str
    language: str
    system: str
    primary: bool


class PersonOut(Schema):
    slug: str
    name: str
    sort_name: str
    names: list[NameOut]
    url: str
    api_url: str


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class CollectionOut(Schema):
    key: str
    title: str
    volume: str
    editors: list[str]
    publisher: str
    publication_place: str
    publication_year: str
    description: str
    documents: int
    url: str
    api_url: str


class ContentsOut(Schema):
    """An entry of a volume's table of contents (`records.contract.ContentsEntry`)."""

    kind: str
    key: str
    title: str = ""
    entries: list[ContentsOut] = []


class CollectionDetail(CollectionOut):
    """One collection with its table of contents, its public documents alone."""

    contents: list[ContentsOut]


class AuthorityOut(Schema):
    slug: str
    name: str
    documents: int


class TermOut(Schema):
    name: str
    documents: int


class VocabulariesOut(Schema):
    types: list[TermOut]
    languages: list[TermOut]
    subjects: list[TermOut]
    funders: list[TermOut]


class EventParticipantOut(Schema):
    name: str
    slug: str
    url: str
    api_url: str
    roles: list[str]
    side: str = Field(description="the country or party spoken for, when an account says")


class EventAccountOut(Schema):
    """A public document's account of the event."""

    identifier: str
    title: str
    url: str
    api_url: str
    relation: str = Field(description="record, report, briefing or mentions")
    evidence: str = Field(description="type, footnote, match or curator: why it is linked")
    note: str


class EventSummary(Schema):
    slug: str
    name: str
    kind: str
    date: DateOut
    time_start: str = Field(description='"HH:MM" when an account states it, else ""')
    time_end: str
    place: str
    url: str
    api_url: str


class EventOut(EventSummary):
    """An event with the people and accounts the public documents give."""

    description: str
    participants: list[EventParticipantOut]
    accounts: list[EventAccountOut]


class EventPage(Schema):
    items: list[EventSummary]
    next_cursor: str | None
