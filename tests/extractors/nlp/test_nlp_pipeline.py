"""The packaged pipeline: offline loading, entity offsets, speed."""

from __future__ import annotations

import time

import pytest

from yigcha.extractors.nlp import Entity, find_entities, load_nlp


def test_load_nlp_is_cached_and_has_components() -> None:
    nlp = load_nlp()
    assert nlp is load_nlp()
    assert nlp.pipe_names == ["ner", "yigcha_patterns"]
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "ORG"}


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(
        "联系人：自治区教育厅基础教育处 达瓦，电话：0891-6832145",
        [("ORG", "自治区教育厅基础教育处"), ("PERSON", "达瓦"), ("PHONE", "0891-6832145")], id="contact-line"),
    pytest.param(
        "（联系人：市应急管理局 边巴，联系电话：0892-8836215）",
        [("ORG", "市应急管理局"), ("PERSON", "边巴"), ("PHONE", "0892-8836215")], id="bracket-note"),
    pytest.param(
        "州人民医院培训中心 马玉兰 13709754128 glzrmyy_px@163.com",
        [("ORG", "州人民医院培训中心"), ("PERSON", "马玉兰"), ("PHONE", "13709754128"),
         ("EMAIL", "glzrmyy_px@163.com")], id="table-row"),
    pytest.param(
        "市整治办：李卫东、次旦，联系电话：0891-6321875、6321876",
        [("ORG", "市整治办"), ("PERSON", "李卫东"), ("PERSON", "次旦"), ("PHONE", "0891-6321875"),
         ("PHONE", "6321876")], id="org-colon"),
    pytest.param("联系人：张 蕾、岳金雪", [("PERSON", "张 蕾"), ("PERSON", "岳金雪")], id="spaced-name"),
    pytest.param(
        "于2024年8月20日前将征订汇总表报送自治区教育厅基础教育处",
        [("DATE", "2024年8月20日"), ("ORG", "自治区教育厅基础教育处")], id="deadline-sentence"),
    pytest.param("藏教发〔2024〕58号", [("DOC_NUMBER", "藏教发〔2024〕58号")], id="doc-number"),
])
def test_find_entities(text: str, expected: list[tuple[str, str]]) -> None:
    entities = find_entities(text)
    assert [(e.label, e.text) for e in entities] == expected, text
    assert all(text[e.start:e.end] == e.text for e in entities), text


def test_entity_is_plain_data() -> None:
    assert find_entities("电话：0891-6832145") == [Entity("PHONE", 3, 15, "0891-6832145")]


def test_call_on_a_contact_line_takes_milliseconds() -> None:
    line = "联系人：自治区教育厅体育卫生与艺术教育处 索朗旺姆，电话：0891-6834562，邮箱：xzjyt_twyc@163.com"
    find_entities(line)
    started = time.perf_counter()
    for _ in range(20):
        find_entities(line)
    assert (time.perf_counter() - started) / 20 < 0.02
