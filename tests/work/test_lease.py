"""A task held by a worker that stopped beating goes back to the queue; a live worker's stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from readingroom.work.lease import beat, requeue_orphans
from readingroom.work.models import WorkerBeat
from tests.taskqueue import run_queue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@task()
def note(text: str) -> str:
    return text.upper()


def claimed_by(worker_id: str) -> DBTaskResult:
    row = DBTaskResult.objects.get(pk=note.enqueue("x").id)
    row.claim(worker_id)
    return row


def test_a_dead_workers_task_is_queued_again_and_a_live_ones_is_not(settings):
    settings.TASK_LEASE_SECONDS = 60
    beat("alive")
    beat("dead")
    WorkerBeat.objects.filter(worker_id="dead").update(seen_at=timezone.now() - timedelta(hours=1))
    held, orphan = claimed_by("alive"), claimed_by("dead")
    assert requeue_orphans() == 1
    held.refresh_from_db(), orphan.refresh_from_db()
    assert held.status == TaskResultStatus.RUNNING
    assert orphan.status == TaskResultStatus.READY and orphan.started_at is None


def test_the_worker_runs_a_requeued_task_to_the_end(settings):
    settings.TASK_LEASE_SECONDS = 60
    orphan = claimed_by("gone-without-a-beat")
    run_queue()
    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.SUCCESSFUL
    assert orphan.return_value == "X"


def test_a_worker_whose_beats_wait_for_a_lock_does_not_take_itself_for_dead(settings):
    settings.TASK_LEASE_SECONDS = 60
    beat("busy")
    WorkerBeat.objects.filter(worker_id="busy").update(seen_at=timezone.now() - timedelta(hours=1))
    held = claimed_by("busy")
    assert requeue_orphans("busy") == 0
    held.refresh_from_db()
    assert held.status == TaskResultStatus.RUNNING
