"""Place pages and their map in a real browser: axe-core finds nothing at 1280 and 360 px, the
map is drawn by the archive (no request leaves 127.0.0.1) and its table alternative is there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.web.test_web_browser import CHROMIUM, REPO, Visit, _cli, axe_violations, serving

pytestmark = pytest.mark.browser

PAGES = ["/places/pyongyang/", "/places/", "/organizations/kwp/", "/glossary/"]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`readingroom serve` on a fresh home with the seeds, imported and enriched as the
    command does (places located, counted)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    home = tmp_path_factory.mktemp("places-browser-home")
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    _cli(env, "init")
    _cli(env, "import", *map(str, sorted((REPO / "sample_data" / "seeds").glob("*.txt"))))
    with serving(env) as base:
        yield base


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [1280, 360])
def test_the_place_pages_are_accessible(browser, server, path, width):
    v = Visit(browser, server, viewport={"width": width, "height": 900})
    requested: list[str] = []
    v.page.on("request", lambda request: requested.append(request.url))
    try:
        v.page.goto(server + path)
        assert v.page.get_by_role("heading", level=1).is_visible()
        assert axe_violations(v.page) == [], path
        scrolled = v.page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"{path} is {scrolled} px wide at {width} px"
    finally:
        v.close()
    assert requested and all(urlparse(url).hostname == "127.0.0.1" for url in requested)


@pytest.mark.parametrize("width", [1280, 360])
def test_a_place_page_draws_its_map_with_a_table_beside(browser, server, width):
    v = Visit(browser, server, viewport={"width": width, "height": 900})
    requested: list[str] = []
    v.page.on("request", lambda request: requested.append(request.url))
    try:
        v.page.goto(f"{server}/places/pyongyang/")
        drawing = v.page.get_by_role("img", name="Map of Pyongyang")
        assert drawing.is_visible()
        box = drawing.bounding_box()
        assert 0 < box["width"] <= width and box["height"] > 100
        assert drawing.locator("circle").count() == 1
        assert drawing.locator("path").count() >= 3  # North Korea and its neighbours
        table = v.page.get_by_role("table", name="On the map, as a table")
        row = table.get_by_role("row").filter(has_text="Pyongyang")
        assert "39.03° N, 125.75° E" in row.inner_text()
        row.get_by_role("link", name="Pyongyang").click()
        v.page.wait_for_url(f"{server}/places/pyongyang/")
    finally:
        v.close()
    assert all(urlparse(url).hostname == "127.0.0.1" for url in requested), requested


def test_the_list_of_places_leads_to_a_place_and_its_documents(browser, server):
    v = Visit(browser, server, viewport={"width": 1280, "height": 900})
    try:
        v.page.goto(server + "/")
        v.page.get_by_role("navigation", name="Site").get_by_role("link", name="Places").click()
        v.page.wait_for_url(f"{server}/places/")
        assert v.page.get_by_role("img", name="Map of the places of this page").is_visible()
        v.page.locator(".placelist").get_by_role("link", name="Pyongyang", exact=True).click()
        v.page.wait_for_url(f"{server}/places/pyongyang/")
        mentioning = v.page.locator(
            "section", has=v.page.get_by_role("heading", name="Mentioning it")
        )
        assert mentioning.get_by_role("link").count() == 2
        mentioning.get_by_role("link").first.click()
        assert v.page.locator("abbr[title]").count() > 0  # the seed's abbreviations spelled out
    finally:
        v.close()
