"""A second application process for tests: reads queries on stdin, prints totals as JSON."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")

import django

django.setup()

from readingroom.search.service import search  # noqa: E402

for line in sys.stdin:
    result = search(line.strip())
    print(json.dumps({"total": result.total, "ids": [h.identifier for h in result.hits]}))
    sys.stdout.flush()
