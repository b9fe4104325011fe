"""Zoning: which lines are the 版头, title, 主送, body, sign-off and 版记 of which notice (GB/T 9704-2012).

A file may hold several notices (a forwarded document after a 转发 notice, or a day's stack of unrelated
notices); each begins on a new page with its own letterhead, doc number or — without those — its own
title. 附件 pages after a notice's sign-off belong to that notice.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Sequence

from yigcha.extractors.normalize import (
    is_org_name,
    normalize_doc_number,
    parse_cn_date,
    squeeze,
    to_halfwidth,
)
from yigcha.models.document import Line, Page

DOC_TYPES = ("通知", "函", "公告", "通报", "请示", "报告", "决定", "意见", "批复", "纪要", "通告", "命令",
             "议案", "决议", "公报")
_PAGE_NUMBER = re.compile(r"^[-—–－~一]*\s*\d{1,3}\s*[-—–－~一]*$")
_COPY_NO = re.compile(r"^\d{3,8}$")
_SECRECY = re.compile(r"(绝密|机密|秘密|内部)(★.*)?")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_APPENDIX_LABEL = re.compile(r"^附件\s*\d{0,2}$")
_ATTACHMENTS_START = re.compile(r"^附件\s*\d{0,2}\s*[：:]")
_PRINTED_BY = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九十]{4}年.{1,3}月.{1,3}日)\s*印\s*发$")
_CC = re.compile(r"^抄\s*送\s*[：:]")
# A sign-off date whose year lost digits under the seal (…025年8月8日): completed from the doc number.
_CN = "〇○零一二三四五六七八九十"
PARTIAL_YEAR_DATE = re.compile(rf"(?P<y>[\d{_CN}]{{1,3}})年(?P<m>[\d{_CN}]{{1,3}})月(?P<d>[\d{_CN}]{{1,3}})日")


@dataclass(slots=True)
class NoticeZones:
    """The lines of one notice, by zone. Every zone keeps its lines in reading order."""

    pages: dict[int, Page]
    copy_no: list[Line] = field(default_factory=list)
    secrecy: list[Line] = field(default_factory=list)
    urgency: list[Line] = field(default_factory=list)
    letterhead: list[Line] = field(default_factory=list)
    doc_number: list[Line] = field(default_factory=list)
    signer: list[Line] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    recipients: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    attachments: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    date: list[Line] = field(default_factory=list)
    note: list[Line] = field(default_factory=list)
    cc: list[Line] = field(default_factory=list)
    printed_by: list[Line] = field(default_factory=list)
    appendix: list[Line] = field(default_factory=list)
    body_size: float = 16.0

    @property
    def page_range(self) -> tuple[int, int]:
        return min(self.pages), max(self.pages)


def doc_type_of(title: str) -> str | None:
    """The 文种 at the end of a title (`…的实施意见` → `意见`)."""
    title = squeeze(title).rstrip("。")
    found = [t for t in DOC_TYPES if title.endswith(t)]
    return max(found, key=len) if found else None


def _is_page_number(line: Line, page: Page) -> bool:
    return line.top > page.height * 0.85 and bool(_PAGE_NUMBER.match(squeeze(to_halfwidth(line.text))))


def _body_size(lines: Sequence[Line]) -> float:
    sizes = [l.size or l.height for l in lines if l.script == "zh" and len(l.text) >= 8]
    return statistics.median(sizes) if sizes else 16.0


def _is_centered(line: Line, page: Page, tolerance: float = 0.08) -> bool:
    center = (line.x0 + line.x1) / 2
    return abs(center - page.width / 2) < page.width * tolerance


def _is_letterhead_line(line: Line, body_size: float) -> bool:
    if line.script in ("bo", "ug"):
        return True
    size = line.size or line.height
    if line.color == "red" and size >= 1.3 * body_size:
        return True
    text = squeeze(line.text)
    if size >= 1.6 * body_size and len(text) <= 30:
        return True
    # Without colour (bitonal scans) a long letterhead squeezed to the line width is barely larger
    # than a title: it names a body (…文件) and is not a title (关于…的通知).
    names_body = text.endswith("文件") or is_org_name(text)
    return size >= 1.25 * body_size and names_body and "关于" not in text and doc_type_of(text) is None


def _is_doc_number_line(line: Line) -> bool:
    """A line that is a doc number (perhaps with 签发人 after it), not a sentence that cites one."""
    text = squeeze(to_halfwidth(line.text)).split("签发人")[0]
    return 4 <= len(text) <= 30 and normalize_doc_number(text) is not None and text.endswith("号") and not re.search(
        r"[《》，。、：]|关于", text)


def _is_title_line(line: Line, body_size: float) -> bool:
    return (line.size or line.height) >= 1.2 * body_size


def _starts_notice(page: Page, body_size: float, previous_done: bool) -> bool:
    """Whether a page opens a new notice rather than continuing the previous one.

    Only the head of the page counts (after 份号, 密级, 紧急程度): a seal over a signature further down
    is large red ink too, but it never stands first on a page.
    """
    lines = [l for l in page.lines if not _is_page_number(l, page)]
    head = [l for l in lines[:6] if not _is_preamble(l)][:3]
    if not head or head[0].top > page.height * 0.4 or _APPENDIX_LABEL.match(squeeze(head[0].text)):
        return False
    first = head[0]
    if _is_letterhead_line(first, body_size) and first.top < page.height * 0.35 and not parse_cn_date(first.text):
        # A letterhead is followed by its doc number or title; seals over a sign-off at the top of a
        # last page (joint notices) are large red ink too, but a date follows them.
        below = lines[1:10]
        return any(_is_doc_number_line(l) for l in below) or _has_title_below(below, body_size)
    if any(_is_doc_number_line(l) and _is_centered(l, page, 0.2) for l in head[:2]):
        return True
    titles = [l for l in head if _is_title_line(l, body_size) and _is_centered(l, page, 0.15)]
    return previous_done and titles[:1] == [first] and doc_type_of("".join(l.text for l in titles)) is not None


def _has_title_below(lines: Sequence[Line], body_size: float) -> bool:
    """Whether title-size lines below join into a title that ends with a 文种 (…的通知)."""
    titles = [l for l in lines if _is_title_line(l, body_size) and not _is_letterhead_line(l, body_size)]
    return doc_type_of("".join(l.text for l in titles)) is not None


def _is_preamble(line: Line) -> bool:
    """份号, 密级 or 紧急程度: printed above the letterhead."""
    text = squeeze(to_halfwidth(line.text))
    return bool(_COPY_NO.match(text) or (_SECRECY.match(text) and len(text) <= 12) or _URGENCY.match(text))


def _is_signed_off(lines: Sequence[Line], pages: dict[int, Page]) -> bool:
    """Whether the lines so far end with a sign-off date or a 版记 (the notice is complete)."""
    for line in lines[-6:]:
        page = pages[line.page_number]
        text = squeeze(line.text)
        if _PRINTED_BY.search(text) or (line.x0 > page.width * 0.4 and parse_cn_date(text)):
            return True
    return False


def split_notices(pages: Sequence[Page]) -> list[list[Page]]:
    """Group consecutive pages into notices."""
    all_lines = [l for p in pages for l in p.lines]
    body_size = _body_size(all_lines)
    by_number = {p.page_number: p for p in pages}
    groups: list[list[Page]] = []
    for page in pages:
        previous_lines = [l for p in groups[-1] for l in p.lines] if groups else []
        done = bool(groups) and _is_signed_off(previous_lines, by_number)
        if not groups or _starts_notice(page, body_size, done):
            groups.append([page])
        else:
            groups[-1].append(page)
    return groups


def find_zones(pages: Sequence[Page]) -> NoticeZones:
    """Assign every line of one notice's pages to its zone."""
    page_map = {p.page_number: p for p in pages}
    lines = [l for p in pages for l in p.lines if not _is_page_number(l, p)]
    zones = NoticeZones(pages=page_map, body_size=_body_size(lines))
    rest = _take_header(lines, zones)
    rest = _take_title(rest, zones)
    rest = _take_recipients(rest, zones)
    rest = _take_appendix_and_record(rest, zones)
    rest = _take_signoff(rest, zones)
    _take_attachments(rest, zones)
    return zones


