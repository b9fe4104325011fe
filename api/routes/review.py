"""Review: correct a record (PATCH with If-Match), approve / reject, history, and the review queue."""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from yigcha.api.deps import Principal, PrincipalDep, SessionDep, SettingsDep, may_read_secret, require
from yigcha.models.errors import NotFoundError
from yigcha.models.tables import Record, ReviewStatus, Role
from yigcha.storage.documents import count_documents_by_status
from yigcha.storage.records import get_record, record_public
from yigcha.storage.review import (
    correct_record,
    count_review_states,
    etag_matches,
    lock_record,
    record_etag,
    record_history,
    review_queue,
    set_review_status,
)

router = APIRouter(tags=["review"])
Reviewer = Annotated[Principal, Depends(require(Role.reviewer))]


async def _raw_body(request: Request) -> bytes:
    """The body as bytes: PATCH interprets it only after If-Match passed."""
    return await request.body()


def _visible(record: Record, who: Principal, settings) -> Record:
    if record.secrecy and not may_read_secret(who, settings):
        raise NotFoundError(f"no record {record.id}")  # as GET /records/{id}: not even its existence
    return record


def _served(record: Record, status_code: int = 200) -> JSONResponse:
    return JSONResponse(record_public(record), status_code=status_code, headers={"ETag": record_etag(record)})


def _check_if_match(record: Record, if_match: str | None, *, required: bool) -> None:
    if if_match is None:
        if required:
            raise HTTPException(428, "send If-Match: <the ETag of GET /records/{id}> so no correction is lost")
        return
    if not etag_matches(if_match, record):
        raise _Conflict(record)


class _Conflict(Exception):
    def __init__(self, record: Record) -> None:
        self.record = record


def _conflict_response(record: Record) -> JSONResponse:
    body = {"code": "conflict", "message": f"record {record.id} changed since you loaded it (now version "
            f"{record.version}); review the current version and apply your change again",
            "current": record_public(record), "etag": record_etag(record)}
    return JSONResponse(body, status_code=409, headers={"ETag": record_etag(record)})


@router.patch("/records/{record_id}", response_model=None, responses={409: {"description": "stale If-Match"}})
def patch_record(
    record_id: int, session: SessionDep, settings: SettingsDep, who: Reviewer,
    body: Annotated[bytes, Depends(_raw_body)],
    if_match: Annotated[str | None, Header()] = None,
    content_type: Annotated[str | None, Header()] = None,
):
    """Correct fields: body = the changed SPEC fields with plain values. 200 with the new version."""
    record = _visible(lock_record(session=session, record_id=record_id), who, settings)
    try:
        _check_if_match(record, if_match, required=True)
    except _Conflict:
        return _conflict_response(record)
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send Content-Type: application/json")
    try:
        changes = json.loads(body)
    except ValueError as e:
        raise HTTPException(422, f"the body is not JSON: {e}") from e
    correct_record(session=session, record=record, changes=changes, author=who.name)
    session.flush()
    return _served(record)


def _set_status(record_id: int, status: ReviewStatus, session, settings, who: Principal, if_match: str | None):
    record = _visible(lock_record(session=session, record_id=record_id), who, settings)
    try:
        _check_if_match(record, if_match, required=False)
    except _Conflict:
        return _conflict_response(record)
    set_review_status(session=session, record=record, status=status, author=who.name)
    session.flush()
    return _served(record)


@router.post("/records/{record_id}/approve", response_model=None)
def approve_record(record_id: int, session: SessionDep, settings: SettingsDep, who: Reviewer,
                   if_match: Annotated[str | None, Header()] = None):
    """review_status → approved (a new version); the record teaches the issuer and contact hints."""
    return _set_status(record_id, ReviewStatus.approved, session, settings, who, if_match)


@router.post("/records/{record_id}/reject", response_model=None)
def reject_record(record_id: int, session: SessionDep, settings: SettingsDep, who: Reviewer,
                  if_match: Annotated[str | None, Header()] = None):
    """Mark as not a notice: review_status → rejected (a new version)."""
    return _set_status(record_id, ReviewStatus.rejected, session, settings, who, if_match)


@router.get("/records/{record_id}/history")
def get_record_history(record_id: int, session: SessionDep, settings: SettingsDep, who: PrincipalDep):
    """Every version, oldest first: `version`, `author`, `at`, `review_status`, `diff` {field: {before, after}}, `values`."""
    record = _visible(get_record(session=session, record_id=record_id), who, settings)
    return {"record_id": record.id, "version": record.version,
            "versions": record_history(session=session, record_id=record.id)}


@router.get("/review/queue")
def get_review_queue(session: SessionDep, settings: SettingsDep, who: Reviewer, limit: int = 100):
    """Records awaiting review, lowest field confidence first, with counts per review and document state."""
    items = review_queue(session=session, limit=min(max(limit, 1), 500),
                         include_secret=may_read_secret(who, settings))
    return {"counts": count_review_states(session=session),
            "documents": count_documents_by_status(session=session), "items": items}
