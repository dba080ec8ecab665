"""Turn a block's text and its spans (insertions, note markers, names) into escaped HTML."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

INSERTION_LABELS = {
    "role": "Editorial insertion: role",
    "alternate": "Editorial insertion: other spelling",
    "supplied": "Editorial insertion: supplied word",
    "sic": "Editorial insertion: sic",
    "other": "Editorial insertion",
}


NAMES = ("person", "term", "place", "organization")  # linked names: insertions win over them


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # an annotation kind, or "person"/"term" for a linked name
    text: str = ""
    href: str = ""
    title: str = ""


def choose(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans in text order; insertions win over names they overlap."""
    ordered = sorted(spans, key=lambda s: (s.start, s.kind in NAMES, -s.end))
    chosen: list[Span] = []
    for span in ordered:
        if chosen and span.start < chosen[-1].end:
            continue
        chosen.append(span)
    return chosen


def wrap(span: Span, inner: str) -> str:
    if span.kind == "noteref":
        return format_html('<sup class="noteref"><a href="#fn-{0}">{0}</a></sup>', span.text)
    if span.kind in INSERTION_LABELS:
        label = INSERTION_LABELS[span.kind]
        return format_html(
            '<span class="ins ins-{}" title="{}">'
            '<span class="visually-hidden">{}: </span>{}</span>',
            span.kind,
            label,
            label,
            mark_safe(inner),
        )
    if span.kind == "withheld":  # the marker as printed, said in words for screen readers
        return format_html(
            '<span class="withheld" title="{}"><span class="visually-hidden">Withheld: {}. '
            "</span>{}</span>",
            span.title.capitalize(),
            span.title,
            mark_safe(inner),
        )
    if span.kind == "link":  # a cross-reference: a link only to what the public may see
        if not span.href:
            return inner
        external = span.href.startswith(("http://", "https://"))
        html = (
            '<a class="xref" href="{}" rel="external">{}</a>'
            if external
            else '<a class="xref" href="{}">{}</a>'
        )
        return format_html(html, span.href, mark_safe(inner))
    if span.href:
        if span.title:  # an abbreviation of a place or organization: spelled out, and linked
            inner = format_html('<abbr title="{}">{}</abbr>', span.title, mark_safe(inner))
        return format_html(
            '<a class="name name-{}" href="{}">{}</a>', span.kind, span.href, mark_safe(inner)
        )
    return format_html('<abbr title="{}">{}</abbr>', span.title, mark_safe(inner))


def _inner(text: str, span: Span, spans: list[Span]) -> str:
    """A span's text, escaped; in an editor's insertion, the abbreviations, places and
    organizations inside it marked too ("[General Secretary of the … (KWP)]")."""
    if span.kind not in INSERTION_LABELS:
        return escape(text[span.start : span.end])
    within = [
        s
        for s in spans
        if s.kind in NAMES[1:] and span.start <= s.start and s.end <= span.end and s != span
    ]
    return render_text(text[: span.end], within, span.start)


def render_text(text: str, spans: list[Span], offset: int = 0) -> SafeString:
    """HTML for text[offset:], every character of it escaped exactly once."""
    out, pos = [], offset
    for span in choose([s for s in spans if s.start >= offset]):
        out.append(escape(text[pos : span.start]))
        out.append(wrap(span, _inner(text, span, spans)))
        pos = max(pos, span.end)
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))
