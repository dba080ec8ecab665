from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "readingroom.search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from readingroom.search import signals  # noqa: F401  (connects the receivers)
