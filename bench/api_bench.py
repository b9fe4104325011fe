"""Service benchmark: upload→record latency, GET /records latency at 1k and 100k records, worker throughput.

usage: python bench/api_bench.py [--out bench/out/api_bench.json] [--skip-throughput] [--skip-100k]

Runs real `yigcha serve` / `yigcha worker` processes against the machine's PostgreSQL (a fresh
database, dropped at the end), Redis (DB 12) and the S3 server `.ci/run` starts (YIGCHA_S3_* or its
defaults). Targets (issue 3): GET /records p99 ≤ 50 ms at 100k records; born-digital upload→record
p95 ≤ 2 s with one idle worker; 2 workers ≥ 1.8× the pages/s of one on scans.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, text

from yigcha.models.settings import Settings
from yigcha.models.tables import Document, Record
from yigcha.storage.db import engine_for, migrate

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "files"
PG_ADMIN = "postgresql+psycopg://postgres:root@127.0.0.1:5432/test"
SCANS = ["n001.scan.pdf", "n002.scan.pdf", "n003.scan.pdf", "n005.scan.pdf"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


class Processes:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("YIGCHA_")} | env | {"OMP_THREAD_LIMIT": "1"}
        self.logs, self.procs = logs, []

    def start(self, *args: str) -> subprocess.Popen:
        log = (self.logs / f"{args[0]}-{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "yigcha.cli", *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def run(self, *args: str) -> str:
        return subprocess.run([sys.executable, "-m", "yigcha.cli", *args], env=self.env, check=True,
                              capture_output=True, text=True).stdout

    def stop(self, proc: subprocess.Popen) -> None:
        """Stop the process group (a worker's rq scheduler is a forked child)."""
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.5)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.procs.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.procs):
            self.stop(proc)


