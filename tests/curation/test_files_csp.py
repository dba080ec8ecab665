"""The Content-Security-Policy: sent on pages, and no template relies on what it blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readingroom.curation.security import POLICY

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("readingroom/*/templates/**/*.html"))
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_inline_script_style_or_event_handler(template):
    html = template.read_text(encoding="utf-8")
    for attributes in SCRIPT.findall(html):
        assert "src=" in attributes or "application/ld+json" in attributes, template
    assert not HANDLER.search(html), template
    assert not STYLE.search(html), template


def test_policy_allows_nothing_inline():
    assert "'unsafe-inline'" not in POLICY and "'unsafe-eval'" not in POLICY
    assert "script-src 'self'" in POLICY and "default-src 'self'" in POLICY


@pytest.mark.django_db
def test_header_is_sent(client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "readingroom.curation.security.ContentSecurityPolicyMiddleware",
    ]
    response = client.get("/robots.txt")
    assert response["Content-Security-Policy"] == POLICY
