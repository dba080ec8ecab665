"""Debian's Chromium, driven by Playwright, for every browser test of the reading room."""

from __future__ import annotations

import pytest

from tests.web.test_web_browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
