"""The primary/replica router: only public pages' reads go to the replica.

The router's answers are checked directly, inside real request signals, transactions and
`primary()` blocks; tests/system/test_cluster.py runs it against a real streaming replica.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django_tasks_db.models import DBTaskResult

from readingroom.records.models import Document, IndexChange
from readingroom.records.routers import PRIMARY, REPLICA, PrimaryReplicaRouter, primary
from readingroom.work.models import WorkerBeat

REPO = Path(__file__).resolve().parents[2]
router = PrimaryReplicaRouter()


@contextmanager
def request(method: str = "GET", path: str = "/documents/") -> Iterator[None]:
    """The signals a WSGI request sends around its view (as Django's test client sends them)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        request_started.send(sender=None, environ={"REQUEST_METHOD": method, "PATH_INFO": path})
        yield
    finally:
        request_finished.send(sender=None)
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_a_public_page_reads_the_replica():
    with request():
        assert router.db_for_read(Document) == REPLICA
    with request("HEAD", "/api/v1/documents"):
        assert router.db_for_read(Document) == REPLICA


def test_outside_a_request_every_read_is_the_primarys():
    """The command line and queue workers read what they (or others) just wrote."""
    assert router.db_for_read(Document) == PRIMARY
    with request():
        pass
    assert router.db_for_read(Document) == PRIMARY  # the request ended


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/admin/records/document/"), ("GET", "/curation/review"), ("POST", "/data")],
)
def test_curators_pages_and_changes_read_the_primary(method, path):
    with request(method, path):
        assert router.db_for_read(Document) == PRIMARY


@pytest.mark.parametrize("model", [IndexChange, Session, User, DBTaskResult, WorkerBeat])
def test_the_log_the_queue_and_accounts_are_read_from_the_primary(model):
    with request():
        assert router.db_for_read(model) == PRIMARY


def test_a_request_that_wrote_reads_the_primary_from_then_on():
    with request():
        assert router.db_for_write(Document) == PRIMARY
        assert router.db_for_read(Document) == PRIMARY


def test_primary_pins_a_block_and_a_function():
    @primary()
    def follow() -> str:
        return router.db_for_read(Document)

    with request():
        with primary():
            assert router.db_for_read(Document) == PRIMARY
        assert router.db_for_read(Document) == REPLICA
        assert follow() == PRIMARY
        assert router.db_for_read(Document) == REPLICA


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_are_the_primarys():
    with request():
        assert router.db_for_read(Document) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Document) == PRIMARY
        assert router.db_for_read(Document) == REPLICA


def test_only_the_primary_is_migrated_and_rows_of_both_relate():
    assert router.allow_migrate(PRIMARY, "records")
    assert not router.allow_migrate(REPLICA, "records")
    assert router.allow_relation(Document(), IndexChange())


def settings_under(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'readingroom.settings'; "
        "from django.conf import settings as s; "
        "print(json.dumps([sorted(s.DATABASES), s.DATABASES.get('replica', {}).get('PORT'), "
        "getattr(s, 'DATABASE_ROUTERS', [])]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    return subprocess.run(
        [sys.executable, "-c", code], env=base | env, cwd=REPO, capture_output=True, text=True
    )


def test_settings_list_the_replica_and_the_router_only_when_configured():
    both = settings_under(
        DATABASE_URL="postgres://rr@127.0.0.1:5432/rr",
        DATABASE_REPLICA_URL="postgres://rr@127.0.0.1:5433/rr",
    )
    assert json.loads(both.stdout) == [
        ["default", "replica"],
        "5433",
        ["readingroom.records.routers.PrimaryReplicaRouter"],
    ]
    assert json.loads(settings_under().stdout) == [["default"], None, []]


def test_a_replica_without_a_primary_is_refused_by_name():
    alone = settings_under(DATABASE_REPLICA_URL="postgres://rr@127.0.0.1:5433/rr")
    assert alone.returncode != 0
    assert "DATABASE_REPLICA_URL: needs DATABASE_URL" in alone.stderr
    wrong = settings_under(DATABASE_URL="postgres://rr@h/rr", DATABASE_REPLICA_URL="mysql://h/rr")
    assert "DATABASE_REPLICA_URL: expected postgres://" in wrong.stderr
