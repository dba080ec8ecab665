"""Passages a later release of a record opened (`enrich.releases`), kept with the revision
that brought them: what the earlier release withheld and what the later one prints."""

from __future__ import annotations

from django.db import models

from readingroom.records.models import Document, Revision


class OpenedPassage(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="opened")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="opened")
    block = models.PositiveIntegerField()  # its block in the release that opened it
    marker = models.TextField()  # as the earlier release printed it, brackets included
    kind = models.CharField(max_length=20)  # what was withheld (`enrich.withheld`)
    lines = models.FloatField()
    text = models.TextField()  # what the later release prints in its place

    class Meta:
        ordering = ["document", "revision", "block", "pk"]
