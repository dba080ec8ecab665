"""Participants, record makers, and bracket insertions turned into facts."""

from __future__ import annotations

from readingroom.enrich.brackets import find_annotations
from readingroom.enrich.cast import Cast
from readingroom.enrich.linking import PersonIndex
from readingroom.enrich.people import bracket_facts, record_makers, role_after, role_before
from readingroom.records.contract import BlockRecord, CreditRecord, DocumentRecord
from readingroom.records.dates import parse_date


def _doc(*texts: str, credits: list[CreditRecord] | None = None) -> DocumentRecord:
    blocks = [BlockRecord("paragraph", t, annotations=find_annotations(t)) for t in texts]
    return DocumentRecord(
        "d1", title="T", date=parse_date("June 6, 1959"), blocks=blocks, credits=credits or []
    )


def test_appositive_roles() -> None:
    text = "Comrade Enver Hoxha, First Secretary of the ALP CC received at the offices"
    assert role_after(text, text.index(",")) == "First Secretary of the ALP CC"
    text = "accompanied by the Ambassador Extraordinaire of the DPRK to Albania, An Yong."
    assert (
        role_before(text, text.index("An Yong"))
        == "Ambassador Extraordinaire of the DPRK to Albania"
    )
    assert role_after("Liri Belishova, and", 14) == ""


def test_role_and_variant_facts_carry_evidence_and_date() -> None:
    doc = _doc(
        "Comrades [Member APL CC Politburo and CC Secretary] Hysni Kapo came.",
        "Comrade Choe Yong-geon [Choe Yong Gon] and Caribbean [Missile] Crisis.",
    )
    roles, variants = bracket_facts(doc, Cast(PersonIndex()))
    assert [(r.person, r.role, r.date.text) for r in roles] == [
        ("hysni-kapo", "Member APL CC Politburo and CC Secretary", "June 6, 1959")
    ]
    assert (roles[0].evidence.block, doc.blocks[0].text[roles[0].evidence.start]) == (0, "[")
    assert [(v.person, v.variant) for v in variants] == [("choe-yong-geon", "Choe Yong Gon")]


def test_note_taker_located_in_closer_translator_from_credits() -> None:
    doc = _doc(
        "Text.",
        credits=[
            CreditRecord("translated_by", "Enkel Daljani"),
            CreditRecord("note_taker", "Haxhi Kroi"),
        ],
    )
    doc.blocks.append(BlockRecord("closer", "Note taker,\nHaxhi Kroi"))
    found = {(a.part, a.name, a.evidence.block) for a in record_makers(doc, Cast(PersonIndex()))}
    assert found == {("translator", "Enkel Daljani", -1), ("note_taker", "Haxhi Kroi", 1)}
