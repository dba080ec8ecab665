"""Which database a query goes to when a streaming replica is configured (docs/deploy.md).

The replica serves one kind of read only: the public pages' (a GET or HEAD outside
`/admin/` and `/curation/`), where a copy a few milliseconds old is as good as the primary.
Everything else reads the primary, because it must see what was just written:

- writes, and reads inside a transaction or after this request has written;
- the command line and queue workers (any code outside a web request: an import decides
  between "new" and "changed" by what it reads);
- curators' pages and every request that changes something (a save, then the list it
  redirects to);
- the change log, the task queue and worker heartbeats, sessions, accounts, login throttling;
- a block of code wrapped in `primary()`: the search follower, which reads the log and then
  the documents it names, and would otherwise index an old copy and move its mark past it.

Settings list the router only when DATABASE_REPLICA_URL is set; otherwise Django's default
(one database) applies and `primary()` changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.models import Model

PRIMARY = "default"
REPLICA = "replica"
# The queue's app label is django_tasks_db's own: "django_tasks_database".
PRIMARY_APPS = frozenset(
    {"admin", "auth", "contenttypes", "sessions", "axes", "django_tasks_database", "work"}
)
PRIMARY_MODELS = frozenset({"records.IndexChange"})
CURATORS_PATHS = ("/admin/", "/curation/")
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Whether this thread is in a public, read-only web request that has not written yet.
_replica_ok: ContextVar[bool] = ContextVar("readingroom_replica_ok", default=False)
# Whether the code running now asked for the primary (`primary()`).
_pinned: ContextVar[bool] = ContextVar("readingroom_primary", default=False)


@contextmanager
def primary() -> Iterator[None]:
    """Read from the primary inside this block (also usable as a function decorator)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def reads_replica(environ: dict | None) -> bool:
    """Whether a request may read the replica: public pages read, nothing else."""
    if not environ:
        return False
    method = str(environ.get("REQUEST_METHOD", "")).upper()
    path = str(environ.get("PATH_INFO", "/"))
    return method in READING_METHODS and not path.startswith(CURATORS_PATHS)


def request_begins(sender: object, environ: dict | None = None, **kwargs: object) -> None:
    _replica_ok.set(reads_replica(environ))


def request_ends(sender: object, **kwargs: object) -> None:
    _replica_ok.set(False)


# Connected when the module is imported: by DATABASE_ROUTERS, and by search.sync in every
# server process before its first request.
request_started.connect(request_begins, dispatch_uid="readingroom-replica-begin")
request_finished.connect(request_ends, dispatch_uid="readingroom-replica-end")


def needs_primary(model: type[Model]) -> bool:
    """Rows that someone reads right after writing them, whoever reads."""
    meta = model._meta
    return meta.app_label in PRIMARY_APPS or meta.label in PRIMARY_MODELS


class PrimaryReplicaRouter:
    """Public pages' reads to the replica; all writes and every other read to the primary."""

    def db_for_read(self, model: type[Model], **hints: object) -> str:
        if (
            not _replica_ok.get()
            or _pinned.get()
            or needs_primary(model)
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: object) -> str:
        _replica_ok.set(False)  # this request reads what it writes from now on
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool:
        return True  # one database and its copy: rows from either may be related

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == PRIMARY  # the replica copies the primary's tables
