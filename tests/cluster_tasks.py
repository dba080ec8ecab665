"""A queue task for the cluster test (tests/system/test_cluster.py) that a worker can die in.

It notes each start in a file, then waits for the test to create `release` before it imports
its file. The test kills the worker while it waits, so the kill always lands mid-task, and
then checks that the task ran to the end once and its import is stored once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

from readingroom.ingest.runner import import_paths

WAIT_SECONDS = 300  # a bound, not a schedule: the test releases the task as soon as it may
STARTED = "started"
RELEASE = "release"


@task()
def import_when_released(folder: str, path: str) -> str:
    """Record a start, wait for the release, import ``path``; returns the import's summary."""
    here = Path(folder)
    with (here / STARTED).open("a") as started:
        started.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + WAIT_SECONDS
    while not (here / RELEASE).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{here / RELEASE} never appeared")
        time.sleep(0.05)
    return import_paths([Path(path)], actor="cluster-task").summary()
