"""Plain data objects that flow through the extraction pipeline.

Coordinates follow pdfplumber's names (`x0`, `top`, `x1`, `bottom`): PDF points on the *upright* page,
origin top-left. A `Line` read from a text layer and one read by OCR are interchangeable, so nothing
downstream checks where a line came from. Evidence in records is given in fractions (0..1) of the
upright page instead, so any rendering of the page can draw it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

LineSource = Literal["text", "ocr"]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on a page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page_number: int  # from 1, in the input file
    source: LineSource
    confidence: float | None = None  # engine score 0..1; None for a text layer (exact)
    size: float | None = None  # font size (text layer) or ink height (OCR), points
    color: Literal["red"] | None = None  # red ink: letterheads, red rules, seals
    script: str = "zh"  # "zh" (Han/Latin), "bo" (Tibetan), "ug" (Uyghur)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True, slots=True)
class Page:
    """One upright page and the lines on it, in reading order."""

    page_number: int
    width: float  # points
    height: float
    lines: tuple[Line, ...]
    source: LineSource
    rotation: int = 0  # degrees clockwise that were applied to make the page upright
    red_rules: tuple[float, ...] = ()  # `top` of each horizontal red rule (版头 separator), points

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where on which page a field was read."""

    page: int
    bbox: tuple[float, float, float, float]  # fractions of the upright page, origin top-left
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "bbox": [round(v, 4) for v in self.bbox], "text": self.text}


def evidence_from_line(line: Line, page: Page, text: str | None = None) -> Evidence:
    """Evidence for (part of) a line, its box scaled to fractions of the page."""
    bbox = (
        max(0.0, line.x0 / page.width),
        max(0.0, line.top / page.height),
        min(1.0, line.x1 / page.width),
        min(1.0, line.bottom / page.height),
    )
    return Evidence(page=line.page_number, bbox=bbox, text=line.text if text is None else text)


@dataclass(frozen=True, slots=True)
class Field:
    """One extracted value with how sure we are and where it came from."""

    name: str
    value: Any
    confidence: float
    evidence: tuple[Evidence, ...] = ()

    def meta(self) -> dict[str, Any]:
        return {
            "confidence": round(self.confidence, 3),
            "evidence": [e.to_dict() for e in self.evidence],
            "source": "machine",
        }


# The fields of the record contract (shared/eval/SPEC.md), in its order.
RECORD_FIELDS: tuple[str, ...] = (
    "doc_number",
    "issuers",
    "title",
    "doc_type",
    "recipients",
    "issue_date",
    "deadlines",
    "contacts",
    "attachments",
    "urls",
)
LIST_FIELDS = frozenset({"issuers", "recipients", "deadlines", "contacts", "attachments", "urls"})


@dataclass(slots=True)
class Record:
    """One notice: the contract fields, extra fields, and per-field confidence and evidence."""

    fields: dict[str, Field] = field(default_factory=dict)
    pages: tuple[int, int] = (1, 1)  # first and last page of the notice in the input file

    def value(self, name: str) -> Any:
        found = self.fields.get(name)
        if found is not None:
            return found.value
        return [] if name in LIST_FIELDS else None

    def to_dict(self) -> dict[str, Any]:
        """The record as `yigcha extract` prints it: contract fields first, then extras and `meta`."""
        out: dict[str, Any] = {name: self.value(name) for name in RECORD_FIELDS}
        for name, found in self.fields.items():
            if name not in out:
                out[name] = found.value
        out["pages"] = list(self.pages)
        out["meta"] = {name: found.meta() for name, found in self.fields.items()}
        return out


@dataclass(frozen=True, slots=True)
class Hints:
    """What reviewers taught the system; the service passes it in, the extractor never reads it itself."""

    issuer_by_doc_prefix: dict[str, str] = field(default_factory=dict)  # 藏质协字 → 西藏自治区质量协会
    issuer_by_letterhead: dict[str, str] = field(default_factory=dict)  # letterhead text → issuer
    contacts: tuple[dict[str, Any], ...] = ()  # known contacts: {"names": [...], "phones": [...], ...}
