"""The public event pages: the list and its filters and pages, an event with its sides and
every public account, merges, what an unpublished record hides, and the links to events from
person and document pages."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readingroom.authorities.derived import follow
from readingroom.authorities.enrichment import pending
from readingroom.authorities.models import Person
from readingroom.events.editing import merge
from readingroom.events.models import Event, EventDocument, EventParticipant
from readingroom.events.public import ORDER, within
from readingroom.ingest.runner import import_paths
from readingroom.ingest.tasks import enrich_ids
from readingroom.records.models import Document, Status
from readingroom.web.personpage import MEETING_LIMIT
from readingroom.web.views.events import PAGE_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def seeds(seed_paths, index_dir, settings) -> dict[str, Event]:
    """The two seeds imported and enriched: one event each (page cache off: the tests change
    events, which the change log does not record)."""
    settings.PAGE_CACHE = ""
    import_paths(seed_paths)
    enrich_ids(pending())  # as the import command does: people, then events
    follow()
    return {
        "1959": Event.objects.get(date_start__year=1959),
        "1964": Event.objects.get(date_start__year=1964),
    }


def doc(year: int) -> Document:
    return Document.objects.get(date_start__year=year)


def get(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def text(page: str) -> str:
    """What a reader sees: the page without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def participants(page: str) -> str:
    """The event page's participants section."""
    return page.split('id="participants-h"', 1)[1].split('id="accounts-h"', 1)[0]


def accounts(page: str) -> str:
    """The event page's accounts, side by side."""
    return page.split('id="accounts-h"', 1)[1].split("</main>", 1)[0]


def sides(page: str) -> dict[str, list[str]]:
    """Each side's heading and the names of the people under it."""
    found = {}
    for part in participants(page).split("<h3 ")[1:]:
        heading = re.search(r">([^<]+)</h3>", part).group(1)
        found[heading] = re.findall(r'<a href="/people/[^"]+/">([^<]+)</a>', part)
    return found


def listed(page: str) -> list[str]:
    """The slugs of the events the list shows, in order."""
    body = page.split('<ol class="doclist eventlist">', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'href="/events/([^/"]+)/"', body)


def add_events(count: int, *, person: Person | None = None) -> list[Event]:
    """`count` more public events, each mentioned by the 1964 seed; a third each day with no
    time, at 09:00 and at 14:30 (ties the order must break), two undated. A curator names
    `person` at each."""
    events = Event.objects.bulk_create(
        Event(
            slug=f"extra-{n:04d}",
            name=f"Extra meeting {n}",
            kind="meeting",
            date_text="" if n < 2 else f"day {n // 3}",
            date_start=None if n < 2 else date(1970, 1, 1) + timedelta(days=n // 3),
            date_end=None if n < 2 else date(1970, 1, 1) + timedelta(days=n // 3),
            time_start=("", "09:00", "14:30")[n % 3],
        )
        for n in range(count)
    )
    EventDocument.objects.bulk_create(
        EventDocument(event=e, document=doc(1964), relation="mentions", evidence="curator")
        for e in events
    )
    if person is not None:
        EventParticipant.objects.bulk_create(
            EventParticipant(event=e, person=person, document=None) for e in events
        )
    return events


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_public_event_with_its_facts(client, seeds):
    page = get(client, "/events/")
    assert listed(page) == [seeds["1959"].slug, seeds["1964"].slug]
    shown = text(page)
    for event in seeds.values():
        assert f"{event.name} {event.date_text} · Conversation · 1 account" in shown
    assert '<a href="/events/">Events</a>' in page  # in the site's navigation


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"person": "choe-yong-geon"}, ["1959"]),
        ({"person": "an-yong"}, ["1964"]),
        ({"person": "enver-hoxha"}, ["1959", "1964"]),
        ({"from": "1960"}, ["1964"]),
        ({"to": "1960"}, ["1959"]),
        ({"from": "1959", "to": "1959"}, ["1959"]),
        ({"kind": "meeting"}, ["1964"]),
        ({"kind": "conversation"}, ["1959"]),
        ({"place": "tiran"}, ["1959"]),
        ({"place": "Pyongyang"}, []),
    ],
)
def test_the_list_is_narrowed_by_its_filters(client, seeds, params, expected):
    Event.objects.filter(pk=seeds["1964"].pk).update(kind="meeting")
    Event.objects.filter(pk=seeds["1959"].pk).update(place="Tirana")
    assert listed(get(client, "/events/", **params)) == [seeds[y].slug for y in expected]


