"""TEI export of one document: well-formed, text kept whole, speakers, insertions, names."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from rich.console import Console

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.frus]
TEI = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture
def archive(seed_paths, index_dir) -> None:
    import_paths([*seed_paths, volume_path("frus1961-63v06")], console=Console(file=io.StringIO()))


def tei_of(client, identifier: str) -> etree._Element:
    response = client.get(f"/api/v1/documents/{identifier}/tei")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/tei+xml")
    return etree.fromstring(response.content)


def test_every_public_document_exports_with_its_text_whole(client, archive):
    for doc in Document.objects.prefetch_related("blocks"):
        root = tei_of(client, doc.identifier)
        assert root.findtext(f".//{TEI}titleStmt/{TEI}title") == doc.title
        said = []  # (speaker, element) per block: a speech holds its turn's paragraphs
        for element in root.find(f".//{TEI}body"):
            if element.tag == f"{TEI}sp":
                speaker = element.findtext(f"{TEI}speaker")
                said += [(speaker, p) for p in element.findall(f"{TEI}p")]
            elif element.tag != f"{TEI}pb":
                said.append((None, element))
        blocks = [b for b in doc.blocks.all() if b.kind != "pagebreak"]
        assert len(said) == len(blocks)
        for (speaker, element), block in zip(said, blocks, strict=True):
            if speaker is not None:
                assert speaker == block.speaker
            assert "".join(element.itertext()) == block.text, doc.identifier


def test_speakers_insertions_and_names_are_marked(client, archive):
    seed = tei_of(client, Document.objects.get(date_start__year=1964).identifier)
    assert seed.find(f".//{TEI}sp/{TEI}speaker") is not None
    assert seed.find(f".//{TEI}supplied") is not None
    frus = Document.objects.filter(identifier__startswith="frus").order_by("identifier")
    marked = [tei_of(client, d.identifier).find(f".//{TEI}persName") for d in frus[:20]]
    assert any(name is not None and name.get("ref", "").startswith("#") for name in marked)


def test_a_draft_has_no_tei(client, archive):
    doc = Document.objects.order_by("identifier").first()
    doc.status = Status.DRAFT
    doc.save()
    hidden = client.get(f"/api/v1/documents/{doc.identifier}/tei")
    missing = client.get("/api/v1/documents/no-such-record/tei")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content.replace(doc.identifier.encode(), b"") == missing.content.replace(
        b"no-such-record", b""
    )
