"""The page recipe for images: any page picture in, an upright `Page` of `Line`s and its image out.

    photo? → find the paper, straighten it to A4, flatten the light
    PP-OCR → turned? (tall boxes, low scores) → Tesseract OSD → turn, read again
    deskew by the slant of the text boxes → Chinese lines (junk dropped)
    red rules → Tibetan/Uyghur bands where PP-OCR read nothing → reading order

Line coordinates are points on the returned image: points = pixels / image width × page width.
"""
from __future__ import annotations

import re

import cv2
import numpy as np
from PIL import Image

from yigcha.extractors import imaging
from yigcha.extractors.ocr import line_from_pixels, rapid, tesseract
from yigcha.extractors.ocr.rapid import TextBox
from yigcha.models.document import Line, Page

WORK_DPI = 200  # PP-OCR reads 200 dpi as well as 300 (FIELD-NOTES) and faster; reviewers see this image
OSD_DPI = 150
A4_POINTS = (595.28, 841.89)
PHOTO_SHORT_SIDE_PX = round(A4_POINTS[0] / 72 * WORK_DPI)  # 1654
MIN_SKEW_DEGREES = 0.15
LETTERHEAD_ZONE = 0.45  # without a red rule, letterhead bands are looked for in the top 45% of the page
# Tesseract mean word confidence below which a band is junk. Exact reads went down to 0.57 (n022 tiff);
# junk that reached Tesseract scored ≤ 0.53 and also fails the script-share test below.
MIN_BAND_CONFIDENCE = 0.5
MIN_SCRIPT_SHARE = 0.9  # share of a band's characters that must be in the script read (no digits, Latin)
SURE_BAND_CONFIDENCE = 0.8  # a Tibetan read this sure is not worth a second try in Uyghur
_SCRIPT_CHARS: dict[str, re.Pattern[str]] = {
    "bod": re.compile(r"[\u0f00-\u0fff]"),  # Tibetan block, tsheg and shad included
    "uig": re.compile(r"[\u0600-\u06ff]"),  # Arabic block
}


def page_from_image(image: Image.Image, *, page_number: int, dpi: float | None) -> tuple[Page, Image.Image]:
    """Read one page picture (scan, bitonal frame or phone photo) into an upright `Page`.

    Args:
        image: the page as decoded, any Pillow mode.
        page_number: from 1, in the input file.
        dpi: the scan resolution; None for photos (a photo's dpi tag is ignored anyway).

    Returns:
        The page (points; photos are A4, 595.28 × 841.89) and the upright, corrected image its line
        coordinates refer to.
    """
    work, points_per_pixel = _flat_page(image, dpi)
    work, rotation, boxes = _upright(work, points_per_pixel)
    work, boxes = _straighten(work, boxes)
    unsealed, boxes = _read_under_seals(work, boxes)
    lines = rapid.lines_from_boxes(boxes, unsealed, page_number=page_number, points_per_pixel=points_per_pixel)
    red_rules = find_red_rules(work, points_per_pixel) if imaging.is_colour(work) else ()
    lines += read_letterhead_bands(
        work, lines, red_rules, page_number=page_number, points_per_pixel=points_per_pixel
    )
    page = Page(
        page_number=page_number,
        width=work.width * points_per_pixel,
        height=work.height * points_per_pixel,
        lines=tuple(sort_reading_order(lines)),
        source="ocr",
        rotation=rotation,
        red_rules=red_rules,
    )
    return page, work


