"""The reading view of a document: its blocks as escaped HTML with insertions, names and terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.safestring import SafeString

from readingroom.authorities.models import Mention
from readingroom.enrich.withheld import described
from readingroom.records.models import Block, Document
from readingroom.web.rendering import Span, render_text


@dataclass
class RenderedBlock:
    block: Block
    html: SafeString
    more: list[RenderedBlock] = field(default_factory=list)  # paragraphs continuing a turn


def block_spans(block: Block) -> list[Span]:
    """Insertions, note markers, linked names and glossary terms of one block."""
    spans = [
        Span(a.start, a.end, a.kind, a.text, title=described(a.text, a.target))
        if a.kind == "withheld"
        else Span(a.start, a.end, a.kind, a.text)
        for a in block.annotations.all()
    ]
    for m in block.mentions.all():
        if m.person_id:
            spans.append(Span(m.start, m.end, "person", href=m.person.get_absolute_url()))
        elif m.term_id:
            spans.append(Span(m.start, m.end, "term", title=m.term.expansion))
    return spans


def rendered_blocks(doc: Document) -> list[RenderedBlock]:
    """Every block in order, the paragraphs that continue a turn inside it; a turn's speaker
    label is left out of its text (shown apart)."""
    mentions = Mention.objects.select_related("person", "term")
    blocks = doc.blocks.prefetch_related("annotations", Prefetch("mentions", queryset=mentions))
    rendered: list[RenderedBlock] = []
    for block in blocks.select_related("speaker_person"):
        offset = 0
        if block.speaker and block.text.startswith(block.speaker):
            offset = len(block.speaker) + 1  # the label and its colon
        item = RenderedBlock(block, render_text(block.text, block_spans(block), offset))
        if _continues(block, rendered[-1] if rendered else None):
            rendered[-1].more.append(item)
        else:
            rendered.append(item)
    return rendered


def _continues(block: Block, last: RenderedBlock | None) -> bool:
    """Whether `block` is a later paragraph of the turn rendered last."""
    if block.kind != "paragraph" or not block.speaker or last is None:
        return False
    return last.block.kind == "turn" and last.block.speaker == block.speaker
