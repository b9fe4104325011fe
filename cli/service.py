"""`yigcha serve`, `yigcha worker`, `yigcha token create|list|revoke`, `yigcha reprocess`."""
from __future__ import annotations

import argparse
import logging
from datetime import datetime, timedelta, timezone

from yigcha.models.errors import YigchaError
from yigcha.models.settings import get_settings
from yigcha.models.tables import Role


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help="run the API (embedded defaults: SQLite, local files, in-process jobs)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run_serve)

    worker = subparsers.add_parser("worker", help="run an rq worker (needs YIGCHA_REDIS_URL)")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.add_argument("--name", help="worker name (default: rq's)")
    worker.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="do not load the OCR models before the first job")
    worker.set_defaults(run=run_worker)

    token = subparsers.add_parser("token", help="API tokens").add_subparsers(dest="token_command", required=True)
    create = token.add_parser("create", help="create a token; prints it on the last line")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--name")
    create.add_argument("--expires-days", type=float, help="expire after this many days (default: never)")
    create.set_defaults(run=run_token_create)
    listing = token.add_parser("list", help="list tokens (never the tokens themselves)")
    listing.add_argument("--all", action="store_true", help="include revoked tokens")
    listing.set_defaults(run=run_token_list)
    revoke = token.add_parser("revoke", help="revoke a token by id")
    revoke.add_argument("token_id", type=int)
    revoke.set_defaults(run=run_token_revoke)

    reprocess = subparsers.add_parser("reprocess", help="queue documents again (records are replaced)")
    which = reprocess.add_mutually_exclusive_group(required=True)
    which.add_argument("--document", action="append", metavar="ID", help="this document (repeatable)")
    which.add_argument("--outdated", action="store_true", help="every document of an older extractor version")
    which.add_argument("--all", action="store_true", help="every finished document")
    reprocess.set_defaults(run=run_reprocess)


def _logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _guard(run):
    """Known errors print their message and exit with their code (like `yigcha extract`)."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except YigchaError as e:
            print(f"yigcha: {e.code}: {e.message}", flush=True)
            return int(e.exit_code)

    return wrapped


@_guard
def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from yigcha.api.app import create_app

    settings = get_settings()
    _logging(settings.log_level)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=settings.log_level.lower())
    return 0


@_guard
def run_worker(args: argparse.Namespace) -> int:
    from yigcha.ingest.worker import run_worker as work

    settings = get_settings()
    _logging(settings.log_level)
    work(settings, burst=args.burst, name=args.name, warm_up=args.warm_up)
    return 0


def _factory():
    from yigcha.storage.db import engine_for, migrate, session_factory

    settings = get_settings()
    factory = session_factory(settings)  # creates the data dir on the embedded default
    migrate(engine_for(settings.sqlalchemy_url))
    return factory


@_guard
def run_token_create(args: argparse.Namespace) -> int:
    from yigcha.storage.audit import add_audit_event
    from yigcha.storage.db import session_scope
    from yigcha.storage.tokens import create_token

    expires = datetime.now(timezone.utc) + timedelta(days=args.expires_days) if args.expires_days else None
    with session_scope(_factory()) as session:
        row, plain = create_token(session=session, role=Role(args.role), name=args.name, expires_at=expires)
        add_audit_event(session=session, actor="cli", action="create_token", target=str(row.id),
                        detail={"role": row.role})
        print(f"token {row.id} ({row.name}, role {row.role}"
              f"{', expires ' + row.expires_at.isoformat() if row.expires_at else ''}); shown once:")
    print(plain, flush=True)
    return 0


@_guard
def run_token_list(args: argparse.Namespace) -> int:
    from yigcha.storage.db import session_scope
    from yigcha.storage.tokens import list_tokens

    with session_scope(_factory()) as session:
        for row in list_tokens(session=session, include_revoked=args.all):
            state = "revoked" if row.revoked_at else (f"expires {row.expires_at:%Y-%m-%d}" if row.expires_at else "live")
            print(f"{row.id}\t{row.prefix}…\t{row.role}\t{row.name}\t{state}")
    return 0


@_guard
def run_token_revoke(args: argparse.Namespace) -> int:
    from yigcha.storage.audit import add_audit_event
    from yigcha.storage.db import session_scope
    from yigcha.storage.tokens import revoke_token

    with session_scope(_factory()) as session:
        revoke_token(session=session, token_id=args.token_id)
        add_audit_event(session=session, actor="cli", action="revoke_token", target=str(args.token_id))
    print(f"token {args.token_id} revoked")
    return 0


@_guard
def run_reprocess(args: argparse.Namespace) -> int:
    from yigcha.ingest.jobs import extractor_version
    from yigcha.ingest.queue import RqDispatcher, relay_outbox
    from yigcha.storage.db import session_scope
    from yigcha.storage.documents import reprocess_outdated, request_reprocess

    factory = _factory()
    with session_scope(factory) as session:
        if args.document:
            ids = [request_reprocess(session=session, document_id=d).id for d in args.document]
        else:
            ids = reprocess_outdated(session=session, extractor_version=extractor_version(), include_all=args.all)
    settings = get_settings()
    if settings.redis_url:
        relay_outbox(factory=factory, dispatcher=RqDispatcher(settings))
    print(f"queued {len(ids)} document(s)" + ("" if settings.redis_url else "; `yigcha serve` runs them"))
    return 0
