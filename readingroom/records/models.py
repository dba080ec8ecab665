"""Documents, their collections, body blocks and revisions (vocabularies: `vocabulary_models`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from itertools import count
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from readingroom.records import identifiers
from readingroom.records.contract import SourceCitation
from readingroom.records.dates import DateValue
from readingroom.records.vocabularies import CREDIT_ROLES
from readingroom.records.vocabulary_models import (  # noqa: F401  (their models)
    DocumentType,
    Funder,
    Language,
    Subject,
    Vocabulary,
)


class Dated(models.Model):
    """A date three ways (as written, normalized start and end, precision): documents and
    the dated facts read from them share the columns and the `date` value."""

    date_text = models.CharField(max_length=200, blank=True)
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, default="unknown")

    class Meta:
        abstract = True

    @property
    def date(self) -> DateValue:
        return DateValue(self.date_text, self.date_start, self.date_end, self.date_precision)

    @date.setter
    def date(self, value: DateValue) -> None:
        self.date_text, self.date_start = value.text, value.start
        self.date_end, self.date_precision = value.end, value.precision


class Slugged(models.Model):
    """A page address made once from the name, unique in its table, kept through renames
    (an address that has been cited must keep working)."""

    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = self.free_slug(str(getattr(self, "name", "")))
        super().save(*args, **kwargs)

    @classmethod
    def free_slug(cls, text: str) -> str:
        base = slugify(text)[:100] or cls._meta.model_name  # room for a "-2" within 120
        taken = set(cls.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slugs = (base if n == 1 else f"{base}-{n}" for n in count(1))
        return next(slug for slug in slugs if slug not in taken)  # one query, however many


class SourceCited(models.Model):
    """A source citation as written plus the parts of its archive reference, one column per
    `SourceCitation` field (`source_<field>`)."""

    source_text = models.TextField(blank=True)
    source_archive = models.CharField(max_length=300, blank=True)
    source_archive_abbr = models.CharField(max_length=50, blank=True)
    source_fonds = models.CharField(max_length=300, blank=True)
    source_file = models.CharField(max_length=300, blank=True)
    source_volume = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def source(self) -> SourceCitation | None:
        if not self.source_text:
            return None
        return SourceCitation(
            **{f.name: getattr(self, f"source_{f.name}") for f in fields(SourceCitation)}
        )

    @source.setter
    def source(self, value: SourceCitation | None) -> None:
        for f in fields(SourceCitation):
            setattr(self, f"source_{f.name}", getattr(value, f.name) if value else "")


class Addressed(models.Model):
    """A record whose `address_field` is part of its page address: saving an invalid one is
    refused (records/identifiers.py). A value stored before the rule is kept until changed."""

    address_field = "identifier"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        name = self.address_field
        value = getattr(self, name)
        problem = identifiers.problem(value, self._meta.get_field(name).max_length)
        if problem and (
            self._state.adding
            or not type(self)._base_manager.filter(pk=self.pk, **{name: value}).exists()
        ):
            raise ValidationError({name: f"{name} {problem}"})
        super().save(*args, **kwargs)


class CollectionQuerySet(models.QuerySet):
    def public(self) -> CollectionQuerySet:
        """Collections holding a public document, each with `public_count`: only these have a
        page, an API entry, a feed set or a place in a filter (others are as unknown)."""
        public = Document.objects.public().values("pk")
        counted = self.annotate(
            public_count=models.Count("documents", filter=Q(documents__in=public), distinct=True)
        )
        return counted.filter(public_count__gt=0)


class CollectionManager(models.Manager.from_queryset(CollectionQuerySet)):
    def get_queryset(self) -> CollectionQuerySet:
        """Without the table of contents: lists, filters and every document's prefetched
        collections never read a volume's tree; the pages that show it ask (`defer(None)`)."""
        return super().get_queryset().defer("contents")


class Collection(Addressed):
    """A published volume or a series the documents belong to, with its imprint if printed."""

    address_field = "key"
    objects = CollectionManager()

    key = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=500)
    volume = models.CharField(max_length=200, blank=True)
    editors = models.JSONField(default=list, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    publication_place = models.CharField(max_length=200, blank=True)
    publication_year = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)
    # The volume's table of contents (`contract.ContentsEntry` as `contract.contents_dicts`
    # writes it): read whole, one volume at a time (docs/architecture.md, Volumes by chapter).
    contents = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collection", args=[self.key])


class Status(models.TextChoices):
    DRAFT = "draft"
    PUBLISHED = "published"
    EMBARGOED = "embargoed"
    WITHDRAWN = "withdrawn"


class PublicQuerySet(models.QuerySet):
    def public(self, today=None) -> PublicQuerySet:
        """Published records, and embargoed ones whose embargo has passed."""
        today = today or timezone.localdate()
        return self.filter(
            Q(status=Status.PUBLISHED) | Q(status=Status.EMBARGOED, embargo_until__lte=today)
        )

    def public_in_bulk(self, ids: Iterable[int], *fields: str) -> dict[int, Document]:
        """The public ones of these documents by primary key, with only `fields` if named; told
        here, as SQLite without statistics may take a status index to find ten (3 ms of 40,000)."""
        rows = self.only(*fields, "status", "embargo_until") if fields else self
        today = timezone.localdate()
        found = rows.order_by().in_bulk(list(ids))
        return {pk: doc for pk, doc in found.items() if doc.is_public(today)}


