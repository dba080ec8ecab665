"""What a later release of a record opened: the withheld passages it prints in full.

A document declassified again comes back with fewer markers ("[2 lines of source text not
declassified]") and the words that stood behind them. Comparing the two releases' blocks finds
each marker of the earlier one that the later one replaced with text. Blocks are paired in
order (a release keeps the document's paragraphs), then each pair is compared by character;
a marker replaced by another marker (a new extent) was not opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from readingroom.enrich.withheld import Withheld, find_withheld


@dataclass
class Opened:
    block: int  # the block's place in the later release
    marker: str  # the marker as the earlier release printed it, brackets included
    kind: str
    lines: float
    text: str  # what the later release prints in its place


def opened(before: list[str], after: list[str]) -> list[Opened]:
    """The markers of `before` (block texts) that `after` replaced with text."""
    found: list[Opened] = []
    for old, new, index in _pairs(before, after):
        if markers := find_withheld(old):
            found += _opened_in(old, new, index, markers)
    return found


def _pairs(before: list[str], after: list[str]):
    """Changed blocks of the two releases, paired in order: (old, new, index in `after`)."""
    blocks = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in blocks.get_opcodes():
        if tag == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                yield before[i1 + k], after[j1 + k], j1 + k


def _opened_in(old: str, new: str, index: int, markers: list[Withheld]) -> list[Opened]:
    codes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    out = []
    for w in markers:
        start, end = _mapped(codes, w.start, at_end=False), _mapped(codes, w.end, at_end=True)
        text = new[start:end].strip()
        if new[start:end] == old[w.start : w.end] or not text or find_withheld(text):
            continue  # still withheld, removed, or withheld with another extent
        out.append(Opened(index, old[w.start : w.end], w.kind, w.lines, text))
    return out


def _mapped(codes: list[tuple[str, int, int, int, int]], position: int, *, at_end: bool) -> int:
    """Where a position of the old text falls in the new one: exactly inside an unchanged
    stretch; at the edge of the new stretch that replaced the one it is in otherwise."""
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i1 <= position <= i2:
            return j1 + position - i1
        if i1 <= position < i2 or (at_end and i1 < position <= i2):
            return j2 if at_end else j1
    return codes[-1][4] if codes else 0
