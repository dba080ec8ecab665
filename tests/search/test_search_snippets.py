"""Highlighting: the regex path marks exactly what the analyzer path marks."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.ingest.frus import FrusImporter
from readingroom.search import analysis
from readingroom.search.snippets import (
    Marks,
    _ascii_folds,
    _merge,
    _regex_spans,
    _token_spans,
    highlight,
)
from tests.frus_data import volume_path


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    """The paragraphs of a real FRUS volume whose words are ASCII (nearly all of them)."""
    parsed = FrusImporter().parse(volume_path("frus1961-63v06"))
    texts = [block.text for doc in parsed.documents for block in doc.blocks]
    return [text for text in texts if _ascii_folds(text) is not None and len(text) > 40]


def regex_path(text: str, marks: Marks) -> list[tuple[int, int]]:
    folds = _ascii_folds(text)
    assert folds is not None
    return _merge(_regex_spans(text, folds, marks))


def analyzer_path(text: str, marks: Marks) -> list[tuple[int, int]]:
    return _merge(_token_spans(text, marks))


def marks_from(text: str, other: str, rng: random.Random) -> Marks:
    """Stems, phrases and folded words taken from the text (and one phrase from another)."""
    stems, words = analysis.terms(text), analysis.terms(text, analysis.FOLDED)
    marks = Marks(terms=set(rng.sample(stems, min(3, len(stems)))))
    marks.folded = set(rng.sample(words, min(2, len(words))))
    for source, n in ((stems, 2), (stems, 3), (analysis.terms(other), 2)):
        if len(source) > n:
            i = rng.randrange(len(source) - n)
            marks.phrases.add(tuple(source[i : i + n]))
    return marks


@pytest.mark.frus
def test_fast_path_agrees_with_the_analyzer_on_frus_paragraphs(paragraphs) -> None:
    assert len(paragraphs) > 1000
    assert sum(not text.isascii() for text in paragraphs) > 100  # curly quotes, dashes, é
    rng = random.Random(1961)
    for text in paragraphs:
        marks = marks_from(text, rng.choice(paragraphs), rng)
        assert regex_path(text, marks) == analyzer_path(text, marks), text


words_text = st.text(
    st.sampled_from(
        "abc xyz 09 Berlin’s berlins re-arm, U.S. (Moscow) — 1962; “x”… Hoxhë Pŏk éa\n"
    ),
    max_size=80,
)


@given(
    words_text,
    st.lists(
        st.sampled_from(["berlin", "moscow", "x", "re", "arm", "s", "u", "9", "hoxha", "pok", "ea"])
    ),
)
def test_fast_path_agrees_on_any_such_text(text: str, words: list[str]) -> None:
    marks = Marks(terms=set(words[:2]), folded=set(words[2:3]))
    if len(words) > 4:
        marks.phrases.add(tuple(words[3:5]))
    assert regex_path(text, marks) == analyzer_path(text, marks)


def test_phrase_variants_each_marked() -> None:
    marks = Marks(phrases={("mao", "tse", "tung"), ("mao", "zedong"), ("chou", "en", "lai")})
    html = highlight("Mao Tse-tung met Chou En-lai; later, Mao Zedong.", marks)
    assert html.count("<mark>") == 3
    assert "<mark>Mao Tse-tung</mark>" in html and "<mark>Mao Zedong</mark>" in html
    assert _ascii_folds("Mao Tse-tung in İstanbul") is None  # the same through the analyzer:
    assert highlight("Mao Tse-tung in İstanbul.", marks).startswith("<mark>Mao Tse-tung</mark>")
