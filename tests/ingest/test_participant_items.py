"""Participants are people: captions, editors' notes and joined items (issue 14, point 3)."""

from __future__ import annotations

from lxml import etree

from readingroom.ingest.frus.participants import participants
from readingroom.ingest.frus.tei import TEI_NS


def _people(*items: str) -> list[tuple[str, str]]:
    xml = f'<list xmlns="{TEI_NS}">' + "".join(f"<item>{i}</item>" for i in items) + "</list>"
    return [(p.name, p.role) for p in participants(etree.fromstring(xml))]


def test_captions_are_not_people() -> None:
    assert _people(
        "United Kingdom",
        "Press Representatives",
        "Two Other Advisers",
        "Japan",
        "Americans",
        "Defense",
        "[Here follows the same list as Document 139.]",
        "Mr. Foy D. Kohler, Deputy Assistant Secretary",
    ) == [("Mr. Foy D. Kohler", "Deputy Assistant Secretary")]


def test_a_caption_on_the_person_s_line_is_not_the_name() -> None:
    assert _people(
        "State—Mr. Jacob D. Beam, Chairman",
        "Defense—Colonel Oscar R. Schaaf",
        "Member, House of Councillors, Kiichi Miyazawa",
    ) == [
        ("Mr. Jacob D. Beam", "Chairman"),
        ("Colonel Oscar R. Schaaf", ""),
        ("Kiichi Miyazawa", ""),
    ]


def test_two_people_in_one_item_are_two() -> None:
    assert _people("Secretary Rusk and Mr. Whitman", "Murray Snyder and Goodpaster") == [
        ("Secretary Rusk", ""),
        ("Mr. Whitman", ""),
        ("Murray Snyder", ""),
        ("Goodpaster", ""),
    ]
    assert _people("Japan and Korea") == []  # captions stay captions


def test_a_country_after_a_hyphen_is_the_role() -> None:
    assert _people("Ambassador Anatoliy F. Dobrynin-USSR", "Mr. Llewellyn-Davies") == [
        ("Ambassador Anatoliy F. Dobrynin", "USSR"),
        ("Mr. Llewellyn-Davies", ""),
    ]


def test_people_after_messrs_are_each_a_mister() -> None:
    assert _people("EE—Messrs. Freers and Blake", "CIA—Messrs. Colby, Smith and Gardner") == [
        ("Mr. Freers", "EE"),
        ("Mr. Blake", "EE"),
        ("Mr. Colby", "CIA"),
        ("Mr. Smith", "CIA"),
        ("Mr. Gardner", "CIA"),
    ]


def test_offices_alone_stay_participants_for_enrichment_to_resolve() -> None:
    assert _people("The Secretary", "The President") == [
        ("The Secretary", ""),
        ("The President", ""),
    ]
