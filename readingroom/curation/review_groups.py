"""The review list as groups: one row per name key and candidate, ranked by reach.

On real data one name filled the list hundreds of times (issue 14): grouping and counting in
SQL keeps a page at a fixed number of queries however long the list grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.urls import reverse

from readingroom.authorities.models import Person, ReviewItem
from readingroom.curation.review import Decision
from readingroom.records.models import Block

PENDING = Q(decision=Decision.PENDING)
CONTEXT = 80  # characters of the block shown either side of the name


@dataclass
class Snippet:
    """One place the name was read: the document, a link there, and the words around it."""

    title: str
    url: str
    before: str
    match: str
    after: str


@dataclass
class Group:
    first: int  # a pending item standing for the group in the decision form
    names: list[str]
    spellings: int
    candidate: Person | None
    candidate_name: str
    reasons: list[str]
    best: float
    documents: int
    items: int
    evidence: list[Snippet] = field(default_factory=list)


def groups() -> QuerySet:
    """Pending groups, most documents affected first; items at one document count once.

    A pair with any rejected item is left out: a curator said no to that name for that
    person, so the items enrichment queues again for it never come back.
    """
    return (
        ReviewItem.objects.values("key", "candidate_id")
        .annotate(
            documents=Count("document", distinct=True, filter=PENDING),
            items=Count("pk", filter=PENDING),
            rejected=Count("pk", filter=Q(decision=Decision.REJECTED)),
            first=Min("pk", filter=PENDING),
            last=Max("pk", filter=PENDING),
            best=Max("score", filter=PENDING),
            spellings=Count("name", distinct=True, filter=PENDING),
            low_name=Min("name", filter=PENDING),
            high_name=Max("name", filter=PENDING),
            low_reason=Min("reason", filter=PENDING),
            high_reason=Max("reason", filter=PENDING),
            proposed=Max("candidate_name", filter=PENDING),
        )
        .filter(documents__gt=0, rejected=0)
        .order_by("-documents", "-best", "key", "candidate_id")
    )


def page_groups(rows: Iterable[dict[str, Any]]) -> list[Group]:
    """A page's groups with their candidates and evidence: three queries, whatever the page."""
    rows = list(rows)
    people = Person.objects.only("pk", "slug", "name").in_bulk(
        {row["candidate_id"] for row in rows if row["candidate_id"]}
    )
    shown = _items({pk for row in rows for pk in (row["first"], row["last"])})
    blocks = _blocks(shown.values())
    return [
        Group(
            first=row["first"],
            names=_both(row["low_name"], row["high_name"]),
            spellings=row["spellings"],
            candidate=people.get(row["candidate_id"]),
            candidate_name=row["proposed"],
            reasons=_both(row["low_reason"], row["high_reason"]),
            best=row["best"],
            documents=row["documents"],
            items=row["items"],
            evidence=_evidence([shown[row["first"]], shown[row["last"]]], blocks),
        )
        for row in rows
    ]


def _both(low: str, high: str) -> list[str]:
    return [low] if low == high else [low, high]


def _items(pks: set[int]) -> dict[int, ReviewItem]:
    fields = ("document_id", "block_order", "start", "end", "name")
    shown = ReviewItem.objects.filter(pk__in=pks).select_related("document")
    document = ("identifier", "title", "status", "embargo_until")
    shown = shown.only(*fields, *(f"document__{name}" for name in document))
    return {item.pk: item for item in shown}


def _blocks(items: Iterable[ReviewItem]) -> dict[tuple[int, int], tuple[int, str]]:
    """The blocks the evidence points at, in one query: (document, order) -> (id, text)."""
    which = Q()
    for item in items:
        if item.block_order is not None:
            which |= Q(document_id=item.document_id, order=item.block_order)
    if not which:
        return {}
    rows = Block.objects.filter(which).order_by().values_list("document_id", "order", "pk", "text")
    return {(doc, order): (pk, text) for doc, order, pk, text in rows}


def _evidence(items: list[ReviewItem], blocks: dict) -> list[Snippet]:
    """One snippet per document among the group's first and last items."""
    snippets, seen = [], set()
    for item in items:
        if item.document_id in seen:
            continue
        seen.add(item.document_id)
        block_pk, text = blocks.get((item.document_id, item.block_order), (None, ""))
        snippets.append(Snippet(item.document.title, _url(item, block_pk), *_around(item, text)))
    return snippets


def _url(item: ReviewItem, block_pk: int | None) -> str:
    """The reading page at the block when the public may see it, else the document's history."""
    doc = item.document
    if not doc.is_public():
        return reverse("curation:history", args=[doc.identifier])
    return doc.get_absolute_url() + (f"#b-{block_pk}" if block_pk else "")


def _around(item: ReviewItem, text: str) -> tuple[str, str, str]:
    """The words before, at and after the evidence's span; the name alone if the span is off."""
    start, end = item.start, item.end
    if not 0 <= start < end <= len(text):
        return "", item.name, ""
    before, after = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    if start > CONTEXT:
        before = "…" + before.split(" ", 1)[-1]
    if end + CONTEXT < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return before, text[start:end], after
