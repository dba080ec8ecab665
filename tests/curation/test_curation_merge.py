"""Merging two people moves everything that pointed at one to the other; undo is exact."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from readingroom.authorities.enrichment import pending
from readingroom.authorities.models import Name, Person, PersonDescription, ReviewItem
from readingroom.curation.merge import MergeRefused, merge_people, person_relations, undo_merge
from readingroom.curation.models import MergeRecord
from readingroom.events.models import EventParticipant
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document, IndexChange

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
RELATIONS = person_relations()

PASSWORD = "a-long-passphrase"


def links(person: Person) -> dict[str, set[int]]:
    """Every row pointing at `person`, by relation."""
    return {
        name: set(model.objects.filter(**{field: person}).values_list("pk", flat=True))
        for name, (model, field, _) in RELATIONS.items()
    }


@pytest.fixture
def pair(seed_paths, index_dir) -> tuple[Person, Person]:
    """Two enriched people who both speak: the one to keep and the one to merge into it."""
    import_paths(seed_paths)
    enrich_ids(pending())  # as the import command does: the events' participants too
    speakers = Person.objects.filter(speakers__isnull=False).distinct().order_by("pk")
    keep, merged = speakers[0], speakers[1]
    Name.objects.create(person=merged, text=keep.names.first().text, key="dup")  # a clash
    PersonDescription.objects.create(person=merged, source_key="p_1", text="A minister")
    ReviewItem.objects.create(
        document=Document.objects.first(),
        name="Li",
        candidate=merged,
        candidate_name="Li",
        score=0.8,
        reason="fuzzy",
    )
    return keep, merged


def editor() -> Client:
    call_command("createroles")
    user = User.objects.create_user("ed", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    client = Client()
    client.login(username="ed", password=PASSWORD)
    return client


def test_merge_moves_every_link_redirects_and_undo_restores(pair, client):
    keep, merged = pair
    before = {"keep": links(keep), "merged": links(merged)}
    assert all(before["merged"][k] for k in RELATIONS if k != "participants")
    changes = IndexChange.objects.count()

    editor_client = editor()
    response = editor_client.post(
        "/curation/people/merges", {"source": merged.slug, "target": keep.slug, "reason": "same"}
    )
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into == keep
    after = links(merged)
    assert after["names"] == {n.pk for n in merged.names.filter(text=keep.names.first().text)}
    # A row the kept person already has its twin of stays, as a name does (unique together).
    twins = EventParticipant.objects.filter(person=merged)
    assert all(
        EventParticipant.objects.filter(person=keep, event=p.event, document=p.document).exists()
        for p in twins
    )
    assert after["event_participants"] == set(twins.values_list("pk", flat=True))
    kept = ("names", "event_participants")
    assert sum(len(v) for k, v in after.items() if k not in kept) == 0
    moved = links(keep)
    for name in RELATIONS:
        assert before["keep"][name] | (before["merged"][name] - after[name]) == moved[name]
    assert IndexChange.objects.count() > changes  # the documents they speak in are reindexed

    page = client.get(f"/people/{merged.slug}/")
    assert page.status_code == 302 and page["Location"].endswith(f"/people/{keep.slug}/")

    record = MergeRecord.objects.get()
    assert editor_client.post(f"/curation/people/merges/{record.pk}/undo").status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert {"keep": links(keep), "merged": links(merged)} == before
    record.refresh_from_db()
    assert record.undone and record.undone_by == "ed"
    assert client.get(f"/people/{merged.slug}/").status_code == 200


def test_merge_refusals(pair):
    keep, merged = pair
    with pytest.raises(MergeRefused):
        merge_people(keep, keep, actor="a")
    record = merge_people(merged, keep, actor="a")
    with pytest.raises(MergeRefused):
        merge_people(merged, keep, actor="a")  # already merged
    undo_merge(record, actor="a")
    with pytest.raises(MergeRefused):
        undo_merge(record, actor="a")  # already undone


def test_merge_page_needs_the_right_and_escapes(pair):
    keep, merged = pair
    Person.objects.filter(pk=merged.pk).update(name="<b>Bold</b>")
    call_command("createroles")
    user = User.objects.create_user("c", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="contributor"))
    contributor = Client()
    contributor.login(username="c", password=PASSWORD)
    assert contributor.get("/curation/people/merges").status_code == 403
    client = editor()
    client.post("/curation/people/merges", {"source": merged.slug, "target": keep.slug})
    html = client.get("/curation/people/merges").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold" not in html
    bad = client.post("/curation/people/merges", {"source": "nobody", "target": keep.slug})
    assert "No person has this slug." in bad.content.decode()
