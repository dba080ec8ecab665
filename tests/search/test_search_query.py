"""The query language: every feature and every kind of bad input (parse never raises)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readingroom.search.query import (
    MAX_LEAVES,
    MAX_QUERY_CHARS,
    And,
    DateRange,
    MatchAll,
    Not,
    Or,
    ParsedQuery,
    Phrase,
    Word,
    parse_query,
)


def tree(text: str):
    parsed = parse_query(text)
    assert parsed.warnings == [], parsed.warnings
    return parsed.tree


def warned(text: str, fragment: str):
    parsed = parse_query(text)
    assert any(fragment in w for w in parsed.warnings), parsed.warnings
    return parsed.tree


# ---------------------------------------------------------------- features


def test_words_are_anded():
    assert tree("cold war") == And((Word("cold"), Word("war")))


def test_empty_query_matches_all():
    assert tree("") == MatchAll()
    assert tree("   ") == MatchAll()


def test_phrase():
    assert tree('"cold war"') == Phrase(("cold", "war"))
    assert tree('"Hoxha"') == Word("Hoxha")


def test_typographic_quotes_make_phrases():
    assert tree("“cold war”") == Phrase(("cold", "war"))


def test_operators_and_precedence():
    a, b, c, d = (Word(x) for x in "abcd")
    assert tree("a OR b") == Or((a, b))
    assert tree("a AND b") == And((a, b))
    assert tree("a OR b c") == Or((a, And((b, c))))
    assert tree("a OR b AND c OR d") == Or((a, And((b, c)), d))
    assert tree("NOT a b") == And((Not(a), b))
    assert tree("a OR NOT b") == Or((a, Not(b)))
    assert tree("(a OR b) c") == And((Or((a, b)), c))


def test_minus_excludes():
    assert tree('war -peace -"cold war"') == And(
        (Word("war"), Not(Word("peace")), Not(Phrase(("cold", "war"))))
    )


def test_hyphenated_word_is_one_term():
    assert tree("Choe Yong-geon") == And((Word("Choe"), Word("Yong-geon")))


def test_double_negation_cancels():
    assert tree("NOT -war") == Word("war")


def test_prefix():
    assert tree("negotiat*") == Word("negotiat", prefix=True)
    assert tree("title:comm*") == Word("comm", "title", prefix=True)


@pytest.mark.parametrize(
    "name", ["title", "speaker", "person", "place", "type", "collection", "lang"]
)
def test_fields(name):
    assert tree(f"{name}:Hoxha") == Word("Hoxha", name)
    assert tree(f'{name}:"Enver Hoxha"') == Phrase(("Enver", "Hoxha"), name)


def test_field_names_are_case_insensitive_and_aliased():
    assert tree("Title:war") == Word("war", "title")
    assert tree("language:Albanian") == Word("Albanian", "lang")


def test_quoted_field_value():
    assert tree('type:"Minutes of Conversation"') == Phrase(
        ("Minutes", "of", "Conversation"), "type"
    )


def test_field_group():
    assert tree("title:(cold war)") == And((Word("cold", "title"), Word("war", "title")))
    assert tree("-title:(a OR b)") == Not(Or((Word("a", "title"), Word("b", "title"))))


def test_negated_field():
    assert tree("-speaker:Hoxha") == Not(Word("Hoxha", "speaker"))


def test_speaker_with_words():
    assert tree("speaker:Hoxha Khrushchev") == And((Word("Hoxha", "speaker"), Word("Khrushchev")))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("date:1959", date(1959, 1, 1), date(1959, 12, 31)),
        ("date:1959-06", date(1959, 6, 1), date(1959, 6, 30)),
        ("date:1960-02", date(1960, 2, 1), date(1960, 2, 29)),
        ("date:1959-06-06", date(1959, 6, 6), date(1959, 6, 6)),
        ("date:1959-06..1964-05", date(1959, 6, 1), date(1964, 5, 31)),
        ("date:..1960", date.min, date(1960, 12, 31)),
        ("date:1960..", date(1960, 1, 1), date.max),
    ],
)
def test_dates(text, start, end):
    assert tree(text) == DateRange(start, end)


def test_date_with_words():
    assert tree("treaty date:1959") == And(
        (Word("treaty"), DateRange(date(1959, 1, 1), date(1959, 12, 31)))
    )


def test_time_like_word_is_not_a_field():
    assert tree("10:30") == Word("10:30")


def test_nodes_are_frozen_and_hashable():
    node = tree("a OR b")
    with pytest.raises(AttributeError):
        node.children = ()  # type: ignore[misc]
    assert hash(node) == hash(tree("a OR b"))


# ---------------------------------------------------------------- bad input


def test_unclosed_quote():
    assert warned('"cold war', "not closed") == Phrase(("cold", "war"))


def test_empty_phrase():
    assert warned('""', "empty phrase") == MatchAll()


def test_unclosed_parenthesis():
    assert warned("(a OR b", "was not closed") == Or((Word("a"), Word("b")))


def test_stray_closing_parenthesis():
    assert warned("a) b", 'unmatched ")"') == And((Word("a"), Word("b")))


@pytest.mark.parametrize("text", ["AND", "OR", "NOT", "a AND", "OR b", "a OR", "NOT", "a NOT"])
def test_lone_operators(text):
    parsed = parse_query(text)
    assert parsed.warnings
    assert isinstance(parsed.tree, Word | MatchAll)


def test_doubled_operator():
    assert warned("a AND AND b", "AND needs") == And((Word("a"), Word("b")))


def test_star_alone():
    assert warned("*", '"*" alone') == MatchAll()
    assert warned("war *", '"*" alone') == Word("war")


def test_star_inside_word():
    assert warned("a*b", "end of a word") == And((Word("a"), Word("b")))


def test_punctuation_only_word():
    assert warned("war - peace", "no letters") == And((Word("war"), Word("peace")))


def test_lowercase_operator_hint():
    assert warned("war or peace", "OR in capitals") == And((Word("war"), Word("or"), Word("peace")))


def test_unknown_field_becomes_words():
    assert warned("author:Kroi", 'Unknown field "author:"') == And((Word("author"), Word("Kroi")))


def test_empty_field_value():
    assert warned("title:", "needs a value") == MatchAll()


@pytest.mark.parametrize("text", ["date:abc", "date:1959-13", "date:1959-02-30", "date:0", "date:"])
def test_bad_dates(text):
    parsed = parse_query(text)
    assert parsed.tree == MatchAll()
    assert parsed.warnings


def test_reversed_date_range_is_swapped():
    assert warned("date:1964..1959", "swapped") == DateRange(date(1959, 1, 1), date(1964, 12, 31))


def test_long_query_is_capped():
    parsed = parse_query("word " * 2000 + "x" * 10_000)
    assert any(f"{MAX_QUERY_CHARS:,}" in w for w in parsed.warnings)


def test_many_terms_are_capped():
    parsed = parse_query(" ".join(f"w{i}" for i in range(MAX_LEAVES + 50)))
    assert len(parsed.tree.children) == MAX_LEAVES
    assert any("first" in w for w in parsed.warnings)


def test_control_characters_are_dropped():
    assert warned("cold\x00war\x1b", "Control characters") == And((Word("cold"), Word("war")))


def test_deep_nesting_is_flattened():
    parsed = parse_query("(" * 400 + "a" + ")" * 400)
    assert parsed.tree == Word("a")
    assert any("nested" in w for w in parsed.warnings)


def test_non_string_input():
    assert parse_query(None).tree == MatchAll()  # type: ignore[arg-type]


def test_warnings_are_not_repeated():
    parsed = parse_query("a*b c*d e*f")
    assert len(parsed.warnings) == len(set(parsed.warnings)) == 1


# ---------------------------------------------------------------- never raises

NODE_TYPES = (Word, Phrase, And, Or, Not, DateRange, MatchAll)


def _valid(node) -> bool:
    if isinstance(node, And | Or):
        return len(node.children) >= 2 and all(_valid(c) for c in node.children)
    if isinstance(node, Not):
        return _valid(node.child) and not isinstance(node.child, MatchAll)
    if isinstance(node, Word):
        return bool(node.text) and "*" not in node.text
    if isinstance(node, Phrase):
        return len(node.words) >= 2
    return isinstance(node, NODE_TYPES)


QUERY_ALPHABET = st.sampled_from(
    [*'abc ()"*-:', "AND", "OR", "NOT", "title:", "date:", "speaker:", "1959", "..", "ë", "\x00"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=40).map("".join))
def test_never_raises_on_query_like_text(text):
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery)
    assert _valid(parsed.tree)
    assert all(isinstance(w, str) and len(w) < 300 for w in parsed.warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text):
    assert _valid(parse_query(text).tree)
