"""The delegation a participant list puts a person in (`ParticipantRecord.side`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from readingroom.ingest.frus.participants import participants
from readingroom.ingest.frus.tei import TEI_NS
from readingroom.ingest.runner import import_paths
from readingroom.records.contract import ParticipantRecord
from readingroom.records.models import Participant
from readingroom.records.snapshot import record_dict
from tests.builders import jsonl_record

LIST = f"""<list xmlns="{TEI_NS}" type="participants"><head>PARTICIPANTS</head>
<item><hi rend="italic">US</hi></item>
<item>President <persName corresp="#p_JLB1">Lyndon B. Johnson</persName></item>
<item>William D. Krimer, Interpreter, Department of State</item>
<item><hi rend="italic">State</hi></item>
<item>Mr. Foy D. Kohler, Deputy Under Secretary</item>
<item><hi rend="italic">USSR</hi></item>
<item>Chairman A. N. Kosygin</item>
</list>"""


def test_a_country_caption_is_the_side_of_the_people_after_it() -> None:
    found = participants(etree.fromstring(LIST))
    assert [(p.name, p.side) for p in found] == [
        ("President Lyndon B. Johnson", "US"),
        ("William D. Krimer", "US"),
        ("Mr. Foy D. Kohler", "US"),  # "State" is an agency: the side stays
        ("Chairman A. N. Kosygin", "USSR"),
    ]


def test_an_empty_side_is_left_out_so_older_records_keep_their_hash() -> None:
    assert record_dict(ParticipantRecord("A B", "Ambassador")) == {
        "name": "A B",
        "role": "Ambassador",
        "key": "",
    }
    assert record_dict(ParticipantRecord("A B", side="USSR"))["side"] == "USSR"


@pytest.mark.django_db
def test_json_lines_carry_the_side_and_refuse_a_wrong_one(tmp_path: Path) -> None:
    path = tmp_path / "sides.jsonl"
    bad = jsonl_record("bad-side", participants=[{"name": "X", "role": "", "key": "", "side": 5}])
    good = jsonl_record(
        "good-side", participants=[{"name": "Y Z", "role": "", "key": "", "side": "USSR"}]
    )
    path.write_text(f"{bad}\n{good}\n", encoding="utf-8")
    report = import_paths([path])
    assert [r.message for r in report.rejections] == [
        f"{path}, line 1: field 'participants[0].side': expected string, found integer"
    ]
    assert list(Participant.objects.values_list("name", "side")) == [("Y Z", "USSR")]
