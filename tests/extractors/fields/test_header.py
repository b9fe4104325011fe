"""版头 rules: issuer names from letterhead lines, what reads as a body's name, and the 文种 of a title."""
from __future__ import annotations

import pytest

from yigcha.extractors.fields.header import issuers_from_letterhead
from yigcha.extractors.normalize import is_org_name
from yigcha.extractors.zones import DOC_TYPES, doc_type_of


@pytest.mark.parametrize(("texts", "expected"), [
    pytest.param(["西藏自治区质量协会文件"], ["西藏自治区质量协会"], id="single-trailing-wenjian-dropped"),
    pytest.param(["西藏自治区教育厅"], ["西藏自治区教育厅"], id="single-without-suffix"),
    pytest.param(["西藏自治区教育厅函件"], ["西藏自治区教育厅"], id="trailing-hanjian-dropped"),
    pytest.param(["拉萨市人民政府办公室文件"], ["拉萨市人民政府办公室"], id="office"),
    pytest.param(
        ["西 藏 自 治 区", "质 量 协 会 文 件"], ["西藏自治区质量协会"], id="wrapped-spaced-single-name"
    ),
    pytest.param(["西藏自治区", "质量协会文件"], ["西藏自治区质量协会"], id="wrapped-single-name"),
    pytest.param(
        ["西藏自治区教育厅", "西藏自治区财政厅", "文件"],
        ["西藏自治区教育厅", "西藏自治区财政厅"],
        id="joint-suffix-on-own-line",
    ),
    pytest.param(
        ["中共西藏自治区委员会办公厅", "西藏自治区人民政府办公厅"],
        ["中共西藏自治区委员会办公厅", "西藏自治区人民政府办公厅"],
        id="joint-without-suffix",
    ),
    pytest.param(
        ["西藏自治区教育厅", "西藏自治区人力资源和社会保障厅", "西藏自治区总工会文件"],
        ["西藏自治区教育厅", "西藏自治区人力资源和社会保障厅", "西藏自治区总工会"],
        id="joint-three-suffix-on-last",
    ),
    pytest.param(
        ["西藏自治区人力资源和社会保障厅  西藏自治区财政厅 文件"],
        ["西藏自治区人力资源和社会保障厅", "西藏自治区财政厅"],
        id="joint-on-one-line",
    ),
    pytest.param(["西 藏 自 治 区 委 员 会 办 公 厅 文件"], ["西藏自治区委员会办公厅"], id="spaced-run-not-cut-at-委"),
    pytest.param(["拉萨市人民政府", "办公室文件"], ["拉萨市人民政府办公室"], id="office-wrapped-onto-next-line"),
    pytest.param(["中 华 全 国 总 工 会 文件"], ["中华全国总工会"], id="spaced-with-suffix-word"),
    pytest.param(["文件"], [], id="suffix-only"),
    pytest.param([], [], id="none"),
])
def test_issuers_from_letterhead(texts: list[str], expected: list[str]) -> None:
    assert issuers_from_letterhead(texts) == expected, f"issuers_from_letterhead({texts!r})"


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("西藏自治区教育厅", True, id="ting"),
    pytest.param("自治区教育厅基础教育处", True, id="chu"),
    pytest.param("市整治办", True, id="ban"),
    pytest.param("门诊部", True, id="bu"),
    pytest.param("州人民医院培训中心", True, id="zhongxin"),
    pytest.param("西藏自治区质量协会", True, id="xiehui"),
    pytest.param("拉萨市人民政府", True, id="zhengfu"),
    pytest.param("中心", False, id="too-short"),
    pytest.param("西藏自治区", False, id="region-only"),
    pytest.param("达瓦", False, id="person"),
    pytest.param("交通管制", False, id="activity"),
])
def test_is_org_name(text: str, expected: bool) -> None:
    assert is_org_name(text) is expected, f"is_org_name({text!r})"


@pytest.mark.parametrize(("title", "expected"), [
    pytest.param("关于开展2024年全国质量月活动的通知", "通知", id="tongzhi"),
    pytest.param("关于进一步加强中小学安全工作的实施意见", "意见", id="shishi-yijian"),
    pytest.param("拉萨市公安局关于交通管制的通告", "通告", id="tonggao"),
    pytest.param("西藏自治区市场监督管理局公告", "公告", id="gonggao"),
    pytest.param("关于商请支持开展调研工作的函", "函", id="han"),
    pytest.param("关于印发《管理办法》的通知的函", "函", id="han-after-tongzhi"),
    pytest.param("关于2024年上半年安全检查情况的通报", "通报", id="tongbao"),
    pytest.param("关于拨付专项经费的请示", "请示", id="qingshi"),
    pytest.param("关于2024年上半年工作情况的报告", "报告", id="baogao"),
    pytest.param("关于表彰先进集体和先进个人的决定", "决定", id="jueding"),
    pytest.param("关于同意设立拉萨分会的批复", "批复", id="pifu"),
    pytest.param("自治区质量工作联席会议纪要", "纪要", id="jiyao"),
    pytest.param("西藏自治区人民政府令命令", "命令", id="mingling"),
    pytest.param("关于修订条例的议案", "议案", id="yian"),
    pytest.param("关于批准预算的决议", "决议", id="jueyi"),
    pytest.param("西藏自治区2023年国民经济和社会发展统计公报", "公报", id="gongbao"),
    pytest.param("关于做好暑期安全工作的通知。", "通知", id="trailing-stop"),
    pytest.param("关于做好暑期安全工作的 通 知", "通知", id="spaced"),
    pytest.param("西藏自治区教育厅文件", None, id="letterhead-not-a-title"),
    pytest.param("", None, id="empty"),
])
def test_doc_type_of(title: str, expected: str | None) -> None:
    assert doc_type_of(title) == expected, f"doc_type_of({title!r})"


def test_every_doc_type_has_a_case() -> None:
    covered = {"通知", "意见", "通告", "公告", "函", "通报", "请示", "报告", "决定", "批复", "纪要", "命令", "议案",
               "决议", "公报"}
    assert set(DOC_TYPES) == covered, "DOC_TYPES changed: add a doc_type_of case for the new 文种"
