"""What several pages need: the public checks and links into the search page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import reverse

from readingroom.records.models import Document


def public_document(identifier: str, prefetch: tuple[str, ...] = ()) -> Document:
    """The document if the public may see it; a 404 otherwise, the same as for a missing one."""
    public = Document.objects.public().prefetch_related(*prefetch)
    return get_object_or_404(public, identifier=identifier)


def search_link(*pairs: tuple[str, str | int]) -> str:
    """A link to the search page with these (parameter, value) pairs."""
    return reverse("search") + "?" + urlencode(pairs)


def year_link(year: int, *pairs: tuple[str, str | int]) -> str:
    """A search for one year (plus any other parameters): what a histogram bar links to."""
    return search_link(*pairs, ("from", year), ("to", year))
