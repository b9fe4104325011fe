"""`yigcha worker`: an rq worker that keeps the OCR models loaded for its whole life.

rq's default `Worker` forks a work-horse per job, which would load the models again for every job.
We use `SimpleWorker` (no fork) and warm the extractor once at start. Crash handling that the fork gave
us comes from the document lease instead: if this process dies mid-job, the lease stops being renewed
and any other worker's (or the API's) sweeper re-queues the document within `lease_seconds`.
"""
from __future__ import annotations

import io
import logging
import time

from PIL import Image
from rq import SimpleWorker

from yigcha.extractors.pipeline import extract
from yigcha.ingest.queue import RqDispatcher, Sweeper
from yigcha.models.errors import YigchaError
from yigcha.models.settings import Settings
from yigcha.storage.db import engine_for, migrate, session_factory

log = logging.getLogger(__name__)


def warm_up_extractor() -> float:
    """Run the extractor once on a blank page so OCR models load now, not in the first job. Returns seconds."""
    start = time.perf_counter()
    buf = io.BytesIO()
    Image.new("L", (400, 560), 255).save(buf, "PNG")
    try:
        extract(buf.getvalue(), "warm-up.png", max_pages=1)
    except (YigchaError, NotImplementedError) as e:
        log.warning("extractor warm-up: %s", e)
    return time.perf_counter() - start


def run_worker(settings: Settings, *, burst: bool = False, name: str | None = None, warm_up: bool = True) -> bool:
    """Work the queue until stopped (or until it is empty, with `burst`). Returns whether any job ran."""
    if not settings.redis_url:
        raise SystemExit("yigcha worker needs YIGCHA_REDIS_URL; without it `yigcha serve` runs jobs itself")
    migrate(engine_for(settings.sqlalchemy_url))
    if warm_up:
        log.info("extractor warmed up in %.1f s", warm_up_extractor())
    dispatcher = RqDispatcher(settings)
    sweeper = Sweeper(factory=session_factory(settings), dispatcher=dispatcher, interval=settings.sweep_seconds)
    sweeper.start()
    try:
        worker = SimpleWorker([dispatcher.queue], connection=dispatcher.connection, name=name)
        return worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)
    finally:
        sweeper.stop()
