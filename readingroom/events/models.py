"""Events: the meetings, conversations and calls that documents record, report or mention.

An event is made from a document that records it and gathers the other accounts
(docs/architecture.md, Events). Each link says how the document relates to the event and why
it was made; a link the finder is unsure of waits for a curator (`status` proposed), and a
rejected one is kept so the finder does not propose it again.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from readingroom.enrich.meetings import KINDS, RELATIONS
from readingroom.records.models import Dated, Document, Revised, Slugged

EVIDENCE = {
    "type": "Its own record (a memorandum of conversation, minutes, notes)",
    "footnote": "An editor's note names it as a record of the meeting",
    "match": "Same day and the same participants",
    "curator": "Linked by a curator",
}


class Origin(models.TextChoices):
    FOUND = "found", "Found in the records"
    CURATOR = "curator", "Made or edited by a curator"


def public_document() -> models.Exists:
    """Whether a row's document is public, asked of that document's row alone: an IN over
    the public documents would read every one of them (docs/architecture.md)."""
    return models.Exists(Document.objects.public().filter(pk=models.OuterRef("document")))


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        """Events a reader may see: not merged away, with a public document linked to them.
        The one rule for pages, the API, OAI and downloads."""
        accounts = EventDocument.objects.filter(
            public_document(), event=models.OuterRef("pk"), status=EventDocument.Status.LINKED
        )
        return self.filter(models.Exists(accounts), merged_into__isnull=True)


class Event(Slugged, Dated):
    """A meeting, conversation, call, conference session or visit."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=[(k, k.capitalize()) for k in KINDS])
    time_start = models.CharField(max_length=5, blank=True)  # "HH:MM", when stated
    time_end = models.CharField(max_length=5, blank=True)
    place = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.FOUND)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        db_index=False,  # the few merged ones are indexed below: `public()` must walk the dates
    )
    updated = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date_start", "time_start", "slug"]
        indexes = [
            models.Index(fields=["date_start", "time_start", "slug"], name="event_by_date"),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="event_merged_into",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("event", args=[self.slug])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:  # "1959-06-06-conversation": the day and the kind, "-2" for a second
            self.slug = self.free_slug(f"{self.date_start or ''} {self.name}")
        self.updated = timezone.now()
        super().save(*args, **kwargs)


class EventParticipant(models.Model):
    """A person at an event, as one account names them (`document`; empty: a curator's)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "authorities.Person", on_delete=models.CASCADE, related_name="event_participants"
    )
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE)
    role = models.TextField(blank=True)
    side = models.CharField(max_length=100, blank=True)  # the country or party spoken for

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "document"], name="event_participant_unique"
            )
        ]
        indexes = [models.Index(fields=["person", "event"], name="event_participant_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.side or 'side not stated'})"


class EventDocument(models.Model):
    """A document's account of an event: how it relates, and the evidence for the link."""

    class Status(models.TextChoices):
        LINKED = "linked", "Linked"
        PROPOSED = "proposed", "Waiting for review"
        REJECTED = "rejected", "Rejected"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="accounts")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="event_links")
    relation = models.CharField(max_length=10, choices=list(RELATIONS.items()))
    evidence = models.CharField(max_length=10, choices=list(EVIDENCE.items()))
    note = models.TextField(blank=True)  # the footnote's sentence, or the match's reasons
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LINKED)
    passage = models.PositiveIntegerField(null=True, blank=True)  # the block that tells of it

    class Meta:
        # No default ordering: one by the documents' dates would join and sort them for every
        # lookup of a document's links; pages order their accounts themselves.
        constraints = [
            models.UniqueConstraint(fields=["event", "document"], name="event_document_unique"),
            # A document is the record of one event at most.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(relation="record", status="linked"),
                name="event_document_one_record",
            ),
        ]
        indexes = [
            models.Index(fields=["document", "status"], name="event_document_by_document"),
            models.Index(
                fields=["status", "event"],
                condition=Q(status="proposed"),
                name="event_document_proposed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.identifier}: {self.get_relation_display()}"


class EventReference(models.Model):
    """An editor's note in `document` naming document `number` of the same volume as a
    record of a meeting: kept until both documents are in the archive and linked."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    collection_id = models.BigIntegerField()
    number = models.CharField(max_length=20)
    same = models.BooleanField()  # "another record of this conversation"
    sentence = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "collection_id", "number"], name="event_reference_unique"
            )
        ]
        indexes = [models.Index(fields=["collection_id", "number"], name="event_reference_target")]


class EventRevision(Revised):
    """One change to an event, with the event after it (`events.editing.revise`)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="revisions")

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="event_revision_unique")
        ]
