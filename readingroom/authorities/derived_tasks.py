"""The derived data's follower as a queued task, asked for by pages that find it behind.

A page never applies the change log itself (`derived`): it queues one follower run, unless one
is already waiting (a waiting run reads the log when it starts, so it covers every change made
before then). Running it twice is harmless: the second finds nothing after the mark.
"""

from __future__ import annotations

from django_tasks import task

from readingroom.authorities import derived
from readingroom.records.following import queue_once


@task()
def follow_changes() -> int:
    """Apply the change log to related documents and the network; the documents changed."""
    return derived.follow()


def request_follow() -> bool:
    """Whether the derived data is behind the log; if so, queue a follower run unless one is
    waiting. A page that finds it behind should not be kept in a cache: it would outlive the
    run, which logs nothing."""
    if not derived.behind():
        return False
    queue_once(follow_changes)
    return True
