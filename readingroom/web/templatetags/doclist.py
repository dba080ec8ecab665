"""The rows of a list of documents (`web/_doclist.html`), as the search page shows its hits:
the title, what tells apart documents of the same title, and a line giving the volume and
number, where and when, and the kind.

A list is a page (fifty documents at most): its rows are read in a few queries by the
documents' keys, whatever the archive holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django import template

from readingroom.records.models import Block, Document, Participant
from readingroom.records.shorttitles import (
    dateline,
    detail,
    is_repeated,
    repeated,
    short_title,
    source_line,
)

register = template.Library()
OPENING_BLOCKS = 12  # the blocks read for a document's opening words


@dataclass
class Row:
    doc: Document
    source: str  # "FRUS 1958–60, v. XIX, No. 83"
    dateline: str  # "Washington, September 12, 1958"
    detail: str = ""  # shown when another row has the same title


@register.simple_tag
def document_rows(documents: Iterable[Document]) -> list[Row]:
    """Each document with its source line and dateline; a title the list repeats, with its
    detail (subject, people present, else opening words)."""
    docs = list(documents)
    ids = [doc.pk for doc in docs]
    sources = _sources(ids)
    rows = [
        Row(doc, source_line(sources.get(doc.pk, []), doc.number), _dateline(doc)) for doc in docs
    ]
    same = repeated(doc.title for doc in docs)
    alike = [row for row in rows if is_repeated(row.doc.title, same)]
    if alike:
        details = _details([row.doc.pk for row in alike])
        for row in alike:
            row.detail = details.get(row.doc.pk, "")
    return rows


def _dateline(doc: Document) -> str:
    """Where and when, as the document writes them; its normalized dates when it writes none."""
    place = next(iter(doc.places or []), "")
    when = doc.date_text
    if not when and doc.date_start:
        days = dict.fromkeys(filter(None, (doc.date_start, doc.date_end)))
        when = " – ".join(f"{d:%B} {d.day}, {d.year}" for d in days)
    line = dateline(place, when or "undated")
    return line[:1].upper() + line[1:]


def _sources(ids: list[int]) -> dict[int, list[str]]:
    """The short titles of each document's collections."""
    rows = Document.collections.through.objects.filter(document_id__in=ids).order_by()
    out: dict[int, list[str]] = defaultdict(list)
    for doc_id, title, volume in rows.values_list(
        "document_id", "collection__title", "collection__volume"
    ):
        out[doc_id].append(short_title(title, volume))
    return out


def _details(ids: list[int]) -> dict[int, str]:
    """What tells each of these documents apart: read only as far as needed (a subject, else
    the people present, else the first blocks)."""
    subjects: dict[int, list[str]] = defaultdict(list)
    through = Document.subjects.through.objects.filter(document_id__in=ids).order_by()
    for doc_id, name in through.values_list("document_id", "subject__name"):
        subjects[doc_id].append(name)
    rest = [pk for pk in ids if pk not in subjects]
    people: dict[int, list[str]] = defaultdict(list)
    listed = Participant.objects.filter(document_id__in=rest).order_by("document_id", "order")
    for doc_id, name, person in listed.values_list("document_id", "name", "person__name"):
        people[doc_id].append(person or name)
    unnamed = [pk for pk in rest if pk not in people]
    paragraphs: dict[int, list[str]] = defaultdict(list)
    blocks = Block.objects.filter(
        document_id__in=unnamed, order__lt=OPENING_BLOCKS, kind__in=("paragraph", "turn")
    )
    for doc_id, text in blocks.order_by("document_id", "order").values_list("document_id", "text"):
        paragraphs[doc_id].append(text)
    return {pk: detail(subjects[pk], people[pk], paragraphs[pk]) for pk in ids}
