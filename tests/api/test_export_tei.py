"""`readingroom export --format tei -o DIR`: one well-formed TEI file per document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree
from rich.console import Console

from readingroom.api.management.commands.export import Command as ExportCommand
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document, Status
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.frus]

VOLUME = "frus1961-63v06"
TEI = "{http://www.tei-c.org/ns/1.0}"
PLANTED = "Zqxwvteiexportword"


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    report = import_paths([*seed_paths, volume_path(VOLUME)], console=Console(file=io.StringIO()))
    assert not report.rejections


def export_tei(target: Path, *args: str) -> dict[str, etree._Element]:
    call_command(ExportCommand(), "--format", "tei", "-o", str(target), *args)
    return {path.name: etree.parse(str(path)).getroot() for path in target.glob("*.xml")}


def test_one_well_formed_file_per_document(archive, tmp_path):
    files = export_tei(tmp_path / "tei")
    docs = Document.objects.all()
    assert set(files) == {f"{d.identifier}.xml" for d in docs}
    for doc in docs:
        root = files[f"{doc.identifier}.xml"]
        assert root.tag == f"{TEI}TEI"
        assert root.findtext(f".//{TEI}titleStmt/{TEI}title") == doc.title
        assert root.findtext(f".//{TEI}idno[@type='URI']") == doc.get_absolute_url()


def test_public_leaves_drafts_out_and_base_url_makes_uris_absolute(archive, tmp_path):
    draft = Document.objects.order_by("identifier").first()
    block = draft.blocks.exclude(text="").first()
    Block.objects.filter(pk=block.pk).update(text=f"{block.text} {PLANTED}")
    draft.status = Status.DRAFT
    draft.save()
    target = tmp_path / "public"
    files = export_tei(target, "--public", "--base-url", "https://archive.example/")
    assert set(files) == {f"{d.identifier}.xml" for d in Document.objects.public()}
    assert f"{draft.identifier}.xml" not in files
    assert all(PLANTED.encode() not in p.read_bytes() for p in target.iterdir())
    some = next(iter(files.values()))
    assert some.findtext(f".//{TEI}idno[@type='URI']").startswith("https://archive.example/")
    everything = export_tei(tmp_path / "all")
    assert PLANTED in "".join(everything[f"{draft.identifier}.xml"].itertext())


def test_tei_needs_a_directory(archive):
    with pytest.raises(CommandError):
        call_command(ExportCommand(), "--format", "tei")
