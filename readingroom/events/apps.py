from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


class EventsConfig(AppConfig):
    name = "readingroom.events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from readingroom.records.models import Document

        post_save.connect(_saved, sender=Document, dispatch_uid="events-record-saved")


def _saved(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A saved record may have been published or withdrawn: its events are named again."""
    from readingroom.events.editing import records_changed

    if not created:
        records_changed(instance.pk)
