"""附件说明 → attachments: single, numbered lists spanning lines, with their own doc numbers."""
from __future__ import annotations

import re

from yigcha.extractors.fields import make_field
from yigcha.extractors.normalize import normalize_doc_number, squeeze, to_halfwidth
from yigcha.extractors.text import rows_of
from yigcha.extractors.zones import NoticeZones
from yigcha.models.document import Field, Line

_LABEL = re.compile(r"^附件\s*\d{0,2}\s*[：:]")
_NUMBERED = re.compile(r"^[(（]?\d{1,2}\s*[.．、)）]+\s*")
# A trailing bracket that holds a doc number: 《…》（藏教发〔2024〕19号）
_TRAILING_DOC_NUMBER = re.compile(
    r"[（(]\s*(?P<num>[\u4e00-\u9fff]{1,15}\s*[〔\[［【（(]\s*\d{4}\s*[〕\]］】）)]\s*第?\s*\d[\d.·]*\s*号)\s*[）)]$"
)


def attachment_from_text(text: str) -> dict | None:
    """`1. 《标题》（藏教发〔2024〕19号）` → {"title": "标题", "doc_number": "藏教发〔2024〕19号"}."""
    text = _NUMBERED.sub("", squeeze(text)).rstrip("。；;，,")
    doc_number = None
    m = _TRAILING_DOC_NUMBER.search(text)
    if m:
        doc_number = normalize_doc_number(m["num"])
        text = text[: m.start()]
    title = text.replace("《", "").replace("》", "").strip()
    return {"title": title, "doc_number": doc_number} if title else None


def _is_wrapped_title(line: Line, item_start: Line, zones: NoticeZones) -> bool:
    """A line that continues the attachment title above it: aligned under it, not a right-hand sign-off."""
    page = zones.pages[line.page_number]
    return item_start.x0 - 0.5 * line.height <= line.x0 < page.width * 0.4


def extract_attachments(zones: NoticeZones) -> Field | None:
    if not zones.attachments:
        return None
    items: list[tuple[str, list[Line]]] = []
    for row in rows_of(zones.attachments):
        text = squeeze(" ".join(l.text for l in row))
        first = not items
        if first:
            text = _LABEL.sub("", to_halfwidth(text) if text.startswith("附件") else text)
            text = _LABEL.sub("", text)
        if first or _NUMBERED.match(to_halfwidth(text)):
            items.append((text, list(row)))
        elif len(row) == 1 and _is_wrapped_title(row[0], items[-1][1][0], zones):
            items[-1] = (items[-1][0] + text, items[-1][1] + list(row))  # a title wrapped onto this line
        else:
            break  # joint signatures or anything else after the list
    attachments = [a for a in (attachment_from_text(t) for t, _ in items) if a]
    if not attachments:
        return None
    lines = [l for _, ls in items for l in ls]
    return make_field("attachments", attachments, lines, zones.pages, 0.9)
