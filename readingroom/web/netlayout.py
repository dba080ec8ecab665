"""Where each person of the network goes: a force-directed layout, then room for labels.

The forces are networkx's Fruchterman–Reingold (`spring_layout`) from seeded starting points,
so the same graph always gives the same drawing. What networkx does not do is done here: the
result is turned so its long side runs along the frame's, fitted to the frame with a limited
stretch, and nodes whose labels would collide are pushed apart.
"""

from __future__ import annotations

import math

import networkx as nx

STEPS = 150
SEED = 1959  # any fixed number: it only makes the starting points the same each time
HUB = -1  # an unseen node tied to every person: gravity, which networkx's "force" method lacks
PULL = 1.0  # weight of the tie to HUB; weaker lets people linked to nobody drift to the edges
STRETCH = 1.5  # how much more one axis may be scaled than the other when fitting
SEPARATION_ROUNDS = 60

Points = list[list[float]]
Edges = list[tuple[int, int, float]]  # (index, index, weight)


def spread(count: int, edges: Edges, width: float, height: float) -> Points:
    """Fruchterman–Reingold positions for ``count`` nodes, fitted to a width × height frame.

    Linked pairs attract by their weight. Without the pull to HUB, people linked to nobody
    drawn are pushed far out and the fit squeezes everyone else into a sliver. A page draws
    a few dozen people, well under the 500 past which networkx uses its sparse solver, which
    needs scipy: the dense one needs only numpy. Scaled to the frame's longer side so that
    `_fit`'s one-unit threshold is a pixel.
    """
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    graph.add_weighted_edges_from(edges)
    graph.add_weighted_edges_from((HUB, i, PULL) for i in range(count))
    at = nx.spring_layout(
        graph, iterations=STEPS, seed=SEED, weight="weight", scale=max(width, height) / 2
    )
    pos = [[float(at[i][0]), float(at[i][1])] for i in range(count)]
    return _fit(_turned(pos, width >= height), width, height)


def _turned(pos: Points, wide: bool) -> Points:
    """The positions turned so their longest extent runs along the frame's longer side."""
    n = len(pos)
    mx, my = sum(p[0] for p in pos) / n, sum(p[1] for p in pos) / n
    sxx = sum((p[0] - mx) ** 2 for p in pos)
    syy = sum((p[1] - my) ** 2 for p in pos)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in pos)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy) - (0 if wide else math.pi / 2)
    cos, sin = math.cos(-angle), math.sin(-angle)
    return [[(x - mx) * cos - (y - my) * sin, (x - mx) * sin + (y - my) * cos] for x, y in pos]


def _fit(pos: Points, width: float, height: float) -> Points:
    """Scale the positions into the frame, stretching one way at most STRETCH times the other,
    so a long graph keeps its shape instead of being squashed into a line."""
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    sx, sy = max(xs) - min(xs), max(ys) - min(ys)
    kx = width / sx if sx > 1 else 0.0
    ky = height / sy if sy > 1 else 0.0
    if kx and ky:
        kx, ky = min(kx, ky * STRETCH), min(ky, kx * STRETCH)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [[width / 2 + (x - cx) * kx, height / 2 + (y - cy) * ky] for x, y in pos]


def separate(xy: Points, sizes: list[tuple[float, float]], x_cost: float) -> Points:
    """Push apart nodes whose footprints (a node with room for its label) overlap, each pair
    along the axis that moves it least; ``x_cost`` > 1 prefers moving up and down, for a tall
    drawing that must stay narrow."""
    pos = [list(p) for p in xy]
    for _ in range(SEPARATION_ROUNDS):
        moved = False
        for i in range(len(pos)):
            for j in range(i + 1, len(pos)):
                moved |= _push(pos[i], pos[j], sizes[i], sizes[j], x_cost)
        if not moved:
            break
    return pos


def _push(
    a: list[float],
    b: list[float],
    size_a: tuple[float, float],
    size_b: tuple[float, float],
    x_cost: float,
) -> bool:
    dx, dy = b[0] - a[0], b[1] - a[1]
    over_x = (size_a[0] + size_b[0]) / 2 - abs(dx)
    over_y = (size_a[1] + size_b[1]) / 2 - abs(dy)
    if over_x <= 0 or over_y <= 0:
        return False
    axis, over, d = (0, over_x, dx) if over_x * x_cost <= over_y else (1, over_y, dy)
    shift = over / 2 if d >= 0 else -over / 2
    a[axis] -= shift
    b[axis] += shift
    return True
