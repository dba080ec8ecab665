"""The review list: possible name links a curator accepts or rejects, a group at a time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from readingroom.authorities.models import ReviewItem
from readingroom.curation.access import curator_required
from readingroom.curation.review import AlreadyDecided, Decision, Outcome, decide, decide_groups
from readingroom.curation.review_groups import groups, page_groups

PAGE = 50  # groups per page
MAX_GROUPS = 500  # groups one request may decide
CHOICES = (Decision.ACCEPTED, Decision.REJECTED)


@curator_required("authorities.view_reviewitem")
def review_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(groups(), PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "groups": page_groups(page.object_list)}
    return render(request, "curation/review.html", context)


@require_POST
@curator_required("authorities.change_reviewitem")
def review_groups(request: HttpRequest) -> HttpResponse:
    """Accept or reject the chosen groups: each named by one of its pending items."""
    choice = request.POST.get("decision", "")
    if choice not in CHOICES:
        raise BadRequest("decision must be accepted or rejected")
    try:
        chosen = [int(pk) for pk in request.POST.getlist("group")]
    except ValueError as bad:
        raise BadRequest("groups are item numbers") from bad
    if len(chosen) > MAX_GROUPS:
        raise BadRequest(f"at most {MAX_GROUPS} groups at a time")
    if not chosen:
        messages.error(request, "Choose at least one group.")
    else:
        _report(request, choice, decide_groups(chosen, choice, request.user.get_username()))
    return redirect(_back(request))


def _report(request: HttpRequest, choice: str, outcome: Outcome) -> None:
    if outcome.groups:
        messages.success(
            request,
            f"{choice.capitalize()}: {outcome.groups} group(s), {outcome.items} item(s) "
            f"in {len(outcome.documents)} document(s).",
        )
    for why in outcome.skipped:
        messages.error(request, f"Left alone: {why}.")


def _back(request: HttpRequest) -> str:
    """The page the curator was on (a number only: the form's value is not trusted)."""
    page = request.POST.get("page", "")
    url = reverse("curation:review")
    return f"{url}?page={int(page)}" if page.isdigit() else url


@require_POST
@curator_required("authorities.change_reviewitem")
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One item alone, as before groups: kept for links and scripts that post to it."""
    item = get_object_or_404(ReviewItem, pk=pk)
    choice = request.POST.get("decision", "")
    if choice not in CHOICES:
        raise BadRequest("decision must be accepted or rejected")
    try:
        decide(item, choice)
    except AlreadyDecided as done:
        messages.error(request, f"“{item.name}”: {done}.")
    else:
        messages.success(request, f"“{item.name}” → {item.candidate_name}: {choice}.")
    return redirect("curation:review")
