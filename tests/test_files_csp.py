"""The Content-Security-Policy: sent on pages, and no template relies on what it blocks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readingroom.curation.security import BASE_POLICY, POLICY

TEMPLATES = sorted(Path(__file__).resolve().parent.parent.glob("readingroom/*/templates/**/*.html"))
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_inline_script_or_event_handler(template):
    html = template.read_text(encoding="utf-8")
    for attributes in SCRIPT.findall(html):
        assert "src=" in attributes or "application/ld+json" in attributes, template
    assert not HANDLER.search(html), template


def test_policy_keeps_the_required_directives():
    assert POLICY.startswith(BASE_POLICY)
    assert "'unsafe-inline'" not in POLICY.split("style-src")[0]


@pytest.mark.django_db
def test_header_is_sent(client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "readingroom.curation.security.ContentSecurityPolicyMiddleware",
    ]
    response = client.get("/robots.txt")
    assert response["Content-Security-Policy"] == POLICY
