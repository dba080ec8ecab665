"""The review list groups a written name with its candidate: one decision for all its items."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from readingroom.authorities.models import Mention, Person, ReviewItem
from readingroom.curation.review_groups import groups
from readingroom.records.models import Block, Document, IndexChange

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "a-long-passphrase"
TEXT = "Then Comrade Kim Il said that Pak would come to Tirana in May."
KIM = TEXT.index("Kim Il")  # 13, "Kim Il" ends at 19
PAK = TEXT.index("Pak")


def member(role: str, **client_options) -> Client:
    call_command("createroles")
    user = User.objects.create_user(role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client(**client_options)
    client.login(username=role, password=PASSWORD)
    return client


@pytest.fixture
def docs() -> list[Document]:
    made = []
    for n in range(6):
        doc = Document.objects.create(identifier=f"doc-{n}", title=f"Record of talks {n}")
        Block.objects.create(document=doc, order=0, kind="paragraph", text=TEXT)
        made.append(doc)
    return made


@pytest.fixture
def kim() -> Person:
    return Person.objects.create(slug="kim-il-sung", name="Kim <Il> Sung", key="kimilsung")


@pytest.fixture
def pak() -> Person:
    return Person.objects.create(slug="pak-song-chol", name="Pak Song Chol", key="paksongchol")


def item(doc: Document, name: str, candidate: Person, start: int = KIM, **more) -> ReviewItem:
    values = {"score": 0.8, "reason": "fuzzy", "block_order": 0, **more}
    return ReviewItem.objects.create(
        document=doc,
        name=name,
        candidate=candidate,
        candidate_name=candidate.name,
        start=start,
        end=start + len(name),
        **values,
    )


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="group">(.*?)</tr>', html, flags=re.S)


def test_repeated_rows_make_one_group_counting_each_document_once(docs, kim, pak):
    item(docs[0], "Kim Il", kim)
    item(docs[0], "Kim Il", kim)  # the same name, candidate and document again
    item(docs[0], "Kim Il", kim, start=0, reason="ambiguous", score=0.4)  # another place
    item(docs[1], "KIM IL", kim, score=0.9)  # another spelling of the same key
    item(docs[2], "Kim Il", pak)  # the same name, another candidate: another group

    found = {row["candidate_id"]: row for row in groups()}
    assert set(found) == {kim.pk, pak.pk}
    assert (found[kim.pk]["documents"], found[kim.pk]["items"]) == (2, 4)
    assert found[kim.pk]["best"] == pytest.approx(0.9)

    html = member("editor").get("/curation/review").content.decode()
    first, second = rows(html)
    assert "KIM IL · Kim Il" in first and "ambiguous, fuzzy, 0.90" in first
    assert "Kim &lt;Il&gt; Sung" in first and "<Il>" not in html  # user text escaped
    assert "2 (4 items)" in first and "<mark>Kim Il</mark>" in first
    assert 'href="/documents/doc-0/#b-' in first and 'href="/documents/doc-1/#b-' in first
    assert "Pak Song Chol" in second


def test_one_group_holds_every_way_the_name_is_written(docs, kim, pak):
    """The project's name key groups: hyphens, titles and romanizations it joins are one."""
    item(docs[0], "Kim Il-sung", kim)
    item(docs[1], "Mr. Kim Il Sung", kim)
    item(docs[2], "KIM IL SONG", kim)
    made = ReviewItem.objects.bulk_create(  # enrichment's way: the model keeps the key too
        [
            ReviewItem(
                document=docs[3],
                name="Kim Il Sung",
                candidate=kim,
                candidate_name="K",
                score=0.7,
                reason="fuzzy",
                block_order=0,
                start=KIM,
                end=KIM + 11,
            )
        ]
    )
    item(docs[4], "Kim Jong Il", kim)  # another name: another group
    assert made[0].key == ReviewItem.objects.get(name="Kim Il-sung").key == "kim:ilsong"
    found = sorted((row["spellings"], row["documents"]) for row in groups())
    assert found == [(1, 1), (4, 4)]


def test_groups_rank_by_documents_affected(docs, kim, pak):
    item(docs[0], "Kim Il", kim, score=0.99)
    for doc in docs[:3]:
        item(doc, "Pak", pak, start=PAK, score=0.5)
    assert [row["candidate_id"] for row in groups()] == [pak.pk, kim.pk]
    html = member("contributor").get("/curation/review").content.decode()
    assert [("Pak Song Chol" in row, "Kim &lt;Il" in row) for row in rows(html)] == [
        (True, False),
        (False, True),
    ]
    assert 'value="accepted"' not in html  # a contributor sees the list, no decisions


