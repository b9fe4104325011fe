"""Splitting the names part of contact lines into a department and person names (packaged model)."""

from __future__ import annotations

import pytest

from yigcha.extractors.nlp import is_org_name, is_person_name, split_org_and_names, split_person_names

SPLITS = [
    # the cases from real notices
    pytest.param("张 蕾、岳金雪", None, ["张蕾", "岳金雪"], id="space-inside-name"),
    pytest.param("朗杰 仁青平措", None, ["朗杰", "仁青平措"], id="space-between-names"),
    pytest.param("边巴次仁、刘洋", None, ["边巴次仁", "刘洋"], id="tibetan-and-han"),
    pytest.param("艾尔肯·买买提、王丽娟", None, ["艾尔肯·买买提", "王丽娟"], id="uyghur"),
    pytest.param("自治区教育厅基础教育处 达瓦", "自治区教育厅基础教育处", ["达瓦"], id="org-space-name"),
    pytest.param("市教育局体卫艺科 边巴次仁、刘洋", "市教育局体卫艺科", ["边巴次仁", "刘洋"], id="org-two-names"),
    pytest.param("成果转化与区域创新处 周晓燕、尼玛顿珠", "成果转化与区域创新处", ["周晓燕", "尼玛顿珠"],
                 id="unit-only-org"),
    pytest.param("张蕾、岳金雪", None, ["张蕾", "岳金雪"], id="no-org"),
    pytest.param("市总工会经济技术保障部旺堆", "市总工会经济技术保障部", ["旺堆"], id="org-no-space"),
    pytest.param("市总工会经济技术保障部 旺堆、何丽娟", "市总工会经济技术保障部", ["旺堆", "何丽娟"], id="trade-union"),
    pytest.param("社会组织管理局 周建华、卓玛央金", "社会组织管理局", ["周建华", "卓玛央金"], id="bureau"),
    pytest.param("市整治办：李卫东、次旦", "市整治办", ["李卫东", "次旦"], id="org-colon"),
    pytest.param("联系人：自治区教育厅民族教育处 普布次仁", "自治区教育厅民族教育处", ["普布次仁"], id="label-left-on"),
    pytest.param("州卫生健康委科教科 多杰才让", "州卫生健康委科教科", ["多杰才让"], id="prefecture"),
    pytest.param("自治区人力资源和社会保障厅就业促进和失业保险处 卓嘎", "自治区人力资源和社会保障厅就业促进和失业保险处",
                 ["卓嘎"], id="long-org"),
    pytest.param("王老师、李科长", None, ["王老师", "李科长"], id="titles"),
    pytest.param("格桑曲珍", None, ["格桑曲珍"], id="single-tibetan"),
    pytest.param("次仁卓玛 索朗旺姆", None, ["次仁卓玛", "索朗旺姆"], id="two-tibetan-spaced"),
    pytest.param("边巴", None, ["边巴"], id="one-syllable"),
    pytest.param("王　芳、赵　明", None, ["王芳", "赵明"], id="ideographic-space"),
    pytest.param("门诊部", "门诊部", [], id="department-only"),
    pytest.param("市财政局农业农村科：扎西平措", "市财政局农业农村科", ["扎西平措"], id="ner-cuts-name-short"),
    # hand-written names and departments that are not in the training lists
    pytest.param("日喀则市农业农村局畜牧科 洛追、祝海燕", "日喀则市农业农村局畜牧科", ["洛追", "祝海燕"], id="unseen-1"),
    pytest.param("县林业和草原局 贡布扎西", "县林业和草原局", ["贡布扎西"], id="unseen-2"),
    pytest.param("拉萨市人民政府办公室 周晓燕", "拉萨市人民政府办公室", ["周晓燕"], id="unseen-3"),
    pytest.param("阿依努尔·吐尔洪、邬佳", None, ["阿依努尔·吐尔洪", "邬佳"], id="unseen-uyghur"),
]


@pytest.mark.parametrize(("segment", "org", "names"), SPLITS)
def test_split_org_and_names(segment: str, org: str | None, names: list[str]) -> None:
    assert split_org_and_names(segment) == (org, names), segment


@pytest.mark.parametrize(("segment", "org", "names"), SPLITS)
def test_split_person_names(segment: str, org: str | None, names: list[str]) -> None:
    assert split_person_names(segment) == names, segment


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("扎西次仁", True, id="tibetan"),
    pytest.param("次仁卓玛", True, id="tibetan-2"),
    pytest.param("多杰才让", True, id="tibetan-amdo"),
    pytest.param("艾尔肯·买买提", True, id="uyghur"),
    pytest.param("周晓燕", True, id="han"),
    pytest.param("王老师", True, id="title"),
    pytest.param("自治区教育厅基础教育处", False, id="org"),
    pytest.param("0891-6832145", False, id="phone"),
    pytest.param("联系电话", False, id="label"),
])
def test_is_person_name(text: str, expected: bool) -> None:
    assert is_person_name(text) is expected, text


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("拉萨市人民政府办公室", True, id="city-office"),
    pytest.param("中华全国妇女联合会", True, id="national"),
    pytest.param("自治区教育厅基础教育处", True, id="unit"),
    pytest.param("市整治办", True, id="short-office"),
    pytest.param("州卫生健康委科教科", True, id="prefecture-unit"),
    pytest.param("西藏自治区教育厅", True, id="issuer"),
    pytest.param("达瓦", False, id="person"),
    pytest.param("王丽娟", False, id="han-person"),
    pytest.param("藏教发〔2024〕58号", False, id="doc-number"),
])
def test_is_org_name(text: str, expected: bool) -> None:
    assert is_org_name(text) is expected, text
