"""OAI-PMH metadataPrefix "tei": the document's whole TEI file, beside oai_dc."""

from __future__ import annotations

import pytest
from lxml import etree
from sickle import Sickle
from sickle.oaiexceptions import CannotDisseminateFormat, IdDoesNotExist

from readingroom.api.oai import ReadingRoomData
from readingroom.records.models import Document, Status
from tests.api.test_oai import PLANTED, VOLUME, load, make_draft, oai_ids
from tests.frus_data import volume_path

pytestmark = [pytest.mark.postgres]

TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = f"{{{TEI_NS}}}"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
TEI_XSD = "http://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd"


def tei_of(record) -> etree._Element:
    metadata = record.xml.find(f"{OAI}metadata")
    (root,) = list(metadata)
    return root


@pytest.mark.frus
@pytest.mark.django_db(transaction=True)
def test_a_harvester_gets_tei_for_exactly_the_public_records(
    live_server, seed_paths, index_dir, monkeypatch
):
    load([*seed_paths, volume_path(VOLUME)])
    docs = list(Document.objects.order_by("identifier"))
    make_draft(docs[0])
    Document.objects.filter(pk=docs[2].pk).update(status=Status.WITHDRAWN)
    monkeypatch.setattr(ReadingRoomData, "limit", 7)
    sickle = Sickle(f"{live_server.url}/oai")

    formats = {f.metadataPrefix: f for f in sickle.ListMetadataFormats()}
    assert set(formats) == {"oai_dc", "tei"}
    assert formats["tei"].schema == TEI_XSD
    assert formats["tei"].metadataNamespace == TEI_NS

    harvested = list(sickle.ListRecords(metadataPrefix="tei"))
    assert [r.header.identifier for r in harvested if r.deleted] == list(oai_ids([docs[2]]))
    records = [r for r in harvested if not r.deleted]
    public = Document.objects.public()
    assert {r.header.identifier for r in records} == oai_ids(public)
    assert all(PLANTED not in r.raw for r in records)
    for record in records:
        root = tei_of(record)
        assert root.tag == f"{TEI}TEI"
        identifier = record.header.identifier.removeprefix("oai:readingroom:")
        assert (
            root.findtext(f".//{TEI}titleStmt/{TEI}title")
            == public.get(identifier=identifier).title
        )
        assert root.find(f".//{TEI}body") is not None

    one = sickle.GetRecord(identifier=f"oai:readingroom:{docs[1].identifier}", metadataPrefix="tei")
    assert tei_of(one).findtext(f".//{TEI}titleStmt/{TEI}title") == docs[1].title
    assert docs[1].identifier in tei_of(one).findtext(f".//{TEI}idno[@type='URI']")
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier=f"oai:readingroom:{docs[0].identifier}", metadataPrefix="tei")
    with pytest.raises(CannotDisseminateFormat):
        sickle.GetRecord(identifier=f"oai:readingroom:{docs[1].identifier}", metadataPrefix="mods")
    with pytest.raises(CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))


@pytest.mark.django_db
def test_tei_record_matches_the_api_tei(client, seed_paths, index_dir):
    load(seed_paths)
    doc = Document.objects.public().order_by("identifier").first()
    response = client.get(
        "/oai",
        {
            "verb": "GetRecord",
            "identifier": f"oai:readingroom:{doc.identifier}",
            "metadataPrefix": "tei",
        },
    )
    root = etree.fromstring(response.content)
    (tei,) = list(root.find(f".//{OAI}metadata"))
    api = etree.fromstring(client.get(f"/api/v1/documents/{doc.identifier}/tei").content)
    assert unindented(tei.find(f"{TEI}text")) == unindented(api.find(f"{TEI}text"))
    assert tei.findtext(f".//{TEI}title") == api.findtext(f".//{TEI}title")


def unindented(element: etree._Element) -> bytes:
    """The element without the whitespace-only text the OAI envelope's indenting adds."""
    for node in element.iter():
        if node.text is not None and not node.text.strip():
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    return etree.tostring(element, method="c14n", exclusive=True)
