"""The reading room in a real browser: Debian's Chromium driven by Playwright.

A researcher's walk (search "Choe Yong Gon" → narrow by a facet → open the 1959
document → read a speaker turn → the person page → copy the Chicago citation),
axe-core on every page type, 360 px layouts, no request leaving the machine, and
the pages without JavaScript. Screenshots of every page type go to var/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.frus_data import volume_path

pytestmark = [pytest.mark.browser, pytest.mark.frus]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = REPO / "tests" / "vendor" / "axe.min.js"
FRUS = volume_path("frus1958-60v19")
SHOTS = REPO / "var" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
EDITOR_PASSWORD = "a long browser-test passphrase"
DOC_1959 = "Notes taken during a Meeting between Enver Hoxha and Choe Yong-geon"
CHICAGO_1959 = (
    f"“{DOC_1959},” June 6, 1959, History and Public Policy Program Digital Archive, "
    "Albanian State Archives (AQPPSH), MPP Korese, D1, V. 1959. "
    "Obtained by Ana Lalaj and translated by Enkel Daljani. "
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(env: dict[str, str], *args: str) -> None:
    command = [str(Path(sys.executable).parent / "readingroom"), *args]
    subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True)


def _wait(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"readingroom serve exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`readingroom serve` on a fresh home with the seeds and one FRUS volume."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    assert FRUS.exists(), f"{FRUS} is missing"
    home = tmp_path_factory.mktemp("browser-home")
    env = dict(os.environ, READINGROOM_HOME=str(home))
    env.pop("DATABASE_URL", None)
    _cli(env, "init")
    _cli(
        env, "import", *map(str, sorted((REPO / "sample_data" / "seeds").glob("*.txt"))), str(FRUS)
    )
    admin = dict(env, DJANGO_SUPERUSER_PASSWORD=EDITOR_PASSWORD)
    manage = [sys.executable, str(REPO / "manage.py"), "createsuperuser", "--noinput"]
    manage += ["--username", "editor", "--email", "editor@example.org"]
    subprocess.run(manage, env=admin, cwd=REPO, check=True, capture_output=True)
    with serving(env) as base:
        yield base


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """`readingroom serve` on a free loopback port of the home `env` names; its base URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "readingroom"), "serve", "--port", str(port)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def shots() -> Path:
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    return SHOTS