def _take_header(lines: list[Line], zones: NoticeZones) -> list[Line]:
    first_page = zones.pages[lines[0].page_number] if lines else None
    i = 0
    while i < len(lines) and first_page and lines[i].page_number == first_page.page_number:
        line = lines[i]
        if line.top > first_page.height * 0.5:
            break
        text = squeeze(to_halfwidth(line.text))
        if not zones.letterhead and _COPY_NO.match(text) and line.x1 < first_page.width * 0.5:
            zones.copy_no.append(line)
        elif not zones.letterhead and _SECRECY.match(text) and len(text) <= 12:
            zones.secrecy.append(line)
        elif not zones.letterhead and _URGENCY.match(text):
            zones.urgency.append(line)
        elif _is_letterhead_line(line, zones.body_size) and not zones.doc_number:
            zones.letterhead.append(line)
        elif _is_doc_number_line(line) and not zones.doc_number:
            zones.doc_number.append(line)
        elif "签发人" in text and len(text) <= 20:
            zones.signer.append(line)
        elif zones.doc_number and text.startswith("签发人"):
            zones.signer.append(line)
        else:
            break
        i += 1
    return lines[i:]


def _take_title(lines: list[Line], zones: NoticeZones) -> list[Line]:
    i = 0
    while i < len(lines) and i < 5:
        line = lines[i]
        if not _is_title_line(line, zones.body_size):
            break
        if squeeze(line.text).endswith(("：", ":")):
            break
        zones.title.append(line)
        i += 1
    if not zones.title and lines:
        # No larger type (e.g. a photo where sizes are noisy): centred lines before the 主送 line.
        while i < len(lines) and i < 3 and _is_centered(lines[i], zones.pages[lines[i].page_number]):
            zones.title.append(lines[i])
            i += 1
    return lines[i:]


