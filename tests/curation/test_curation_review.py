"""The review list: accepting links the name in the document to the candidate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from readingroom.authorities.models import Mention, Person, ReviewItem
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "a-long-passphrase"


def member(role: str) -> Client:
    call_command("createroles")
    user = User.objects.create_user(role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.login(username=role, password=PASSWORD)
    return client


@pytest.fixture
def items(seed_paths, index_dir) -> tuple[ReviewItem, ReviewItem]:
    import_paths(seed_paths)
    doc = Document.objects.order_by("date_start").first()
    block = doc.blocks.get(order=3)
    candidate = Person.objects.create(slug="kim-il-sung", name="Kim <Il> Sung", key="kimilsung")
    common = {"document": doc, "block_order": block.order, "candidate": candidate, "score": 0.7}
    first = ReviewItem.objects.create(
        **common, start=0, end=6, name="Kim Il", candidate_name=candidate.name, reason="fuzzy"
    )
    second = ReviewItem.objects.create(
        **common, start=10, end=14, name="Kimm", candidate_name=candidate.name, reason="fuzzy"
    )
    return first, second


def test_review_list_shows_pending_items_escaped(items):
    html = member("editor").get("/curation/review").content.decode()
    assert "Kim &lt;Il&gt; Sung" in html and "<Il>" not in html
    assert html.count('<tr class="group">') == 2  # two names: two groups


def test_accept_links_the_mention_and_reject_does_not(items):
    first, second = items
    editor = member("editor")
    response = editor.post(f"/curation/review/{first.pk}", {"decision": "accepted"})
    assert response.status_code == 302
    mention = Mention.objects.get(document=first.document, start=0, block__order=3)
    assert (mention.person, mention.origin) == (first.candidate, "curator")

    editor.post(f"/curation/review/{second.pk}", {"decision": "rejected"})
    assert not Mention.objects.filter(document=second.document, start=10).exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, second.decision) == ("accepted", "rejected")
    html = editor.get("/curation/review").content.decode()
    assert '<td class="names">Kimm</td>' not in html and '<tr class="group">' not in html

    again = editor.post(f"/curation/review/{second.pk}", {"decision": "accepted"}, follow=True)
    assert "already rejected" in again.content.decode()
    assert editor.post(f"/curation/review/{first.pk}", {"decision": "x"}).status_code == 400


def test_accept_relinks_an_existing_mention(items):
    first, _ = items
    block = first.document.blocks.get(order=3)
    Mention.objects.create(
        document=first.document, block=block, kind="person", start=0, end=6, text="Kim Il"
    )
    member("editor").post(f"/curation/review/{first.pk}", {"decision": "accepted"})
    assert Mention.objects.get(block=block, start=0).person == first.candidate


def test_contributors_see_but_cannot_decide(items):
    first, _ = items
    contributor = member("contributor")
    assert contributor.get("/curation/review").status_code == 200
    assert (
        contributor.post(f"/curation/review/{first.pk}", {"decision": "accepted"}).status_code
        == 403
    )
