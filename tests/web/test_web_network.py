"""The network page: who counts, the filters, a drawing that is never cut and always the same."""

from __future__ import annotations

import html
import re
from datetime import date
from xml.etree import ElementTree

import pytest

from readingroom.authorities.derived import follow
from readingroom.authorities.models import Person
from readingroom.records.models import Collection, Document, Participant, Status
from readingroom.web import netdrawing
from readingroom.web.netdrawing import COMPACT, FULL, LINE, layout, text_width, wrap

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SVG = "{http://www.w3.org/2000/svg}"


def meeting(
    identifier: str,
    people: list[Person],
    *,
    year: int = 1960,
    status: str = Status.PUBLISHED,
    collection: Collection | None = None,
) -> Document:
    """A document at which these people were present (as the publisher's participants)."""
    doc = Document.objects.create(
        identifier=identifier,
        title=f"Talks {identifier}",
        status=status,
        date_start=date(year, 5, 1),
    )
    for order, person in enumerate(people):
        Participant.objects.create(document=doc, order=order, name=person.name, person=person)
    if collection:
        doc.collections.add(collection)
    return doc


def person(name: str) -> Person:
    return Person.objects.create(name=name)


def pairs_on(page: str) -> set[frozenset[str]]:
    """The pairs the table lists, as sets of two names."""
    rows = re.findall(
        r'<tr><td><a href="[^"]+">([^<]+)</a></td><td><a href="[^"]+">([^<]+)</a>', page
    )
    return {frozenset((html.unescape(a), html.unescape(b))) for a, b in rows}


def drawings_on(page: str) -> list[ElementTree.Element]:
    return [ElementTree.fromstring(s) for s in re.findall(r"<svg .*?</svg>", page)]


def get(client, query: str = "") -> str:
    follow()  # the page reads counts kept from the change log (authorities.derived)
    return page_of(client, query)


