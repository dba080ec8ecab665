"""Events found on import and enrichment, on the seeds and on records written for the test."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from readingroom.api.management.commands.export import Command as ExportCommand
from readingroom.authorities.enrichment import pending
from readingroom.events.finding import find_events
from readingroom.events.models import Event, EventDocument, EventReference
from readingroom.events.public import by_side, public_accounts, public_participants
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document
from readingroom.search.service import search
from tests.builders import jsonl_record

pytestmark = pytest.mark.django_db

DOC_1959 = "seed-001_3f704298176807c3"


def _imported(*paths: Path) -> None:
    report = import_paths(list(paths))
    assert not report.rejections, [r.message for r in report.rejections]
    enrich_ids(pending())


def _jsonl(tmp_path: Path, name: str, *records: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def _turn(speaker: str, text: str) -> dict:
    return {"kind": "turn", "text": f"{speaker}: {text}", "speaker": speaker, "annotations": []}


def _paragraph(text: str) -> dict:
    return {"kind": "paragraph", "text": text, "speaker": "", "annotations": []}


KOREAN_MINUTES = jsonl_record(
    "kcna-1959-06-06",
    title="Record of the talk of Comrade Choe Yong-geon with Comrade Enver Hoxha",
    date={"text": "June 6, 1959", "start": "1959-06-06", "end": "1959-06-06", "precision": "day"},
    types=["Record of Conversation"],
    participants=[
        {"name": "Choe Yong-geon", "role": "", "key": ""},
        {"name": "Enver Hoxha", "role": "", "key": ""},
    ],
    blocks=[
        _paragraph("The delegation of the DPRK was received in Tirana."),
        _turn("Choe Yong-geon", "We thank the Albanian comrades for their welcome."),
        _turn("Enver Hoxha", "Our peoples are fighting the same fight."),
    ],
)


def test_the_seeds_become_events_with_their_participants(seed_paths: list[Path]) -> None:
    _imported(*seed_paths)
    assert Event.objects.count() == 2
    event = Event.objects.get(accounts__document__identifier=DOC_1959)
    assert (event.kind, event.date_start.isoformat()) == ("conversation", "1959-06-06")
    names = {p.name for p in public_participants(event)}
    assert {"Enver Hoxha", "Choe Yong-geon", "Mehmet Shehu"} <= names
    sides = dict(by_side(public_participants(event)))
    assert "Mehmet Shehu" in {p.name for p in sides["Albania"]}


def test_the_other_sides_record_of_the_1959_meeting_joins_the_seeds_event(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    _imported(*seed_paths)
    event = Event.objects.get(accounts__document__identifier=DOC_1959)
    _imported(_jsonl(tmp_path, "korean.jsonl", KOREAN_MINUTES))
    joined = EventDocument.objects.get(document__identifier="kcna-1959-06-06")
    assert joined.event == event and joined.status == "linked"
    assert joined.relation == "record" and joined.evidence == "match"
    accounts = {a.document.identifier for a in public_accounts(event)}
    assert accounts == {DOC_1959, "kcna-1959-06-06"}
    assert Event.objects.count() == 2  # no event of its own
    sides = {side: {p.name for p in people} for side, people in by_side(public_participants(event))}
    assert "Enver Hoxha" in sides["Albania"] and "Choe Yong-geon" in sides["North Korea"]
    found = search(f"event:{event.slug}")
    assert {hit.identifier for hit in found.hits} == {DOC_1959, "kcna-1959-06-06"}
    assert {hit.identifier for hit in search("type:meeting").hits} >= {DOC_1959, "kcna-1959-06-06"}


def test_running_again_changes_nothing(seed_paths: list[Path], tmp_path: Path) -> None:
    _imported(*seed_paths, _jsonl(tmp_path, "korean.jsonl", KOREAN_MINUTES))
    before = sorted(EventDocument.objects.values_list("event_id", "document_id", "relation"))
    find_events(Document.objects.values_list("pk", flat=True))
    _imported(*seed_paths, _jsonl(tmp_path, "korean.jsonl", KOREAN_MINUTES))
    assert (
        sorted(EventDocument.objects.values_list("event_id", "document_id", "relation")) == before
    )
    assert Event.objects.count() == 2


def _telegram(identifier: str, day: str, text: str) -> str:
    return jsonl_record(
        identifier,
        title=f"Telegram {identifier}",
        date={"text": day, "start": day, "end": day, "precision": "day"},
        types=["Telegram"],
        blocks=[_paragraph(text)],
    )


def test_a_report_joins_on_a_strong_match_and_a_doubtful_one_waits(tmp_path: Path) -> None:
    talk = jsonl_record(
        "memcon-1961",
        title="Memorandum of Conversation",
        date={
            "text": "October 6, 1961",
            "start": "1961-10-06",
            "end": "1961-10-06",
            "precision": "day",
        },
        types=["Memorandum of Conversation"],
        participants=[{"name": n, "role": "", "key": ""} for n in ("Dean Rusk", "Andrei Gromyko")],
        blocks=[_paragraph("The Secretary and the Foreign Minister discussed Berlin.")],
    )
    strong = _telegram(
        "report-strong",
        "1961-10-06",
        "In my conversation with Andrei Gromyko today, Dean Rusk raised Berlin.",
    )
    weak = _telegram(
        "report-weak", "1961-10-07", "Dean Rusk and Andrei Gromyko are both expected in Geneva."
    )
    _imported(_jsonl(tmp_path, "talks.jsonl", talk, strong, weak))
    event = Event.objects.get(accounts__document__identifier="memcon-1961")
    linked = EventDocument.objects.get(document__identifier="report-strong")
    assert (linked.event, linked.status, linked.relation) == (event, "linked", "report")
    waiting = EventDocument.objects.get(document__identifier="report-weak")
    assert (waiting.event, waiting.status) == (event, "proposed")
    assert "reports a meeting" in linked.note and linked.passage == 0


def test_an_editors_note_joins_two_records_whichever_comes_first(tmp_path: Path) -> None:
    def memcon(number: str, note: str, people: list[str], time: str) -> str:
        return jsonl_record(
            f"vol-d{number}",
            title="Memorandum of Conversation",
            number=number,
            date={
                "text": f"May 5, 1959, {time}",
                "start": "1959-05-05",
                "end": "1959-05-05",
                "precision": "day",
            },
            types=["Memorandum of Conversation"],
            participants=[{"name": n, "role": "", "key": ""} for n in people],
            source={
                "text": note,
                "archive": "",
                "archive_abbr": "",
                "fonds": "",
                "file": "",
                "volume": "",
            },
            blocks=[_paragraph("The conversation turned to Berlin.")],
        )

    second = memcon(
        "12",
        "Source: Files. For a memorandum of another part of the conversation, see Document 11.",
        ["Dean Rusk", "Andrei Gromyko"],
        "3 p.m.",
    )
    _imported(_jsonl(tmp_path, "vol.jsonl", second))
    assert EventReference.objects.filter(number="11").exists()
    first = memcon("11", "Source: Files. Secret.", ["Christian Herter", "Selwyn Lloyd"], "10 a.m.")
    _imported(_jsonl(tmp_path, "vol.jsonl", second, first))
    events = {row.event_id for row in EventDocument.objects.filter(status="linked")}
    assert len(events) == 1
    note = EventDocument.objects.get(document__identifier="vol-d11")
    assert note.relation == "record"


def test_the_public_events_export_as_json_lines(seed_paths: list[Path]) -> None:
    _imported(*seed_paths)
    Document.objects.filter(identifier=DOC_1959).update(status="draft")
    out = io.StringIO()
    call_command(ExportCommand(), "--format", "events", "--base-url", "https://x.org", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["date"]["start"] for line in lines] == ["1964-05-07"]  # the 1959 one is a draft's
    assert lines[0]["url"].startswith("https://x.org/events/")
    assert {a["identifier"] for a in lines[0]["accounts"]} == {"seed-000_1068440e2b6c39f3"}
