"""IIIF over HTTP: info.json, images and tiles, the derivative cache, the manifest, and the
rule that only a public record's scans are served. The scans are imported for real from a
JSON Lines file naming a JPEG, a PNG and a two-page PDF drawn with Pillow."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest
from iiif_prezi3 import Manifest
from PIL import Image, ImageDraw
from rich.console import Console

from readingroom.api.iiif import addresses
from readingroom.ingest.runner import import_paths
from readingroom.records import files
from readingroom.records.models import Document, Status
from readingroom.records.originals import Scan

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

LD_IMAGE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
LD_PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
BASE = "http://testserver/iiif"


def page_image(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A typescript-like page: lines of text and a dark band at the top."""
    image = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, size[0] - 1, 40], fill="black")
    for y in range(60, size[1] - 20, 24):
        draw.text((30, y), "The delegation was received at the Ministry " * 3, fill="black")
    return image


def record(identifier: str, scans: list[dict], **fields) -> dict:
    """A document line as an export writes it (see /tmp/smoke/smoke.jsonl's shape)."""
    return {
        "identifier": identifier,
        "title": f"Record {identifier}",
        "collections": ["letters"],
        "date": {"text": "1959", "start": "1959-01-01", "end": "1959-12-31", "precision": "year"},
        "source": {"text": "AQSH, F. 14", "archive": "", "archive_abbr": "", "fonds": "",
                   "file": "", "volume": ""},
        "record_id": "", "number": "", "summary": "", "classification": "",
        "rights": "https://creativecommons.org/licenses/by/4.0/",
        "types": [], "languages": ["Albanian"], "subjects": [], "funders": [], "places": [],
        "participants": [], "credits": [], "uploaded": None,
        "blocks": [{"kind": "paragraph", "text": "Comrade Enver Hoxha said that", "speaker": "",
                    "n": "", "anchor": None, "annotations": [], "mentions": []}],
        "scans": scans,
        **fields,
    }  # fmt: skip


@pytest.fixture
def archive(settings, tmp_path: Path, index_dir) -> dict[str, Document]:
    """`scanned` (JPEG 600 × 800, PNG 900 × 500 gray, a 2-page PDF), `draft` (one JPEG),
    `unscanned` (no scans), in a home of the test's own."""
    settings.HOME = tmp_path / "home"
    source = tmp_path / "source"
    source.mkdir()
    page_image((600, 800)).save(source / "p1.jpg", quality=90)
    page_image((900, 500), "L").save(source / "p2.png")
    first, second = page_image((300, 400)), page_image((300, 400))
    first.save(source / "p3.pdf", save_all=True, append_images=[second])
    lines = [
        {"collection": {"key": "letters", "title": "Letters of 1959"}},
        record(
            "scanned", [{"file": "p1.jpg", "label": "1r"}, {"file": "p2.png"}, {"file": "p3.pdf"}]
        ),
        record("draft", [{"file": "p1.jpg"}], status="draft"),
        record("unscanned", []),
    ]
    path = source / "records.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    report = import_paths([path], console=Console(file=io.StringIO()))
    assert not report.rejections, report.rejections
    return {d.identifier: d for d in Document.objects.all()}


def decoded(response) -> Image.Image:
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    image.load()
    return image


def test_the_import_stored_four_pages(archive):
    scans = list(archive["scanned"].scans.all())
    assert [(s.page, s.media_type) for s in scans] == [
        (1, "image/jpeg"), (2, "image/png"), (3, "image/jpeg"), (4, "image/jpeg"),
    ]  # fmt: skip
    assert (scans[0].width, scans[0].height) == (600, 800)
    assert scans[2].pdf and scans[2].pdf_page == 1 and scans[3].pdf_page == 2


