"""Result lists one can read: rows name their volume, number, place and date; rows of the same
title say what tells them apart; /documents/ lists dated documents first, by collection if
asked, a page at a time from a cursor; nothing unpublished is listed or counted.

The archive is the two seed pages and the Korea volume of FRUS (1964–68, v. XXIX, pt. 1),
imported and enriched once for the module; a test that changes records has an index of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from lxml import html

from readingroom.authorities import derived
from readingroom.authorities.enrichment import pending
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document, Status
from tests.builders import jsonl_record
from tests.conftest import SEEDS
from tests.frus_data import volume_path

pytestmark = [pytest.mark.frus, pytest.mark.django_db]

KOREA = "frus1964-68v29p1"
SHORT = "FRUS 1964–68, v. XXIX, pt. 1"
ALL = 371  # the volume's 369 documents and the two seed pages


@pytest.fixture(scope="module")
def korea(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    index = tmp_path_factory.mktemp("index")
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=index):
        try:
            assert not import_paths([*SEEDS, volume_path(KOREA)]).rejections
            enrich_ids(pending())
            derived.follow()  # the counts the lists give, as the worker keeps them
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


HITS = "//li[@class='hit']"  # the search page's rows
DOCLIST = "//ol[@class='doclist']/li"  # the rows of /documents/ and the home page's lists


def rows(page: str, path: str) -> list[tuple[str, str, str]]:
    """(title, detail, meta line) of each row at `path`, as a reader sees them."""
    out = []
    for item in html.fromstring(page).xpath(path):
        title = item.xpath(".//a")[0].text_content()
        detail = "".join(e.text_content() for e in item.xpath(".//*[@class='detail']"))
        meta = item.xpath(".//*[@class='meta']")[0].text_content()
        out.append(tuple(" ".join(text.split()) for text in (title, detail, meta)))
    return out


def headings(found: list[tuple[str, str, str]]) -> list[str]:
    return [f"{title} {detail}" if detail else title for title, detail, _ in found]


def links(page: str) -> list[str]:
    """The documents a list links to, in order."""
    return re.findall(r'<li><a href="/documents/([\w-]+)/">', page)


def walk(client, start: str) -> list[list[str]]:
    """Every page of /documents/ from `start`, following its Next links."""
    pages, url = [], start
    while url:
        page = client.get(url).content.decode()
        pages.append(links(page))
        found = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = "/documents/" + unescape(found.group(1)) if found else ""
    return pages


# ---------------------------------------------------------------- rows


def test_a_search_row_names_the_volume_number_place_and_date(korea, client) -> None:
    page = client.get('/search?q=title:"Memorandum of Conversation"&sort=date_asc').content
    found = rows(page.decode(), HITS)
    assert len(found) == 10
    assert all(meta.startswith(f"{SHORT}, No. ") for _, _, meta in found)
    page = client.get("/search?q=Kim Sung Eun Minister of Defense visit 1966").content.decode()
    metas = [meta for _, _, meta in rows(page, HITS)]
    assert f"{SHORT}, No. 87 · Washington, June 22, 1966, 2:35–3:40 p.m." in metas


def test_rows_of_the_same_title_are_told_apart(korea, client) -> None:
    page = client.get('/search?q=title:"Memorandum of Conversation"&sort=date_asc').content
    found = headings(rows(page.decode(), HITS))
    assert len(set(found)) == len(found), found  # no two rows read alike
    assert all(h.startswith("Memorandum of Conversation — ") for h in found), found
    listing = client.get("/documents/?collection=" + KOREA).content.decode()
    same = [h for h in headings(rows(listing, DOCLIST)) if h.startswith("Telegram")]
    assert len(same) > 2 and len(set(same)) == len(same), same


def test_a_row_shows_the_subject_of_a_memorandum(korea, client) -> None:
    page = client.get('/search?q=title:"Memorandum of Conversation" date:1966-06').content
    expected = (
        "Memorandum of Conversation — Visit of Korean Minister of Defense Kim Sung Eun, 22 June"
    )
    assert expected + " 1966" in headings(rows(page.decode(), HITS))


def test_a_title_the_list_gives_once_has_no_detail(korea, client) -> None:
    for url in ("/search?q=Seoul+telegram&sort=date_asc", "/documents/"):
        found = rows(client.get(url).content.decode(), HITS + " | " + DOCLIST)
        titles = [title.casefold() for title, _, _ in found]
        assert len(set(titles)) < len(titles), url  # the page has repeated titles and others
        for title, detail, _ in found:
            assert bool(detail) == (titles.count(title.casefold()) > 1), (url, title)


def test_the_home_page_lists_rows_the_same_way(korea, client) -> None:
    page = " ".join(client.get("/").content.decode().split())
    assert f'<span class="source">{SHORT}, No. ' in page


def test_user_text_in_a_row_is_escaped(korea, client, index_dir, tmp_path) -> None:
    lines = [
        jsonl_record(
            f"note-{n}", title="Note <b> quixotry", subjects=[f"<script>x{n}</script> & co"]
        )
        for n in (1, 2)
    ]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n")
    assert not import_paths([tmp_path / "records.jsonl"]).rejections
    derived.follow()
    pages = walk(client, "/documents/")
    assert pages[-1][-2:] == ["note-1", "note-2"]  # undated: last
    last = client.get("/documents/?after=" + pages[-2][-1]).content.decode()
    escaped = '&lt;b&gt; quixotry</a><span class="detail"> — &lt;script&gt;x1&lt;/script&gt; &amp;'
    assert escaped in last
    assert "<script>x" not in last
    found = client.get("/search?q=quixotry").content.decode()
    assert "&lt;script&gt;x2&lt;/script&gt; &amp; co" in found and "<script>x" not in found


# ---------------------------------------------------------------- /documents/


def test_documents_lists_dated_documents_first_and_undated_last(korea, client) -> None:
    pages = walk(client, "/documents/")
    order = [identifier for page in pages for identifier in page]
    assert len(order) == len(set(order)) == ALL
    assert all(len(page) == 50 for page in pages[:-1])
    dates = dict(Document.objects.values_list("identifier", "date_start"))
    starts = [dates[i] for i in order]
    dated = [d for d in starts if d is not None]
    assert starts[: len(dated)] == sorted(dated) and len(dated) == ALL - 39
    assert starts[len(dated) :] == [None] * 39  # the undated editorial notes, last
    assert order[0] == "seed-001_3f704298176807c3"  # June 6, 1959


def test_documents_pages_back_as_they_came(korea, client) -> None:
    forward = walk(client, "/documents/")
    page = client.get("/documents/?after=" + forward[-2][-1]).content.decode()
    assert links(page) == forward[-1]
    for expected in reversed(forward[:-1]):
        found = re.search(r'<a href="([^"]+)" rel="prev">', page)
        page = client.get("/documents/" + unescape(found.group(1))).content.decode()
        assert links(page) == expected
    assert 'rel="prev"' not in page


def test_a_page_reads_as_much_wherever_it_starts(korea, client, settings) -> None:
    """A cursor, not an offset: a page far down the list runs as many statements as one near
    the top, none of them an OFFSET or a count of the archive."""
    settings.PAGE_CACHE = ""  # each page read, not answered from the page cache
    forward = walk(client, "/documents/")
    counts = []
    for url in (
        "/documents/",
        f"/documents/?after={forward[3][-1]}",
        f"/documents/?after={forward[-2][-1]}",  # the last page: the undated documents
        f"/documents/?before={forward[-1][0]}",
    ):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
        assert not any(" OFFSET " in q["sql"] for q in queries.captured_queries)
        assert not any(
            q["sql"].lstrip().upper().startswith("SELECT COUNT") for q in queries.captured_queries
        )
    # with a cursor: its row, and one row past the page's other end (of each part it crosses)
    assert counts[1] == counts[2] == counts[0] + 2 and counts[3] <= counts[0] + 3, counts


def test_documents_can_be_browsed_by_collection(korea, client) -> None:
    page = client.get("/documents/").content.decode()
    assert f'<a href="?collection={KOREA}">' in page and "(369)" in page
    assert "371 documents" in page
    pages = walk(client, f"/documents/?collection={KOREA}")
    order = [identifier for page in pages for identifier in page]
    assert len(order) == 369 and all(i.startswith(KOREA) for i in order)
    first = client.get(f"/documents/?collection={KOREA}").content.decode()
    assert "369 documents" in first and 'aria-current="page"' in first
    unknown = client.get("/documents/?collection=no-such-volume").content.decode()
    assert "No collection with that key" in unknown
    assert links(unknown) == links(client.get("/documents/").content.decode())


def test_a_draft_is_not_listed_nor_counted(korea, client, index_dir) -> None:
    doc = Document.objects.get(identifier=f"{KOREA}-d87")
    doc.status = Status.DRAFT
    doc.save()
    derived.follow()
    order = [i for page in walk(client, "/documents/") for i in page]
    assert len(order) == ALL - 1 and doc.identifier not in order
    assert f"{ALL - 1} documents" in client.get("/documents/").content.decode()
    by_volume = [i for page in walk(client, f"/documents/?collection={KOREA}") for i in page]
    assert len(by_volume) == 368 and doc.identifier not in by_volume
    assert "(368)" in client.get("/documents/").content.decode()
    # its identifier as a cursor tells nothing: the list starts from the beginning
    assert links(client.get(f"/documents/?after={doc.identifier}").content.decode()) == order[:50]
    found = client.get("/search?q=Kim Sung Eun Minister of Defense visit 1966").content.decode()
    assert f"/documents/{doc.identifier}/" not in found
