"""The texts of a document page: its main text, its further texts and its scans, as tabs.

Each further text and the scans become a panel beside the main text (`web/_versions.html`).
Panels align by page where both sides mark pages (a page break's number, a scan's label)
and by paragraph where both number their paragraphs (`n`): `data-align` carries the key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.urls import reverse

from readingroom.records.languages import language_name
from readingroom.records.models import Document
from readingroom.records.originals import Scan, Text
from readingroom.search.scanwords import Box, record_hits

KIND_LABELS = {"transcription": "Original", "translation": "Translation", "summary": "Summary"}
SHOWN_WIDTH = 900  # pixels of a page image in the list (twice that for dense screens)


@dataclass
class TextPanel:
    number: int  # 1 for the first further text: the panel is "text-1", its blocks "t1-<i>"
    label: str
    language: str  # ISO 639, for the panel's lang attribute
    blocks: list[dict]
    credits: list[tuple[str, str]] = field(default_factory=list)
    machine_read: bool = False

    @property
    def anchor(self) -> str:
        return f"text-{self.number}"


@dataclass
class ScanView:
    page: int
    label: str
    width: int
    height: int
    info: str  # the IIIF image service's info.json
    src: str  # the page SHOWN_WIDTH wide
    src2x: str
    full: str  # the whole page at full size
    boxes: list[Box] = field(default_factory=list)  # words a search inside the record found

    @property
    def boxes_json(self) -> str:
        return json.dumps(self.boxes)

    @property
    def shown_height(self) -> int:
        return round(self.height * min(SHOWN_WIDTH, self.width) / self.width)

    @property
    def shown_width(self) -> int:
        return min(SHOWN_WIDTH, self.width)


def main_label(languages: list[str]) -> str:
    """The main text's tab: a translation when the record is of a language other than English."""
    if any(name != "English" for name in languages):
        return "English translation"
    return "Text"


def text_panels(doc: Document) -> list[TextPanel]:
    return [_panel(text) for text in doc.texts.all()]


def _panel(text: Text) -> TextPanel:
    name = language_name(text.language)
    kind = KIND_LABELS.get(text.kind, text.kind.capitalize())
    label = f"{kind} ({name})" if text.kind != "transcription" else f"{name} original"
    if text.machine_read:
        label += ", machine-read"
    blocks = [{**b, "align": align_key(b)} for b in text.blocks]
    return TextPanel(
        text.order + 1,
        label,
        text.language,
        blocks,
        text.credit_lines(),
        text.machine_read,
    )


def align_key(block: dict) -> str:
    """Where a block meets its counterpart in another text: a page, or a numbered paragraph."""
    if not block.get("n"):
        return ""
    if block["kind"] == "pagebreak":
        return f"page-{block['n']}"
    return f"p-{block['n']}" if block["kind"] in ("paragraph", "turn") else ""


def scan_views(doc: Document, find: str = "") -> list[ScanView]:
    """The record's page images; with `find`, each with the boxes of the words it matches."""
    scans = Scan.objects.filter(document=doc).defer("words").order_by("order")
    views = [_scan_view(doc.identifier, scan) for scan in scans]
    if find and views:
        for page, _, _, box in record_hits(doc, find):
            views[page - 1].boxes.append(box)
    return views


def _scan_view(identifier: str, scan: Scan) -> ScanView:
    service = reverse("iiif-service", args=[identifier, scan.page])  # IIIF Image API 3.0

    def image(size: str) -> str:
        return f"{service}/full/{size}/0/default.jpg"

    return ScanView(
        page=scan.page,
        label=scan.label or str(scan.page),
        width=scan.width,
        height=scan.height,
        info=f"{service}/info.json",
        src=image(f"{min(SHOWN_WIDTH, scan.width)},"),
        src2x=image(f"{min(2 * SHOWN_WIDTH, scan.width)},"),
        full=image("max"),
    )
