"""The shapes the REST API answers with; the OpenAPI schema is generated from these."""

from __future__ import annotations

from ninja import Schema

from readingroom.records.contract import (
    BlockRecord,
    CreditRecord,
    ParticipantRecord,
    SourceCitation,
)


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


class DocumentPage(Schema):
    items: list[DocumentSummary]
    total: int | None
    next_cursor: str | None
    warnings: list[str]


class PersonRef(Schema):
    name: str
    slug: str
    appears_as: list[str]


class DocumentDetail(Schema):
    """A record's snapshot (`records.serialize`) and its people; the parts are the contract's
    own dataclasses, so the API shows what the record holds."""

    identifier: str
    record_id: str
    title: str
    number: str
    date: DateOut
    types: list[str]
    languages: list[str]
    subjects: list[str]
    funders: list[str]
    collections: list[str]
    summary: str
    source: SourceCitation
    credits: list[CreditRecord]
    rights: str
    classification: str
    uploaded: str | None
    places: list[str]
    participants: list[ParticipantRecord]
    blocks: list[BlockRecord]
    status: str
    embargo_until: str | None
    people: list[PersonRef]


class SnippetOut(Schema):
    speaker: str
    html: str


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
    value: str
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
