"""Run the enrichment pipeline on stored documents and keep its findings as records.

`readingroom.enrich` is plain Python (text in, dataclasses out); this module is its only bridge
to the database: it reads stored records back as parsed dataclasses, gives the pipeline the
people the archive already knows, and replaces each document's earlier findings with the new
ones, so enriching again never duplicates.

It works a chunk of documents at a time: the chunk's records are read in a few queries, its
findings written in bulk and committed once, and what a run has looked up is not asked again,
so the database costs less than the pipeline itself (issue 16). Only people and their names
are written at once: a later document of the chunk may be linked to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.text import slugify

from readingroom.authorities.bodies import FIELDS_PREFETCH, Chunk, read_chunk
from readingroom.authorities.known import DB_KEY, KnownPeople
from readingroom.authorities.linking import person_for
from readingroom.authorities.located import organization_fields, place_fields
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
from readingroom.enrich.linking import UNRESOLVED
from readingroom.enrich.namekeys import key_string
from readingroom.enrich.pipeline import enrich
from readingroom.enrich.results import Enrichment, TextSpan
from readingroom.records.bulk import check_lengths, fitted, insert_rows
from readingroom.records.changelog import log_change
from readingroom.records.models import Block, Document
from readingroom.records.snapshot import parsed_from_snapshot

CHUNK = 50  # documents read, enriched, written and committed together
MENTION_COLUMNS = (
    *("document_id", "block_id", "kind", "start", "end", "text", "source_key"),
    *("person_id", "term_id", "place_id", "organization_id", "origin"),
)
_BARE_UNKNOWN = re.compile(r"name:[a-z]+")  # the pipeline's key of a titled unknown surname


@dataclass
class Resolver:
    """Turns the pipeline's keys into authority rows, creating what is new; what a run has
    resolved once is not asked again (rows are only ever added during a run)."""

    source: str = "enrichment"
    ids: dict = field(default_factory=dict)
    named: set[tuple[int, str]] = field(default_factory=set)  # (person, spelling) stored
    renamed: set[int] = field(default_factory=set)  # people given a spelling, to be told
    listed: dict[str, set[int]] | None = None  # surname -> the people lists describe

    def person(self, key: str, name: str) -> int | None:
        """The person row for a pipeline key; None for a name that names nobody by itself."""
        if key.startswith(DB_KEY):
            return int(key[len(DB_KEY) :])
        if ("person", key, name) not in self.ids:
            self.ids[("person", key, name)] = self._person(key, name)
        return self.ids[("person", key, name)]

    def _person(self, key: str, name: str) -> int | None:
        curated = _curated().get(key)
        if curated is None:
            bearer = self._bearer(key)
            found = None if bearer else person_for(name, source=self.source)
            if found is not None:
                self.renamed.add(found.pk)  # the name may be a spelling new to them
            return bearer or (found.pk if found else None)
        found = person_for(curated.name, source="curated")
        self.renamed.add(found.pk)
        # every spelling the curated list knows
        self.names([(found.pk, variant) for variant in curated.variants], "curated")
        return found.pk

    def names(self, spellings: Iterable[tuple[int, str]], source: str) -> None:
        """Store each (person, spelling) as a Name unless it is one; one query for those this
        run has not stored yet. Each is created on its own, so the index hears of it."""
        new = [pair for pair in dict.fromkeys(spellings) if pair not in self.named]
        if not new:
            return
        people, texts = {p for p, _ in new}, {t for _, t in new}
        stored = Name.objects.filter(person_id__in=people, text__in=texts)
        have = set(stored.values_list("person_id", "text"))
        for person, text in new:
            if (person, text) not in have:
                self.renamed.add(person)
                Name.objects.create(
                    person_id=person, text=text, key=key_string(text), source=source
                )
        self.named.update(new)

    def _bearer(self, key: str) -> int | None:
        """For a bare surname no list of the document's volume resolved ("Sebald"), the one
        person of that surname any volume's persons list describes, if there is exactly one."""
        surname = key.removeprefix("name:")
        if not surname or any(mark in surname for mark in ",:"):
            return None
        if self.listed is None:  # the listed people's keys, "surname,given", read once a run
            described = Exists(PersonDescription.objects.filter(person=OuterRef("pk")))
            people = Person.objects.filter(described, merged_into=None).values_list("pk", "key")
            self.listed = {}
            for pk, listed_key in people:
                head, comma, _ = listed_key.partition(",")
                if comma:
                    self.listed.setdefault(head, set()).add(pk)
        found = self.listed.get(surname, set())
        return next(iter(found)) if len(found) == 1 else None

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
        """The row for a gazetteer entry, named as the gazetteer names it; a new place is
        located and a new organization given its abbreviations (`located`)."""
        if (model, key) not in self.ids:
            name = next((a.name for a in gazetteer if a.key == key), written)
            slug = fitted(model, "slug", slugify(key))
            found = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if found is None:
                fields = (
                    place_fields(key, name)
                    if model is Place
                    else organization_fields(key, name, Term)
                )
                defaults = {"name": name, **fields}
                found = model.objects.get_or_create(slug=slug, defaults=defaults)[0].pk
            self.ids[(model, key)] = found
        return self.ids[(model, key)]


