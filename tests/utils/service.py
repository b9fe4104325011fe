"""Helpers of the service tests: skip-or-fail, corpus files, record builders, real service processes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def missing(reason: str) -> None:
    """Fail in CI, skip elsewhere: never pass silently."""
    if IN_CI:
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def is_listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def corpus_file(name: str) -> Path:
    path = CORPUS / "files" / name
    if not path.exists():
        missing(f"corpus file {path} is absent (the shared corpus sits beside the clone)")
    return path


def record_values(**fields: Any) -> dict[str, Any]:
    """A record as `yigcha extract` emits it (SPEC fields, pages, meta), with `fields` overriding."""
    values: dict[str, Any] = {
        "doc_number": None, "issuers": [], "title": None, "doc_type": None, "recipients": [],
        "issue_date": None, "deadlines": [], "contacts": [], "attachments": [], "urls": [], "pages": [1, 1],
    }
    values.update(fields)
    values["meta"] = {name: {"confidence": 0.9, "evidence": [], "source": "machine"}
                      for name in fields if name != "pages"}
    return values


class ServiceProcess:
    """A `yigcha serve` or `yigcha worker` run as a real process, with its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self.log = log_path.open("ab")
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("YIGCHA_")} | env
        full_env["OMP_THREAD_LIMIT"] = "1"
        # Own process group: rq forks a scheduler child that outlives a SIGKILLed worker; stop() ends both.
        self.proc = subprocess.Popen([sys.executable, "-m", "yigcha.cli", *args], env=full_env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM the process group, SIGKILL what is left after `timeout`."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout)
                time.sleep(0.2)  # let children handle the signal too
            except subprocess.TimeoutExpired:
                continue
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
