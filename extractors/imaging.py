"""Small pure image functions: colour modes, orientation and skew, phone-photo page finding.

Every function takes and returns Pillow images or numpy arrays and has no state. The page recipe that
strings them together is `extractors/raster.py`.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image

A4_RATIO = 841.89 / 595.28
_FIND_LONG_SIDE_PX = 800  # page finding runs on a small copy


def to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode as 8-bit RGB; bitonal "1" becomes black on white, alpha is laid on white."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("L").convert("RGB") if image.mode in ("1", "I;16", "I", "F") else image.convert("RGB")


def is_colour(image: Image.Image) -> bool:
    """True when the image has any pixel whose channels differ noticeably (a grey scan has none)."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return False
    size = (200, round(200 * image.height / image.width))
    small = np.asarray(to_rgb(image).resize(size, Image.Resampling.BOX, reducing_gap=2.0), dtype=np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return bool((spread > 40).mean() > 0.0005)


def scale_to_dpi(image: Image.Image, dpi: float, target_dpi: float) -> tuple[Image.Image, float]:
    """Downscale to `target_dpi` when the image is finer; returns (image, its dpi). Never upscales."""
    if dpi <= target_dpi * 1.05:
        return image, dpi
    factor = target_dpi / dpi
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0), dpi * size[0] / image.width


def looks_turned(boxes: Sequence[tuple[float, float, float, float, float]]) -> bool:
    """True when PP-OCR's reading suggests a page turned by 90/180/270 degrees.

    Args:
        boxes: (x0, top, x1, bottom, score) of every detection with at least two characters.

    On a page turned by 90 degrees the detector finds boxes taller than wide; upside down, the
    recogniser reads junk with low scores; on a near-empty page there is nothing to judge by, so ask OSD.
    """
    if len(boxes) < 3:
        return True
    tall = sum(1 for x0, top, x1, bottom, _ in boxes if bottom - top > 1.5 * (x1 - x0))
    scores = sorted(b[4] for b in boxes)
    return tall > len(boxes) / 2 or scores[len(scores) // 2] < 0.85


def rotate_right_angle(image: Image.Image, clockwise: int) -> Image.Image:
    """Turn the image by 0/90/180/270 degrees clockwise (lossless)."""
    ops = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    return image.transpose(ops[clockwise % 360]) if clockwise % 360 else image


def skew_from_quads(quads: list[tuple[tuple[float, float], ...]]) -> float:
    """Median clockwise slant (degrees) of the top edges of long text boxes; 0.0 when there are too few."""
    angles = []
    for quad in quads:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(quad[3][0] - x0, quad[3][1] - y0)
        if width > 4 * height and x1 > x0:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if len(angles) < 3:
        return 0.0
    return float(np.median(angles))


def deskew(image: Image.Image, slant: float) -> tuple[Image.Image, np.ndarray]:
    """Undo a small clockwise `slant` (degrees, as `skew_from_quads` measures it); same size, white fill.

    Returns the image and the 2×3 affine matrix that maps old pixel coordinates to new ones.
    """
    rgb = np.asarray(to_rgb(image))
    h, w = rgb.shape[:2]
    # With y pointing down, cv2's positive angle turns the picture counter-clockwise on screen.
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), slant, 1.0)
    out = cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    return Image.fromarray(out), matrix