def test_info_json_describes_the_page(client, archive):
    response = client.get("/iiif/scanned/1/info.json")
    assert response.status_code == 200
    assert response["Content-Type"] == LD_IMAGE
    assert response["Access-Control-Allow-Origin"] == "*"
    info = response.json()
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"{BASE}/scanned/1"
    assert (info["type"], info["protocol"]) == ("ImageService3", "http://iiif.io/api/image")
    assert info["profile"] in ("level1", "level2")
    assert (info["width"], info["height"]) == (600, 800)
    assert info["tiles"] == [{"width": 512, "scaleFactors": [1, 2]}]
    halves = [(75, 100), (150, 200), (300, 400)]
    assert info["sizes"] == [{"width": w, "height": h} for w, h in halves]
    assert info["maxArea"] >= 4096 * 4096 and info["maxWidth"] >= 4096
    png = client.get("/iiif/scanned/2/info.json").json()
    assert (png["width"], png["height"]) == (900, 500)
    plain = client.get("/iiif/scanned/1/info.json", HTTP_ACCEPT="application/json")
    assert plain["Content-Type"] == "application/json"  # asked for plain JSON alone


def test_the_service_address_redirects_to_its_info(client, archive):
    response = client.get("/iiif/scanned/3")
    assert response.status_code == 303
    assert response["Location"] == f"{BASE}/scanned/3/info.json"


@pytest.mark.parametrize(
    ("page", "address", "size", "kind"),
    [
        (1, "full/max/0/default.jpg", (600, 800), "JPEG"),
        (1, "full/300,/0/default.png", (300, 400), "PNG"),
        (2, "full/max/0/default.jpg", (900, 500), "JPEG"),
        (2, "square/!100,100/90/gray.png", (100, 100), "PNG"),
        (3, "full/,400/0/default.jpg", None, "JPEG"),
        (4, "pct:0,0,50,50/pct:50/!180/default.jpg", None, "JPEG"),
    ],
)
def test_images_have_the_size_and_format_asked(client, archive, page, address, size, kind):
    response = client.get(f"/iiif/scanned/{page}/{address}")
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{kind.lower()}"
    assert response["Access-Control-Allow-Origin"] == "*"
    image = decoded(response)
    assert image.format == kind
    scan = Scan.objects.get(document=archive["scanned"], order=page - 1)
    if size is None and page == 3:  # the height asked, the width in proportion (half up)
        size = (math.floor(scan.width * 400 / scan.height + 0.5), 400)
    elif size is None:  # half the page (half up), then half of that
        region = (math.floor(scan.width / 2 + 0.5), math.floor(scan.height / 2 + 0.5))
        size = (math.floor(region[0] / 2 + 0.5), math.floor(region[1] / 2 + 0.5))
    assert image.size == size


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("full/601,/0/default.jpg", "^"),  # wider than the scan, without ^
        ("full/pct:120/0/default.jpg", "^"),
        ("full/max/45/default.jpg", "rotation"),
        ("full/full/0/default.jpg", "size"),  # the 2.x form
        ("0,0,10/max/0/default.jpg", "region"),
        ("700,0,10,10/max/0/default.jpg", "outside"),
        ("full/max/0/native.jpg", "quality"),
        ("full/max/0/default.gif", "format"),
    ],
)
def test_bad_requests_are_400_with_the_reason(client, archive, address, reason):
    response = client.get(f"/iiif/scanned/1/{address}")
    assert response.status_code == 400
    assert reason in response.content.decode()


def test_upscaling_with_the_caret(client, archive):
    response = client.get("/iiif/scanned/1/full/^900,/0/default.jpg")
    assert response.status_code == 200
    assert decoded(response).size == (900, 1200)


def tiles(info: dict) -> list[tuple[str, tuple[int, int]]]:
    """Every tile a viewer asks for: the region of tile × scale factor pixels, at its size."""
    width, height, found = info["width"], info["height"], []
    for spec in info["tiles"]:
        tile = spec["width"]
        for factor in spec["scaleFactors"]:
            step = tile * factor
            for y in range(0, height, step):
                for x in range(0, width, step):
                    w, h = min(step, width - x), min(step, height - y)
                    size = (math.ceil(w / factor), math.ceil(h / factor))
                    found.append((f"{x},{y},{w},{h}/{size[0]},{size[1]}", size))
    return found


