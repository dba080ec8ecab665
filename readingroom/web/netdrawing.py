"""The network drawn on the server as SVG, so the page needs no script and no layout library.

Positions come from `readingroom.web.netlayout`; here each label takes the free side of its
node, long names wrap, and the viewBox is computed from the nodes and the estimated extents of
their labels, so no label is ever cut at an edge, whatever the width of the screen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from readingroom.authorities.models import Person
from readingroom.web.netlayout import separate, spread
from readingroom.web.network import Edge

MARGIN = 6.0
GAP = 8.0  # the least room between one person's label and the next
LINE = 1.3  # a label's box is this many ems high; the baseline sits one em below its top
# Advance widths in ems, rounded up from the widest common sans-serif (DejaVu Sans), so an
# estimate errs wide: a box may be a little loose, never short.
NARROW, WIDE, CAPITAL, OTHER = "iljtfr.,;:'’‘()[]!| ", "mwMW", 0.8, 0.64


@dataclass(frozen=True)
class Style:
    """How big one drawing is: its font, and the room each person gets in the layout."""

    name: str  # a CSS class: which screens show this drawing
    font: float  # label size in SVG units (shown at about this many pixels)
    cell: float  # side of the square each person gets in the layout frame
    aspect: float  # width / height of the frame
    chars: int  # a label's line length; longer names wrap onto a second line, then are cut


FULL = Style("network-full", font=13, cell=85, aspect=1.6, chars=20)
COMPACT = Style("network-compact", font=15, cell=80, aspect=0.65, chars=13)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlap(self, other: Box) -> float:
        dx = min(self.right, other.right) - max(self.x, other.x)
        dy = min(self.bottom, other.bottom) - max(self.y, other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0


@dataclass(frozen=True)
class Node:
    pk: int
    x: float
    y: float
    r: float
    label: Box  # where the label's text lies (estimated)
    anchor: str  # the text's text-anchor
    tx: float  # the text's x and first baseline y
    ty: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Drawing:
    nodes: tuple[Node, ...]
    view: Box


def text_width(text: str, font: float) -> float:
    """An upper estimate of how wide ``text`` is set at ``font`` units, from its characters."""
    ems = 0.0
    for ch in text:
        if ch in NARROW:
            ems += 0.42
        elif ch in WIDE:
            ems += 1.02
        elif ord(ch) >= 0x2E80:  # CJK and beyond: full width
            ems += 1.05
        elif ch.isupper() or ch.isdigit():
            ems += CAPITAL
        else:
            ems += OTHER
    return ems * font


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def wrap(name: str, chars: int, most: int = 2) -> tuple[str, ...]:
    """The name in at most ``most`` lines of about ``chars`` characters, the rest cut with "…"
    (the table beside the drawing gives every name whole)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return tuple(_cut(line, chars) for line in lines) or ("",)


def _candidates(
    x: float, y: float, r: float, size: tuple[float, float], font: float
) -> list[tuple[Box, str, float, float]]:
    """A label below, above, right and left of its node: (box, text-anchor, text x, baseline)."""
    (w, h), gap = size, r + 3
    return [
        (Box(x - w / 2, y + gap, w, h), "middle", x, y + gap + font),
        (Box(x - w / 2, y - gap - h, w, h), "middle", x, y - gap - h + font),
        (Box(x + gap, y - h / 2, w, h), "start", x + gap, y - h / 2 + font),
        (Box(x - gap - w, y - h / 2, w, h), "end", x - gap, y - h / 2 + font),
    ]


def _place_labels(
    xy: list[list[float]], radii: list[float], sizes: list[tuple[float, float]], font: float
) -> list[tuple]:
    """Each label on the side of its node that covers the fewest labels and nodes placed so
    far, the busiest people choosing first."""
    dots = [Box(x - r, y - r, 2 * r, 2 * r) for (x, y), r in zip(xy, radii, strict=True)]
    taken: list[Box] = []
    chosen = []
    for i, ((x, y), r, size) in enumerate(zip(xy, radii, sizes, strict=True)):
        options = _candidates(x, y, r, size, font)
        others = taken + dots[:i] + dots[i + 1 :]
        costs = [sum(option[0].overlap(b) for b in others) for option in options]
        best = options[costs.index(min(costs))]
        taken.append(best[0])
        chosen.append(best)
    return chosen


def _view(nodes: list[Node]) -> Box:
    """The smallest box holding every node and every label, with a margin."""
    boxes = [n.label for n in nodes] + [Box(n.x - n.r, n.y - n.r, 2 * n.r, 2 * n.r) for n in nodes]
    left = math.floor(min(b.x for b in boxes) - MARGIN)
    top = math.floor(min(b.y for b in boxes) - MARGIN)
    right = math.ceil(max(b.right for b in boxes) + MARGIN)
    bottom = math.ceil(max(b.bottom for b in boxes) + MARGIN)
    return Box(left, top, right - left, bottom - top)


def _size(lines: tuple[str, ...], font: float) -> tuple[float, float]:
    return max(text_width(line, font) for line in lines), len(lines) * LINE * font


