"""Transcripts inside FRUS documents: "JFK: …", "The Vice President: …", "Cox: …".

Telephone transcripts and verbatim records label each speech with the speaker and a colon.
FRUS prints them as plain paragraphs, so the document is read as a transcript only when its
labels recur (`enrich.speakers.dialog_labels`); then a labelled paragraph opens a turn, the
paragraphs after it carry its speaker, and a bracketed editorial paragraph ("[Omitted here
is …]") ends it.
"""

from __future__ import annotations

from readingroom.enrich.speakers import dialog_labels
from readingroom.records.contract import BlockRecord

_CARRIED_OVER = frozenset({"pagebreak"})  # kinds a turn runs on across


def mark_turns(blocks: list[BlockRecord]) -> None:
    """Mark the turns of a transcript in place; blocks of other documents stay as they are."""
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    found = dialog_labels([b.text for b in paragraphs])
    if not any(found):
        return
    labels = {id(b): label for b, label in zip(paragraphs, found, strict=True)}
    speaking = ""
    for block in blocks:
        if block.kind in _CARRIED_OVER:
            continue
        label = labels.get(id(block))
        if label:
            block.kind, speaking = "turn", label
        elif block.kind != "paragraph":
            speaking = ""
        elif _editorial(block.text):
            block.kind, speaking = "stage", ""
        block.speaker = speaking if block.kind in ("turn", "paragraph") else ""


def _editorial(text: str) -> bool:
    text = text.strip()
    return text.startswith("[") and text.endswith("]")