def is_public(status: str, embargo_until: date | None, today: date | None = None) -> bool:
    """Published, or embargoed with the embargo over (what `PublicQuerySet.public` selects)."""
    if status == Status.PUBLISHED:
        return True
    today = today or timezone.localdate()
    return status == Status.EMBARGOED and bool(embargo_until and embargo_until <= today)


class Document(Addressed, Dated, SourceCited):
    identifier = models.SlugField(max_length=120, unique=True)
    record_id = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=1000)
    number = models.CharField(max_length=20, blank=True)
    summary = models.TextField(blank=True)
    rights = models.TextField(blank=True)
    classification = models.CharField(max_length=100, blank=True)
    uploaded = models.DateField(null=True, blank=True)
    places = models.JSONField(default=list, blank=True)
    associated_people = models.JSONField(default=list, blank=True)  # linked by enrichment
    associated_organizations = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    embargo_until = models.DateField(null=True, blank=True)
    types = models.ManyToManyField(DocumentType, blank=True)
    languages = models.ManyToManyField(Language, blank=True)
    subjects = models.ManyToManyField(Subject, blank=True)
    funders = models.ManyToManyField(Funder, blank=True)
    collections = models.ManyToManyField(Collection, blank=True, related_name="documents")
    import_format = models.CharField(max_length=30, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    enriched_hash = models.CharField(max_length=64, blank=True)  # content_hash when enriched
    edited_fields = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["date_start", "identifier"]
        indexes = [
            # Public documents by date, counted from the index alone (not led by the status).
            models.Index(fields=["date_start", "status", "embargo_until"], name="document_by_date"),
            # Embargoes that ended, counted on every page view (the page cache's version).
            models.Index(
                fields=["embargo_until"],
                condition=Q(status="embargoed"),
                name="document_embargoed",
            ),
            # What enrichment has still to read (covering: SQLite never prefers the table).
            models.Index(
                fields=["id", "enriched_hash", "content_hash"],
                condition=~Q(enriched_hash=models.F("content_hash")),
                name="document_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("document", args=[self.identifier])

    def is_public(self, today=None) -> bool:
        return is_public(self.status, self.embargo_until, today)


class Block(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=12)
    text = models.TextField(blank=True)
    speaker = models.CharField(max_length=300, blank=True)
    speaker_person = models.ForeignKey(
        "authorities.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speakers",  # the blocks a person speaks
    )
    n = models.CharField(max_length=20, blank=True)
    anchor = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="block_order_unique")
        ]
        indexes = [
            # Few blocks have a speaker of record: "where does this person speak" never scans.
            models.Index(
                fields=["speaker_person", "document"],
                condition=Q(speaker_person__isnull=False),
                name="block_speaker_person",
            )
        ]


class Annotation(models.Model):
    """An editorial insertion at [start, end) of its block's text, with its kind."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="annotations")
    kind = models.CharField(max_length=10)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    target = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["block", "start"]
        indexes = [  # the few passages still withheld, by block: counted for every document
            models.Index(fields=["block"], condition=Q(kind="withheld"), name="annotation_withheld")
        ]


class Credit(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="credits")
    order = models.PositiveIntegerField()
    role = models.CharField(max_length=20)
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["document", "order"]

    @property
    def label(self) -> str:
        return CREDIT_ROLES.get(self.role, self.role.replace("_", " ").capitalize())


class Participant(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="participants")
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=300)
    role = models.TextField(blank=True)
    source_key = models.CharField(max_length=50, blank=True)
    side = models.CharField(max_length=100, blank=True)  # the delegation the list puts them in
    person = models.ForeignKey(
        "authorities.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )

    class Meta:
        ordering = ["document", "order"]
        indexes = [
            # Many listed participants are no person of record: only the linked ones indexed.
            models.Index(
                fields=["person", "document"],
                condition=Q(person__isnull=False),
                name="participant_person",
            )
        ]


class Revised(models.Model):
    """A numbered change: who, when, why, and the thing after it (documents, events)."""

    number = models.PositiveIntegerField()
    created = models.DateTimeField(default=timezone.now)
    actor = models.CharField(max_length=150)
    reason = models.CharField(max_length=500, blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        abstract = True


class Revision(Revised):
    """One change to a document, with what changed."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="revisions")
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="revision_number_unique")
        ]


class IndexChange(models.Model):
    """A document whose indexed form must be refreshed, written in the record's transaction:
    the search index is a cache that follows this log (`records.changelog.log_change`)."""

    document_id = models.BigIntegerField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


from readingroom.records import originals, releases  # noqa: E402, F401  (their models)
from readingroom.records.originals import Scan, Text  # noqa: E402, F401
