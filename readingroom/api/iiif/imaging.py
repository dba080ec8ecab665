"""IIIF Image API 3.0 requests in plain Python (no Django): parsing and sizing.

A request goes through three steps, so that the service stays cheap:
- `parse` checks the syntax of the four path parts (no image, no database);
- `plan` resolves them in pixels against the scan's stored size. Its canonical form names
  the cached derivative, so a cache hit never opens the image;
- `rendering.render` makes the image.

Every refusal is a `BadRequest` (HTTP 400) that names the rule the request broke
(https://iiif.io/api/image/3.0/#4-image-requests).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

TILE = 512
SMALLEST_SIZE = 100  # info.json lists halvings of the image while its longer side reaches this
FORMATS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}
QUALITIES = ("default", "color", "gray", "bitonal")
GRAY = ("gray", "bitonal")
PROFILE = "level1"  # what every level-1 server does; EXTRA_FEATURES names what this adds
# What this service offers beyond level 1 (https://iiif.io/api/image/3.0/compliance/).
EXTRA_FEATURES = [
    "canonicalLinkHeader",
    "mirroring",
    "profileLinkHeader",
    "regionByPct",
    "regionSquare",
    "rotationBy90s",
    "sizeByConfinedWh",
    "sizeByPct",
    "sizeUpscaling",
]

_INT = r"(\d+)"
_NUM = r"(\d+(?:\.\d+)?)"  # a decimal number: no sign, no exponent
_REGION_PX = re.compile(rf"{_INT},{_INT},{_INT},{_INT}")
_REGION_PCT = re.compile(rf"pct:{_NUM},{_NUM},{_NUM},{_NUM}")
_SIZE = re.compile(rf"(\^)?(?:(max)|pct:{_NUM}|(!)?(\d*),(\d*))")
_ROTATION = re.compile(rf"(!)?{_NUM}")


class BadRequest(ValueError):
    """A request the Image API's rules refuse (HTTP 400); the message says which rule."""


@dataclass(frozen=True)
class Limits:
    """The largest image the service returns (`maxWidth`, `maxHeight`, `maxArea` in
    info.json): a bound on the memory and time one request may take."""

    max_width: int = 8192
    max_height: int = 8192
    max_area: int = 4096 * 4096

    def scale(self, width: int, height: int) -> float:
        """The largest scale at which a width × height image keeps within the limits."""
        area = math.sqrt(self.max_area / (width * height))
        return min(self.max_width / width, self.max_height / height, area)

    def allow(self, width: int, height: int) -> bool:
        return (
            width <= self.max_width
            and height <= self.max_height
            and width * height <= self.max_area
        )

    def info(self) -> dict[str, int]:
        return {"maxWidth": self.max_width, "maxHeight": self.max_height, "maxArea": self.max_area}


LIMITS = Limits()


