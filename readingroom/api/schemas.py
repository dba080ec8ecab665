"""The shapes the REST API answers with; the OpenAPI schema is generated from these."""

from __future__ import annotations

from ninja import Schema


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


class AnnotationOut(Schema):
    kind: str
    start: int
    end: int
    text: str
    target: str


class MentionOut(Schema):
    kind: str
    key: str
    start: int
    end: int
    text: str


class BlockOut(Schema):
    kind: str
    text: str
    speaker: str
    n: str
    anchor: int | None
    annotations: list[AnnotationOut]
    mentions: list[MentionOut]


class SourceOut(Schema):
    text: str
    archive: str
    archive_abbr: str
    fonds: str
    file: str
    volume: str


class CreditOut(Schema):
    role: str
    name: str


class ParticipantOut(Schema):
    name: str
    role: str
    key: str


class PersonRef(Schema):
    name: str
    slug: str
    appears_as: list[str]


class DocumentDetail(Schema):
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
    source: SourceOut
    credits: list[CreditOut]
    rights: str
    classification: str
    uploaded: str | None
    places: list[str]
    participants: list[ParticipantOut]
    blocks: list[BlockOut]
    status: str
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
