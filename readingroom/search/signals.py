"""Every saved or deleted document tells the index, in the same transaction."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from readingroom.records.models import Document
from readingroom.search.models import IndexChange
from readingroom.search.sync import note_change


@receiver(post_save, sender=Document)
@receiver(post_delete, sender=Document)
def log_index_change(sender, instance: Document, **kwargs) -> None:
    IndexChange.objects.create(document_id=instance.pk)


@receiver(post_save, sender=IndexChange)
def look_at_the_log_next_time(sender, **kwargs) -> None:
    note_change()
