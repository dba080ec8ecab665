from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Open data: REST API, OAI-PMH, exports. No models; installed for its `export` command."""

    name = "readingroom.api"
    label = "api"
    verbose_name = "Open data"