def test_filters_it_cannot_read_are_said_and_left_out(client, seeds):
    page = get(client, "/events/", kind="party", person="nobody-at-all", **{"from": "soon"})
    assert listed(page) == [seeds["1959"].slug, seeds["1964"].slug]
    assert "“party” is not a kind of event" in page
    assert "No person with that address" in page
    assert "“soon” is not a year" in page


def test_pages_walk_every_event_once_in_index_order_both_ways(client, seeds):
    add_events(2 * PAGE_SIZE + 7)
    ordered = Event.objects.public().order_by(*ORDER)
    everything = [  # the dated in index order, then the undated, on either database
        *ordered.exclude(date_start=None).values_list("slug", flat=True),
        *ordered.filter(date_start=None).values_list("slug", flat=True),
    ]
    pages, url = [], "/events/"
    while url:
        page = get(client, url)
        pages.append(listed(page))
        found = re.search(r'<a href="(\?[^"]+)" rel="next">', page)
        url = "/events/" + found.group(1) if found else ""
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 9]
    assert [slug for p in pages for slug in p] == everything
    back = re.search(r'<a href="(\?[^"]+)" rel="prev">', page).group(1)
    assert listed(get(client, "/events/" + back)) == pages[1]
    assert 'rel="prev"' not in get(client, "/events/")


def test_pages_keep_the_filters(client, seeds):
    add_events(PAGE_SIZE + 5)
    page = get(client, "/events/", kind="meeting")
    assert listed(page)[0].startswith("extra-")
    assert re.search(r'href="\?kind=meeting&after=[^"]+" rel="next"', page)


