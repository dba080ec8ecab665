"""Running queued tasks inside a test, with the queue worker's own code.

`readingroom worker`'s polling loop closes the database connection between tasks and beats
from a thread of its own, which a test's transaction (and SQLite's in-memory test database)
cannot share; the command runs for real in a process of its own in tests/system and
tests/api/test_api_data.py. Here: orphans of dead workers put back, then each ready task
claimed, run and its result recorded, as the worker does.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from readingroom.work.lease import requeue_orphans


def run_queue(worker_id: str = "test-worker") -> int:
    """Run every ready task (and those they queue); how many ran."""
    requeue_orphans()
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while (ready := DBTaskResult.objects.ready().first()) is not None:
        ready.claim(worker.worker_id)
        worker.run_task(ready)
        ran += 1
    return ran
