"""Editing events in the admin: every save is a curator's decision and leaves a revision.

A save makes the event the curator's (`Origin.CURATOR`: the finder no longer renames or
redates it) and marks each account added or changed as the curator's (the finder never
changes those), then `events.editing.refresh` and `revise`, so the history holds every state.
Merging (an action) and splitting (a page of the event) go through `events.editing` too.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from readingroom.curation.roles import User
from readingroom.events.editing import merge, refresh, revise, split
from readingroom.events.models import Event, EventDocument, EventParticipant, Origin
from readingroom.records.changelog import log_change
from readingroom.records.dates import parse_date

LINKED = EventDocument.Status.LINKED
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def may_view_events(user: User) -> bool:
    """Contributors look (curation.roles)."""
    return user.has_perm("events.view_event")


def may_change_events(user: User) -> bool:
    """An event shows on public pages: editors change it, as they publish records."""
    return user.has_perm("events.change_event")


def _may_change(request: HttpRequest, event: Event | None) -> bool:
    """A merged event only points to the one it became: nobody edits it."""
    merged = event is not None and event.merged_into_id is not None
    return may_change_events(request.user) and not merged


class EventForm(forms.ModelForm):
    """The event's own fields; the date is written as the sources write it and read here."""

    reason = forms.CharField(required=False, max_length=500, help_text="Why, for its history.")

    class Meta:
        model = Event
        fields = ("name", "kind", "date_text", "time_start", "time_end", "place", "description")
        labels = {"date_text": "Date"}
        help_texts = {
            "date_text": "As the sources write it: June 6, 1959; May 1964; 1959-06-06.",
            "time_start": "HH:MM, if known",
            "time_end": "HH:MM, if known",
        }

    def clean_date_text(self) -> str:
        text = self.cleaned_data["date_text"].strip()
        if self._changed("date_text") and text and parse_date(text).start is None:
            raise ValidationError("This date cannot be read: write it as June 6, 1959.")
        return text

    def clean_time_start(self) -> str:
        return _time(self.cleaned_data["time_start"], self._changed("time_start"))

    def clean_time_end(self) -> str:
        return _time(self.cleaned_data["time_end"], self._changed("time_end"))

    def _changed(self, name: str) -> bool:
        """Only what the curator typed is checked: a found event's values stay as read."""
        return self.instance.pk is None or name in self.changed_data

    def save(self, commit: bool = True) -> Event:
        if self._changed("date_text"):
            self.instance.date = parse_date(self.cleaned_data["date_text"])
        self.instance.origin = Origin.CURATOR
        return super().save(commit)


def _time(value: str, typed: bool) -> str:
    value = value.strip()
    if typed and value and not TIME.fullmatch(value):
        raise ValidationError("Write a time as HH:MM (24 hours), or leave it empty.")
    return value


class AccountForm(forms.ModelForm):
    """An account: refused with a reason when its document is another event's record."""

    class Meta:
        model = EventDocument
        fields = ("document", "relation", "status", "note")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        doc = data.get("document")
        if doc and data.get("relation") == "record" and data.get("status") == LINKED:
            taken = EventDocument.objects.filter(document=doc, relation="record", status=LINKED)
            other = taken.exclude(pk=self.instance.pk).select_related("event").first()
            if other is not None:
                self.add_error(
                    "document",
                    f"{doc.identifier} is already the record of “{other.event.name}” "
                    f"({other.event.slug}): reject it there first, or merge the events.",
                )
        return data


