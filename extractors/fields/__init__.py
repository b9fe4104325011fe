"""Field rules: each module turns zones into `Field`s with confidence and evidence."""
from __future__ import annotations

from typing import Sequence

from yigcha.models.document import Evidence, Field, Line, Page, evidence_from_line


def line_confidence(lines: Sequence[Line]) -> float:
    """How sure the reading of these lines is: 1.0 for a text layer, the weakest OCR score otherwise."""
    scores = [l.confidence for l in lines if l.confidence is not None]
    return min(scores) if scores else 1.0


def make_field(
    name: str, value, lines: Sequence[Line], pages: dict[int, Page], rule_confidence: float
) -> Field:
    """A field whose evidence is the given lines and whose confidence combines rule and reading."""
    evidence = tuple(evidence_from_line(l, pages[l.page_number]) for l in lines)
    return Field(name, value, round(rule_confidence * line_confidence(lines), 3), evidence)


def merge_evidence(fields: Sequence[Field]) -> tuple[Evidence, ...]:
    seen: list[Evidence] = []
    for f in fields:
        for e in f.evidence:
            if e not in seen:
                seen.append(e)
    return tuple(seen)
