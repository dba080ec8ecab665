"""robots.txt and the sitemap: published records only, in files of at most 50,000 URLs.

/sitemap.xml is an index of /sitemaps/documents-N.xml (documents by id, lastmod = when they
last changed) and /sitemaps/pages.xml (collections and people with public documents).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from lxml import etree

from readingroom.authorities.appearances import public_people
from readingroom.records.models import Collection, Document

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PER_FILE = 50_000


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search",  # endless query combinations; documents are in the sitemap
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _xml(root: etree._Element) -> HttpResponse:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _files() -> int:
    """How many documents-N.xml files the public documents fill (at least one)."""
    return max(1, -(-Document.objects.public().count() // PER_FILE))


def sitemap_index(request: HttpRequest) -> HttpResponse:
    root = etree.Element(f"{{{NS}}}sitemapindex", nsmap={None: NS})
    names = [f"documents-{n}.xml" for n in range(1, _files() + 1)] + ["pages.xml"]
    for name in names:
        entry = etree.SubElement(root, f"{{{NS}}}sitemap")
        loc = request.build_absolute_uri(f"/sitemaps/{name}")
        etree.SubElement(entry, f"{{{NS}}}loc").text = loc
    return _xml(root)


def documents_sitemap(request: HttpRequest, number: str) -> HttpResponse:
    """documents-N.xml for N the index lists; any other N (0, past the end) is a 404."""
    page = int(number)
    if not 1 <= page <= _files():
        raise Http404("No such sitemap")
    docs = Document.objects.public().order_by("pk").values_list("identifier", "modified")
    chunk = docs[(page - 1) * PER_FILE : page * PER_FILE]
    base = request.build_absolute_uri("/").rstrip("/")
    return _xml(_urlset((f"{base}/documents/{i}/", when) for i, when in chunk))


def pages_sitemap(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    paths = ["/", "/documents/"]
    paths += [c.get_absolute_url() for c in Collection.objects.public()]
    paths += [p.get_absolute_url() for p in public_people().order_by("slug")]
    return _xml(_urlset((base + path, None) for path in paths))


def _urlset(entries: Iterable[tuple[str, datetime | None]]) -> etree._Element:
    root = etree.Element(f"{{{NS}}}urlset", nsmap={None: NS})
    for loc, modified in entries:
        url = etree.SubElement(root, f"{{{NS}}}url")
        etree.SubElement(url, f"{{{NS}}}loc").text = loc
        if modified is not None:
            etree.SubElement(url, f"{{{NS}}}lastmod").text = modified.date().isoformat()
    return root
