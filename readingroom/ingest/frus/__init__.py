"""Importer for FRUS TEI volumes (Foreign Relations of the United States, Office of the Historian).

One volume file becomes one `CollectionRecord`, its persons and abbreviations lists, and one
`DocumentRecord` per `div[@type='document']`. The whole file is parsed (safely, see `xmlsafe`)
before the first document is yielded, so a broken file is rejected before anything is saved;
documents are then built lazily, one subtree at a time, in a single pass over each subtree.

Modules: `volume` (the importer, collection, persons and terms), `contents` (the table of
contents: compilations and chapters), `document` (one document div -> `DocumentRecord`),
`participants` (participant lists), `dateline` (date and place), `doctype` (title -> document
type), `text` (the inline text walker and cross-references), `tei` (element names).

Decisions worth knowing:
- Titles drop the printed number ("55. Memorandum of Conversation" -> "Memorandum of
  Conversation"); the number is `DocumentRecord.number` and the heading block keeps both.
- `SourceCitation.text` drops the "Source:" label: it is the publisher's caption, not part of the
  citation, and a citation built from it ("..., {source}.") must not read "Source: ...".
- Page breaks inside a block are emitted as pagebreak blocks right after it, so every block
  starts on the page of the last pagebreak before it. Page breaks between two documents are
  given to the next one, which starts on that page.
- Footnotes are appended after the running text in order of appearance; a note inside a note
  is anchored to the footnote block of its outer note.
- A repeated `xml:id` (the publisher's files have some) is a warning naming the id and both
  lines, not a rejected volume. A document whose id an earlier document has is stored as
  "<id>-2" ("-3", …), stable across imports; its `record_id` keeps the id as published.
"""

from __future__ import annotations

from readingroom.ingest.frus.doctype import document_type
from readingroom.ingest.frus.volume import FrusImporter

__all__ = ["FrusImporter", "document_type"]
