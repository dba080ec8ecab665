from django.apps import AppConfig, apps
from django.db.models.signals import pre_save

# Apps whose rows imports and curation write: a value too long for its column is refused
# before the database sees it, so SQLite (which would keep it) and PostgreSQL (which would
# fail the transaction) treat the record alike.
CHECKED_APPS = ("records", "authorities", "curation")


class RecordsConfig(AppConfig):
    name = "readingroom.records"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from readingroom.records import changelog  # noqa: F401  (connects its receivers)
        from readingroom.records.bulk import check_lengths

        for label in CHECKED_APPS:
            for model in apps.get_app_config(label).get_models():
                pre_save.connect(check_lengths, sender=model, dispatch_uid=f"lengths-{model}")
