"""Conversation structure: who says each block of a transcript.

The seed parser marks the paragraph that opens with "Title Name:" and leaves the paragraphs
after it without a speaker; in a transcript those paragraphs are still the same person talking,
until the next label, a stage note, a heading or the closer interrupts.
"""

from __future__ import annotations

from dataclasses import dataclass

from readingroom.enrich.speakers import match_speaker, turn_label
from readingroom.records.contract import BlockRecord

_CONTINUES = frozenset({"paragraph"})  # kinds a speaker's turn runs on through
_INTERRUPTS = frozenset({"stage", "closer", "heading", "preface", "list"})  # kinds that end it


@dataclass(frozen=True)
class Label:
    """A speaker label in a block: the name as written, its title and where the name sits."""

    block: int
    label: str
    title: str
    name: str
    start: int  # span of the name (title excluded) in the block's text
    end: int


def speaker_label(index: int, block: BlockRecord) -> Label | None:
    """The label of a turn block, title split from the name ("Comrade" / "Enver Hoxha")."""
    if block.kind != "turn":
        return None
    found = match_speaker(block.text)
    label = found.label if found else block.speaker
    parsed = turn_label(label) if label else None
    if parsed is None:
        return None
    title, name = parsed
    start = block.text.find(name, 0, len(label)) if name else -1
    if start < 0:  # an office alone, or spacing or brackets inside: point at the whole label
        return Label(index, label, title, name, 0, len(label))
    return Label(index, label, title, name, start, start + len(name))


def attribute_blocks(blocks: list[BlockRecord]) -> list[tuple[int, Label, bool]]:
    """(block index, label, continued) for every block a speaker says, in order."""
    said: list[tuple[int, Label, bool]] = []
    current: Label | None = None
    for index, block in enumerate(blocks):
        label = speaker_label(index, block)
        if label is not None:
            current = label
            said.append((index, label, False))
        elif block.kind in _INTERRUPTS:
            current = None
        elif block.kind in _CONTINUES and current is not None:
            said.append((index, current, True))
    return said
