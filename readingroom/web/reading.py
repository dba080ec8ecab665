"""The reading view of a document: its blocks as escaped HTML with insertions, names and terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.safestring import SafeString

from readingroom.authorities.models import Mention
from readingroom.enrich.withheld import described
from readingroom.records.models import Block, Document
from readingroom.web.links import link_hrefs
from readingroom.web.rendering import Span, render_text


@dataclass
class RenderedBlock:
    block: Block
    html: SafeString
    more: list[RenderedBlock] = field(default_factory=list)  # paragraphs continuing a turn


def block_spans(
    block: Block, links: dict[str, str] | None = None, seen: set | None = None
) -> list[Span]:
    """Insertions, note markers, cross-references (`links`: their addresses, `web.links`),
    linked names and glossary terms of one block; a place or organization is linked where
    the document first names it (`seen` holds those named before), its abbreviations are
    always spelled out."""
    spans = [
        Span(a.start, a.end, a.kind, a.text, title=described(a.text, a.target))
        if a.kind == "withheld"
        else Span(a.start, a.end, a.kind, a.text, href=(links or {}).get(a.target, ""))
        if a.kind == "link"
        else Span(a.start, a.end, a.kind, a.text)
        for a in block.annotations.all()
    ]
    seen = set() if seen is None else seen
    for m in block.mentions.all():
        if m.person_id:
            spans.append(Span(m.start, m.end, "person", href=m.person.get_absolute_url()))
        elif (named := m.place or m.organization) and (named, m.term_id) not in seen:
            title = m.term.expansion if m.term_id else ""
            kind = "place" if m.place_id else "organization"
            spans.append(Span(m.start, m.end, kind, href=named.get_absolute_url(), title=title))
            seen.add((named, m.term_id))
        elif m.term_id:
            spans.append(Span(m.start, m.end, "term", title=m.term.expansion))
    return spans


def rendered_blocks(doc: Document) -> list[RenderedBlock]:
    """Every block in order, the paragraphs that continue a turn inside it; a turn's speaker
    label is left out of its text (shown apart)."""
    mentions = Mention.objects.select_related("person", "term", "place", "organization")
    blocks = doc.blocks.prefetch_related("annotations", Prefetch("mentions", queryset=mentions))
    rendered: list[RenderedBlock] = []
    seen: set = set()  # places and organizations linked already
    blocks = list(blocks.select_related("speaker_person"))
    links = link_hrefs(a.target for b in blocks for a in b.annotations.all() if a.kind == "link")
    for block in blocks:
        offset = 0
        if block.speaker and block.text.startswith(block.speaker):
            offset = len(block.speaker) + 1  # the label and its colon
        spans = block_spans(block, links, seen)
        item = RenderedBlock(block, render_text(block.text, spans, offset))
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
