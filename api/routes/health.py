"""Health checks (no token) and Prometheus metrics."""
from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from sqlalchemy import select

from yigcha.api.deps import Services, ServicesDep
from yigcha.models.errors import StorageError
from yigcha.models.tables import Document, DocumentStatus
from yigcha.storage.db import ping, session_scope
from yigcha.storage.documents import count_documents_by_status, count_pages

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz():
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(services: ServicesDep):
    """Database, object storage and queue are reachable (503 names the one that is not)."""
    checks = {}
    for name, check in (("database", lambda: ping(services.factory.kw["bind"])),
                        ("storage", services.store.ping), ("queue", services.dispatcher.ping)):
        try:
            check()
            checks[name] = "ok"
        except StorageError as e:
            checks[name] = e.message
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ok" if ready else "unavailable", "checks": checks},
                        status_code=200 if ready else 503)


class DatabaseCollector:
    """Metrics read from the database at scrape time, so api and workers report one truth."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self):
        with session_scope(self.services.factory) as session:
            by_status = count_documents_by_status(session=session)
            pages = count_pages(session=session)
            timings = list(session.scalars(
                select(Document.timings).where(Document.status == DocumentStatus.done.value)
                .order_by(Document.finished_at.desc()).limit(1000)
            ))
        gauge = GaugeMetricFamily("yigcha_documents", "Documents by status", labels=["status"])
        for status, n in by_status.items():
            gauge.add_metric([status], n)
        yield gauge
        yield CounterMetricFamily("yigcha_pages_processed", "Pages of documents processed", value=pages)
        per_stage: dict[str, list[float]] = defaultdict(list)
        for row in timings:
            for stage, seconds in (row or {}).items():
                per_stage[stage].append(float(seconds))
        summary = SummaryMetricFamily("yigcha_stage_duration_seconds",
                                      "Stage durations of the last 1000 processed documents", labels=["stage"])
        for stage, values in sorted(per_stage.items()):
            summary.add_metric([stage], count_value=len(values), sum_value=sum(values))
        yield summary


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request):
    """Prometheus text format: documents by status, pages processed, stage durations."""
    registry: CollectorRegistry = request.app.state.metrics_registry
    return PlainTextResponse(generate_latest(registry).decode(), media_type="text/plain; version=0.0.4")
