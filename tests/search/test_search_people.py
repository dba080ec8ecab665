"""A whole name read as people (no database): free text finds what person: finds, and says so."""

from __future__ import annotations

import pytest

from readingroom.search.index import SearchIndex
from readingroom.search.query import parse_query
from readingroom.search.reading import read_names
from readingroom.search.results import Reading
from readingroom.search.tree import Linked
from tests.builders import index_document, index_passage

KIM = "Kim Il-Sung"  # as the person facet names him
SPELLINGS = ["Kim Il Sung", "Kim Il-sung", "Kim Ir Sen"]  # his recorded names
HOXHA = ("Comrade Enver Hoxha", ["Enver Hoxha"])


def key(text: str) -> str:
    return text.lower().replace("-", " ").replace('"', "").strip()


def spellings(text: str) -> list[str] | None:
    """Stands in for the authority lookup: the recorded names of whoever `text` names."""
    return SPELLINGS if key(text) in {key(s) for s in SPELLINGS} | {"kim il song"} else None


def people(text: str) -> list[str] | None:
    """Stands in for the people lookup: Kim Il Sung, by any of his spellings."""
    return [KIM] if spellings(text) else None


def paragraph(doc_id: int, text: str, who: tuple[str, list[str]] = ("", [])) -> list:
    return [index_passage(block_id=doc_id, speaker=who[0], speaker_names=who[1], text=text)]


def corpus() -> list:
    return [
        index_document(
            doc_id=1, title="Talks", persons=[KIM], passages=paragraph(1, "Kim Il Sung spoke.")
        ),
        # linked to him, and names him only by his office: person: finds it, his name did not
        index_document(
            doc_id=2, title="Visit", persons=[KIM], passages=paragraph(2, "The Premier arrived.")
        ),
        # a spelling no name record has, and no link
        index_document(doc_id=3, title="Cable", passages=paragraph(3, "Kim Il-Song is ill.")),
        index_document(
            doc_id=4,
            title="Minutes",
            persons=[KIM, "Enver Hoxha"],
            passages=paragraph(4, "We discussed agriculture.", HOXHA),
        ),
        index_document(doc_id=5, title="Notes", passages=paragraph(5, "Sung and Kim met.")),
    ]


@pytest.fixture
def index(tmp_path):
    with SearchIndex(tmp_path / "index") as ix:
        ix.add_documents(corpus())
        yield ix


def found(index, text: str, **names) -> set[int]:
    return {hit.doc_id for hit in index.search(parse_query(text), **names).hits}


READ = {"expand_name": spellings, "read_people": people}


@pytest.mark.parametrize("typed", ["Kim Il Sung", "Kim Il-sung", '"Kim Ir Sen"', "kim il sung"])
def test_any_spelling_finds_every_linked_document(index, typed):
    assert found(index, typed, **READ) == {1, 2, 4}
    assert found(index, typed, expand_name=spellings) == {1}  # spellings alone: the text only


def test_free_text_is_person_or_the_text(index):
    for typed in ["Kim Il Sung", "Kim Il-Song", "Kim Ir Sen"]:
        as_person = found(index, f'person:"{typed}"', **READ)
        in_text = found(index, typed, expand_name=spellings)
        assert found(index, typed, **READ) == as_person | in_text, typed
    assert found(index, "Kim Il-Song", **READ) == {1, 2, 3, 4}  # the typed spelling is searched


def test_the_reading_is_reported(index):
    page = index.search(parse_query("Kim Il-song agriculture"), **READ)
    assert {hit.doc_id for hit in page.hits} == {4}
    assert page.readings == [Reading("Kim Il-song", (KIM,))]
    assert index.search(parse_query('person:"Kim Il-song"'), **READ).readings == []
    assert index.search(parse_query("Kim Il-song"), expand_name=spellings).readings == []


def test_without_the_lookups_the_words_are_plain_text(index):
    page = index.search(parse_query("Kim Il Sung"))
    assert {hit.doc_id for hit in page.hits} == {1} and page.readings == []


def test_single_words_and_scattered_words_are_not_read_as_people(index):
    assert found(index, "Kim", **READ) == {1, 3, 5}
    assert found(index, "Sung Kim", **READ) == {1, 5}
    assert index.search(parse_query("Kim"), **READ).readings == []


def test_a_name_beside_a_speaker_stays_words_of_the_turn(index):
    assert found(index, "speaker:Hoxha agriculture", **READ) == {4}
    assert found(index, "speaker:Hoxha Kim Il Sung", **READ) == set()  # he never says it
    tree, readings = read_names(parse_query("speaker:Hoxha Kim Il Sung").tree, spellings, people)
    assert readings == [] and "Linked" not in repr(tree)


def test_a_shared_name_reads_as_everyone_who_has_it(index):
    other = index_document(doc_id=6, title="Other", persons=["Kim Il-sung (the younger)"])
    index.add_documents([other])

    def both(text: str) -> list[str] | None:
        return [KIM, "Kim Il-sung (the younger)"] if spellings(text) else None

    page = index.search(parse_query("Kim Il Sung"), expand_name=spellings, read_people=both)
    assert {hit.doc_id for hit in page.hits} == {1, 2, 4, 6}
    assert page.readings == [Reading("Kim Il Sung", (KIM, "Kim Il-sung (the younger)"))]


def test_a_broken_people_lookup_leaves_the_spellings(index):
    def broken(text: str) -> list[str]:
        raise RuntimeError("authority service down")

    assert found(index, "Kim Il Sung", expand_name=spellings, read_people=broken) == {1}


def test_names_are_read_into_an_or_of_text_and_person():
    tree, _ = read_names(parse_query('"Kim Il Sung"').tree, spellings, people)
    assert Linked((KIM,)) in tree.children
    assert {getattr(child, "field", None) for child in tree.children} == {None, "person"}


def test_a_negated_name_leaves_out_its_people_and_says_so(index):
    page = index.search(parse_query('-"Kim Il Sung"'), **READ)
    assert {hit.doc_id for hit in page.hits} == {3, 5}
    assert page.readings == [Reading("Kim Il Sung", (KIM,), excluded=True)]
