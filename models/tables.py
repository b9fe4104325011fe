"""SQLAlchemy 2 tables of the service. Alembic migrations live beside this module in `migrations/`.

Field names are the corpus keys end to end: a record's `values` is exactly the object `yigcha extract`
emits; the indexed columns (`doc_number`, `issuer`, `doc_type`, `issue_date`, deadlines) are copies of
it kept for filtering, refreshed by `storage.crud.set_record_values` whenever `values` changes.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_document_id() -> str:
    return uuid.uuid4().hex


class DocumentStatus(str, Enum):
    queued = "queued"
    processing = "processing"
    done = "done"
    failed = "failed"


class ReviewStatus(str, Enum):
    machine = "machine"
    approved = "approved"
    rejected = "rejected"


class Role(str, Enum):
    uploader = "uploader"
    reviewer = "reviewer"
    reader = "reader"
    admin = "admin"


class HintKind(str, Enum):
    issuer_by_doc_prefix = "issuer_by_doc_prefix"
    issuer_by_letterhead = "issuer_by_letterhead"
    contact = "contact"


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite hands back naive ones otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime()}


class Document(Base):
    """One uploaded file; its original lives in object storage under `originals/<sha256>`."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_document_id)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(16))  # pdf, tiff, png, jpeg ... (sniffed by content)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=DocumentStatus.queued.value, index=True)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int | None] = mapped_column(Integer)
    timings: Mapped[dict[str, Any]] = mapped_column(default=dict)  # stage → seconds
    extractor_version: Mapped[str | None] = mapped_column(String(64), index=True)
    # Each (re)processing request bumps the generation; jobs of an older generation are no-ops.
    generation: Mapped[int] = mapped_column(Integer, default=1)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None]
    uploaded_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    records: Mapped[list[Record]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True, order_by="Record.position"
    )


class Outbox(Base):
    """A document waiting to be put on the queue; deleted once rq has the job (survives a Redis outage)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    generation: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class Record(Base):
    """One notice found in a document. `values` is the extractor's record dict (fields, `pages`, `meta`)."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_doc_number_issuer", "doc_number", "issuer"),
        Index("ix_records_updated_at_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order of the notice in its document, from 0
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    review_status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.machine.value, index=True)
    doc_number: Mapped[str | None] = mapped_column(String(128))
    issuer: Mapped[str | None] = mapped_column(String(256), index=True)  # first issuer
    issuers_key: Mapped[str] = mapped_column(Text, default="")  # "|a|b|": the issuer filter matches any
    doc_type: Mapped[str | None] = mapped_column(String(16), index=True)
    issue_date: Mapped[date | None] = mapped_column(Date, index=True)
    secrecy: Mapped[str | None] = mapped_column(String(64))  # 密级 as printed, e.g. 秘密★1年
    min_confidence: Mapped[float | None]  # lowest field confidence: the review queue sorts by it
    search_text: Mapped[str] = mapped_column(Text, default="")  # page text + values, for `q`
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="records")
    deadlines: Mapped[list[RecordDeadline]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class RecordDeadline(Base):
    """One deadline date of a record, for the deadline from/to filters."""

    __tablename__ = "record_deadlines"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)


class RecordVersion(Base):
    """Every state a record had: version 1 is the machine's, later ones are corrections."""

    __tablename__ = "record_versions"
    __table_args__ = (UniqueConstraint("record_id", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    diff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field → {"before", "after"}
    review_status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.machine.value)
    author: Mapped[str] = mapped_column(String(128))  # "machine" or a user/token name
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who signs in to the review workspace."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token; only its sha256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, to recognise a token in lists
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class LearnedHint(Base):
    """What reviewers taught: turned into `models.document.Hints` by the worker."""

    __tablename__ = "learned_hints"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(512))
    value: Mapped[Any] = mapped_column(JSON)
    source_record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AuditEvent(Base):
    """Who did or read what: deletions, token changes, reads of records with 密级."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
