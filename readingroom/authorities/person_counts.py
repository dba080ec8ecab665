"""Pages counted ahead: a person's documents per year and way of appearing, and company;
the archive's public documents per collection and year, for the home page.

A popular person appears in tens of thousands of documents, and the archive holds hundreds of
thousands: counting them per request would grow with the archive. As the network's counts do
(`meeting_counts`), each change adds the document as it is now and takes back what it was
counted with, so a page reads a few dozen rows however many documents there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import permutations
from typing import TYPE_CHECKING

from readingroom.authorities.derived_sql import add
from readingroom.authorities.models import PersonCompany, PersonYear, PublicCount

if TYPE_CHECKING:
    from readingroom.authorities.derived_state import Counted


def update(before: dict[int, Counted], now: dict[int, Counted], ids: Iterable[int]) -> None:
    """Take back what these documents were counted with and count them as they are now."""
    years: Counter[tuple[int, int, int]] = Counter()
    company: Counter[tuple[int, int]] = Counter()
    for pk in ids:
        for sign, doc in ((-1, before.get(pk)), (1, now.get(pk))):
            if doc is None:
                continue
            for person, kinds in doc.kinds:
                years[(person, doc.first_year, kinds)] += sign
            for pair in permutations(sorted(doc.people), 2):
                company[pair] += sign
    add(PersonYear, ("person_id", "year", "kinds"), "documents", years)
    add(PersonCompany, ("person_id", "other_id"), "documents", company)


def update_public(before: dict[int, Counted], now: dict[int, Counted], ids: Iterable[int]) -> None:
    """The same for the public documents per collection and year."""
    counts: Counter[tuple[int, int]] = Counter()
    for pk in ids:
        for sign, doc in ((-1, before.get(pk)), (1, now.get(pk))):
            if doc is not None:
                for collection in (PublicCount.ALL, *(doc.collections or (PublicCount.LOOSE,))):
                    counts[(collection, doc.first_year)] += sign
    add(PublicCount, ("collection_id", "year"), "documents", counts)
