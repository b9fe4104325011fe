"""The small normalizers of `extractors/normalize.py`: text, Chinese numerals, dates, phones, emails.

Doc numbers have their own table in `tests/extractors/fields/test_doc_number.py`.
"""
from __future__ import annotations

from datetime import date

import pytest

from yigcha.extractors.normalize import (
    DATE_FORMS,
    PHONE_FORMS,
    area_code_of,
    cn_numeral_to_int,
    normalize_phone,
    parse_cn_date,
    repair_ocr_email,
    squeeze,
    to_halfwidth,
)

# --- text -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("２０２４", "2024", id="digits"),
    pytest.param("（２０２４）", "(2024)", id="round-brackets"),
    pytest.param("ＴＥＬ：０８９１－６８３２１４５；", "TEL:0891-6832145;", id="letters-colon-semicolon"),
    pytest.param("〔2024〕、。《》", "〔2024〕、。《》", id="cjk-punctuation-kept"),
    pytest.param("\u3000", " ", id="ideographic-space"),
    pytest.param("西藏自治区", "西藏自治区", id="han-unchanged"),
])
def test_to_halfwidth(raw: str, expected: str) -> None:
    assert to_halfwidth(raw) == expected, f"to_halfwidth({raw!r})"


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("西 藏 自 治 区", "西藏自治区", id="spaces"),
    pytest.param("藏教发\u3000〔2024〕\n58 号", "藏教发〔2024〕58号", id="ideographic-space-and-newline"),
    pytest.param("\t a b \t", "ab", id="latin-too"),
    pytest.param("", "", id="empty"),
])
def test_squeeze(raw: str, expected: str) -> None:
    assert squeeze(raw) == expected, f"squeeze({raw!r})"


# --- Chinese numerals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("15", 15, id="arabic"),
    pytest.param("七", 7, id="digit"),
    pytest.param("两", 2, id="liang"),
    pytest.param("十", 10, id="ten"),
    pytest.param("十五", 15, id="teens"),
    pytest.param("二十", 20, id="tens"),
    pytest.param("二十六", 26, id="tens-units"),
    pytest.param("三十一", 31, id="thirty-one"),
    pytest.param("二〇二三", 2023, id="year-digit-by-digit"),
    pytest.param("二○二四", 2024, id="year-circle-zero"),
    pytest.param("二O二四", 2024, id="year-letter-o-from-ocr"),
    pytest.param("一百", None, id="hundreds-unsupported"),
    pytest.param("二十十", None, id="two-tens"),
    pytest.param("十十", None, id="only-tens"),
    pytest.param("abc", None, id="latin"),
    pytest.param("", None, id="empty"),
])
def test_cn_numeral_to_int(raw: str, expected: int | None) -> None:
    assert cn_numeral_to_int(raw) == expected, f"cn_numeral_to_int({raw!r})"


# --- dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    # ymd-nian
    pytest.param("2024年7月26日", date(2024, 7, 26), id="ymd-nian"),
    pytest.param("2024 年 7 月 26 日", date(2024, 7, 26), id="ymd-nian-spaced"),
    pytest.param("２０２４年７月２６日", date(2024, 7, 26), id="ymd-nian-fullwidth"),
    pytest.param("2024年7月26号", date(2024, 7, 26), id="ymd-nian-hao"),
    pytest.param("请于2024年8月20日前报送", date(2024, 8, 20), id="ymd-nian-in-sentence"),
    # ymd-cn
    pytest.param("二〇二三年五月十日", date(2023, 5, 10), id="ymd-cn-ten"),
    pytest.param("二〇二四年七月二十六日", date(2024, 7, 26), id="ymd-cn-tens-units"),
    pytest.param("二〇二四年十二月三十一日", date(2024, 12, 31), id="ymd-cn-december"),
    # ymd-iso
    pytest.param("2024-07-26", date(2024, 7, 26), id="ymd-iso-dash"),
    pytest.param("2024.7.26", date(2024, 7, 26), id="ymd-iso-dots"),
    pytest.param("2024/7/26", date(2024, 7, 26), id="ymd-iso-slash"),
    # not dates
    pytest.param("2024年2月30日", None, id="invalid-february-30"),
    pytest.param("二〇二三年二月三十日", None, id="invalid-cn-february-30"),
    pytest.param("2024-13-01", None, id="invalid-month-13"),
    pytest.param("7月26日", None, id="no-year"),
    pytest.param("2024年7月", None, id="no-day"),
    pytest.param("0891-6832145", None, id="a-phone"),
])
def test_parse_cn_date(raw: str, expected: date | None) -> None:
    assert parse_cn_date(raw) == expected, f"parse_cn_date({raw!r})"