@cache
def _curated() -> dict[str, Authority]:
    """The curated list by key (the first entry of a key, as a search of the list finds)."""
    found: dict[str, Authority] = {}
    for authority in curated_people():
        found.setdefault(authority.key, authority)
    return found


@dataclass
class Findings:
    """A chunk's findings, written in bulk at its end: nothing read while enriching the
    chunk's later documents depends on them (people and names are written at once)."""

    mentions: list[tuple] = field(default_factory=list)  # MENTION_COLUMNS (thousands a chunk)
    roles: list[PersonRole] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    speakers: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # (doc, person)

    def save(self) -> None:
        insert_rows(Mention, MENTION_COLUMNS, self.mentions)
        for (doc_id, person_id), orders in self.speakers.items():
            unlinked = Block.objects.filter(document_id=doc_id, speaker_person=None)
            unlinked.filter(order__in=orders).update(speaker_person_id=person_id)
        for row in self.review:
            check_lengths(row)  # bulk_create sends no pre_save
        for model, rows in (
            (PersonRole, self.roles),
            (Attendance, self.attendance),
            (ReviewItem, self.review),
        ):
            model.objects.bulk_create(rows)


def enrich_documents(
    ids: Iterable[int], known: KnownPeople | None = None, resolve: Resolver | None = None
) -> int:
    """Enrich each document whose stored content changed since it was last enriched, in date
    order, a chunk at a time; a run over many calls passes one `known` and `resolve` so
    neither is rebuilt per call."""
    known, resolve = known or KnownPeople(), resolve or Resolver()
    stale = Document.objects.filter(pk__in=list(ids)).exclude(
        enriched_hash=models.F("content_hash")
    )
    ordered = list(stale.values_list("pk", flat=True))
    for start in range(0, len(ordered), CHUNK):
        enrich_chunk(ordered[start : start + CHUNK], known, resolve)
    return len(ordered)


def enrich_chunk(ids: list[int], known: KnownPeople, resolve: Resolver) -> None:
    """Enrich these documents in one transaction (a fraction of a second for a chunk: writers
    elsewhere wait no longer than that): read together, findings written together."""
    found = Document.objects.filter(pk__in=ids).prefetch_related(*FIELDS_PREFETCH)
    chunk = read_chunk([doc for doc in found if doc.enriched_hash != doc.content_hash])
    ids = [doc.pk for doc in chunk.documents]  # less any enriched meanwhile
    if not ids:
        return
    known.prepare(ids)
    findings = Findings()
    with transaction.atomic():
        clear_findings(ids)
        for doc in chunk.documents:
            result = enrich(parsed_from_snapshot(chunk.snapshot(doc)), known(doc))
            known.learn(save_findings(doc, result, resolve, findings, chunk))
            known.renamed(resolve.renamed)
            resolve.renamed.clear()
        findings.save()
        for doc in chunk.documents:
            doc.enriched_hash = doc.content_hash
        Document.objects.bulk_update(chunk.documents, ["enriched_hash"])
        log_change(ids)  # the people they involve changed


