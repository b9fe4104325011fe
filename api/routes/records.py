"""Records: the list with filters, full-text `q` and cursor pagination, and one record.

(`PATCH /records/{id}`, ETags and history are the review workspace's: api/routes/review.py.)
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from yigcha.api.deps import PrincipalDep, SessionDep, SettingsDep, may_read_secret
from yigcha.api.schemas import RecordPublic, RecordsPublic
from yigcha.models.errors import NotFoundError
from yigcha.models.tables import ReviewStatus
from yigcha.storage.audit import add_audit_event
from yigcha.storage.records import RecordFilter, get_record, list_records_json, record_public
from yigcha.storage.review import record_etag

router = APIRouter(prefix="/records", tags=["records"])


@router.get("", response_model=RecordsPublic)
def list_records_route(
    session: SessionDep, settings: SettingsDep, who: PrincipalDep,
    document_id: str | None = None, doc_number: str | None = None, issuer: str | None = None,
    doc_type: str | None = None, issue_date_from: date | None = None, issue_date_to: date | None = None,
    deadline_from: date | None = None, deadline_to: date | None = None,
    review_status: ReviewStatus | None = None,
    q: Annotated[str | None, Query(description="full text over the notice (Chinese works: trigram index)")] = None,
    updated_since: datetime | None = None,
    cursor: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
):
    """Records in stable id order; pass `next_cursor` back as `cursor` for the next page."""
    secret_ok = may_read_secret(who, settings)
    filters = RecordFilter(
        document_id=document_id, doc_number=doc_number, issuer=issuer, doc_type=doc_type,
        issue_date_from=issue_date_from, issue_date_to=issue_date_to, deadline_from=deadline_from,
        deadline_to=deadline_to, review_status=review_status.value if review_status else None,
        q=q.strip() if q and q.strip() else None, updated_since=updated_since, include_secret=secret_ok,
    )
    try:
        body, served = list_records_json(session=session, filters=filters, limit=limit, cursor=cursor)
    except ValueError as e:
        raise HTTPException(422, str(e)) from e
    for record_id, secrecy in served:
        if secrecy:
            add_audit_event(session=session, actor=who.name, action="read_secret_record", target=str(record_id),
                            detail={"secrecy": secrecy})
    return Response(body, media_type="application/json")


@router.get("/{record_id}", response_model=RecordPublic)
def get_record_route(record_id: int, session: SessionDep, settings: SettingsDep, who: PrincipalDep):
    record = get_record(session=session, record_id=record_id)
    if record.secrecy:
        if not may_read_secret(who, settings):
            raise NotFoundError(f"no record {record_id}")  # not even its existence is shown
        add_audit_event(session=session, actor=who.name, action="read_secret_record", target=str(record.id),
                        detail={"secrecy": record.secrecy})
    return JSONResponse(record_public(record), headers={"ETag": record_etag(record)})
