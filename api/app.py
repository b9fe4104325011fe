"""The FastAPI app factory. `create_app()` opens the database, object storage and queue at start-up."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from yigcha.api.deps import Services
from yigcha.api.errors import install_error_handlers
from yigcha.api.routes import documents, health, hints, records, review, tokens, web
from yigcha.api.routes.health import DatabaseCollector
from yigcha.ingest.jobs import run_document
from yigcha.ingest.queue import Sweeper, dispatcher_from_settings
from yigcha.ingest.watch import FolderWatcher
from yigcha.models.settings import Settings, get_settings
from yigcha.storage.db import engine_for, migrate, session_factory, session_scope
from yigcha.storage.documents import requeue_stranded
from yigcha.storage.objects import store_from_settings

log = logging.getLogger(__name__)


def open_services(settings: Settings) -> Services:
    """Migrate the database and open storage and the queue (in-process jobs when there is no Redis)."""
    migrate(engine_for(settings.sqlalchemy_url))
    factory = session_factory(settings)
    store = store_from_settings(settings)
    run_local = partial(_run_local, settings, factory, store)
    return Services(settings=settings, factory=factory, store=store,
                    dispatcher=dispatcher_from_settings(settings, run_local=run_local))


def _run_local(settings, factory, store, document_id: str, generation: int) -> str:
    return run_document(settings=settings, factory=factory, store=store, document_id=document_id,
                        generation=generation)


def create_app(settings: Settings | None = None, *, background: bool = True) -> FastAPI:
    """The app. With `background`, a sweeper relays the outbox and re-queues jobs of dead workers."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = open_services(settings)
        app.state.services = services
        if services.dispatcher.name == "local":  # the in-process queue starts empty: refill it from the DB
            with session_scope(services.factory) as session:
                requeue_stranded(session=session)
        registry = CollectorRegistry(auto_describe=True)
        registry.register(DatabaseCollector(services))
        app.state.metrics_registry = registry
        threads = []
        if background:
            threads.append(Sweeper(factory=services.factory, dispatcher=services.dispatcher,
                                   interval=settings.sweep_seconds))
            if settings.watch_dir:
                threads.append(FolderWatcher(settings=settings, factory=services.factory, store=services.store,
                                             dispatcher=services.dispatcher, folder=settings.watch_dir))
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            for thread in threads:
                thread.stop()

    app = FastAPI(title="Yigcha", version="1", lifespan=lifespan,
                  description="Tibetan–Chinese government notices in, structured records out.")
    app.dependency_overrides[get_settings] = lambda: settings
    install_error_handlers(app)
    for module in (health, documents, records, tokens, review, hints):
        app.include_router(module.router)
    web.install(app)  # the review workspace: pages, static files, session cookies
    return app
