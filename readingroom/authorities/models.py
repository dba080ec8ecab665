"""Authority records: people and their names, places, organizations, the glossary, and
mentions in documents. The derived data's read models are in `derived_models`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

# The derived data's read models: imported here so that Django registers them in this app.
from readingroom.authorities.derived_models import (  # noqa: F401
    AuthorityPerson,
    AuthorityTotal,
    AuthorityYear,
    DerivedDocument,
    DerivedMark,
    DocumentAuthority,
    DocumentPerson,
    MeetingBucket,
    MeetingCount,
    MeetingWeight,
    PersonCompany,
    PersonYear,
    PublicCount,
    RelatedDocument,
)
from readingroom.enrich.namekeys import group_key, key_string
from readingroom.records.changelog import changes_logged
from readingroom.records.models import Dated, Slugged


class Person(Slugged):
    name = models.CharField(max_length=300)  # display form, "Given Surname"
    sort_name = models.CharField(max_length=300, blank=True)  # as listed, "Surname, Given"
    key = models.CharField(max_length=200, db_index=True)  # enrich.namekeys.key_string
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )

    class Meta:
        ordering = ["sort_name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("person", args=[self.slug])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = self.key or key_string(self.name)
        super().save(*args, **kwargs)


class Name(models.Model):
    """One form of a person's name, with where it came from."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=300)
    key = models.CharField(max_length=200, db_index=True)
    language = models.CharField(max_length=20, blank=True)
    system = models.CharField(max_length=40, blank=True)  # romanization system, when known
    source = models.CharField(max_length=200, blank=True)
    primary = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "text"], name="name_text_unique")]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The key is the text's, always: search and linking find people by it."""
        self.key = key_string(self.text)
        super().save(*args, **kwargs)


class PersonDescription(models.Model):
    """A role description a source gives for a person: evidence, kept per source."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="descriptions")
    collection = models.ForeignKey(
        "records.Collection", null=True, blank=True, on_delete=models.CASCADE
    )
    source_key = models.CharField(max_length=50, blank=True)  # the volume's own id, "p_KN1"
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "collection", "source_key"], name="description_unique"
            )
        ]


class Term(models.Model):
    """An abbreviations-glossary entry (ALP CC, KWP, DPRK…)."""

    abbreviation = models.CharField(max_length=100)
    expansion = models.TextField()
    collection = models.ForeignKey(
        "records.Collection", null=True, blank=True, on_delete=models.CASCADE
    )
    source_key = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "source_key"], name="term_unique")
        ]
        indexes = [models.Index(fields=["abbreviation", "id"], name="term_by_abbreviation")]

    def __str__(self) -> str:
        return f"{self.abbreviation}: {self.expansion}"


class Mention(models.Model):
    """A name in a block of text linked to its authority record."""

    document = models.ForeignKey(
        "records.Document", on_delete=models.CASCADE, related_name="mentions"
    )
    block = models.ForeignKey(
        "records.Block", on_delete=models.CASCADE, related_name="mentions", null=True
    )
    kind = models.CharField(max_length=12)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()  # a span of its block's text: as long as the span is
    source_key = models.CharField(max_length=50, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL)
    place = models.ForeignKey("Place", null=True, blank=True, on_delete=models.SET_NULL)
    organization = models.ForeignKey(
        "Organization", null=True, blank=True, on_delete=models.SET_NULL
    )
    origin = models.CharField(max_length=20, default="publisher")  # publisher, speaker, bracket…

    class Meta:
        ordering = ["block", "start"]


class Place(Slugged):
    """A place, located by the gazetteers packages ship (`enrich.geonames`) when they know it."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, blank=True)  # city, country, region
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    country_code = models.CharField(max_length=2, blank=True)  # ISO 3166 alpha-2
    geonames_id = models.IntegerField(null=True, blank=True)
    located_as = models.CharField(max_length=300, blank=True)  # the gazetteer's name: Beijing
    alternate_names = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="place_by_name"),
            models.Index(fields=["country_code", "kind"], name="place_by_country"),  # its country
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("place", args=[self.slug])

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Organization(Slugged):
    name = models.CharField(max_length=300)
    abbreviations = models.JSONField(default=list, blank=True)  # "KWP", "WPK": glossary's

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="organization_by_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization", args=[self.slug])


class Evidence(models.Model):
    """Where in a document a fact was read: the block (by order) and the character span."""

    document = models.ForeignKey("records.Document", on_delete=models.CASCADE)
    block_order = models.IntegerField(null=True, blank=True)  # None: a document field
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    origin = models.CharField(max_length=20, default="enrichment")

    class Meta:
        abstract = True


class PersonRole(Evidence, Dated):
    """A post a person held on a document's date, as the editor or the record states it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.TextField()
    uncertain = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["date_start", "pk"]


class Attendance(Evidence):
    """Someone present at a conversation or making its record (speaker, note-taker…)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    part = models.CharField(max_length=20)  # speaker, participant, note_taker, translator
    role = models.TextField(blank=True)
    name = models.TextField()  # as written

    class Meta:
        ordering = ["document", "pk"]


class ReviewItemQuerySet(models.QuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list:
        objs = list(objs)
        for item in objs:
            item.key = group_key(item.name)
        return super().bulk_create(objs, *args, **kwargs)


class ReviewItem(Evidence):
    """A possible name link the automatic tier refused: a curator accepts or rejects it."""

    class Decision(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"
        REJECTED = "rejected"

    name = models.TextField()  # as written
    key = models.CharField(max_length=200, editable=False)  # group_key(name): one review group
    candidate = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="review"
    )
    candidate_name = models.TextField()
    score = models.FloatField()
    reason = models.CharField(max_length=20)  # fuzzy, ambiguous
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        indexes = [models.Index(fields=["key", "candidate"], name="review_pair")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = group_key(self.name)
        super().save(*args, **kwargs)


def _retract_unpublished(sender: type, document_ids: list[int], **kwargs: object) -> None:
    """A change was logged: documents that left the public leave the derived data with it."""
    from readingroom.authorities.derived import retract  # it reads these models

    retract(document_ids)


# Connected here, where the models it keeps are defined, so every process that saves a
# document (a curator's request, a command, a worker) takes an unpublished one out at once.
changes_logged.connect(_retract_unpublished, dispatch_uid="derived-data-retracts-unpublished")