@pytest.mark.parametrize("page", [1, 2, 3])
def test_every_tile_info_json_lists_is_served_at_its_size(client, archive, page):
    info = client.get(f"/iiif/scanned/{page}/info.json").json()
    listed = tiles(info)
    assert len(listed) >= 3
    for address, size in listed:
        response = client.get(f"/iiif/scanned/{page}/{address}/0/default.jpg")
        assert response.status_code == 200, address
        assert decoded(response).size == size, address


def test_full_scale_tiles_make_up_the_whole_page(client, archive):
    """In PNG (lossless) the tiles at scale 1, put side by side, are the page itself."""
    whole = decoded(client.get("/iiif/scanned/1/full/max/0/default.png"))
    laid = Image.new(whole.mode, whole.size)
    info = client.get("/iiif/scanned/1/info.json").json()
    for address, size in tiles(info):
        region = address.split("/")[0]
        x, y, w, h = (int(v) for v in region.split(","))
        if (w, h) != size:
            continue  # a reduced tile
        laid.paste(decoded(client.get(f"/iiif/scanned/1/{address}/0/default.png")), (x, y))
    assert laid.tobytes() == whole.tobytes()


def cached_files(settings) -> list[Path]:
    return sorted((Path(settings.HOME) / "cache" / "iiif").rglob("*.*"))


def test_a_derivative_is_rendered_once_and_served_from_the_cache(client, archive, settings):
    scan = Scan.objects.get(document=archive["scanned"], order=0)
    first = client.get("/iiif/scanned/1/full/200,/0/default.jpg")
    first_bytes = b"".join(first.streaming_content)
    stored = cached_files(settings)
    assert len(stored) == 1
    assert stored[0].parent == Path(settings.HOME) / "cache/iiif" / scan.sha256[:2] / scan.sha256
    assert stored[0].read_bytes() == first_bytes
    files.path_for(scan.sha256).unlink()  # from now on only the cache can answer
    again = client.get("/iiif/scanned/1/full/200,/0/default.jpg")
    assert b"".join(again.streaming_content) == first_bytes
    same = client.get("/iiif/scanned/1/0,0,600,800/200,267/0/default.jpg")  # the same image
    assert b"".join(same.streaming_content) == first_bytes
    assert len(cached_files(settings)) == 1
    assert first["ETag"] == again["ETag"] == same["ETag"]
    assert "max-age" in first["Cache-Control"]
    assert 'rel="canonical"' in first["Link"] and "/full/200,267/0/default.jpg" in first["Link"]


