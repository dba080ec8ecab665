"""Opaque, tamper-proof pagination cursors: a signed payload the client hands back as is."""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT = "readingroom.api.cursor"


class BadCursor(ValueError):
    """A cursor this server did not issue, or one issued for a different query."""


def encode(payload: dict[str, Any]) -> str:
    return signing.dumps(payload, salt=SALT, compress=True)


def decode(token: str, *, query: str) -> dict[str, Any]:
    """The payload of `token`, checked to belong to the same `query` (filters included)."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise BadCursor("the cursor is not one this API issued") from exc
    if not isinstance(payload, dict) or payload.get("query") != query:
        raise BadCursor("the cursor belongs to a different query; start again without it")
    return payload
