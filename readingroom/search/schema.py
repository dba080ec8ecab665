"""The Tantivy schema: one index, two kinds of entries ("doc" and "passage").

Document entries are what we rank, count and facet; passage entries (one per
speaker turn or paragraph) carry their document's id so a speaker: query or a
snippet lookup can be mapped back to documents. Display values travel in one
stored JSON ``payload`` because the indexed text is normalized (see
:mod:`analysis`) and must not be what the reader sees.
"""

from __future__ import annotations

import tantivy

from readingroom.search.analysis import FOLDED, STEMMED, TOKENS

VERSION = "9"  # bump when the schema or the analysis changes: the index is rebuilt

KIND, DOC, PASSAGE = "kind", "doc", "passage"
DOC_ID, BLOCK_ID = "doc_id", "block_id"
DATE_START, DATE_END, YEAR = "date_start", "date_end", "year"  # day ordinals; start year
YEARS = "years"  # every year a document's dates touch: a date filter starts from its postings
TITLE, SUMMARY, BODY = "title", "summary", "body"  # docs: stemmed, with positions
TEXT = "text"  # passages: their words, stemmed, with positions; apart from BODY so that a
# document-level search walks the postings of documents, not those of every passage too
TITLE_WORDS, WORDS = "title_words", "words"  # docs only: unstemmed, to expand prefix*
SPEAKER = "speaker"  # passages: every variant of the speaker's name
# A record's texts in other languages (a transcription of the original): each word analyzed
# as its language (`analysis.language_terms`), tagged with it; docs and passages apart.
OTHER_BODY, OTHER_TEXT = "other_body", "other_text"
OTHER_LANGUAGES = "other_languages"  # docs: the codes found in OTHER_BODY, listed for queries
PAYLOAD = "payload"

# query-language field -> (folded filter field, raw fast field for facet counts, facet name)
FILTERS = {
    "person": ("person", "person_raw", "person"),
    "place": ("place", "place_raw", "place"),  # written, mentioned, or where a meeting was
    "written": ("written", "written_raw", "written"),  # where it was written alone
    "type": ("type", "type_raw", "type"),
    "collection": ("collection", "collection_raw", "collection"),
    "lang": ("lang", "lang_raw", "language"),
    "classification": ("classification", "classification_raw", "classification"),
    "withheld": ("withheld", "withheld_raw", "withheld"),  # "yes", and what: name, text…
    "agency": ("agency", "agency_raw", "agency"),  # who holds the original (the source note)
    "event": ("event", "event_raw", ""),  # the events it is an account of, by slug: no facet
}
# Docs: what is still withheld in lines of the original, passages that hold anything withheld,
# and those a later release opened; summed by the declassification page's aggregations.
WITHHELD_LINES, WITHHELD_PASSAGES, OPENED = "withheld_lines", "withheld_passages", "opened"

STEMMED_FIELDS = (TITLE, SUMMARY, BODY, TEXT)
DOC_TEXT_BOOSTS = {TITLE: 3.0, SUMMARY: 1.5, BODY: 1.0}
PASSAGE_TEXT_BOOSTS = {TEXT: 1.0}


def build() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field(KIND, tokenizer_name="raw")
    sb.add_integer_field(DOC_ID, indexed=True, fast=True)
    sb.add_integer_field(BLOCK_ID, fast=True)
    for name in (DATE_START, DATE_END, YEAR):
        sb.add_integer_field(name, fast=True)
    sb.add_integer_field(YEARS, indexed=True)
    sb.add_float_field(WITHHELD_LINES, fast=True)
    for name in (WITHHELD_PASSAGES, OPENED):
        sb.add_integer_field(name, fast=True)
    for name in STEMMED_FIELDS:
        sb.add_text_field(name, tokenizer_name=STEMMED)
    for name in (TITLE_WORDS, WORDS):
        sb.add_text_field(name, tokenizer_name=FOLDED, index_option="freq")
    sb.add_text_field(SPEAKER, tokenizer_name=FOLDED)
    for name in (OTHER_BODY, OTHER_TEXT):
        sb.add_text_field(name, tokenizer_name=TOKENS)
    sb.add_text_field(OTHER_LANGUAGES, tokenizer_name="raw")
    for folded, raw, _ in FILTERS.values():
        sb.add_text_field(folded, tokenizer_name=FOLDED)
        sb.add_text_field(raw, tokenizer_name="raw", fast=True)
    sb.add_bytes_field(PAYLOAD, stored=True)
    return sb.build()
