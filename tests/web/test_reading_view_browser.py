"""A record's texts and scans in a real browser (issue 17, point 3): tabs, translation beside
original, the scans in the vendored deep-zoom viewer served over IIIF, at 360 px one column
with a switch, without JavaScript every text and page image; axe on each, nothing external."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.builders import jsonl_record
from tests.web.test_web_browser import CHROMIUM, REPO, Visit, _cli, axe_violations, serving

pytestmark = [pytest.mark.browser]

IDENTIFIER = "hoxha-1959-scanned"
TO_TOP = "el => el.scrollIntoView({block: 'start'})"
TILE = re.compile(r"/iiif/[^/]+/\d+/(\d+),(\d+),(\d+),(\d+)/(\d+),(\d*)/0/default\.jpg")


def _paragraph(text: str, n: str) -> dict:
    block = {"kind": "paragraph", "text": text, "speaker": "", "n": n, "anchor": None}
    return block | {"annotations": [], "mentions": []}


def _pagebreak(n: str) -> dict:
    return _paragraph("", n) | {"kind": "pagebreak"}


def _record(folder: Path) -> Path:
    """A two-page record: English text, its Albanian original, and a scan of each page."""
    english, albanian = [], []
    for page in ("1", "2"):
        image = Image.new("RGB", (1600, 2200), "white")
        ImageDraw.Draw(image).text((100, 100), f"Faqja {page}", fill="black")
        image.save(folder / f"page{page}.jpg", quality=85)
        english += [_pagebreak(page)]
        albanian += [_pagebreak(page)]
        for i in range(8):
            n = f"{page}.{i}"
            english.append(_paragraph(f"Comrade Hoxha said, on page {page}, point {i}. " * 6, n))
            albanian.append(_paragraph(f"Shoku Hoxha tha, në faqen {page}, pika {i}. " * 6, n))
    text = {"kind": "transcription", "language": "sq", "credits": [], "blocks": albanian}
    scans = [{"file": "page1.jpg", "label": "1"}, {"file": "page2.jpg", "label": "2"}]
    line = jsonl_record(
        IDENTIFIER, blocks=english, texts=[text], scans=scans, languages=["Albanian"]
    )
    path = folder / "scanned.jsonl"
    path.write_text(line + "\n")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    home = tmp_path_factory.mktemp("reading-home")
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    _cli(env, "init")
    _cli(env, "import", str(_record(tmp_path_factory.mktemp("scanned"))))
    with serving(env) as base:
        yield base + f"/documents/{IDENTIFIER}/"


def _tile_scale(url: str) -> float:
    """Output pixels per source pixel of a tile request."""
    found = TILE.search(url)
    return int(found[5]) / int(found[3]) if found else 0.0


def test_translation_beside_the_original_then_the_scan_zoomed(browser, server):
    from playwright.sync_api import expect

    v = Visit(browser, server.rsplit("/documents/", 1)[0], viewport={"width": 1400, "height": 900})
    tiles: list[str] = []
    v.page.on("request", lambda r: tiles.append(r.url) if TILE.search(r.url) else None)
    try:
        page = v.page
        page.goto(server)
        main, original = page.locator("#text-main"), page.locator("#text-1")
        expect(main).to_be_visible()
        expect(original).to_be_hidden()
        page.get_by_role("button", name="Side by side").click()
        expect(original).to_be_visible()
        left, right = main.bounding_box(), original.bounding_box()
        assert right["x"] >= left["x"] + left["width"] - 1, "the texts are not side by side"
        assert abs(right["y"] - left["y"]) < 5
        assert axe_violations(page) == []
        # Reading on to page 2 brings the original's page 2 to the top beside it.
        main.locator('[data-align="page-2"]').evaluate(TO_TOP)
        page.wait_for_function(
            """() => { const panel = document.getElementById('text-1');
                const mark = panel.querySelector('[data-align="page-2"]');
                return Math.abs(mark.getBoundingClientRect().top
                                - panel.getBoundingClientRect().top) < 60; }"""
        )
        main.evaluate("panel => panel.scrollTop = 0")

        page.get_by_role("link", name="Scans (2 pages)").click()
        viewer = page.locator(".viewer")
        expect(viewer).to_be_visible()
        expect(main).to_be_visible()
        assert viewer.bounding_box()["x"] > left["x"] + left["width"] - 1
        page.wait_for_function("() => document.querySelector('.viewer canvas') !== null")
        expect(page.locator("#scans .scan-list")).to_be_hidden()
        box = viewer.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        with page.expect_request(lambda r: _tile_scale(r.url) >= 0.99):
            for _ in range(14):  # zoom in with the wheel (x1.2 a step) to the scan's pixels
                page.mouse.wheel(0, -200)
        assert max(map(_tile_scale, tiles)) >= 0.99
        # and the scans follow the text: its page 2 opens the second scan
        with page.expect_request(re.compile(r"/iiif/[^/]+/2/")):
            main.locator('[data-align="page-2"]').evaluate(TO_TOP)
        assert axe_violations(page) == []
        page.screenshot(path=str(REPO / "var" / "reading-side-by-side.png"))
    finally:
        v.close()


def test_one_column_with_a_switch_at_360_px(browser, server):
    from playwright.sync_api import expect

    v = Visit(browser, server.rsplit("/documents/", 1)[0], viewport={"width": 360, "height": 740})
    try:
        page = v.page
        page.goto(server)
        expect(page.get_by_role("button", name="Side by side")).to_be_hidden()
        page.get_by_role("link", name="Albanian original").click()
        expect(page.locator("#text-1")).to_be_visible()
        expect(page.locator("#text-main")).to_be_hidden()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page is {width} px wide at 360 px"
        assert axe_violations(page) == []
    finally:
        v.close()


def test_without_javascript_every_text_and_page_image_shows(browser, server):
    v = Visit(browser, server.rsplit("/documents/", 1)[0], java_script_enabled=False)
    try:
        page = v.page
        page.goto(server)
        for panel in ("#text-main", "#text-1", "#scans"):
            assert page.locator(panel).is_visible(), panel
        images = page.locator("#scans img")
        assert images.count() == 2
        images.last.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelectorAll('#scans img')].every(i => i.naturalWidth > 0)"
        )
        full = page.locator("#scans figcaption a").first.get_attribute("href")
        assert full.endswith("/full/max/0/default.jpg")
    finally:
        v.close()
