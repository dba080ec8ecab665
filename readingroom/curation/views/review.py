"""The review list: possible name links a curator accepts or rejects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.authorities.models import ReviewItem
from readingroom.curation.access import curator_required
from readingroom.curation.review import AlreadyDecided, Decision, decide

PAGE = 200


@curator_required("authorities.view_reviewitem")
def review_list(request: HttpRequest) -> HttpResponse:
    pending = ReviewItem.objects.filter(decision=Decision.PENDING)
    items = pending.select_related("document", "candidate")[:PAGE]
    context = {"items": items, "total": pending.count(), "page": PAGE}
    return render(request, "curation/review.html", context)


@require_POST
@curator_required("authorities.change_reviewitem")
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ReviewItem, pk=pk)
    choice = request.POST.get("decision", "")
    if choice not in (Decision.ACCEPTED, Decision.REJECTED):
        raise BadRequest("decision must be accepted or rejected")
    try:
        decide(item, choice)
    except AlreadyDecided as done:
        messages.error(request, f"“{item.name}”: {done}.")
    else:
        messages.success(request, f"“{item.name}” → {item.candidate_name}: {choice}.")
    return redirect("curation:review")
