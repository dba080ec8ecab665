"""`lang:`, `place:` and `written:` on real records: what each query field finds and how the
facets name what they count.

The archive is the two seed pages and the Korea volume of FRUS (1964–68, v. XXIX, pt. 1),
imported and enriched once for the module, so `place:` meets the places enrichment reads in
the text. A test that changes records does it in its own transaction with an index of its own,
so the module's index always matches the module's records.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import override_settings

from readingroom.authorities import derived
from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Mention, Place
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.changelog import log_change
from readingroom.records.models import Document, Status
from readingroom.search.service import search
from tests.builders import jsonl_record
from tests.conftest import SEEDS
from tests.frus_data import volume_path

pytestmark = [pytest.mark.frus, pytest.mark.django_db]

KOREA = "frus1964-68v29p1"
SEED_1959 = "seed-001_3f704298176807c3"  # the Hoxha–Choe conversation: it mentions Pyongyang


@pytest.fixture(scope="module")
def korea(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The seeds and the Korea volume, imported and enriched once for the module."""
    index = tmp_path_factory.mktemp("index")
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index):
        try:
            assert not import_paths([*SEEDS, volume_path(KOREA)]).rejections
            enrich_ids(pending())
            derived.follow()
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def found(query: str) -> list[str]:
    """Every document the query finds, by identifier (paging through all of them)."""
    out: list[str] = []
    page = 1
    while True:
        result = search(query, page=page, page_size=100)
        out += [hit.identifier for hit in result.hits]
        if page >= result.last_page:
            return out
        page += 1


def public(**lookups) -> set[str]:
    rows = Document.objects.public().filter(**lookups).distinct()
    return set(rows.values_list("identifier", flat=True))


def mentioning(name: str) -> set[str]:
    """The public documents whose text mentions the place of this name (enrichment's links)."""
    mentions = Mention.objects.filter(kind="place", place__name=name)
    return public(pk__in=mentions.values("document_id"))


def written_at(name: str) -> set[str]:
    return {d.identifier for d in Document.objects.public() if name in d.places}


# ---------------------------------------------------------------- lang:


@pytest.mark.parametrize(
    "query", ["lang:English", "lang:en", "lang:eng", "lang:ENGLISH", "language:english"]
)
def test_lang_takes_a_language_by_its_name_or_its_code(korea, query) -> None:
    english = public(languages__name="en")
    assert len(english) == 369  # the volume's documents; the seed pages name no language
    assert search(query).total == len(english)


def test_a_language_no_record_is_in_finds_nothing(korea) -> None:
    assert search("lang:Albanian").total == 0
    assert search("lang:sq").total == 0


def test_the_language_facet_names_the_language(korea, client) -> None:
    result = search("Pyongyang")
    assert dict(result.facets["language"]) == {"English": result.total - 2}  # not the seeds
    page = client.get("/search?q=Pyongyang").content.decode()
    assert 'href="/search?q=Pyongyang&amp;lang=English"' in page and ">English</a>" in page
    assert ">en</a>" not in page
    api = client.get("/api/v1/search?q=Pyongyang").json()
    (language,) = api["facets"]["language"]
    assert language == {"value": "en", "label": "English", "count": result.total - 2}
    assert all(value["label"] == value["value"] for value in api["facets"]["type"])


def test_lang_on_records_that_name_their_language_either_way(korea, index_dir, tmp_path) -> None:
    lines = [
        jsonl_record("alb-1", languages=["sq"], places=["Tirana"]),
        jsonl_record("alb-2", languages=["Albanian"]),
        jsonl_record("alb-draft", languages=["sqi"]),
    ]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n")
    assert not import_paths([tmp_path / "records.jsonl"]).rejections
    draft = Document.objects.get(identifier="alb-draft")
    draft.status = Status.DRAFT
    draft.save()
    for query in ("lang:Albanian", "lang:albanian", "lang:sq", "lang:sqi", "lang:alb"):
        assert sorted(found(query)) == ["alb-1", "alb-2"], query
    result = search("lang:sq")
    assert dict(result.facets["language"]) == {"Albanian": 2}
    assert found("written:Tirana") == ["alb-1"] == found("place:Tirana")


