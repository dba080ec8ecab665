"""The map drawn on the server: the places' part of the world, accessible, escaped, alone."""

from __future__ import annotations

import re

from readingroom.web.mapdrawing import Pin, clip, outlines, svg, view_of
from readingroom.web.placemaps import coordinates

KOREA = [
    Pin("Pyongyang", 39.03, 125.75, 42),
    Pin("Seoul", 37.57, 126.98, 127),
    Pin("Panmunjom", 37.96, 126.68, 3),
]


def countries(drawing: str) -> set[str]:
    return set(re.findall(r"<path d=\"[^\"]+\"><title>([^<]+)</title>", drawing))


def test_the_outlines_are_the_packages_countries() -> None:
    assert len(outlines()) >= 170  # countryinfo ships 173 with an outline


def test_the_map_shows_the_places_part_of_the_world() -> None:
    drawing = svg(KOREA, "m-korea", "Map of Korea", "Three places")
    shown = countries(drawing)
    assert {"North Korea", "South Korea"} <= shown
    assert "Brazil" not in shown and "United States" not in shown
    view = view_of(KOREA)
    assert view.west < 125.75 < 126.98 < view.east
    assert view.south < 37.57 < 39.03 < view.north


def test_it_is_an_image_with_a_title_and_a_description() -> None:
    drawing = svg(KOREA, "m-k", "Map of Korea", "Three places")
    assert 'role="img"' in drawing
    assert 'aria-labelledby="m-k-title m-k-desc"' in drawing
    assert '<title id="m-k-title">Map of Korea</title>' in drawing
    assert '<desc id="m-k-desc">Three places</desc>' in drawing
    assert drawing.count("<circle") == 3
    assert "<title>Seoul: 127 documents</title>" in drawing


def test_nothing_is_fetched_from_elsewhere() -> None:
    drawing = svg(KOREA, "m-x", "Map", "Places")
    addresses = re.findall(r"(?:href|src)=\"([^\"]*)\"", drawing)
    assert addresses == []
    assert re.findall(r"https?://[^\"]+", drawing) == ["http://www.w3.org/2000/svg"]


def test_names_are_escaped() -> None:
    drawing = svg([Pin('<script>alert("x")</script>', 48.2, 16.4, 1)], "m-e", "<b>", "&")
    assert "<script>" not in drawing and "<b>" not in drawing
    assert "&lt;script&gt;" in drawing


def test_one_place_shows_its_surroundings_and_the_world_fits() -> None:
    alone = view_of([Pin("Vienna", 48.21, 16.37)])
    assert alone.north - alone.south >= 12 and alone.width > alone.height
    world = view_of([Pin("Honolulu", 21.3, -157.9), Pin("Tokyo", 35.7, 139.7)])
    assert world.west >= -180 and world.east <= 180


def test_outlines_are_clipped_to_the_view() -> None:
    view = view_of(KOREA)
    square = ((100.0, 20.0), (150.0, 20.0), (150.0, 50.0), (100.0, 50.0))
    clipped = clip(square, view)
    assert all(view.west - 2 <= lon <= view.east + 2 for lon, _ in clipped)
    assert clip(((0.0, 0.0), (1.0, 0.0), (1.0, 1.0)), view) == ()


def test_coordinates_read_as_written() -> None:
    assert coordinates(48.2085, 16.3721) == "48.21° N, 16.37° E"
    assert coordinates(-35.28, -58.1) == "35.28° S, 58.10° W"
