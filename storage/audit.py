"""The audit trail: deletions, token changes, and every read of a record with 密级."""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yigcha.models.tables import AuditEvent

log = logging.getLogger("yigcha.audit")


def add_audit_event(*, session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    session.add(AuditEvent(actor=actor, action=action, target=target, detail=detail or {}))
    log.info("audit actor=%s action=%s target=%s", actor, action, target)


def list_audit_events(*, session: Session, action: str | None = None, limit: int = 100) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query))