@dataclass(frozen=True)
class Region:
    kind: str  # full, square, px, pct
    values: tuple[float, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Size:
    kind: str  # max, w, h, pct, wh, confined
    upscale: bool = False
    width: int = 0
    height: int = 0
    percent: float = 0.0


@dataclass(frozen=True)
class ImageRequest:
    """The four path parts as parsed, before they meet an image."""

    region: Region
    size: Size
    rotation: int
    mirror: bool
    quality: str
    format: str


@dataclass(frozen=True)
class Plan:
    """A request resolved against an image of `source` size, in pixels."""

    source: tuple[int, int]  # the full image's width and height
    region: tuple[int, int, int, int]  # x, y, w, h in the full image
    size: tuple[int, int]  # the region scaled, before rotation
    rotation: int
    mirror: bool
    quality: str
    format: str

    @property
    def upscaled(self) -> bool:
        return self.size[0] > self.region[2] or self.size[1] > self.region[3]

    @property
    def output(self) -> tuple[int, int]:
        """The returned image's width and height (turned by 90 or 270 degrees: swapped)."""
        width, height = self.size
        return (height, width) if self.rotation in (90, 270) else (width, height)

    @property
    def media_type(self) -> str:
        return FORMATS[self.format][1]

    def canonical(self) -> str:
        """The canonical path parts (Image API 3.0, 4.7): one name per distinct image."""
        x, y, w, h = self.region
        region = "full" if self.region == (0, 0, *self.source) else f"{x},{y},{w},{h}"
        up = "^" if self.upscaled else ""
        size = "max" if self.size == (w, h) else f"{up}{self.size[0]},{self.size[1]}"
        rotation = f"{'!' if self.mirror else ''}{self.rotation}"
        return f"{region}/{size}/{rotation}/{self.quality}.{self.format}"


def parse(region: str, size: str, rotation: str, quality: str, fmt: str) -> ImageRequest:
    """The request's path parts checked for syntax; raises BadRequest."""
    if quality not in QUALITIES:
        raise BadRequest(f"quality {quality!r} is not offered: {', '.join(QUALITIES)}")
    if fmt not in FORMATS:
        raise BadRequest(f"format {fmt!r} is not offered: {' or '.join(FORMATS)}")
    degrees, mirror = parse_rotation(rotation)
    return ImageRequest(parse_region(region), parse_size(size), degrees, mirror, quality, fmt)


def parse_region(text: str) -> Region:
    if text in ("full", "square"):
        return Region(text, text=text)
    if match := _REGION_PX.fullmatch(text):
        return Region("px", tuple(int(v) for v in match.groups()), text)
    if match := _REGION_PCT.fullmatch(text):
        return Region("pct", tuple(float(v) for v in match.groups()), text)
    raise BadRequest(f"region {text!r} is not full, square, x,y,w,h or pct:x,y,w,h")


def parse_size(text: str) -> Size:
    match = _SIZE.fullmatch(text)
    if not match:
        raise BadRequest(f"size {text!r} is not max, w, ,h, pct:n, w,h or !w,h (^ may lead)")
    up, is_max, percent, confined, width, height = match.groups()
    upscale = up is not None
    if is_max:
        return Size("max", upscale)
    if percent is not None:
        if float(percent) > 100 and not upscale:
            raise BadRequest(f"size {text}: over 100% enlarges the region; ask ^{text}")
        return Size("pct", upscale, percent=float(percent))
    if confined and not (width and height):
        raise BadRequest(f"size {text!r}: !w,h needs both a width and a height")
    if not (width or height):
        raise BadRequest("size ',' names neither a width nor a height")
    w, h = int(width or 0), int(height or 0)
    if (width and not w) or (height and not h):
        raise BadRequest(f"size {text}: a width or height of 0 gives an empty image")
    kind = "confined" if confined else "wh" if w and h else "w" if w else "h"
    return Size(kind, upscale, w, h)


def parse_rotation(text: str) -> tuple[int, bool]:
    """Degrees clockwise (0, 90, 180 or 270) and whether to mirror first."""
    match = _ROTATION.fullmatch(text)
    if not match:
        raise BadRequest(f"rotation {text!r} is not degrees from 0 to 360 (! before to mirror)")
    degrees = float(match[2])
    if degrees > 360:
        raise BadRequest(f"rotation {text}: degrees run from 0 to 360")
    if degrees % 90:
        raise BadRequest(f"rotation {text}: only 0, 90, 180 and 270 degrees are offered")
    return int(degrees) % 360, match[1] is not None


def plan(request: ImageRequest, width: int, height: int, limits: Limits = LIMITS) -> Plan:
    """The request in pixels for a width × height image; raises BadRequest."""
    region = region_box(request.region, width, height)
    size = scaled_size(request.size, region[2], region[3], limits)
    return Plan(
        source=(width, height),
        region=region,
        size=size,
        rotation=request.rotation,
        mirror=request.mirror,
        quality=request.quality,
        format=request.format,
    )


def _round(value: float) -> int:
    """Half up (Python's round takes half to even: 2.5 -> 2)."""
    return math.floor(value + 0.5)


def region_box(region: Region, width: int, height: int) -> tuple[int, int, int, int]:
    """x, y, w, h in pixels, cut to the image; a region outside it is refused."""
    if region.kind == "full":
        return 0, 0, width, height
    if region.kind == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    if region.kind == "pct":
        px, py, pw, ph = region.values
        x, y = _round(width * px / 100), _round(height * py / 100)
        w = max(_round(width * (px + pw) / 100) - x, 1 if pw else 0)
        h = max(_round(height * (py + ph) / 100) - y, 1 if ph else 0)
    else:
        x, y, w, h = (int(v) for v in region.values)
    if w <= 0 or h <= 0:
        raise BadRequest(f"region {region.text}: a width or height of 0 selects nothing")
    if x >= width or y >= height:
        raise BadRequest(f"region {region.text} starts outside the image ({width}×{height})")
    return x, y, min(w, width - x), min(h, height - y)


def scaled_size(size: Size, rw: int, rh: int, limits: Limits = LIMITS) -> tuple[int, int]:
    """The region's rw × rh scaled as `size` asks; raises BadRequest."""
    if size.kind == "max":
        scale = limits.scale(rw, rh)
        return _fitted(rw, rh, scale if size.upscale else min(scale, 1.0))
    if size.kind == "confined":
        return _confined(size, rw, rh, limits)
    if size.kind == "w":
        width, height = size.width, _round(rh * size.width / rw)
    elif size.kind == "h":
        width, height = _round(rw * size.height / rh), size.height
    elif size.kind == "pct":
        width, height = _round(rw * size.percent / 100), _round(rh * size.percent / 100)
    else:
        width, height = size.width, size.height
    if (width > rw or height > rh) and not size.upscale:
        raise BadRequest(
            f"size {width},{height} is larger than the region ({rw},{rh}): ask with ^ to enlarge"
        )
    if width < 1 or height < 1:
        raise BadRequest(f"size {width},{height} of a {rw},{rh} region is an empty image")
    if not limits.allow(width, height):
        raise BadRequest(f"size {width},{height} is over this service's limits {limits.info()}")
    return width, height


def _fitted(rw: int, rh: int, scale: float) -> tuple[int, int]:
    if scale == 1.0:
        return rw, rh
    return max(1, math.floor(rw * scale)), max(1, math.floor(rh * scale))


def _confined(size: Size, rw: int, rh: int, limits: Limits) -> tuple[int, int]:
    """!w,h: as large as fits in w × h and the limits (and, without ^, the region)."""
    scale = min(size.width / rw, size.height / rh, limits.scale(rw, rh))
    if not size.upscale:
        scale = min(scale, 1.0)
    width, height = min(size.width, _round(rw * scale)), min(size.height, _round(rh * scale))
    if not limits.allow(width, height):
        width, height = _fitted(rw, rh, scale)
    if width < 1 or height < 1:
        raise BadRequest(f"size !{size.width},{size.height} of a {rw},{rh} region is empty")
    return width, height


def scale_factors(width: int, height: int, tile: int = TILE) -> list[int]:
    """Powers of two up to the first at which one tile covers the whole image."""
    factors = [1]
    while tile * factors[-1] < max(width, height):
        factors.append(factors[-1] * 2)
    return factors


def sizes(width: int, height: int, limits: Limits = LIMITS) -> list[dict[str, int]]:
    """The image halved, quartered, …: sizes a client may ask for whole (smallest first)."""
    found = []
    factor = 2
    while max(width, height) / factor >= SMALLEST_SIZE:
        w, h = math.ceil(width / factor), math.ceil(height / factor)
        if limits.allow(w, h):
            found.append({"width": w, "height": h})
        factor *= 2
    return found[::-1]
