"""One person, one answer: any spelling of a linked person's name finds what person: finds.

Over stored records: the people lookup, the notice, turning it off, unpublished records, a
shared name key, and a walk over every well-linked person of two whole FRUS volumes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readingroom.authorities.appearances import links
from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Mention, Name, Person
from readingroom.enrich.namekeys import key_string
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status
from readingroom.search.names import expand_name
from readingroom.search.reading import MAX_NAME_WORDS
from readingroom.search.results import Reading, SearchPage
from readingroom.search.service import public_ids, search
from readingroom.search.sync import local_index
from tests.frus_data import volume_path

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def seeds(seed_paths, index_dir) -> dict[str, Document]:
    import_paths(seed_paths)
    enrich_documents(pending())  # as `readingroom import` does for a small batch
    return {
        "1959": Document.objects.get(date_start__year=1959),
        "1964": Document.objects.get(date_start__year=1964),
    }


def every_id(query: str, *, exact: bool = False) -> set[int]:
    """Every document a search finds, through all its pages."""
    return _pages(lambda page: search(query, page=page, page_size=100, exact=exact))


def text_only(query: str) -> set[int]:
    """What the words find with their spellings but without their people (as before)."""
    index = local_index()
    found = _pages(
        lambda page: index.search(query, expand_name=expand_name, page=page, page_size=100)
    )
    return public_ids(list(found))


def as_person(typed: str) -> set[int]:
    return every_id(f'person:"{typed.strip(chr(34))}"')


def _pages(run: Callable[[int], SearchPage]) -> set[int]:
    found: set[int] = set()
    page = 1
    while True:
        result = run(page)
        found |= {hit.doc_id for hit in result.hits}
        if page >= result.last_page:
            return found
        page += 1


def linked_document(person: Person, identifier: str) -> Document:
    """A public document linked to ``person`` that never writes their name."""
    doc = Document.objects.create(identifier=identifier, title="On the Premier's visit")
    Mention.objects.create(
        document=doc, kind="person", start=0, end=11, text="the Premier", person=person
    )
    return doc


def test_a_name_finds_a_linked_document_that_never_writes_it(seeds):
    kim = Person.objects.get(names__text="Kim Il Sung")
    visit = linked_document(kim, "premier-visit")
    for typed in ("Kim Il-song", "Kim Il Sung", '"Kim Ir Sen"'):
        assert visit.pk in every_id(typed), typed
        assert every_id(typed) == as_person(typed) | text_only(typed)
    result = search("Kim Il-song")
    assert result.readings == [Reading("Kim Il-song", (kim.name,))]
    plain = search("Kim Il-song", exact=True)
    assert plain.readings == [] and visit.pk not in {hit.doc_id for hit in plain.hits}
    assert search('person:"Kim Il-song"').readings == []  # asked for by name: nothing to say


def test_unpublished_records_are_neither_found_nor_named(seeds):
    kim = Person.objects.get(names__text="Kim Il Sung")
    hidden = linked_document(kim, "premier-visit")
    hidden.status = Status.DRAFT
    hidden.save()
    doc = seeds["1959"]
    doc.status, doc.embargo_until = Status.EMBARGOED, "2999-01-01"
    doc.save()
    mao = search("Mao Tse-tung")  # Mao appears in the 1959 minutes only
    assert mao.total == 0 and mao.readings == []
    kim_page = search("Kim Il Sung")
    assert {hit.doc_id for hit in kim_page.hits} == {seeds["1964"].pk}
    assert kim_page.readings == [Reading("Kim Il Sung", (kim.name,))]
    doc.status, doc.embargo_until = Status.PUBLISHED, None
    doc.save()
    assert search("Mao Tse-tung").readings == [Reading("Mao Tse-tung", ("Mao Zedong",))]


def test_a_shared_name_key_reads_as_every_unmerged_person(seeds):
    first, second = "Pak Hon-yong", "Pak Hon-yong (Foreign Minister)"
    assert key_string(first) == key_string(second)  # one key, two people nobody merged
    people = [
        Person.objects.create(name=n, sort_name=n, slug=f"pak-{i}")
        for i, n in enumerate([first, second, "Pak Hon Yong"])
    ]
    for person in people:
        Name.objects.create(person=person, text=person.name)
    people[2].merged_into = people[0]
    people[2].save()
    docs = [linked_document(person, f"pak-{i}") for i, person in enumerate(people[:2])]
    result = search("Pak Hon-yong")
    assert {doc.pk for doc in docs} <= {hit.doc_id for hit in result.hits}
    assert result.readings == [Reading("Pak Hon-yong", (first, second))]  # not the merged one


# ---------------------------------------------------------------- every person of two volumes

SYNTAX = str.maketrans(dict.fromkeys('"“”„«»()', " "))


def typed_forms(name: str) -> list[str]:
    """The name as a reader types it: as is when the query language reads it as words, and
    quoted (without the characters the language gives a meaning to)."""
    plain = " ".join(name.translate(SYNTAX).split())
    quoted = f'"{plain}"'
    words = name.split()
    bare = (
        len(words) <= MAX_NAME_WORDS
        and plain == name
        and not any(
            w in ("AND", "OR", "NOT") or w.startswith("-") or ":" in w or "*" in w for w in words
        )
    )
    return [name, quoted] if bare else [quoted]


def well_linked(minimum: int = 5) -> dict[int, set[int]]:
    """Unmerged people with at least ``minimum`` public documents, and those documents."""
    public = set(Document.objects.public().values_list("pk", flat=True))
    docs: dict[int, set[int]] = {}
    for doc_id, person_id, _ in links():
        if doc_id in public:
            docs.setdefault(person_id, set()).add(doc_id)
    unmerged = set(Person.objects.filter(merged_into=None).values_list("pk", flat=True))
    return {p: d for p, d in docs.items() if len(d) >= minimum and p in unmerged}


@pytest.mark.frus
def test_every_spelling_of_every_well_linked_person_finds_all_their_documents(index_dir):
    import_paths([volume_path("frus1964-68v29p1"), volume_path("frus1958-60v19")])
    enrich_documents(pending())
    people = well_linked()
    names = Person.objects.in_bulk(list(people))
    assert len(people) > 50
    shown = {p.name for p in names.values()}
    assert "Kim Il-Sung" in shown and any(name.startswith("Mao Tse-tung") for name in shown)
    walked = 0
    for person_id, documents in people.items():
        spellings = Name.objects.filter(person_id=person_id).values_list("text", flat=True)
        for spelling in [s for s in spellings if len(s.split()) >= 2]:
            for typed in typed_forms(spelling):
                found = every_id(typed)
                missing = documents - found
                assert not missing, (typed, names[person_id].name, sorted(missing))
                assert found == as_person(typed) | text_only(typed), typed
                walked += 1
    assert walked > 100
