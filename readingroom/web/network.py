"""Who met whom: people who are participants or speakers of the same documents.

The graph is drawn as SVG on the server (a circle of the best-connected people,
so it needs no script and no layout library) and listed as a table beside it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from readingroom.authorities.appearances import PRESENT, links, people_by_document
from readingroom.authorities.models import Person
from readingroom.records.models import Document

SIZE, RADIUS = 900, 300


@dataclass(frozen=True)
class Edge:
    a: Person
    b: Person
    documents: int


def meetings(limit_edges: int = 300) -> list[Edge]:
    """Pairs of people present at the same public documents, most meetings first."""
    public = set(Document.objects.public().values_list("pk", flat=True))
    present = people_by_document(links(kinds=PRESENT))
    counts: Counter[tuple[int, int]] = Counter()
    for doc_id, people in present.items():
        if doc_id in public:
            counts.update(combinations(sorted(people), 2))
    top = counts.most_common(limit_edges)
    people = Person.objects.in_bulk({p for pair, _ in top for p in pair})
    return [Edge(people[a], people[b], n) for (a, b), n in top if a in people and b in people]


def busiest(edges: list[Edge], limit: int) -> list[Person]:
    """The ``limit`` people with the most meetings, by name."""
    weight: Counter[int] = Counter()
    by_id: dict[int, Person] = {}
    for edge in edges:
        for person in (edge.a, edge.b):
            weight[person.pk] += edge.documents
            by_id[person.pk] = person
    chosen = [by_id[pid] for pid, _ in weight.most_common(limit)]
    return sorted(chosen, key=lambda p: p.sort_name or p.name)


def _positions(people: list[Person]) -> dict[int, tuple[float, float, float]]:
    """(x, y, angle) of each person on a circle around the centre."""
    step = 2 * math.pi / max(1, len(people))
    centre = SIZE / 2
    return {
        p.pk: (centre + RADIUS * math.cos(i * step), centre + RADIUS * math.sin(i * step), i * step)
        for i, p in enumerate(people)
    }


def _num(value: float) -> str:
    return f"{value:.1f}"


def _label(person: Person, x: float, y: float, angle: float) -> SafeString:
    right = math.cos(angle) >= 0
    dx = 10 if right else -10
    return format_html(
        '<a href="{}"><circle cx="{}" cy="{}" r="6"><title>{}</title></circle>'
        '<text x="{}" y="{}" text-anchor="{}">{}</text></a>',
        person.get_absolute_url(),
        _num(x),
        _num(y),
        person.name,
        _num(x + dx),
        _num(y + 4),
        "start" if right else "end",
        person.name,
    )


def _line(edge: Edge, at: dict[int, tuple[float, float, float]]) -> tuple[str, ...]:
    (x1, y1, _), (x2, y2, _) = at[edge.a.pk], at[edge.b.pk]
    width = 1 + math.log2(edge.documents)
    coords = tuple(_num(v) for v in (x1, y1, x2, y2, width))
    return (*coords, edge.a.name, edge.b.name, str(edge.documents))


def svg(edges: list[Edge], people: list[Person]) -> SafeString:
    """The graph as an inline SVG element, every name escaped."""
    at = _positions(people)
    shown = [e for e in edges if e.a.pk in at and e.b.pk in at]
    lines = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}">'
        "<title>{} and {}: {} documents</title></line>",
        (_line(e, at) for e in shown),
    )
    nodes = SafeString("".join(_label(p, *at[p.pk]) for p in people))
    return format_html(
        '<svg class="network" viewBox="0 0 {0} {0}" role="group" aria-labelledby="net-title">'
        '<title id="net-title">Who met whom: {1} people, {2} links; the table below lists them'
        '</title><g class="edges">{3}</g><g class="nodes">{4}</g></svg>',
        SIZE,
        len(people),
        len(shown),
        lines,
        nodes,
    )
