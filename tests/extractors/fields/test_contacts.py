"""Contacts: phones in a phone segment, and whole contacts from labelled lines and table rows."""
from __future__ import annotations

import pytest

from utils.lines import pages_of, traced_paragraphs
from yigcha.extractors.fields.contacts import extract_contacts, phones_from_text


@pytest.mark.parametrize(("text", "area_code", "expected"), [
    pytest.param("0891－6832145", None, ["0891-6832145"], id="landline-fullwidth-hyphen"),
    pytest.param("（010）68416388", None, ["010-68416388"], id="landline-parens"),
    pytest.param("0891 6832145", None, ["0891-6832145"], id="landline-space"),
    pytest.param("0891-6321875、6321876", None, ["0891-6321875", "0891-6321876"], id="area-inherited"),
    pytest.param("0891-6321875、6321876、6321877", None, ["0891-6321875", "0891-6321876", "0891-6321877"],
                 id="area-inherited-twice"),
    pytest.param("0891-6321875、010-68416388、68416389", None, ["0891-6321875", "010-68416388", "010-68416389"],
                 id="area-inherited-from-nearest"),
    pytest.param("6321876", "0891", ["0891-6321876"], id="area-given"),
    pytest.param("6321876", None, ["6321876"], id="local-without-area"),
    pytest.param("13709754128、13989001234", None, ["13709754128", "13989001234"], id="mobiles"),
    pytest.param("+86 13709754128", None, ["13709754128"], id="mobile-plus86"),
    pytest.param("0891-6832145，13709754128", None, ["0891-6832145", "13709754128"], id="landline-and-mobile"),
    pytest.param("12345", None, ["12345"], id="hotline-12345"),
    pytest.param("400-810-5888", None, ["400-810-5888"], id="service-400"),
    pytest.param("（0891）-6832145", None, ["0891-6832145"], id="landline-parens-and-hyphen"),
    pytest.param("0891-6832145/6832146", None, ["0891-6832145", "0891-6832146"], id="area-inherited-after-slash"),
    pytest.param("0891-6832145-8001", None, ["0891-6832145"], id="extension-dropped"),
    pytest.param("0891-6832145（兼传真）", None, ["0891-6832145"], id="also-fax-note"),
    pytest.param("0891-6832145（工作日9:00-18:00）", None, ["0891-6832145"], id="office-hours-not-phones"),
    pytest.param("0891-6832145、0891-6832145", None, ["0891-6832145"], id="duplicate-once"),
    pytest.param("2024年7月26日", None, [], id="date-not-phone"),
    pytest.param("123456789012", None, [], id="long-number-not-phone"),
])
def test_phones_from_text(text: str, area_code: str | None, expected: list[str]) -> None:
    assert phones_from_text(text, area_code) == expected, f"phones_from_text({text!r}, {area_code!r})"


def contact(
    department: str | None = None,
    names: list[str] | None = None,
    phones: list[str] | None = None,
    emails: list[str] | None = None,
    address: str | None = None,
    postal_code: str | None = None,
) -> dict:
    """One expected contact, as in expected/<id>.json."""
    return {"department": department, "names": names or [], "phones": phones or [], "emails": emails or [],
            "address": address, "postal_code": postal_code}


