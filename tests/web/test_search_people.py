"""The search page says which person a name was read as, and turns that reading off."""

from __future__ import annotations

import html
import re

import pytest

from readingroom.authorities.enrichment import enrich_documents, pending
from readingroom.authorities.models import Mention, Name, Person
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Document, Status
from readingroom.web.searchstate import SearchState

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def archive(seed_paths, index_dir) -> Document:
    """The seeds, and a public document linked to Kim Il Sung that never writes his name."""
    import_paths(seed_paths)
    enrich_documents(pending())
    return linked_to(Person.objects.get(names__text="Kim Il Sung"), "premier-visit")


def linked_to(person: Person, identifier: str) -> Document:
    doc = Document.objects.create(identifier=identifier, title=f"Visit {identifier}")
    Mention.objects.create(
        document=doc, kind="person", start=0, end=11, text="the Premier", person=person
    )
    return doc


def page_of(client, **params) -> str:
    response = client.get("/search", params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def words(page: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_notice_names_the_person_and_links_to_the_words_alone(client, archive):
    page = page_of(client, q="Kim Il-song")
    assert "Kim Il-song read as Kim Il Sung (person)" in words(page)
    assert "3 documents" in page and "Visit premier-visit" in page
    assert 'href="/search?q=Kim+Il-song&exact=1"' in page
    assert "Search only the words as typed" in page


def test_turned_off_the_search_is_plain_text(client, archive):
    assert "3 documents" in page_of(client, q="Kim Il Sung")
    page = page_of(client, q="Kim Il Sung", exact="1")
    assert "read as" not in words(page)
    assert "Visit premier-visit" not in page and "2 documents" in page
    assert "Searched for the words as typed" in page
    assert 'href="/search?q=Kim+Il+Sung" rel="nofollow">Read names as people' in page
    assert '<input type="hidden" name="exact" value="1">' in page  # kept by the form
    assert 'href="/search?q=Kim+Il+Sung&sort=date_asc&exact=1"' in page  # and by sort links
    assert "No documents found" in page_of(client, q="Kim Il-song", exact="1")  # no spellings


def test_exact_is_part_of_the_state_in_the_url():
    state = SearchState.from_params({"q": "Kim Il-song", "exact": "1"})
    assert state.exact and ("exact", "1") in state.params()
    assert not SearchState.from_params({"q": "Kim Il-song", "exact": "yes"}).exact
    assert state.url(exact=False) == "/search?q=Kim+Il-song"


def test_a_shared_name_names_everyone_it_was_read_as(client, archive):
    first, second = "Pak Hon-yong", "Pak Hon-yong (Foreign Minister)"
    for i, name in enumerate([first, second]):
        person = Person.objects.create(name=name, sort_name=name, slug=f"pak-{i}")
        Name.objects.create(person=person, text=name)
        linked_to(person, f"pak-{i}")
    text = words(page_of(client, q=f'"{first}"'))
    assert f"{first} read as {first} or {second} (2 people)" in text
    assert "the documents linked to them are included" in text


def test_a_person_without_public_documents_is_never_named(client, archive):
    ghost = Person.objects.create(name="Ri Sung-gi", sort_name="Ri Sung-gi", slug="ri-sung-gi")
    Name.objects.create(person=ghost, text="Ri Sung-gi")
    draft = linked_to(ghost, "ghost-draft")
    draft.status = Status.DRAFT
    draft.save()
    page = page_of(client, q="Ri Sung-gi")
    assert "read as" not in words(page) and "Ri Sung-gi (person)" not in page
    assert "No documents found" in page