class EventPartInline(admin.TabularInline):
    """A part of an event, changed by whoever may change events, never on a merged one."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_view_events(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)


class AccountInline(EventPartInline):
    model = EventDocument
    form = AccountForm
    fields = ("document", "relation", "status", "note", "evidence", "score")
    readonly_fields = ("evidence", "score")
    raw_id_fields = ("document",)
    verbose_name = "account"
    verbose_name_plural = "accounts (reject one instead of removing it: it is not proposed again)"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a removed link could be found again; a rejected one is kept as such


class ParticipantInline(EventPartInline):
    """The participants a curator adds; those the records name are written by `refresh`."""

    model = EventParticipant
    fields = ("person", "role", "side")
    raw_id_fields = ("person",)
    verbose_name = "participant added by a curator"
    verbose_name_plural = "participants added by curators"

    def get_queryset(self, request: HttpRequest) -> QuerySet[EventParticipant]:
        return super().get_queryset(request).filter(document=None)


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="The event to keep",
        help_text="The others' accounts and participants move to it; their pages point to it.",
    )
    reason = forms.CharField(required=False, max_length=300, help_text="Why, for the history.")

    def __init__(self, *args: Any, events: list[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        field.queryset = Event.objects.filter(pk__in=[e.pk for e in events])
        field.label_from_instance = lambda e: f"{e.date_text or 'undated'}: {e.name} ({e.slug})"


class SplitForm(forms.Form):
    accounts = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="The accounts of the new event",
    )
    name = forms.CharField(required=False, max_length=300, help_text="Empty: the same name.")
    reason = forms.CharField(required=False, max_length=500, help_text="Why, for the history.")

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = event.accounts.select_related("document").order_by("document__identifier")
        self.fields["accounts"].choices = [
            (
                row.document_id,
                f"{row.document.identifier}: {row.document.title} "
                f"({row.get_relation_display()}, {row.get_status_display()})",
            )
            for row in rows
        ]

    def clean_accounts(self) -> list[int]:
        chosen = self.cleaned_data["accounts"]
        if len(chosen) == len(self.fields["accounts"].choices):
            raise ValidationError("Leave at least one account with this event.")
        return chosen


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventForm
    list_display = ("when", "name", "kind", "place", "origin", "accounts_linked")
    list_filter = ("kind", "origin", ("merged_into", admin.EmptyFieldListFilter))
    search_fields = ("name", "slug")
    fields = (
        "merged",
        "name",
        "kind",
        "date_text",
        "read_as",
        ("time_start", "time_end"),
        "place",
        "description",
        "reason",
        "slug",
        "origin",
        "named_by_records",
        "tools",
    )
    readonly_fields = ("merged", "read_as", "slug", "origin", "named_by_records", "tools")
    inlines = [AccountInline, ParticipantInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        linked = Count("accounts", filter=Q(accounts__status=LINKED))
        return super().get_queryset(request).annotate(linked=linked)

    def get_fields(self, request: HttpRequest, obj: Event | None = None) -> Any:
        fields = super().get_fields(request, obj)
        if obj is None or obj.merged_into_id is None:
            return [f for f in fields if f != "merged"]
        return [f for f in fields if f != "reason"]  # a merged event is shown, never saved

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_view_events(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_view_events(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_change_events(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # merge events instead: a merged one keeps its address

    @admin.display(description="date", ordering="date_start")
    def when(self, obj: Event) -> str:
        return obj.date_text or "-"

    @admin.display(description="accounts", ordering="linked")
    def accounts_linked(self, obj: Event) -> int:
        return obj.linked

    @admin.display(description="Merged into")
    def merged(self, obj: Event) -> str:
        target = obj.merged_into
        if target is None:
            return "-"
        url = reverse("admin:events_event_change", args=[target.pk])
        return format_html('<a href="{}">{}</a> ({})', url, target.name, target.slug)

    @admin.display(description="Read as")
    def read_as(self, obj: Event) -> str:
        if obj.date_start is None:
            return "-"
        return f"{obj.date_start} to {obj.date_end} ({obj.date_precision})"

    @admin.display(description="Participants the records name")
    def named_by_records(self, obj: Event) -> str:
        if not obj.pk:
            return "-"
        rows = obj.participants.exclude(document=None).select_related("person", "document")
        lines = [
            (p.person.name, "".join(f", {t}" for t in (p.role, p.side) if t), p.document.identifier)
            for p in rows.order_by("pk")
        ]
        return format_html_join("", "<div>{}{} (in {})</div>", lines) or "-"

    @admin.display(description="History and tools")
    def tools(self, obj: Event) -> str:
        if not obj.pk:
            return "-"
        history = reverse("curation:event-history", args=[obj.slug])
        links = [(history, "Revisions and differences")]
        if obj.merged_into_id is None:
            links.append((reverse("admin:events_event_split", args=[obj.pk]), "Split"))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        obj.origin = Origin.CURATOR
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Accounts added or changed become the curator's; their documents are logged."""
        if formset.model is not EventDocument:
            return super().save_formset(request, form, formset, change)
        before = [f.initial.get("document") for f in formset.forms if f.has_changed()]
        rows = formset.save(commit=False)
        for row in rows:
            row.evidence = "curator"
            row.save()
        log_change([*before, *(row.document_id for row in rows)])
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        event = form.instance
        refresh(event)
        default = "edited in the admin" if change else "made in the admin"
        revise(event, request.user.get_username(), form.cleaned_data.get("reason") or default)

    @admin.action(description="Merge selected events", permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[Event]) -> Any:
        """A page choosing the event to keep; confirmed, `merge` the others into it."""
        events = list(queryset.filter(merged_into=None).order_by("date_start", "pk"))
        if len(events) < 2:
            self.message_user(request, "Choose two events or more.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, events=events)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            others = [e for e in events if e.pk != keep.pk]
            reason = form.cleaned_data["reason"] or "merged in the admin"
            merge(keep, others, request.user.get_username(), reason)
            self.message_user(request, f"Merged {len(others)} event(s) into “{keep.name}”.")
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[keep.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge events",
            "opts": self.model._meta,
            "form": form,
            "events": events,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "curation/event_merge.html", context)

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.split_view)
        return [path("<int:pk>/split/", view, name="events_event_split"), *super().get_urls()]

    def split_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Chosen accounts become a new event (`split`); both keep a revision."""
        event = get_object_or_404(Event, pk=pk)
        if not self.has_change_permission(request, event):
            raise PermissionDenied("this event may not be changed")
        form = SplitForm(request.POST if request.method == "POST" else None, event=event)
        if form.is_valid():
            data = form.cleaned_data
            reason = data["reason"] or "split in the admin"
            actor = request.user.get_username()
            new = split(event, data["accounts"], actor, reason, name=data["name"])
            self.message_user(request, f"“{new.name}” now holds the chosen accounts.")
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Split “{event.name}”",
            "opts": self.model._meta,
            "original": event,
            "form": form,
        }
        return TemplateResponse(request, "curation/event_split.html", context)
