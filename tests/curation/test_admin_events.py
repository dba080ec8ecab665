"""Curators make, edit, merge and split events in the admin, and decide proposed links; every
change leaves a revision, and a rejected link is never proposed again."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from readingroom.authorities.enrichment import pending
from readingroom.authorities.models import Person
from readingroom.events.editing import FINDER, link
from readingroom.events.finding import find_events
from readingroom.events.models import Event, EventDocument, EventRevision, Origin
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document, IndexChange

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "a-long-passphrase"
EVENTS = "/admin/events/event/"
REVIEW = "/curation/review/events"


def member(role: str | None) -> Client:
    """A logged-in staff member of the role (None: of no role at all)."""
    call_command("createroles")
    name = role or "nobody"
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.login(username=name, password=PASSWORD)
    return client


@pytest.fixture
def events(seed_paths, index_dir) -> tuple[Event, Event]:
    """The two events the seeds record (1959 and 1964), found by enrichment."""
    import_paths(seed_paths)
    enrich_ids(pending())
    early, late = Event.objects.order_by("date_start")
    return early, late


def record(event: Event) -> Document:
    return event.accounts.get(relation="record").document


def form_data(client: Client, url: str) -> dict[str, Any]:
    """What the admin's change form would post back unchanged: fields, inlines' rows."""
    context = client.get(url).context
    data: dict[str, Any] = {}
    form = context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data.update({f"{prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for sub in formset.initial_forms:
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if value is not None:
                    data[sub.add_prefix(name)] = value
    return data


def add_row(data: dict[str, Any], prefix: str, **values: Any) -> None:
    n = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    data.setdefault(f"{prefix}-INITIAL_FORMS", 0)
    data.update({f"{prefix}-{n}-{k}": v for k, v in values.items()})
    data[f"{prefix}-TOTAL_FORMS"] = n + 1


def new_event(client: Client, doc: Document, person: Person) -> Event:
    """An event made by hand with one account and one participant."""
    data = form_data(client, f"{EVENTS}add/")
    data |= {
        "name": "Talks at <the> Embassy",
        "kind": "meeting",
        "date_text": "June 7, 1959",
        "time_start": "10:30",
        "place": "Tirana",
        "description": "A meeting the seeds only report.",
        "reason": "made from the report",
    }
    add_row(data, "accounts", document=doc.pk, relation="report", status="linked", note="")
    add_row(data, "participants", person=person.pk, role="host", side="Albania")
    response = client.post(f"{EVENTS}add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Event.objects.get(name="Talks at <the> Embassy")


def test_an_event_made_by_hand_has_its_first_revision(events):
    early, _ = events
    editor, doc = member("editor"), record(early)
    person = Person.objects.get(slug="enver-hoxha")
    logged = IndexChange.objects.filter(document_id=doc.pk).count()
    event = new_event(editor, doc, person)

    assert event.origin == Origin.CURATOR
    assert (str(event.date_start), event.date_precision, event.time_start) == (
        "1959-06-07",
        "day",
        "10:30",
    )
    account = event.accounts.get()
    assert (account.document, account.evidence, account.relation) == (doc, "curator", "report")
    assert IndexChange.objects.filter(document_id=doc.pk).count() > logged
    (revision,) = event.revisions.all()
    assert (revision.number, revision.actor, revision.reason) == (
        1,
        "editor",
        "made from the report",
    )
    snap = revision.snapshot
    assert snap["name"] == "Talks at <the> Embassy" and snap["date"] == "June 7, 1959"
    assert snap["accounts"] == [
        {
            "document": doc.identifier,
            "relation": "report",
            "evidence": "curator",
            "status": "linked",
        }
    ]
    assert snap["participants"] == [
        {"person": "enver-hoxha", "role": "host", "side": "Albania", "document": None}
    ]
    html = editor.get(f"{EVENTS}").content.decode()
    assert "Talks at &lt;the&gt; Embassy" in html and "<the>" not in html


def test_an_edit_is_revision_two_with_its_difference(events):
    early, _ = events
    editor = member("editor")
    event = new_event(editor, record(early), Person.objects.get(slug="enver-hoxha"))
    url = f"{EVENTS}{event.pk}/change/"
    data = form_data(editor, url) | {"place": "Durrës", "reason": "the place, from the report"}
    assert data["date_text"] == "June 7, 1959"
    assert editor.post(url, data).status_code == 302

    event.refresh_from_db()
    assert event.place == "Durrës" and event.name == "Talks at <the> Embassy"
    latest = event.revisions.order_by("-number").first()
    assert (latest.number, latest.reason) == (2, "the place, from the report")
    assert latest.snapshot["place"] == "Durrës"
    html = editor.get(f"/curation/events/{event.slug}/history").content.decode()
    assert "Revision 2" in html and "Revision 1" in html and "Durrës" in html
    assert "Talks at &lt;the&gt; Embassy" in html and "<the>" not in html

    bad = form_data(editor, url) | {"date_text": "sometime", "time_start": "25:00"}
    errors = editor.post(url, bad).context["adminform"].form.errors
    assert set(errors) == {"date_text", "time_start"}
    assert event.revisions.count() == 2


def test_editing_a_found_event_makes_it_and_its_changed_accounts_the_curators(events):
    early, late = events
    editor = member("editor")
    url = f"{EVENTS}{early.pk}/change/"
    data = form_data(editor, url) | {"name": "Hoxha receives Choe Yong-geon"}
    add_row(data, "accounts", document=record(late).pk, relation="mentions", status="linked")
    assert editor.post(url, data).status_code == 302

    early.refresh_from_db()
    assert early.origin == Origin.CURATOR and early.name == "Hoxha receives Choe Yong-geon"
    evidence = dict(early.accounts.values_list("document", "evidence"))
    assert evidence == {record(early).pk: "type", record(late).pk: "curator"}
    assert early.participants.exclude(document=None).exists()  # the record's list, refreshed
    find_events([record(early).pk, record(late).pk])
    early.refresh_from_db()
    assert early.name == "Hoxha receives Choe Yong-geon"  # the finder renames found events only

    # The late record is already the record of its own event: refused, with the reason.
    data = form_data(editor, url)
    add_row(data, "accounts", document=record(late).pk, relation="record", status="linked")
    response = editor.post(url, data)
    assert response.status_code == 200 and "already the record of" in response.content.decode()


def test_merge_moves_the_accounts_and_keeps_a_pointer(events):
    early, late = events
    editor, docs = member("editor"), {record(early).pk, record(late).pk}
    chosen = {"action": "merge_selected", "_selected_action": [early.pk, late.pk]}
    page = editor.post(EVENTS, chosen | {"index": 0})
    assert page.status_code == 200 and "The event to keep" in page.content.decode()
    confirmed = chosen | {"confirm": "yes", "keep": early.pk, "reason": "one visit"}
    assert editor.post(EVENTS, confirmed).status_code == 302

    late.refresh_from_db()
    assert late.merged_into == early and not late.accounts.exists()
    assert set(early.accounts.values_list("document", flat=True)) == docs
    assert early.revisions.get().reason == "one visit"
    assert late.revisions.get().reason.startswith(f"merged into {early.slug}")

    merged_page = editor.get(f"{EVENTS}{late.pk}/change/").content.decode()
    assert f"{EVENTS}{early.pk}/change/" in merged_page and "Merged into" in merged_page
    assert editor.post(f"{EVENTS}{late.pk}/change/", {"name": "x"}).status_code == 403
    assert editor.get(f"{EVENTS}{late.pk}/split/").status_code == 403
    history = editor.get(f"/curation/events/{late.slug}/history").content.decode()
    assert f"/curation/events/{early.slug}/history" in history


def test_split_moves_the_chosen_accounts_to_a_new_event(events):
    early, late = events
    editor, other = member("editor"), record(late)
    link(early, other.pk, "report", "match")
    url = f"{EVENTS}{early.pk}/split/"
    assert other.identifier in editor.get(url).content.decode()

    everything = {"accounts": [record(early).pk, other.pk], "name": "All"}
    assert "at least one account" in editor.post(url, everything).content.decode()

    chosen = {"accounts": [other.pk], "name": "The report's meeting", "reason": "two talks"}
    assert editor.post(url, chosen).status_code == 302
    new = Event.objects.get(name="The report's meeting")
    assert list(new.accounts.values_list("document", "evidence")) == [(other.pk, "curator")]
    assert list(early.accounts.values_list("document", flat=True)) == [record(early).pk]
    for event in (early, new):
        event.refresh_from_db()
        assert event.origin == Origin.CURATOR
        assert event.revisions.get().reason == "two talks"


@pytest.fixture
def proposed(events) -> tuple[EventDocument, EventDocument]:
    """Two links the finder is unsure of, one with markup in its reasons."""
    early, late = events
    first = link(
        early,
        record(late).pk,
        "mentions",
        "match",
        note="<b>same people</b>",
        score=0.55,
        status="proposed",
    )
    second = link(
        late,
        record(early).pk,
        "mentions",
        "match",
        note="same place",
        score=0.5,
        status="proposed",
    )
    return first, second


def test_the_review_list_accepts_and_rejects_proposed_links(proposed):
    first, second = proposed
    editor = member("editor")
    html = editor.get(REVIEW).content.decode()
    assert html.count('<tr class="link">') == 2
    assert "&lt;b&gt;same people&lt;/b&gt;" in html and "<b>same" not in html
    assert REVIEW in editor.get("/curation/review").content.decode()

    assert editor.post(f"{REVIEW}/{first.pk}", {"decision": "accepted"}).status_code == 302
    assert editor.post(f"{REVIEW}/{second.pk}", {"decision": "rejected"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.evidence) == ("linked", "curator")
    assert (second.status, second.evidence) == ("rejected", "match")
    assert first.event.revisions.get().reason.startswith("accepted")
    assert second.event.revisions.get().reason.startswith("rejected")
    assert '<tr class="link">' not in editor.get(REVIEW).content.decode()

    find_events([first.document_id, second.document_id])
    second.refresh_from_db()
    assert second.status == "rejected"
    assert link(second.event, second.document_id, "mentions", "match", status="proposed") is None
    again = editor.post(f"{REVIEW}/{second.pk}", {"decision": "accepted"}, follow=True)
    assert "already rejected" in again.content.decode()
    assert EventDocument.objects.get(pk=second.pk).status == "rejected"
    assert editor.post(f"{REVIEW}/{first.pk}", {"decision": "maybe"}).status_code == 400
    assert EventRevision.objects.filter(actor=FINDER).count() == 0


def test_only_curators_reach_the_event_pages(proposed):
    first, _ = proposed
    event = first.event
    pages = [
        REVIEW,
        EVENTS,
        f"{EVENTS}{event.pk}/change/",
        f"{EVENTS}{event.pk}/split/",
        f"/curation/events/{event.slug}/history",
    ]
    for url in (REVIEW, f"/curation/events/{event.slug}/history"):
        assert Client().get(url)["Location"].startswith("/admin/login/")
    nobody = member(None)
    for url in pages:
        assert nobody.get(url).status_code == 403, url
    assert nobody.post(f"{REVIEW}/{first.pk}", {"decision": "accepted"}).status_code == 403

    contributor = member("contributor")  # looks, does not change
    assert contributor.get(REVIEW).status_code == 200
    assert contributor.get(EVENTS).status_code == 200
    assert 'value="accepted"' not in contributor.get(REVIEW).content.decode()
    assert contributor.post(f"{REVIEW}/{first.pk}", {"decision": "accepted"}).status_code == 403
    assert contributor.get(f"{EVENTS}add/").status_code == 403
    assert contributor.get(f"{EVENTS}{event.pk}/split/").status_code == 403
    assert contributor.post(f"{EVENTS}{event.pk}/change/", {"name": "x"}).status_code == 403
    first.refresh_from_db()
    assert first.status == "proposed" and not event.revisions.exists()
