"""Rotated scans: a scan PDF with its pages turned by 90/180/270°, written as an image-only PDF.

Real uploads arrive with pages fed sideways or upside down; the shared corpus has none. This builds them
deterministically from the corpus scans: page i (from 0) is turned clockwise by `TURNS[i % 3]`, so a
three-page file holds all three turns and the same input always gives the same bytes.

    /work/venv/bin/python -m tests.utils.rotated --out bench/out/rotated            # every corpus scan
    /work/venv/bin/python -m tests.utils.rotated --out DIR n001 n055                # some ids

Uses only what the project already depends on (pypdfium2 to rasterise, Pillow to write the PDF).
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

TURNS: tuple[int, ...] = (90, 180, 270)  # degrees clockwise, by page index modulo 3
DPI = 300
JPEG_QUALITY = 85
CORPUS_FILES = Path("/work/shared/corpus/files")

# PIL's rotate() turns counter-clockwise; transpose() is exact (no resampling) for right angles.
_TRANSPOSE_FOR_CLOCKWISE = {
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def turn_for_page(index: int) -> int:
    """Clockwise turn (degrees) applied to page `index` (from 0)."""
    return TURNS[index % len(TURNS)]


def _render_page(page: pdfium.PdfPage, dpi: int) -> Image.Image:
    """The page as pixels at `dpi`; grey stays grey so the JPEGs stay small."""
    image = page.render(scale=dpi / 72).to_pil()
    if image.mode != "L":
        rgb = image.convert("RGB")
        r, g, b = rgb.split()
        if r.tobytes() == g.tobytes() == b.tobytes():  # a grey scan rendered as RGB
            return r
        return rgb
    return image


def make_rotated_scan(src: Path, dst: Path, *, dpi: int = DPI) -> list[int]:
    """Write `dst`: every page of `src` rasterised at `dpi` and turned clockwise by `turn_for_page(i)`.

    Args:
        src: any PDF pypdfium2 can open (normally a corpus `<id>.scan.pdf`).
        dst: the image-only PDF to write (parent folders are created).
        dpi: rasterisation resolution; also the resolution recorded in the output PDF.

    Returns:
        The clockwise turn in degrees applied to each page, in page order. To make page i upright,
        turn it back by `(360 - turns[i]) % 360` degrees clockwise.
    """
    pdf = pdfium.PdfDocument(Path(src))
    try:
        turns, images = [], []
        for i in range(len(pdf)):
            turn = turn_for_page(i)
            images.append(_render_page(pdf[i], dpi).transpose(_TRANSPOSE_FOR_CLOCKWISE[turn]))
            turns.append(turn)
    finally:
        pdf.close()
    buf = io.BytesIO()
    # Fixed metadata (no title, no dates) so the output is byte-for-byte reproducible.
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi),
                   quality=JPEG_QUALITY, title=None, creationDate=None, modDate=None)
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(buf.getvalue())
    return turns


def rotate_corpus(out_dir: Path, ids: list[str] | None = None, corpus: Path = CORPUS_FILES) -> dict[str, list[int]]:
    """Write `<id>.rotated.pdf` into `out_dir` for each `<id>.scan.pdf` in `corpus` (or just `ids`)."""
    scans = sorted(corpus.glob("*.scan.pdf"))
    if ids:
        scans = [s for s in scans if s.name.split(".")[0] in set(ids)]
    done = {}
    for scan in scans:
        doc_id = scan.name.split(".")[0]
        done[doc_id] = make_rotated_scan(scan, Path(out_dir) / f"{doc_id}.rotated.pdf")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write <id>.rotated.pdf for the corpus scans.")
    parser.add_argument("ids", nargs="*", help="corpus ids (default: every <id>.scan.pdf)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--corpus", type=Path, default=CORPUS_FILES, help=f"default: {CORPUS_FILES}")
    args = parser.parse_args(argv)
    for doc_id, turns in rotate_corpus(args.out, args.ids or None, args.corpus).items():
        print(f"{args.out / (doc_id + '.rotated.pdf')}: turns {turns}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
