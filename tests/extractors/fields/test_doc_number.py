"""发文字号: `normalize_doc_number` over every printed form, and `extract_doc_number` on a zone."""
from __future__ import annotations

import pytest

from utils.lines import make_line, make_page
from yigcha.extractors.fields.header import extract_doc_number
from yigcha.extractors.normalize import DOC_NUMBER_FORMS, normalize_doc_number
from yigcha.extractors.zones import NoticeZones


@pytest.mark.parametrize(("raw", "expected"), [
    # bracketed-year: every bracket pair a secretariat prints
    pytest.param("藏教发〔2024〕58号", "藏教发〔2024〕58号", id="bracketed-year-tortoise"),
    pytest.param("藏质协字（2024）10号", "藏质协字〔2024〕10号", id="bracketed-year-fullwidth-round"),
    pytest.param("藏质协字(2024)10号", "藏质协字〔2024〕10号", id="bracketed-year-ascii-round"),
    pytest.param("藏教发[2024]58号", "藏教发〔2024〕58号", id="bracketed-year-ascii-square"),
    pytest.param("藏教发［2024］58号", "藏教发〔2024〕58号", id="bracketed-year-fullwidth-square"),
    pytest.param("藏教发【2024】58号", "藏教发〔2024〕58号", id="bracketed-year-lenticular"),
    pytest.param("拉政办发 〔2024〕 35 号", "拉政办发〔2024〕35号", id="bracketed-year-stray-spaces"),
    pytest.param("藏 教 发〔2024〕58号", "藏教发〔2024〕58号", id="bracketed-year-spaced-org"),
    pytest.param("藏卫医发〔２０２４〕９３号", "藏卫医发〔2024〕93号", id="bracketed-year-fullwidth-digits"),
    pytest.param("藏教发（２０２４）５８号", "藏教发〔2024〕58号", id="bracketed-year-fullwidth-round-and-digits"),
    pytest.param("藏教发〔2024〕033号", "藏教发〔2024〕33号", id="bracketed-year-leading-zeros"),
    pytest.param("藏教发〔2024〕第5号", "藏教发〔2024〕5号", id="bracketed-year-di"),
    pytest.param("中质协字（2024）59号", "中质协字〔2024〕59号", id="bracketed-year-zi"),
    pytest.param(
        "现将《关于做好暑期安全工作的通知》（藏教发〔2024〕58号）转发给你们，请认真贯彻执行。",
        "藏教发〔2024〕58号",
        id="bracketed-year-cited-in-sentence",
    ),
    # year-ordinal: 公告 numbering keeps its own form
    pytest.param("2024年第3号", "2024年第3号", id="year-ordinal"),
    pytest.param("国家税务总局公告2024年第 3 号", "国家税务总局公告2024年第3号", id="year-ordinal-with-org"),
    pytest.param("2024年第03号", "2024年第3号", id="year-ordinal-leading-zero"),
    # year-nian: the year written without brackets
    pytest.param("藏教发2024年58号", "藏教发〔2024〕58号", id="year-nian"),
    # not doc numbers
    pytest.param("第58号", None, id="no-year"),
    pytest.param("藏教发58号", None, id="no-year-with-org"),
    pytest.param("藏教发〔2024〕", None, id="no-sequence"),
    pytest.param("2024年7月26日", None, id="a-date"),
    pytest.param("", None, id="empty"),
])
def test_normalize_doc_number(raw: str, expected: str | None) -> None:
    assert normalize_doc_number(raw) == expected, f"normalize_doc_number({raw!r})"


def test_every_doc_number_form_has_a_case() -> None:
    ids = {"bracketed-year", "year-ordinal", "year-nian"}
    assert {name for name, _ in DOC_NUMBER_FORMS} == ids, "a DOC_NUMBER_FORMS row was added: add its cases above"


@pytest.mark.parametrize(("texts", "expected"), [
    pytest.param(["藏教发［2024］58号"], "藏教发〔2024〕58号", id="one-line"),
    pytest.param(["签发人：张三", "藏政发（2024）7号"], "藏政发〔2024〕7号", id="first-line-without-number-skipped"),
    pytest.param(["签发人：张三"], None, id="no-number"),
])
def test_extract_doc_number(texts: list[str], expected: str | None) -> None:
    lines = [make_line(text, row=i) for i, text in enumerate(texts)]
    zones = NoticeZones(pages={1: make_page(lines)}, doc_number=lines)
    found = extract_doc_number(zones)
    assert (found.value if found else None) == expected, f"extract_doc_number({texts!r})"


def test_a_speck_between_digits_is_not_a_decimal() -> None:
    assert normalize_doc_number("藏教发〔2024〕1.9号") == "藏教发〔2024〕19号"
