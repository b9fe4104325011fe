"""Response schemas, for the OpenAPI docs at /docs (routes build plain dicts of these shapes)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from yigcha.models.tables import Role


class ErrorPublic(BaseModel):
    code: str
    message: str


class DocumentPublic(BaseModel):
    id: str | None
    status: str  # queued | processing | done | failed (| rejected, for a refused upload part)
    error: ErrorPublic | None = None
    filename: str | None = None
    kind: str | None = None
    size: int | None = None
    sha256: str | None = None
    pages: int | None = None
    record_ids: list[int] = []
    extractor_version: str | None = None
    attempts: int = 0
    timings: dict[str, float] = {}
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    duplicate: bool = False


class DocumentsAccepted(BaseModel):
    documents: list[DocumentPublic]


class DocumentsPublic(BaseModel):
    items: list[DocumentPublic]


class RecordPublic(BaseModel):
    """Exactly what `yigcha extract` emits for the record (SPEC fields, extras, `pages`, `meta`) plus these."""

    model_config = ConfigDict(extra="allow")
    id: int
    document_id: str
    version: int
    review_status: str
    duplicate_of: int | None
    created_at: str
    updated_at: str
    doc_number: str | None = None
    issuers: list[str] = []
    meta: dict[str, Any] = {}


class RecordsPublic(BaseModel):
    items: list[RecordPublic]
    next_cursor: str | None


class TokenCreate(BaseModel):
    role: Role
    name: str | None = None
    expires_at: datetime | None = None


class TokenPublic(BaseModel):
    id: int
    name: str
    prefix: str
    role: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    last_used_at: str | None


class TokenCreated(TokenPublic):
    token: str  # shown once; only its hash is stored


class ReprocessResult(BaseModel):
    document_ids: list[str]