def radius(weight: int) -> float:
    return min(11.0, 4.0 + 1.2 * math.log2(max(1, weight)))


@lru_cache(maxsize=64)
def layout(
    people: tuple[tuple[int, str, int], ...], pairs: tuple[tuple[int, int, int], ...], style: Style
) -> Drawing:
    """The drawing of (id, name, weight) people, busiest first, and (id, id, documents) pairs.

    Cached on its inputs, which are the whole graph, so a cached drawing is never stale.
    """
    if not people:
        return Drawing((), Box(0, 0, 0, 0))
    index = {pk: i for i, (pk, _, _) in enumerate(people)}
    edges = [
        (index[a], index[b], 1 + 0.5 * math.log2(n))
        for a, b, n in pairs
        if a in index and b in index
    ]
    side = style.cell * math.sqrt(len(people))
    width, height = side * math.sqrt(style.aspect), side / math.sqrt(style.aspect)
    radii = [radius(weight) for _, _, weight in people]
    texts = [wrap(name, style.chars) for _, name, _ in people]
    sizes = [_size(lines, style.font) for lines in texts]
    room = [(max(w, 2 * r) + GAP, 2 * r + h + GAP) for (w, h), r in zip(sizes, radii, strict=True)]
    xy = separate(spread(len(people), edges, width, height), room, 1 / style.aspect)
    labels = _place_labels(xy, radii, sizes, style.font)
    nodes = [
        Node(pk, round(x, 1), round(y, 1), round(r, 1), box, anchor, round(tx, 1), round(ty, 1), t)
        for (pk, _, _), (x, y), r, (box, anchor, tx, ty), t in zip(
            people, xy, radii, labels, texts, strict=True
        )
    ]
    return Drawing(tuple(nodes), _view(nodes))


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _stroke(documents: int) -> str:
    """Edge width grows with the documents a pair shares, slowly, so one pair cannot swamp."""
    return _num(min(8.0, 1.0 + 1.5 * math.log2(documents)))


LINE_SVG = (
    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke-width="{}">'
    "<title>{} and {}: {} shared document{}</title></line>"
)
NODE_SVG = (
    '<g class="node"><circle cx="{}" cy="{}" r="{}"><title>{}: {} meetings</title></circle>'
    '<text x="{}" y="{}" text-anchor="{}">{}</text></g>'
)
TSPAN_SVG = '<tspan x="{}" dy="{}">{}</tspan>'
FRAME_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="network {}" viewBox="{}" width="{}" '
    'height="{}" role="img" aria-label="{}">'
    '<title>{}</title><g class="edges">{}</g><g class="nodes" font-size="{}">{}</g></svg>'
)


def _line(pair: tuple[int, int, int], at: Mapping[int, Node], names: Mapping[int, str]) -> tuple:
    a, b, n = pair
    ends = (_num(v) for v in (at[a].x, at[a].y, at[b].x, at[b].y))
    return (*ends, _stroke(n), names[a], names[b], n, "" if n == 1 else "s")


def _node(name: str, node: Node, weight: int) -> tuple:
    centre = (_num(node.x), _num(node.y), _num(node.r))
    steps = ((_num(node.tx), f"{LINE}em" if i else "0", line) for i, line in enumerate(node.lines))
    text = format_html_join("", TSPAN_SVG, steps)
    return (*centre, name, weight, _num(node.tx), _num(node.ty), node.anchor, text)


def svg(
    people: list[Person], edges: list[Edge], weights: Mapping[int, int], style: Style, label: str
) -> SafeString:
    """The drawing as an inline SVG image that scales to its container, every name escaped.

    role="img" with a label: the links are the table's, so the drawing holds nothing to focus.
    """
    graph = tuple((p.pk, p.name, weights.get(p.pk, 0)) for p in people)
    pairs = tuple((e.a.pk, e.b.pk, e.documents) for e in edges)
    return _svg(graph, pairs, style, label)


@lru_cache(maxsize=64)
def _svg(
    graph: tuple[tuple[int, str, int], ...],
    pairs: tuple[tuple[int, int, int], ...],
    style: Style,
    label: str,
) -> SafeString:
    """Cached on its inputs, which are everything it draws, as `layout` is: the markup of
    forty people costs more than reading their counts."""
    drawing = layout(graph, pairs, style)
    at = {n.pk: n for n in drawing.nodes}
    names = {pk: name for pk, name, _ in graph}
    thin_first = sorted(pairs, key=lambda pair: pair[2])
    lines = format_html_join("", LINE_SVG, (_line(pair, at, names) for pair in thin_first))
    dots = zip(graph, drawing.nodes, strict=True)
    nodes = format_html_join("", NODE_SVG, (_node(name, n, w) for (_, name, w), n in dots))
    v = drawing.view
    box = " ".join(_num(n) for n in (v.x, v.y, v.w, v.h))
    font = _num(style.font)
    return format_html(
        FRAME_SVG, style.name, box, _num(v.w), _num(v.h), label, label, lines, font, nodes
    )