def test_bulk_accept_links_every_item_of_every_chosen_group(docs, kim, pak):
    kims = [item(doc, "Kim Il", kim) for doc in docs[:3]] + [item(docs[0], "Kim Il", kim)]
    paks = [item(doc, "Pak", pak, start=PAK) for doc in docs[3:5]]
    already = Mention.objects.create(
        document=docs[3], block=docs[3].blocks.get(), kind="person", start=PAK, end=PAK + 3
    )
    other = item(docs[5], "Tirana", kim)
    logged = IndexChange.objects.count()

    response = member("editor").post(
        "/curation/review/groups",
        {"decision": "accepted", "group": [kims[0].pk, paks[0].pk], "page": "1"},
    )
    assert response.status_code == 302 and response["Location"] == "/curation/review?page=1"

    for doc in docs[:3]:  # one mention per place, however many items found it
        assert [(m.person, m.origin) for m in doc.mentions.all()] == [(kim, "curator")]
    already.refresh_from_db()
    assert (already.person, already.origin) == (pak, "curator")
    assert docs[4].mentions.get().person == pak
    decided = ReviewItem.objects.filter(pk__in=[i.pk for i in kims + paks])
    assert set(decided.values_list("decision", flat=True)) == {"accepted"}
    other.refresh_from_db()
    assert other.decision == "pending" and not docs[5].mentions.exists()
    changed = set(IndexChange.objects.order_by("pk")[logged:].values_list("document_id", flat=True))
    assert {d.pk for d in docs[:5]} <= changed
    assert [row["first"] for row in groups()] == [other.pk]


def test_bulk_reject_hides_the_group_for_good(docs, kim, pak):
    kims = [item(doc, "Kim Il", kim) for doc in docs[:2]]
    kept = item(docs[0], "Kim Il", pak)
    editor = member("editor")
    editor.post("/curation/review/groups", {"decision": "rejected", "group": [kims[0].pk]})

    assert {i.decision for i in ReviewItem.objects.filter(pk__in=[i.pk for i in kims])} == {
        "rejected"
    }
    assert not Mention.objects.exists()
    item(docs[3], "kim il", kim)  # enrichment proposes the pair again, in another document
    assert [row["first"] for row in groups()] == [kept.pk]
    html = editor.get("/curation/review").content.decode()
    assert len(rows(html)) == 1 and "Pak Song Chol" in html

    stale = editor.post(
        "/curation/review/groups", {"decision": "accepted", "group": [kims[1].pk]}, follow=True
    )
    assert "no longer pending" in stale.content.decode()
    assert not Mention.objects.exists()


def test_only_curators_with_the_right_may_decide(docs, kim):
    chosen = item(docs[0], "Kim Il", kim)
    data = {"decision": "accepted", "group": [chosen.pk]}
    assert member("contributor").post("/curation/review/groups", data).status_code == 403
    anonymous = Client().post("/curation/review/groups", data)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    editor = member("editor", enforce_csrf_checks=True)
    assert editor.post("/curation/review/groups", data).status_code == 403  # no CSRF token
    assert editor.get("/curation/review/groups", data).status_code == 405
    chosen.refresh_from_db()
    assert chosen.decision == "pending" and not Mention.objects.exists()


def test_bad_decisions_are_refused(docs, kim):
    chosen = item(docs[0], "Kim Il", kim)
    editor = member("editor")
    assert (
        editor.post("/curation/review/groups", {"decision": "x", "group": [chosen.pk]}).status_code
        == 400
    )
    assert (
        editor.post("/curation/review/groups", {"decision": "rejected", "group": ["x"]}).status_code
        == 400
    )
    chosen.refresh_from_db()
    assert chosen.decision == "pending"


def page_queries(client: Client, url: str = "/curation/review") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_however_long_the_list(docs, kim):
    editor = member("editor")
    people = Person.objects.bulk_create(
        Person(slug=f"person-{n}", name=f"Person {n}", key=f"person{n}") for n in range(130)
    )

    def propose(persons: list[Person]) -> None:
        ReviewItem.objects.bulk_create(
            ReviewItem(
                document=doc,
                block_order=0,
                start=KIM,
                end=KIM + 6,
                name="Kim Il",
                candidate=person,
                candidate_name=person.name,
                score=0.5,
                reason="fuzzy",
            )
            for person in persons
            for doc in docs[:3]
        )

    propose(people[:3])
    few = page_queries(editor)
    propose(people[3:])
    many = page_queries(editor)
    last = page_queries(editor, "/curation/review?page=3")
    assert many == few == last <= 12
    html = editor.get("/curation/review").content.decode()
    assert len(rows(html)) == 50 and "Page 1 of 3" in html


def test_the_migration_gives_stored_items_their_key(docs, kim):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("readingroom.authorities.migrations.0008_review_key")
    item(docs[0], "Mr. Kim Il Sung", kim)
    item(docs[1], "The Secretary", kim)
    ReviewItem.objects.update(key="")  # as the rows stood before the field
    migration.fill_keys(apps, None)
    keys = dict(ReviewItem.objects.values_list("name", "key"))
    assert keys == {"Mr. Kim Il Sung": "kim:ilsong", "The Secretary": "the secretary"}
