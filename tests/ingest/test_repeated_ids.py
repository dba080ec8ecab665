"""A volume that repeats an `xml:id` imports whole, with a warning naming the id and the line.

Three FRUS volumes of the series repeat ids and used to be rejected whole by lxml's ID check.
The fixture is the frus1961-63v06 excerpt with a footnote id and a document id used twice
(tests/fixtures/frus/repeated_ids/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from bench.entity_gold import VolumeGold, gold_or_reason
from bench.search import load_corpus
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document
from tests.frus_data import EXCERPTS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

REPEATING = EXCERPTS / "repeated_ids" / "frus1961-63v06.xml"
WARNINGS = [
    f"{REPEATING}, line 448: xml:id 'd2fn1' (a <note>) repeats the one on line 444; imported as "
    "it is, so a link to this id may mean either",
    f"{REPEATING}, line 451: document xml:id 'd2' repeats the one on line 435; this document is "
    "stored as 'frus1961-63v06-d2-2'",
]


def counts(report) -> dict[str, int]:
    return {outcome.value: n for outcome, n in report.counts.items() if n}


def truncated(tmp_path: Path) -> Path:
    data = REPEATING.read_bytes()
    broken = tmp_path / "frus1961-63v05.xml"
    broken.write_bytes(data[: len(data) * 3 // 4])  # cut inside the documents
    return broken


def test_a_volume_repeating_ids_imports_whole_with_warnings(index_dir):
    report = import_paths([REPEATING])
    assert report.rejections == []
    assert counts(report) == {"created": 3}
    assert [w.message for w in report.warnings] == WARNINGS

    docs = {d.identifier: d for d in Document.objects.all()}
    assert sorted(docs) == ["frus1961-63v06-d1", "frus1961-63v06-d2", "frus1961-63v06-d2-2"]
    second = docs["frus1961-63v06-d2-2"]
    assert second.number == "3" and second.title.startswith("Message From Chairmen Khrushchev")
    assert second.record_id == docs["frus1961-63v06-d2"].record_id == "frus1961-63v06/d2"
    notes = docs["frus1961-63v06-d2"].blocks.filter(kind="footnote").order_by("order")
    assert [n.text for n in notes] == ["Document 1.", "Printed from an unsigned copy."]

    again = import_paths([REPEATING])  # the suffixed identifier is the same every time
    assert counts(again) == {"unchanged": 3}
    assert [w.message for w in again.warnings] == WARNINGS


def test_the_command_prints_the_warnings_and_rejects_nothing(index_dir, capsys):
    call_command("import_records", str(REPEATING))  # raises CommandError on any rejection
    out = capsys.readouterr()
    printed = [line for line in out.err.splitlines() if line.startswith(("warning", "rejected"))]
    assert printed == [f"warning: {message}" for message in WARNINGS]
    assert "3 created, 0 updated, 0 unchanged, 0 rejected, 2 warnings" in out.out


def test_the_search_benchmark_reports_a_rejected_file_and_goes_on(tmp_path, index_dir):
    broken = truncated(tmp_path)
    report = load_corpus([broken, REPEATING], seeds=[], copies=2)
    assert counts(report) == {"created": 6, "rejected": 1}
    (rejection,) = report.rejections
    assert rejection.path == str(broken) and "not well-formed XML" in rejection.message
    assert [w.message for w in report.warnings] == WARNINGS  # once, not once per copy
    assert Document.objects.filter(identifier="frus1961-63v06-d2-2-r1").exists()


def test_the_entity_benchmark_reads_the_volume_and_names_a_broken_one(tmp_path):
    found = gold_or_reason(REPEATING)
    assert isinstance(found, VolumeGold)
    assert sorted(found.participants) == [
        "frus1961-63v06-d1",
        "frus1961-63v06-d2",
        "frus1961-63v06-d2-2",
    ]
    reason = gold_or_reason(truncated(tmp_path))
    assert isinstance(reason, str) and reason.startswith(f"{tmp_path}/frus1961-63v05.xml, line ")
