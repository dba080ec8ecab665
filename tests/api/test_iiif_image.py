"""IIIF Image API 3.0 requests (`api.iiif.imaging`): each region and size syntax, the `^`
rules, rotation, quality and format, checked against the specification's rules by the
pixel size and content of what is returned. Plain Python: no database."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from readingroom.api.iiif import imaging, rendering
from readingroom.api.iiif.imaging import BadRequest, Limits

W, H = 1000, 800  # the image most requests are resolved against (landscape)


def resolve(region="full", size="max", rotation="0", quality="default", fmt="jpg", **kw):
    return imaging.plan(imaging.parse(region, size, rotation, quality, fmt), W, H, **kw)


def returned(path: Path, *parts: str) -> Image.Image:
    """The image a request returns, decoded."""
    with Image.open(path) as source:
        width, height = source.size
    data = rendering.render(path, imaging.plan(imaging.parse(*parts), width, height))
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.fixture
def quadrants(tmp_path: Path) -> Path:
    """A 2000 × 1600 JPEG in four colours: red, green / blue, yellow (left to right)."""
    image = Image.new("RGB", (2000, 1600))
    draw = ImageDraw.Draw(image)
    for (x, y), colour in zip(
        [(0, 0), (1000, 0), (0, 800), (1000, 800)], ["red", "lime", "blue", "yellow"], strict=True
    ):
        draw.rectangle([x, y, x + 999, y + 799], fill=colour)
    path = tmp_path / "quadrants.jpg"
    image.save(path, quality=95)
    return path


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], within: int = 40) -> bool:
    return all(abs(a - b) <= within for a, b in zip(pixel, colour, strict=True))


# ---------------------------------------------------------------- region


@pytest.mark.parametrize(
    ("region", "box"),
    [
        ("full", (0, 0, 1000, 800)),
        ("square", (100, 0, 800, 800)),  # centred on the longer side
        ("10,20,300,200", (10, 20, 300, 200)),
        ("900,700,300,300", (900, 700, 100, 100)),  # cut at the image's edge
        ("pct:10,25,50,50", (100, 200, 500, 400)),
        ("pct:0,0,100,100", (0, 0, 1000, 800)),
        ("pct:12.5,12.5,25,25", (125, 100, 250, 200)),
        ("pct:50,50,80,80", (500, 400, 500, 400)),  # cut at the edge too
    ],
)
def test_regions_resolve_to_pixels(region, box):
    assert resolve(region).region == box
    assert resolve(region).size == box[2:]  # `max` returns the region as it is


def test_square_of_a_portrait_image_is_centred_vertically():
    plan = imaging.plan(imaging.parse("square", "max", "0", "default", "jpg"), 600, 1000)
    assert plan.region == (0, 200, 600, 600)


@pytest.mark.parametrize(
    "region",
    [
        "10,10,0,50",  # no width
        "10,10,50,0",
        "1000,0,10,10",  # starts outside (x == width)
        "0,800,10,10",
        "pct:100,0,10,10",
        "pct:0,0,0,10",
        "1,2,3",  # syntax
        "-1,0,10,10",
        "1.5,0,10,10",  # pixels are integers
        "pct:1,2,3",
        "pct:-1,0,10,10",
        "pct:1e1,0,10,10",
        "Full",
        "",
    ],
)
def test_bad_regions_are_refused(region):
    with pytest.raises(BadRequest, match="region"):
        resolve(region)


# ---------------------------------------------------------------- size


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("max", (1000, 800)),
        ("500,", (500, 400)),  # the height keeps the aspect ratio
        (",200", (250, 200)),
        ("333,", (333, 266)),  # 266.4
        ("pct:50", (500, 400)),
        ("pct:12.5", (125, 100)),
        ("300,300", (300, 300)),  # w,h may distort
        ("!500,500", (500, 400)),  # the largest that fits
        ("!500,100", (125, 100)),
        ("!2000,2000", (1000, 800)),  # confined, and never enlarged without ^
        ("1000,800", (1000, 800)),
        ("^500,", (500, 400)),  # ^ allows enlarging, does not require it
        ("^1500,", (1500, 1200)),
        ("^,1600", (2000, 1600)),
        ("^pct:150", (1500, 1200)),
        ("^2000,900", (2000, 900)),
        ("^!2000,2000", (2000, 1600)),
    ],
)
def test_sizes_give_the_pixel_dimensions_the_api_defines(size, expected):
    assert resolve(size=size).size == expected


@pytest.mark.parametrize("size", ["1001,", ",801", "pct:101", "1001,800", "1000,801", "2000,"])
def test_enlarging_without_the_caret_is_refused(size):
    with pytest.raises(BadRequest, match=r"\^"):
        resolve(size=size)


@pytest.mark.parametrize(
    "size",
    ["full", "0,", ",0", "0,0", "!0,10", "!10,", "!,10", ",", "pct:0", "pct:", "10", "^", "^full",
     "-10,", "10.5,", "max,", "pct:1e2", "^^max"],
)  # fmt: skip
def test_bad_sizes_are_refused(size):
    with pytest.raises(BadRequest):
        resolve(size=size)


def test_sizes_apply_to_the_region_not_the_image():
    assert resolve("0,0,200,100", "max").size == (200, 100)
    assert resolve("0,0,200,100", "pct:50").size == (100, 50)
    with pytest.raises(BadRequest):
        resolve("0,0,200,100", "300,")  # smaller than the image, larger than the region


def test_server_limits_cap_max_and_refuse_larger_explicit_sizes():
    limits = Limits(max_width=600, max_height=600, max_area=600 * 600)
    assert resolve(size="max", limits=limits).size == (600, 480)
    assert resolve(size="!900,900", limits=limits).size == (600, 480)
    small = Limits(max_width=5000, max_height=5000, max_area=200_000)
    width, height = resolve(size="max", limits=small).size
    assert width * height <= 200_000 and abs(width / height - 1.25) < 0.01
    width, height = resolve(size="^max", limits=Limits(max_area=4_000_000)).size
    assert width * height <= 4_000_000 and width > 1000  # ^max enlarges up to the limits
    with pytest.raises(BadRequest, match="limits"):
        resolve(size="^5000,", limits=limits)


def test_info_sizes_and_tiles_follow_the_image():
    assert imaging.scale_factors(2500, 3300) == [1, 2, 4, 8]
    assert imaging.scale_factors(512, 300) == [1]
    assert imaging.scale_factors(513, 300) == [1, 2]
    sizes = imaging.sizes(2500, 3300)
    assert sizes[-1] == {"width": 1250, "height": 1650} and sizes[0]["height"] >= 100
    assert [s["width"] for s in sizes] == sorted(s["width"] for s in sizes)
    assert imaging.sizes(150, 80) == []  # no halving reaches 100 pixels
    for size in sizes:  # every listed size is one a client may ask for
        assert imaging.scaled_size(imaging.parse_size(f"{size['width']},"), 2500, 3300)


# ---------------------------------------------------------------- rotation, quality, format


@pytest.mark.parametrize(
    ("rotation", "degrees", "mirror", "output"),
    [
        ("0", 0, False, (1000, 800)),
        ("90", 90, False, (800, 1000)),
        ("180", 180, False, (1000, 800)),
        ("270", 270, False, (800, 1000)),
        ("360", 0, False, (1000, 800)),
        ("90.0", 90, False, (800, 1000)),
        ("!0", 0, True, (1000, 800)),
        ("!270", 270, True, (800, 1000)),
    ],
)
def test_rotations_by_quarter_turns_and_mirroring(rotation, degrees, mirror, output):
    plan = resolve(rotation=rotation)
    assert (plan.rotation, plan.mirror, plan.output) == (degrees, mirror, output)


@pytest.mark.parametrize("rotation", ["45", "22.5", "361", "-90", "!", "abc", "", "1e2", "!!0"])
def test_other_rotations_are_refused(rotation):
    with pytest.raises(BadRequest, match="rotation"):
        resolve(rotation=rotation)


@pytest.mark.parametrize(
    ("quality", "fmt"),
    [
        ("native", "jpg"),
        ("grey", "jpg"),
        ("default", "gif"),
        ("default", "JPG"),
        ("default", "tif"),
    ],
)
def test_other_qualities_and_formats_are_refused(quality, fmt):
    with pytest.raises(BadRequest):
        resolve(quality=quality, fmt=fmt)


# ---------------------------------------------------------------- rendering


def test_a_region_scaled_down_shows_that_region(quadrants):
    """At 1/8 the JPEG is decoded reduced: the region must still map to the right pixels."""
    corner = returned(quadrants, "1000,800,1000,800", "125,", "0", "default", "jpg")
    assert corner.size == (125, 100)
    for point in [(3, 3), (62, 50), (121, 96)]:
        assert near(corner.getpixel(point), (255, 255, 0))
    top_right = returned(quadrants, "pct:50,0,50,50", "!100,100", "0", "default", "png")
    assert top_right.size == (100, 80)
    assert near(top_right.getpixel((50, 40)), (0, 255, 0))


def test_a_tile_across_quadrants_keeps_its_boundary(quadrants):
    tile = returned(quadrants, "512,512,1024,512", "256,128", "0", "default", "png")
    assert tile.size == (256, 128)
    assert near(tile.getpixel((10, 10)), (255, 0, 0))  # (512..1000, 512..800) is red
    assert near(tile.getpixel((250, 10)), (0, 255, 0))
    assert near(tile.getpixel((10, 120)), (0, 0, 255))
    assert near(tile.getpixel((250, 120)), (255, 255, 0))


def test_mirror_then_turn_clockwise(quadrants):
    mirrored = returned(quadrants, "full", "200,", "!0", "default", "png")
    assert near(mirrored.getpixel((10, 10)), (0, 255, 0))  # green is now top left
    turned = returned(quadrants, "full", "200,", "90", "default", "png")
    assert turned.size == (160, 200)
    assert near(turned.getpixel((150, 10)), (255, 0, 0))  # red (top left) is now top right
    assert near(turned.getpixel((10, 10)), (0, 0, 255))  # blue (bottom left) now top left


def test_qualities(quadrants):
    gray = returned(quadrants, "full", "100,", "0", "gray", "jpg")
    assert gray.mode == "L"
    bitonal = returned(quadrants, "full", "100,", "0", "bitonal", "png")
    assert set(bitonal.getdata()) <= {0, 255}
    assert returned(quadrants, "full", "100,", "0", "color", "png").mode == "RGB"


def test_formats_are_what_they_say(quadrants):
    data = rendering.render(
        quadrants, imaging.plan(imaging.parse("full", "max", "0", "default", "jpg"), 2000, 1600)
    )
    assert data[:3] == b"\xff\xd8\xff"
    assert returned(quadrants, "full", "50,", "0", "default", "png").format == "PNG"
    assert returned(quadrants, "full", "^4000,", "0", "default", "jpg").size == (4000, 3200)


def test_png_gray_and_transparent_scans(tmp_path: Path):
    deep = Image.new("I;16", (40, 30), 32768)  # a 16-bit scan: half gray, not clipped white
    deep.save(tmp_path / "deep.png")
    assert (
        120
        <= returned(tmp_path / "deep.png", "full", "max", "0", "default", "png").getpixel((5, 5))
        <= 136
    )
    clear = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    clear.save(tmp_path / "clear.png")
    flat = returned(tmp_path / "clear.png", "full", "max", "0", "default", "jpg")
    assert flat.mode == "RGB" and near(flat.getpixel((5, 5)), (255, 255, 255))
    gray = returned(tmp_path / "clear.png", "full", "max", "0", "color", "jpg")
    assert gray.mode == "RGB"


def test_canonical_forms():
    assert resolve().canonical() == "full/max/0/default.jpg"
    assert resolve("0,0,1000,800", "1000,").canonical() == "full/max/0/default.jpg"
    assert (
        resolve("pct:10,25,50,50", "pct:50").canonical() == "100,200,500,400/250,200/0/default.jpg"
    )
    assert resolve(size="^1500,", rotation="!90", quality="gray", fmt="png").canonical() == (
        "full/^1500,1200/!90/gray.png"
    )


def test_the_decompression_bomb_guard_is_kept():
    assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= 200_000_000


# ---------------------------------------------------------------- decoded pages


def tile_plan(region: str, size: str, quality: str = "default") -> imaging.Plan:
    return imaging.plan(imaging.parse(region, size, "0", quality, "jpg"), 2000, 1600)


def test_a_jpeg_scaled_down_is_decoded_reduced(quadrants):
    assert rendering.decode(quadrants, 8, False).image.size == (250, 200)
    assert rendering.decode(quadrants, 2, True).image.mode == "L"
    pages = rendering.DecodedPages()
    rendering.render(quadrants, tile_plan("full", "125,"), pages)  # 1/16: decoded at 1/8
    rendering.render(quadrants, tile_plan("0,0,1024,1024", "256,"), pages)  # 1/4: at 1/2
    rendering.render(quadrants, tile_plan("0,0,512,512", "512,"), pages)  # whole
    sizes = sorted(entry.result().image.width for entry in pages._entries.values())
    assert sizes == [250, 1000, 2000]


def test_tiles_of_a_page_share_one_decoding(quadrants):
    pages = rendering.DecodedPages()
    for x in (0, 512, 1024, 1536):
        rendering.render(quadrants, tile_plan(f"{x},0,512,512", "max"), pages)
    rendering.render(quadrants, tile_plan("0,0,1024,1024", "512,"), pages)  # factor 2: same
    assert pages.decodes == 1


def test_threads_wait_for_a_page_being_decoded(quadrants):
    """Eight threads at once ask for eight tiles of one page: it is decoded once, and every
    tile shows its own part of it."""
    pages = rendering.DecodedPages()
    regions = [(x, y) for x in (0, 1024) for y in (0, 400, 800, 1200)]

    def tile(xy: tuple[int, int]) -> bytes:
        return rendering.render(quadrants, tile_plan(f"{xy[0]},{xy[1]},512,256", "max"), pages)

    with ThreadPoolExecutor(8) as pool:
        tiles = list(pool.map(tile, regions))
    assert pages.decodes == 1
    colours = {(0, 0): (255, 0, 0), (1024, 0): (0, 255, 0), (0, 800): (0, 0, 255)}
    for (x, y), data in zip(regions, tiles, strict=True):
        if (x, y) in colours:
            assert near(Image.open(io.BytesIO(data)).getpixel((100, 100)), colours[(x, y)])


def test_decoded_pages_keep_within_their_budget(quadrants, tmp_path: Path):
    other = tmp_path / "other.jpg"
    Image.new("RGB", (2000, 1600), "white").save(other)
    pages = rendering.DecodedPages(budget=2000 * 1600 * 3)  # one page in colour
    rendering.render(quadrants, tile_plan("0,0,512,512", "max"), pages)
    rendering.render(other, tile_plan("0,0,512,512", "max"), pages)
    rendering.render(other, tile_plan("512,0,512,512", "max"), pages)
    assert pages.decodes == 2
    rendering.render(quadrants, tile_plan("0,0,512,512", "max"), pages)  # was let go
    assert pages.decodes == 3 and len(pages._entries) == 1
