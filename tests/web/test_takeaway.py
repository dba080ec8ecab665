"""Result lists to take away: every list (search, person, event, collection) downloads as CSV,
RIS, BibTeX and CSL-JSON, capped and said so, and follows as an Atom feed of new documents;
read back by the csv module, rispy, bibtexparser, json and feedparser. Drafts and embargoed
records never appear; a draft published later is new in the feed then."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import timedelta
from urllib.parse import urlencode

import bibtexparser
import feedparser
import pytest
import rispy
from django.utils import timezone

from readingroom.authorities.appearances import documents_of
from readingroom.authorities.derived import follow
from readingroom.authorities.derived_models import PLACE
from readingroom.authorities.enrichment import pending
from readingroom.authorities.models import Person, Place
from readingroom.curation.revisions import save_edit
from readingroom.events.models import Event
from readingroom.events.public import public_accounts
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Collection, Document, Status
from readingroom.search.sync import sync_index
from readingroom.web import namedpage
from tests.builders import jsonl_record
from tests.frus_data import excerpt_path

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WORD = "harvest"
HOSTILE = '=HYPERLINK("http://x") <b>&amp; "{harvest}" \x0b'  # formula, markup, brace, control


def letter(n: int, title: str = "", **more) -> str:
    """A dated letter of the `letters` collection whose summary says WORD."""
    day = f"1959-0{n}-01"
    when = {"text": day, "start": day, "end": day, "precision": "day"}
    return jsonl_record(
        f"letter-{n}",
        title=title or f"Letter {n} on the {WORD}",
        summary=f"On the {WORD} of 1959, letter {n}.",
        date=when,
        collections=["letters"],
        credits=[{"role": "author", "name": f"Writer {n}"}],
        **more,
    )


@pytest.fixture
def archive(tmp_path, seed_paths, index_dir, settings) -> None:
    """The seeds (people, events), a FRUS excerpt (a volume) and six letters: the draft made
    first (lowest id), four public ones, the third with a hostile title, and one under
    embargo. The page cache is off: the tests publish a draft by hand."""
    settings.PAGE_CACHE = ""
    collection = json.dumps({"collection": {"key": "letters", "title": "Letters of 1959"}})
    lines = [collection, letter(6, status=Status.DRAFT)]
    lines += [letter(n, HOSTILE if n == 3 else "") for n in (1, 2, 3, 4)]
    lines.append(letter(5, status=Status.EMBARGOED, embargo_until="2999-01-01"))
    path = tmp_path / "letters.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_paths([*seed_paths, excerpt_path("frus1961-63v06"), path])
    assert report.rejections == []
    enrich_ids(pending())  # people, then events, as the import command does
    follow()
    sync_index()


def get(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    return response


def rows(client, **params) -> list[dict[str, str]]:
    text = get(client, "/search/export.csv", **params).content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def identifiers(client, **params) -> list[str]:
    return [row["identifier"] for row in rows(client, **params)]


def public_letters() -> list[str]:
    return ["letter-1", "letter-2", "letter-3", "letter-4"]


# ---------------------------------------------------------------- the four lists


def test_a_search_downloads_as_its_results(client, archive):
    shown = get(client, "/search", q=WORD, sort="date_asc").content.decode()
    assert re.findall(r'href="/documents/(letter-\d)/"', shown) == public_letters()
    assert identifiers(client, q=WORD, sort="date_asc") == public_letters()
    assert identifiers(client, q=WORD, sort="date_desc") == public_letters()[::-1]


def test_a_person_list_is_what_person_finds(client, archive):
    person = Person.objects.get(name="Enver Hoxha")
    public = Document.objects.public().filter(pk__in=documents_of([person.pk]))
    expected = sorted(public.values_list("identifier", flat=True))
    assert expected
    assert sorted(identifiers(client, person=person.name)) == expected
    page = get(client, person.get_absolute_url()).content.decode()
    assert "/search/export.csv?person=Enver+Hoxha&amp;sort=date_asc" in page


def test_an_event_list_is_its_records_and_reports(client, archive):
    for event in Event.objects.public():
        accounts = [a for a in public_accounts(event) if a.relation in ("record", "report")]
        expected = sorted(a.document.identifier for a in accounts)
        assert expected
        assert sorted(identifiers(client, q=f"event:{event.slug}")) == expected
        page = get(client, event.get_absolute_url()).content.decode()
        assert f"/search/export.ris?q=event%3A{event.slug}&amp;sort=date_asc" in page


@pytest.mark.parametrize("key", ["letters", "frus1961-63v06"])
def test_a_collection_list_is_its_public_documents(client, archive, key):
    collection = Collection.objects.get(key=key)
    expected = list(
        collection.documents.public().order_by("date_start").values_list("identifier", flat=True)
    )
    assert identifiers(client, collection=collection.title, sort="date_asc") == expected
    page = html.unescape(get(client, f"/collections/{key}/").content.decode())
    query = urlencode([("collection", collection.title), ("sort", "date_asc")])
    assert f'href="/search/export.bib?{query}"' in page


# ---------------------------------------------------------------- formats


def test_csv_rows_are_the_results_with_formulas_kept_as_text(client, archive):
    found = {row["identifier"]: row for row in rows(client, q=WORD, sort="date_asc")}
    assert list(found) == public_letters()
    hostile = found["letter-3"]["title"]
    assert hostile.startswith("'=HYPERLINK(") and "<b>&amp;" in hostile
    first = found["letter-1"]
    assert (first["date"], first["date_start"], first["collections"]) == (
        "January 1, 1959",
        "1959-01-01",
        "Letters of 1959",
    )
    assert first["url"] == "http://testserver/documents/letter-1/"
    assert first["citation"].startswith("“Letter 1 on the harvest.” January 1, 1959.")


def test_ris_reads_back_with_titles_and_dates(client, archive):
    text = get(client, "/search/export.ris", q=WORD, sort="date_asc").content.decode()
    entries = rispy.loads(text)
    assert [e["id"] for e in entries] == public_letters()
    assert entries[0]["title"] == "Letter 1 on the harvest"
    assert [e["date"] for e in entries] == [f"1959/0{n}/01/" for n in (1, 2, 3, 4)]
    assert entries[2]["title"] == " ".join(HOSTILE.replace("\x0b", " ").split())  # one line


def test_bibtex_reads_back_with_unique_keys(client, archive):
    text = get(client, "/search/export.bib", q=WORD, sort="date_asc").content.decode()
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [] and library.comments == []
    assert [e.key for e in library.entries] == public_letters()
    first = library.entries[0]
    assert (first["title"], first["year"], first["month"]) == (
        "{Letter 1 on the harvest}",
        "1959",
        "1",
    )
    assert all(e["year"] == "1959" for e in library.entries)


def test_a_volume_is_cited_as_a_book_in_every_format(client, archive):
    title = Collection.objects.get(key="frus1961-63v06").title
    library = bibtexparser.parse_string(
        get(client, "/search/export.bib", collection=title).content.decode()
    )
    assert {e.entry_type for e in library.entries} == {"incollection"}
    assert {e["booktitle"] for e in library.entries} == {title}
    items = json.loads(get(client, "/search/export.csl.json", collection=title).content)
    assert [i["chapter-number"] for i in items] == ["1", "2", "3"]


def test_csl_json_parses_in_the_lists_order(client, archive):
    items = json.loads(get(client, "/search/export.csl.json", q=WORD, sort="date_asc").content)
    assert [i["id"] for i in items] == public_letters()
    assert items[1]["issued"] == {"date-parts": [[1959, 2, 1]]}


# ---------------------------------------------------------------- the cap


def test_the_cap_is_applied_and_said(client, archive, settings):
    settings.TAKEAWAY_CAP = 2
    response = get(client, "/search/export.csv", q=WORD, sort="date_asc")
    assert [r["identifier"] for r in csv.DictReader(io.StringIO(response.content.decode()))] == [
        "letter-1",
        "letter-2",
    ]
    assert (response["X-Result-Total"], response["X-Result-Count"], response["X-Result-Cap"]) == (
        "4",
        "2",
        "2",
    )
    assert "the first 2 of 4 documents" in response["X-Result-Note"]
    library = bibtexparser.parse_string(get(client, "/search/export.bib", q=WORD).content.decode())
    assert len(library.entries) == 2
    assert "the first 2 of 4 documents" in library.comments[0].comment
    page = get(client, "/search", q=WORD).content.decode()
    assert "Take the first 2 of 4 documents away" in page
    settings.TAKEAWAY_CAP = 10
    assert "X-Result-Note" not in get(client, "/search/export.ris", q=WORD)


def test_the_search_page_offers_the_lists_links_and_its_feed(client, archive):
    page = get(client, "/search", q=WORD, collection="Letters of 1959", exact="1")
    page = page.content.decode()
    head = page.split("</head>", 1)[0]
    feed_link = '<link rel="alternate" type="application/atom+xml"'
    assert feed_link in head
    assert 'href="/search/feed.atom?q=harvest&amp;collection=Letters+of+1959&amp;exact=1"' in head
    for ext in ("csv", "ris", "bib", "csl.json"):
        assert (
            f'href="/search/export.{ext}?q=harvest&amp;collection=Letters+of+1959&amp;exact=1"'
            in page
        )


# ---------------------------------------------------------------- unpublished records


def test_drafts_and_embargoed_records_never_appear(client, archive):
    for ext in ("csv", "ris", "bib", "csl.json"):
        text = get(client, f"/search/export.{ext}", q=WORD).content.decode()
        assert "letter-6" not in text and "letter-5" not in text, ext
    text = get(client, "/search/export.csv", collection="Letters of 1959").content.decode()
    assert "letter-6" not in text and "letter-5" not in text
    assert "letter-6" not in get(client, "/search/feed.atom", q=WORD).content.decode()
    everything = Document.objects.public().values_list("identifier", flat=True)
    assert sorted(identifiers(client)) == sorted(everything)  # no query: the whole archive
    assert "letter-6" not in get(client, "/search/feed.atom").content.decode()


# ---------------------------------------------------------------- the feed


def feed(client, **params) -> feedparser.FeedParserDict:
    response = get(client, "/search/feed.atom", **params)
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_the_feed_is_valid_atom_newest_first(client, archive):
    parsed = feed(client, q=WORD)
    assert parsed.version == "atom10"
    assert parsed.feed.title == f"readingroom: ({WORD})"
    assert parsed.feed.id == f"http://testserver/search/feed.atom?q={WORD}"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == parsed.feed.id and links["alternate"].endswith(f"/search?q={WORD}")
    ids = [entry.id for entry in parsed.entries]
    assert ids == [f"http://testserver/documents/{i}/" for i in public_letters()[::-1]]
    hostile = parsed.entries[1]
    assert hostile.title == " ".join(HOSTILE.replace("\x0b", "").split(" ")).strip()
    assert hostile.author == "Writer 3" and hostile.link == ids[1]
    assert "January 1, 1959 — Letters of 1959 — On the harvest" in parsed.entries[3].summary
    assert parsed.feed.updated_parsed and all(e.updated_parsed for e in parsed.entries)


def test_a_draft_published_later_is_new_in_the_feed(client, archive, settings):
    settings.FEED_SIZE = 3
    before = [e.id.rsplit("/", 2)[1] for e in feed(client, q=WORD).entries]
    assert before == ["letter-4", "letter-3", "letter-2"]
    draft = Document.objects.get(identifier="letter-6")
    assert draft.pk < Document.objects.get(identifier="letter-1").pk  # made first
    draft.status = Status.PUBLISHED
    save_edit(draft, ["status"], actor="curator", reason="published")
    parsed = feed(client, q=WORD)
    after = [e.id.rsplit("/", 2)[1] for e in parsed.entries]
    assert after == ["letter-6", "letter-4", "letter-3"]
    published = parsed.entries[0].published_parsed
    assert published >= (timezone.now() - timedelta(minutes=5)).utctimetuple()
    assert "letter-6" in identifiers(client, q=WORD)


def test_an_empty_feed_is_still_valid(client, archive):
    parsed = feed(client, q="nothingmatchesthisword")
    assert parsed.entries == [] and parsed.feed.updated_parsed


@pytest.mark.parametrize("name", ["Moscow", "Pyongyang"])
def test_a_place_list_is_what_place_finds(client, archive, name):
    """As many documents as the place page counts (written there or naming it), and the
    page links to them."""
    place = namedpage.public(Place, PLACE).get(name=name)
    total = namedpage.Counts.of(PLACE, place.pk).total
    assert total and len(identifiers(client, place=name)) == total
    page = get(client, place.get_absolute_url()).content.decode()
    assert f'href="/search/export.csv?place={name}&amp;sort=date_asc"' in page


def test_the_query_is_echoed_safely(client, archive):
    query = f'{WORD} OR "</title><script>alert(1)</script>" \x07 & ]]>'
    parsed = feed(client, q=query)
    assert parsed.feed.title.startswith(f"readingroom: ({WORD} OR")
    assert "<script>alert(1)</script>" in parsed.feed.title  # text, not markup
    response = get(client, "/search/export.csv", q=query)
    assert response["Content-Disposition"].startswith('attachment; filename="readingroom-harvest')
    page = get(client, "/search", q=query).content.decode()
    assert "<script>alert" not in page
    assert "/search/export.csv?q=harvest+OR+%22%3C%2Ftitle%3E%3Cscript%3E" in page
