"""Maps of places drawn on the server as SVG from the country outlines a package ships.

No tile server and no request leaves the archive: the outlines are `countryinfo`'s GeoJSON
(`countryinfo/data/*.json`, key "geoJSON"; docs/architecture.md, Places on a map), read once per
process. The view is the places' extent with a margin, in an equirectangular projection whose
east-west scale is the cosine of its middle latitude (true to shape where the places are); the
outlines are clipped to it, the places are dots (bigger for more documents) with their names
where a name finds room. The drawing is an image (role="img", a title and a description); the
page gives the same places as a table, with their coordinates and links.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640.0  # SVG units across; the image scales to its container
MIN_SPAN = 12.0  # degrees of latitude at least, so one place shows its surroundings
MARGIN = 0.18  # of the places' extent, on every side
MAX_ASPECT, MIN_ASPECT = 2.0, 1.25  # width / height
STEP = 2.0  # SVG units: outline points closer than this to the last are left out
FONT = 13.0  # label size on a wide screen; a small screen's drawing has SMALL_SCREEN times it
SMALL_SCREEN = 2.0
LAND, COAST, SEA = "#ebe6da", "#8a8577", "#f2f6f9"
DOT, HALO, INK = "#a3271f", "#ffffff", "#1d1d1f"

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) pairs


@dataclass(frozen=True)
class Pin:
    """A place on the map: its name, where it lies, and how many documents it stands for."""

    name: str
    latitude: float
    longitude: float
    documents: int = 0


@dataclass(frozen=True)
class View:
    """The part of the world shown, and how degrees become SVG units."""

    west: float
    east: float
    south: float
    north: float
    scale: float  # SVG units per degree of latitude
    squeeze: float  # cosine of the middle latitude: degrees of longitude are shorter

    @property
    def width(self) -> float:
        return (self.east - self.west) * self.squeeze * self.scale

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        return (
            (longitude - self.west) * self.squeeze * self.scale,
            (self.north - latitude) * self.scale,
        )


@cache
def outlines() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """Every country's name and outer rings, read once per process."""
    import countryinfo

    folder = Path(countryinfo.__file__).resolve().parent / "data"
    found = []
    for path in sorted(folder.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        rings = tuple(_rings(row.get("geoJSON") or {}))
        if rings:
            found.append((str(row.get("name") or path.stem), rings))
    return tuple(found)


def _rings(collection: dict) -> Iterable[Ring]:
    """The outer ring of each polygon of a GeoJSON feature collection (holes are lakes)."""
    for feature in collection.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            if polygon and len(polygon[0]) >= 3:
                yield tuple((float(lon), float(lat)) for lon, lat, *_ in polygon[0])


def view_of(pins: Sequence[Pin]) -> View:
    """The places' extent with a margin, at least MIN_SPAN high, of a readable shape, within
    the world's edges where it fits."""
    lats = [p.latitude for p in pins]
    lons = [p.longitude for p in pins]
    middle = (max(lats) + min(lats)) / 2
    squeeze = max(0.2, math.cos(math.radians(middle)))
    tall = max((max(lats) - min(lats)) * (1 + 2 * MARGIN), MIN_SPAN)
    wide = max((max(lons) - min(lons)) * (1 + 2 * MARGIN), 1.0)
    if wide * squeeze / tall < MIN_ASPECT:
        wide = MIN_ASPECT * tall / squeeze
    elif wide * squeeze / tall > MAX_ASPECT:
        tall = wide * squeeze / MAX_ASPECT
    wide, tall = min(wide, 360.0), min(tall, 170.0)
    south, north = _within(middle - tall / 2, middle + tall / 2, -85.0, 85.0)
    centre = (max(lons) + min(lons)) / 2
    west, east = _within(centre - wide / 2, centre + wide / 2, -180.0, 180.0)
    return View(west, east, south, north, WIDTH / (wide * squeeze), squeeze)


def _within(low: float, high: float, least: float, most: float) -> tuple[float, float]:
    """The span moved inside [least, most] where it fits."""
    if low < least:
        low, high = least, high + (least - low)
    if high > most:
        low, high = max(least, low - (high - most)), most
    return low, high


def clip(ring: Ring, view: View) -> Ring:
    """The part of a ring inside the view, widened a little so no edge shows at the frame
    (Sutherland–Hodgman against each of the four sides)."""
    pad_x, pad_y = (view.east - view.west) * 0.05, (view.north - view.south) * 0.05
    edges = (
        (0, view.west - pad_x, True),
        (0, view.east + pad_x, False),
        (1, view.south - pad_y, True),
        (1, view.north + pad_y, False),
    )
    points = list(ring)
    for axis, limit, above in edges:
        points = _clip_side(points, axis, limit, above)
        if not points:
            return ()
    return tuple(points)


def _clip_side(points: list, axis: int, limit: float, above: bool) -> list:
    def inside(p: tuple[float, float]) -> bool:
        return p[axis] >= limit if above else p[axis] <= limit

    def crossing(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        t = (limit - a[axis]) / (b[axis] - a[axis])
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))

    kept: list = []
    for i, current in enumerate(points):
        before = points[i - 1]
        if inside(current):
            if not inside(before):
                kept.append(crossing(before, current))
            kept.append(current)
        elif inside(before):
            kept.append(crossing(before, current))
    return kept


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _path(ring: Ring, view: View) -> str:
    """An SVG path of a ring, leaving out points within STEP units of the last one kept (the
    outlines are finer than a whole continent needs); "" for a ring too small to see."""
    steps: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = view.xy(lon, lat)
        if not steps or abs(x - steps[-1][0]) + abs(y - steps[-1][1]) >= STEP:
            steps.append((x, y))
    if len(steps) < 3:
        return ""
    return "M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in steps) + "Z"


