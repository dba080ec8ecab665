import os
import socket

from django_tasks_db.management.commands import db_worker

from readingroom.work.lease import Heartbeat, beat, requeue_orphans


class Command(db_worker.Command):
    help = "Run a background worker: enrichment after imports, data downloads, uploaded imports."

    def handle(self, *args, worker_id: str, **options) -> None:
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{worker_id[:8]}"
        beat(worker_id)  # before the first claim, so no other worker takes us for dead
        requeue_orphans(worker_id)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
