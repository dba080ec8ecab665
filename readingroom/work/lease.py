"""Heartbeats of queue workers, and the return to the queue of tasks a dead worker held."""

from __future__ import annotations

import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from readingroom.work.models import WorkerBeat


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})


def requeue_orphans(me: str = "") -> int:
    """Put back tasks marked running by workers silent for longer than the lease.

    A worker never takes itself for dead (``me``): on SQLite a long import holds the write
    lock, and its own beats wait for it.
    """
    lease = timedelta(seconds=settings.TASK_LEASE_SECONDS)
    alive = set(
        WorkerBeat.objects.filter(seen_at__gte=timezone.now() - lease).values_list(
            "worker_id", flat=True
        )
    )
    orphans = [
        task.pk
        for task in DBTaskResult.objects.running().only("pk", "worker_ids")
        if not task.worker_ids or task.worker_ids[-1] not in alive | {me}
    ]
    return DBTaskResult.objects.filter(pk__in=orphans, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


class Heartbeat(threading.Thread):
    """Beats every third of the lease while the worker runs, and requeues the orphans of others."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                    requeue_orphans(self.worker_id)
                except DatabaseError:  # busy or away for now: the next beat tries again
                    connection.close()
                self.stopped.wait(settings.TASK_LEASE_SECONDS / 3)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
