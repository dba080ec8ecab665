"""What curation itself records: people merges (so each can be undone) and curators' rights."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CuratorRights(models.Model):
    """No table: a home for the permissions that are not about one model's rows."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("publish_document", "Can publish or withdraw documents"),
            ("embargo_document", "Can embargo documents"),
            ("merge_people", "Can merge people and undo merges"),
        ]


class MergeRecord(models.Model):
    """Person `source` merged into `target`: the ids of every row moved, so undo is exact."""

    source = models.ForeignKey(
        "authorities.Person", on_delete=models.PROTECT, related_name="merges_out"
    )
    target = models.ForeignKey(
        "authorities.Person", on_delete=models.PROTECT, related_name="merges_in"
    )
    actor = models.CharField(max_length=150)
    reason = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    moved = models.JSONField(default=dict)  # {"<relation>": [row ids]}
    undone = models.DateTimeField(null=True, blank=True)
    undone_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Attachment(models.Model):
    """A file attached to a document, stored by its checksum (see records.files)."""

    document = models.ForeignKey(
        "records.Document", on_delete=models.PROTECT, related_name="attachments"
    )
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    original_name = models.CharField(max_length=255, editable=False)
    media_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    uploaded_by = models.CharField(max_length=150, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["document", "created", "pk"]

    def __str__(self) -> str:
        return self.original_name