def page_of(client, query: str = "") -> str:
    response = client.get("/network/" + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cast(index_dir) -> dict[str, Person]:
    """Two collections, two decades, and a draft that must stay unseen."""
    names = ["Anna Alder", "Boris Birch", "Chen Cedar", "Dora Dogwood", "Emil Elm", "Hidden Hazel"]
    people = {name.split()[0].lower(): person(name) for name in names}
    early = Collection.objects.create(key="early-talks", title="Early talks")
    late = Collection.objects.create(key="late-talks", title="Late talks")
    a, b, c, d, e = (people[k] for k in ("anna", "boris", "chen", "dora", "emil"))
    meeting("e1", [a, b], year=1955, collection=early)
    meeting("e2", [a, b, c], year=1956, collection=early)
    meeting("l1", [d, e], year=1963, collection=late)
    meeting("l2", [c, d], year=1964, collection=late)
    meeting("draft", [a, people["hidden"]], year=1960, status=Status.DRAFT)
    return people


def test_only_public_documents_and_people_not_merged_away_count(client, cast):
    merged = person("Merged Maple")
    Person.objects.filter(pk=merged.pk).update(merged_into=cast["anna"])
    meeting("m1", [merged, cast["boris"]], year=1957)
    page = get(client)
    assert "Hidden Hazel" not in page  # present only at a draft
    assert "Merged Maple" not in page
    pairs = pairs_on(page)
    assert frozenset(("Anna Alder", "Boris Birch")) in pairs
    assert len(pairs) == 5
    labels = {"".join(t.itertext()) for svg in drawings_on(page) for t in svg.iter(f"{SVG}text")}
    assert labels == {"Anna Alder", "Boris Birch", "Chen Cedar", "Dora Dogwood", "Emil Elm"}


def test_years_and_collection_narrow_the_documents_counted(client, cast):
    early = pairs_on(get(client, "?from=1950&to=1959"))
    assert early == {
        frozenset(("Anna Alder", "Boris Birch")),
        frozenset(("Anna Alder", "Chen Cedar")),
        frozenset(("Boris Birch", "Chen Cedar")),
    }
    assert pairs_on(get(client, "?collection=late-talks")) == {
        frozenset(("Dora Dogwood", "Emil Elm")),
        frozenset(("Chen Cedar", "Dora Dogwood")),
    }
    assert pairs_on(get(client, "?from=1964&collection=late-talks")) == {
        frozenset(("Chen Cedar", "Dora Dogwood"))
    }
    page = get(client, "?from=1990")
    assert pairs_on(page) == set() and "No meetings recorded in these documents" in page
    assert "<svg" not in page


def test_a_range_counts_documents_whose_dates_overlap_it(client, cast):
    span = meeting("span", [cast["emil"], cast["anna"]], year=1950)
    Document.objects.filter(pk=span.pk).update(date_end=date(1970, 1, 1))
    assert frozenset(("Anna Alder", "Emil Elm")) in pairs_on(get(client, "?from=1960&to=1960"))


@pytest.mark.parametrize(
    ("query", "told"),
    [
        ("?from=abc", "“abc” is not a year"),
        ("?to=99999", "“99999” is not a year"),
        ("?from=%EF%BC%91%EF%BC%99%EF%BC%95%EF%BC%90", "is not a year"),  # full-width digits
        ("?collection=nowhere", "There is no collection “nowhere”"),
        ("?collection=%00x", "There is no collection"),
        ("?from=1964&to=1955", "wrong way round: showing 1955–1964"),
    ],
)
def test_unreadable_filters_are_told_not_raised(client, cast, query, told):
    page = html.unescape(get(client, query + "&page=zz"))
    assert told in page
    assert 'class="notice"' in page
    assert pairs_on(page)  # the rest of the page still counts


def test_the_form_keeps_the_filters_and_the_pager_carries_them(client, index_dir):
    crowd = [person(f"Delegate {chr(65 + i)}{chr(65 + i)}") for i in range(12)]  # 66 pairs
    coll = Collection.objects.create(key="summit", title="The summit")
    meeting("summit", crowd, year=1961, collection=coll)
    page = get(client, "?from=1961&to=1961&collection=summit")
    assert 'name="from" type="number" min="1" max="9999" inputmode="numeric" value="1961"' in page
    assert '<option value="summit" selected>The summit</option>' in page
    assert (
        'id="site-q" name="q" type="search" value=""' in page
    )  # the site's search box is not ours
    assert 'href="?from=1961&amp;to=1961&amp;collection=summit&amp;page=2" rel="next"' in page
    assert "&amp;from=1961&amp;to=1961&amp;collection=The+summit" in page  # the search links too
    assert len(pairs_on(get(client, "?from=1961&to=1961&collection=summit&page=2"))) == 16


def test_drawings_are_labelled_images_whose_lines_grow_with_documents(client, cast):
    meeting("e3", [cast["anna"], cast["boris"]], year=1957)
    drawings = drawings_on(get(client))
    assert [svg.get("class") for svg in drawings] == [
        "network network-full",
        "network network-compact",
    ]
    for svg in drawings:
        assert svg.get("role") == "img"
        assert svg.get("aria-label").startswith("Who met whom: the 5 people with the most meetings")
        assert svg.find(f"{SVG}title") is not None
        widths = {
            line.find(f"{SVG}title").text: float(line.get("stroke-width"))
            for line in svg.iter(f"{SVG}line")
        }
        three = widths["Anna Alder and Boris Birch: 3 shared documents"]
        assert three > widths["Anna Alder and Chen Cedar: 1 shared document"]


def label_boxes(svg: ElementTree.Element) -> list[tuple[str, float, float, float, float]]:
    """Each label's extent, (text, left, top, right, bottom), read back from the SVG alone."""
    font = float(svg.find(f"{SVG}g[@class='nodes']").get("font-size"))
    out = []
    for text in svg.iter(f"{SVG}text"):
        lines = [span.text or "" for span in text.iter(f"{SVG}tspan")]
        width = max(text_width(line, font) for line in lines)
        x, baseline = float(text.get("x")), float(text.get("y"))
        shift = {"start": 0.0, "middle": width / 2, "end": width}[text.get("text-anchor")]
        top, bottom = baseline - font, baseline - font + len(lines) * LINE * font
        out.append(("".join(lines), x - shift, top, x - shift + width, bottom))
    return out


def crowd_graph(count: int) -> tuple[tuple, tuple]:
    """``count`` people with long names, each linked to the next three: a dense tangle."""
    people = tuple(
        (i, f"Ambassador Extraordinary Number {i} of the Wide Delegation", 100 - i)
        for i in range(count)
    )
    pairs = tuple(
        (i, j, 1 + (i * j) % 5) for i in range(count) for j in range(i + 1, min(count, i + 4))
    )
    return people, pairs


@pytest.mark.parametrize("style", [FULL, COMPACT], ids=["full", "compact"])
def test_no_label_is_cut_at_the_edges(style):
    people, pairs = crowd_graph(40 if style is FULL else 12)
    people_models = [Person(pk=pk, name=name, slug=f"p{pk}") for pk, name, _ in people]
    by_id = {p.pk: p for p in people_models}
    edges = [netdrawing.Edge(by_id[a], by_id[b], n) for a, b, n in pairs]
    svg = ElementTree.fromstring(
        str(netdrawing.svg(people_models, edges, {p[0]: p[2] for p in people}, style, "x"))
    )
    left, top, width, height = map(float, svg.get("viewBox").split())
    assert (svg.get("width"), svg.get("height")) == (f"{width:g}", f"{height:g}")
    boxes = label_boxes(svg)
    assert len(boxes) == len(people)
    for text, x0, y0, x1, y1 in boxes:
        assert left <= x0 and x1 <= left + width, f"{text} is cut at the side"
        assert top <= y0 and y1 <= top + height, f"{text} is cut at the top or bottom"


@pytest.mark.parametrize("style", [FULL, COMPACT], ids=["full", "compact"])
def test_labels_do_not_cover_each_other(style):
    people, pairs = crowd_graph(40 if style is FULL else 12)
    boxes = [node.label for node in layout(people, pairs, style).nodes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a.overlap(b) == 0


@pytest.mark.parametrize("style", [FULL, COMPACT], ids=["full", "compact"])
def test_people_linked_to_nobody_drawn_do_not_squeeze_the_rest(style):
    """A quarter of the people have no link among those drawn: the linked ones still spread."""
    people, _ = crowd_graph(40 if style is FULL else 12)
    linked = len(people) * 3 // 4
    _, pairs = crowd_graph(linked)
    drawing = layout.__wrapped__(people, pairs, style)
    xs, ys = zip(*((n.x, n.y) for n in drawing.nodes[:linked]), strict=True)
    assert (max(xs) - min(xs)) / drawing.view.w > 0.4
    assert (max(ys) - min(ys)) / drawing.view.h > 0.4


def test_the_same_graph_gives_the_same_drawing():
    people, pairs = crowd_graph(30)
    first = layout.__wrapped__(people, pairs, FULL)
    again = layout.__wrapped__(people, pairs, FULL)
    assert first == again
    assert len({(n.x, n.y) for n in first.nodes}) == 30  # and nobody sits on anybody
    fewer = layout.__wrapped__(people[:29], pairs, FULL)
    assert fewer != first


def test_long_names_wrap_then_are_cut():
    assert wrap("Anna Alder", 13) == ("Anna Alder",)
    assert wrap("General Nathan F. Twining", 13) == ("General", "Nathan F. Tw…")
    assert wrap("George K.C. (Yeh Kung-ch’ao) Yeh", 20) == ("George K.C. (Yeh", "Kung-ch’ao) Yeh")
    assert wrap("Supercalifragilisticexpialidocious", 10) == ("Supercali…",)


def test_queries_do_not_grow_with_the_people_drawn(
    client, index_dir, django_assert_max_num_queries
):
    few = [person(f"Envoy {i}") for i in range(4)]
    meeting("few", few)
    follow()
    with django_assert_max_num_queries(12) as small:
        page_of(client)
    many = [person(f"Minister {i}") for i in range(45)]
    for n in range(0, 45, 5):
        meeting(f"many-{n}", many[n : n + 8])
    follow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        page_of(client)


def test_the_collection_choices_are_the_public_volumes_escaped(client, cast):
    odd = Collection.objects.create(key="odd", title='Talks <b>"&amp;</b>')
    meeting("o1", [cast["anna"], cast["emil"]], year=1958, collection=odd)
    hidden = Collection.objects.create(key="hidden", title="Hidden volume")
    meeting("h1", [cast["anna"], cast["emil"]], year=1958, collection=hidden, status=Status.DRAFT)
    follow()
    page = get(client, "?collection=late-talks")
    choices = re.search(r'<select id="net-collection"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', choices)
    assert options == [
        ("", "", "All collections"),
        ("early-talks", "", "Early talks"),
        ("late-talks", " selected", "Late talks"),
        ("odd", "", "Talks &lt;b&gt;&quot;&amp;amp;&lt;/b&gt;"),
    ]
