"""What every follower of the change log shares (the derived data, the lists by content).

A follower keeps a mark, the last `IndexChange` id it applied. Ids below it that it has not
seen (a transaction still open on PostgreSQL) are gaps, looked for again until GAP_SECONDS
have passed (a rolled-back insert leaves a gap forever). An embargo that ends by the calendar
logs nothing, so each follower looks for those once a day. A page that finds a follower
behind queues one run of it (`queue_once`), never applying the log itself.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from readingroom.records.models import Document, Status

GAP_SECONDS = 60
MAX_GAPS = 10_000


def gaps_after(old: dict[int, str], mark: int, top: int, seen: set[int], now: datetime) -> dict:
    """Ids still missing below the new mark `top`, each with when it was first missed."""
    gaps = {i: t for i, t in old.items() if i not in seen}
    gaps |= {i: now.isoformat() for i in range(mark + 1, top) if i not in seen}
    oldest = now.timestamp() - GAP_SECONDS
    fresh = {i: t for i, t in gaps.items() if datetime.fromisoformat(t).timestamp() > oldest}
    return {str(i): t for i, t in sorted(fresh.items())[-MAX_GAPS:]}


def lapsed(day: date | None, now: datetime) -> set[int]:
    """Embargoed documents whose embargo ended since the day last looked at: public now, with
    nothing logged. The first run needs none: the log it replays names them all."""
    today = timezone.localdate(now)
    if day is None or day == today:
        return set()
    ended = Document.objects.filter(
        status=Status.EMBARGOED, embargo_until__gt=day, embargo_until__lte=today
    )
    return set(ended.values_list("pk", flat=True))


def queue_once(follower) -> None:  # a django_tasks Task
    """Queue a run of `follower` unless one is waiting: a waiting run reads the log when it
    starts, so it covers every change made before then."""
    waiting = DBTaskResult.objects.filter(
        task_path=follower.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        follower.enqueue()
