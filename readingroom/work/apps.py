from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "readingroom.work"
    label = "work"
    verbose_name = "Background work"
