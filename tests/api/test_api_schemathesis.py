"""Property-based checks of /api/v1/ against its own OpenAPI schema (schemathesis).

Every operation is called with generated parameters over the seeded archive: no answer may
be a server error, and each must match the status codes, content types and bodies the
schema declares.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rich.console import Console
from schemathesis.specs.openapi.checks import positive_data_acceptance

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def seeds(seed_paths, index_dir) -> Iterator[None]:
    """The seeds, visible to the WSGI app: like Django's test client, the app must not close
    the test's database connection (and its transaction) at the end of each request."""
    report = import_paths(seed_paths, console=Console(file=io.StringIO()))
    assert not report.rejections
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(seeds, case):
    # A cursor is opaque and signed: one the API never issued is rightly a 400, though the
    # schema (a plain string) cannot say which strings are cursors.
    forged = bool((case.query or {}).get("cursor"))
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if forged else [])


@pytest.mark.parametrize(
    "path", ["/api/v1/documents/{identifier}", "/api/v1/documents/{identifier}/tei"]
)
def test_real_records_conform(seeds, path):
    """Generated identifiers are nearly always unknown, so each seed is checked by name."""
    operation = schema[path]["GET"]
    for doc in Document.objects.all():
        case = operation.Case(path_parameters={"identifier": doc.identifier})
        response = case.call_and_validate()
        assert response.status_code == 200
