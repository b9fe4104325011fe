"""Crud of records on PostgreSQL: saving, filters, cursor pagination, Chinese full text, versions, twins."""
from __future__ import annotations

from datetime import date

import pytest

from utils.service import record_values
from yigcha.models.tables import Document
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.documents import create_document
from yigcha.storage.records import (
    RecordFilter,
    add_record_version,
    decode_cursor,
    list_record_versions,
    list_records,
    replace_records,
    secrecy_from_text,
)

NOTICES = [
    record_values(doc_number="藏质协字〔2024〕10号", issuers=["西藏自治区质量协会"], title="关于开展质量月活动的通知",
                  doc_type="通知", issue_date="2024-07-15", deadlines=[{"date": "2024-08-20", "task": "报送"}]),
    record_values(doc_number="藏教发〔2024〕58号", issuers=["西藏自治区教育厅", "西藏自治区财政厅"],
                  title="关于做好学生资助工作的通知", doc_type="通知", issue_date="2024-03-01",
                  deadlines=[{"date": "2024-04-10", "task": "提交名单"}, {"date": "2024-06-30", "task": "总结"}]),
    record_values(doc_number=None, issuers=["拉萨市人民政府"], title="拉萨市关于防汛工作的函", doc_type="函",
                  issue_date="2023-12-30"),
]
PAGE_TEXTS = ["质量月活动 各会员单位 联系电话0891-6815193", "学生资助 资助名单 报送教育厅", "防汛 抢险 物资储备"]


def make_document(session, sha: str, filename: str = "n.pdf") -> Document:
    document, _outbox = create_document(session=session, sha256=sha * 64, filename=filename, kind="pdf",
                                        content_type="application/pdf", size=10, pages=1, uploaded_by="t")
    return document


@pytest.fixture
def factory(settings):
    factory = session_factory(settings)
    with session_scope(factory) as session:
        for i, (values, text) in enumerate(zip(NOTICES, PAGE_TEXTS)):
            document = make_document(session, str(i))
            replace_records(session=session, document=document, records=[values], page_texts=[text])
    return factory


def titles(factory, **filters) -> list[str]:
    with session_scope(factory) as session:
        rows, _cursor = list_records(session=session, filters=RecordFilter(**filters))
        return [r.values["title"] for r in rows]


@pytest.mark.parametrize(("filters", "expected"), [
    pytest.param({"doc_number": "藏教发〔2024〕58号"}, ["关于做好学生资助工作的通知"], id="doc_number"),
    pytest.param({"issuer": "西藏自治区财政厅"}, ["关于做好学生资助工作的通知"], id="issuer-second-of-joint"),
    pytest.param({"doc_type": "函"}, ["拉萨市关于防汛工作的函"], id="doc_type"),
    pytest.param({"issue_date_from": date(2024, 1, 1)}, ["关于开展质量月活动的通知", "关于做好学生资助工作的通知"],
                 id="issue_date_from"),
    pytest.param({"issue_date_to": date(2023, 12, 31)}, ["拉萨市关于防汛工作的函"], id="issue_date_to"),
    pytest.param({"deadline_from": date(2024, 6, 1), "deadline_to": date(2024, 7, 1)},
                 ["关于做好学生资助工作的通知"], id="deadline-range"),
    pytest.param({"q": "质量月"}, ["关于开展质量月活动的通知"], id="q-chinese-3-chars"),
    pytest.param({"q": "防汛"}, ["拉萨市关于防汛工作的函"], id="q-chinese-2-chars"),
    pytest.param({"q": "资助名单"}, ["关于做好学生资助工作的通知"], id="q-page-text"),
    pytest.param({"q": "0891-6815193"}, ["关于开展质量月活动的通知"], id="q-phone"),
    pytest.param({"q": "100%"}, [], id="q-like-wildcards-escaped"),
    pytest.param({"review_status": "approved"}, [], id="review_status"),
])
def test_list_records_filters(factory, filters, expected) -> None:
    assert titles(factory, **filters) == expected, filters


def test_cursor_pagination_is_stable_and_complete(settings) -> None:
    factory = session_factory(settings)
    with session_scope(factory) as session:
        document = make_document(session, "p")
        replace_records(session=session, document=document, page_texts=["x"],
                        records=[record_values(title=f"通知{i}") for i in range(7)])
    seen, cursor = [], None
    with session_scope(factory) as session:
        while True:
            rows, cursor = list_records(session=session, filters=RecordFilter(), limit=3, cursor=cursor)
            seen += [r.values["title"] for r in rows]
            if cursor is None:
                break
    assert seen == [f"通知{i}" for i in range(7)]
    with pytest.raises(ValueError, match="invalid cursor"):
        decode_cursor("not-a-cursor")


def test_replace_records_overwrites_and_versions(settings) -> None:
    factory = session_factory(settings)
    with session_scope(factory) as session:
        document = make_document(session, "r")
        first = replace_records(session=session, document=document, records=NOTICES[:2], page_texts=["a", "b"])
        replace_records(session=session, document=document, records=NOTICES[:2], page_texts=["a", "b"])
        rows, _ = list_records(session=session, filters=RecordFilter(document_id=document.id))
        assert [r.position for r in rows] == [0, 1]
        assert all(r.id not in {f.id for f in first} for r in rows)
        record = rows[0]
        changed = dict(record.values, doc_number="藏质协字〔2024〕11号")
        add_record_version(session=session, record=record, values=changed, author="alice", review_status="approved")
        versions = list_record_versions(session=session, record_id=record.id)
    assert [(v.version, v.author) for v in versions] == [(1, "machine"), (2, "alice")]
    assert versions[1].diff == {"doc_number": {"before": "藏质协字〔2024〕10号", "after": "藏质协字〔2024〕11号"}}
    assert record.doc_number == "藏质协字〔2024〕11号" and record.review_status == "approved"


def test_same_notice_in_another_file_is_linked(settings) -> None:
    factory = session_factory(settings)
    with session_scope(factory) as session:
        pdf = make_document(session, "a", "n001.pdf")
        scan = make_document(session, "b", "n001.scan.pdf")
        (first,) = replace_records(session=session, document=pdf, records=NOTICES[:1], page_texts=["x"])
        (second,) = replace_records(session=session, document=scan, records=NOTICES[:1], page_texts=["x"])
    assert (first.duplicate_of, second.duplicate_of) == (None, first.id)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("000123\n内部★1年\n特急\n西藏自治区质量协会文件", "内部★1年", id="n018-internal"),
    pytest.param("秘密 ★ 6个月\n关于", "秘密 ★ 6个月", id="secret-spaced"),
    pytest.param("机密\n西藏自治区人民政府文件", "机密", id="bare-line"),
    pytest.param("西藏自治区质量协会文件\n关于保守秘密的通知", None, id="word-in-title"),
])
def test_secrecy_from_text(text: str, expected: str | None) -> None:
    assert secrecy_from_text(text) == expected
