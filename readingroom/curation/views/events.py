"""Events outside the admin: an event's revisions, and the review list of proposed links.

The finder saves a link it is unsure of as proposed; a curator accepts it (linked, and the
curator's: the finder never changes it again) or rejects it (kept as rejected, so the finder
never proposes it again). Either leaves a revision of the event.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from readingroom.curation.access import LOGIN_URL
from readingroom.curation.admin_events import may_change_events, may_view_events
from readingroom.curation.diffs import snapshot_diff
from readingroom.curation.roles import User
from readingroom.events.editing import refresh, revise
from readingroom.events.models import Event, EventDocument, EventRevision
from readingroom.records.changelog import log_change

PAGE = 50  # proposed links per page
PROPOSED = EventDocument.Status.PROPOSED
LINKED = EventDocument.Status.LINKED
CHOICES = ("accepted", "rejected")


def events_right(may: Callable[[User], bool]) -> Callable:
    """Anonymous users go to the login page; a logged-in user without the right gets 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may(request.user):
                raise PermissionDenied("curators only")
            return view(request, *args, **kwargs)

        return login_required(guarded, login_url=LOGIN_URL)

    return decorate


def _entries(revisions: list[EventRevision]) -> list[dict[str, Any]]:
    """Newest first, each with its difference from the one before (the first has none)."""
    entries, previous = [], None
    for revision in revisions:
        changed = snapshot_diff(previous, revision.snapshot) if previous is not None else None
        entries.append({"revision": revision, "diff": changed, "snapshot": revision.snapshot})
        previous = revision.snapshot
    return entries[::-1]


@events_right(may_view_events)
def history(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("merged_into"), slug=slug)
    revisions = list(event.revisions.order_by("number"))
    return render(
        request, "curation/event_history.html", {"event": event, "entries": _entries(revisions)}
    )


@events_right(may_view_events)
def review_list(request: HttpRequest) -> HttpResponse:
    """The links waiting for a curator, the events in date order, the best match first."""
    rows = (
        EventDocument.objects.filter(status=PROPOSED, event__merged_into=None)
        .select_related("event", "document")
        .order_by("event__date_start", "event__slug", "-score", "document__identifier")
    )
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_decide": may_change_events(request.user)}
    return render(request, "curation/event_review.html", context)


@require_POST
@events_right(may_change_events)
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject one proposed link; a link already decided is left alone."""
    choice = request.POST.get("decision", "")
    if choice not in CHOICES:
        raise BadRequest("decision must be accepted or rejected")
    with transaction.atomic():
        row = get_object_or_404(
            EventDocument.objects.select_for_update().select_related("event", "document"), pk=pk
        )
        problem = _problem(row, choice)
        if problem:
            messages.error(request, f"{row.document.identifier}: {problem}.")
        else:
            _decide(row, choice, request.user.get_username())
            messages.success(request, f"{row.document.identifier} → “{row.event.name}”: {choice}.")
    return redirect(_back(request))


def _problem(row: EventDocument, choice: str) -> str:
    """Why this decision cannot be made, if it cannot."""
    if row.status != PROPOSED:
        return f"already {row.get_status_display().lower()}"
    if row.event.merged_into_id is not None:
        return "its event has been merged; review the event it was merged into"
    if choice == "accepted" and row.relation == "record":
        taken = EventDocument.objects.filter(
            document_id=row.document_id, relation="record", status=LINKED
        ).exclude(pk=row.pk)
        if other := taken.select_related("event").first():
            return f"already the record of “{other.event.name}”; merge the two events instead"
    return ""


def _decide(row: EventDocument, choice: str, actor: str) -> None:
    """Accepted: linked, as the curator's. Rejected: kept as rejected. Then a revision."""
    identifier = row.document.identifier
    if choice == "accepted":
        row.status, row.evidence = LINKED, "curator"
    else:
        row.status = EventDocument.Status.REJECTED
    row.save(update_fields=["status", "evidence"])
    log_change([row.document_id])
    if choice == "accepted":
        refresh(row.event)
    revise(row.event, actor, f"{choice} {identifier} ({row.get_relation_display().lower()})")


def _back(request: HttpRequest) -> str:
    """The page the curator was on (a number only: the form's value is not trusted)."""
    page = request.POST.get("page", "")
    url = reverse("curation:event-review")
    return f"{url}?page={int(page)}" if page.isdigit() else url
