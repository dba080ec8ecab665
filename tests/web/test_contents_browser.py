"""A volume's table of contents in a real browser: axe-core finds nothing on it or on a
document's place in it, nothing scrolls sideways at 360 px, no request leaves the machine,
and the trail leads from a document back to its chapter."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.web.test_volume_contents import VOLUME, key, small_volume
from tests.web.test_web_browser import CHROMIUM, Visit, _cli, axe_violations, serving

pytestmark = [pytest.mark.browser, pytest.mark.frus]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`readingroom serve` on a fresh home holding a few documents of three chapters."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    home = tmp_path_factory.mktemp("contents-browser-home")
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    _cli(env, "init")
    _cli(env, "import", str(small_volume(tmp_path_factory.mktemp("volume"))))
    with serving(env) as base:
        yield base


PAGES = [f"/collections/{VOLUME}/", f"/documents/{key('d17')}/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [1280, 360])
def test_the_contents_and_a_place_in_them_are_accessible(browser, server, path, width):
    v = Visit(browser, server, viewport={"width": width, "height": 900})
    try:
        v.page.goto(server + path)
        assert v.page.get_by_role("heading", level=1).is_visible()
        assert axe_violations(v.page) == [], path
        scrolled = v.page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"{path} is {scrolled} px wide at {width} px"
    finally:
        v.close()


def test_the_contents_lead_to_a_document_and_its_trail_back_to_the_chapter(browser, server):
    v = Visit(browser, server, viewport={"width": 360, "height": 740})
    page = v.page
    try:
        page.goto(f"{server}/collections/{VOLUME}/")
        contents = page.get_by_role("region", name="Contents")
        chapter = contents.get_by_role("region", name="U.S. Consideration of Detachment")
        assert chapter.get_by_role("listitem").count() == 6  # d3, d4, d15–d18
        chapter.get_by_role("link", name="Despatch From the Embassy in Czechoslovakia").click()
        page.wait_for_url(f"{server}/documents/{key('d17')}/")
        place = page.get_by_role("navigation", name="Place in Foreign Relations")
        assert place.get_by_role("link", name="Next in this chapter").is_visible()
        place.get_by_role("link", name="U.S. Consideration of Detachment").click()
        page.wait_for_url(f"{server}/collections/{VOLUME}/#toc-ch3")
        heading = page.locator("#toc-ch3")
        assert heading.is_visible() and heading.bounding_box()["y"] < 200  # scrolled to it
    finally:
        v.close()
