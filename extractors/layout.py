"""Lines from a PDF text layer: characters grouped into lines, with size and colour kept."""
from __future__ import annotations

import statistics
import unicodedata
from typing import Any, Sequence

import pdfplumber.page

from yigcha.models.document import Line, Page

# Characters whose tops differ by less than this fraction of their size sit on one line.
_SAME_LINE = 0.5
# A horizontal gap wider than this many character sizes splits a line into two (table cells,
# the 签发人 printed right of the doc number).
_CELL_GAP = 2.0
# A gap wider than this fraction of the character size is printed as a space.
_SPACE_GAP = 0.25


def is_red(color: Any) -> bool:
    """Whether a pdfplumber colour (gray, RGB or CMYK tuple) is the red of letterheads and seals."""
    if not isinstance(color, (tuple, list)):
        return False
    if len(color) == 3:
        r, g, b = color
        return r > 0.6 and g < 0.35 and b < 0.35
    if len(color) == 4:
        c, m, y, k = color
        return m > 0.6 and y > 0.5 and c < 0.3 and k < 0.3
    return False


def _is_tibetan(text: str) -> bool:
    return any("\u0f00" <= ch <= "\u0fff" for ch in text)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def _is_mark(text: str) -> bool:
    return len(text) == 1 and unicodedata.combining(text) > 0


def _rows_of_chars(chars: Sequence[dict]) -> list[list[dict]]:
    """Group characters into rows by vertical position, keeping the content-stream order inside."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: c["top"]):
        if rows:
            ref = rows[-1][0]
            if abs(ch["top"] - ref["top"]) < _SAME_LINE * max(ref["size"], 1):
                rows[-1].append(ch)
                continue
            # Tibetan vowel signs sit above the line: join them to the row whose bottom they overlap.
            if _is_mark(ch["text"]) and ch["bottom"] > ref["top"]:
                rows[-1].append(ch)
                continue
        rows.append([ch])
    return rows


def _ordered(row: list[dict]) -> list[dict]:
    """Reading order of a row: left to right, except that Tibetan keeps the stream order.

    Sorting Tibetan by x puts vowel signs before their consonant (FIELD-NOTES); the text layer
    has them in logical order already.
    """
    text = "".join(c["text"] for c in row)
    if _is_tibetan(text) or _is_arabic(text):
        return sorted(row, key=lambda c: c.get("_index", 0))
    return sorted(row, key=lambda c: (c["x0"], c.get("_index", 0)))


def _segments(row: list[dict]) -> list[list[dict]]:
    """Split a row where the gap is wide enough to mean separate pieces of text."""
    if _is_tibetan("".join(c["text"] for c in row)):
        return [row]
    segments = [[row[0]]]
    for prev, ch in zip(row, row[1:]):
        gap = ch["x0"] - prev["x1"]
        if gap > _CELL_GAP * max(prev["size"], ch["size"]) and ch["text"].strip():
            segments.append([ch])
        else:
            segments[-1].append(ch)
    return segments


def _line_from_chars(chars: list[dict], page_number: int) -> Line | None:
    parts: list[str] = []
    prev = None
    # Tibetan glyphs overlap and stack: only the spaces printed as characters are spaces.
    tibetan = _is_tibetan("".join(c["text"] for c in chars))
    for ch in chars:
        if prev is not None and not tibetan and ch["text"] != " " and prev["text"] != " ":
            if ch["x0"] - prev["x1"] > _SPACE_GAP * ch["size"] and not _is_mark(ch["text"]):
                parts.append(" ")
        parts.append(ch["text"].replace("\ufffe", "-"))
        prev = ch
    text = "".join(parts).strip()
    if not text:
        return None
    inked = [c for c in chars if c["text"].strip()]
    script = "bo" if _is_tibetan(text) else "ug" if _is_arabic(text) else "zh"
    red = sum(is_red(c.get("non_stroking_color")) for c in inked) > len(inked) / 2
    return Line(
        text=text,
        x0=min(c["x0"] for c in inked),
        top=min(c["top"] for c in inked),
        x1=max(c["x1"] for c in inked),
        bottom=max(c["bottom"] for c in inked),
        page_number=page_number,
        source="text",
        size=statistics.median(c["size"] for c in inked),
        color="red" if red else None,
        script=script,
    )


def lines_from_pdf_page(page: pdfplumber.page.Page) -> list[Line]:
    """The text lines of a page with a text layer, top to bottom, left to right."""
    chars = [dict(c, _index=i) for i, c in enumerate(page.chars)]
    lines: list[Line] = []
    for row in _rows_of_chars(chars):
        for segment in _segments(_ordered(row)):
            line = _line_from_chars(segment, page.page_number)
            if line is not None:
                lines.append(line)
    return lines


def red_rules_of_pdf_page(page: pdfplumber.page.Page) -> tuple[float, ...]:
    """Tops of wide horizontal red rules (the 版头 separator under the letterhead)."""
    tops = []
    for shape in [*page.rects, *page.lines]:
        wide = shape["x1"] - shape["x0"] > page.width * 0.5
        flat = shape["bottom"] - shape["top"] < 5
        red = is_red(shape.get("non_stroking_color")) or is_red(shape.get("stroking_color"))
        if wide and flat and red:
            tops.append(round(shape["top"], 1))
    return tuple(sorted(set(tops)))


def page_from_pdf_page(page: pdfplumber.page.Page) -> Page:
    """A text-layer page as a `Page`."""
    return Page(
        page_number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        lines=tuple(lines_from_pdf_page(page)),
        source="text",
        red_rules=red_rules_of_pdf_page(page),
    )


def has_text_layer(page: pdfplumber.page.Page) -> bool:
    """Whether the page carries enough real text to read it without OCR."""
    visible = [c for c in page.chars if c["text"].strip()]
    return len(visible) >= 10
