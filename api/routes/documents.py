"""Documents: upload, status, the original, page images, delete, reprocess."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse

from yigcha.api.deps import Principal, PrincipalDep, ServicesDep, SessionDep, may_read_secret, require
from yigcha.api.schemas import DocumentPublic, DocumentsAccepted, DocumentsPublic, ReprocessResult
from yigcha.ingest.jobs import extractor_version
from yigcha.ingest.queue import relay_outbox
from yigcha.ingest.upload import accept_upload
from yigcha.models.errors import InputFileError, NotFoundError
from yigcha.models.tables import Role
from yigcha.storage import documents as crud
from yigcha.storage.audit import add_audit_event
from yigcha.storage.objects import artifact_key, original_key, page_key
from yigcha.storage.records import document_is_secret

router = APIRouter(prefix="/documents", tags=["documents"])
Uploader = Annotated[Principal, Depends(require(Role.uploader, Role.reviewer))]
Admin = Annotated[Principal, Depends(require())]


@router.post("", status_code=202, response_model=DocumentsAccepted)
def upload_documents(files: Annotated[list[UploadFile], File()], services: ServicesDep, who: Uploader):
    """Store each `files` part and queue it; one entry per part, in order. Same bytes → same document."""
    entries, refused = [], []
    for part in files:
        data = part.file.read(services.settings.max_upload_bytes + 1)
        try:
            accepted = accept_upload(settings=services.settings, factory=services.factory, store=services.store,
                                     dispatcher=services.dispatcher, data=data,
                                     filename=part.filename or "upload", uploaded_by=who.name)
        except InputFileError as e:
            refused.append(e)
            entries.append({"id": None, "status": "rejected", "filename": part.filename,
                            "error": {"code": e.code, "message": e.message}})
            continue
        entries.append(accepted.document | {"duplicate": not accepted.created})
    if refused and len(refused) == len(entries):
        raise refused[0]
    return JSONResponse({"documents": entries}, status_code=202)


@router.get("", response_model=DocumentsPublic)
def list_documents(session: SessionDep, _who: PrincipalDep,
                   status_: Annotated[str | None, Query(alias="status")] = None, limit: int = 50):
    """Newest documents first (for the upload page)."""
    rows = crud.list_documents(session=session, status=status_, limit=min(max(limit, 1), 200))
    return {"items": [crud.document_summary(d) for d in rows]}


@router.get("/{document_id}", response_model=DocumentPublic)
def get_document(document_id: str, session: SessionDep, _who: PrincipalDep):
    return crud.document_summary(crud.get_document(session=session, document_id=document_id))


def _check_secret(*, session, services, who: Principal, document_id: str) -> None:
    if document_is_secret(session=session, document_id=document_id):
        if not may_read_secret(who, services.settings):
            raise NotFoundError(f"no document {document_id!r}")
        add_audit_event(session=session, actor=who.name, action="read_secret_document", target=document_id)


@router.get("/{document_id}/file", response_class=StreamingResponse)
def get_original(document_id: str, session: SessionDep, services: ServicesDep, who: PrincipalDep):
    """The original file, byte for byte, streamed."""
    document = crud.get_document(session=session, document_id=document_id)
    _check_secret(session=session, services=services, who=who, document_id=document_id)
    chunks = services.store.stream(original_key(document.sha256))
    disposition = f"attachment; filename*=UTF-8''{quote(document.filename, safe='')}"
    return StreamingResponse(chunks, media_type=document.content_type,
                             headers={"Content-Disposition": disposition, "Content-Length": str(document.size)})


@router.get("/{document_id}/pages/{page_number}.png", response_class=Response)
def get_page_image(document_id: str, page_number: int, session: SessionDep, services: ServicesDep,
                   who: PrincipalDep):
    """Page `page_number` (from 1), upright, as PNG; 404 until the document is done."""
    crud.get_document(session=session, document_id=document_id)
    _check_secret(session=session, services=services, who=who, document_id=document_id)
    data = services.store.get(page_key(document_id, page_number))
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.delete("/{document_id}", status_code=204)
def delete_document(document_id: str, session: SessionDep, services: ServicesDep, who: Admin):
    """Remove the document, its original, artifacts and records (admin; audited)."""
    document = crud.delete_document(session=session, document_id=document_id)
    add_audit_event(session=session, actor=who.name, action="delete_document", target=document_id,
                    detail={"filename": document.filename, "sha256": document.sha256})
    session.flush()
    for prefix in (f"pages/{document_id}/", artifact_key(document_id, "")):
        services.store.delete_prefix(prefix)
    services.store.delete(original_key(document.sha256))
    return Response(status_code=204)


@router.post("/{document_id}/reprocess", status_code=202, response_model=DocumentPublic)
def reprocess_document(document_id: str, session: SessionDep, services: ServicesDep, who: Admin):
    """Run the extractor on the document again (records are replaced)."""
    document = crud.request_reprocess(session=session, document_id=document_id)
    add_audit_event(session=session, actor=who.name, action="reprocess", target=document_id)
    session.commit()
    relay_outbox(factory=services.factory, dispatcher=services.dispatcher)
    return JSONResponse(crud.document_summary(document), status_code=202)


@router.post("/reprocess", status_code=202, response_model=ReprocessResult)
def reprocess_outdated(session: SessionDep, services: ServicesDep, who: Admin, all_documents: bool = False):
    """Re-run every document processed by an older extractor version (or all, with `all_documents=true`)."""
    ids = crud.reprocess_outdated(session=session, extractor_version=extractor_version(), include_all=all_documents)
    add_audit_event(session=session, actor=who.name, action="reprocess_outdated", target="*",
                    detail={"count": len(ids)})
    session.commit()
    relay_outbox(factory=services.factory, dispatcher=services.dispatcher)
    return JSONResponse({"document_ids": ids}, status_code=202)
