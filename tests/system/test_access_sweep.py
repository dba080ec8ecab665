"""One walk over every public channel: a draft, an embargoed and a withdrawn record leave no trace.

A unique word is planted in each unpublished record (its text, a person, a place and an
organization only it names, the title of the draft and the embargoed one, a further text and the
words read from a scan of each), the draft and the embargoed one make up a collection of their
own, a file is attached to the draft, and every
channel is read as an anonymous visitor and as a contributor who is not the record's editor.
"Missing" and "not public" must look alike: the person's and the collection's pages answer as a
slug never issued does. A withdrawn record is the one exception, by design: its address
answers 410 with its citation and OAI-PMH reports it as a deleted tombstone; its text and people
stay hidden.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from readingroom.authorities.linking import person_for
from readingroom.authorities.models import Mention, Organization, Person, Place
from readingroom.curation.roles import create_roles
from readingroom.ingest.attaching import attach
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Collection, Document, Status
from readingroom.records.originals import Scan, Text
from readingroom.search.service import search
from tests.builders import attachment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

WORD = "vexillumqrz"
PDF = b"%PDF-1.4\n% a scan\n" + b"0" * 200 + b"\n%%EOF\n"
SCAN = Path(__file__).resolve().parents[1] / "fixtures" / "scan.png"


def plant(doc: Document, status: str, until: str | None = None) -> None:
    turn = doc.blocks.filter(kind="turn").first()
    Block.objects.filter(pk=turn.pk).update(text=f"{turn.text} {WORD}")
    secret = person_for(f"Zoltan {WORD.capitalize()}", source="test")
    Block.objects.filter(pk=turn.pk).update(speaker_person=secret)
    for model, field in ((Place, "place"), (Organization, "organization")):
        named, _ = model.objects.get_or_create(name=f"{WORD.capitalize()} {field}")
        Mention.objects.create(
            document=doc, block=turn, kind=field, start=0, end=1, text="x", **{field: named}
        )
    if status != Status.WITHDRAWN:  # a withdrawn record keeps its citation public, on purpose
        doc.title = f"{doc.title} {WORD}"
    doc.status, doc.embargo_until = status, until
    doc.save()
    scan = attach(doc, [SCAN], actor="test")[0]
    Scan.objects.filter(pk=scan.pk).update(words=[[WORD, 10, 10, 50, 20]])
    block = {"kind": "paragraph", "text": f"Fjalë {WORD}", "speaker": "", "n": "", "anchor": None}
    Text.objects.create(document=doc, order=0, kind="transcription", language="sq", blocks=[block])


@pytest.fixture
def archive(seed_paths, index_dir, tmp_path) -> list[Document]:
    import_paths(seed_paths)
    copies = []
    for n, status in enumerate((Status.DRAFT, Status.EMBARGOED, Status.WITHDRAWN)):
        text = seed_paths[0].read_text(encoding="utf-8")
        copy = tmp_path / f"hidden{n}.txt"
        copy.write_text(text.replace("Li Byeongchan", f"Li Byeongchan {n}"), encoding="utf-8")
        import_paths([copy])
        doc = Document.objects.get(identifier=f"seed-hidden{n}")
        plant(doc, status, "2999-01-01" if status == Status.EMBARGOED else None)
        copies.append(doc)
    attachment(copies[0], PDF, "scan.pdf")
    hidden = Collection.objects.create(key=f"{WORD}-volume", title=f"The {WORD} papers")
    for doc in copies[:2]:
        doc.collections.add(hidden)
    return copies


def contributor(client) -> None:
    create_roles()
    user = User.objects.create_user("reader", password="a-long-passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="contributor"))
    client.login(username="reader", password="a-long-passphrase")


def iiif_urls(identifier: str) -> list[str]:
    """A record's scans, manifest and search inside its OCR text over IIIF."""
    base = f"/iiif/{identifier}"
    images = [f"{base}/1", f"{base}/1/info.json", f"{base}/1/full/max/0/default.jpg"]
    return [*images, f"{base}/manifest", f"{base}/search?q={WORD}"]


def public_urls(hidden: list[Document]) -> list[str]:
    urls = ["/", "/documents/", f"/search?q={WORD}", "/search?q=", "/network/"]
    urls += ["/api/v1/documents", f"/api/v1/documents?q={WORD}", f"/api/v1/search?q={WORD}"]
    urls += ["/api/v1/search?q=Hoxha", "/api/v1/persons", "/api/v1/vocabularies"]
    urls += ["/oai?verb=ListRecords&metadataPrefix=oai_dc", "/sitemap.xml", "/robots.txt"]
    urls += ["/api/v1/places", "/api/v1/organizations", "/api/v1/collections"]
    urls += ["/sitemaps/pages.xml", "/sitemaps/documents-1.xml", "/oai?verb=ListSets"]
    urls += [f"/network/?collection={WORD}-volume"]
    return urls


@pytest.mark.parametrize("who", ["anonymous", "contributor"])
def test_no_trace_anywhere(client, archive, who, capsys):
    if who == "contributor":
        contributor(client)
    for url in public_urls(archive):
        response = client.get(url)
        body = (b"".join(response) if response.streaming else response.content).decode().lower()
        traces = ["seed-hidden0", "seed-hidden1", "zoltan"] + ([] if WORD in url else [WORD])
        assert not [t for t in traces if t in body], url

    for doc in archive:
        missing = client.get("/documents/no-such-record/")
        for url in (f"/documents/{doc.identifier}/", f"/api/v1/documents/{doc.identifier}"):
            response = client.get(url)
            if doc.status == Status.WITHDRAWN and url.startswith("/documents/"):
                assert response.status_code == 410 and WORD not in response.content.decode()
            else:
                assert response.status_code == 404, url
        assert (
            client.get(f"/documents/{doc.identifier}.json").content
            == client.get("/documents/no-such-record.json").content
        )
        assert missing.status_code == 404
        for url, nowhere in zip(
            iiif_urls(doc.identifier), iiif_urls("no-such-record"), strict=True
        ):
            response, missing = client.get(url), client.get(nowhere)
            assert (response.status_code, response.content) == (404, missing.content), url
    attachment = archive[0].attachments.get()
    assert client.get(f"/curation/files/{attachment.pk}").status_code == 404
    assert client.get("/curation/files/999999").status_code == 404

    secret = Person.objects.get(name__icontains=WORD)
    for url, nowhere in (
        (secret.get_absolute_url(), "/people/no-such-person/"),
        (f"/collections/{WORD}-volume/", "/collections/no-such-volume/"),
    ):
        response, missing = client.get(url), client.get(nowhere)
        assert (response.status_code, response.content) == (404, missing.content), url
    place = Place.objects.get(name__icontains=WORD)
    organization = Organization.objects.get(name__icontains=WORD)
    for url in (
        f"/api/v1/persons/{secret.slug}",
        f"/api/v1/places/{place.slug}",
        f"/api/v1/organizations/{organization.slug}",
        f"/api/v1/collections/{WORD}-volume",
    ):
        assert client.get(url).status_code == 404, url

    oai = client.get(f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x:{WORD}")
    assert b"idDoesNotExist" in oai.content

    result = search(WORD)
    assert result.total == 0 and result.hits == [] and not any(result.facets.values())
    counts = search("")
    assert counts.total == 2
    assert WORD not in json.dumps(counts.facets).lower()

    call_command("export", "--format", "jsonl", "--public")
    assert WORD not in capsys.readouterr().out.lower()
