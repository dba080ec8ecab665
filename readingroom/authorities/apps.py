from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "readingroom.authorities"
    default_auto_field = "django.db.models.BigAutoField"