def clear_findings(doc_ids: list[int]) -> None:
    Mention.objects.filter(document_id__in=doc_ids, origin="enrichment").delete()
    for model in (PersonRole, Attendance):
        model.objects.filter(document_id__in=doc_ids).delete()
    pending_review = ReviewItem.objects.filter(decision=ReviewItem.Decision.PENDING)
    pending_review.filter(document_id__in=doc_ids).delete()


def save_findings(
    doc: Document, result: Enrichment, resolve: Resolver, rows: Findings, chunk: Chunk
) -> set[int]:
    """Keep the findings (people and names now, the rest in `rows`); the ids of the people
    present (the archive tier learns those)."""
    used = _keys_used(result)  # a name met while reading but chosen for nothing is no one
    names = {p.key: p.name for p in result.people if p.key in used}
    found = {k: resolve.person(k, n) for k, n in names.items()}
    person = {k: pk for k, pk in found.items() if pk is not None}  # facts need a person
    rows.mentions += mentions(doc, result, person, resolve, chunk)
    rows.roles += [
        PersonRole(
            person_id=person[fact.person],
            role=fact.role,
            date=fact.date,
            **evidence(doc, fact.evidence),
        )
        for fact in result.roles
        if fact.person in person
    ]
    rows.attendance += [
        Attendance(
            person_id=person[seen.person],
            part=seen.part,
            role=seen.role,
            name=seen.name,
            **evidence(doc, seen.evidence),
        )
        for seen in result.attendance
        if seen.person in person
    ]
    for turn in result.turns:  # a label the import could not link ("Rusk:", "JFK:")
        if turn.person in person:
            rows.speakers.setdefault((doc.pk, person[turn.person]), []).append(turn.block)
    variants = [(person[v.person], v.variant) for v in result.variants if v.person in person]
    resolve.names(variants, doc.identifier)
    rows.review += review(doc, result, person)
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


def mentions(
    doc: Document, result: Enrichment, person: dict, resolve: Resolver, chunk: Chunk
) -> list[tuple]:
    """Mentions the publisher did not tag already (its own links are kept as they are), as
    rows in MENTION_COLUMNS' order."""
    glossary = Glossary().extend((d.term, d.expansion) for d in result.definitions)
    body = chunk.bodies[doc.pk]
    rows = []
    for m in result.mentions:
        block_id = body.block_ids.get(m.block)  # None for the record's own labels (block -1)
        if m.block >= 0 and (block_id is None or (block_id, m.start) in body.tagged):
            continue
        key, linked = fitted(Mention, "source_key", m.key), [None, None, None, None]
        if m.kind == "person" and m.key != UNRESOLVED:
            linked[0] = person.get(m.key) or resolve.person(m.key, m.text)
            # the person's row, not the run's key: enriching again keeps the record the same
            key = f"{DB_KEY}{linked[0]}" if linked[0] else ""
        elif m.kind == "term":
            expansion = glossary.expansion(m.text)
            linked[1] = resolve.term(m.text, expansion) if expansion else None
        elif m.kind == "place":
            linked[2] = resolve.place(m.key, m.text)
        elif m.kind == "organization":
            linked[3] = resolve.organization(m.key, m.text)
        if m.kind in ("place", "organization") and (expansion := glossary.expansion(m.text)):
            linked[1] = resolve.term(m.text, expansion)  # "DPRK", "ALP CC": spelled out too
        rows.append((doc.pk, block_id, m.kind, m.start, m.end, m.text, key, *linked, "enrichment"))
    return rows


def review(doc: Document, result: Enrichment, person: dict) -> list[ReviewItem]:
    rows = []
    for item in result.review:
        candidate = person.get(item.candidate)
        if candidate is None and item.candidate.startswith(DB_KEY):
            candidate = int(item.candidate[len(DB_KEY) :])
        rows.append(
            ReviewItem(
                name=item.name,
                candidate_id=candidate,
                candidate_name=item.candidate_name,
                score=item.score,
                reason=item.reason,
                **evidence(doc, item.evidence),
            )
        )
    return rows


def pending() -> list[int]:
    """Documents whose stored content has changed since they were last enriched (a partial
    index holds exactly these)."""
    stale = Document.objects.exclude(enriched_hash=models.F("content_hash"))
    return list(stale.order_by("pk").values_list("pk", flat=True))
