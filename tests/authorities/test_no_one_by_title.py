"""A title or an office alone names nobody (issue 14): it never becomes a person, and never
one person collecting every other name that has no key of its own."""

from __future__ import annotations

import pytest

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.linking import VolumeLinker, person_for
from readingroom.authorities.models import Name, Person
from readingroom.enrich.namekeys import key_string, same_person
from readingroom.ingest.runner import import_paths
from readingroom.records.contract import PersonEntry

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TITLES = ("The Secretary", "The President", "The Under Secretary", "Director", "Ambassador")


def test_a_listed_surname_that_is_also_a_title_keeps_its_key():
    assert key_string("Lord, Winston") == key_string("Winston Lord") != ""
    assert same_person("Lord, Winston", "Winston Lord")


def test_titles_alone_are_no_one():
    linker = VolumeLinker(None)
    linker.load([PersonEntry("p_LW1", "Lord, Winston", "NSC Staff")], [])
    for title in TITLES:
        assert person_for(title, source="test") is None
        assert linker.person_named(title) is None
        assert linker.person_named(title, create=False) is None
    assert list(Person.objects.values_list("name", flat=True)) == ["Winston Lord"]


def test_enrichment_leaves_titled_participants_unresolved(tmp_path, index_dir):
    rows = [
        "identifier,title,date,participants,text",
        'm-1,Memorandum of Conversation,"June 1, 1965","The Secretary|The President|Dean Rusk",'
        '"The Secretary said that the President agreed with Mr. Rusk."',
        'm-2,Memorandum of Conversation,"June 2, 1965","The Under Secretary|Director",'
        '"The Under Secretary met the Director."',
    ]
    path = tmp_path / "memos.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_paths([path])
    enrich_documents(pending())
    assert not Person.objects.filter(key="").exists()
    assert not Name.objects.filter(text__in=TITLES).exists()
    assert Person.objects.filter(name="Dean Rusk").exists()


def test_a_name_read_but_chosen_for_nothing_is_no_one(tmp_path, index_dir):
    """ "Hong Kong" reads like a Chinese name; the place wins the span, and no person is left."""
    rows = [
        "identifier,title,date,text",
        'h-1,Telegram,"June 1, 1965","The consul in Hong Kong reported that Chou En-lai spoke."',
    ]
    path = tmp_path / "telegram.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    import_paths([path])
    enrich_documents(pending())
    assert not Person.objects.filter(name="Hong Kong").exists()
    assert Person.objects.filter(names__text="Chou En-lai").exists()
