"""Importing into the database: outcomes, revisions, idempotence, protection, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Annotation, Block, Document, IndexChange, Revision
from readingroom.records.serialize import document_snapshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def counts(report) -> dict[str, int]:
    return {outcome.value: n for outcome, n in report.counts.items() if n}


def test_seeds_import_then_reimport_is_unchanged(seed_paths, index_dir):
    assert counts(import_paths(seed_paths)) == {"created": 2}
    assert Revision.objects.count() == 2
    changes = IndexChange.objects.count()

    assert counts(import_paths(seed_paths)) == {"unchanged": 2}
    assert Revision.objects.count() == 2
    assert IndexChange.objects.count() == changes
    assert Document.objects.count() == 2


def test_stored_record_reads_back_as_its_revision_snapshot(seed_paths, index_dir):
    import_paths(seed_paths)
    for doc in Document.objects.all():
        revision = doc.revisions.get()
        stored = document_snapshot(doc)
        assert stored == revision.snapshot


def test_seed_blocks_and_annotations_are_stored(seed_paths, index_dir):
    import_paths(seed_paths)
    doc = Document.objects.get(title__contains="Choe Yong-geon")
    assert doc.date_start.isoformat() == "1959-06-06"
    assert doc.blocks.filter(kind="turn", speaker="Comrade Enver Hoxha").exists()
    alternate = Annotation.objects.get(block__document=doc, text="Choe Yong Gon")
    assert alternate.kind == "alternate"
    block = alternate.block
    assert block.text[alternate.start : alternate.end] == "[Choe Yong Gon]"
    assert {t.name for t in doc.types.all()} == {"Minutes of Conversation"}


def test_changed_file_updates_with_one_revision(seed_copies, index_dir):
    import_paths(seed_copies)
    path = seed_copies[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("small Albania", "little Albania"), encoding="utf-8")

    assert counts(import_paths(seed_copies)) == {"updated": 1, "unchanged": 1}
    doc = Document.objects.get(identifier="seed-" + path.stem)
    latest = doc.revisions.order_by("-number").first()
    assert latest.number == 2
    assert list(latest.changes) == ["blocks"]
    assert doc.version == 2
    assert Block.objects.filter(document=doc, text__contains="little Albania").exists()
    assert counts(import_paths(seed_copies)) == {"unchanged": 2}


def test_hand_edited_field_survives_reimport(seed_copies, index_dir):
    import_paths(seed_copies)
    path = seed_copies[1]
    doc = Document.objects.get(identifier="seed-" + path.stem)
    doc.title = "Corrected title"
    doc.edited_fields = ["title"]
    doc.save()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("They are very well.", "They are well."), encoding="utf-8")

    assert counts(import_paths(seed_copies)) == {"updated": 1, "unchanged": 1}
    doc.refresh_from_db()
    assert doc.title == "Corrected title"
    assert doc.blocks.filter(text__endswith="They are well.").exists()


def test_bad_files_are_rejected_and_the_batch_goes_on(seed_paths, tmp_path: Path, index_dir):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00")
    truncated = tmp_path / "truncated.txt"
    truncated.write_text(seed_paths[0].read_text(encoding="utf-8")[:3000], encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(seed_paths[1].read_text(encoding="utf-8").encode("cp1252", "replace"))
    bad = [empty, binary, truncated, latin1]

    report = import_paths([bad[0], seed_paths[0], *bad[1:], seed_paths[1]])

    assert counts(report) == {"created": 2, "rejected": 4}
    messages = {r.path: r.message for r in report.rejections}
    for path in bad:
        assert str(path) in messages[str(path)]
    assert "line" in messages[str(truncated)]
    assert Document.objects.count() == 2


def test_import_command_exits_non_zero_with_a_summary(seed_paths, tmp_path, index_dir, capsys):
    junk = tmp_path / "notes.md"
    junk.write_text("# not an archive page\n")
    with pytest.raises(CommandError) as failed:
        call_command("import_records", str(seed_paths[0]), str(junk))
    assert failed.value.returncode == 1
    out = capsys.readouterr()
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in out.out
    assert "notes.md" in out.err
