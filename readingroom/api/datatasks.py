"""The Data page's downloads as a queued task: built by `readingroom worker`, never in a request.

A page view that finds the archive changed since the last build asks for one; it is queued
only when no build is waiting (a waiting build reads the archive when it starts, so it covers
every change made before then) and none is running for the version the page saw.
"""

from __future__ import annotations

from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from readingroom.api import databuild


@task()
def build_downloads(version: str) -> dict[str, object]:
    """Build the downloads of the archive as it is when the task runs (`version` is the one
    the requester saw). A build already at the current version is kept, so a retried or
    repeated task changes nothing."""
    return databuild.build().summary()


def request_build(version: databuild.Version) -> bool:
    """Queue a build for `version` unless one that will cover it is queued or running."""
    pending = DBTaskResult.objects.filter(
        task_path=build_downloads.module_path,
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
    ).values_list("status", "args_kwargs")
    for status, args_kwargs in pending:
        if status == TaskResultStatus.READY or args_kwargs.get("args") == [str(version)]:
            return False
    build_downloads.enqueue(str(version))
    return True
