"""The rotated-scan generator: page sizes and which way each page was turned (no OCR)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from .rotated import make_rotated_scan, turn_for_page

A4_PX = (248, 351)  # A4 at 30 dpi: small enough to be fast, big enough to find a corner mark
DPI = 30


def _scan_pdf(path: Path, pages: int) -> None:
    """An image-only A4 'scan': white pages, a black block at the top-left corner of each."""
    images = []
    for _ in range(pages):
        img = Image.new("L", A4_PX, 255)
        ImageDraw.Draw(img).rectangle((0, 0, 59, 39), fill=0)  # wider than tall: shows the turn too
        images.append(img)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(DPI))


def _dark_corner(page: pdfium.PdfPage) -> str:
    """Which corner of the rendered page holds the black block: 'tl', 'tr', 'br' or 'bl'."""
    a = np.asarray(page.render(scale=DPI / 72).to_pil().convert("L"))
    h, w = a.shape
    quads = {"tl": a[: h // 2, : w // 2], "tr": a[: h // 2, w // 2:], "br": a[h // 2:, w // 2:],
             "bl": a[h // 2:, : w // 2]}
    return min(quads, key=lambda k: quads[k].mean())


# Clockwise turn → where the top-left corner of the upright page ends up.
CORNER_AFTER_TURN = {90: "tr", 180: "br", 270: "bl"}


@pytest.mark.parametrize("pages", [1, 4])
def test_make_rotated_scan_turns_each_page(tmp_path: Path, pages: int) -> None:
    src, dst = tmp_path / "x.scan.pdf", tmp_path / "x.rotated.pdf"
    _scan_pdf(src, pages)

    turns = make_rotated_scan(src, dst, dpi=DPI)

    assert turns == [turn_for_page(i) for i in range(pages)] == [90, 180, 270, 90][:pages]
    out = pdfium.PdfDocument(dst)
    assert len(out) == pages, f"{dst}: page count"
    src_w, src_h = pdfium.PdfDocument(src)[0].get_size()
    for i, turn in enumerate(turns):
        page = out[i]
        w, h = page.get_size()
        expected = (src_h, src_w) if turn in (90, 270) else (src_w, src_h)
        tolerance = 2 * 72 / DPI  # pdfium rounds the rendered pixel size up: at most a pixel or two
        assert abs(w - expected[0]) <= tolerance and abs(h - expected[1]) <= tolerance, (
            f"page {i}: {w:.1f}x{h:.1f} pt after {turn}°, expected {expected[0]:.1f}x{expected[1]:.1f}")
        assert (w > h) == (turn in (90, 270)), f"page {i}: landscape iff turned a quarter"
        assert page.get_rotation() == 0, f"page {i}: turned in pixels, not with /Rotate"
        assert not page.get_textpage().get_text_range().strip(), f"page {i}: image only"
        assert _dark_corner(page) == CORNER_AFTER_TURN[turn], f"page {i}: corner mark after {turn}°"


def test_make_rotated_scan_is_deterministic(tmp_path: Path) -> None:
    src = tmp_path / "x.scan.pdf"
    _scan_pdf(src, 3)

    make_rotated_scan(src, tmp_path / "a.pdf", dpi=DPI)
    make_rotated_scan(src, tmp_path / "b.pdf", dpi=DPI)

    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