def test_a_page_costs_the_same_however_many_events_there_are(client, seeds):
    add_events(PAGE_SIZE + 10)
    after = Event.objects.order_by(*ORDER).values_list("slug", flat=True)[5]
    with CaptureQueriesContext(connection) as small:
        get(client, "/events/", after=after)
    Event.objects.filter(slug__startswith="extra-").delete()
    add_events(4 * PAGE_SIZE)
    with CaptureQueriesContext(connection) as large:
        get(client, "/events/", after=after)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_later_page_starts_at_its_cursor_in_the_index(seeds):
    """Not by reading every event before it: a range of `event_by_date`, both ways, with or
    without statistics (the index on `merged_into` holds only the merged events, so
    `public()`'s `IS NULL` never leads SQLite to it)."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan is SQLite's")
    add_events(20)
    event = seeds["1959"]
    key = (event.date_start, event.time_start, event.slug)
    for forward, sign in ((True, ">"), (False, "<")):
        order = ORDER if forward else [f"-{name}" for name in ORDER]
        rows = Event.objects.public().filter(within(key, False, forward)).order_by(*order)
        plan = rows[: PAGE_SIZE + 1].explain()
        assert f"SEARCH events_event USING INDEX event_by_date (date_start{sign}?)" in plan


# ---------------------------------------------------------------- an event


def test_an_event_page_shows_its_facts_sides_and_account(client, seeds):
    event = seeds["1964"]
    page = get(client, event.get_absolute_url())
    shown = text(page)
    assert f"<h1>{event.name}</h1>" in page
    assert "Kind Conversation" in shown and f"Date {event.date_text}" in shown
    by_side = sides(page)
    assert "An Yong" in by_side["North Korea"] and "Gogo Nushi" in by_side["Albania"]
    assert list(by_side)[-1] == "Side not stated" and by_side["Side not stated"]
    everyone = [name for names in by_side.values() for name in names]
    assert sorted(everyone) == sorted(p.person.name for p in event.participants.all())
    assert '<a href="/people/an-yong/">An Yong</a>' in page
    assert "Ambassador Extraordinaire and Plenipotentiary" in page
    record = doc(1964)
    assert f'<a href="{record.get_absolute_url()}">{record.title}</a>' in page
    assert "Record of" in shown and "Its own record" in shown
    assert '<a href="/search?q=event%3A' + event.slug + '">Search these accounts</a>' in page


def test_a_records_column_quotes_its_first_turns_with_the_speaker(client, seeds):
    page = get(client, seeds["1959"].get_absolute_url())
    column = text(page.split('<div class="passage">', 1)[1].split("</div>", 1)[0])
    assert column.startswith("¶ Read on in the document Comrade Enver Hoxha: We are extremely")
    assert column.count("¶") == 3


def test_another_accounts_column_quotes_its_passage(client, seeds):
    record = doc(1964)
    block = record.blocks.filter(kind="paragraph").order_by("order")[2]
    EventDocument.objects.create(
        event=seeds["1959"], document=record, relation="report", evidence="curator",
        note="A curator's <b>reason</b>", passage=block.order,
    )  # fmt: skip
    page = client.get(seeds["1959"].get_absolute_url()).content.decode()
    assert page.count('class="account"') == 2
    second = page.split('class="account"')[2]
    assert "Report of" in second and "Linked by a curator" in second
    assert "A curator&#x27;s &lt;b&gt;reason&lt;/b&gt;" in second
    assert block.text[:40] in html.unescape(second)


def test_a_merged_event_moves_for_good_to_the_one_it_joined(client, seeds):
    merge(seeds["1959"], [seeds["1964"]], "curator", "one visit")
    response = client.get(seeds["1964"].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == seeds["1959"].get_absolute_url()
    page = get(client, seeds["1959"].get_absolute_url())
    assert page.count('class="account"') == 2
    assert "An Yong" in page and "Choe Yong-geon" in page
    assert listed(get(client, "/events/")) == [seeds["1959"].slug]


def test_an_unpublished_records_account_and_people_are_not_shown(client, seeds):
    merge(seeds["1959"], [seeds["1964"]], "curator", "one visit")
    hidden = doc(1964)
    hidden.status = Status.DRAFT
    hidden.save()
    page = get(client, seeds["1959"].get_absolute_url())
    assert page.count('class="account"') == 1
    assert hidden.title not in page and hidden.identifier not in page
    people = [name for names in sides(page).values() for name in names]
    assert "Choe Yong-geon" in people and "Enver Hoxha" in people
    assert "An Yong" not in people and "Gogo Nushi" not in people
    assert "An Yong" not in accounts(page) and "Gogo Nushi" not in accounts(page)


def test_the_name_of_a_merged_event_names_no_one_only_an_unpublished_record_places(client, seeds):
    merge(seeds["1959"], [seeds["1964"]], "curator", "one visit")
    hidden = doc(1964)
    hidden.status = Status.DRAFT
    hidden.save()
    assert "An Yong" not in get(client, seeds["1959"].get_absolute_url())


def test_an_event_only_an_unpublished_record_tells_of_is_missing(client, seeds):
    hidden = doc(1964)
    hidden.status = Status.EMBARGOED
    hidden.embargo_until = date(2999, 1, 1)
    hidden.save()
    missing = client.get("/events/no-such-event/")
    response = client.get(seeds["1964"].get_absolute_url())
    assert (response.status_code, response.content) == (404, missing.content)
    assert listed(get(client, "/events/")) == [seeds["1959"].slug]
    assert seeds["1964"].name not in get(client, "/people/enver-hoxha/")


def test_a_curators_description_is_escaped(client, seeds):
    event = seeds["1959"]
    event.description = "<script>alert('x')</script>\nSecond line & more"
    event.save()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Second line &amp; more" in page


# ---------------------------------------------------------------- links to events


def test_a_person_page_lists_their_meetings(client, seeds):
    page = get(client, "/people/enver-hoxha/")
    section = page.split('<h2 id="meetings-h">Meetings</h2>', 1)[1].split("</section>", 1)[0]
    for event in seeds.values():
        assert f'<a href="{event.get_absolute_url()}">{event.name}</a>' in section
    assert "Conversation" in text(section)
    assert 'href="/events/?person=enver-hoxha"' in section
    assert "Meetings</h2>" not in get(client, "/people/haxhi-kroi/", **{"as": "speaker"})


def test_a_person_page_lists_only_the_first_meetings(client, seeds):
    add_events(MEETING_LIMIT + 5, person=Person.objects.get(slug="enver-hoxha"))
    page = get(client, "/people/enver-hoxha/")
    section = page.split('<h2 id="meetings-h">Meetings</h2>', 1)[1].split("</section>", 1)[0]
    assert section.count('href="/events/') == MEETING_LIMIT + 1  # and the link to them all
    assert "All meetings of Enver Hoxha" in section


def test_a_document_page_names_its_events(client, seeds):
    event = seeds["1959"]
    page = get(client, doc(1959).get_absolute_url())
    assert f'<li>Record of <a href="{event.get_absolute_url()}">{event.name}</a></li>' in page


def test_the_network_says_what_it_is_drawn_from(client, seeds):
    page = text(get(client, "/network/"))
    assert "present at the same public document" in page
    assert '<a href="/events/">Events</a>' in get(client, "/network/").split("<main", 1)[1]
