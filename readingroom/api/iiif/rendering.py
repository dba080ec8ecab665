"""The image a planned request names (`imaging.Plan`): decoded, cut, scaled, turned, encoded.

Decoding the whole file is most of what a tile costs (about 20 ms for a 2500 × 3300 JPEG,
against a few for cutting and encoding 512 pixels), and a viewer asks for a page's tiles
together. So each process keeps the pages it decoded last (`DecodedPages`, bounded in bytes),
and a thread that wants a page another thread is decoding waits for it instead of decoding it
again. A JPEG scaled down is decoded at 1/2, 1/4 or 1/8 of its size (`Image.draft`). Plain
Python (no Django), like `imaging`.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from readingroom.api.iiif.imaging import FORMATS, GRAY, Plan

# The importer's guard too (ingest.scanfiles): a large scan is fine, a decompression bomb is not.
Image.MAX_IMAGE_PIXELS = 200_000_000

JPEG_QUALITY = 85
# A JPEG is decoded at no less than twice the output size, then resampled: a reduced decode
# with no visible loss (Pillow's `thumbnail` does the same). Tiles at scale factors 1 and 2
# then share one decoded page.
OVERSAMPLE = 2
DECODED_BYTES = 64 * 2**20  # per process: two 2500 × 3300 colour pages and their reductions
_TURN = {
    90: Image.Transpose.ROTATE_270,  # the API turns clockwise, Pillow counter-clockwise
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class Decoded:
    image: Image.Image  # loaded, and shared between threads: only ever read
    mode: str  # the file's own mode
    profile: bytes | None  # its ICC profile


def decode(path: Path, reduction: int, gray: bool) -> Decoded:
    """The file's pixels; a JPEG at 1/`reduction` of its size, in gray if asked."""
    with Image.open(path) as source:
        mode, profile = source.mode, source.info.get("icc_profile")
        if reduction > 1 or gray:
            wanted = (source.width // reduction, source.height // reduction)
            source.draft("L" if gray else None, wanted)  # JPEG only; others ignore it
        source.load()
        return Decoded(source, mode, profile)


class DecodedPages:
    """The pages this process decoded last, least recently used first out, within `budget`
    bytes; one decoding of a page at a time, whatever the number of threads asking."""

    def __init__(self, budget: int = DECODED_BYTES) -> None:
        self.budget = budget
        self.decodes = 0  # files decoded so far (the tests read it)
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, Future[Decoded]] = OrderedDict()

    def get(self, path: Path, reduction: int, gray: bool) -> Decoded:
        key = (str(path), reduction, gray)
        with self._lock:
            entry = self._entries.get(key)
            mine = entry is None
            if entry is None:
                entry = self._entries[key] = Future()
                self.decodes += 1
            self._entries.move_to_end(key)
        if mine:
            try:
                entry.set_result(decode(path, reduction, gray))
            except BaseException as exc:
                with self._lock:
                    self._entries.pop(key, None)
                entry.set_exception(exc)
                raise
            self._evict()
        return entry.result()

    def _evict(self) -> None:
        with self._lock:
            done = [(k, f) for k, f in self._entries.items() if f.done() and not f.exception()]
            sizes = {k: _nbytes(f.result().image) for k, f in done}
            total = sum(sizes.values())
            for key, _ in done:  # oldest first
                if total <= self.budget:
                    break
                del self._entries[key]
                total -= sizes[key]


def _nbytes(image: Image.Image) -> int:
    return image.width * image.height * len(image.getbands())


PAGES = DecodedPages()


def render(path: Path, plan: Plan, pages: DecodedPages = PAGES) -> bytes:
    """The derivative's bytes: region, size, mirror and rotation, quality, then format (the
    order of Image API 3.0, 4.6)."""
    with Image.open(path) as probe:  # the header alone: is it a JPEG, to decode reduced?
        jpeg = probe.format == "JPEG"
    gray = jpeg and plan.quality in GRAY
    decoded = pages.get(path, _reduction(plan) if jpeg else 1, gray)
    image = _in_quality(_turned(_extracted(decoded.image, plan), plan), plan.quality)
    name = FORMATS[plan.format][0]
    options: dict = {"quality": JPEG_QUALITY} if name == "JPEG" else {}
    if decoded.profile and image.mode == decoded.mode:  # the colours as scanned
        options["icc_profile"] = decoded.profile
    out = io.BytesIO()
    image.save(out, name, **options)
    return out.getvalue()


def _reduction(plan: Plan) -> int:
    """How far to reduce a JPEG as it is decoded (8, 4, 2 or 1): the most that leaves the
    region OVERSAMPLE times the output's pixels each way."""
    room = min(plan.region[2] / plan.size[0], plan.region[3] / plan.size[1]) / OVERSAMPLE
    return next(s for s in (8, 4, 2, 1) if s <= room) if room >= 1 else 1


def _extracted(image: Image.Image, plan: Plan) -> Image.Image:
    """The plan's region of the (maybe reduced) image, scaled to the plan's size."""
    x, y, w, h = plan.region
    sx, sy = image.width / plan.source[0], image.height / plan.source[1]
    box = (x * sx, y * sy, min((x + w) * sx, image.width), min((y + h) * sy, image.height))
    outer = (math.floor(box[0]), math.floor(box[1]), math.ceil(box[2]), math.ceil(box[3]))
    part = _working(image.crop(outer))
    inner = (box[0] - outer[0], box[1] - outer[1], box[2] - outer[0], box[3] - outer[1])
    if part.size == plan.size and inner == (0, 0, *part.size):
        return part
    return part.resize(plan.size, Image.Resampling.LANCZOS, box=inner, reducing_gap=3.0)


def _working(image: Image.Image) -> Image.Image:
    """RGB or L, which scaling, the qualities and both formats share: 16-bit gray scaled to
    8 bits (a plain conversion clips it), transparency laid on white."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode.startswith("I;16"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode in ("1", "I", "F"):
        return image.convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV


def _turned(image: Image.Image, plan: Plan) -> Image.Image:
    if plan.mirror:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if plan.rotation:
        image = image.transpose(_TURN[plan.rotation])
    return image


def _in_quality(image: Image.Image, quality: str) -> Image.Image:
    if quality == "color" and image.mode != "RGB":
        return image.convert("RGB")
    if quality in GRAY and image.mode != "L":
        image = image.convert("L")
    if quality == "bitonal":  # a threshold, not dithering: typescript stays crisp
        return image.point(lambda v: 255 if v >= 128 else 0)
    return image
