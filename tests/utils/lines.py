"""Synthetic `Line`s, `Page`s and `TracedText`s for rule tests: no PDF, no OCR, no files.

Lines are laid out top to bottom on an A4 page in PDF points (origin top-left), one character
`size` points wide, so evidence boxes come out inside the page.

    paragraph = traced_paragraph("联系人：达瓦，", "电话：0891-6832145")   # one paragraph, two lines
    field = extract_contacts([paragraph], pages_of([paragraph]))
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from yigcha.extractors.paragraphs import traced
from yigcha.extractors.text import TracedText
from yigcha.models.document import Line, LineSource, Page

A4_WIDTH, A4_HEIGHT = 595.0, 842.0
LEFT_MARGIN, TOP_MARGIN = 80.0, 100.0
BODY_SIZE = 16.0
LEADING = 1.75  # line pitch in multiples of the font size


def make_line(
    text: str,
    *,
    row: int = 0,
    page_number: int = 1,
    x0: float = LEFT_MARGIN,
    size: float = BODY_SIZE,
    source: LineSource = "text",
    confidence: float | None = None,
    color: str | None = None,
    script: str = "zh",
) -> Line:
    """One line of `text` on row `row` (from 0) of a page, one character `size` points wide."""
    top = TOP_MARGIN + row * size * LEADING
    x1 = min(A4_WIDTH - 1.0, x0 + size * max(1, len(text)))
    return Line(
        text=text, x0=x0, top=top, x1=x1, bottom=top + size, page_number=page_number, source=source,
        confidence=(0.95 if source == "ocr" and confidence is None else confidence),
        size=size, color=color, script=script,
    )


def make_lines(texts: Iterable[str], *, first_row: int = 0, **kwargs) -> list[Line]:
    """Consecutive lines, one per text, starting at row `first_row`."""
    return [make_line(text, row=first_row + i, **kwargs) for i, text in enumerate(texts)]


def make_page(lines: Sequence[Line], page_number: int = 1) -> Page:
    """An A4 page holding `lines` (those of `page_number`)."""
    own = tuple(l for l in lines if l.page_number == page_number)
    source = own[0].source if own else "text"
    return Page(page_number=page_number, width=A4_WIDTH, height=A4_HEIGHT, lines=own, source=source)


def traced_paragraph(*texts: str, first_row: int = 0, **kwargs) -> TracedText:
    """One paragraph wrapped over one line per text, traced as the pipeline traces body text."""
    return traced(make_lines(texts, first_row=first_row, **kwargs))


def traced_paragraphs(*texts: str, **kwargs) -> list[TracedText]:
    """One single-line paragraph per text, on consecutive rows of page 1."""
    return [traced_paragraph(text, first_row=i, **kwargs) for i, text in enumerate(texts)]


def pages_of(paragraphs: Sequence[TracedText]) -> dict[int, Page]:
    """The pages (by number) that the lines of these paragraphs lie on."""
    lines = list(dict.fromkeys(l for p in paragraphs for l in p.owners if l is not None))
    return {n: make_page(lines, n) for n in sorted({l.page_number for l in lines})}
