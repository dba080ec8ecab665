"""Fields added to the record after files were written (`stored(later=True)`)."""

from __future__ import annotations

from readingroom.records.contract import LATER, DocumentRecord
from readingroom.records.snapshot import content_hash, parsed_from_snapshot, snapshot_from_parsed


def test_an_empty_later_field_leaves_the_content_hash_as_it_was() -> None:
    record = DocumentRecord("a-1", title="A report")
    snapshot = snapshot_from_parsed(record, ["vol-1"])
    before = {k: v for k, v in snapshot.items() if k not in LATER}  # as stored before them
    assert set(LATER) == {"associated_people", "associated_organizations", "texts", "scans"}
    assert content_hash(snapshot) == content_hash(before)
    labelled = snapshot | {"associated_people": ["Kim Il Sung"]}
    assert content_hash(labelled) != content_hash(snapshot)


def test_a_snapshot_written_before_a_later_field_reads_it_as_empty() -> None:
    record = DocumentRecord("a-1", title="A report", associated_people=["Kim Il Sung"])
    snapshot = snapshot_from_parsed(record, [])
    assert parsed_from_snapshot(snapshot).associated_people == ["Kim Il Sung"]
    old = {k: v for k, v in snapshot.items() if k not in LATER}
    assert parsed_from_snapshot(old).associated_people == []