@pytest.mark.parametrize(("paragraphs", "expected"), [
    pytest.param(
        ["联系人：自治区教育厅基础教育处 达瓦，电话：0891-6832145；传真：0891-6832140"],
        [contact("自治区教育厅基础教育处", ["达瓦"], ["0891-6832145"])],
        id="department-name-phone-fax-not-a-phone",
    ),
    pytest.param(
        ["传真：0891-6832140，联系人：达瓦，电话：0891-6832145"],
        [contact(None, ["达瓦"], ["0891-6832145"])],
        id="fax-first-not-a-phone",
    ),
    pytest.param(
        ["市整治办：李卫东、次旦，联系电话：0891-6321875、6321876，电子邮箱：lsszzb@163.com"],
        [contact("市整治办", ["李卫东", "次旦"], ["0891-6321875", "0891-6321876"], ["lsszzb@163.com"])],
        id="org-colon-names-inherited-area",
    ),
    pytest.param(["联系人：张 蕾、岳金雪"], [contact(None, ["张蕾", "岳金雪"])], id="spaced-han-name"),
    pytest.param(["联系人：朗杰 仁青平措"], [contact(None, ["朗杰", "仁青平措"])], id="tibetan-names-space"),
    pytest.param(
        ["联系人：达瓦，邮箱：850008"],
        [contact(None, ["达瓦"], postal_code="850008")],
        id="postal-code-labelled-as-mailbox",
    ),
    pytest.param(
        ["联系人：达瓦，联系电话：0891-6832145", "地址：拉萨市城关区江苏路10号，邮编：850000"],
        [contact(None, ["达瓦"], ["0891-6832145"], address="拉萨市城关区江苏路10号", postal_code="850000")],
        id="address-and-postal-code",
    ),
    pytest.param(
        ["联系人：达瓦，电话：（010）68416388，手机：+86 13709754128"],
        [contact(None, ["达瓦"], ["010-68416388", "13709754128"])],
        id="parens-landline-and-plus86-mobile",
    ),
    pytest.param(
        ["联系人：达瓦，电话：0891 6832145"],
        [contact(None, ["达瓦"], ["0891-6832145"])],
        id="landline-with-space",
    ),
    pytest.param(
        ["1 州人民医院培训中心 马玉兰 13709754128 glzrmyy_px@163.com"],
        [contact("州人民医院培训中心", ["马玉兰"], ["13709754128"], ["glzrmyy_px@163.com"])],
        id="table-row",
    ),
    pytest.param(
        ["政务服务便民热线：12345", "交通管制咨询电话：0891-6243122"],
        [contact(phones=["12345"]), contact(phones=["0891-6243122"])],
        id="service-lines-two-contacts",
    ),
    pytest.param(["咨询电话：400-810-5888"], [contact(phones=["400-810-5888"])], id="service-400"),
    pytest.param(
        ["门诊部咨询电话：0891-6371234、6371235"],
        [contact("门诊部", phones=["0891-6371234", "0891-6371235"])],
        id="department-before-service-label",
    ),
    pytest.param(
        ["联系人：达瓦，电话：0891-6832145，QQ群：68321450"],
        [contact(None, ["达瓦"], ["0891-6832145"])],
        id="qq-group-not-a-phone",
    ),
    pytest.param(
        ["联系人：达瓦，电话：0891-6832145，开户银行：中国银行拉萨分行，账号：68321450"],
        [contact(None, ["达瓦"], ["0891-6832145"])],
        id="bank-account-not-a-phone",
    ),
    pytest.param(
        ["联系人：达瓦，电话：13709754128，统一社会信用代码：12540000MB0123456X"],
        [contact(None, ["达瓦"], ["13709754128"])],
        id="credit-code-not-a-phone",
    ),
    pytest.param(
        ["项目编号：12345678，联系人：达瓦，电话：13709754128"],
        [contact(None, ["达瓦"], ["13709754128"])],
        id="project-number-not-a-phone",
    ),
    pytest.param(
        ["联系人：达瓦，电话：0891-6832145", "请将报名表发送至dawa@163.com。"],
        [contact(None, ["达瓦"], ["0891-6832145"], ["dawa@163.com"])],
        id="email-in-a-sentence-joins-the-contact",
    ),
    pytest.param(["账号：68321450"], None, id="only-other-labels"),
    pytest.param(["各单位要高度重视，认真组织实施。"], None, id="no-contact"),
])
def test_extract_contacts(paragraphs: list[str], expected: list[dict] | None) -> None:
    traced = traced_paragraphs(*paragraphs)
    found = extract_contacts(traced, pages_of(traced))
    assert (found.value if found else None) == expected, f"contacts of {paragraphs!r}"


@pytest.mark.parametrize(("source", "expected"), [
    pytest.param("ocr", "lsszzb@163.com", id="ocr-l-read-as-1-repaired"),
    pytest.param("text", "1sszzb@163.com", id="text-layer-kept"),
])
def test_extract_contacts_ocr_email(source: str, expected: str) -> None:
    traced = traced_paragraphs("联系人：达瓦，邮箱：1sszzb@163.com", source=source)
    found = extract_contacts(traced, pages_of(traced))
    assert found is not None and found.value[0]["emails"] == [expected], f"email read from {source}"


def test_grouped_mobile_is_one_phone() -> None:
    assert phones_from_text("手机：137 0975 4128") == ["13709754128"]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("0891-68151936347266", ["0891-6815193", "0891-6347266"], id="two-7-digit-locals"),
    pytest.param("010-6841638868416376", ["010-68416388", "010-68416376"], id="two-8-digit-locals"),
    pytest.param("0891-681519363472661", [], id="not-a-whole-number-of-locals"),
])
def test_numbers_glued_by_ocr_come_apart(text: str, expected: list[str]) -> None:
    assert phones_from_text(text) == expected, text


DIRECTORY = (
    {"department": "西藏自治区质量协会秘书处", "names": ["朗杰", "仁青平措"], "phones": ["0891-6815193"],
     "emails": ["xzzlxhbg@163.com"], "address": None, "postal_code": "850008"},
)


def test_directory_splits_names_ocr_glued() -> None:
    paragraphs = traced_paragraphs("联系人：朗杰仁青平措", "联系电话：0891-6815193")
    found = extract_contacts(paragraphs, pages_of(paragraphs), DIRECTORY)
    assert found is not None and found.value[0]["names"] == ["朗杰", "仁青平措"]


def test_directory_fills_what_a_known_number_was_printed_without() -> None:
    paragraphs = traced_paragraphs("咨询电话：0891-6815193")
    found = extract_contacts(paragraphs, pages_of(paragraphs), DIRECTORY)
    assert found is not None
    assert found.value[0]["department"] == "西藏自治区质量协会秘书处"
    assert found.value[0]["names"] == ["朗杰", "仁青平措"]
    assert found.value[0]["postal_code"] == "850008"


def test_without_a_directory_nothing_is_invented() -> None:
    paragraphs = traced_paragraphs("咨询电话：0891-6815193")
    found = extract_contacts(paragraphs, pages_of(paragraphs))
    assert found is not None and found.value[0]["names"] == [] and found.value[0]["department"] is None


def test_a_consultation_line_is_a_phone_line() -> None:
    paragraphs = traced_paragraphs("报名咨询：0891-6832145（李老师）")
    found = extract_contacts(paragraphs, pages_of(paragraphs))
    assert found is not None and found.value[0]["phones"] == ["0891-6832145"]