def wait_done(http: httpx.Client, ids: list[str], timeout: float = 900, interval: float = 1.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        docs = [http.get(f"/documents/{i}").json() for i in ids]
        if all(d["status"] in ("done", "failed") for d in docs):
            return docs
        time.sleep(interval)  # polling costs CPU the workers need
    raise TimeoutError(ids)


def unique_copy(data: bytes, tag: str) -> bytes:
    """The same PDF with a trailing comment, so it is a new document (new sha256) each time."""
    return data + f"\n%bench {tag}\n".encode()


def bench_upload_latency(http: httpx.Client, runs: int) -> dict:
    pdf = (CORPUS / "n001.pdf").read_bytes()
    latencies = []
    for i in range(runs + 1):
        start = time.perf_counter()
        response = http.post("/documents", files=[("files", ("n001.pdf", unique_copy(pdf, uuid.uuid4().hex)))])
        document_id = response.json()["documents"][0]["id"]
        while not http.get("/records", params={"document_id": document_id}).json()["items"]:
            if http.get(f"/documents/{document_id}").json()["status"] == "failed":
                raise RuntimeError(f"document {document_id} failed")
            time.sleep(0.02)
        if i:  # the first run warms caches
            latencies.append(time.perf_counter() - start)
    return {"runs": runs, "p50_s": round(statistics.median(latencies), 3),
            "p95_s": round(percentile(latencies, 95), 3), "max_s": round(max(latencies), 3)}


def fill_records(url: str, total: int) -> None:
    """Bulk-insert copies of real records until the table holds `total`."""
    engine = engine_for(url)
    with engine.begin() as c:
        have = c.execute(text("SELECT count(*) FROM records")).scalar_one()
        sample = [dict(row._mapping) for row in c.execute(text(
            "SELECT values, doc_number, issuer, issuers_key, doc_type, issue_date, min_confidence, search_text "
            "FROM records ORDER BY id LIMIT 20"))]
        batch = 5000
        while have < total:
            doc_id = uuid.uuid4().hex
            c.execute(insert(Document).values(id=doc_id, sha256=uuid.uuid4().hex + uuid.uuid4().hex, filename="bulk.pdf",
                                              kind="pdf", content_type="application/pdf", size=1, status="done",
                                              timings={}, generation=1, attempts=1))
            n = min(batch, total - have)
            rows = []
            for i in range(n):
                s = sample[i % len(sample)]
                rows.append({**s, "document_id": doc_id, "position": i, "version": 1, "review_status": "machine",
                             "search_text": f"{s['search_text']}\n批量{have + i}"})
            c.execute(insert(Record), rows)
            have += n


def bench_listing(http: httpx.Client, runs: int) -> dict:
    out = {}
    queries = {
        "first_page": {}, "filtered_doc_type": {"doc_type": "通知"},
        "q_selective_3plus_chars": {"q": "批量777"},  # one record: pg_trgm index
        "q_common_3plus_chars": {"q": "藏教发"},  # every record matches
        "q_2_chars": {"q": "教育"},  # too short for trigrams: a scan until 50 hits
    }
    for name, params in queries.items():
        times = []
        cursor = None
        for i in range(runs if name in ("first_page", "filtered_doc_type") else max(runs // 10, 10)):
            p = dict(params)
            if name == "first_page" and cursor and i % 2:
                p["cursor"] = cursor  # alternate first and following pages
            start = time.perf_counter()
            response = http.get("/records", params=p)
            times.append((time.perf_counter() - start) * 1000)
            body = response.json()
            cursor = body["next_cursor"] or None
        out[name] = {"p50_ms": round(statistics.median(times), 1), "p99_ms": round(percentile(times, 99), 1),
                     "items": len(body["items"])}
    return out


def bench_throughput(procs: Processes, http: httpx.Client, workers: int) -> dict:
    started = [procs.start("worker", "--name", f"bench-{workers}-{i}-{uuid.uuid4().hex[:4]}") for i in range(workers)]
    time.sleep(8)  # workers load the OCR models before the clock starts
    # Two copies of each scan (new bytes each), so the last document does not leave a worker idle for long.
    files = [("files", (n, unique_copy((CORPUS / n).read_bytes(), uuid.uuid4().hex))) for n in SCANS * 2]
    start = time.perf_counter()
    ids = [d["id"] for d in http.post("/documents", files=files).json()["documents"]]
    docs = wait_done(http, ids)
    elapsed = time.perf_counter() - start
    for proc in started:
        procs.stop(proc)
    pages = sum(d["pages"] or 0 for d in docs)
    return {"workers": workers, "documents": len(docs), "pages": pages, "seconds": round(elapsed, 2),
            "pages_per_s": round(pages / elapsed, 3), "failed": [d["filename"] for d in docs if d["status"] != "done"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "api_bench.json")
    parser.add_argument("--upload-runs", type=int, default=20)
    parser.add_argument("--list-runs", type=int, default=300)
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()

    tag = uuid.uuid4().hex[:8]
    name = f"yigcha_bench_{tag}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    base = Settings()  # YIGCHA_S3_* from the environment, else the .ci/run defaults
    env = {
        "YIGCHA_DATABASE_URL": url, "YIGCHA_REDIS_URL": "redis://127.0.0.1:6379/12",
        "YIGCHA_REDIS_QUEUE": f"bench-{tag}", "YIGCHA_DATA_DIR": f"/tmp/yigcha-bench-{tag}",
        "YIGCHA_S3_ENDPOINT": base.s3_endpoint or "127.0.0.1:8333",
        "YIGCHA_S3_ACCESS_KEY": base.s3_access_key or "yigcha-test",
        "YIGCHA_S3_SECRET_KEY": base.s3_secret_key.get_secret_value() if base.s3_secret_key else "yigcha-test-secret",
        "YIGCHA_S3_BUCKET": f"bench-{tag}", "YIGCHA_LOG_LEVEL": "WARNING",
    }
    logs = Path(env["YIGCHA_DATA_DIR"])
    logs.mkdir(parents=True)
    procs = Processes(env, logs)
    results: dict = {"machine": {"cores": os.cpu_count()}}
    try:
        migrate(engine_for(url))
        token = procs.run("token", "create", "--role", "admin").strip().splitlines()[-1]
        port = free_port()
        procs.start("serve", "--port", str(port))
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"},
                            timeout=60)
        for _ in range(100):
            try:
                if http.get("/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        worker = procs.start("worker", "--name", f"bench-idle-{tag}")
        time.sleep(8)
        results["upload_to_record_born_digital"] = bench_upload_latency(http, args.upload_runs)
        print(json.dumps(results, ensure_ascii=False), flush=True)
        procs.stop(worker)
        for total in (1_000, 100_000):
            if total == 100_000 and args.skip_100k:
                continue
            fill_records(url, total)
            with engine_for(url).begin() as c:
                c.execute(text("ANALYZE"))
            results[f"list_records_{total // 1000}k"] = bench_listing(http, args.list_runs)
            print(json.dumps(results[f"list_records_{total // 1000}k"], ensure_ascii=False), flush=True)
        if not args.skip_throughput:
            one = bench_throughput(procs, http, 1)
            two = bench_throughput(procs, http, 2)
            results["throughput_scans"] = {"one_worker": one, "two_workers": two,
                                           "speedup": round(two["pages_per_s"] / one["pages_per_s"], 2)}
    finally:
        procs.stop_all()
        engine_for(url).dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
