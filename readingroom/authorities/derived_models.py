"""Derived data (`authorities.derived`): read models of the public documents, kept from the
change log so that related documents, the network, person, place and organization pages are
read, never recounted, per request. Documents, people, places and organizations are plain ids,
not foreign keys: a merge moves only real relations.

Imported by `authorities.models`, so Django registers them in the same app and tables.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


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


# ----------------------------------------------------- places and organizations (named_counts.py)
PLACE, ORGANIZATION = 1, 2  # which authority a row counts (`kind`)
ANY, WRITTEN, MENTIONED = 0, 1, 2  # how a document names it (`relation`); ANY: counts only


class DocumentAuthority(models.Model):
    """A place or organization a public document names, and how: written there (the record's
    place), or mentioned (in its text, or a label of the record). An authority's page lists
    its documents from these rows in date order, a page at a time."""

    document_id = models.BigIntegerField()
    kind = models.SmallIntegerField()  # PLACE, ORGANIZATION
    authority_id = models.BigIntegerField()
    relation = models.SmallIntegerField()  # WRITTEN, MENTIONED
    order = models.CharField(max_length=140)  # the document's DerivedDocument.order

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document_id", "kind", "authority_id", "relation"], name="docauth_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["kind", "authority_id", "relation", "order", "document_id"],
                name="docauth_listed",
            )
        ]


class AuthorityYear(models.Model):
    """How many public documents name a place or organization one way (ANY: in any way, each
    document once) in one year of their dates (0: undated): its page's counts and timeline."""

    kind = models.SmallIntegerField()
    authority_id = models.BigIntegerField()
    relation = models.SmallIntegerField()
    year = models.IntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority_id", "kind", "relation", "year"], name="authority_year_unique"
            )
        ]


class AuthorityTotal(models.Model):
    """How many public documents name a place or organization one way, over all years: the
    lists of places and organizations read these, a row per entry shown."""

    kind = models.SmallIntegerField()
    authority_id = models.BigIntegerField()
    relation = models.SmallIntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority_id", "kind", "relation"], name="authority_total_unique"
            )
        ]


class AuthorityPerson(models.Model):
    """How many public documents name both a place or organization and a person."""

    kind = models.SmallIntegerField()
    authority_id = models.BigIntegerField()
    person_id = models.BigIntegerField()
    documents = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority_id", "kind", "person_id"], name="authority_person_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["kind", "authority_id", "-documents", "person_id"],
                name="authority_person_most",
            )
        ]