def transform_points(points: tuple[tuple[float, float], ...], matrix: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Apply a 2×3 affine matrix to points."""
    arr = np.hstack([np.asarray(points, dtype=np.float64), np.ones((len(points), 1))])
    return tuple((float(x), float(y)) for x, y in arr @ matrix.T)


def _order_corners(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s = quad.sum(axis=1)
    d = np.diff(quad, axis=1).ravel()
    return np.array([quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)], quad[np.argmax(d)]], dtype=np.float32)


def find_page_quad(image: Image.Image) -> np.ndarray | None:
    """The four corners (TL, TR, BR, BL, full-size pixels) of a sheet of paper lying on a darker desk.

    Returns None for a flat scan, where the paper fills the image (nothing darker around it).
    """
    factor = _FIND_LONG_SIDE_PX / max(image.size)
    size = (round(image.width * factor), round(image.height * factor))
    small = np.asarray(image.convert("L").resize(size, Image.Resampling.BOX, reducing_gap=2.0))
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area_share = cv2.contourArea(contour) / (small.shape[0] * small.shape[1])
    if not 0.2 <= area_share <= 0.95:
        return None
    # A scan's border strip is as light as the paper; a photo's is the desk.
    border = np.concatenate([small[:4].ravel(), small[-4:].ravel(), small[:, :4].ravel(), small[:, -4:].ravel()])
    inside = small[paper > 0]
    if inside.size == 0 or np.median(border) > np.median(inside) - 40:
        return None
    hull = cv2.convexHull(contour)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    if len(quad) != 4:
        quad = cv2.boxPoints(cv2.minAreaRect(hull))
    return _order_corners(quad.astype(np.float32) / factor)


def warp_page(image: Image.Image, quad: np.ndarray, *, short_side_px: int) -> Image.Image:
    """Cut the paper out of a photo and straighten it to A4 proportions (portrait or landscape)."""
    tl, tr, br, bl = quad
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    long_px = round(short_side_px * A4_RATIO)
    size = (short_side_px, long_px) if height >= width else (long_px, short_side_px)
    target = np.array([[0, 0], [size[0] - 1, 0], [size[0] - 1, size[1] - 1], [0, size[1] - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    out = cv2.warpPerspective(np.asarray(to_rgb(image)), matrix, size, flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255))
    return Image.fromarray(out)


def flatten_illumination(image: Image.Image) -> Image.Image:
    """Divide out uneven light: the paper becomes evenly white, ink keeps its colour.

    The background is the local maximum brightness (ink is thinner than the 1/40-page window), blurred.
    """
    rgb = np.asarray(to_rgb(image)).astype(np.float32)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    k = max(15, (max(grey.shape) // 40) | 1)
    small = cv2.resize(grey, (grey.shape[1] // 4, grey.shape[0] // 4), interpolation=cv2.INTER_AREA)
    background = cv2.dilate(small, np.ones((k // 4 | 1, k // 4 | 1), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), k / 8)
    background = cv2.resize(background, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    flat = rgb / np.maximum(background, 1.0)[..., None] * 255.0
    return Image.fromarray(np.clip(flat, 0, 255).astype(np.uint8))


def find_seals(red: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of round red seals, in pixels, from a mask of red ink.

    A seal is a ring with text inside, about 40 mm across (a fifth of an A4 width): one blob, about as
    tall as wide. Letterheads and red rules are red too but far wider than tall.
    """
    height, width = red.shape
    blobs = cv2.dilate(red.astype(np.uint8), np.ones((9, 9), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    seals = []
    for x, y, w, h, _area in stats[1:count]:
        if 0.10 * width <= w <= 0.32 * width and 0.75 <= h / max(w, 1) <= 1.33:
            seals.append((int(x), int(y), int(x + w), int(y + h)))
    return seals


def drop_red_inside(image: Image.Image, boxes: Sequence[tuple[int, int, int, int]]) -> Image.Image:
    """A copy of `image` where, inside the boxes, each pixel is replaced by its red channel.

    The scanner trick of a drop-out colour: red ink is bright in the red channel and vanishes, black ink
    stays dark, so the text a seal was stamped over reads again (whitening the red pixels instead leaves
    their pink edges behind).
    """
    pixels = np.asarray(to_rgb(image)).copy()
    for x0, y0, x1, y1 in boxes:
        region = pixels[y0:y1, x0:x1]
        region[...] = region[..., :1]
    return Image.fromarray(pixels)


# A grey scan keeps a seal as a ring of mid-grey: lighter than text, darker than paper (n006 scan).
SEAL_GREY = (70, 180)
SEAL_DROP_LEVEL = 95  # inside a grey seal, anything lighter than this is seal or paper


def find_grey_seals(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of round seals on a grey page: circles whose rim is mid-grey ink.

    Circles are proposed by a Hough transform at a quarter of the size (≈ 0.03 s) and kept only when
    most of their rim is seal grey; text and table lines rarely make such a ring.
    """
    small = cv2.resize(grey, (grey.shape[1] // 4, grey.shape[0] // 4), interpolation=cv2.INTER_AREA)
    width = small.shape[1]
    circles = cv2.HoughCircles(
        cv2.medianBlur(small, 3), cv2.HOUGH_GRADIENT, dp=1.5, minDist=width // 4, param1=100, param2=40,
        minRadius=int(0.06 * width), maxRadius=int(0.14 * width),
    )
    if circles is None:
        return []
    seals = []
    for x, y, r in (circles[0] * 4).astype(int):
        if _grey_rim_share(grey, x, y, r) >= 0.45:
            margin = r // 10
            seals.append((max(0, x - r - margin), max(0, y - r - margin), x + r + margin, y + r + margin))
    return seals


def _grey_rim_share(grey: np.ndarray, x: int, y: int, r: int) -> float:
    """The best share of seal-grey pixels on circles a few pixels around radius r."""
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    best = 0.0
    for radius in range(r - 6, r + 7, 2):
        xs = (x + radius * np.cos(angles)).astype(int)
        ys = (y + radius * np.sin(angles)).astype(int)
        inside = (xs >= 0) & (xs < grey.shape[1]) & (ys >= 0) & (ys < grey.shape[0])
        values = grey[ys[inside], xs[inside]]
        if len(values):
            best = max(best, float(((values > SEAL_GREY[0]) & (values < SEAL_GREY[1])).mean()))
    return best


def drop_grey_inside(image: Image.Image, boxes: Sequence[tuple[int, int, int, int]]) -> Image.Image:
    """A copy of a grey `image` with everything lighter than text made white inside the boxes."""
    pixels = np.asarray(image.convert("L")).copy()
    for x0, y0, x1, y1 in boxes:
        region = pixels[y0:y1, x0:x1]
        region[region >= SEAL_DROP_LEVEL] = 255
    return Image.fromarray(pixels).convert("RGB")
