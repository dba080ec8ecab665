"""robots.txt and the sitemap list published documents only."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from rich.console import Console

from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_names_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body and "Disallow: /admin/" in body


def test_sitemap_lists_published_documents_only(client, seed_paths, index_dir):
    import_paths(seed_paths, console=Console(file=io.StringIO()))
    draft, published = Document.objects.order_by("identifier")
    draft.status = Status.DRAFT
    draft.save()
    index = etree.fromstring(client.get("/sitemap.xml").content)
    files = [loc.text.removeprefix("http://testserver") for loc in index.iter(f"{NS}loc")]
    assert files == ["/sitemaps/documents-1.xml", "/sitemaps/pages.xml"]
    everything = ""
    for path in files:
        response = client.get(path)
        assert response.status_code == 200
        everything += response.content.decode()
    docs = etree.fromstring(client.get(files[0]).content)
    locs = [loc.text for loc in docs.iter(f"{NS}loc")]
    assert locs == [f"http://testserver/documents/{published.identifier}/"]
    assert draft.identifier not in everything
    assert client.get("/sitemaps/documents-2.xml").status_code == 404
