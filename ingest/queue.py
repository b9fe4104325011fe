"""Getting documents from the database onto a queue: dispatchers, the outbox relay and the lease sweeper.

The database is the source of truth. An upload commits its document and an outbox row together; the
relay moves outbox rows onto the queue and deletes them only once the queue has the job, so a Redis
outage delays work but never loses it. The sweeper re-queues documents whose worker died mid-job
(its lease expired) within seconds, instead of waiting for rq's 10-minute maintenance.
"""
from __future__ import annotations

import logging
import queue as stdlib_queue
import threading
from collections.abc import Callable
from typing import Protocol

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.registry import StartedJobRegistry
from sqlalchemy.orm import Session, sessionmaker

from yigcha.models.errors import StorageError
from yigcha.models.settings import Settings
from yigcha.storage.db import session_scope
from yigcha.storage.documents import note_outbox_error, pending_outbox, remove_outbox, requeue_expired

log = logging.getLogger(__name__)

JOB_FUNCTION = "yigcha.ingest.jobs.process_document"


class Dispatcher(Protocol):
    name: str

    def enqueue(self, *, document_id: str, generation: int, outbox_id: int) -> None: ...
    def ping(self) -> None: ...


def redis_from_url(url: str) -> Redis:
    # Short timeouts: an upload must not hang while Redis is down (its job waits in the outbox).
    return Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=5.0, health_check_interval=10)


class RqDispatcher:
    """Jobs on an rq queue, run by `yigcha worker` processes."""

    name = "rq"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.connection = redis_from_url(settings.redis_url or "")
        self.queue = Queue(settings.redis_queue, connection=self.connection)

    def enqueue(self, *, document_id: str, generation: int, outbox_id: int) -> None:
        s = self.settings
        try:
            self.queue.enqueue(
                JOB_FUNCTION, document_id, generation,
                job_id=f"doc-{document_id}-g{generation}-o{outbox_id}", job_timeout=s.job_timeout,
                retry=Retry(max=s.job_retries, interval=s.retry_intervals) if s.job_retries else None,
                result_ttl=3600, failure_ttl=7 * 24 * 3600, description=f"process {document_id}",
            )
        except RedisError as e:
            raise StorageError(f"queue at {s.redis_url} unreachable: {e}") from e

    def ping(self) -> None:
        try:
            self.connection.ping()
        except RedisError as e:
            raise StorageError(f"queue at {self.settings.redis_url} unreachable: {e}") from e

    def cleanup_started(self) -> None:
        """Let rq move jobs of dead workers out of its started registry (ours are re-run via leases)."""
        try:
            StartedJobRegistry(queue=self.queue).cleanup()
        except RedisError:
            pass


class LocalDispatcher:
    """Jobs run one at a time on a thread of this process: the embedded default (`yigcha serve`)."""

    name = "local"

    def __init__(self, run: Callable[[str, int], object]) -> None:
        self._run = run
        self._jobs: stdlib_queue.Queue[tuple[str, int]] = stdlib_queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="yigcha-local-jobs", daemon=True)
        self._thread.start()

    def enqueue(self, *, document_id: str, generation: int, outbox_id: int) -> None:
        self._jobs.put((document_id, generation))

    def ping(self) -> None:
        if not self._thread.is_alive():
            raise StorageError("the in-process job runner stopped; restart `yigcha serve`")

    def _loop(self) -> None:
        while True:
            document_id, generation = self._jobs.get()
            try:
                self._run(document_id, generation)
            except Exception:  # the document is already marked failed; keep serving the others
                log.exception("job for document %s failed", document_id)


def dispatcher_from_settings(settings: Settings, *, run_local: Callable[[str, int], object]) -> Dispatcher:
    return RqDispatcher(settings) if settings.redis_url else LocalDispatcher(run_local)


def relay_outbox(*, factory: sessionmaker[Session], dispatcher: Dispatcher, only: set[int] | None = None) -> int:
    """Put pending outbox rows on the queue; rows stay when the queue is unreachable. Returns jobs sent.

    The rows stay locked until the queue has the jobs, so two relays (api and workers) never both send one.
    """
    with session_scope(factory) as session:
        sent: list[int] = []
        for row in pending_outbox(session=session, ids=only):
            try:
                dispatcher.enqueue(document_id=row.document_id, generation=row.generation, outbox_id=row.id)
            except StorageError as e:
                note_outbox_error(session=session, outbox_id=row.id, error=e.message)
                break
            sent.append(row.id)
        remove_outbox(session=session, outbox_ids=sent)
    return len(sent)


def sweep_once(*, factory: sessionmaker[Session], dispatcher: Dispatcher) -> None:
    """Re-queue documents of dead workers, then relay the outbox."""
    with session_scope(factory) as session:
        requeued = requeue_expired(session=session)
    if requeued:
        log.warning("re-queued %d document(s) whose worker stopped: %s", len(requeued), ", ".join(requeued))
    if isinstance(dispatcher, RqDispatcher):
        dispatcher.cleanup_started()
    relay_outbox(factory=factory, dispatcher=dispatcher)


class Sweeper(threading.Thread):
    """Runs `sweep_once` every `interval` seconds until stopped (in `serve` and in every worker)."""

    def __init__(self, *, factory: sessionmaker[Session], dispatcher: Dispatcher, interval: float) -> None:
        super().__init__(name="yigcha-sweeper", daemon=True)
        self.factory, self.dispatcher, self.interval = factory, dispatcher, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                sweep_once(factory=self.factory, dispatcher=self.dispatcher)
            except StorageError as e:
                log.warning("sweep skipped: %s", e.message)
            except Exception:
                log.exception("sweep failed")

    def stop(self) -> None:
        self.stopped.set()
