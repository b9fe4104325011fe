"""Deadlines: which dates in the body are due dates, and which calendar day each one is."""
from __future__ import annotations

from datetime import date

import pytest

from utils.lines import pages_of, traced_paragraph, traced_paragraphs
from yigcha.extractors.fields.deadlines import (
    DATE_MENTION,
    extract_deadlines,
    resolve_date,
)

ISSUE = date(2024, 7, 26)  # 成文日期 of the synthetic notices below


# --- DATE_MENTION: how much of the text one mention spans -------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("请于2024年8月20日前报送", "2024年8月20日", id="full"),
    pytest.param("请于二〇二四年八月三十日前报送", "二〇二四年八月三十日", id="full-cn-numerals"),
    pytest.param("请于9月13日（星期五）前报送", "9月13日（星期五）", id="year-less-weekday"),
    pytest.param("请于9月13日(周五)前报送", "9月13日(周五)", id="weekday-ascii-parens-zhou"),
    pytest.param("请于本月25日前报送", "本月25日", id="relative-this-month"),
    pytest.param("截止时间为2024年9月6日17:00。", "2024年9月6日17:00", id="time"),
    pytest.param("截止时间为2024年9月6日下午5点。", "2024年9月6日下午5点", id="time-afternoon"),
    pytest.param("报名时间：8月1日至8月15日。", "8月1日至8月15日", id="range"),
    pytest.param("报名时间：2024年8月1日—15日。", "2024年8月1日—15日", id="range-dash-day-only"),
    pytest.param("8月1日（星期四）至8月15日（星期四）", "8月1日（星期四）至8月15日（星期四）", id="range-weekdays"),
    pytest.param("2024年7月", None, id="no-day"),
])
def test_date_mention(text: str, expected: str | None) -> None:
    m = DATE_MENTION.search(text)
    assert (m.group() if m else None) == expected, f"DATE_MENTION.search({text!r})"


# --- resolve_date ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "issue_date", "end", "expected"), [
    pytest.param("2024年8月20日", ISSUE, False, date(2024, 8, 20), id="full"),
    pytest.param("2024年8月20日", None, False, date(2024, 8, 20), id="full-without-issue-date"),
    pytest.param("二〇二四年八月三十日", ISSUE, False, date(2024, 8, 30), id="full-cn-numerals"),
    pytest.param("9月13日", ISSUE, False, date(2024, 9, 13), id="year-less-issue-year"),
    pytest.param("7月22日", ISSUE, False, date(2024, 7, 22), id="year-less-days-before-issue-same-year"),
    pytest.param("1月10日", date(2024, 12, 20), False, date(2025, 1, 10), id="year-less-december-asks-january"),
    pytest.param("7月1日", ISSUE, False, date(2024, 7, 1), id="year-less-weeks-before-issue-stays-in-year"),
    pytest.param("3月1日", ISSUE, False, date(2024, 3, 1), id="year-less-months-before-issue-stays-in-year"),
    pytest.param("12月10日", date(2024, 12, 20), False, date(2024, 12, 10), id="year-less-december-cites-december"),
    pytest.param("9月13日", None, False, None, id="year-less-without-issue-date"),
    pytest.param("本月25日", date(2024, 7, 10), False, date(2024, 7, 25), id="relative-this-month"),
    pytest.param("当月31日", date(2024, 7, 10), False, date(2024, 7, 31), id="relative-dang-yue"),
    pytest.param("下月10日", ISSUE, False, date(2024, 8, 10), id="relative-next-month"),
    pytest.param("下月10日", date(2024, 12, 20), False, date(2025, 1, 10), id="relative-next-month-new-year"),
    pytest.param("本月25日", None, False, None, id="relative-without-issue-date"),
    pytest.param("2024年8月1日至8月15日", ISSUE, False, date(2024, 8, 1), id="range-start"),
    pytest.param("2024年8月1日至8月15日", ISSUE, True, date(2024, 8, 15), id="range-end"),
    pytest.param("2024年8月1日至15日", ISSUE, True, date(2024, 8, 15), id="range-end-day-only"),
    pytest.param("8月31日至9月2日", ISSUE, True, date(2024, 9, 2), id="range-end-next-month"),
    pytest.param("2024年2月30日", ISSUE, False, None, id="invalid-february-30"),
    pytest.param("9月31日", ISSUE, False, None, id="invalid-year-less-september-31"),
])
def test_resolve_date(text: str, issue_date: date | None, end: bool, expected: date | None) -> None:
    m = DATE_MENTION.search(text)
    assert m is not None, f"DATE_MENTION found nothing in {text!r}"
    assert resolve_date(m, issue_date, end=end) == expected, f"resolve_date({text!r}, {issue_date}, end={end})"


# --- extract_deadlines: which dates are deadlines ----------------------------------------------------------------


def _deadline_dates(paragraphs: list[str], issue_date: date | None = ISSUE) -> list[str]:
    traced = traced_paragraphs(*paragraphs)
    found = extract_deadlines(traced, pages_of(traced), issue_date)
    return [d["date"] for d in found.value] if found else []


