"""Body lines back into paragraphs, so that sentences wrapped over lines read as one text."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from yigcha.extractors.text import TracedText, rows_of
from yigcha.models.document import Line, Page

# A line that ends on these was cut before something that did not fit (电话：/ 0891-6832145).
_CONTINUED = ("：", ":", "，", ",", "、")


def _is_cut(previous: str, following: str) -> bool:
    """Whether a line was broken early because what follows (a number, a URL) did not fit."""
    previous, following = previous.rstrip(), following.lstrip()
    if previous.endswith(_CONTINUED):
        return True
    return bool(re.search(r"[A-Za-z0-9/:._\-]$", previous) and re.match(r"[A-Za-z0-9/._\-]", following))


def traced(lines: Sequence[Line], joiner: str = "") -> TracedText:
    """Lines as one traced text, NFKC-normalized character by character (offsets stay aligned)."""
    out = TracedText()
    for i, line in enumerate(lines):
        if i and joiner:
            out.append(joiner, None)
        # Spaces are kept (one at most): in contact lines they separate a department from a name.
        for ch in re.sub(r"[\s\u3000]+", " ", line.text.strip()):
            out.append(unicodedata.normalize("NFKC", ch), line)
    return out


def paragraphs_of(lines: Sequence[Line], pages: dict[int, Page], body_size: float) -> list[TracedText]:
    """Join wrapped lines: a paragraph ends where a line stops short or the next one is indented."""
    rows = rows_of(lines)
    if not rows:
        return []
    lefts = sorted(round(r[0].x0) for r in rows if len(r[0].text) >= 10) or [0]
    margin = lefts[len(lefts) // 10]
    paragraphs: list[list[list[Line]]] = []
    for row in rows:
        page = pages[row[0].page_number]
        right = page.width - margin
        starts_new = (
            not paragraphs
            or len(row) > 2  # table rows stand alone
            or len(paragraphs[-1][-1]) > 2
            or row[0].x0 > margin + 1.2 * body_size  # indented first line
            or (
                paragraphs[-1][-1][-1].x1 < right - 2.5 * body_size  # previous line stopped short…
                and not _is_cut(paragraphs[-1][-1][-1].text, row[0].text)  # …not before a long token
            )
        )
        if starts_new:
            paragraphs.append([row])
        else:
            paragraphs[-1].append(row)
    out = []
    for paragraph in paragraphs:
        text = TracedText()
        for row in paragraph:
            piece = traced(row, joiner=" ")
            text.text += piece.text
            text.owners += piece.owners
        out.append(text)
    return out
