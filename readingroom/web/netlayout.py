"""Where each person of the network goes: a force-directed layout, then room for labels.

Fruchterman–Reingold from fixed starting points on a sunflower spiral, with a fixed number of
steps and no random numbers, so the same graph always gives the same drawing; pure Python,
quick enough for the few dozen people a page draws. The result is turned so its long side runs
along the frame's, and nodes whose labels would collide are then pushed apart.
"""

from __future__ import annotations

import math

STEPS = 150
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
STRETCH = 1.5  # how much more one axis may be scaled than the other when fitting
SEPARATION_ROUNDS = 60

Points = list[list[float]]
Edges = list[tuple[int, int, float]]  # (index, index, weight)


def _start(count: int, width: float, height: float) -> Points:
    """Fixed first positions on a sunflower spiral: spread out, no two alike, no randomness."""
    out = []
    for i in range(count):
        radius = math.sqrt((i + 0.5) / count) / 2
        angle = i * GOLDEN_ANGLE
        out.append(
            [width * (0.5 + radius * math.cos(angle)), height * (0.5 + radius * math.sin(angle))]
        )
    return out


def _forces(pos: Points, edges: Edges, k: float) -> Points:
    """Each node's push: every pair repels (k²/d), linked pairs attract (d²/k, by weight)."""
    disp = [[0.0, 0.0] for _ in pos]
    for i, (xi, yi) in enumerate(pos):
        for j in range(i + 1, len(pos)):
            dx, dy = xi - pos[j][0], yi - pos[j][1]
            d2 = dx * dx + dy * dy or 0.01
            f = k * k / d2
            disp[i][0] += dx * f
            disp[i][1] += dy * f
            disp[j][0] -= dx * f
            disp[j][1] -= dy * f
    for i, j, weight in edges:
        dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
        f = math.hypot(dx, dy) * weight / k
        disp[i][0] -= dx * f
        disp[i][1] -= dy * f
        disp[j][0] += dx * f
        disp[j][1] += dy * f
    return disp


def spread(count: int, edges: Edges, width: float, height: float) -> Points:
    """Fruchterman–Reingold in a width × height frame, cooling linearly over STEPS steps."""
    pos = _start(count, width, height)
    k = math.sqrt(width * height / max(1, count))
    for step in range(STEPS):
        disp = _forces(pos, edges, k)
        temperature = width / 10 * (1 - step / STEPS)
        for p, (dx, dy) in zip(pos, disp, strict=True):
            # A light pull to the centre keeps people linked to nobody drawn from drifting off.
            dx -= (p[0] - width / 2) * 0.05
            dy -= (p[1] - height / 2) * 0.05
            d = math.hypot(dx, dy)
            if d > 0:
                p[0] += dx / d * min(d, temperature)
                p[1] += dy / d * min(d, temperature)
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