def test_etag_answers_304_without_a_body(client, archive):
    first = client.get("/iiif/scanned/2/full/100,/0/default.jpg")
    etag = first["ETag"]
    second = client.get("/iiif/scanned/2/full/100,/0/default.jpg", HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304 and not second.content
    assert second["ETag"] == etag
    other = client.get("/iiif/scanned/2/full/50,/0/default.jpg", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_an_image_or_info_costs_one_query(client, archive, django_assert_num_queries):
    client.get("/iiif/scanned/1/full/100,/0/default.jpg")  # rendered and cached
    with django_assert_num_queries(1):
        assert client.get("/iiif/scanned/1/full/100,/0/default.jpg").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/iiif/scanned/1/info.json").status_code == 200


def test_cors_preflight_and_head(client, archive):
    preflight = client.options("/iiif/scanned/1/info.json")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    head = client.head("/iiif/scanned/1/full/100,/0/default.jpg")
    assert head.status_code == 200 and head["Content-Type"] == "image/jpeg"


def check_manifest(client, data: dict) -> None:
    """Every canvas's image and service answer, at the sizes the manifest states."""
    for canvas in data["items"]:
        body = canvas["items"][0]["items"][0]["body"]
        image = decoded(client.get(body["id"].removeprefix("http://testserver")))
        assert image.size == (body["width"], body["height"]) == (canvas["width"], canvas["height"])
        service = body["service"][0]
        info = client.get(service["id"].removeprefix("http://testserver") + "/info.json").json()
        assert (info["width"], info["height"]) == (canvas["width"], canvas["height"])


def test_the_manifest_is_valid_presentation_3(client, archive):
    response = client.get("/iiif/scanned/manifest")
    assert response.status_code == 200
    assert response["Content-Type"] == LD_PRESENTATION
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    Manifest(**data)  # iiif-prezi3's models refuse what the specification does not allow
    assert data["id"] == f"{BASE}/scanned/manifest"
    assert data["label"] == {"en": ["Record scanned"]}
    assert data["homepage"][0]["id"] == "http://testserver/documents/scanned/"
    assert data["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    shown = {entry["label"]["en"][0]: entry["value"]["none"] for entry in data["metadata"]}
    assert shown["Date"] == ["1959"] and shown["Collection"] == ["Letters of 1959"]
    assert shown["Language"] == ["Albanian"] and shown["Source"] == ["AQSH, F. 14"]
    assert {"id": f"{BASE}/scanned/search", "type": "SearchService2"} in data["service"]
    scans = list(archive["scanned"].scans.all())
    assert len(data["items"]) == len(scans) == 4
    for canvas, scan in zip(data["items"], scans, strict=True):
        assert (canvas["width"], canvas["height"]) == (scan.width, scan.height)
        body = canvas["items"][0]["items"][0]["body"]
        assert body["id"] == f"{BASE}/scanned/{scan.page}/full/max/0/default.jpg"
        assert body["service"] == [
            {"id": f"{BASE}/scanned/{scan.page}", "type": "ImageService3", "profile": "level1"}
        ]
        assert canvas["items"][0]["items"][0]["target"] == canvas["id"]
    assert data["items"][0]["label"] == {"none": ["1r"]}
    assert data["items"][2]["label"] == {"none": ["1"]}  # the PDF's first page
    thumbnail = data["thumbnail"][0]
    assert max(thumbnail["width"], thumbnail["height"]) == 200
    check_manifest(client, data)


def test_addresses_for_other_pages(rf, archive):
    request = rf.get("/")
    doc = archive["scanned"]
    assert addresses.manifest_url(request, doc) == f"{BASE}/scanned/manifest"
    assert addresses.image_url(request, doc, 2, "!400,400") == (
        f"{BASE}/scanned/2/full/!400,400/0/default.jpg"
    )
    assert addresses.image_url(request, "scanned", 1, "^max") == (
        f"{BASE}/scanned/1/full/%5Emax/0/default.jpg"
    )


@pytest.mark.parametrize(
    "address",
    [
        "/iiif/{id}/1/info.json",
        "/iiif/{id}/1/full/max/0/default.jpg",
        "/iiif/{id}/manifest",
    ],
)
def test_only_public_records_are_served(client, archive, address):
    assert client.get(address.format(id="draft")).status_code == 404
    assert client.get(address.format(id="nosuchrecord")).status_code == 404
    assert client.get(address.format(id="x" * 121)).status_code == 404  # not an identifier
    assert client.get(address.format(id="bad.id")).status_code == 404
    assert client.get(address.format(id="scanned")).status_code == 200
    Document.objects.filter(identifier="scanned").update(status=Status.WITHDRAWN)
    assert client.get(address.format(id="scanned")).status_code == 404  # cached or not


@pytest.mark.parametrize("page", ["0", "5", "99999999999999999999999"])
def test_pages_that_do_not_exist(client, archive, page):
    assert client.get(f"/iiif/scanned/{page}/info.json").status_code == 404
    assert client.get(f"/iiif/scanned/{page}/full/max/0/default.jpg").status_code == 404


def test_a_record_without_scans_has_no_manifest(client, archive):
    assert client.get("/iiif/unscanned/manifest").status_code == 404
    assert client.get("/iiif/unscanned/1/info.json").status_code == 404
