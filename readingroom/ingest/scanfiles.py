"""Scans named by an import or `readingroom attach`: stored by checksum, PDFs cut into pages.

A page image is stored as it came (JPEG, PNG, TIFF); a PDF is stored too, and each of its
pages rendered once to a JPEG image of its own, so the image service never renders a PDF in
a request. The result is the record's `ScanRecord`s, named by checksum alone.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2
from PIL import Image

from readingroom.records import files
from readingroom.records.contract import ScanRecord

PDF_DPI = 200  # typescript stays legible to a reader and to OCR at this resolution
JPEG_QUALITY = 88
Image.MAX_IMAGE_PIXELS = 200_000_000  # a large scan is fine; a decompression bomb is not


class ScanError(ValueError):
    """A scan that cannot be stored: missing, not an image or PDF, or unreadable."""


def stored_scans(scans: list[ScanRecord], base: Path) -> list[ScanRecord]:
    """The scans with every file named by path stored (`file` relative to `base`, the
    imported file's folder); a scan named by checksum must already be in the store."""
    out: list[ScanRecord] = []
    for scan in scans:
        if scan.file:
            out += store_scan(base / scan.file, scan.label, shown=scan.file)
        elif not scan.sha256 or not files.path_for(scan.sha256).is_file():
            raise ScanError(f"scan {scan.sha256[:12] or '(no file)'}: not in the archive's files")
        else:
            out.append(scan if scan.width else _described(scan))
    return out


def _described(scan: ScanRecord) -> ScanRecord:
    """A scan named by checksum alone (a CSV export's), with its type and size read again."""
    path = files.path_for(scan.sha256)
    with path.open("rb") as stream:
        media_type = files.sniff(stream.read(16)) or ""
    width, height = _size(path, scan.sha256[:12])
    return replace(scan, media_type=media_type, width=width, height=height)


def store_scan(path: Path, label: str = "", shown: str = "") -> list[ScanRecord]:
    """Store one image or PDF; its scan records (a PDF: one a page, labelled by number)."""
    shown = shown or path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            media_type = files.check(stream.read(16), path.name, size)
            stream.seek(0)
            sha256, _ = files.store(files.chunks(stream))
    except FileNotFoundError:
        raise ScanError(f"scan {shown}: no such file") from None
    except files.Rejected as exc:
        raise ScanError(f"scan {exc}") from None
    if media_type == "application/pdf":
        return list(_pdf_pages(sha256, label, shown))
    width, height = _size(files.path_for(sha256), shown)
    return [ScanRecord(sha256, label=label, media_type=media_type, width=width, height=height)]


def _size(path: Path, shown: str) -> tuple[int, int]:
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, Image.DecompressionBombError) as exc:
        raise ScanError(f"scan {shown}: not a readable image ({exc})") from None


def _pdf_pages(sha256: str, label: str, shown: str) -> Iterator[ScanRecord]:
    try:
        pdf = pypdfium2.PdfDocument(files.path_for(sha256))
    except pypdfium2.PdfiumError as exc:
        raise ScanError(f"scan {shown}: not a readable PDF ({exc})") from None
    try:
        for number, page in enumerate(pdf, start=1):
            image = page.render(scale=PDF_DPI / 72).to_pil().convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=JPEG_QUALITY)
            page_sha, _ = files.store([out.getvalue()])
            yield ScanRecord(
                page_sha,
                label=f"{label} p. {number}" if label else str(number),
                media_type="image/jpeg",
                width=image.width,
                height=image.height,
                pdf=sha256,
                pdf_page=number,
            )
    finally:
        pdf.close()
