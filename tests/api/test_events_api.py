"""Events for other systems: /api/v1/events, a document's events, OAI dc:relation, events.jsonl.

The seeds are imported and enriched as the `import` command does, which finds two events: the
conversation of 6 June 1959 (Enver Hoxha, Choe Yong-geon…) and that of 7 May 1964. An event is
public while a public document is linked to it; whatever only unpublished records say answers
as if it had never been recorded.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree, html
from rich.console import Console

from readingroom.api import databuild
from readingroom.events.editing import FINDER, link, merge
from readingroom.events.models import Event
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

BASE = "http://testserver"
SITE = "https://archive.example.org"
SEED_1959 = "seed-001_3f704298176807c3"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
NOT_FOUND = {"message": "No public event has this slug"}


@pytest.fixture
def seeds(seed_paths, index_dir) -> dict[str, Document]:
    """The seeds by year, imported and enriched: one event each."""
    report = import_paths(seed_paths, console=Console(file=io.StringIO()))
    assert not report.rejections
    enrich_ids(list(Document.objects.values_list("pk", flat=True)))
    return {str(d.date_start.year): d for d in Document.objects.all()}


@pytest.fixture
def events(seeds) -> dict[str, Event]:
    found = {str(e.date_start.year): e for e in Event.objects.all()}
    assert sorted(found) == ["1959", "1964"]
    return found


def unpublish(doc: Document) -> None:
    doc.status = Status.DRAFT
    doc.save()


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def test_list_is_in_date_order_and_pages_with_a_cursor(client, events):
    everything = client.get("/api/v1/events")
    assert slugs(everything) == [events["1959"].slug, events["1964"].slug]
    assert everything.json()["next_cursor"] is None and everything["ETag"]
    item = everything.json()["items"][0]
    assert item["date"] == {
        "text": "June 6, 1959",
        "start": "1959-06-06",
        "end": "1959-06-06",
        "precision": "day",
    }
    assert item["kind"] == "conversation"
    assert item["url"] == f"{BASE}/events/{events['1959'].slug}/"
    assert item["api_url"] == f"{BASE}/api/v1/events/{events['1959'].slug}"
    first = client.get("/api/v1/events", {"limit": 1}).json()
    assert [i["slug"] for i in first["items"]] == [events["1959"].slug] and first["next_cursor"]
    second = client.get("/api/v1/events", {"limit": 1, "cursor": first["next_cursor"]})
    assert slugs(second) == [events["1964"].slug] and second.json()["next_cursor"] is None
    other_query = client.get("/api/v1/events", {"limit": 2, "cursor": first["next_cursor"]})
    assert other_query.status_code == 400 and "cursor" in other_query.json()["message"]


def test_undated_events_come_last_on_every_page(client, events):
    events["1959"].date_start = events["1959"].date_end = None
    events["1959"].save()
    first = client.get("/api/v1/events", {"limit": 1}).json()
    assert [i["slug"] for i in first["items"]] == [events["1964"].slug]
    second = client.get("/api/v1/events", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert [i["slug"] for i in second["items"]] == [events["1959"].slug]
    assert second["next_cursor"] is None and second["items"][0]["date"]["start"] is None
    assert slugs(client.get("/api/v1/events", {"from": 1900})) == [events["1964"].slug]


@pytest.mark.parametrize(
    ("params", "years"),
    [
        ({"kind": "conversation"}, ["1959", "1964"]),
        ({"kind": "telephone call"}, []),
        ({"kind": ""}, ["1959", "1964"]),
        ({"person": "choe-yong-geon"}, ["1959"]),
        ({"person": "enver-hoxha"}, ["1959", "1964"]),
        ({"person": "no-such-person"}, []),
        ({"from": 1960}, ["1964"]),
        ({"to": 1960}, ["1959"]),
        ({"from": 1959, "to": 1959}, ["1959"]),
        ({"from": 1960, "to": 1963}, []),
        ({"person": "enver-hoxha", "from": 1964, "kind": "conversation"}, ["1964"]),
    ],
)
def test_filters(client, events, params, years):
    assert slugs(client.get("/api/v1/events", params)) == [events[y].slug for y in years]


def test_bad_filters_are_a_json_400(client, events):
    bad = ({"from": 0}, {"to": 10000}, {"from": "1960s"}, {"kind": "party"}, {"person": "a b"})
    for params in bad:
        response = client.get("/api/v1/events", params)
        assert response.status_code == 400 and response.json()["message"]


def test_detail_has_participants_and_accounts(client, seeds, events):
    event = events["1959"]
    data = client.get(f"/api/v1/events/{event.slug}").json()
    assert data["slug"] == event.slug and data["name"] == event.name
    assert data["date"]["start"] == "1959-06-06" and data["kind"] == "conversation"
    assert {"time_start", "time_end", "place", "description"} <= set(data)
    choe = next(p for p in data["participants"] if p["slug"] == "choe-yong-geon")
    assert choe["name"] == "Choe Yong-geon" and choe["url"] == f"{BASE}/people/choe-yong-geon/"
    assert choe["api_url"] == f"{BASE}/api/v1/persons/choe-yong-geon"
    assert isinstance(choe["roles"], list) and "side" in choe
    shehu = next(p for p in data["participants"] if p["slug"] == "mehmet-shehu")
    assert shehu["side"] == "Albania"
    [account] = data["accounts"]
    assert account == {
        "identifier": SEED_1959,
        "title": seeds["1959"].title,
        "url": f"{BASE}/documents/{SEED_1959}/",
        "api_url": f"{BASE}/api/v1/documents/{SEED_1959}",
        "relation": "record",
        "evidence": "type",
        "note": "",
    }


def test_a_merged_event_redirects_to_the_one_it_was_merged_into(client, seeds, events):
    merge(events["1959"], [events["1964"]], FINDER, "one meeting")
    response = client.get(f"/api/v1/events/{events['1964'].slug}")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/api/v1/events/{events['1959'].slug}"
    merged = client.get(response["Location"]).json()
    assert {a["identifier"] for a in merged["accounts"]} == {d.identifier for d in seeds.values()}
    assert slugs(client.get("/api/v1/events")) == [events["1959"].slug]
    for doc in seeds.values():
        unpublish(doc)  # the event it was merged into is no longer public: as unknown
    gone = client.get(f"/api/v1/events/{events['1964'].slug}")
    assert gone.status_code == 404 and gone.json() == NOT_FOUND


def propose(event: Event, doc: Document) -> None:
    """A link waiting for a curator: it makes nothing public."""
    link(event, doc.pk, "mentions", "match", status="proposed")


def test_an_event_only_an_unpublished_record_tells_of_is_as_unknown(client, seeds, events):
    propose(events["1964"], seeds["1959"])
    unpublish(seeds["1964"])
    hidden = client.get(f"/api/v1/events/{events['1964'].slug}")
    unknown = client.get("/api/v1/events/no-such-event")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json() == NOT_FOUND
    assert slugs(client.get("/api/v1/events")) == [events["1959"].slug]
    assert slugs(client.get("/api/v1/events", {"person": "li-byeongchan"})) == []
    data = client.get(f"/api/v1/documents/{SEED_1959}").json()
    assert [e["slug"] for e in data["events"]] == [events["1959"].slug]


def test_document_detail_lists_its_public_events(client, seeds, events):
    link(events["1964"], seeds["1959"].pk, "mentions", "curator")
    data = client.get(f"/api/v1/documents/{SEED_1959}").json()
    assert data["events"] == [
        {
            "slug": e.slug,
            "name": e.name,
            "relation": relation,
            "url": f"{BASE}/events/{e.slug}/",
            "api_url": f"{BASE}/api/v1/events/{e.slug}",
        }
        for e, relation in ((events["1959"], "record"), (events["1964"], "mentions"))
    ]
    mentioned = client.get(f"/api/v1/events/{events['1964'].slug}").json()
    assert [a["relation"] for a in mentioned["accounts"]] == ["record", "mentions"]


def test_the_schema_documents_the_event_endpoints(client, events):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/events/{slug}"} <= set(schema["paths"])
    detail = schema["paths"]["/api/v1/events/{slug}"]["get"]["responses"]
    assert {"200", "302", "404"} <= set(detail)
    assert "events" in schema["components"]["schemas"]["DocumentOut"]["properties"]


def dublin_core(client, doc: Document) -> etree._Element:
    params = {"verb": "GetRecord", "identifier": f"oai:readingroom:{doc.identifier}"}
    response = client.get("/oai", {**params, "metadataPrefix": "oai_dc"})
    assert response.status_code == 200
    return etree.fromstring(response.content).find(f".//{OAI}metadata")[0]


def relations(record: etree._Element) -> list[str]:
    return [r.text for r in record.findall(f"{DC}relation")]


def test_oai_relates_a_record_to_its_public_events_only(client, seeds, events):
    pages = {y: f"{BASE}/events/{e.slug}/" for y, e in events.items()}
    record = dublin_core(client, seeds["1959"])
    assert pages["1959"] in relations(record) and pages["1964"] not in relations(record)
    assert all(child.tag.startswith(DC) for child in record)  # simple DC elements only
    assert pages["1964"] in relations(dublin_core(client, seeds["1964"]))
    link(events["1964"], seeds["1959"].pk, "mentions", "curator")
    assert pages["1964"] in relations(dublin_core(client, seeds["1959"]))


def test_oai_never_relates_an_event_only_unpublished_records_tell_of(client, seeds, events):
    propose(events["1964"], seeds["1959"])
    unpublish(seeds["1964"])
    harvest = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    assert harvest.status_code == 200
    assert f"/events/{events['1964'].slug}/".encode() not in harvest.content
    assert relations(dublin_core(client, seeds["1959"])) == [
        f"{BASE}/events/{events['1959'].slug}/"
    ]


def test_oai_datestamp_follows_a_later_change_to_a_linked_event(client, seeds, events):
    old = datetime(2001, 1, 1, tzinfo=UTC)
    Document.objects.update(modified=old)  # as if imported long before the events were found
    Event.objects.filter(pk=events["1959"].pk).update(updated=datetime(2010, 5, 5, tzinfo=UTC))
    Event.objects.filter(pk=events["1964"].pk).update(updated=old)
    params = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2010-01-01"}
    root = etree.fromstring(client.get("/oai", params).content)
    headers = list(root.iter(f"{OAI}header"))
    assert [h.findtext(f"{OAI}identifier") for h in headers] == [f"oai:readingroom:{SEED_1959}"]
    assert headers[0].findtext(f"{OAI}datestamp") == "2010-05-05T00:00:00Z"


@pytest.fixture
def home(settings, tmp_path: Path) -> Path:
    settings.HOME = tmp_path / "home"
    settings.SITE_URL = SITE
    return settings.HOME


def test_the_data_build_holds_events_jsonl_listed_on_the_data_page(client, seeds, events, home):
    propose(events["1964"], seeds["1959"])
    unpublish(seeds["1964"])
    build = databuild.build()
    lines = (build.directory / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert build.events == 1 and len(lines) == 1
    [written] = [json.loads(line) for line in lines]
    assert written == {
        **client.get(f"/api/v1/events/{events['1959'].slug}").json(),
        "url": f"{SITE}/events/{events['1959'].slug}/",
        "api_url": f"{SITE}/api/v1/events/{events['1959'].slug}",
        "participants": written["participants"],
        "accounts": written["accounts"],
    }
    assert written["participants"] and all(
        p["url"].startswith(f"{SITE}/people/") for p in written["participants"]
    )
    assert [a["identifier"] for a in written["accounts"]] == [SEED_1959]
    assert seeds["1964"].identifier not in lines[0]
    page = html.fromstring(client.get("/data").content)
    assert "/data/events.jsonl" in page.xpath("//ul[@class='downloads']/li/a/@href")
    download = client.get("/data/events.jsonl")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode().splitlines() == lines


def test_a_build_made_before_events_jsonl_existed_is_not_served_as_complete(events, home):
    build = databuild.build()
    manifest = json.loads((build.directory / databuild.MANIFEST).read_text())
    del manifest["files"]["events.jsonl"]
    (build.directory / databuild.MANIFEST).write_text(json.dumps(manifest))
    assert databuild.latest_build() is None
    rebuilt = databuild.build()
    assert rebuilt.version == build.version and "events.jsonl" in rebuilt.sizes
