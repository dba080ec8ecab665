"""The people enrichment links names to, closest first (docs/architecture.md, Who is who).

Those the document's own turns and lists name, its collections' persons lists (with their
offices), then everyone the archive vouches for. Built once per run and kept current as
enrichment adds people, so a document's cost does not grow with the archive.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet

from readingroom.authorities.appearances import links
from readingroom.authorities.models import Attendance, Person, PersonDescription
from readingroom.enrich.gazetteer import Authority
from readingroom.enrich.linking import PersonIndex
from readingroom.records.models import Block, Document, Participant

DB_KEY = "db:"  # an authority's key in the pipeline: "db:" and the person's row


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


def vouched() -> QuerySet:
    """People a record vouches for: listed in a volume, or present at a document (participant,
    speaker, note-taker). People known only from names in running text are left out of the
    archive tier, so one misread ("President Eisenhower's Files") is never linked again.

    One EXISTS per table, each answered from its person index: joining the four tables and
    testing them with OR made SQLite read every block for every person."""
    person = OuterRef("pk")
    tables = (
        (PersonDescription, "person"),
        (Participant, "person"),
        (Block, "speaker_person"),
        (Attendance, "person"),
    )
    present = [Exists(model.objects.filter(**{column: person})) for model, column in tables]
    titled = Q(key__regex=r"^[a-z]+$")  # a surname a title vouched for: "President Kohl"
    return Person.objects.filter(reduce(operator.or_, present) | titled)


def _pk(authority: Authority) -> int:
    return int(authority.key[len(DB_KEY) :])


class Linked:
    """The people a chunk's documents name in their turns and lists, read for the chunk at
    once. Enrichment never changes who they are; when it adds a spelling to one of them
    (`renamed`), that person is read again before the next document that names them."""

    def __init__(self, doc_ids: list[int]) -> None:
        self.of: dict[int, set[int]] = {pk: set() for pk in doc_ids}
        for doc_id, person_id, _ in links(doc_ids=doc_ids, kinds=("speaker", "participant")):
            self.of[doc_id].add(person_id)
        people = set().union(*self.of.values())
        self.listed_in: dict[int, set[int]] = {}  # person -> collections whose list has them
        listed = PersonDescription.objects.filter(person_id__in=people)
        for person, collection in listed.values_list("person_id", "collection_id"):
            self.listed_in.setdefault(person, set()).add(collection)
        found = authorities(Person.objects.filter(pk__in=people)) if people else []
        self.people = {_pk(a): a for a in found}  # in the order people are sorted
        self.renamed: set[int] = set()

    def extra(self, doc_id: int, collections: tuple[int, ...]) -> list[Authority]:
        """The document's people that no list of its collections describes."""
        wanted = {p for p in self.of[doc_id] if not self.listed_in.get(p, set()) & set(collections)}
        stale = wanted & self.renamed
        for authority in authorities(Person.objects.filter(pk__in=stale)) if stale else ():
            self.people[_pk(authority)] = authority
        self.renamed -= stale
        return [authority for pk, authority in self.people.items() if pk in wanted]


class KnownPeople:
    """The people enrichment links to, closest first: those linked to the document, its
    collections' persons lists (with their offices), then everyone the archive knows.

    Built once per run and kept current as enrichment adds people, so a page's cost does not
    grow with the archive: a collection's list is read once, the archive once, the people
    the documents' turns and lists name once per chunk.
    """

    def __init__(self) -> None:
        self.by_collections: dict[tuple[int, ...], PersonIndex] = {}
        self._archive: PersonIndex | None = None
        self._known: set[int] = set()
        self._linked = Linked([])

    def prepare(self, doc_ids: list[int]) -> None:
        """Read the people of these documents' turns and lists, and build the archive tier
        before a finding of these documents is cleared."""
        self._linked = Linked(doc_ids)
        self.archive  # noqa: B018

    def renamed(self, ids: Iterable[int]) -> None:
        """People who were given a new spelling: read again when a document names them."""
        self._linked.renamed |= set(ids)

    @property
    def archive(self) -> PersonIndex:
        if self._archive is None:
            described: dict[int, str] = {}
            for person, text in PersonDescription.objects.values_list("person_id", "text"):
                described[person] = f"{described[person]}; {text}" if person in described else text
            people = authorities(vouched(), described)
            self._known = {_pk(a) for a in people}
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
        if doc.pk not in self._linked.of:
            self.prepare([doc.pk])
        extra = self._linked.extra(doc.pk, collections)
        return PersonIndex(extra, curated=False, fallback=index) if extra else index

    def learn(self, ids: Iterable[int]) -> None:
        """People enrichment just linked: later documents of the run may find them too."""
        new = set(ids) - self._known
        if new and self._archive is not None:
            for authority in authorities(Person.objects.filter(pk__in=new)):
                self._archive.add(authority)
        self._known |= new
