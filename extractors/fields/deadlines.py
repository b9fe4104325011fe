"""Deadlines: every date by which recipients must act.

A date is a deadline when the sentence says so (…前, 截止…, 不晚于…); ranges give their end date;
year-less and relative dates (9月13日前, 本月25日前) are resolved against the issue date. Meeting
dates, validity periods, policy start dates and dates before the issue date are not deadlines.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Sequence

from yigcha.extractors.fields import make_field
from yigcha.extractors.normalize import date_from_parts
from yigcha.extractors.text import TracedText
from yigcha.models.document import Field, Page

_N = r"[0-9〇○零一二三四五六七八九十]"
_WEEKDAY = r"(?:\s*[(（](?:星期|周|礼拜)[一二三四五六日天][)）])?"
_TIME = r"(?:\s*(?:上午|下午|晚上|中午)?\s*\d{1,2}(?:[:：]\d{2}|时|点)(?:\d{1,2}分)?)?"
# One date mention: full, year-less or relative to the month of issue.
_DATE = (
    rf"(?:(?P<y>(?:19|20)\d{{2}}|{_N}{{4}})\s*年\s*)?"
    rf"(?:(?P<rel>本月|当月|下月)|(?P<m>{_N}{{1,2}})\s*月)\s*"
    rf"(?:(?P<d>{_N}{{1,3}})\s*[日号]|(?P<eom>底))"
)
_RANGE_END = r"(?:至|到|—|－|-|~|～)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号]"
DATE_MENTION = re.compile(rf"{_DATE}{_WEEKDAY}{_TIME}(?:\s*{_RANGE_END}{_WEEKDAY}{_TIME})?")

# What makes a date a deadline: words right after it, or a label right before it.
_AFTER = re.compile(r"^\s*(?:之前|以前|前|为止|止)")
_BEFORE = re.compile(r"(?:截止|截至|最迟|最晚|不晚于|不迟于|务必于|务于)[^，。；,;]{0,12}$")
_LABEL_BEFORE = re.compile(r"(?:截止日期|截止时间|截止|报名时间|申报时间|报送时间|提交时间|征集时间|受理时间|报名日期)"
                           r"(?:为|是)?\s*[：:]?\s*$")
# A range is a deadline only in a submission context (报名时间：8月1日至15日).
_SUBMISSION = re.compile(r"报名|申报|报送|提交|上报|征集|受理|反馈|推荐|填报|缴纳|注册|递交|寄送|办理|完成")
# 请…于 8月1日至8月15日 …: a window the recipients are asked to act in; its end is the deadline.
_REQUEST = re.compile(r"请[^，。；,;]*于\s*$")
_NOT_DEADLINE = re.compile(r"有效期|起施行|起执行|起实施|起调整|起生效|会议|召开|举行|举办|开幕|培训时间|活动时间")
_CLAUSE_END = re.compile(r"[，。；,;！!]")


def resolve_date_parts(year: str | None, month: str | None, relative: str | None, issue_date: date | None) -> date | None:
    """The first day of the month a mention names (本月, 下月, 11月, 2024年11月)."""
    if relative:
        if issue_date is None:
            return None
        first = issue_date.replace(day=1)
        return (first + timedelta(days=32)).replace(day=1) if relative == "下月" else first
    if month is None:
        return None
    if year is None and issue_date is None:
        return None
    return date_from_parts(year or issue_date.year, month, 1)


def resolve_date(m: re.Match, issue_date: date | None, *, end: bool) -> date | None:
    """The calendar date of a mention; the range end when `end`. None when it cannot be placed."""
    year, month, day = m["y"], m["m"], m["d"]
    if m["eom"]:  # 本月底: the last day of that month
        start = resolve_date_parts(year, month, m["rel"], issue_date)
        if start is None:
            return None
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if end and m["d2"]:
        year, month, day = m["y2"] or year, m["m2"] or month, m["d2"]
    if m["rel"]:
        first = resolve_date_parts(None, None, m["rel"], issue_date)
        if first is None:
            return None
        year, month = first.year, first.month
    if year is None:
        if issue_date is None:
            return None
        found = date_from_parts(issue_date.year, month, day)
        if found is not None and found < issue_date - timedelta(days=7):
            # A December notice asking by 1月10日 means next year; a July one citing 3月1日 means this one.
            following = date_from_parts(issue_date.year + 1, month, day)
            if following is not None and following - issue_date < issue_date - found:
                found = following
        return found
    return date_from_parts(year, month, day)


def _clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = _CLAUSE_END.split(text[:start])[-1]
    after = _CLAUSE_END.split(text[end:])[0]
    return before, after


def _task(before: str, after_trigger: str) -> str:
    """What is due: the words after the trigger (…前将X报送Y), else the clause before the date."""
    task = after_trigger.strip()
    if not task:
        task = re.sub(r"^(?:请|各|并)?.*?于$", "", before).strip() or before
        task = _LABEL_BEFORE.sub("", task)
    return re.sub(r"\s+", "", task)[:60]


def extract_deadlines(
    paragraphs: Sequence[TracedText], pages: dict[int, Page], issue_date: date | None
) -> Field | None:
    deadlines: list[dict] = []
    lines = []
    for paragraph in paragraphs:
        text = paragraph.text
        for m in DATE_MENTION.finditer(text):
            before, after = _clause_around(text, m.start(), m.end())
            trigger_after = _AFTER.match(after)
            is_range = bool(m["d2"])
            labelled = _BEFORE.search(before) or _LABEL_BEFORE.search(before)
            asked = is_range and _REQUEST.search(before) and _SUBMISSION.search(before + after)
            if not (trigger_after or labelled or asked or (is_range and _SUBMISSION.search(before + after))):
                continue
            if _NOT_DEADLINE.search(before + after) and not trigger_after:
                continue
            if is_range and not (_SUBMISSION.search(before + after) or asked):
                continue
            when = resolve_date(m, issue_date, end=True)
            if when is None or (issue_date is not None and when < issue_date):
                continue
            # What is due follows the date: …前将X报送Y, 务必于8月30日将X报送Y, 于A至B完成X.
            follows = trigger_after or is_range or _BEFORE.search(before)
            rest = after[trigger_after.end():] if trigger_after else (after if follows else "")
            entry = {"date": when.isoformat(), "task": _task(before, rest)}
            if all(d["date"] != entry["date"] for d in deadlines):
                deadlines.append(entry)
                lines += paragraph.lines_for(m.start(), m.end())
    if not deadlines:
        return None
    return make_field("deadlines", deadlines, lines, pages, 0.8)
