"""The derived data (related lists, meeting counts) follows the change log exactly.

Whatever sequence of changes a curator or an import makes, once the follower has applied the
log the stored data equals a recount from scratch: the same related lists, the same pairs per
bucket. Public state changes reach it too: a draft is taken out in the transaction that made
it one, an embargo ended by the calendar is counted the next day.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from itertools import combinations

import pytest
from django.core.management import call_command
from django.utils import timezone

from readingroom.authorities import derived
from readingroom.authorities.appearances import PRESENT, links
from readingroom.authorities.derived import applied_mark, follow
from readingroom.authorities.models import (
    DerivedDocument,
    DerivedMark,
    MeetingBucket,
    MeetingCount,
    MeetingWeight,
    Mention,
    Person,
    RelatedDocument,
)
from readingroom.authorities.related_lists import KEPT
from readingroom.records.changelog import log_change
from readingroom.records.models import Collection, Document, IndexChange, Participant, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


# ---------------------------------------------------------------- a recount from scratch


def recount() -> tuple[dict[int, list[tuple[int, int]]], Counter, Counter]:
    """Related lists, pair counts and weights, counted from every public document now."""
    docs = {d.pk: d for d in Document.objects.public().prefetch_related("collections")}
    people: dict[int, set[int]] = {}
    present: dict[int, set[int]] = {}
    for doc_id, person_id, kind in links(doc_ids=list(docs)):
        people.setdefault(doc_id, set()).add(person_id)
        if kind in PRESENT:
            present.setdefault(doc_id, set()).add(person_id)
    merged = set(Person.objects.exclude(merged_into=None).values_list("pk", flat=True))

    def rank(pk: int) -> tuple:
        return (docs[pk].date_start or date.max, docs[pk].identifier)

    lists = {}
    for pk, mine in people.items():
        shared = {o: len(mine & theirs) for o, theirs in people.items() if o != pk}
        best = sorted((o for o, n in shared.items() if n), key=lambda o: (-shared[o], rank(o)))
        lists[pk] = [(o, shared[o]) for o in best[:KEPT]]
    pairs: Counter = Counter()
    weights: Counter = Counter()
    for pk, doc in docs.items():
        met = sorted(present.get(pk, set()) - merged)
        start, end = doc.date_start, doc.date_end or doc.date_start
        span = (start.year if start else 0, end.year if end else 0)
        for collection in [0, *(c.pk for c in doc.collections.all())]:
            for key in ((collection, True, 0, 0), (collection, False, *span)):
                pairs.update((key, a, b) for a, b in combinations(met, 2))
                weights.update({(key, p): len(met) - 1 for p in met if len(met) > 1})
    return lists, pairs, weights


def stored() -> tuple[dict[int, list[tuple[int, int]]], Counter, Counter]:
    lists: dict[int, list[tuple[int, int]]] = {}
    for row in RelatedDocument.objects.order_by("document_id", "rank"):
        lists.setdefault(row.document_id, []).append((row.related_id, row.shared))
    keys = {
        b.pk: (b.collection_id, b.whole, b.first_year, b.last_year)
        for b in MeetingBucket.objects.all()
    }
    pairs = Counter(
        {
            (keys[r.bucket_id], r.person_a, r.person_b): r.documents
            for r in MeetingCount.objects.all()
        }
    )
    weights = Counter(
        {(keys[r.bucket_id], r.person_id): r.meetings for r in MeetingWeight.objects.all()}
    )
    return lists, pairs, weights


def assert_follows_the_archive() -> None:
    follow()
    lists, pairs, weights = recount()
    found_lists, found_pairs, found_weights = stored()
    assert found_lists == {pk: found for pk, found in lists.items() if found}
    assert found_pairs == pairs
    assert found_weights == weights
    assert not DerivedDocument.objects.exclude(stale=0).exists()


# ---------------------------------------------------------------- random curating


class Archive:
    """A small archive that a seeded sequence of random changes is made to."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = [Person.objects.create(name=f"Person {i}") for i in range(12)]
        self.volumes = [
            Collection.objects.create(key=f"vol-{i}", title=f"Volume {i}") for i in range(3)
        ]
        self.made = 0

    def document(self) -> None:
        rng, n = self.rng, self.made
        self.made += 1
        year = rng.choice([None, 1950, 1951, 1952])
        doc = Document.objects.create(
            identifier=f"doc-{n:03d}",
            title=f"Document {n}",
            status=rng.choice([Status.PUBLISHED] * 4 + [Status.DRAFT]),
            date_start=date(year, rng.randint(1, 12), 1) if year else None,
            date_end=date(year + 1, 1, 1) if year and rng.random() < 0.2 else None,
        )
        doc.collections.add(*rng.sample(self.volumes, rng.randint(0, 2)))
        for order, person in enumerate(rng.sample(self.people, rng.randint(0, 4))):
            Participant.objects.create(document=doc, order=order, name=person.name, person=person)
        for person in rng.sample(self.people, rng.randint(0, 2)):
            Mention.objects.create(
                document=doc, kind="person", start=0, end=1, text="x", person=person
            )

    def change(self) -> None:
        rng = self.rng
        doc = rng.choice(list(Document.objects.all()))
        what = rng.choice(["status", "date", "people", "drop", "merge", "delete"])
        if what == "status":
            doc.status = Status.DRAFT if doc.status == Status.PUBLISHED else Status.PUBLISHED
            doc.save()
        elif what == "date":
            doc.date_start = date(rng.choice([1949, 1950, 1953]), 6, 1)
            doc.save()
        elif what == "people":
            person = rng.choice(self.people)
            Participant.objects.create(document=doc, order=99, name=person.name, person=person)
        elif what == "drop":  # a bulk rewrite: it logs the document itself, as writers do
            Participant.objects.filter(pk__in=doc.participants.values("pk")[:1]).delete()
            log_change([doc.pk])
        elif what == "merge":
            source, target = rng.sample(self.people, 2)
            if source.merged_into_id is None and target.merged_into_id is None:
                source.merged_into = target
                source.save()  # logs the documents it appears in
        else:
            doc.delete()