def test_the_chip_of_a_language_filter_names_it(korea, client) -> None:
    page = client.get("/search?lang=en").content.decode()
    assert "Language: English" in page
    assert "369 documents" in page


# ---------------------------------------------------------------- place: and written:


def test_place_finds_the_documents_that_mention_it(korea) -> None:
    mentioned = mentioning("Pyongyang")
    assert len(mentioned) == 42  # 40 of the volume and both seed pages
    assert SEED_1959 in mentioned
    assert set(found("place:Pyongyang")) == mentioned | written_at("Pyongyang")
    assert found("written:Pyongyang") == []  # nothing in this archive was written there


def test_written_keeps_only_where_the_document_was_made(korea) -> None:
    seoul = written_at("Seoul")
    assert len(seoul) > 100
    assert set(found("written:Seoul")) == seoul
    anywhere = set(found("place:Seoul"))
    assert anywhere == seoul | mentioning("Seoul") and len(anywhere) > len(seoul)


def test_place_finds_a_place_as_the_text_spells_it(korea) -> None:
    """The text's "Peking" is linked to the place Beijing: `place:` finds either."""
    peking = public(pk__in=Mention.objects.filter(kind="place", text="Peking").values("document"))
    assert peking and peking <= set(found("place:Peking"))
    assert peking <= set(found("place:Beijing"))


def test_the_place_facets_count_mentioned_and_written_places(korea, client) -> None:
    result = search("place:Pyongyang")
    places, written = dict(result.facets["place"]), dict(result.facets["written"])
    assert places["Pyongyang"] == result.total == 42
    assert "Pyongyang" not in written and written["Seoul"] == len(
        set(found("place:Pyongyang")) & written_at("Seoul")
    )
    page = client.get("/search?q=place:Pyongyang").content.decode()
    assert ">Place, written or mentioned</h3>" in page and ">Written at</h3>" in page
    assert 'href="/search?q=place%3APyongyang&amp;written=Seoul"' in page
    chosen = client.get("/search?written=Seoul").content.decode()
    assert "Written at: Seoul" in chosen and f"{len(written_at('Seoul'))} documents" in chosen


def test_a_draft_is_neither_found_nor_counted(korea, index_dir) -> None:
    before = search("place:Pyongyang")
    english = search("lang:English").total
    doc = Document.objects.get(identifier=before.hits[0].identifier)
    assert doc.languages.filter(name="en").exists()
    doc.status = Status.DRAFT
    doc.save()
    after = search("place:Pyongyang")
    assert after.total == before.total - 1
    assert doc.identifier not in found("place:Pyongyang")
    assert dict(after.facets["place"])["Pyongyang"] == before.total - 1
    assert search("lang:English").total == english - 1
    assert doc.identifier not in found("lang:en")


def test_the_index_follows_enrichment(korea, index_dir) -> None:
    """Mentioned places are enrichment's: a document enriched again is indexed with them."""
    seed = Document.objects.get(identifier=SEED_1959)
    assert SEED_1959 in found("place:Pyongyang")
    Mention.objects.filter(document=seed, origin="enrichment").delete()
    Document.objects.filter(pk=seed.pk).update(enriched_hash="")  # as a changed text would
    log_change([seed.pk])
    assert SEED_1959 not in found("place:Pyongyang")
    assert enrich_documents([seed.pk]) == 1  # logs the documents it read
    assert SEED_1959 in found("place:Pyongyang")


def test_a_renamed_place_is_found_and_counted_by_its_new_name(korea, index_dir) -> None:
    place = Place.objects.get(name="Pyongyang")
    place.name = "Pyongyang City"
    place.save()
    result = search("place:Pyongyang")
    assert dict(result.facets["place"])["Pyongyang City"] == 42
    assert "Pyongyang" not in dict(result.facets["place"])
    assert len(found('place:"Pyongyang City"')) == 42
