from django.db import models


class WorkerBeat(models.Model):
    """When a queue worker was last seen alive (see `readingroom.work.lease`)."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
