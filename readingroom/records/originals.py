"""A record's further texts and the scans of its original pages (`TextRecord`, `ScanRecord`).

A further text is kept as its blocks' contract dicts in one row: it is read whole (shown,
indexed, found in), while enrichment and the people layer point into the main text's
`Block` rows alone (docs/architecture.md, Several texts).
"""

from __future__ import annotations

from django.db import models

from readingroom.records.models import Document
from readingroom.records.vocabularies import CREDIT_ROLES


class Text(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    language = models.CharField(max_length=20)  # ISO 639
    credits = models.JSONField(default=list)  # [{"role", "name"}]
    blocks = models.JSONField(default=list)  # [BlockRecord as a dict]
    machine_read = models.BooleanField(default=False)

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="text_order_unique")
        ]

    def credit_lines(self) -> list[tuple[str, str]]:
        """(label, name) of each credit, labelled as the record's own credits are."""
        return [(CREDIT_ROLES.get(c["role"], c["role"]), c["name"]) for c in self.credits]


class Scan(models.Model):
    """One page image; `sha256` names the file in the store (`records.files`)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="scans")
    order = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    label = models.CharField(max_length=100, blank=True)
    media_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    pdf = models.CharField(max_length=64, blank=True)
    pdf_page = models.PositiveIntegerField(default=0)
    # Words Tesseract read on the page, with their boxes: [[text, x, y, w, h], …] in pixels.
    words = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="scan_order_unique")
        ]

    @property
    def page(self) -> int:
        """Its place among the record's scans, from 1: the page's address."""
        return self.order + 1
