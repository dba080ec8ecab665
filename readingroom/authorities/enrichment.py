"""Run the enrichment pipeline on stored documents and keep its findings as records.

`readingroom.enrich` is plain Python (text in, dataclasses out); this module is its only bridge
to the database: it reads a stored record back as parsed dataclasses, gives the pipeline the
people the archive already knows, and replaces the document's earlier findings with the new
ones in one transaction, so enriching again never duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q
from django.utils.text import slugify

from readingroom.authorities.linking import person_for
from readingroom.authorities.models import (
    Attendance,
    Mention,
    Name,
    Organization,
    Person,
    PersonDescription,
    PersonRole,
    Place,
    ReviewItem,
    Term,
)
from readingroom.enrich.gazetteer import Authority, curated_people, organizations, places
from readingroom.enrich.glossary import Glossary
from readingroom.enrich.linking import UNRESOLVED, PersonIndex
from readingroom.enrich.namekeys import key_string
from readingroom.enrich.pipeline import enrich
from readingroom.enrich.results import Enrichment, TextSpan
from readingroom.records.bulk import fitted
from readingroom.records.changelog import log_change
from readingroom.records.models import Document
from readingroom.records.serialize import document_snapshot
from readingroom.records.snapshot import parsed_from_snapshot

DB_KEY = "db:"


def authorities(people, described: dict[int, str] | None = None) -> list[Authority]:
    """Enrichment's view of person rows; `described` gives a collection's description of each
    (the offices and dates a FRUS persons list states, for office references)."""
    described = described or {}
    return [
        Authority(
            f"{DB_KEY}{p.pk}",
            "person",
            p.name,
            tuple(n.text for n in p.names.all()),
            described.get(p.pk, ""),
        )
        for p in people.filter(merged_into=None).distinct().prefetch_related("names")
    ]


#: People a record vouches for: listed in a volume, or present at a document (participant,
#: speaker, note-taker). People known only from names in running text are left out of the
#: archive tier, so one misread ("President Eisenhower's Files") is never linked again.
_VOUCHED = (
    Q(descriptions__isnull=False)
    | Q(participants__isnull=False)
    | Q(speakers__isnull=False)
    | Q(attendance__isnull=False)
    | (Q(key__regex=r"^[a-z]+$"))  # a surname a title vouched for: "President Kohl"
)


_BARE_UNKNOWN = re.compile(r"name:[a-z]+")  # the pipeline's key of a titled unknown surname


class KnownPeople:
    """The people enrichment links to, closest first: those linked to the document, its
    collections' persons lists (with their offices), then everyone the archive knows.

    Built once per run and kept current as enrichment adds people, so a page's cost does not
    grow with the archive: a collection's list is read once, the archive once.
    """

    def __init__(self) -> None:
        self.by_collections: dict[tuple[int, ...], PersonIndex] = {}
        self._archive: PersonIndex | None = None
        self._known: set[int] = set()

    @property
    def archive(self) -> PersonIndex:
        if self._archive is None:
            described: dict[int, str] = {}
            for person, text in PersonDescription.objects.values_list("person_id", "text"):
                described[person] = f"{described[person]}; {text}" if person in described else text
            people = authorities(Person.objects.filter(_VOUCHED), described)
            self._known = {int(a.key[len(DB_KEY) :]) for a in people}
            self._archive = PersonIndex(people, is_list=False)
        return self._archive

    def __call__(self, doc: Document) -> PersonIndex:
        collections = tuple(sorted(c.pk for c in doc.collections.all()))
        if collections not in self.by_collections:
            listed = Person.objects.filter(descriptions__collection__in=collections)
            described = dict(
                PersonDescription.objects.filter(collection__in=collections)
                .order_by("collection_id")
                .values_list("person_id", "text")
            )
            self.by_collections[collections] = PersonIndex(
                authorities(listed, described), curated=False, fallback=self.archive
            )
        index = self.by_collections[collections]
        linked = Person.objects.filter(Q(speakers__document=doc) | Q(participants__document=doc))
        extra = authorities(linked.exclude(descriptions__collection__in=collections))
        return PersonIndex(extra, curated=False, fallback=index) if extra else index

    def learn(self, ids: Iterable[int]) -> None:
        """People enrichment just linked: later documents of the run may find them too."""
        new = set(ids) - self._known
        if new and self._archive is not None:
            for authority in authorities(Person.objects.filter(pk__in=new)):
                self._archive.add(authority)
        self._known |= new


@dataclass
class Resolver:
    """Turns the pipeline's keys into authority rows, creating what is new."""

    source: str = "enrichment"
    ids: dict = field(default_factory=dict)

    def person(self, key: str, name: str) -> int | None:
        """The person row for a pipeline key; None for a name that names nobody by itself."""
        if key.startswith(DB_KEY):
            return int(key[len(DB_KEY) :])
        curated = next((a for a in curated_people() if a.key == key), None)
        if curated is None:
            found = self._bearer(key) or person_for(name, source=self.source)
            return found.pk if found else None
        found = person_for(curated.name, source="curated")
        for variant in curated.variants:  # every spelling the curated list knows
            Name.objects.get_or_create(
                person=found,
                text=variant,
                defaults={"key": key_string(variant), "source": "curated"},
            )
        return found.pk

    def _bearer(self, key: str) -> Person | None:
        """For a bare surname no list of the document's volume resolved ("Sebald"), the one
        person of that surname any volume's persons list describes, if there is exactly one."""
        surname = key.removeprefix("name:")
        if not surname or any(mark in surname for mark in ",:"):
            return None
        if ("bearer", surname) not in self.ids:  # asked again for each document naming him
            listed = Person.objects.filter(
                key__startswith=f"{surname},", merged_into=None, descriptions__isnull=False
            )
            found = list(listed.distinct()[:2])
            self.ids[("bearer", surname)] = found[0] if len(found) == 1 else None
        return self.ids[("bearer", surname)]

    def place(self, key: str, written: str) -> int:
        return self._authority(Place, key, written, places())

    def organization(self, key: str, written: str) -> int:
        return self._authority(Organization, key, written, organizations())

    def term(self, abbreviation: str, expansion: str) -> int:
        """The archive-wide glossary entry (collection None) for an abbreviation."""
        key = ("term", abbreviation, expansion)
        if key not in self.ids:
            self.ids[key] = Term.objects.get_or_create(
                collection=None,
                source_key=fitted(Term, "source_key", slugify(abbreviation)),
                abbreviation=abbreviation,
                defaults={"expansion": expansion},
            )[0].pk
        return self.ids[key]

    def _authority(self, model, key: str, written: str, gazetteer) -> int:
        """The row for a gazetteer entry, named as the gazetteer names it."""
        if (model, key) not in self.ids:
            name = next((a.name for a in gazetteer if a.key == key), written)
            slug = fitted(model, "slug", slugify(key))
            self.ids[(model, key)] = model.objects.get_or_create(
                slug=slug, defaults={"name": name}
            )[0].pk
        return self.ids[(model, key)]


