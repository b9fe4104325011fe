"""End to end with real processes: `yigcha serve` and `yigcha worker` over real HTTP, and the fault tests.

The records served by GET /records must be exactly what `yigcha extract` gives for the same files.
"""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from utils.service import CORPUS, ServiceProcess, corpus_file, free_port, missing, wait_for

SERVICE_FIELDS = {"id", "document_id", "version", "review_status", "duplicate_of", "created_at", "updated_at"}
BORN_DIGITAL = sorted(p.name for p in (CORPUS / "files").glob("*.pdf") if p.name.count(".") == 1)


def cli(env: dict[str, str], *args: str) -> str:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("YIGCHA_")} | env
    done = subprocess.run([sys.executable, "-m", "yigcha.cli", *args], env=full_env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class Service:
    """A running `yigcha serve` plus its workers, and an HTTP client with an admin token."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.workers = env, logs, {}
        self.token = cli(env, "token", "create", "--role", "admin").strip().splitlines()[-1]
        port = free_port()
        self.api = ServiceProcess(["serve", "--port", str(port)], env, logs / "serve.log")
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30,
                                 headers={"Authorization": f"Bearer {self.token}"})
        wait_for(self._healthy, timeout=30, what=f"yigcha serve on {port}:\n{self.api.output()}")

    def _healthy(self) -> bool:
        try:
            return self.http.get("/healthz").status_code == 200
        except httpx.TransportError:
            assert self.api.proc.poll() is None, self.api.output()
            return False

    def start_worker(self, name: str) -> ServiceProcess:
        self.workers[name] = ServiceProcess(["worker", "--name", f"{name}-{os.getpid()}"], self.env,
                                            self.logs / f"worker-{name}.log")
        return self.workers[name]

    def upload(self, *paths: Path) -> list[dict]:
        files = [("files", (p.name, p.read_bytes())) for p in paths]
        response = self.http.post("/documents", files=files)
        assert response.status_code == 202, response.text
        return response.json()["documents"]

    def document(self, document_id: str) -> dict:
        return self.http.get(f"/documents/{document_id}").json()

    def wait_done(self, document_ids: list[str], timeout: float) -> list[dict]:
        def finished():
            docs = [self.document(d) for d in document_ids]
            return docs if all(d["status"] in ("done", "failed") for d in docs) else None

        return wait_for(finished, timeout=timeout, interval=0.3, what=f"documents {document_ids}:\n{self.tail()}")

    def records(self, document_id: str) -> list[dict]:
        return self.http.get("/records", params={"document_id": document_id, "limit": 500}).json()["items"]

    def tail(self) -> str:
        parts = [self.api.output()[-3000:]] + [w.output()[-3000:] for w in self.workers.values()]
        return "\n----\n".join(parts)

    def stop(self) -> None:
        self.http.close()
        for process in [*self.workers.values(), self.api]:
            process.stop()


@pytest.fixture
def service(settings, service_env, tmp_path) -> Iterator[Service]:
    running = Service(service_env, tmp_path)
    yield running
    running.stop()


def extract_like_cli(path: Path) -> dict:
    """What `yigcha extract` prints for the file."""
    from yigcha.extractors.pipeline import extract

    return extract(path.read_bytes(), path.name).to_dict()


def served_as_extracted(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in SERVICE_FIELDS} for r in records]


def load_score():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS.parent / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def test_end_to_end_corpus_matches_extract(service: Service, tmp_path: Path) -> None:
    """Upload the born-digital corpus and one bitonal TIFF; GET /records equals `yigcha extract`."""
    paths = [corpus_file(name) for name in BORN_DIGITAL] + [corpus_file("n002.tiff")]
    service.start_worker("a")
    documents = service.upload(*paths)
    assert [d["filename"] for d in documents] == [p.name for p in paths]
    expected_by_name = {p.name: extract_like_cli(p) for p in paths}  # while the worker works
    finished = service.wait_done([d["id"] for d in documents], timeout=240)
    assert [(d["filename"], d["status"], d["error"]) for d in finished] == [(p.name, "done", None) for p in paths]
    served_dir, extracted_dir = tmp_path / "served", tmp_path / "extracted"
    served_dir.mkdir(), extracted_dir.mkdir()
    for path, document in zip(paths, finished):
        served = served_as_extracted(service.records(document["id"]))
        expected = expected_by_name[path.name]
        assert served == expected["records"], path.name
        assert [r["id"] for r in service.records(document["id"])] == document["record_ids"], path.name
        stem = path.name.rsplit(".", 1)[0]
        (served_dir / f"{stem}.json").write_text(json.dumps({"records": served}, ensure_ascii=False))
        (extracted_dir / f"{stem}.json").write_text(json.dumps(expected, ensure_ascii=False))
    score = load_score()
    assert score(CORPUS / "expected", served_dir) == score(CORPUS / "expected", extracted_dir)
    page = service.http.get(f"/documents/{finished[0]['id']}/pages/1.png")
    assert (page.status_code, page.content[:8]) == (200, b"\x89PNG\r\n\x1a\n")
    again = service.upload(paths[0])  # duplicate over real HTTP: the same document
    assert (again[0]["id"], again[0]["duplicate"], again[0]["status"]) == (documents[0]["id"], True, "done")


def test_worker_killed_mid_job_completes_elsewhere_exactly_once(service: Service, settings) -> None:
    from sqlalchemy import func, select

    from yigcha.models.tables import Record, RecordVersion
    from yigcha.storage.db import session_factory, session_scope

    victim = service.start_worker("victim")
    (document,) = service.upload(corpus_file("n005.scan.pdf"))
    wait_for(lambda: service.document(document["id"])["status"] == "processing", timeout=60,
             what=f"processing:\n{service.tail()}")
    victim.proc.send_signal(signal.SIGKILL)
    victim.proc.wait()
    service.start_worker("rescuer")
    (finished,) = service.wait_done([document["id"]], timeout=120)
    assert (finished["status"], finished["error"], finished["attempts"]) == ("done", None, 2)
    with session_scope(session_factory(settings)) as session:
        records = session.scalar(select(func.count()).select_from(Record))
        versions = session.scalar(select(func.count()).select_from(RecordVersion))
    assert records == versions == len(finished["record_ids"]) >= 1
    logs = [service.api.output(), *(w.output() for w in service.workers.values())]
    assert any(f"re-queued 1 document(s) whose worker stopped: {document['id']}" in log for log in logs)


@pytest.fixture
def own_redis(tmp_path) -> Iterator[tuple[int, callable, callable]]:
    """A private redis-server on a free port (the machine's Redis is shared), which the test stops/starts."""
    port = free_port()
    state: dict[str, subprocess.Popen] = {}

    def start() -> None:
        state["proc"] = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                          "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                                        text=True).stdout.strip() == "PONG", timeout=10, what="redis-server")

    def stop() -> None:
        state["proc"].terminate()
        state["proc"].wait(10)

    try:
        start()
    except FileNotFoundError:
        missing("redis-server is not installed")
    yield port, start, stop
    if state["proc"].poll() is None:
        stop()


def test_redis_down_upload_accepted_then_processed(settings, service_env, own_redis, tmp_path) -> None:
    port, start_redis, stop_redis = own_redis
    env = service_env | {"YIGCHA_REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    running = Service(env, tmp_path)
    try:
        running.start_worker("patient")
        stop_redis()
        (document,) = running.upload(corpus_file("n019.pdf"))
        assert document["status"] == "queued"
        ready = running.http.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["queue"] != "ok"
        start_redis()
        (finished,) = running.wait_done([document["id"]], timeout=120)
        assert (finished["status"], finished["error"]) == ("done", None)
        assert len(running.records(document["id"])) >= 1
    finally:
        running.stop()


def test_embedded_defaults_one_command(tmp_path) -> None:
    """No configuration: token on a fresh data dir, then `serve` runs everything (SQLite, files, jobs)."""
    env = {"YIGCHA_DATA_DIR": str(tmp_path / "yigcha-data")}
    token = cli(env, "token", "create", "--role", "uploader").strip().splitlines()[-1]
    port = free_port()
    api = ServiceProcess(["serve", "--port", str(port)], env, tmp_path / "serve.log")
    try:
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"})
        wait_for(lambda: _get_ok(http, "/healthz"), timeout=15, what=f"healthz:\n{api.output()}")
        path = corpus_file("n020.pdf")
        (document,) = http.post("/documents", files=[("files", (path.name, path.read_bytes()))]).json()["documents"]
        done = wait_for(lambda: (d := http.get(f"/documents/{document['id']}").json())["status"] in ("done", "failed")
                        and d, timeout=120, what=f"embedded job:\n{api.output()}")
        assert (done["status"], done["error"]) == ("done", None)
        served = served_as_extracted(http.get("/records").json()["items"])
        assert served == extract_like_cli(path)["records"]
        assert (tmp_path / "yigcha-data" / "yigcha.db").is_file()
    finally:
        api.stop()


def _get_ok(http: httpx.Client, path: str) -> bool:
    try:
        return http.get(path).status_code == 200
    except httpx.TransportError:
        return False