def _left_margin(lines: Sequence[Line]) -> float:
    lefts = sorted(round(l.x0) for l in lines if len(l.text) >= 10)
    return lefts[len(lefts) // 10] if lefts else 0.0


def _take_recipients(lines: list[Line], zones: NoticeZones) -> list[Line]:
    margin = _left_margin(lines)
    size = zones.body_size
    picked: list[Line] = []
    for line in lines[:6]:
        if line.x0 > margin + 1.2 * size:
            break  # an indented first line opens a paragraph: there is no 主送
        picked.append(line)
        if squeeze(to_halfwidth(line.text)).endswith(":"):
            zones.recipients = picked
            return lines[len(picked):]
    return lines


def _take_appendix_and_record(lines: list[Line], zones: NoticeZones) -> list[Line]:
    """Move 版记 lines (抄送, 印发) and 附件 pages after the sign-off out of the body."""
    kept: list[Line] = []
    appendix_from: int | None = None
    for line in lines:
        text = squeeze(line.text)
        if _CC.match(text) or (zones.cc and _continues(zones.cc[-1], line) and not _PRINTED_BY.search(text)):
            zones.cc.append(line)
            continue
        if _PRINTED_BY.search(text):
            zones.printed_by.append(line)
            continue
        page = zones.pages[line.page_number]
        first_on_page = next((l for l in page.lines if not _is_page_number(l, page)), None)
        if appendix_from is None and first_on_page is line and _APPENDIX_LABEL.match(text):
            if line.page_number != min(zones.pages):
                appendix_from = line.page_number
        if appendix_from is not None and line.page_number >= appendix_from:
            zones.appendix.append(line)
        else:
            kept.append(line)
    # The 印发 line prints the printing office left and the date right: both halves are 版记.
    record = zones.cc + zones.printed_by
    zones.printed_by = [l for l in kept if any(_same_row(l, r) for r in zones.printed_by)] + zones.printed_by
    zones.cc = zones.cc + [l for l in kept if any(_same_row(l, r) for r in zones.cc)]
    return [l for l in kept if not any(_same_row(l, r) for r in record)]


def _continues(previous: Line, line: Line) -> bool:
    """Whether `line` is the wrapped rest of `previous` (next line, same page, indented under it)."""
    gap = line.top - previous.bottom
    return line.page_number == previous.page_number and 0 <= gap < 1.2 * previous.height and (
        line.x0 > previous.x0 + 0.5 * previous.height)


def _same_row(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return a.page_number == b.page_number and overlap > 0.5 * min(a.height, b.height)


def _take_signoff(lines: list[Line], zones: NoticeZones) -> list[Line]:
    """Signature and date: right-hand lines at the end of the body; 附注 in brackets after them."""
    end = len(lines)
    note_start = end
    # 附注: bracketed lines after the date, e.g. （此件公开发布） or （联系人：…） over several lines.
    if end and squeeze(lines[-1].text).endswith(("）", ")")):
        for j in range(end - 1, max(end - 5, -1), -1):
            if squeeze(lines[j].text).startswith(("（", "(")):
                note_start = j
                break
    if note_start < end and _date_lines_end_before(lines, note_start, zones) is None:
        note_start = end
    zones.note = lines[note_start:]
    date_end = note_start
    date_start = _date_lines_end_before(lines, date_end, zones)
    if date_start is None:
        return lines[:note_start]
    zones.date = lines[date_start:date_end]
    k = date_start
    while k > 0 and date_start - k < 4:
        line = lines[k - 1]
        page = zones.pages[line.page_number]
        text = squeeze(line.text)
        right = line.x0 > page.width * 0.33 and line.x1 > page.width * 0.6
        if not right or text.endswith(("。", "：", ":", "；")) or len(text) > 30:
            break
        if _ATTACHMENTS_START.match(text) or re.match(r"^\d+[.．、]", text):
            break
        k -= 1
    zones.signature = lines[k:date_start]
    return lines[:k]


def _date_lines_end_before(lines: list[Line], end: int, zones: NoticeZones) -> int | None:
    """Start index of the 成文日期 lines that end at `end` (a date may wrap: `2025年7月30` / `日`)."""
    for start in range(end - 1, max(end - 3, -1), -1):
        chunk = lines[start:end]
        page = zones.pages[chunk[0].page_number]
        text = clean_date_text("".join(l.text for l in chunk))
        if any(l.x1 < page.width * 0.5 for l in chunk):
            return None
        if re.fullmatch(r"[\d〇○零一二三四五六七八九十年月日号]+", text) and (
            parse_cn_date(text) or PARTIAL_YEAR_DATE.fullmatch(text)
        ):
            return start
    return None


def clean_date_text(text: str) -> str:
    """A sign-off date as OCR read it, without the specks a seal leaves (2024年7月.8日) or doubled
    characters (2025年3月月20日)."""
    text = re.sub(r"[.,。，·'`\-_]", "", squeeze(to_halfwidth(text)))
    return re.sub(r"([年月日])\1+", r"\1", text)  # 2025年3月月20日: a character read twice


def _take_attachments(lines: list[Line], zones: NoticeZones) -> None:
    """附件说明: from the last line that starts with 附件： to the end of the body."""
    start = None
    for i, line in enumerate(lines):
        if _ATTACHMENTS_START.match(squeeze(to_halfwidth(line.text)).replace(":", "：").replace("：", ":")):
            start = i
    if start is None:
        zones.body = lines
        return
    zones.body = lines[:start]
    zones.attachments = lines[start:]