@pytest.mark.parametrize(("text", "issue_date", "expected"), [
    # deadlines
    pytest.param("请各单位于2024年8月20日前将汇总表报送自治区教育厅。", ISSUE, ["2024-08-20"], id="explicit-qian"),
    pytest.param("请于二〇二四年八月三十日前报送。", ISSUE, ["2024-08-30"], id="explicit-cn-numerals"),
    pytest.param("请于2024年8月20日之前报送。", ISSUE, ["2024-08-20"], id="explicit-zhiqian"),
    pytest.param("材料报送时间截至2024年8月30日止。", ISSUE, ["2024-08-30"], id="jiezhi-zhi"),
    pytest.param("请于9月13日（星期五）前报送推荐材料。", ISSUE, ["2024-09-13"], id="year-less-weekday"),
    pytest.param("请于本月25日前将名单报送办公室。", date(2024, 7, 10), ["2024-07-25"], id="relative-this-month"),
    pytest.param("请于下月10日前报送。", ISSUE, ["2024-08-10"], id="relative-next-month"),
    pytest.param("报名时间：8月1日至8月15日。", ISSUE, ["2024-08-15"], id="range-end"),
    pytest.param("请于2024年8月1日至8月15日期间报送材料。", ISSUE, ["2024-08-15"], id="range-in-sentence"),
    pytest.param("截止日期：2024年9月30日。", ISSUE, ["2024-09-30"], id="label-jiezhi-riqi"),
    pytest.param("申报截止时间为2024年9月6日17:00，逾期不予受理。", ISSUE, ["2024-09-06"], id="label-jiezhi-shijian-time"),
    pytest.param("请于2024年8月20日（星期二）17:00前报送。", ISSUE, ["2024-08-20"], id="weekday-and-time"),
    pytest.param("各单位务必于8月30日将材料报送。", ISSUE, ["2024-08-30"], id="wubi-yu"),
    pytest.param("最迟不晚于2024年8月31日。", ISSUE, ["2024-08-31"], id="buwanyu"),
    pytest.param("2024年8月20日前，各单位完成自查。", ISSUE, ["2024-08-20"], id="sentence-starts-with-date"),
    pytest.param("请于8月20日前报送材料，9月10日前报送总结。", ISSUE, ["2024-08-20", "2024-09-10"], id="two-in-one"),
    pytest.param("请于8月20日前报送材料，逾期以8月20日前收到的为准。", ISSUE, ["2024-08-20"], id="same-date-once"),
    # not deadlines
    pytest.param("会议定于2024年8月28日在拉萨召开。", ISSUE, [], id="meeting-date"),
    pytest.param("本证书有效期至2026年12月31日。", ISSUE, [], id="validity-period"),
    pytest.param("请于2024年7月1日前报送。", ISSUE, [], id="past-date"),
    pytest.param("请于本月25日前将名单报送办公室。", ISSUE, [], id="relative-already-past"),
    pytest.param("本办法自2024年9月1日起施行。", ISSUE, [], id="policy-start"),
    pytest.param("本通知自2024年9月1日起执行。", ISSUE, [], id="policy-start-zhixing"),
    pytest.param("培训时间：2024年8月5日至8月9日。", ISSUE, [], id="training-period"),
    pytest.param("活动时间：8月5日至8月9日，报名参加。", ISSUE, [], id="activity-period"),
    pytest.param("2024年8月5日，自治区召开了工作会议。", ISSUE, [], id="plain-date"),
    pytest.param("各单位已于7月1日前完成自查。", ISSUE, [], id="year-less-past-not-next-year"),
    pytest.param("请于1月10日前报送。", date(2024, 12, 20), ["2025-01-10"], id="year-less-into-next-year"),
    pytest.param("请于9月13日前报送。", None, [], id="year-less-without-issue-date"),
    pytest.param("请于本月底前完成签订工作。", ISSUE, ["2024-07-31"], id="end-of-this-month"),
    pytest.param("请相关单位于8月2日至8月30日到窗口办理手续。", ISSUE, ["2024-08-30"], id="window-asked-for"),
])
def test_extract_deadlines(text: str, issue_date: date | None, expected: list[str]) -> None:
    assert _deadline_dates([text], issue_date) == expected, f"deadlines of {text!r} (issued {issue_date})"


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("请各单位于2024年8月20日前将汇总表报送自治区教育厅。", "将汇总表报送自治区教育厅", id="after-qian"),
    pytest.param("请于9月13日（星期五）前报送推荐材料。", "报送推荐材料", id="after-weekday"),
    pytest.param("申报截止时间为2024年9月6日17:00。", "申报", id="before-label"),
    pytest.param("各单位务必于8月30日将材料报送市局。", "将材料报送市局", id="after-wubiyu"),
    pytest.param("请各县于11月1日至11月15日完成隐患排查。", "完成隐患排查", id="after-range"),
])
def test_extract_deadlines_task(text: str, expected: str) -> None:
    traced = [traced_paragraph(text)]
    found = extract_deadlines(traced, pages_of(traced), ISSUE)
    assert found is not None, f"no deadline in {text!r}"
    assert [d["task"] for d in found.value] == [expected], f"task of {text!r}"


def test_extract_deadlines_wrapped_paragraph_evidence() -> None:
    """A deadline wrapped over two lines is read as one sentence, with both lines as evidence."""
    paragraph = traced_paragraph("请各单位于2024年8月", "20日前将汇总表报送自治区教育厅。")
    found = extract_deadlines([paragraph], pages_of([paragraph]), ISSUE)
    assert found is not None and found.value == [{"date": "2024-08-20", "task": "将汇总表报送自治区教育厅"}]
    assert [e.text for e in found.evidence] == ["请各单位于2024年8月", "20日前将汇总表报送自治区教育厅。"]
    assert found.confidence == 0.8


def test_extract_deadlines_none() -> None:
    paragraphs = traced_paragraphs("各单位要高度重视，认真组织实施。")
    assert extract_deadlines(paragraphs, pages_of(paragraphs), ISSUE) is None
