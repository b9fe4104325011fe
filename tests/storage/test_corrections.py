"""Rule tests of reviewer corrections: normalizing and checking plain SPEC values, reviewer meta."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from yigcha.storage.corrections import InvalidCorrectionError, apply_changes, check_changes


@pytest.mark.parametrize(("changes", "expected"), [
    pytest.param({"doc_number": "藏质协字〔2024〕10号"}, {"doc_number": "藏质协字〔2024〕10号"}, id="tortoise"),
    pytest.param({"doc_number": "藏教发[２０２４]０５８号"}, {"doc_number": "藏教发〔2024〕58号"}, id="square-fullwidth-zero"),
    pytest.param({"doc_number": "藏质协字（2024）10号"}, {"doc_number": "藏质协字〔2024〕10号"}, id="round"),
    pytest.param({"doc_number": "2024年第 3 号"}, {"doc_number": "2024年第3号"}, id="year-issue"),
    pytest.param({"doc_number": ""}, {"doc_number": None}, id="cleared"),
    pytest.param({"issue_date": "2024-07-15"}, {"issue_date": "2024-07-15"}, id="iso-date"),
    pytest.param({"doc_type": "通知"}, {"doc_type": "通知"}, id="doc-type"),
    pytest.param({"deadlines": [{"date": "2024-08-20", "task": " 报送 "}]},
                 {"deadlines": [{"date": "2024-08-20", "task": "报送"}]}, id="deadline"),
    pytest.param({"contacts": [{"names": ["次仁"], "phones": ["０８９１－６８１５１９３", "13618990512", "12345"],
                                "emails": ["xzqa@163.com"], "postal_code": "850008"}]},
                 {"contacts": [{"department": None, "names": ["次仁"], "phones": ["0891-6815193", "13618990512", "12345"],
                                "emails": ["xzqa@163.com"], "address": None, "postal_code": "850008"}]}, id="contact"),
    pytest.param({"attachments": [{"title": "报名表", "doc_number": None}]},
                 {"attachments": [{"title": "报名表", "doc_number": None}]}, id="attachment"),
    pytest.param({"urls": ["http://www.xzqa.org.cn/"], "issuers": ["西藏自治区质量协会", ""]},
                 {"urls": ["http://www.xzqa.org.cn/"], "issuers": ["西藏自治区质量协会"]}, id="lists"),
])
def test_check_changes(changes, expected) -> None:
    assert check_changes(changes) == expected


@pytest.mark.parametrize(("changes", "path"), [
    pytest.param({"doc_number": "第58号"}, "doc_number", id="doc-number-no-year"),
    pytest.param({"issue_date": "2024/07/15"}, "issue_date", id="date-slashes"),
    pytest.param({"issue_date": "2024-02-30"}, "issue_date", id="date-impossible"),
    pytest.param({"deadlines": [{"task": "报送"}]}, "deadlines[0].date", id="deadline-without-date"),
    pytest.param({"contacts": [{"phones": ["6815193"]}]}, "contacts[0].phones[0]", id="phone-no-area"),
    pytest.param({"contacts": [{"emails": ["xzqa@163"]}]}, "contacts[0].emails[0]", id="email"),
    pytest.param({"contacts": [{"postal_code": "85008"}]}, "contacts[0].postal_code", id="postal-code"),
    pytest.param({"attachments": [{"title": ""}]}, "attachments[0].title", id="attachment-title"),
    pytest.param({"urls": ["www.xzqa.org.cn"]}, "urls[0]", id="url-scheme"),
    pytest.param({"doc_type": "通知书"}, "doc_type", id="doc-type"),
    pytest.param({"issuers": "西藏自治区质量协会"}, "issuers", id="list-as-text"),
    pytest.param({"pages": [1, 2]}, "pages", id="not-a-spec-field"),
    pytest.param({}, "body", id="empty"),
])
def test_refused_changes(changes, path) -> None:
    with pytest.raises(InvalidCorrectionError) as refused:
        check_changes(changes)
    assert list(refused.value.problems) == [path], refused.value.problems


def test_apply_changes_marks_only_changed_fields_reviewer() -> None:
    values = {"doc_number": "藏教发〔2024〕5号", "title": "关于……的通知",
              "meta": {"doc_number": {"confidence": 0.6, "evidence": [{"page": 1, "bbox": [0, 0, 1, 1], "text": "x"}],
                                      "source": "machine"},
                       "title": {"confidence": 0.95, "evidence": [], "source": "machine"}}}
    at = datetime(2024, 8, 1, tzinfo=timezone.utc)
    new = apply_changes(values, {"doc_number": "藏教发〔2024〕58号", "title": "关于……的通知"}, by="tashi", at=at)
    assert new["meta"]["doc_number"] == {"confidence": 1.0, "evidence": values["meta"]["doc_number"]["evidence"],
                                         "source": "reviewer", "by": "tashi", "at": "2024-08-01T00:00:00+00:00"}
    assert new["meta"]["title"] == values["meta"]["title"]
    assert values["doc_number"] == "藏教发〔2024〕5号"  # the old version is not modified
