"""Bar charts drawn as SVG on the server: no script, sized by attributes (the
Content-Security-Policy allows no style attributes), named for screen readers, and always
shown beside a table of the same figures.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
BAR = 18  # a horizontal bar's height, and the gap of a column chart's bars at most
LABEL = 260  # room for a horizontal bar's label
COLUMN_HEIGHT = 220


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


def _frame(key: str, title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{k}-title {k}-desc"><title id="{k}-title">{t}</title>'
        '<desc id="{k}-desc">A bar chart; the table after it gives every figure.</desc>'
        "{b}</svg>",
        w=WIDTH,
        h=height,
        k=key,
        t=title,
        b=body,
    )


def bars(key: str, title: str, rows: list[tuple[str, float]], unit: str) -> SafeString:
    """Horizontal bars, one a row: a label and the bar (the value is in its tooltip and in
    the table beside the chart)."""
    top = max((value for _, value in rows), default=0) or 1
    room = WIDTH - LABEL - 10
    parts = []
    for i, (label, value) in enumerate(rows):
        y, width = i * (BAR + 8), round(room * value / top, 1)
        short = label if len(label) <= 34 else label[:32] + "…"
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {} {}</title></rect>",
                LABEL - 8,
                y + BAR - 4,
                short,
                LABEL,
                y,
                width,
                BAR,
                label,
                _number(value),
                unit,
            )
        )
    return _frame(key, title, max(len(rows), 1) * (BAR + 8), mark_safe("".join(parts)))


def columns(key: str, title: str, rows: list[tuple[str, float]], unit: str) -> SafeString:
    """Vertical bars in order (years): each labelled below when there is room."""
    top = max((value for _, value in rows), default=0) or 1
    step = (WIDTH - 40) / max(len(rows), 1)
    every = max(1, round(len(rows) / 12))  # about a dozen labels at most
    parts = []
    for i, (label, value) in enumerate(rows):
        height = round(COLUMN_HEIGHT * value / top, 1)
        x = round(20 + i * step + step * 0.1, 1)
        parts.append(
            format_html(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {} {}</title></rect>",
                x,
                round(COLUMN_HEIGHT - height, 1),
                round(step * 0.8, 1),
                height,
                label,
                _number(value),
                unit,
            )
        )
        if i % every == 0:
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    round(x + step * 0.4, 1),
                    COLUMN_HEIGHT + 16,
                    label,
                )
            )
    return _frame(key, title, COLUMN_HEIGHT + 24, mark_safe("".join(parts)))
