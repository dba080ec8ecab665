"""The event pages in a real browser: axe-core finds nothing on the list or an event, and an
event's accounts stand side by side on a wide screen and one above the other at 360 px."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.test_web_browser import CHROMIUM, REPO, Visit, _cli, axe_violations, serving

pytestmark = pytest.mark.browser

# The two seeds' events made one, so the event has two accounts to lay out.
MERGE = """
from readingroom.events.editing import merge
from readingroom.events.models import Event
first, second = Event.objects.order_by("date_start")
merge(first, [second], "browser test", "two accounts to compare")
print(first.slug)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """`readingroom serve` on a fresh home with the seeds, imported and enriched as the
    command does; its base URL and the slug of an event with both seeds as accounts."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    home = tmp_path_factory.mktemp("events-browser-home")
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    _cli(env, "init")
    _cli(env, "import", *map(str, sorted((REPO / "sample_data" / "seeds").glob("*.txt"))))
    shell = [sys.executable, str(REPO / "manage.py"), "shell", "-c", MERGE]
    done = subprocess.run(shell, env=env, cwd=REPO, check=True, capture_output=True, text=True)
    slug = done.stdout.strip().splitlines()[-1]
    with serving(env) as base:
        yield base, slug


def boxes(page) -> list[dict[str, float]]:
    """Where each account's column is drawn."""
    return [column.bounding_box() for column in page.locator(".account").all()]


# The list, an event, and the pages that now lead to events (a person's meetings).
@pytest.mark.parametrize("path", ["/events/", "/events/{slug}/", "/people/enver-hoxha/"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_event_pages_are_accessible(browser, server, path, width):
    base, slug = server
    v = Visit(browser, base, viewport={"width": width, "height": 900})
    try:
        v.page.goto(base + path.format(slug=slug))
        assert v.page.get_by_role("heading", level=1).is_visible()
        assert axe_violations(v.page) == [], path
        scrolled = v.page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"{path} is {scrolled} px wide at {width} px"
    finally:
        v.close()


def test_accounts_stand_side_by_side_on_a_wide_screen(browser, server):
    base, slug = server
    v = Visit(browser, base, viewport={"width": 1280, "height": 900})
    try:
        v.page.goto(f"{base}/events/{slug}/")
        first, second = boxes(v.page)
        assert first["y"] == second["y"]
        assert second["x"] >= first["x"] + first["width"]
    finally:
        v.close()


def test_accounts_are_stacked_at_360_px(browser, server):
    base, slug = server
    v = Visit(browser, base, viewport={"width": 360, "height": 740})
    try:
        v.page.goto(f"{base}/events/{slug}/")
        first, second = boxes(v.page)
        assert first["x"] == second["x"] and first["width"] == second["width"]
        assert second["y"] >= first["y"] + first["height"]
        assert first["x"] + first["width"] <= 360
    finally:
        v.close()


def test_the_list_leads_to_the_event_its_accounts_and_back(browser, server):
    base, slug = server
    v = Visit(browser, base, viewport={"width": 1280, "height": 900})
    try:
        v.page.goto(base + "/")
        v.page.get_by_role("navigation", name="Site").get_by_role("link", name="Events").click()
        v.page.wait_for_url(f"{base}/events/")
        v.page.locator(f'a[href="/events/{slug}/"]').click()
        v.page.wait_for_url(f"{base}/events/{slug}/")
        assert v.page.locator(".account h3 a").count() == 2
        v.page.locator(".account h3 a").first.click()  # the record, which names its event
        v.page.locator(".doc-events").get_by_role("link").click()
        v.page.wait_for_url(f"{base}/events/{slug}/")
    finally:
        v.close()
