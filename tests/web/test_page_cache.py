"""The page cache: a second anonymous read of a public page runs no view, a conditional GET is
answered from the change log's version alone, and a change (a save, an embargo ending by the
calendar, a withdrawal) is on every page at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Collection, Document, Status
from readingroom.search import similar_lists
from readingroom.web.caching import storable

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WORD = "vexillum"


@pytest.fixture
def seeds(seed_paths, index_dir, settings) -> list[Document]:
    """The two seeds, the first in a collection, and an empty page cache."""
    settings.PAGE_CACHE = "pages"
    caches["pages"].clear()
    import_paths(seed_paths)
    docs = list(Document.objects.order_by("date_start"))
    volume = Collection.objects.create(key="volume", title="The Volume")
    docs[0].collections.add(volume)
    docs[0].save()  # membership is not logged; the save is
    return docs


def urls(docs: list[Document]) -> list[str]:
    doc = docs[0].identifier
    return [
        "/",
        "/documents/",
        f"/documents/{doc}/",
        "/people/enver-hoxha/",
        "/collections/volume/",
        "/network/",
        "/search?q=Hoxha",
        f"/api/v1/documents/{doc}",
        "/api/v1/documents?limit=5",
        "/api/v1/search?q=Hoxha",
        "/api/v1/persons/enver-hoxha",
    ]


def read(client, url: str, **headers) -> tuple[int, bytes, int]:
    """(status, body, number of SQL queries the request ran)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response.status_code, response.content, len(queries.captured_queries)


def settle(client, url: str) -> None:
    """Read a page until it is kept. A page is kept once what it reads has followed the log:
    the search index (a search follows it itself) and the stored related documents and
    network, which a queue worker follows (run here as the worker would)."""
    similar_lists.follow()  # the people lists, then the lists by content
    for _ in range(3):
        client.get(url)


def test_a_second_read_runs_no_view(client, seeds):
    for url in urls(seeds):
        settle(client, url)
        status, body, queries = read(client, url)
        assert status == 200 and queries <= 1, url  # the version, and nothing else
        assert client.get(url).content == body


def test_a_conditional_get_is_answered_from_the_version(client, seeds):
    for url in urls(seeds):
        settle(client, url)
        etag = client.get(url)["ETag"]
        status, body, queries = read(client, url, HTTP_IF_NONE_MATCH=etag)
        assert (status, body) == (304, b"") and queries <= 1, url
    api = client.get("/api/v1/persons/enver-hoxha")
    again = client.get("/api/v1/persons/enver-hoxha", HTTP_IF_NONE_MATCH=api["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"


def test_a_saved_change_shows_at_once(client, seeds):
    doc = seeds[0]
    pages = [f"/documents/{doc.identifier}/", "/people/enver-hoxha/", "/", "/collections/volume/"]
    old = {}
    for url in pages:
        settle(client, url)
        old[url] = client.get(url)["ETag"]
        assert read(client, url)[2] <= 1  # kept
    doc.title = f"The {WORD.capitalize()} talks"
    doc.save()
    for url in pages:
        response = client.get(url, HTTP_IF_NONE_MATCH=old[url])
        assert response.status_code == 200 and WORD in response.content.decode().lower(), url


def test_a_withdrawn_record_leaves_every_kept_page(client, seeds):
    doc = seeds[0]
    doc.title = f"The {WORD.capitalize()} talks"
    doc.save()  # published
    pages = ["/", "/documents/", "/people/enver-hoxha/", "/search?q=Hoxha", "/api/v1/documents"]
    pages += ["/api/v1/search?q=Hoxha", "/collections/volume/"]
    for url in pages:
        settle(client, url)
        _, body, queries = read(client, url)
        assert WORD in body.decode().lower() and queries <= 1, url
    doc.status = Status.WITHDRAWN
    doc.save()
    for url in pages:
        response = client.get(url)
        assert WORD not in response.content.decode().lower(), url
    assert client.get(f"/documents/{doc.identifier}/").status_code == 410


def test_an_embargo_ending_by_the_calendar_shows_the_record(client, seeds):
    doc = seeds[0]
    doc.status, doc.embargo_until = Status.EMBARGOED, timezone.localdate() + timedelta(days=1)
    doc.save()
    settle(client, "/documents/")
    _, body, queries = read(client, "/documents/")
    assert doc.identifier not in body.decode() and queries <= 1
    yesterday = timezone.localdate() - timedelta(days=1)
    Document.objects.filter(pk=doc.pk).update(embargo_until=yesterday)  # time passes, no edit
    assert doc.identifier in client.get("/documents/").content.decode()


def test_curators_and_writes_are_never_served_from_the_cache(client, seeds, django_user_model):
    settle(client, "/people/enver-hoxha/")
    assert read(client, "/people/enver-hoxha/")[2] <= 1
    client.force_login(django_user_model.objects.create_user("curator", password="x" * 12))
    status, _, queries = read(client, "/people/enver-hoxha/")
    assert status == 200 and queries > 1  # the view ran for the curator
    assert read(client, "/people/enver-hoxha/")[2] > 1  # and was not kept for them
    client.logout()
    assert read(client, "/people/enver-hoxha/")[2] <= 1  # kept for readers all along
    with CaptureQueriesContext(connection) as queries:
        client.post("/people/enver-hoxha/")
    assert len(queries.captured_queries) > 1  # a POST runs the view


def test_answers_that_set_a_cookie_or_vary_by_it_are_not_kept():
    request = RequestFactory().get("/search?q=x")
    assert storable(request, HttpResponse("page"))
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("csrftoken", "t")
    varying = HttpResponse("page", headers={"Vary": "Cookie"})
    private = HttpResponse("page", headers={"Cache-Control": "private"})
    behind = HttpResponse("page", headers={"Cache-Control": "no-cache"})  # stored data behind
    for response in (with_cookie, varying, private, behind, HttpResponse("gone", status=410)):
        assert not storable(request, response)
    assert not storable(RequestFactory().post("/search"), HttpResponse("page"))


def test_a_search_is_kept_only_once_the_index_has_the_change(client, seeds):
    doc = seeds[1]
    doc.title = f"The {WORD.capitalize()} report"
    doc.save()  # logged; the index follows at the next search
    url = f"/search?q={WORD}"
    first = client.get(url).content.decode().lower()
    assert WORD in first
    assert read(client, url)[2] > 1  # the first answer was not kept: the index was behind
    assert read(client, url)[2] <= 1