def enrich_documents(
    ids: Iterable[int], known: KnownPeople | None = None, resolve: Resolver | None = None
) -> int:
    """Enrich each document whose stored content changed since it was last enriched; a run
    over many chunks passes one `known` and `resolve` so neither is rebuilt per chunk."""
    done, known, resolve = 0, known or KnownPeople(), resolve or Resolver()
    for doc in Document.objects.filter(pk__in=list(ids)).prefetch_related("collections"):
        if doc.enriched_hash != doc.content_hash:
            enrich_document(doc, known, resolve)
            done += 1
    return done


def enrich_document(doc: Document, known: KnownPeople, resolve: Resolver) -> Enrichment:
    result = enrich(parsed_from_snapshot(document_snapshot(doc)), known(doc))
    with transaction.atomic():
        clear_findings(doc)
        known.learn(save_findings(doc, result, resolve))
        Document.objects.filter(pk=doc.pk).update(enriched_hash=doc.content_hash)
        log_change([doc.pk])  # the people it involves changed
    return result


def clear_findings(doc: Document) -> None:
    Mention.objects.filter(document=doc, origin="enrichment").delete()
    for model in (PersonRole, Attendance):
        model.objects.filter(document=doc).delete()
    ReviewItem.objects.filter(document=doc, decision=ReviewItem.Decision.PENDING).delete()


