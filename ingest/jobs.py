"""rq job functions (importable by dotted path): one document in, records and artifacts out.

`process_document` is idempotent. It runs only while it holds the document's lease (one UPDATE claims
it, a heartbeat thread renews it), writes the records and marks the document done in one transaction
that first checks the lease is still its own, and replaces earlier records instead of adding to them.
So a job that runs twice, or whose worker was killed and re-run elsewhere, leaves exactly one result.
"""
from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import socket
import threading
import time
import uuid
from importlib import metadata
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from yigcha.models.errors import StorageError, YigchaError
from yigcha.models.settings import Settings, get_settings
from yigcha.models.tables import DocumentStatus, utcnow
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.documents import claim_document, fail_document, hold_lease, renew_lease
from yigcha.storage.hints import load_hints
from yigcha.storage.objects import ObjectStore, artifact_key, original_key, page_key, store_from_settings
from yigcha.storage.records import replace_records

if TYPE_CHECKING:
    from yigcha.extractors.pipeline import Extraction

log = logging.getLogger(__name__)


def extractor_version() -> str:
    """Stored on each processed document; `yigcha reprocess --outdated` re-runs the older ones."""
    return f"yigcha-{metadata.version('yigcha')}"


def process_document(document_id: str, generation: int) -> str:
    """The rq job. Returns `done`, `failed` or `skipped` (another run has it or finished it)."""
    settings = get_settings()
    return run_document(settings=settings, factory=session_factory(settings), store=store_from_settings(settings),
                        document_id=document_id, generation=generation)


class _Heartbeat(threading.Thread):
    """Renews the lease while the extractor runs; notices when the lease was lost."""

    def __init__(self, *, factory: sessionmaker[Session], document_id: str, owner: str, lease_seconds: int):
        super().__init__(name=f"lease-{document_id}", daemon=True)
        self.factory, self.document_id, self.owner, self.lease_seconds = factory, document_id, owner, lease_seconds
        self.stopped = threading.Event()
        self.lost = False

    def run(self) -> None:
        while not self.stopped.wait(max(self.lease_seconds / 3, 0.5)):
            try:
                with session_scope(self.factory) as session:
                    if not renew_lease(session=session, document_id=self.document_id, owner=self.owner,
                                       lease_seconds=self.lease_seconds):
                        self.lost = True
                        return
            except StorageError as e:
                log.warning("lease renewal of %s failed: %s", self.document_id, e.message)


def run_document(
    *, settings: Settings, factory: sessionmaker[Session], store: ObjectStore, document_id: str, generation: int
) -> str:
    """Claim, extract, store, finish. Known errors mark the document failed; unknown ones re-raise (rq retries)."""
    # Imported here, not at the top: the API imports this module (embedded mode, reprocess) and must start
    # in a second without loading the OCR stack; workers import it once at start (`warm_up_extractor`).
    from yigcha.extractors.pipeline import extract

    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    with session_scope(factory) as session:
        document = claim_document(session=session, document_id=document_id, generation=generation, owner=owner,
                                  lease_seconds=settings.lease_seconds)
        if document is None:
            return "skipped"
        sha256, filename = document.sha256, document.filename
        hints = load_hints(session=session)
    heartbeat = _Heartbeat(factory=factory, document_id=document_id, owner=owner, lease_seconds=settings.lease_seconds)
    heartbeat.start()
    try:
        timings: dict[str, float] = {}
        start = time.perf_counter()
        data = store.get(original_key(sha256))
        timings["download"] = time.perf_counter() - start
        extraction = extract(data, filename, hints=hints, max_pages=settings.max_pages, keep_images=True)
        timings["extract"] = time.perf_counter() - start - timings["download"]
        store_artifacts(store=store, document_id=document_id, extraction=extraction)
        timings["store"] = time.perf_counter() - start - timings["download"] - timings["extract"]
    except YigchaError as e:
        _fail(factory, document_id, owner, e.code, e.message)
        if isinstance(e, StorageError):
            raise  # transient: let rq retry with backoff
        return "failed"
    except Exception as e:
        _fail(factory, document_id, owner, "internal_error", f"{e.__class__.__name__}: {e}")
        raise
    finally:
        heartbeat.stopped.set()
    return _finish(factory=factory, document_id=document_id, owner=owner, extraction=extraction, timings=timings,
                   started=start)


def _fail(factory: sessionmaker[Session], document_id: str, owner: str, code: str, message: str) -> None:
    log.warning("document %s failed: %s: %s", document_id, code, message)
    with session_scope(factory) as session:
        fail_document(session=session, document_id=document_id, owner=owner, code=code, message=message)


def _finish(
    *, factory: sessionmaker[Session], document_id: str, owner: str, extraction: "Extraction",
    timings: dict[str, float], started: float,
) -> str:
    result = extraction.to_dict()
    with session_scope(factory) as session:
        document = hold_lease(session=session, document_id=document_id, owner=owner)
        if document is None:  # lost the lease (we stalled and another worker took over): its result wins
            log.warning("document %s: lease lost, result dropped", document_id)
            return "skipped"
        replace_records(session=session, document=document, records=result["records"],
                        page_texts=result["page_texts"])
        timings["save"] = time.perf_counter() - started - sum(timings.values())
        document.status = DocumentStatus.done.value
        document.pages = result["pages"]
        document.timings = {k: round(v, 4) for k, v in timings.items()}
        document.extractor_version = extractor_version()
        document.lease_owner = document.lease_expires_at = None
        document.finished_at = utcnow()
    return "done"


def store_artifacts(*, store: ObjectStore, document_id: str, extraction: "Extraction") -> None:
    """Upright page images (PNG) and the layout/OCR JSON, under the document's id."""
    for number, image in enumerate(extraction.page_images, start=1):
        buf = io.BytesIO()
        image.save(buf, "PNG", compress_level=1)
        store.put(page_key(document_id, number), buf.getvalue(), content_type="image/png")
    layout: list[dict[str, Any]] = [dataclasses.asdict(page) for page in extraction.pages]
    store.put(artifact_key(document_id, "layout.json"), json.dumps(layout, ensure_ascii=False).encode(),
              content_type="application/json")
    store.put(artifact_key(document_id, "extraction.json"),
              json.dumps(extraction.to_dict(), ensure_ascii=False).encode(), content_type="application/json")
