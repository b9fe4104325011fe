"""The embedded default: SQLite under the data dir, FTS5 trigram for `q`, migrations from a fresh dir."""
from __future__ import annotations

from utils.service import record_values
from yigcha.storage.db import engine_for, migrate, session_factory, session_scope
from yigcha.storage.documents import create_document
from yigcha.storage.records import RecordFilter, list_records, replace_records


def test_sqlite_fresh_dir_migrates_and_searches_chinese(embedded_settings) -> None:
    assert not embedded_settings.data_dir.exists()
    migrate(engine_for(embedded_settings.sqlalchemy_url))  # creates the data dir (`serve` before any token)
    migrate(engine_for(embedded_settings.sqlalchemy_url))  # idempotent
    factory = session_factory(embedded_settings)
    assert (embedded_settings.data_dir / "yigcha.db").is_file()
    with session_scope(factory) as session:
        document, _ = create_document(session=session, sha256="e" * 64, filename="n.pdf", kind="pdf",
                                      content_type="application/pdf", size=1, pages=1, uploaded_by=None)
        replace_records(session=session, document=document, page_texts=["请于8月20日前报送质量月活动总结"],
                        records=[record_values(title="关于开展质量月活动的通知")])
    for q, hits in (("质量月活动", 1), ("活动总结", 1), ("防汛", 0), ("报送", 1), ("不存在的词", 0)):
        with session_scope(factory) as session:
            rows, _ = list_records(session=session, filters=RecordFilter(q=q))
        assert len(rows) == hits, q
    with session_scope(factory) as session:  # the FTS index follows deletes (trigger)
        session.delete(document)
    with session_scope(factory) as session:
        rows, _ = list_records(session=session, filters=RecordFilter(q="质量月活动"))
    assert rows == []
