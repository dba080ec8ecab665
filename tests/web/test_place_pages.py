"""Places and organizations as authorities, the glossary, and the seeds' abbreviations marked.

Pages read the derived data: counts and lists hold public documents only, a place or body only
a draft names answers 404, and a page costs the same queries with many more documents."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readingroom.authorities.derived import follow
from readingroom.authorities.enrichment import Resolver, enrich_documents, pending
from readingroom.authorities.located import fill_organizations, fill_places
from readingroom.authorities.models import Organization, Place, Term
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status
from tests.builders import jsonl_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SEED_1964 = "Report on a Meeting between Enver Hoxha and Li Byeongchan"
SEED_1959 = "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon"


def paragraph(text: str) -> dict:
    block = {"kind": "paragraph", "text": text, "speaker": "", "n": "", "anchor": None}
    return block | {"annotations": [], "mentions": []}


def records(tmp_path, count: int, *, first: int = 0, status: str = "published") -> None:
    """`count` telegrams written in Vienna that mention Pyongyang, imported and enriched,
    and counted by the derived data as `readingroom enrich` leaves them."""
    lines = []
    for n in range(first, first + count):
        date = {"text": "1961", "start": f"19{60 + n % 5}-06-0{1 + n % 9}", "end": None}
        date |= {"precision": "day"}
        blocks = [paragraph(f"Telegram {n} on the talks in Pyongyang and Vienna.")]
        lines.append(
            jsonl_record(
                f"vienna-{n:04d}", places=["Vienna"], blocks=blocks, date=date, status=status
            )
        )
    path = tmp_path / f"vienna-{first}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert import_paths([path]).rejections == []
    enrich_documents(pending())
    follow()


@pytest.fixture
def seeds(seed_paths, index_dir, settings) -> dict[str, Document]:
    """The two seeds, enriched and counted; the page cache off (queries are counted)."""
    settings.PAGE_CACHE = ""
    import_paths(seed_paths)
    enrich_documents(pending())
    follow()
    return {
        "1959": Document.objects.get(title=SEED_1959),
        "1964": Document.objects.get(title=SEED_1964),
    }


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def draft(doc: Document) -> None:
    """Made draft: it leaves the counts in the same transaction, before any follow."""
    doc.status = Status.DRAFT
    doc.save()


def test_a_place_page_locates_it_and_lists_its_documents(client, seeds):
    page = get(client, "/places/pyongyang/")
    shown = text(page)
    assert "<h1>Pyongyang</h1>" in page
    assert "Named in 2 public documents" in shown
    assert "39.0339, 125.7543" in shown and "North Korea (KP)" in shown
    assert "GeoNames" in shown and "CC BY 4.0" in shown  # the gazetteer credited
    assert SEED_1959 in shown and SEED_1964 in shown
    assert "P'yongyang" in shown  # other names
    assert 'role="img"' in page and '<title id="map-pyongyang-title">' in page
    assert "39.03° N, 125.75° E" in shown  # the map's table, with coordinates


def test_historical_and_unlocated_places(client, seeds):
    beijing = Place.objects.get(slug="beijing")
    assert (beijing.country_code, round(beijing.latitude, 1)) == ("CN", 39.9)
    assert "Peking" in beijing.alternate_names
    soviet = Place.objects.get(slug="soviet-union")
    assert (soviet.kind, soviet.country_code, soviet.located_as) == ("country", "RU", "Russia")
    balkans = get(client, "/places/balkans/")
    assert "Not known: the gazetteers the archive holds do not name this place." in text(balkans)
    assert Place.objects.get(slug="balkans").latitude is None


def test_written_there_and_drafts_left_out(client, seeds, tmp_path):
    records(tmp_path, 3)
    records(tmp_path, 2, first=10, status="draft")
    page = text(get(client, "/places/vienna/"))
    assert "City in Austria" in page and "48.2085, 16.3721" in page
    assert "Named in 3 public documents, 3 of them written there" in page
    assert "Title vienna-0000" in page and "Title vienna-0010" not in page
    pyongyang = text(get(client, "/places/pyongyang/"))
    assert "Named in 5 public documents" in pyongyang
    assert "Title vienna-0011" not in pyongyang
    listed = text(get(client, "/places/"))
    assert "Vienna 3 documents, 3 written there" in listed


def test_a_place_only_a_draft_names_is_not_found(client, seeds):
    assert client.get("/places/stalin-city/").status_code == 200
    draft(seeds["1964"])
    for url in ("/places/stalin-city/", "/places/vlora/", "/organizations/fpu-korea/"):
        assert client.get(url).status_code == 404, url
    assert "Stalin City" not in text(get(client, "/places/"))
    assert "Federation of Professional Unions" not in text(get(client, "/organizations/"))
    pyongyang = text(get(client, "/places/pyongyang/"))
    assert "Named in 1 public document" in pyongyang and SEED_1964 not in pyongyang
    glossary = text(get(client, "/glossary/"))
    assert "FPU of Korea" not in glossary  # the archive's term only the draft uses
    assert "DPRK" in glossary and "APL" in glossary  # the 1959 seed uses them too


def test_the_seeds_abbreviations_are_marked_and_linked(client, seeds):
    page = get(client, seeds["1964"].get_absolute_url())
    for abbreviation, expansion in (
        ("ALP CC", "Central Committee of the Albanian Party of Labor"),
        ("KWP", "Korean Workers' Party"),
        ("FPU of Korea", "Federation of Professional Unions of Korea"),
        ("DPR of Korea", "Democratic People's Republic of Korea"),
    ):
        assert f'<abbr title="{expansion}">{abbreviation}</abbr>' in page, abbreviation
    assert '<a class="name name-organization" href="/organizations/alp-cc/">' in page
    assert '<a class="name name-place" href="/places/pyongyang/">Pyongyang</a>' in page
    other = get(client, seeds["1959"].get_absolute_url())
    assert '<abbr title="Democratic People\'s Republic of Korea">DPRK</abbr>' in other


def test_the_glossary_lists_them_with_links(client, seeds):
    page = get(client, "/glossary/")
    shown = text(page)
    for abbreviation in ("ALP CC", "KWP", "FPU of Korea", "DPRK", "CC"):
        assert f'id="{abbreviation.lower().replace(" ", "-")}"' in page, abbreviation
    assert "Korean Workers' Party" in shown and "the archive’s glossary" in shown
    assert 'href="/organizations/kwp/"' in page and 'href="/places/north-korea/"' in page
    assert 'href="/search?q=%22ALP+CC%22"' in page


def test_an_organization_page_gives_its_abbreviations(client, seeds):
    page = get(client, "/organizations/kwp/")
    shown = text(page)
    assert "<h1>Korean Workers' Party</h1>" in page
    assert "Abbreviations KWP WPK" in shown
    assert SEED_1959 in shown and SEED_1964 in shown
    assert "Korean Workers' Party (KWP, WPK) 2 documents" in text(get(client, "/organizations/"))


def test_the_search_page_maps_its_places(client, seeds, tmp_path):
    records(tmp_path, 2)
    page = get(client, "/search?q=Vienna")
    assert 'role="img"' in page and "Places on a map" in page
    assert '<a href="/places/vienna/">Vienna</a></td><td>2</td><td>48.21° N, 16.37° E' in page


def test_a_place_page_costs_the_same_with_many_more_documents(client, seeds, tmp_path):
    records(tmp_path, 20)
    urls = ("/places/vienna/", "/places/vienna/?as=written", "/places/", "/glossary/")
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        before[url] = len(queries)
    records(tmp_path, 120, first=100)
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        assert len(queries) == before[url], url
    written = get(client, "/places/vienna/?as=written")
    assert len(re.findall(r'href="/documents/vienna-', written)) == 50  # one page
    assert 'rel="next"' in written


def test_places_made_before_they_were_located_are_filled_in(seeds):
    Place.objects.filter(slug__in=["pyongyang", "beijing"]).update(kind="", latitude=None)
    Organization.objects.filter(slug="kwp").update(abbreviations=[])
    assert fill_places(Place) == 2
    assert Place.objects.get(slug="pyongyang").country_code == "KP"
    assert fill_organizations(Organization, Term) == 1
    assert Organization.objects.get(slug="kwp").abbreviations == ["KWP", "WPK"]


def test_an_unknown_label_becomes_a_place_without_coordinates(seeds):
    resolve = Resolver()
    unknown = Place.objects.get(pk=resolve.place("wshington", "Wshington"))
    assert (unknown.name, unknown.latitude, unknown.kind) == ("Wshington", None, "")
    kyoto = Place.objects.get(pk=resolve.place("kyoto-japan", "Kyoto, Japan"))
    assert (kyoto.country_code, kyoto.located_as) == ("JP", "Kyoto")


def test_names_are_escaped(client, seeds):
    Place.objects.filter(slug="pyongyang").update(name="<script>alert(1)</script>")
    page = client.get("/places/pyongyang/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
