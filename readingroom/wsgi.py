"""The WSGI application every server process loads (`readingroom serve` runs it in gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
application = get_wsgi_application()

from readingroom.search.sync import serve_in_background  # noqa: E402 (needs settings)

serve_in_background()
