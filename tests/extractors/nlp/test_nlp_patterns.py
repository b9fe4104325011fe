"""Rule rows for doc numbers, dates, phones and emails (no model needed)."""

from __future__ import annotations

import pytest

from yigcha.extractors.nlp.patterns import find_rule_spans


def _found(text: str) -> list[tuple[str, str]]:
    return [(label, text[start:end]) for start, end, label in find_rule_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("藏教发〔2024〕58号", [("DOC_NUMBER", "藏教发〔2024〕58号")], id="tortoise"),
    pytest.param("拉政办发 〔2024〕 35 号", [("DOC_NUMBER", "拉政办发 〔2024〕 35 号")], id="spaced"),
    pytest.param("藏卫医发〔２０２４〕９３号", [("DOC_NUMBER", "藏卫医发〔２０２４〕９３号")], id="fullwidth-digits"),
    pytest.param("藏质协字（2024）10号", [("DOC_NUMBER", "藏质协字（2024）10号")], id="round"),
    pytest.param("中质协字[2024]59号", [("DOC_NUMBER", "中质协字[2024]59号")], id="square"),
    pytest.param("国卫医发［2018］8号", [("DOC_NUMBER", "国卫医发［2018］8号")], id="fullwidth-square"),
    pytest.param("拉公交发【2024】7号", [("DOC_NUMBER", "拉公交发【2024】7号")], id="lenticular"),
    pytest.param("2024年第3号", [("DOC_NUMBER", "2024年第3号")], id="year-ordinal"),
    pytest.param("现将藏教发〔2024〕19号转发给你们", [("DOC_NUMBER", "藏教发〔2024〕19号")], id="lead-verb-trimmed"),
    pytest.param("（藏教发〔2024〕19号）", [("DOC_NUMBER", "藏教发〔2024〕19号")], id="in-brackets"),
    pytest.param("第58号", [], id="no-year"),
])
def test_doc_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected, text


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("2024年7月26日", [("DATE", "2024年7月26日")], id="ymd"),
    pytest.param("二〇二三年五月十日", [("DATE", "二〇二三年五月十日")], id="ymd-chinese"),
    pytest.param("二〇二四年十二月三十一日", [("DATE", "二〇二四年十二月三十一日")], id="ymd-chinese-tens"),
    pytest.param("请于9月13日（星期五）前", [("DATE", "9月13日")], id="md"),
    pytest.param("本月25日前报送", [("DATE", "本月25日")], id="relative"),
    pytest.param("于2024年8月20日前将", [("DATE", "2024年8月20日")], id="ymd-not-md"),
    pytest.param("2024年9月上旬", [], id="no-day"),
])
def test_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected, text


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("电话：0891-6832145", [("PHONE", "0891-6832145")], id="landline"),
    pytest.param("（010）68416388", [("PHONE", "（010）68416388")], id="bracketed-area"),
    pytest.param("13618990512", [("PHONE", "13618990512")], id="mobile"),
    pytest.param("拨打12345热线", [("PHONE", "12345")], id="hotline"),
    pytest.param("400-810-5678", [("PHONE", "400-810-5678")], id="service"),
    pytest.param("0891-6321875、6321876", [("PHONE", "0891-6321875"), ("PHONE", "6321876")], id="sibling"),
    pytest.param("010-68416388;68416376", [("PHONE", "010-68416388"), ("PHONE", "68416376")], id="sibling-semicolon"),
    pytest.param("0891－6832145", [("PHONE", "0891－6832145")], id="fullwidth-dash"),
    pytest.param("邮编：850008", [], id="postal-code"),
])
def test_phones(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected, text


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("电子邮箱：xzjyt_jcjy@163.com", [("EMAIL", "xzjyt_jcjy@163.com")], id="underscore"),
    pytest.param("E-mail：XZKJT_CGZH@163.com", [("EMAIL", "XZKJT_CGZH@163.com")], id="upper"),
    pytest.param("qc@caq.org.cn。", [("EMAIL", "qc@caq.org.cn")], id="subdomain"),
])
def test_emails(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected, text