def land(view: View) -> list[tuple[str, str]]:
    """(country, path) for each country with some land in the view."""
    drawn = []
    for name, rings in outlines():
        paths = [_path(clipped, view) for ring in rings if (clipped := clip(ring, view))]
        paths = [p for p in paths if p]
        if paths:
            drawn.append((name, "".join(paths)))
    return drawn


def radius(documents: int, most: int, scale: float = 1.0) -> float:
    """Dots grow with the area for the documents, from 4 to 12 units (times `scale`)."""
    if most <= 0 or documents <= 0:
        return 5.0 * scale
    return (4.0 + 8.0 * math.sqrt(documents / most)) * scale


def text_width(text: str, font: float = FONT) -> float:
    """A generous estimate of a label's width (sans-serif, `font` units)."""
    return sum(0.42 if c in "iljtf.,' " else 0.8 if c.isupper() else 0.62 for c in text) * font


def _labels(
    dots: list[tuple[Pin, float, float, float]], view: View, font: float
) -> list[tuple | None]:
    """Where each name goes (x, y, anchor): right of its dot, else left, above or below; a name
    with no room left, or outside the frame, is left out (the table has it)."""
    taken: list[tuple[float, float, float, float]] = [
        (x - r, y - r, 2 * r, 2 * r) for _, x, y, r in dots
    ]
    placed: list[tuple | None] = []
    for pin, x, y, r in dots:
        w, h = text_width(pin.name, font), font * 1.2
        options = (
            (x + r + 3, y + font * 0.35, "start", (x + r + 3, y - h / 2)),
            (x - r - 3, y + font * 0.35, "end", (x - r - 3 - w, y - h / 2)),
            (x, y - r - 4, "middle", (x - w / 2, y - r - 4 - h)),
            (x, y + r + font, "middle", (x - w / 2, y + r + 2)),
        )
        choice = None
        for tx, ty, anchor, (bx, by) in options:
            box = (bx, by, w, h)
            fits = bx >= 0 and by >= 0 and bx + w <= view.width and by + h <= view.height
            if fits and not any(_overlap(box, other) for other in taken):
                choice = (tx, ty, anchor)
                taken.append(box)
                break
        placed.append(choice)
    return placed


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


COUNTRY_SVG = '<path d="{}"><title>{}</title></path>'
DOT_SVG = '<circle cx="{}" cy="{}" r="{}"><title>{}</title></circle>'
LABEL_SVG = '<text x="{}" y="{}" text-anchor="{}">{}</text>'
FRAME_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="placemap {}" viewBox="0 0 {} {}" '
    'role="img" aria-labelledby="{}-title {}-desc" overflow="hidden">'
    '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
    '<rect width="100%" height="100%" fill="{}"/>'
    '<g fill="{}" stroke="{}" stroke-width="0.6" stroke-linejoin="round">{}</g>'
    '<g fill="{}" stroke="{}" stroke-width="1.5" fill-opacity="0.85">{}</g>'
    '<g font-family="system-ui, sans-serif" font-size="{}" fill="{}" stroke="{}" '
    'stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</g></svg>'
)


def svg(
    pins: Iterable[Pin], key: str, title: str, description: str, small: bool = False, css: str = ""
) -> SafeString:
    """The map of these places as an inline SVG image, every name escaped; `key` makes the
    ids of its title and description unique on the page. `small`: drawn to be read at a third
    of its width (a phone, a sidebar), with larger names and dots; `css`: its classes."""
    return _svg(tuple(pins), key, title, description, small, css)


@lru_cache(maxsize=128)
def _svg(
    pins: tuple[Pin, ...], key: str, title: str, description: str, small: bool, css: str
) -> SafeString:
    """Cached on everything it draws: a map of many countries costs more than its page's
    queries."""
    scale = SMALL_SCREEN if small else 1.0
    font = FONT * scale
    view = view_of(pins)
    most = max(p.documents for p in pins)
    dots = [(p, *view.xy(p.longitude, p.latitude), radius(p.documents, most, scale)) for p in pins]
    dots.sort(key=lambda d: -d[0].documents)  # the places with most documents named first
    labels = _labels(dots, view, font)
    countries = format_html_join("", COUNTRY_SVG, ((path, name) for name, path in land(view)))
    circles = format_html_join(
        "", DOT_SVG, ((_num(x), _num(y), _num(r), _dot_title(p)) for p, x, y, r in dots)
    )
    texts = format_html_join(
        "",
        LABEL_SVG,
        (
            (_num(at[0]), _num(at[1]), at[2], d[0].name)
            for d, at in zip(dots, labels, strict=True)
            if at
        ),
    )
    width, height = _num(view.width), _num(view.height)
    return format_html(
        FRAME_SVG,
        *(css, width, height, key, key, key, title, key, description, SEA),
        *(LAND, COAST, countries, DOT, HALO, circles, _num(font), INK, HALO, texts),
    )


def _dot_title(pin: Pin) -> str:
    if pin.documents:
        return f"{pin.name}: {pin.documents} document{'' if pin.documents == 1 else 's'}"
    return pin.name
