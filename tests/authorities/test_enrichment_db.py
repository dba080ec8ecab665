"""Enrichment findings kept as records: who attended, roles with evidence, variants, names."""

from __future__ import annotations

import pytest

from readingroom.authorities.derived import follow
from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Attendance, Mention, Name, Person, PersonRole, Place
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from readingroom.search.service import search

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def enriched(seed_paths, index_dir) -> dict[str, Document]:
    import_paths(seed_paths)
    assert enrich_documents(pending()) == 2
    follow()  # as `readingroom enrich` does at its end: the pages' counts and lists
    return {
        "1959": Document.objects.get(date_start__year=1959),
        "1964": Document.objects.get(date_start__year=1964),
    }


def people(doc: Document, part: str) -> list[str]:
    rows = Attendance.objects.filter(document=doc, part=part).select_related("person")
    return [a.person.name for a in rows]


def test_who_was_there(enriched):
    meeting = enriched["1959"]
    assert people(meeting, "participant") == [
        "Mehmet Shehu",
        "Hysni Kapo",
        "Beqir Balluku",
        "Liri Belishova",
        "Spiro Koleka",
        "Haki Toska",
    ]
    assert set(people(meeting, "speaker")) == {"Enver Hoxha", "Choe Yong-geon"}
    assert people(meeting, "note_taker") == ["Haxhi Kroi"]
    assert people(meeting, "translator") == ["Enkel Daljani"]
    assert people(enriched["1964"], "note_taker") == ["Sadik Myftiu"]


def test_bracketed_role_is_a_dated_fact_with_evidence(enriched):
    role = PersonRole.objects.get(person__name="Gogo Nushi")
    assert role.role.startswith("Member of the Political Bureau of the ALP CC and President")
    assert role.date_start.isoformat() == "1964-05-07"
    block = role.document.blocks.get(order=role.block_order)
    assert block.text[role.start : role.end].startswith("[Member of the Political Bureau")


def test_alternate_spelling_becomes_a_name_and_is_searchable(enriched):
    choe = Person.objects.get(name="Choe Yong-geon")
    assert {"Choe Yong-geon", "Choe Yong Gon"} <= set(choe.names.values_list("text", flat=True))
    pak = Name.objects.get(text="Pak Jong Ae").person
    assert pak.name == "Pak Jeong-ae"
    assert [h.identifier for h in search("person:Pak Jong Ae").hits] == [
        enriched["1959"].identifier
    ]


def test_names_in_running_text_are_linked(enriched):
    found = Mention.objects.filter(document=enriched["1964"], origin="enrichment")
    assert found.filter(kind="person", person__name__contains="Khrushchev").count() >= 10
    pyongyang = found.filter(kind="place", text="Pyongyang")
    assert pyongyang.count() >= 3
    assert {m.place for m in pyongyang} == {Place.objects.get(name="Pyongyang")}
    assert not found.filter(text="Missile").exists()  # "Caribbean [Missile] Crisis"


def test_enriching_again_changes_nothing(enriched):
    counts = (Attendance.objects.count(), PersonRole.objects.count(), Mention.objects.count())
    Document.objects.update(enriched_hash="")
    assert enrich_documents(pending()) == 2
    again = (Attendance.objects.count(), PersonRole.objects.count(), Mention.objects.count())
    assert again == counts
    assert Person.objects.filter(name="Enver Hoxha").count() == 1


def test_person_pages_show_the_findings(enriched, client):
    nushi = client.get(Person.objects.get(name="Gogo Nushi").get_absolute_url()).content.decode()
    assert "Member of the Political Bureau of the ALP CC and President" in nushi
    assert "May 7, 1964" in nushi
    shehu = client.get(Person.objects.get(name="Mehmet Shehu").get_absolute_url()).content.decode()
    participated = shehu.split('id="participant-h"')[1].split("</section>")[0]
    assert "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon" in participated
    choe = client.get(Person.objects.get(name="Choe Yong-geon").get_absolute_url()).content.decode()
    assert "Choe Yong Gon" in choe


def test_abbreviations_resolve_through_the_glossary(enriched):
    found = Mention.objects.filter(document__in=enriched.values(), origin="enrichment")
    meaning = {m.text: str(m.organization or m.place or m.term) for m in found if m.text.isupper()}
    assert meaning["KWP"] == "Korean Workers' Party"
    assert meaning["ALP CC"] == "Central Committee of the Albanian Party of Labor"
    assert meaning["DPRK"] == "Democratic People's Republic of Korea"
