"""Person-page data: everything the enrichments of many documents say about one person.

A pure function over `Enrichment` values, so the reading room, an export or a test can build
the page without the database; the web layer only adds the authority record around it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from readingroom.enrich.results import Enrichment, Evidence, RoleFact


@dataclass(frozen=True)
class NameUse:
    """One form of the name and where it was used: as written, a speaker label, a variant."""

    name: str
    how: str  # "mention", "speaker", "participant", "note_taker", "translator", "variant"
    evidence: Evidence


@dataclass
class PersonPage:
    key: str
    names: list[NameUse] = field(default_factory=list)
    roles: list[RoleFact] = field(default_factory=list)  # in date order, undated last
    speaks: list[str] = field(default_factory=list)  # document keys
    participates: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    co_occurring: list[tuple[str, int]] = field(default_factory=list)  # (person, documents)

    def distinct_names(self) -> list[str]:
        return list(dict.fromkeys(use.name for use in self.names))


def person_page(key: str, enrichments: Iterable[Enrichment]) -> PersonPage:
    """Names with sources, roles over time, documents by kind of presence, and company kept."""
    page = PersonPage(key)
    company: Counter[str] = Counter()
    for enrichment in enrichments:
        present = _collect(page, key, enrichment)
        if present:
            others = {m.key for m in enrichment.mentions if m.kind == "person"}
            others |= {a.person for a in enrichment.attendance}
            company.update(others - {key})
    page.roles.sort(key=lambda r: (r.date.start or date.max, r.evidence.document))
    page.co_occurring = sorted(company.items(), key=lambda item: (-item[1], item[0]))
    return page


def _collect(page: PersonPage, key: str, enrichment: Enrichment) -> bool:
    """Add what one document says about the person; whether the person appears in it."""
    document = enrichment.document
    for m in enrichment.mentions:
        if m.key == key and m.kind == "person":
            page.names.append(
                NameUse(m.text, "mention", Evidence(document, m.block, m.start, m.end))
            )
    for a in enrichment.attendance:
        if a.person == key:
            page.names.append(NameUse(a.name, a.part, a.evidence))
    for v in enrichment.variants:
        if v.person == key:
            page.names.append(NameUse(v.variant, "variant", v.source))
    page.roles += [r for r in enrichment.roles if r.person == key]
    speaks = any(t.person == key for t in enrichment.turns)
    takes_part = any(a.person == key for a in enrichment.attendance)
    named = any(m.key == key for m in enrichment.mentions)
    for found, bucket in (
        (speaks, page.speaks),
        (takes_part, page.participates),
        (named, page.mentioned),
    ):
        if found and document not in bucket:
            bucket.append(document)
    return speaks or takes_part or named
