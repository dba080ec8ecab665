"""What the caller hands the index: one document and its passages, as plain values.

Pure Python and free of tantivy so the database side (:mod:`documents`) can build
these without knowing how the index stores them; what each filter holds and what a hit
shows are said here, beside the values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from readingroom.records.languages import language_forms, language_label


@dataclass
class IndexPassage:
    """One block of a document: a speaker turn or a paragraph."""

    block_id: int
    order: int
    kind: str
    speaker: str
    speaker_names: list[str]
    text: str
    # Which of the record's texts: 0 the main one, n its n-th further text (in `language`).
    text_order: int = 0
    language: str = ""
    page: int = 0  # the scan a machine-read passage was read from, from 1


@dataclass
class IndexDocument:
    """A document as the index sees it; passages become entries of their own for snippets."""

    doc_id: int
    identifier: str
    title: str
    summary: str
    date_start: date | None
    date_end: date | None
    types: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    passages: list[IndexPassage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # source line, credits: searchable words
    classification: list[str] = field(default_factory=list)  # level and handling caveats
    withheld: list[str] = field(default_factory=list)  # what is withheld: name, text…
    agency: str = ""
    withheld_lines: float = 0.0
    withheld_passages: int = 0
    opened: int = 0  # withheld passages a later release opened
    events: list[str] = field(default_factory=list)  # slugs of the events it is an account of
    # Places beyond where it was written (`places`): those its text mentions (authority names),
    # and where the meetings it is an account of took place. `place:` finds all; `written:`
    # only `places`. `place_words` are mentions as the text spells them: searched, not counted.
    mentioned_places: list[str] = field(default_factory=list)
    place_words: list[str] = field(default_factory=list)
    # What a result row shows beside the title (`records.shorttitles`).
    number: str = ""  # its number in its volume ("83")
    date_text: str = ""  # the date as written
    sources: list[str] = field(default_factory=list)  # its collections' short titles
    detail: str = ""  # what tells it apart from documents of the same title

    def filter_values(self) -> dict[str, tuple[list[str], list[str]]]:
        """Each filter's values: (searched, counted in its facet). A language is counted by
        its name and found by its name or codes; a place by every place it is tied to."""
        counted = {"person": self.persons, "type": self.types, "collection": self.collections}
        counted |= {"classification": self.classification, "agency": [self.agency]}
        counted |= {"event": self.events, "written": self.places}
        counted["withheld"] = ["yes", *self.withheld] if self.withheld_passages else []
        counted["place"] = [*self.places, *self.mentioned_places]
        counted["lang"] = [language_label(v) for v in self.languages if v.strip()]
        found = {key: (values, values) for key, values in counted.items()}
        found["place"] = ([*counted["place"], *self.place_words], counted["place"])
        forms = [form for v in self.languages if v.strip() for form in language_forms(v)]
        found["lang"] = (forms, counted["lang"])
        return found

    def payload(self) -> dict:
        """What a hit shows, stored with the entry: no database read to show a result."""
        shown = {"identifier": self.identifier, "title": self.title, "summary": self.summary}
        shown |= {"date_start": _iso(self.date_start), "date_end": _iso(self.date_end)}
        shown |= {"number": self.number, "date_text": self.date_text, "sources": self.sources}
        shown |= {"written": self.places[:1], "detail": self.detail}
        return shown


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
