"""A bad record gets its own answer (file, line, field); the rest of its file and batch go on.

And a failure of the storage itself (a full disk) takes back the whole file it happened in.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.db import connection
from rich.console import Console

from readingroom.ingest.report import LISTED_PER_FILE
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Collection, Document, IndexChange, Revision
from tests.ingest.test_identifiers import jsonl_record

pytestmark = [pytest.mark.django_db(transaction=True)]


def quiet_import(paths: list[Path]):
    return import_paths(paths, console=Console(file=io.StringIO()))


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def messages(report) -> str:
    return "\n".join(r.message for r in report.rejections)


def block(text: object) -> dict:
    return {"kind": "paragraph", "text": text, "speaker": "", "n": "", "anchor": None,
            "annotations": [], "mentions": []}  # fmt: skip


DEEP = '{"identifier": "deep", "title": "T", "blocks": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.mark.postgres
def test_jsonl_type_errors_reject_their_line_and_the_batch_goes_on(tmp_path, index_dir):
    good = [jsonl_record(f"r-{i}") for i in range(120)]
    bad = [
        jsonl_record("bad-type", types=[1]),
        jsonl_record("bad-collection", collections=[{"a": 1}]),
        DEEP,
        jsonl_record("bad-block", blocks=[block(5)]),
        jsonl_record("bad-date", date={"text": [], "start": 3, "end": None, "precision": "day"}),
        jsonl_record("bad-credit", credits=[{"role": "editor", "name": None}]),
        '{"identifier": "huge", "number": ' + "9" * 5000 + "}",
    ]
    first = write(tmp_path / "first.jsonl", good[:100] + bad + good[100:])
    second = write(tmp_path / "second.csv", ["identifier,title", "next-1,The next file"])

    report = quiet_import([first, second])

    assert report.counts["created"] == 121 and report.counts["rejected"] == len(bad)
    assert Document.objects.filter(identifier="next-1").exists()
    assert not Document.objects.filter(identifier__startswith="bad").exists()
    text = messages(report)
    assert f"{first}, line 101: field 'types[0]': expected string, found integer" in text
    assert f"{first}, line 102: field 'collections[0]': expected string, found object" in text
    assert f"{first}, line 103: " in text and "nested too deeply" in text
    assert f"{first}, line 104: field 'blocks[0].text': expected string, found integer" in text
    assert f"{first}, line 105: field 'date.text': expected string, found list" in text
    assert "field 'date.start': expected a date as YYYY-MM-DD or null, found integer" in text
    assert f"{first}, line 106: field 'credits[0].name': expected string, found null" in text
    assert f"{first}, line 107: not readable JSON (Exceeds the limit" in text
    assert "Traceback" not in text


def turn(speaker: str, role_target: str = "") -> dict:
    role = {"kind": "role", "start": 0, "end": 1, "text": "x", "target": role_target}
    return block("Yes.") | {
        "kind": "turn",
        "speaker": speaker,
        "annotations": [role] if role_target else [],
    }


@pytest.mark.postgres
def test_a_record_refused_while_stored_takes_nothing_of_the_next_with_it(tmp_path, index_dir):
    """The first record creates its speaker, then fails on a value too long: the second,
    naming the same speaker, must not point at the person rolled back with the first."""
    lines = [
        jsonl_record("a-1", blocks=[turn("Zed Newperson", role_target="t" * 301)]),
        jsonl_record("a-2", blocks=[turn("Zed Newperson")]),
    ]
    path = write(tmp_path / "speakers.jsonl", lines)
    report = quiet_import([path])
    assert report.counts["created"] == 1 and report.counts["rejected"] == 1, messages(report)
    assert f"{path}, line 1, record a-1: could not be saved (annotation target" in messages(report)
    doc = Document.objects.get()
    assert doc.identifier == "a-2"
    assert doc.blocks.get().speaker_person.name == "Zed Newperson"


CSV_HEADER = "identifier,title,date_start,status,credits"


@pytest.mark.postgres
def test_bad_csv_rows_are_rejected_one_by_one_with_every_problem(tmp_path, index_dir):
    path = write(
        tmp_path / "rows.csv",
        [
            CSV_HEADER,
            "ok-1,Fine,1959-01-01,draft,editor: A. B.",
            "bad-1,Bad date,1959-02-30,,",
            "bad-2,Two problems,,secret,Somebody",
            "ok-2,Fine too,,,",
            "bad-3,,,,",
        ],
    )
    report = quiet_import([path])
    assert report.counts["created"] == 2 and report.counts["rejected"] == 3
    assert set(Document.objects.values_list("identifier", flat=True)) == {"ok-1", "ok-2"}
    text = messages(report)
    assert f"{path}, line 3: row 3, column 'date_start': expected a date" in text
    (two,) = [r.message for r in report.rejections if "line 4:" in r.message]
    assert two.startswith(f"{path}, line 4: row 4, column 'credits': expected 'role: name'")
    assert "; column 'status': expected one of draft, published" in two
    assert f"{path}, line 6: row 6, column 'title': is empty" in text


@pytest.mark.postgres
def test_a_file_lists_its_problems_up_to_a_cap_with_a_count_of_the_rest(tmp_path, index_dir):
    bad = [f"bad-{i},T,not-a-date,," for i in range(LISTED_PER_FILE + 7)]
    path = write(tmp_path / "many.csv", [CSV_HEADER, *bad, "ok-1,Fine,,,"])
    report = quiet_import([path])
    assert report.counts["rejected"] == LISTED_PER_FILE + 7 and report.counts["created"] == 1
    listed = [r for r in report.rejections if r.path == str(path)]
    assert len(listed) == LISTED_PER_FILE + 1
    assert f"{path}: 7 more rejected records not listed" in listed[-1].message


@pytest.mark.postgres
def test_duplicate_identifiers_in_one_file_name_the_identifier_and_both_lines(tmp_path, index_dir):
    rows = ["identifier,title", "dup-1,First", "other,Other", "dup-1,Second"]
    csv_path = write(tmp_path / "dup.csv", rows)
    lines = [jsonl_record(f"j-{i}") for i in range(70)]
    lines[65] = jsonl_record("j-3", title="Later")  # after a commit batch, not beside it
    lines[4] = jsonl_record("j-1", title="Beside")  # in the same batch
    jsonl_path = write(tmp_path / "dup.jsonl", lines)

    report = quiet_import([csv_path, jsonl_path])

    assert report.counts["rejected"] == 3 and report.counts["created"] == 2 + 68
    assert Document.objects.get(identifier="dup-1").title == "First"
    assert Document.objects.get(identifier="j-3").title == "Title j-3"
    text = messages(report)
    assert f"{csv_path}, line 4: identifier 'dup-1' is already used on line 2" in text
    assert f"{jsonl_path}, line 66: identifier 'j-3' is already used on line 4" in text
    assert f"{jsonl_path}, line 5: identifier 'j-1' is already used on line 2" in text
    assert "UNIQUE constraint" not in text


@pytest.fixture
def disk_headroom():
    """Let the test database grow by only so many pages: SQLite then answers "database or disk
    is full", as it does on a full disk."""

    def limit(pages: int) -> int:
        """Cap the growth; returns the bytes that fit, free pages (earlier tests') included."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA page_count")
            (count,) = cursor.fetchone()
            cursor.execute("PRAGMA freelist_count")
            (free,) = cursor.fetchone()
            cursor.execute("PRAGMA page_size")
            (size,) = cursor.fetchone()
            cursor.execute(f"PRAGMA max_page_count = {count + pages}")
        return (free + pages) * size

    yield limit
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count = 4294967294")


def test_a_full_disk_rolls_back_the_whole_file_and_the_next_file_imports(
    tmp_path, index_dir, disk_headroom
):
    assert connection.vendor == "sqlite"
    room = disk_headroom(80)
    body = "A long paragraph of the minutes. " * 100
    many = 2 * room // len(body) + 10  # twice what fits, whatever earlier tests freed
    records = [jsonl_record(f"big-{i}", blocks=[block(f"{i} {body}")]) for i in range(many)]
    collection = json.dumps({"collection": {"key": "big-volume", "title": "Big"}})
    big = write(tmp_path / "big.jsonl", [collection, *records])
    small = write(tmp_path / "small.csv", ["identifier,title,text", "small-1,Small,Short."])

    report = quiet_import([big, small])

    (rejection,) = report.rejections
    assert rejection.path == str(big)
    assert "database or disk is full" in rejection.message
    assert "nothing of this file was stored" in rejection.message
    assert report.counts["rejected"] == 1 and report.counts["created"] == 1
    assert list(Document.objects.values_list("identifier", flat=True)) == ["small-1"]
    assert not Collection.objects.exists()
    assert Revision.objects.count() == 1 and IndexChange.objects.count() == 1


@pytest.mark.postgres
def test_csv_import_reverses_formula_neutralization(tmp_path, index_dir):
    header = "identifier,title,summary,types,rights,classification,record_id,number,text"
    row = "f-1,'=HYPERLINK(\"http://x\"),'+1 more,'@home|'-b,'-5 years,'plain,','\t7,\"'=A\n\nB\""
    path = write(tmp_path / "formulas.csv", [header, row])
    report = quiet_import([path])
    assert not report.rejections, messages(report)
    doc = Document.objects.get(identifier="f-1")
    assert doc.title == '=HYPERLINK("http://x")' and doc.summary == "+1 more"
    assert sorted(t.name for t in doc.types.all()) == ["'-b", "@home"]
    assert doc.rights == "-5 years" and doc.classification == "'plain"
    assert doc.record_id == "'" and doc.number == "7"
    assert [b.text for b in doc.blocks.all()] == ["=A", "B"]