def _read_under_seals(work: Image.Image, boxes: list[TextBox]) -> tuple[Image.Image, list[TextBox]]:
    """Re-read the band of each red seal with its red ink lifted off.

    PP-OCR loses black text a seal is stamped over (n055 scan: 社会组织评估申报材料清单 read without
    清单; n006 grey scan: the attachment's doc number, the contact line). Only the seal's band is read
    again, so a page costs a fifth more at most.
    """
    if imaging.is_colour(work):
        seals = imaging.find_seals(rapid.red_mask(np.asarray(imaging.to_rgb(work))))
        lift = imaging.drop_red_inside
    else:  # grey scans keep the seal as a mid-grey ring; bitonal ones lose it into black (nothing to do)
        seals = imaging.find_grey_seals(np.asarray(work.convert("L")))
        lift = imaging.drop_grey_inside
    if not seals:
        return work, boxes
    unsealed = lift(work, seals)
    for _x0, y0, _x1, y1 in seals:
        top, bottom = max(0, y0 - (y1 - y0) // 4), min(work.height, y1 + (y1 - y0) // 4)
        band = [
            TextBox(tuple((x, y + top) for x, y in b.quad), b.text, b.score)
            for b in rapid.read_boxes(unsealed.crop((0, top, unsealed.width, bottom)))
        ]
        boxes = _better_reads(boxes, band)
    return unsealed, boxes


def _better_reads(first: list[TextBox], second: list[TextBox]) -> list[TextBox]:
    """Merge two reads of the same region: a line read both times keeps the better reading (the lifted
    seal can also break strokes it crossed), a line found only once is kept."""
    kept = list(first)
    for new in second:
        same = [old for old in kept if _overlap_share(old.bbox, new.bbox) > 0.5]
        if not same:
            kept.append(new)
            continue
        if _read_quality(new) > max(_read_quality(old) for old in same):
            kept = [b for b in kept if b not in same] + [new]
    return kept


def _read_quality(box: TextBox) -> float:
    """More text read counts, but a doubtful read much less (score squared): 202.11年1110 at 0.86 loses
    to 2024年4月10 at 1.0, while …的通知》（藏教发〔2024〕19号） at 0.91 beats …的通知》 at 1.0."""
    return box.score**2 * len(box.text)


def _overlap_share(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over the smaller box."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / max(smaller, 1e-6)


def _flat_page(image: Image.Image, dpi: float | None) -> tuple[Image.Image, float]:
    """The page as a flat RGB image and its points per pixel: photos are cut out and straightened."""
    rgb = imaging.to_rgb(image)
    quad = imaging.find_page_quad(rgb)
    if quad is None and dpi is not None:
        work, work_dpi = imaging.scale_to_dpi(rgb, dpi, WORK_DPI)
        return work, 72 / work_dpi
    if quad is None:  # a photo cropped to the paper: straighten nothing, just fit A4
        w, h = rgb.size
        quad = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    work = imaging.flatten_illumination(imaging.warp_page(rgb, quad, short_side_px=PHOTO_SHORT_SIDE_PX))
    return work, A4_POINTS[0] / PHOTO_SHORT_SIDE_PX


def _quality(boxes: list[TextBox]) -> float:
    return sum(b.score * len(b.text) for b in boxes if not rapid.is_junk(b))


def _upright(work: Image.Image, points_per_pixel: float) -> tuple[Image.Image, int, list[TextBox]]:
    """Turn the page upright if PP-OCR's first reading looks turned and OSD names a turn.

    Pages come upright far more often than not, so the first reading is a full one: a detection-only
    pass first would cost every page ≈ 0.9 s to save a turned page ≈ 2 s.
    """
    boxes = rapid.read_boxes(work)
    judged = [(*b.bbox, b.score) for b in boxes if len(b.text) >= 2]
    if not imaging.looks_turned(judged):
        return work, 0, boxes
    scale = OSD_DPI * points_per_pixel / 72
    small = work.resize((round(work.width * scale), round(work.height * scale)), Image.Resampling.LANCZOS)
    found = tesseract.detect_rotation(small, dpi=OSD_DPI)
    if found is None or found[0] == 0:
        return work, 0, boxes
    turned = imaging.rotate_right_angle(work, found[0])
    turned_boxes = rapid.read_boxes(turned)
    if _quality(turned_boxes) <= _quality(boxes):
        return work, 0, boxes
    return turned, found[0], turned_boxes


def _straighten(work: Image.Image, boxes: list[TextBox]) -> tuple[Image.Image, list[TextBox]]:
    """Undo a small skew measured on the text boxes; the boxes move with the image."""
    slant = imaging.skew_from_quads([b.quad for b in boxes if not rapid.is_junk(b)])
    if abs(slant) < MIN_SKEW_DEGREES:
        return work, boxes
    straight, matrix = imaging.deskew(work, slant)
    moved = [TextBox(imaging.transform_points(b.quad, matrix), b.text, b.score) for b in boxes]
    return straight, moved


def find_red_rules(work: Image.Image, points_per_pixel: float) -> tuple[float, ...]:
    """Tops (points) of horizontal red rules at least a third of the page wide."""
    red = rapid.red_mask(np.asarray(imaging.to_rgb(work))).astype(np.uint8)
    run = max(20, work.width // 3)
    rules = cv2.morphologyEx(red, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    rows = np.flatnonzero(rules.any(axis=1))
    tops = [int(r) for i, r in enumerate(rows) if i == 0 or r - rows[i - 1] > 3]
    return tuple(round(t * points_per_pixel, 2) for t in tops)


def find_ink_bands(ink: np.ndarray, *, max_gap: int) -> list[tuple[int, int]]:
    """(top, bottom) pixel rows of horizontal bands of ink, bands closer than `max_gap` merged."""
    rows = np.flatnonzero(ink.sum(axis=1) >= max(2, 0.003 * ink.shape[1]))
    bands: list[list[int]] = []
    for r in rows:
        if bands and r - bands[-1][1] <= max_gap:
            bands[-1][1] = int(r)
        else:
            bands.append([int(r), int(r)])
    return [(top, bottom + 1) for top, bottom in bands]


def read_letterhead_bands(
    work: Image.Image,
    lines: list[Line],
    red_rules: tuple[float, ...],
    *,
    page_number: int,
    points_per_pixel: float,
) -> list[Line]:
    """Tibetan or Uyghur lines in the ink bands of the letterhead zone where PP-OCR read nothing.

    FIELD-NOTES recipe: PP-OCR finds the Chinese letterhead lines; each other band of ink above the red
    rule (or in the top of the page) is cut out and read by Tesseract, `bod` first, then `uig`.
    """
    rgb = np.asarray(imaging.to_rgb(work))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = rapid.ink_mask(rgb)
    # Nothing is printed in the outer 3% of a notice; on photos that strip may hold a sliver of desk
    # or shadow left by the page warp, which would join every band (n019 photo).
    my, mx = round(ink.shape[0] * 0.03), round(ink.shape[1] * 0.03)
    ink[:my], ink[-my:], ink[:, :mx], ink[:, -mx:] = False, False, False, False
    zone_bottom = red_rules[0] if red_rules else work.height * points_per_pixel * LETTERHEAD_ZONE
    max_gap = round(3 / points_per_pixel)  # Tibetan vowel signs sit a few points off their letters
    found = []
    for top, bottom in find_ink_bands(ink, max_gap=max_gap):
        top_pt, bottom_pt = top * points_per_pixel, bottom * points_per_pixel
        if bottom_pt > zone_bottom or not 8 <= bottom_pt - top_pt <= 80:
            continue
        if any(_overlap(top_pt, bottom_pt, ln.top, ln.bottom) > 0.3 for ln in lines):
            continue
        line = _read_band(rgb, grey, ink, top, bottom, page_number=page_number, points_per_pixel=points_per_pixel)
        if line is not None:
            found.append(line)
    return found


def _overlap(top: float, bottom: float, other_top: float, other_bottom: float) -> float:
    """Share of the band [top, bottom) covered by another vertical span."""
    return max(0.0, min(bottom, other_bottom) - max(top, other_top)) / max(bottom - top, 1e-6)


def _read_band(
    rgb: np.ndarray,
    grey: np.ndarray,
    ink: np.ndarray,
    top: int,
    bottom: int,
    *,
    page_number: int,
    points_per_pixel: float,
) -> Line | None:
    """One band read by Tesseract as Tibetan or Uyghur, or None when it reads as neither."""
    x0, x1 = _ink_extent(ink[top:bottom], max_gap=2 * (bottom - top))
    if (x1 - x0) < 0.15 * ink.shape[1]:  # a stamp, a page number or a speck; letterheads are wide
        return None
    # Pad with white rather than with more of the page: the next line may start a few points below
    # (n019 tiff: the Chinese letterhead 3.6 pt under the Tibetan one turned the read into digits).
    pad = max(8, round(0.75 * (bottom - top)))  # n011 tiff: a third of the height read ھۆججىتنى
    # Grey, not the ink mask: on photos the mask read Uyghur at 0.61 with 6 wrong letters, grey exactly
    # (n011 photo). Arabic dots are as small as scan specks: only the Tibetan crop is cleaned of them.
    band = grey[top:bottom, x0:x1]
    specks = ink[top:bottom, x0:x1] & ~_without_specks(ink[top:bottom, x0:x1])
    crops = {
        "bod": Image.fromarray(np.pad(np.where(specks, 255, band), pad, constant_values=255)),
        "uig": Image.fromarray(np.pad(band, pad, constant_values=255)),
    }
    reads = []
    for lang in ("bod", "uig"):  # Uyghur (Arabic script) is tried only when Tibetan is unsure
        read = tesseract.read_band(crops[lang], lang=lang, psm=7)
        text = _trim_to_script(read.text, lang)
        if text and read.confidence >= MIN_BAND_CONFIDENCE:
            reads.append((read.confidence, lang, text))
        if reads and reads[0][0] >= SURE_BAND_CONFIDENCE:
            break
    if not reads:
        return None
    confidence, best_lang, text = max(reads)
    red = rapid.red_mask(rgb[top:bottom, x0:x1]).sum()
    return line_from_pixels(
        text, (x0, top, x1, bottom), points_per_pixel, page_number=page_number, confidence=confidence,
        script=tesseract.SCRIPT_BY_LANG[best_lang],
        red=red >= rapid.RED_INK_SHARE * ink[top:bottom, x0:x1].sum(),
    )


def _trim_to_script(text: str, lang: str) -> str:
    """The read without stray marks at its ends, or "" when too little of it is in the script.

    seed scan: a speck after the Tibetan line came out as "(".
    """
    chars = [c for c in text if not c.isspace()]
    in_script = [bool(_SCRIPT_CHARS[lang].match(c)) for c in chars]
    if not chars or sum(in_script) < MIN_SCRIPT_SHARE * len(chars):
        return ""
    start = next(i for i, c in enumerate(text) if _SCRIPT_CHARS[lang].match(c))
    end = max(i for i, c in enumerate(text) if _SCRIPT_CHARS[lang].match(c)) + 1
    return text[start:end]


def _without_specks(band: np.ndarray) -> np.ndarray:
    """The band's ink without scan noise: blobs far smaller than a tsheg (་) go.

    n025 scan: a 9-pixel speck before the Tibetan line was read as ྦ and halved the confidence; a
    tsheg at 200 dpi is ≈ 90 pixels.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(band.astype(np.uint8), connectivity=8)
    min_area = max(10, round(0.002 * band.shape[0] ** 2))
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return keep[labels]


def _ink_extent(band: np.ndarray, *, max_gap: int) -> tuple[int, int]:
    """Left and right edge of the band's text, leaving out specks far off to the sides.

    Columns of ink are grouped into runs split by gaps wider than `max_gap`; runs holding under 3% of
    the ink are noise (n025 scan: specks 250 px left and right of the Tibetan line dropped its read to
    28% confidence).
    """
    mass = band.sum(axis=0)
    cols = np.flatnonzero(mass)
    splits = np.flatnonzero(np.diff(cols) > max_gap) + 1
    runs = [run for run in np.split(cols, splits) if mass[run].sum() >= 0.03 * mass.sum()]
    return int(runs[0][0]), int(runs[-1][-1]) + 1


def sort_reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines sharing a row (their middles inside each other's span) left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        middle = (line.top + line.bottom) / 2
        if rows and rows[-1][0].top <= middle <= rows[-1][0].bottom:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.x0)]
