"""Merging two people, the list of merges, and undoing one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from readingroom.authorities.models import Person
from readingroom.curation.access import curator_required
from readingroom.curation.merge import MergeRefused, merge_people, undo_merge
from readingroom.curation.models import MergeRecord


class MergeForm(forms.Form):
    source = forms.SlugField(label="Merge this person (slug)")
    target = forms.SlugField(label="into this person (slug)")
    reason = forms.CharField(max_length=500, required=False)

    def clean(self) -> dict:
        data = super().clean()
        for field in ("source", "target"):
            if field in data:
                found = Person.objects.filter(slug=data[field]).first()
                if found is None:
                    self.add_error(field, "No person has this slug.")
                data[field] = found
        return data


@curator_required("curation.merge_people")
def merges(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merge_people(
                data["source"],
                data["target"],
                actor=request.user.get_username(),
                reason=data["reason"],
            )
        except MergeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"{data['source']} merged into {data['target']}.")
            return redirect("curation:merges")
    records = MergeRecord.objects.select_related("source", "target")[:200]
    return render(request, "curation/merges.html", {"form": form, "records": records})


@require_POST
@curator_required("curation.merge_people")
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(MergeRecord, pk=pk)
    try:
        undo_merge(record, actor=request.user.get_username())
    except MergeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Merge of {record.source} into {record.target} undone.")
    return redirect("curation:merges")
