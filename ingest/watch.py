"""A watched folder: a scanner drops files in, each is ingested once it stops growing, then moved away.

Accepted files go to `done/`, refused ones to `refused/` with a `.error.txt` beside them. While storage
or the database is down a file stays where it is and is tried again on the next pass.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from yigcha.ingest.queue import Dispatcher
from yigcha.ingest.upload import accept_upload
from yigcha.models.errors import InputFileError, StorageError
from yigcha.models.settings import Settings
from yigcha.storage.objects import ObjectStore

log = logging.getLogger(__name__)


class FolderWatcher(threading.Thread):
    """Polls `folder` every `interval` seconds."""

    def __init__(self, *, settings: Settings, factory: sessionmaker[Session], store: ObjectStore,
                 dispatcher: Dispatcher, folder: Path, interval: float = 2.0) -> None:
        super().__init__(name="yigcha-watch", daemon=True)
        self.settings, self.factory, self.store, self.dispatcher = settings, factory, store, dispatcher
        self.folder, self.interval = folder, interval
        self.stopped = threading.Event()
        self._sizes: dict[Path, int] = {}

    def run(self) -> None:
        for sub in ("done", "refused"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        while not self.stopped.wait(self.interval):
            try:
                self.scan_once()
            except Exception:
                log.exception("watched folder %s: pass failed", self.folder)

    def stop(self) -> None:
        self.stopped.set()

    def scan_once(self) -> None:
        """Ingest every file whose size did not change since the previous pass (the scanner finished it)."""
        current = {p: p.stat().st_size for p in self.folder.iterdir() if p.is_file() and not p.name.startswith(".")}
        stable = [p for p, size in current.items() if self._sizes.get(p) == size]
        self._sizes = current
        for path in sorted(stable):
            self._ingest(path)

    def _ingest(self, path: Path) -> None:
        try:
            accepted = accept_upload(settings=self.settings, factory=self.factory, store=self.store,
                                     dispatcher=self.dispatcher, data=path.read_bytes(), filename=path.name,
                                     uploaded_by=f"watch:{self.folder.name}")
        except InputFileError as e:
            (self.folder / "refused" / f"{path.name}.error.txt").write_text(f"{e.code}: {e.message}\n")
            path.replace(self.folder / "refused" / path.name)
            return
        except StorageError as e:
            log.warning("watched file %s waits: %s", path.name, e.message)
            return
        log.info("watched file %s → document %s", path.name, accepted.document["id"])
        path.replace(self.folder / "done" / path.name)
        self._sizes.pop(path, None)
