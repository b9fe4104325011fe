"""附件说明 items: numbering and 《》 dropped, a trailing doc number split off, the rest of the title kept."""
from __future__ import annotations

import pytest

from yigcha.extractors.fields.attachments import attachment_from_text


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("报名回执", {"title": "报名回执", "doc_number": None}, id="single"),
    pytest.param("1.关于开展质量月活动的通知", {"title": "关于开展质量月活动的通知", "doc_number": None}, id="numbered-dot"),
    pytest.param("1. 推荐汇总表", {"title": "推荐汇总表", "doc_number": None}, id="numbered-dot-space"),
    pytest.param("2．报名回执", {"title": "报名回执", "doc_number": None}, id="numbered-fullwidth-dot"),
    pytest.param("3、推荐表", {"title": "推荐表", "doc_number": None}, id="numbered-dunhao"),
    pytest.param("（1）报名回执", {"title": "报名回执", "doc_number": None}, id="numbered-parens"),
    pytest.param("1..报名表", {"title": "报名表", "doc_number": None}, id="numbered-doubled-dot"),
    pytest.param("12. 汇总表；", {"title": "汇总表", "doc_number": None}, id="two-digit-number-trailing-semicolon"),
    pytest.param("《报名回执》。", {"title": "报名回执", "doc_number": None}, id="book-title-marks-trailing-stop"),
    pytest.param(
        "1. 《关于开展质量月活动的通知》（中质协字（2024）59号）",
        {"title": "关于开展质量月活动的通知", "doc_number": "中质协字〔2024〕59号"},
        id="book-title-marks-and-doc-number",
    ),
    pytest.param(
        "1. 中国质量协会关于开展2024年全国质量月活动的通知（中质协字（2024）59号）",
        {"title": "中国质量协会关于开展2024年全国质量月活动的通知", "doc_number": "中质协字〔2024〕59号"},
        id="doc-number-without-book-title-marks",
    ),
    pytest.param(
        "2.《通知》（藏教发[2024]19号）",
        {"title": "通知", "doc_number": "藏教发〔2024〕19号"},
        id="doc-number-square-brackets",
    ),
    pytest.param(
        "1. 《西藏自治区质量奖管理办法（征求意见稿）》",
        {"title": "西藏自治区质量奖管理办法（征求意见稿）", "doc_number": None},
        id="draft-note-kept-in-title",
    ),
    pytest.param(
        "1. 西藏自治区质量奖管理办法（征求意见稿）",
        {"title": "西藏自治区质量奖管理办法（征求意见稿）", "doc_number": None},
        id="draft-note-kept-without-book-title-marks",
    ),
    pytest.param(
        "1. 2024年度 西藏自治区 质量奖 申报表",
        {"title": "2024年度西藏自治区质量奖申报表", "doc_number": None},
        id="spaces-removed",
    ),
    pytest.param("1.", None, id="number-only"),
    pytest.param("", None, id="empty"),
])
def test_attachment_from_text(text: str, expected: dict | None) -> None:
    assert attachment_from_text(text) == expected, f"attachment_from_text({text!r})"
