"""Authority records: people and their names, the glossary, and mentions in documents."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

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
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(Slugged):
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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


# ------------------------------------------------------------------ derived data (derived.py)
# Read models of the people of public documents, kept by `authorities.derived` from the
# change log so that related documents and the network are read, never recounted, per request.
# Documents and people are plain ids, not foreign keys: a merge moves only real relations.


class DerivedMark(models.Model):
    """How far the derived data has followed the change log (one row)."""

    mark = models.BigIntegerField(default=0)  # the last IndexChange id applied
    gaps = models.JSONField(default=dict)  # ids below the mark not yet seen (PostgreSQL)
    day = models.DateField(null=True)  # the day whose ended embargoes were applied
    generation = models.BigIntegerField(default=0)  # counts applies: what was read is current


class DerivedDocument(models.Model):
    """A public document as the derived data counted it: what a later change takes back."""

    document_id = models.BigIntegerField(primary_key=True)
    order = models.CharField(max_length=140)  # "date identifier": how equal counts rank
    first_year = models.IntegerField(default=0)  # 0: undated
    last_year = models.IntegerField(default=0)
    collections = models.JSONField(default=list)
    loose = models.BooleanField(default=False)  # in no collection: listed on the home page
    met = models.JSONField(default=list)  # the people present, as counted in the network
    floor_shared = models.IntegerField(default=0)  # its related list's last entry; 0: not full
    floor_order = models.CharField(max_length=140, blank=True)
    stale = models.SmallIntegerField(default=0)  # derived_state.FRESH, OWN, SPREAD

    class Meta:
        indexes = [  # the few stale lists, found without walking every document
            models.Index(fields=["document_id"], condition=Q(stale__gt=0), name="derived_stale"),
            models.Index(fields=["order"], condition=Q(loose=True), name="derived_loose"),
        ]


class DocumentPerson(models.Model):
    """A person linked to a public document (`appearances.links`), and how: the related
    lists count these, and a person's page lists its documents from them in date order."""

    document_id = models.BigIntegerField()
    person_id = models.BigIntegerField()
    kinds = models.SmallIntegerField(default=0)  # bit i: linked as KINDS[i] (derived_state.mask)
    order = models.CharField(max_length=140, default="")  # the document's DerivedDocument.order

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document_id", "person_id"], name="docperson_unique")
        ]
        indexes = [  # a person's documents in date order, read from the index alone
            models.Index(
                fields=["person_id", "order", "kinds", "document_id"], name="docperson_listed"
            )
        ]


class PersonYear(models.Model):
    """How many public documents link a person in one way (a mask of KINDS) in one year of
    their dates (0: undated): a person page's counts and timeline, a few rows however many."""

    person_id = models.BigIntegerField()
    year = models.IntegerField()
    kinds = models.SmallIntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_id", "year", "kinds"], name="person_year_kinds")
        ]


class PersonCompany(models.Model):
    """How many public documents link both of two people, kept both ways round."""

    person_id = models.BigIntegerField()
    other_id = models.BigIntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_id", "other_id"], name="person_company_pair")
        ]
        indexes = [
            models.Index(fields=["person_id", "-documents", "other_id"], name="person_company_most")
        ]


class PublicCount(models.Model):
    """How many public documents of a collection (ALL; LOOSE: of none) date from one year
    (0: undated): the home page's total, years and collections in a few rows."""

    ALL, LOOSE = 0, -1

    collection_id = models.BigIntegerField()
    year = models.IntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection_id", "year"], name="public_count_year")
        ]


class RelatedDocument(models.Model):
    """One of a document's most related public documents: the most people in common."""

    document_id = models.BigIntegerField()
    rank = models.SmallIntegerField()
    related_id = models.BigIntegerField(db_index=True)
    shared = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document_id", "rank"], name="related_rank_unique")
        ]


class MeetingBucket(models.Model):
    """Documents alike for the network's filters: one collection (0: all) and a span of years
    (first, last; 0: undated), or every year (`whole`)."""

    collection_id = models.BigIntegerField()
    whole = models.BooleanField()
    first_year = models.IntegerField()
    last_year = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection_id", "whole", "first_year", "last_year"], name="bucket_unique"
            )
        ]


class MeetingCount(models.Model):
    """How many public documents of a bucket two people (a < b) were present at."""

    bucket = models.ForeignKey(MeetingBucket, on_delete=models.CASCADE, related_name="+")
    person_a = models.BigIntegerField()
    person_b = models.BigIntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "person_a", "person_b"], name="meeting_pair")
        ]
        indexes = [
            models.Index(
                fields=["bucket", "-documents", "person_a", "person_b"], name="meeting_most"
            )
        ]


class MeetingWeight(models.Model):
    """A person's meetings in a bucket, summed over pairs: who is drawn first."""

    bucket = models.ForeignKey(MeetingBucket, on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField()
    meetings = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "person_id"], name="meeting_weight_person")
        ]
        indexes = [
            models.Index(fields=["bucket", "-meetings", "person_id"], name="meeting_weight_most")
        ]


def _retract_unpublished(sender: type, document_ids: list[int], **kwargs: object) -> None:
    """A change was logged: documents that left the public leave the derived data with it."""
    from readingroom.authorities.derived import retract  # it reads these models

    retract(document_ids)


# Connected here, where the models it keeps are defined, so every process that saves a
# document (a curator's request, a command, a worker) takes an unpublished one out at once.
changes_logged.connect(_retract_unpublished, dispatch_uid="derived-data-retracts-unpublished")