@pytest.mark.parametrize(("seed", "chunk"), [(1, 1000), (2, 1000), (3, 1000), (4, 6), (5, 6)])
def test_the_stored_data_equals_a_recount_after_any_changes(seed, chunk, monkeypatch):
    # Small chunks: many transactions, and lists counted from what was loaded whole.
    monkeypatch.setattr(derived, "LOG_CHUNK", chunk)
    monkeypatch.setattr(derived, "LIST_CHUNK", chunk)
    archive = Archive(seed)
    for _ in range(25):
        archive.document()
    assert_follows_the_archive()
    for step in range(40):
        archive.change() if archive.rng.random() < 0.7 else archive.document()
        if step % 7 == 6:
            assert_follows_the_archive()
    assert_follows_the_archive()


def test_a_first_run_replays_the_whole_log():
    archive = Archive(4)
    for _ in range(15):
        archive.document()
    assert not DerivedMark.objects.exists()
    assert_follows_the_archive()
    assert applied_mark() == IndexChange.objects.latest("id").pk


def test_a_change_applied_between_chunks_is_not_counted_from_what_was_loaded(monkeypatch):
    monkeypatch.setattr(derived, "LIST_CHUNK", 3)
    people = [Person.objects.create(name=f"Person {i}") for i in range(3)]
    docs = [
        met_at(Document.objects.create(identifier=f"d{i}", title="T"), people) for i in range(9)
    ]
    while derived._apply_some() is not None:
        pass
    loaded: list = []
    assert derived._refresh_some(loaded)  # three lists counted from everything, loaded once
    docs[8].status = Status.DRAFT
    docs[8].save()  # another process takes a document out meanwhile
    while derived._refresh_some(loaded):
        pass
    assert not RelatedDocument.objects.filter(related_id=docs[8].pk).exists()
    assert_follows_the_archive()


# ---------------------------------------------------------------- what the public may see


def met_at(doc: Document, people: list[Person]) -> Document:
    for order, person in enumerate(people):
        Participant.objects.create(document=doc, order=order, name=person.name, person=person)
    return doc


def test_a_document_made_draft_leaves_the_counts_in_its_own_transaction():
    a, b, c = (Person.objects.create(name=n) for n in ("Ada", "Ben", "Cy"))
    talks = met_at(Document.objects.create(identifier="talks", title="Talks"), [a, b, c])
    other = met_at(Document.objects.create(identifier="other", title="Other"), [a, b])
    follow()
    assert MeetingCount.objects.filter(person_a=b.pk, person_b=c.pk).exists()
    talks.status = Status.DRAFT
    talks.save()  # no follower has run: the save itself took it out
    assert not MeetingCount.objects.filter(person_a=b.pk, person_b=c.pk).exists()
    assert not DerivedDocument.objects.filter(pk=talks.pk).exists()
    assert set(MeetingCount.objects.values_list("person_a", "person_b", "documents")) == {
        (a.pk, b.pk, 1)
    }
    assert_follows_the_archive()
    assert not RelatedDocument.objects.filter(related_id=talks.pk).exists()
    assert not RelatedDocument.objects.filter(document_id=other.pk).exists()


def test_an_embargo_ended_by_the_calendar_is_counted_the_next_day():
    a, b = (Person.objects.create(name=n) for n in ("Ada", "Ben"))
    today = timezone.localdate()
    held = Document.objects.create(
        identifier="held", title="Held", status=Status.EMBARGOED, embargo_until=today + timedelta(1)
    )
    met_at(held, [a, b])
    follow()
    assert not DerivedDocument.objects.filter(pk=held.pk).exists()
    # The embargo ends today with nothing logged; the follower last looked yesterday.
    Document.objects.filter(pk=held.pk).update(embargo_until=today)
    DerivedMark.objects.update(day=today - timedelta(1))
    follow()
    assert DerivedDocument.objects.filter(pk=held.pk).exists()
    assert MeetingCount.objects.filter(person_a=a.pk, person_b=b.pk, documents=1).exists()


# ---------------------------------------------------------------- who keeps it current


def latest_change() -> int:
    return IndexChange.objects.latest("id").pk


@pytest.mark.django_db(transaction=True)
def test_import_and_enrich_commands_leave_it_up_to_date(seed_paths, index_dir):
    call_command("import_records", *map(str, seed_paths))
    assert applied_mark() == latest_change()
    assert DerivedDocument.objects.count() == Document.objects.public().count() == 2
    doc = Document.objects.first()
    Participant.objects.create(
        document=doc, order=50, name="Zed", person=Person.objects.create(name="Zed")
    )
    assert applied_mark() < latest_change()
    call_command("enrich")
    assert applied_mark() == latest_change()
    assert_follows_the_archive()