def save_findings(doc: Document, result: Enrichment, resolve: Resolver) -> set[int]:
    """Store the findings; the ids of the people present (the archive tier learns those)."""
    used = _keys_used(result)  # a name met while reading but chosen for nothing is no one
    names = {p.key: p.name for p in result.people if p.key in used}
    found = {k: resolve.person(k, n) for k, n in names.items()}
    person = {k: pk for k, pk in found.items() if pk is not None}  # facts need a person
    blocks = dict(doc.blocks.values_list("order", "id"))
    save_mentions(doc, result, person, blocks, resolve)
    PersonRole.objects.bulk_create(
        PersonRole(
            person_id=person[fact.person],
            role=fact.role,
            date=fact.date,
            **evidence(doc, fact.evidence),
        )
        for fact in result.roles
        if fact.person in person
    )
    Attendance.objects.bulk_create(
        Attendance(
            person_id=person[seen.person],
            part=seen.part,
            role=seen.role,
            name=seen.name,
            **evidence(doc, seen.evidence),
        )
        for seen in result.attendance
        if seen.person in person
    )
    for variant in (v for v in result.variants if v.person in person):
        Name.objects.get_or_create(
            person_id=person[variant.person],
            text=variant.variant,
            defaults={"key": key_string(variant.variant), "source": doc.identifier},
        )
    save_review(doc, result, person)
    titled = {pk for key, pk in person.items() if _BARE_UNKNOWN.fullmatch(key)}
    return titled | {person[seen.person] for seen in result.attendance if seen.person in person}


def _keys_used(result: Enrichment) -> set[str]:
    """Person keys some stored finding points at: a mention, an attendance, a role, a variant."""
    return (
        {m.key for m in result.mentions if m.kind == "person"}
        | {a.person for a in result.attendance}
        | {r.person for r in result.roles}
        | {v.person for v in result.variants}
    )


def evidence(doc: Document, where: TextSpan) -> dict:
    block = where.block if where.block >= 0 else None
    return {"document": doc, "block_order": block, "start": where.start, "end": where.end}


def save_mentions(doc, result: Enrichment, person: dict, blocks: dict, resolve: Resolver) -> None:
    """Mentions the publisher did not tag already (its own links are kept as they are)."""
    glossary = Glossary().extend((d.term, d.expansion) for d in result.definitions)
    tagged = {
        (m.block_id, m.start)
        for m in Mention.objects.filter(document=doc).exclude(origin="enrichment")
    }
    rows = []
    for m in result.mentions:
        block_id = blocks.get(m.block)
        if block_id is None or (block_id, m.start) in tagged:
            continue
        row = Mention(
            document=doc,
            block_id=block_id,
            kind=m.kind,
            start=m.start,
            end=m.end,
            text=m.text,
            source_key=fitted(Mention, "source_key", m.key),
            origin="enrichment",
        )
        if m.kind == "person" and m.key != UNRESOLVED:
            row.person_id = person.get(m.key) or resolve.person(m.key, m.text)
            # the person's row, not the run's key: enriching again keeps the record the same
            row.source_key = f"{DB_KEY}{row.person_id}" if row.person_id else ""
        elif m.kind == "place":
            row.place_id = resolve.place(m.key, m.text)
        elif m.kind == "organization":
            row.organization_id = resolve.organization(m.key, m.text)
        elif m.kind == "term":
            expansion = glossary.expansion(m.text)
            row.term_id = resolve.term(m.text, expansion) if expansion else None
        rows.append(row)
    Mention.objects.bulk_create(rows)


def save_review(doc: Document, result: Enrichment, person: dict) -> None:
    for item in result.review:
        candidate = person.get(item.candidate)
        if candidate is None and item.candidate.startswith(DB_KEY):
            candidate = int(item.candidate[len(DB_KEY) :])
        ReviewItem.objects.create(
            name=item.name,
            candidate_id=candidate,
            candidate_name=item.candidate_name,
            score=item.score,
            reason=item.reason,
            **evidence(doc, item.evidence),
        )


def pending() -> list[int]:
    """Documents whose stored content has changed since they were last enriched."""
    stale = Document.objects.exclude(enriched_hash=models.F("content_hash"))
    return list(stale.order_by("pk").values_list("pk", flat=True))
