"""People and collections only unpublished records give answer exactly like missing ones.

A draft and an embargoed copy of a seed sit in a collection of their own; people are linked to
them in every way a person can appear (speaker, participant, note-taker, mentioned), and one
more was merged into such a person. None may have a page, a line in a list or a count: their
addresses answer as a slug never issued does, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readingroom.authorities.derived import follow
from readingroom.authorities.linking import person_for
from readingroom.authorities.models import Attendance, Mention, Person, PersonDescription
from readingroom.ingest.runner import import_paths
from readingroom.records.models import Block, Collection, Document, Participant, Status

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

WORD = "vexillum"
SECRET_KEY = "secret-volume"


def hidden_copy(seed: Path, tmp_path: Path, n: int, status: str) -> Document:
    """A copy of a seed under another identifier, made unpublished after import."""
    copy = tmp_path / f"hidden{n}.txt"
    text = seed.read_text(encoding="utf-8")
    copy.write_text(text.replace("Li Byeongchan", f"Li Byeongchan {n}"), encoding="utf-8")
    import_paths([copy])
    doc = Document.objects.get(identifier=f"seed-hidden{n}")
    doc.status = status
    doc.embargo_until = "2999-01-01" if status == Status.EMBARGOED else None
    doc.save()
    return doc


def secret(name: str) -> Person:
    return person_for(f"{name} {WORD.capitalize()}", source="test")


@pytest.fixture
def hidden(seed_paths, index_dir, tmp_path) -> dict[str, Person]:
    """The people only unpublished records name, by how they appear."""
    import_paths(seed_paths)
    draft = hidden_copy(seed_paths[0], tmp_path, 0, Status.DRAFT)
    embargoed = hidden_copy(seed_paths[0], tmp_path, 1, Status.EMBARGOED)
    volume = Collection.objects.create(key=SECRET_KEY, title=f"The {WORD.capitalize()} Papers")
    for doc in (draft, embargoed):
        doc.collections.add(volume)
    people = {kind: secret(name) for kind, name in [
        ("speaker", "Zoltan"), ("participant", "Ottokar"), ("note-taker", "Ferdinand"),
        ("mentioned", "Ludmila"), ("merged", "Wenzel"),
    ]}  # fmt: skip
    turn = draft.blocks.filter(kind="turn").first()
    Block.objects.filter(pk=turn.pk).update(speaker_person=people["speaker"])
    Participant.objects.create(document=embargoed, order=99, name="x", person=people["participant"])
    Attendance.objects.create(
        document=draft, person=people["note-taker"], part="note_taker", name="Ferdinand"
    )
    Mention.objects.create(
        document=embargoed, kind="person", start=0, end=1, text="L", person=people["mentioned"]
    )
    Person.objects.filter(pk=people["merged"].pk).update(merged_into=people["speaker"])
    hoxha = Person.objects.get(name="Enver Hoxha")
    PersonDescription.objects.create(person=hoxha, collection=volume, text=f"{WORD} leader")
    PersonDescription.objects.create(person=hoxha, source_key="p1", text="First Secretary")
    follow()  # the people's counts and lists, as the CLI leaves them after an import
    return people


def body(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    content = b"".join(response) if response.streaming else response.content
    return content.decode().lower()


@pytest.mark.parametrize("kind", ["speaker", "participant", "note-taker", "mentioned", "merged"])
def test_a_person_only_unpublished_records_name_answers_as_missing(client, hidden, kind):
    missing = client.get("/people/no-such-person/")
    response = client.get(f"/people/{hidden[kind].slug}/")
    assert (response.status_code, response.content) == (404, missing.content)
    assert client.get(f"/api/v1/persons/{hidden[kind].slug}").status_code == 404
    if kind == "merged":  # merged into a public person, the old address leads there
        hoxha = Person.objects.get(name="Enver Hoxha")
        Person.objects.filter(pk=hidden[kind].pk).update(merged_into=hoxha)
        response = client.get(f"/people/{hidden[kind].slug}/")
        assert response.status_code == 302 and response["Location"] == hoxha.get_absolute_url()


def test_a_collection_of_unpublished_records_answers_as_missing(client, hidden):
    missing = client.get("/collections/no-such-volume/")
    response = client.get(f"/collections/{SECRET_KEY}/")
    assert (response.status_code, response.content) == (404, missing.content)
    assert client.get(f"/api/v1/collections/{SECRET_KEY}").status_code == 404


def test_the_network_filter_treats_it_as_an_unknown_collection(client, hidden):
    chosen = body(client, f"/network/?collection={SECRET_KEY}")
    unknown = body(client, "/network/?collection=no-such-volume")
    assert chosen.replace(SECRET_KEY, "no-such-volume") == unknown
    assert WORD not in chosen.replace(SECRET_KEY, "")


def test_no_list_or_count_names_them(client, hidden):
    hoxha = Person.objects.get(name="Enver Hoxha")
    urls = ["/", "/documents/", "/network/", "/search?q=", "/search?q=Hoxha"]
    urls += [hoxha.get_absolute_url(), "/sitemaps/pages.xml", "/api/v1/persons"]
    urls += ["/api/v1/collections", "/api/v1/search?q=Hoxha", "/oai?verb=ListSets"]
    for url in urls:
        assert WORD not in body(client, url), url
    assert SECRET_KEY not in body(client, "/sitemaps/pages.xml")
    page = body(client, hoxha.get_absolute_url())  # what public records give stays
    assert "first secretary" in page and "appears with" in page and "li byeongchan" in page


def test_a_note_taker_of_a_public_record_is_public_everywhere(client, hidden):
    """One rule for pages and API: any way of appearing in a public record counts."""
    public = Document.objects.public().first()
    Attendance.objects.create(
        document=public, person=hidden["note-taker"], part="note_taker", name="Ferdinand"
    )
    slug = hidden["note-taker"].slug
    assert client.get(f"/people/{slug}/").status_code == 200
    assert client.get(f"/api/v1/persons/{slug}").status_code == 200
    assert f"/people/{slug}/" in body(client, "/sitemaps/pages.xml")


def test_glossary_terms_of_unpublished_collections_are_never_suggested(hidden):
    from readingroom.authorities.models import Term
    from readingroom.web.suggest import suggestions

    secret_volume = Collection.objects.get(key=SECRET_KEY)
    Term.objects.create(abbreviation="QWXZV", expansion="secret", collection=secret_volume)
    Term.objects.create(abbreviation="PLKMN", expansion="open", collection=None)
    assert suggestions("QWXZB") == []
    assert suggestions("PLKMB") == ["PLKMN"]
