"""OAI-PMH 2.0 at /oai: a real harvester gets exactly the public records; every error code."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree
from rich.console import Console
from sickle import Sickle
from sickle.oaiexceptions import IdDoesNotExist

from readingroom.api.oai import ReadingRoomData
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Document, Status
from tests.frus_data import volume_path

pytestmark = [pytest.mark.postgres]

VOLUME = "frus1961-63v06"
PLANTED = "Zqxwvplantedword"
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def load(paths) -> None:
    report = import_paths(paths, console=Console(file=io.StringIO()))
    assert not report.rejections


def make_draft(doc: Document, status: str = Status.DRAFT) -> None:
    block = doc.blocks.exclude(text="").first()
    Block.objects.filter(pk=block.pk).update(text=f"{block.text} {PLANTED}")
    doc.title = f"{doc.title} {PLANTED}"
    doc.status, doc.embargo_until = status, ("2999-01-01" if status == Status.EMBARGOED else None)
    doc.save()


def oai_ids(docs) -> set[str]:
    return {f"oai:readingroom:{d.identifier}" for d in docs}


@pytest.mark.frus
@pytest.mark.django_db(transaction=True)
def test_a_harvester_gets_exactly_the_public_records(
    live_server, seed_paths, index_dir, monkeypatch
):
    load([*seed_paths, volume_path(VOLUME)])
    docs = list(Document.objects.order_by("identifier"))
    make_draft(docs[0])
    make_draft(docs[-1], Status.EMBARGOED)
    Document.objects.filter(pk=docs[2].pk).update(status=Status.WITHDRAWN)
    monkeypatch.setattr(ReadingRoomData, "limit", 7)  # several pages, several tokens
    sickle = Sickle(f"{live_server.url}/oai")
    harvested = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert [r.header.identifier for r in harvested if r.deleted] == list(oai_ids([docs[2]]))
    records = [r for r in harvested if not r.deleted]
    public = Document.objects.public()
    assert len(records) == public.count() > 7
    assert {r.header.identifier for r in records} == oai_ids(public)
    assert all(PLANTED not in r.raw for r in records)
    volume = next(s.setSpec for s in sickle.ListSets())
    in_set = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set=volume)}
    in_set -= oai_ids([docs[2]])
    assert in_set == oai_ids(public.filter(collections__key=volume))
    one = sickle.GetRecord(
        identifier=f"oai:readingroom:{docs[1].identifier}", metadataPrefix="oai_dc"
    )
    assert one.metadata["title"] == [docs[1].title]
    for hidden in (docs[0], docs[-1]):
        with pytest.raises(IdDoesNotExist):
            sickle.GetRecord(
                identifier=f"oai:readingroom:{hidden.identifier}", metadataPrefix="oai_dc"
            )


def xml(client, **params) -> etree._Element:
    response = client.get("/oai", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error_code(client, **params) -> str:
    return xml(client, **params).find(f"{OAI}error").get("code")


@pytest.fixture
def seeds(db, seed_paths, index_dir) -> list[Document]:
    load(seed_paths)
    return list(Document.objects.order_by("identifier"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "yesterday"},
            "badArgument",
        ),
        (
            {
                "verb": "ListIdentifiers",
                "metadataPrefix": "oai_dc",
                "from": "2020-01-01",
                "until": "2030-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "!!not-a-token!!"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "abc"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": "oai:readingroom:nope", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1990-01-01"},
            "noRecordsMatch",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no-such-set"},
            "noRecordsMatch",
        ),
    ],
)
def test_error_codes(client, seeds, params, code):
    assert error_code(client, **params) == code


@pytest.mark.django_db
def test_repeated_argument_is_bad(client, seeds):
    response = client.get("/oai?verb=Identify&verb=Identify")
    assert b'code="badArgument"' in response.content


@pytest.mark.django_db
def test_identify_and_day_granularity_windows(client, seeds):
    ident = xml(client, verb="Identify").find(f"{OAI}Identify")
    assert ident.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert ident.findtext(f"{OAI}earliestDatestamp").endswith("Z")
    today = timezone.now().date()
    root = xml(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=str(today))
    headers = root.iter(f"{OAI}header")
    stamps = [h.findtext(f"{OAI}datestamp") for h in headers]
    assert len(stamps) == 2 and all(len(s) == 20 and s.endswith("Z") for s in stamps)
    tomorrow = str(today + timedelta(days=1))
    assert (
        error_code(client, verb="ListRecords", metadataPrefix="oai_dc", **{"from": tomorrow})
        == "noRecordsMatch"
    )
    exact = stamps[0]
    root = xml(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=exact, **{"from": exact}
    )
    assert len(list(root.iter(f"{OAI}header"))) >= 1


@pytest.mark.django_db
def test_hidden_record_is_the_same_error_as_a_missing_one(client, seeds):
    make_draft(seeds[0])

    def message(identifier: str) -> str:
        return (
            xml(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
            .find(f"{OAI}error")
            .text
        )

    assert message(f"oai:readingroom:{seeds[0].identifier}") == message("oai:readingroom:nope")
    for verb in ("ListRecords", "ListIdentifiers"):
        body = client.get("/oai", {"verb": verb, "metadataPrefix": "oai_dc"}).content.decode()
        assert PLANTED not in body and seeds[0].identifier not in body


@pytest.mark.django_db
def test_markup_in_a_title_is_escaped(client, seeds):
    doc = seeds[1]
    doc.title = 'Tom & Jerry <script>alert("x")</script>'
    doc.save()
    root = xml(
        client,
        verb="GetRecord",
        identifier=f"oai:readingroom:{doc.identifier}",
        metadataPrefix="oai_dc",
    )
    title = root.find(".//{http://purl.org/dc/elements/1.1/}title")
    assert title.text == doc.title


def headers_by_id(root: etree._Element) -> dict[str, etree._Element]:
    return {h.findtext(f"{OAI}identifier"): h for h in root.iter(f"{OAI}header")}


@pytest.mark.django_db
def test_withdrawn_records_are_persistent_tombstones(client, seeds):
    withdrawn, draft = seeds
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    make_draft(draft)
    gone = oai_ids([withdrawn]).pop()
    ident = xml(client, verb="Identify").find(f"{OAI}Identify")
    assert ident.findtext(f"{OAI}deletedRecord") == "persistent"

    listed = headers_by_id(xml(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))
    assert list(listed) == [gone] and listed[gone].get("status") == "deleted"
    assert listed[gone].findtext(f"{OAI}datestamp").endswith("Z")

    records = xml(client, verb="ListRecords", metadataPrefix="oai_dc").findall(f".//{OAI}record")
    assert len(records) == 1
    assert records[0].find(f"{OAI}header").get("status") == "deleted"
    assert records[0].find(f"{OAI}metadata") is None

    one = xml(client, verb="GetRecord", identifier=gone, metadataPrefix="oai_dc")
    record = one.find(f".//{OAI}record")
    assert record.find(f"{OAI}header").get("status") == "deleted"
    assert record.find(f"{OAI}metadata") is None and withdrawn.title not in str(one)


@pytest.mark.django_db
def test_tombstones_beside_public_records_and_hidden_drafts(client, seeds):
    withdrawn, public = seeds
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save()
    root = xml(client, verb="ListRecords", metadataPrefix="oai_dc")
    statuses = {
        r.findtext(f"{OAI}header/{OAI}identifier"): (
            r.find(f"{OAI}header").get("status"),
            r.find(f"{OAI}metadata") is not None,
        )
        for r in root.iter(f"{OAI}record")
    }
    assert statuses == {
        oai_ids([withdrawn]).pop(): ("deleted", False),
        oai_ids([public]).pop(): (None, True),
    }
    for status in (Status.DRAFT, Status.EMBARGOED):
        make_draft(public, status)
        hidden = oai_ids([public]).pop()
        assert error_code(client, verb="GetRecord", identifier=hidden, metadataPrefix="oai_dc") == (
            "idDoesNotExist"
        )
        body = client.get("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
        assert public.identifier not in body.content.decode()
