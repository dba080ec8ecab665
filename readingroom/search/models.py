"""Related documents by content, stored (`similar_lists`). The change log the index follows
is `records.IndexChange`; documents and people are plain ids here, as in the derived data."""

from __future__ import annotations

from django.db import models


class SimilarMark(models.Model):
    """How far the related lists have followed the change log (one row)."""

    mark = models.BigIntegerField(default=0)  # the last IndexChange id applied
    gaps = models.JSONField(default=dict)  # ids below the mark not yet seen (PostgreSQL)
    day = models.DateField(null=True)  # the day whose ended embargoes were applied
    method = models.CharField(max_length=40, blank=True)  # `similar_lists.METHOD` the lists hold


class SimilarStale(models.Model):
    """A document whose related list is to be recomputed. `spread`: it changed itself, so
    the documents it now finds are recomputed too (it may belong in their lists)."""

    document_id = models.BigIntegerField(primary_key=True)
    spread = models.BooleanField(default=False)


class SimilarDocument(models.Model):
    """One entry of a public document's related list, with why (`search.similar.Related`)."""

    document_id = models.BigIntegerField()
    rank = models.SmallIntegerField()
    related_id = models.BigIntegerField()
    score = models.FloatField()
    words = models.JSONField(default=list)  # significant words both hold, weightiest first
    people = models.JSONField(default=list)  # person ids both name, rarest first
    events = models.JSONField(default=list)  # event ids both are linked to

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document_id", "rank"], name="similar_rank")]
        indexes = [  # the lists holding a changed document: recomputed with it
            models.Index(fields=["related_id"], name="similar_related")
        ]
