"""Pure image helpers, on synthetic images (no engines, milliseconds)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from yigcha.extractors import imaging


def _quad(x0: float, top: float, x1: float, bottom: float, slant_px: float = 0.0):
    return ((x0, top), (x1, top + slant_px), (x1, bottom + slant_px), (x0, bottom))


def test_to_rgb_bitonal_is_black_on_white() -> None:
    image = Image.new("1", (4, 1), 1)
    image.putpixel((0, 0), 0)
    assert imaging.to_rgb(image).tobytes() == bytes([0, 0, 0] + [255] * 9)


def test_is_colour() -> None:
    grey = Image.new("RGB", (400, 400), "white")
    red = grey.copy()
    red.paste((220, 20, 30), (50, 50, 350, 80))
    assert (imaging.is_colour(grey), imaging.is_colour(red), imaging.is_colour(Image.new("1", (10, 10)))) == (
        False,
        True,
        False,
    )


@pytest.mark.parametrize(
    ("boxes", "turned"),
    [
        pytest.param([(0, 0, 300, 30, 0.99)] * 5, False, id="upright-wide-sure"),
        pytest.param([(0, 0, 30, 300, 0.99)] * 5, True, id="tall-boxes"),
        pytest.param([(0, 0, 300, 30, 0.40)] * 5, True, id="low-scores-upside-down"),
        pytest.param([(0, 0, 300, 30, 0.99)], True, id="too-few-to-judge"),
    ],
)
def test_looks_turned(boxes, turned: bool) -> None:
    assert imaging.looks_turned(boxes) is turned


@pytest.mark.parametrize(("clockwise", "size"), [(0, (30, 20)), (90, (20, 30)), (180, (30, 20)), (270, (20, 30))])
def test_rotate_right_angle(clockwise: int, size: tuple[int, int]) -> None:
    image = Image.new("L", (30, 20), 255)
    image.putpixel((0, 0), 0)  # top-left mark
    turned = imaging.rotate_right_angle(image, clockwise)
    corner = {0: (0, 0), 90: (19, 0), 180: (29, 19), 270: (0, 29)}[clockwise]
    assert turned.size == size and turned.getpixel(corner) == 0


@pytest.mark.parametrize(
    ("quads", "slant"),
    [
        pytest.param([_quad(0, 10 * i, 1000, 10 * i + 30, 17.46) for i in range(4)], 1.0, id="one-degree-clockwise"),
        pytest.param([_quad(0, 10 * i, 1000, 10 * i + 30, -8.73) for i in range(4)], -0.5, id="half-degree-back"),
        pytest.param([_quad(0, 0, 1000, 30, 17.46)] * 2, 0.0, id="too-few"),
        pytest.param([_quad(0, 0, 50, 30, 5)] * 5, 0.0, id="short-boxes-ignored"),
    ],
)
def test_skew_from_quads(quads, slant: float) -> None:
    assert imaging.skew_from_quads(quads) == pytest.approx(slant, abs=0.01)


def test_deskew_moves_points_with_the_image() -> None:
    pixels = np.full((400, 600), 255, dtype=np.uint8)
    cv2.line(pixels, (100, 200), (500, 214), 0, 3)  # a rule slanting 2° clockwise
    straight, matrix = imaging.deskew(Image.fromarray(pixels), 2.0)
    (x0, y0), (x1, y1) = imaging.transform_points(((100, 200), (500, 214)), matrix)
    assert abs(y1 - y0) < 1.0
    ys = np.flatnonzero((np.asarray(straight.convert("L")) < 128).any(axis=1))
    assert ys.max() - ys.min() < 8  # the drawn rule is level too


def _photo(angle_deg: float = 8.0) -> tuple[Image.Image, np.ndarray]:
    """A white A4-ish sheet (with text-like bars) lying turned on a dark grey desk."""
    desk = np.full((1200, 900, 3), 70, dtype=np.uint8)
    corners = cv2.boxPoints(((450, 600), (600, 600 * imaging.A4_RATIO), angle_deg)).astype(np.int32)
    cv2.fillConvexPoly(desk, corners, (235, 235, 230))
    return Image.fromarray(desk), corners


def test_find_page_quad_on_a_photo() -> None:
    photo, corners = _photo()
    quad = imaging.find_page_quad(photo)
    assert quad is not None
    for corner in corners:
        assert np.min(np.linalg.norm(quad - corner, axis=1)) < 12
    tl, tr, br, bl = quad
    assert tl.sum() < br.sum() and tr[0] > bl[0]


def test_find_page_quad_is_none_for_a_flat_scan() -> None:
    scan = Image.new("RGB", (850, 1100), (250, 250, 250))
    scan.paste((20, 20, 20), (100, 100, 700, 130))
    assert imaging.find_page_quad(scan) is None


def test_warp_page_to_a4_portrait() -> None:
    photo, _ = _photo()
    page = imaging.warp_page(photo, imaging.find_page_quad(photo), short_side_px=600)
    assert page.size == (600, round(600 * imaging.A4_RATIO))
    grey = np.asarray(page.convert("L"))
    assert grey[20:-20, 20:-20].min() > 200  # only paper inside, no desk


def test_flatten_illumination_evens_the_paper_and_keeps_ink() -> None:
    ramp = np.linspace(140, 250, 600, dtype=np.float32)[None, :, None]
    pixels = np.repeat(np.repeat(ramp, 400, axis=0), 3, axis=2)
    pixels[196:204, 100:500] *= 0.2  # a stroke-thin ink bar in the dim half and the bright half
    flat = np.asarray(imaging.flatten_illumination(Image.fromarray(pixels.astype(np.uint8))).convert("L"))
    paper = flat[50:150, 20:580]
    assert paper.min() > 230
    assert flat[198:202, 120:480].max() < 90


def test_scale_to_dpi_never_upscales() -> None:
    image = Image.new("L", (2480, 3508), 255)
    small, dpi = imaging.scale_to_dpi(image, 300, 200)
    assert small.size == (1653, 2339) and dpi == pytest.approx(200, abs=0.2)
    assert imaging.scale_to_dpi(image, 150, 200) == (image, 150)
