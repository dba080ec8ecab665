"""The withheld passages of every imported record, marked as annotations of their own.

Whatever the format, a record's text may carry FRUS-style markers ("[name not
declassified]"): each becomes an annotation of kind "withheld" (`enrich.withheld`), in the
main text and in every further text, before the record is hashed and stored. A bracket
reading of the same span ("supplied", "other") gives way to it. A record that already carries
its withheld annotations (a JSON Lines export) is left as it is.
"""

from __future__ import annotations

from readingroom.enrich.withheld import annotations
from readingroom.records.contract import BlockRecord, DocumentRecord

GIVES_WAY = ("supplied", "other")
CUES = ("declassified", "deleted", "excised")  # a word every marker holds


def mark_withheld(doc: DocumentRecord) -> None:
    for block in [*doc.blocks, *(b for text in doc.texts for b in text.blocks)]:
        _mark(block)


def _mark(block: BlockRecord) -> None:
    lower = block.text.lower()
    if not any(word in lower for word in CUES):
        return  # most blocks: no marker can be in them
    found = annotations(block.text)
    have = {(a.start, a.end) for a in block.annotations if a.kind == "withheld"}
    new = [a for a in found if (a.start, a.end) not in have]
    if not new:
        return
    spans = {(a.start, a.end) for a in new}
    kept = [a for a in block.annotations if not (a.kind in GIVES_WAY and _overlaps(a, spans))]
    block.annotations = sorted([*kept, *new], key=lambda a: (a.start, a.end))


def _overlaps(annotation, spans: set[tuple[int, int]]) -> bool:
    return any(annotation.start < end and start < annotation.end for start, end in spans)