class Visit:
    """A browser context that fails on any request leaving 127.0.0.1 or blocked by the CSP."""

    def __init__(self, browser, base: str, **options):
        self.base = base
        self.outside: list[str] = []
        self.context = browser.new_context(**options)
        # axe-core is injected by the browser itself, so the site's Content-Security-Policy
        # (no inline scripts) stays in force for everything the pages do.
        self.context.add_init_script(path=str(AXE))
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.page.on("console", self._csp)

    def _csp(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def _only_local(self, route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()
        assert self.outside == [], f"pages asked for outside resources: {self.outside}"
        assert self.refused == [], f"the Content-Security-Policy refused: {self.refused}"


@pytest.fixture
def visit(browser, server) -> Iterator[Visit]:
    v = Visit(browser, server, viewport={"width": 1280, "height": 900})
    v.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    yield v
    v.close()


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, shots: Path, name: str) -> None:
    """Screenshot the page and hold it to WCAG 2.1 AA."""
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


def test_walkthrough_search_read_follow_cite(visit, shots):
    from playwright.sync_api import expect

    page = visit.page
    page.goto(visit.base + "/")
    assert page.get_by_role("heading", name="The reading room").is_visible()
    check(page, shots, "home")

    page.get_by_role("searchbox", name="Search the archive").fill("Choe Yong Gon")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Choe"))
    assert page.get_by_role("heading", name="1 document").is_visible()
    hit = page.locator(".hit").first
    assert "Choe Yong Gon" in hit.locator("mark").all_inner_texts()
    assert hit.locator(".who").first.inner_text().startswith("Comrade")
    check(page, shots, "search")

    facet = page.locator(".facet", has=page.get_by_role("heading", name="Type"))
    facet.get_by_role("link", name="Minutes of Conversation").click()
    page.wait_for_url(re.compile(r"type=Minutes"))
    assert page.get_by_role("link", name="Remove filter Type: Minutes of Conversation").first
    assert page.get_by_role("heading", name="1 document").is_visible()

    page.get_by_role("link", name=DOC_1959).click()
    assert page.get_by_role("heading", level=1).inner_text() == DOC_1959
    assert page.locator("header .date").inner_text() == "June 6, 1959 · Minutes of Conversation"
    turn = page.locator(".turn", has_text="They are very well.")
    assert turn.locator(".speaker").inner_text() == "Comrade Choe Yong-geon:"
    alternate = page.locator(".ins-alternate", has_text="[Choe Yong Gon]").first
    assert alternate.get_attribute("title") == "Editorial insertion: other spelling"
    check(page, shots, "document")

    turn.get_by_role("link", name="Comrade Choe Yong-geon").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Choe Yong-geon"
    speaks = page.locator("section", has=page.get_by_role("heading", name=re.compile("Speaks in")))
    assert speaks.get_by_role("link", name=DOC_1959).is_visible()
    check(page, shots, "person")

    page.go_back()
    chicago = page.locator("#cite-chicago-note")
    chicago.get_by_role("button", name="Copy").click()
    expect(page.locator(".cite .copied")).to_have_text("Chicago (note) citation copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(CHICAGO_1959)
    assert copied.endswith(f"/documents/{page.url.rstrip('/').rsplit('/', 1)[1]}/")


def test_other_page_types_are_accessible(visit, shots):
    page = visit.page
    pages = {
        "frus-document": "/documents/frus1958-60v19-d252/",
        "document-find": "/documents/frus1958-60v19-d252/?find=%22Communist+China%22",
        "collection": "/collections/frus1958-60v19/",
        "documents": "/documents/",
        "network": "/network/",
        "network-filtered": "/network/?from=1959&to=zz&collection=frus1958-60v19",
        "search-no-results": "/search?q=Choe+Yung+Gonn",
        "search-bad-syntax": "/search?q=%28%28type%3A",
        "search-by-year": "/search?from=1959&to=1959&sort=date_desc",
        "not-found": "/documents/no-such-record/",
        "declassification": "/declassification/",
        "declassification-query": "/declassification/?q=Quemoy+classification%3Asecret",
    }
    for name, path in pages.items():
        page.goto(visit.base + path)
        check(page, shots, name)
    page.goto(visit.base + pages["search-no-results"])
    assert page.get_by_role("link", name="Choe Yong-geon").is_visible()
    page.goto(visit.base + pages["search-bad-syntax"])
    assert page.locator(".notice").is_visible()
    page.goto(visit.base + pages["document-find"])  # a passage found inside is a jump to it
    first = page.locator(".found a.passage").first
    target = first.get_attribute("href")
    first.click()
    assert page.url.endswith(target) and page.locator(target).is_visible()


def test_declassification_charts_and_tables(visit, shots):
    """The figures drawn, named for screen readers, their tables a click away, and the
    counts those of a search."""
    page = visit.page
    page.goto(visit.base + "/declassification/?q=Quemoy")
    charts = page.get_by_role("img")
    assert charts.count() == 5
    assert charts.first.get_attribute("aria-labelledby") == "lines-by-year-title lines-by-year-desc"
    bars = page.locator("#by-agency-h ~ .chart-wrap rect").all()
    widths = [bar.bounding_box()["width"] for bar in bars]  # drawn to scale, most first
    assert len(widths) >= 2 and widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    page.locator("summary", has_text="Table").first.click()
    rows = page.locator("#lines-by-year-h ~ details tbody tr")
    assert rows.count() >= 2 and rows.first.locator("th").inner_text().startswith("19")
    found = page.locator(".totals strong").first.inner_text()
    page.get_by_role("link", name="Search the documents with withheld passages").click()
    page.wait_for_url(re.compile(r"withheld%3Ayes|withheld:yes"))
    check(page, shots, "declassification-search")
    page.goto(visit.base + "/search?q=Quemoy")
    assert page.get_by_role("heading", name=f"{found} documents").is_visible()


def test_year_histogram_narrows_the_search(visit):
    page = visit.page
    page.goto(visit.base + "/search?q=Dulles")
    page.locator("#search-hist-cap + ol a", has_text="1959").first.click()
    page.wait_for_url(re.compile(r"from=1959&to=1959"))
    assert page.get_by_role("link", name="Remove filter Years: 1959").is_visible()
    dates = page.locator(".hit .meta").all_inner_texts()
    assert dates and all("1959" in d for d in dates)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=Hoxha",
        "/documents/frus1958-60v19-d252/",
        "/documents/frus1958-60v19-d252/?find=%22Communist+China%22",
        "/people/enver-hoxha/",
        "/network/",
        "/declassification/",
    ],
)
def test_narrow_screens_do_not_scroll_sideways(browser, server, shots, path):
    v = Visit(browser, server, viewport={"width": 360, "height": 740})
    try:
        v.page.goto(server + path)
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide at 360 px"
        name = re.sub(r"\W+", "-", path).strip("-") or "home"
        v.page.screenshot(path=str(shots / f"narrow-{name}.png"), full_page=True)
    finally:
        v.close()


