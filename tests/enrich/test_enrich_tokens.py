"""Words with offsets, and the apostrophe folding that lets "Worker’s" meet "Workers'"."""

from __future__ import annotations

from readingroom.enrich.tokens import adjacent, normalize, tokenize


def test_offsets_and_initials() -> None:
    text = "Comrade N.S. Khrushchev met U.S. envoys"
    words = tokenize(text)
    assert [w.text for w in words] == ["Comrade", "N.S.", "Khrushchev", "met", "U.S.", "envoys"]
    assert all(text[w.start : w.end] == w.text for w in words)


def test_apostrophes_fold_alike() -> None:
    assert normalize("Worker’s") == normalize("Workers’") == normalize("Workers'") == "Worker"
    assert normalize("P'yongyang") == "Pyongyang"
    assert normalize("Party") == "Party"


def test_adjacent_needs_spaces_only() -> None:
    text = "Albania. Korea and Korea"
    a, b, c, _ = tokenize(text)
    assert not adjacent(text, a, b)
    assert adjacent(text, b, c)
