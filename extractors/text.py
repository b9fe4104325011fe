"""Text assembled from lines, remembering which line each character came from (for evidence)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from yigcha.models.document import Line


@dataclass(slots=True)
class TracedText:
    """A string whose every character knows its source line."""

    text: str = ""
    owners: list[Line | None] = field(default_factory=list)

    def append(self, text: str, line: Line | None) -> None:
        self.text += text
        self.owners.extend([line] * len(text))

    def lines_for(self, start: int, end: int) -> list[Line]:
        """The distinct source lines of `text[start:end]`, in order."""
        seen: list[Line] = []
        for owner in self.owners[start:end]:
            if owner is not None and (not seen or seen[-1] is not owner) and owner not in seen:
                seen.append(owner)
        return seen


def rows_of(lines: Sequence[Line]) -> list[list[Line]]:
    """Group lines that share a baseline (cells of a table row, boxes of one OCR'd line)."""
    rows: list[list[Line]] = []
    for line in lines:
        if rows:
            ref = rows[-1][-1]
            overlap = min(ref.bottom, line.bottom) - max(ref.top, line.top)
            if ref.page_number == line.page_number and overlap > 0.5 * min(ref.height, line.height):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda l: l.x0) for row in rows]


def traced_row(row: Sequence[Line]) -> TracedText:
    """One row as text: pieces far apart are joined with a space, touching ones without."""
    out = TracedText()
    for i, line in enumerate(row):
        if i:
            gap = line.x0 - row[i - 1].x1
            if gap > 0.8 * (line.size or line.height):
                out.append(" ", None)
        out.append(line.text, line)
    return out
