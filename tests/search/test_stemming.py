"""English stemming (issue 20): plurals meet their singulars, "directives" does not meet "direct".

The stemmer itself (`search.stemming`), the analysis built on it (`search.analysis`), and a real
Tantivy index searched and highlighted through it. Why this stemmer: bench/stemming.py and
docs/benchmarks.md, "Stemming (issue 20)".
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readingroom.search import analysis
from readingroom.search.index import SearchIndex
from readingroom.search.snippets import Marks, highlight
from readingroom.search.stemming import light_stem, stem, stems
from tests.builders import index_document, index_passage


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("directives", "directive"),
        ("meetings", "meeting"),
        ("negotiations", "negotiation"),
        ("treaties", "treaty"),
        ("policies", "policy"),
        ("missiles", "missile"),
        ("soviets", "soviet"),
        ("speeches", "speech"),
        ("losses", "loss"),
        ("taxes", "tax"),
        ("vetoes", "veto"),
        ("guarantees", "guarantee"),
        ("crises", "crisis"),
        ("memoranda", "memorandum"),
        ("spokesmen", "spokesman"),
        ("sorties", "sortie"),
        ("demarches", "demarche"),
        ("ties", "tie"),
    ],
)
def test_a_plural_meets_its_singular(plural, singular):
    assert light_stem(plural) == light_stem(singular)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("directives", "direct"),
        ("directive", "direction"),
        ("directives", "directly"),
        ("united", "unity"),
        ("united", "units"),
        ("general", "generally"),
        ("nations", "national"),
        ("relations", "relative"),
        ("positions", "positive"),
        ("officers", "office"),
        ("news", "new"),
        ("goods", "good"),
        ("rogers", "roger"),  # Secretary Rogers is not Roger Hilsman
        ("kinmen", "kinman"),  # a place, not a plural
    ],
)
def test_other_words_stay_apart(word, other):
    assert light_stem(word) != light_stem(other)


@pytest.mark.parametrize(
    "word", ["is", "has", "its", "this", "status", "class", "crisis", "analysis", "1950s", "город"]
)
def test_words_that_are_no_plurals_are_left_alone(word):
    assert light_stem(word) == word


def test_the_memo_answers_as_the_stemmer_does():
    words = ["directives", "meetings", "directives", "status"]
    assert stems(words) == [light_stem(w) for w in words] == [stem(w) for w in words]


def test_analysis_folds_then_stems():
    text = "DIRECTIVES on the Direct Telephone; Démarches, meetings, N. S. Khrushchev’s memoranda"
    assert analysis.terms(text) == [
        "directive", "on", "the", "direct", "telephone", "demarche", "meeting",
        "n", "s", "khrushchev", "s", "memorandum",
    ]  # fmt: skip
    assert analysis.stemmed_text("The treaties") == "the treaty"
    assert analysis.terms("Directives", analysis.FOLDED) == ["directives"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aesimnoxhé ËëÉ,.'-’ 1é")), max_size=60))
def test_tokens_carry_the_terms_with_their_places(text):
    """What highlighting reads (`tokens`) is what the index holds (`terms`), at the word."""
    found = analysis.tokens(text)
    assert [term for term, _, _ in found] == analysis.terms(text)
    normal = analysis.normalize(text)
    for term, start, end in found:
        assert analysis.terms(normal[start:end]) == [term]


def _doc(doc_id: int, title: str, text: str):
    passage = index_passage(block_id=doc_id * 10, text=text)
    return index_document(doc_id=doc_id, title=title, passages=[passage])


@pytest.fixture
def index(tmp_path):
    docs = [
        _doc(1, "Memorandum for the Record", "The Direct Telephone line to Moscow was tested."),
        _doc(2, "National Security Council Directive", "The directive of the President on Laos."),
        _doc(3, "Memorandum of Conversation", "The meeting of the foreign ministers was long."),
        _doc(4, "Telegram", "Он передал директивы; the directives were sent at once."),
    ]
    with SearchIndex(tmp_path / "index") as ix:
        ix.add_documents(docs)
        yield ix


def _found(index, query: str) -> set[int]:
    return {hit.doc_id for hit in index.search(query).hits}


def test_directives_does_not_find_direct(index):
    assert _found(index, "directives") == {2, 4}
    assert _found(index, "directive") == {2, 4}
    assert _found(index, "direct") == {1}
    assert _found(index, '"direct telephone"') == {1}


def test_meetings_finds_meeting(index):
    assert _found(index, "meetings") == {3}
    assert _found(index, "meeting") == {3}
    assert _found(index, "title:directives") == {2}


def test_a_phrase_on_stemmed_words(index):
    assert _found(index, '"directives of the president"') == {2}
    assert _found(index, '"the directives were sent"') == {4}
    assert _found(index, '"meetings of the foreign minister"') == {3}
    assert _found(index, '"directives of the foreign ministers"') == set()


def test_a_stemmed_word_is_highlighted(index):
    hits = {hit.doc_id: hit for hit in index.search("directives").hits}
    assert "The <mark>directive</mark> of the President" in hits[2].snippets[0].html
    # a text that does not fold to ASCII goes through the analyzer token by token
    assert "the <mark>directives</mark> were sent" in hits[4].snippets[0].html
    (phrase,) = index.search('"directives of the president"').hits
    assert "<mark>directive of the President</mark>" in phrase.snippets[0].html
    snippets, _ = index.find_in(3, "meetings")
    assert [s.html for s in snippets] == [
        "The <mark>meeting</mark> of the foreign ministers was long."
    ]


def test_highlighting_marks_no_direct_for_directives():
    marks = Marks(terms=set(analysis.terms("directives")))
    text = "Directives on the Direct Telephone"
    assert highlight(text, marks) == "<mark>Directives</mark> on the Direct Telephone"
    cyrillic = "директивы: Directives on the Direct Telephone"
    marked = "директивы: <mark>Directives</mark> on the Direct Telephone"
    assert highlight(cyrillic, marks) == marked
