"""enrich() on a seed page and on a FRUS-like document."""

from __future__ import annotations

from pathlib import Path

from readingroom.enrich.linking import PersonIndex, person_authority
from readingroom.enrich.pipeline import enrich
from readingroom.ingest.seedpage import SeedPageImporter
from readingroom.records.contract import BlockRecord, DocumentRecord, ParticipantRecord
from readingroom.records.dates import parse_date

SEED = Path(__file__).resolve().parents[2] / "sample_data/seeds/001_3f704298176807c3.txt"


def test_seed_page_enrichment() -> None:
    document = next(SeedPageImporter().parse(SEED).documents)
    result = enrich(document)
    assert result.speakers() == ["enver-hoxha", "choe-yong-geon"]
    assert any(t.continued and t.person == "choe-yong-geon" for t in result.turns)
    parts = {(a.name, a.part) for a in result.attendance}
    assert ("Liri Belishova", "participant") in parts and ("Haxhi Kroi", "note_taker") in parts
    assert ("Enkel Daljani", "translator") in parts
    kapo = next(r for r in result.roles if r.person == "hysni-kapo")
    assert (
        kapo.role == "Member APL CC Politburo and CC Secretary" and kapo.date.text == "June 6, 1959"
    )
    assert {(v.name, v.variant) for v in result.variants} == {
        ("Choe Yong-geon", "Choe Yong Gon"),
        ("Pak Jeong-ae", "Pak Jong Ae"),
    }
    assert {d.term for d in result.definitions} == {"APL", "CC"}
    assert not any(m.text == "Missile" for m in result.mentions)


def test_frus_participants_and_persons_list() -> None:
    known = [person_authority("p_KFD1", "Kohler, Foy D.", "Deputy Assistant Secretary")]
    document = DocumentRecord(
        "v-d1",
        title="Memorandum of Conversation",
        date=parse_date("May 1, 1959"),
        blocks=[BlockRecord("paragraph", "Kohler said that Gromyko would come to Washington.")],
        participants=[ParticipantRecord("Mr. Foy D. Kohler", "Deputy Assistant Secretary")],
    )
    result = enrich(document, known)
    assert [(a.person, a.role) for a in result.attendance] == [
        ("p_KFD1", "Deputy Assistant Secretary")
    ]
    found = {(m.text, m.key) for m in result.mentions}
    assert ("Kohler", "p_KFD1") in found and ("Gromyko", "andrei-gromyko") in found
    assert ("Washington", "washington") in found


def test_the_record_s_labels_are_mentions_of_the_record() -> None:
    """An archive's export labels a record with people, places and organizations."""
    document = DocumentRecord(
        "d-1",
        title="Report",
        places=["DPRK", "Vlora"],
        associated_people=["Kim Il Sung", "The Secretary"],
        associated_organizations=["KWP", "Leon Levy Foundation"],
        blocks=[BlockRecord("paragraph", "Nothing here names them.")],
    )
    labels = [m for m in enrich(document, PersonIndex(curated=True)).mentions if m.block == -1]
    found = {(m.kind, m.text): m.key for m in labels}
    assert found[("person", "Kim Il Sung")] == "kim-il-sung"  # the curated list's
    assert ("person", "The Secretary") not in found  # an office alone names nobody
    assert found[("place", "DPRK")] == "north-korea" and found[("place", "Vlora")] == "vlora"
    assert found[("organization", "KWP")] == "kwp"
    assert found[("organization", "Leon Levy Foundation")] == "leon-levy-foundation"
