"""A transcript's labels link to the people they stand for, in context (issue 14, point 4).

"JFK" and "K" are initials, "President" an office, "Rusk" a surname: the import links none of
them out of context (no person called "Rusk" or "JFK"), and enrichment finds whom each stands
for in its document and volume and sets the block's speaker.
"""

from __future__ import annotations

from collections import Counter

import pytest

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Person
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block
from tests.frus_data import volume_path

pytestmark = [pytest.mark.frus, pytest.mark.django_db]


@pytest.fixture
def enriched(index_dir):
    report = import_paths([volume_path("frus1961-63v05"), volume_path("frus1964-68v17")])
    assert not report.rejections
    enrich_documents(pending())


def speakers(identifier: str) -> Counter[tuple[str, str | None]]:
    blocks = Block.objects.filter(document__identifier=identifier).exclude(speaker="")
    return Counter(
        (b.speaker, b.speaker_person.name if b.speaker_person else None)
        for b in blocks.select_related("speaker_person")
    )


def test_initials_offices_and_surnames_find_their_people(enriched):
    telcon = speakers("frus1961-63v05-d369")
    assert set(telcon) == {("JFK", "John F. Kennedy"), ("GWB", "George W. Ball")}
    kennedy_stevenson = speakers("frus1961-63v05-d4")
    assert ("S", "Adlai E. Stevenson") in kennedy_stevenson
    # "K" is Kennedy, named in the heading, though the text calls Khrushchev "K" too; this
    # volume lists two Kennedys, so the heading's bare "Kennedy" may leave it unresolved.
    assert {name for label, name in kennedy_stevenson if label == "K"} <= {"John F. Kennedy", None}
    meeting = speakers("frus1964-68v17-d75")
    assert meeting[("President", "Lyndon B. Johnson")] > 10
    assert meeting[("Rusk", "Dean Rusk")] > 10
    assert meeting[("Clifford", "Clark Clifford")] > 10


def test_no_label_becomes_a_person_of_its_own(enriched):
    labels = set(Block.objects.exclude(speaker="").values_list("speaker", flat=True))
    assert {"JFK", "GWB", "K", "S", "President", "Rusk"} <= labels
    named = set(Person.objects.filter(name__in=labels).values_list("name", flat=True))
    assert named <= {"Walt Rostow", "Clark Clifford"}, named  # full names only
