from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "readingroom.search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from readingroom.records.changelog import changes_logged
        from readingroom.search import documents, sync

        documents.connect()
        changes_logged.connect(sync.note_change, dispatch_uid="index-looks-at-the-log")
