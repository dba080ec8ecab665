"""Query plans that do not depend on ANALYZE luck (issue 16).

A realistic archive (two FRUS volumes, imported and enriched by the commands) gets fresh
statistics: FRUS has no speaker turns, so they say `records_block.speaker_person_id` is NULL
everywhere, which led SQLite to scan every block wherever that column was asked. Then the code
paths run for real — `readingroom enrich` of a few documents, `readingroom import` of a small
file, the document, person and network pages — and every statement they send is captured and
EXPLAINed as its step ends: none may read a large table, or walk one of its indexes, whole.
SQLite is asked for the plan it picks (a scan of a partial index reads only the rows it holds,
and passes); PostgreSQL, whose planner rightly prefers scans on tables this small, whether
indexes serve the statement at all (scans and merge or hash joins turned off).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from readingroom.authorities.models import Person
from readingroom.records.models import Document
from tests.conftest import SEEDS
from tests.frus_data import volume_path

pytestmark = [pytest.mark.frus, pytest.mark.postgres, pytest.mark.django_db]

VOLUMES = ("frus1961-63v05", "frus1964-68v17")
# Tables that grow with every document: read through an index, never whole. One that holds
# fewer than MIN_ROWS rows (credits, in FRUS) may rightly be read whole.
MIN_ROWS = 500
LARGE = (
    "records_block",
    "records_annotation",
    "records_participant",
    "records_credit",
    "records_revision",
    "authorities_mention",
    "authorities_attendance",
    "authorities_personrole",
    "authorities_reviewitem",
    # what related documents and the network read, kept from the change log (one row per
    # document, authorities_deriveddocument, is read by lists of keys that, in this small
    # archive, cover much of it: a scan is then SQLite's right choice, not a statistic's)
    "authorities_documentperson",
    "authorities_relateddocument",
    "authorities_meetingcount",
    "authorities_meetingweight",
    "authorities_personyear",
    "authorities_personcompany",
)
STEPS = ("enrich", "import", "document page", "person page", "network page")
EXPLAINED = re.compile(r"^\s*(SELECT|UPDATE|DELETE|WITH)\b", re.IGNORECASE)
ALIAS = re.compile(r'"(\w+)"\s+(?:AS\s+)?"?([A-Za-z]\d*)"?(?=[\s,)])')  # "records_block" V0
PG_OFF = ("enable_seqscan", "enable_mergejoin", "enable_hashjoin")
SQLITE_SCAN = re.compile(r"^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?")


@dataclass(frozen=True)
class Scan:
    """A whole read of a large table: the step, the plan's line and the statement."""

    step: str
    plan: str
    sql: str

    def __str__(self) -> str:
        return f"[{self.step}] {self.plan}\n    {self.sql[:600]}"


def large_tables() -> set[str]:
    """The tables of LARGE that hold at least MIN_ROWS rows."""
    existing = set(connection.introspection.table_names())
    found = set()
    with connection.cursor() as cursor:
        for table in (t for t in LARGE if t in existing):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            if cursor.fetchone()[0] >= MIN_ROWS:
                found.add(table)
    return found


def partial_indexes() -> set[str]:
    """The partial indexes: a scan of one reads only the rows it holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"
            )
        else:
            cursor.execute(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indpred IS NOT NULL"
            )
        return {row[0] for row in cursor.fetchall()}


def sqlite_whole_reads(sql: str, large: set[str], partial: set[str]) -> list[str]:
    """The lines of SQLite's plan that read a large table, or one of its indexes, whole."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        lines = [row[3] for row in cursor.fetchall()]
    tables = {alias: table for table, alias in ALIAS.findall(sql)}
    return [
        line
        for line in lines
        if (m := SQLITE_SCAN.match(line))
        and tables.get(m[1], m[1]) in large
        and m[2] not in partial
    ]


def pg_whole_reads(sql: str, large: set[str], partial: set[str]) -> list[str]:
    """The nodes of PostgreSQL's plan that read a large table, or one of its indexes, whole.
    Its planner rightly prefers scans and merge or hash joins on tables this small, so they
    are turned off: what is asked is whether indexes serve the statement (a scan left, or an
    index walked without a condition, means none does)."""
    with connection.cursor() as cursor:
        for setting in PG_OFF:
            cursor.execute(f"SET {setting} = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            found = cursor.fetchone()[0]
        finally:
            for setting in PG_OFF:
                cursor.execute(f"RESET {setting}")
    nodes = [(json.loads(found) if isinstance(found, str) else found)[0]["Plan"]]
    bad = []
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        kind, table, index = node["Node Type"], node.get("Relation Name"), node.get("Index Name")
        walked = kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node
        if table in large and (kind == "Seq Scan" or (walked and index not in partial)):
            bad.append(f"{kind} on {table}" + (f" using {index}" if index else ""))
    return bad


@dataclass
class Steps:
    """Runs each step with its statements captured and explains them at once; keeps what
    read a large table whole, and how many statements read one at all."""

    scans: list[Scan] = field(default_factory=list)
    touched: dict[str, int] = field(default_factory=dict)

    def run(self, step: str, action: Callable[[], object]) -> None:
        with CaptureQueriesContext(connection) as captured:
            action()
        statements = {q["sql"] for q in captured.captured_queries if q["sql"]}
        statements = {s for s in statements if EXPLAINED.match(s)}
        large, partial = large_tables(), partial_indexes()
        whole_reads = sqlite_whole_reads if connection.vendor == "sqlite" else pg_whole_reads
        self.touched[step] = sum(any(f'"{t}"' in s for t in large) for s in statements)
        for sql in sorted(statements):
            self.scans += [Scan(step, line, sql) for line in whole_reads(sql, large, partial)]


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def get(client: Client, paths: list[str]) -> Callable[[], None]:
    def pages() -> None:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

    return pages


def run_steps() -> Steps:
    """The archive, its statistics, then each step as a reader or an archivist runs it."""
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("import_records", *(volume_path(v) for v in VOLUMES), **quiet)
    call_command("enrich", **quiet)  # what the import left to the queue
    analyze()
    steps, client = Steps(), Client()
    listed = Document.objects.annotate(n=Count("participants")).order_by("-n")
    Document.objects.filter(pk__in=[d.pk for d in listed[:3]]).update(enriched_hash="")
    steps.run("enrich", lambda: call_command("enrich", **quiet))
    steps.run("import", lambda: call_command("import_records", SEEDS[0], **quiet))
    spoken = Document.objects.filter(blocks__speaker_person__isnull=False).first()
    steps.run(
        "document page", get(client, [listed[0].get_absolute_url(), spoken.get_absolute_url()])
    )
    busiest = Person.objects.annotate(n=Count("mentions")).order_by("-n").first()
    speaker = Person.objects.filter(speakers__isnull=False).first()
    steps.run("person page", get(client, [busiest.get_absolute_url(), speaker.get_absolute_url()]))
    volume = listed[0].collections.first()
    steps.run("network page", get(client, ["/network/", f"/network/?collection={volume.key}"]))
    return steps


@pytest.fixture(scope="module")
def steps(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Steps]:
    index = tmp_path_factory.mktemp("index")
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index, PAGE_CACHE=""):
        try:
            yield run_steps()
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize("step", STEPS)
def test_no_large_table_is_read_whole(steps: Steps, step: str) -> None:
    assert steps.touched[step], f"{step} read no large table: nothing was checked"
    found = [str(scan) for scan in steps.scans if scan.step == step]
    assert not found, "\n".join(found)