# For each network drawing on screen: its class, the labels whose glyphs (as the browser set
# them) leave the viewBox, the labels' size in screen pixels, and its right edge.
DRAWN_ON_SCREEN = """() => [...document.querySelectorAll('svg.network')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const v = svg.viewBox.baseVal, rect = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')];
    const cut = texts.filter(t => { const b = t.getBBox();
      return b.x < v.x || b.y < v.y
        || b.x + b.width > v.x + v.width || b.y + b.height > v.y + v.height;
    }).map(t => t.textContent);
    const px = parseFloat(getComputedStyle(texts[0]).fontSize) * rect.width / v.width;
    return {drawing: svg.classList[1], cut, px, right: rect.right};
  })"""


@pytest.mark.parametrize(("width", "drawing"), [(360, "network-compact"), (1280, "network-full")])
def test_the_network_fits_the_screen_and_no_label_is_cut(browser, server, width, drawing):
    v = Visit(browser, server, viewport={"width": width, "height": 800})
    try:
        for query in ("", "?from=1959&to=1960&collection=frus1958-60v19", "?from=1959&to=zz"):
            v.page.goto(server + "/network/" + query)
            shown = v.page.evaluate(DRAWN_ON_SCREEN)
            assert [d["drawing"] for d in shown] == [drawing], query
            assert shown[0]["cut"] == [], query
            assert shown[0]["px"] >= 11, f"labels are {shown[0]['px']:.1f} px at {width} px"
            assert shown[0]["right"] <= width
            assert v.page.evaluate("document.documentElement.scrollWidth") <= width, query
    finally:
        v.close()


def test_pages_work_without_javascript(browser, server):
    v = Visit(browser, server, java_script_enabled=False)
    try:
        page = v.page
        page.goto(server + "/")
        page.get_by_role("searchbox", name="Search the archive").fill("Hoxha")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search\?q=Hoxha"))
        page.get_by_role("link", name=DOC_1959).click()
        assert page.locator("#cite-chicago-note-text").inner_text().startswith(CHICAGO_1959)
        assert not page.get_by_role("button", name="Copy").first.is_visible()
    finally:
        v.close()


def test_curation_and_api_docs_need_nothing_inline(visit):
    """Signed in: the admin, the curation pages and the API docs, under the strict policy
    (Visit fails on any refusal), styled by their stylesheets."""
    page = visit.page
    page.goto(visit.base + "/admin/login/?next=/curation/review")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/curation/review$"))
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font  # curation.css applied
    for path in ("/curation/people/merges", "/admin/", "/admin/records/document/"):
        page.goto(visit.base + path)
        assert page.locator("main, #content").first.is_visible(), path
    page.goto(visit.base + "/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
