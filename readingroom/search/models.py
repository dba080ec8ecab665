"""The search change log: the index is a cache derived from the database by following it."""

from django.db import models


class IndexChange(models.Model):
    """A document whose indexed form must be refreshed; written in the record's transaction."""

    document_id = models.BigIntegerField(db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