def test_every_date_form_has_a_case() -> None:
    assert [name for name, _ in DATE_FORMS] == ["ymd-nian", "ymd-cn", "ymd-iso"], "DATE_FORMS changed: add cases"


# --- phones ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "area_code", "expected"), [
    # landline
    pytest.param("0891-6832145", None, "0891-6832145", id="landline"),
    pytest.param("0891－6832145", None, "0891-6832145", id="landline-fullwidth-hyphen"),
    pytest.param("0891—6832145", None, "0891-6832145", id="landline-em-dash"),
    pytest.param("０８９１－６８３２１４５", None, "0891-6832145", id="landline-fullwidth-digits"),
    pytest.param("0891 6832145", None, "0891-6832145", id="landline-space"),
    pytest.param("08916832145", None, "0891-6832145", id="landline-run-together"),
    pytest.param("（010）68416388", None, "010-68416388", id="landline-fullwidth-parens-8-digits"),
    pytest.param("(0891)6832145", None, "0891-6832145", id="landline-ascii-parens"),
    pytest.param("0891-6832145", "010", "0891-6832145", id="landline-own-area-wins"),
    # mobile
    pytest.param("13709754128", None, "13709754128", id="mobile"),
    pytest.param("+8613709754128", None, "13709754128", id="mobile-plus86"),
    pytest.param("+86 137 0975 4128", None, "13709754128", id="mobile-plus86-grouped"),
    pytest.param("86-13709754128", None, "13709754128", id="mobile-86-hyphen"),
    # service
    pytest.param("400-810-5888", None, "400-810-5888", id="service-400"),
    pytest.param("4008105888", None, "400-810-5888", id="service-400-run-together"),
    pytest.param("800 810 5888", None, "800-810-5888", id="service-800-spaced"),
    # short
    pytest.param("12345", None, "12345", id="short-12345"),
    pytest.param("12315", None, "12315", id="short-12315"),
    # local
    pytest.param("6321876", "0891", "0891-6321876", id="local-inherits-area"),
    pytest.param("6321876", None, "6321876", id="local-without-area"),
    # not phones
    pytest.param("850008", None, None, id="postal-code"),
    pytest.param("1370975412", None, None, id="mobile-one-digit-short"),
    pytest.param("0891-0832145", None, None, id="landline-number-starting-0"),
    pytest.param("12", None, None, id="too-short"),
    pytest.param("0891-6832145转8001", None, None, id="extension-not-a-bare-number"),
])
def test_normalize_phone(raw: str, area_code: str | None, expected: str | None) -> None:
    assert normalize_phone(raw, area_code) == expected, f"normalize_phone({raw!r}, area_code={area_code!r})"


def test_every_phone_form_has_a_case() -> None:
    assert [name for name, _ in PHONE_FORMS] == ["landline", "mobile", "service", "short", "local"], (
        "PHONE_FORMS changed: add cases"
    )


@pytest.mark.parametrize(("phone", "expected"), [
    pytest.param("0891-6832145", "0891", id="four-digit-area"),
    pytest.param("010-68416388", "010", id="three-digit-area"),
    pytest.param("13709754128", None, id="mobile"),
    pytest.param("400-810-5888", None, id="service"),
    pytest.param("12345", None, id="short"),
    pytest.param("6321876", None, id="local"),
])
def test_area_code_of(phone: str, expected: str | None) -> None:
    assert area_code_of(phone) == expected, f"area_code_of({phone!r})"


# --- emails ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("1sszzb@163.com", "lsszzb@163.com", id="leading-1-before-letter"),
    pytest.param("a1b@x.cn", "alb@x.cn", id="1-between-letters"),
    pytest.param("abc_1x@qq.com", "abc_lx@qq.com", id="1-after-underscore"),
    pytest.param("1abc@a1b.com", "labc@a1b.com", id="domain-untouched"),
    pytest.param("lsszzb@163.com", "lsszzb@163.com", id="already-right"),
    pytest.param("user123@x.cn", "user123@x.cn", id="digits-after-letters-kept"),
    pytest.param("x1@x.cn", "x1@x.cn", id="trailing-1-kept"),
    pytest.param("123456@qq.com", "123456@qq.com", id="qq-number-kept"),
])
def test_repair_ocr_email(raw: str, expected: str) -> None:
    assert repair_ocr_email(raw) == expected, f"repair_ocr_email({raw!r})"


def test_parse_cn_date_skips_an_impossible_first_date() -> None:
    assert parse_cn_date("2024年2月30日至2024年3月1日") == date(2024, 3, 1)
