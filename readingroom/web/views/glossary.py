"""The glossary: every abbreviation the public documents use, with what it stands for.

Entries come from the volumes' own lists of abbreviations (shown while the volume holds a public
document) and from enrichment (the shipped glossary and definitions read in the text, shown
while a public document uses the abbreviation). Each abbreviation links to a search for it and,
when it stands for a place or organization the archive has a page for, to that page. The list
is read a page at a time in the (abbreviation, id) index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from readingroom.authorities.derived_models import ORGANIZATION, PLACE
from readingroom.authorities.models import Mention, Organization, Place, PublicCount, Term
from readingroom.enrich.gazetteer import place_and_org_matcher
from readingroom.enrich.tokens import tokenize
from readingroom.records.models import Collection, Status
from readingroom.web.namedpage import public
from readingroom.web.views.common import search_link

PAGE_SIZE = 200  # entries (an abbreviation in one list) a page
CURSOR_LENGTH = 200


@dataclass
class Entry:
    """An abbreviation as one or more glossaries spell it out."""

    abbreviation: str
    expansions: list[str] = field(default_factory=list)
    collections: list[Collection | None] = field(default_factory=list)
    search: str = ""
    authorities: list[Place | Organization] = field(default_factory=list)


def shown_terms() -> QuerySet:
    """Terms of a volume holding a public document, and the archive's own terms (no volume)
    a public document uses: nothing read only from a draft. Both are asked of each term
    (EXISTS), so a page walks the (abbreviation, id) index and stops when full, instead of
    gathering every term of every volume to sort them."""
    volumes = PublicCount.objects.filter(documents__gt=0, collection_id=OuterRef("collection_id"))
    # the mention's own document asked (a join by key), never `IN (every public document)`
    published = Q(document__status=Status.PUBLISHED)
    ended = Q(document__status=Status.EMBARGOED, document__embargo_until__lte=timezone.localdate())
    used = Mention.objects.filter(published | ended, term_id=OuterRef("pk"))
    return Term.objects.filter(Q(Exists(volumes)) | Q(Exists(used), collection=None))


def _page(after: str) -> tuple[list[Term], str]:
    """A page of terms after the cursor ("abbreviation|id"), not splitting an abbreviation
    across pages unless one fills a page; and the next page's cursor."""
    rows = shown_terms().select_related("collection").order_by("abbreviation", "pk")
    rows = rows.only("abbreviation", "expansion", "collection__key", "collection__title")
    if after:
        abbreviation, _, pk = after.rpartition("|")
        number = int(pk) if pk.isdigit() else 0
        rows = rows.filter(
            Q(abbreviation__gt=abbreviation) | Q(abbreviation=abbreviation, pk__gt=number)
        )
    found = list(rows[: PAGE_SIZE + 1])
    if len(found) <= PAGE_SIZE:
        return found, ""
    last = found[PAGE_SIZE].abbreviation
    kept = found[:PAGE_SIZE]
    whole = [t for t in kept if t.abbreviation != last]
    kept = whole or kept
    return kept, f"{kept[-1].abbreviation}|{kept[-1].pk}"


def _entries(terms: list[Term]) -> list[Entry]:
    entries: dict[str, Entry] = {}
    for term in terms:
        entry = entries.setdefault(term.abbreviation, Entry(term.abbreviation))
        if term.expansion.casefold() not in {e.casefold() for e in entry.expansions}:
            entry.expansions.append(term.expansion)
        if term.collection not in entry.collections:
            entry.collections.append(term.collection)
    for entry in entries.values():
        words = f'"{entry.abbreviation}"' if " " in entry.abbreviation else entry.abbreviation
        entry.search = search_link(("q", words))
    _link(list(entries.values()))
    return list(entries.values())


def _named_key(phrase: str) -> str:
    """The gazetteer key of the place or organization a whole phrase names, else ""."""
    tokens = tokenize(phrase)
    hit = place_and_org_matcher().match_at(phrase, tokens, 0) if tokens else None
    return hit.authority.key if hit and hit.last == len(tokens) - 1 else ""


def _link(entries: list[Entry]) -> None:
    """Each entry's place or organization pages: the one its abbreviation or an expansion
    names in the gazetteer, or one named as an expansion is; two queries a page."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        keys = {_named_key(p) for p in (entry.abbreviation, *entry.expansions)} - {""}
        wanted[entry.abbreviation] = {slugify(k) for k in keys} | set(entry.expansions)
    slugs = set().union(*wanted.values()) if wanted else set()
    for model, kind in ((Organization, ORGANIZATION), (Place, PLACE)):
        found = public(model, kind).filter(Q(slug__in=slugs) | Q(name__in=slugs))
        for authority in found.order_by("name"):
            for entry in entries:
                if {authority.slug, authority.name} & wanted[entry.abbreviation]:
                    entry.authorities.append(authority)


def glossary(request: HttpRequest) -> HttpResponse:
    """The glossary, a page at a time."""
    after = request.GET.get("after", "")[:CURSOR_LENGTH]
    terms, next_cursor = _page(after)
    context = {
        "entries": _entries(terms),
        "next": "?" + urlencode({"after": next_cursor}) if next_cursor else "",
        "paged": bool(after),
    }
    return render(request, "web/glossary.html", context)
