"""`yigcha extract` as a user runs it: a real process, its stdout, stderr and exit status."""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from utils.corpus import corpus_file, require_corpus
from yigcha.models.errors import ExitCode


def run_extract(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "yigcha.cli", "extract", *map(str, args)],
        capture_output=True, text=True, timeout=timeout,
    )


def _png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size; the pixel data is a stub (never decoded)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")


def _pdf_pages(source: Path, count: int, *, password: str | None = None) -> bytes:
    reader = PdfReader(source)
    writer = PdfWriter()
    for i in range(count):
        writer.add_page(reader.pages[i % len(reader.pages)])
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    require_corpus()
    born_digital = corpus_file("n020", "pdf")
    whole = born_digital.read_bytes()
    files = {
        "empty": b"",
        "truncated": whole[: len(whole) // 2],
        "corrupt": b"%PDF-1.7\n" + b"\x00garbage\x01" * 200 + b"\n%%EOF\n",
        "encrypted": _pdf_pages(born_digital, 1, password="secret"),
        "unsupported": b"PK\x03\x04" + b"\x00" * 100,  # a ZIP named .pdf
        "huge_image": _png_header_claiming(100_000, 100_000),
        "too_many_pages": _pdf_pages(born_digital, 5),
    }
    paths = {}
    for name, data in files.items():
        path = tmp_path / (f"{name}.png" if name == "huge_image" else f"{name}.pdf")
        path.write_bytes(data)
        paths[name] = path
    return paths


@pytest.mark.parametrize(
    ("case", "code", "words"),
    [
        pytest.param("empty", ExitCode.input_file, "empty", id="empty"),
        pytest.param("truncated", ExitCode.input_file, "truncated", id="truncated"),
        pytest.param("corrupt", ExitCode.input_file, "damaged", id="corrupt"),
        pytest.param("encrypted", ExitCode.encrypted_pdf, "encrypted", id="encrypted"),
        pytest.param("unsupported", ExitCode.input_file, "unsupported file type", id="unsupported"),
        pytest.param("huge_image", ExitCode.input_file, "megapixel", id="huge-image"),
        pytest.param("too_many_pages", ExitCode.input_file, "more than the limit of 3", id="page-limit"),
    ],
)
def test_bad_input_one_line_error(bad_files: dict[str, Path], case: str, code: int, words: str) -> None:
    started = time.monotonic()
    result = run_extract(bad_files[case], "--max-pages", "3", timeout=30)
    assert result.returncode == code, f"{case}: exit {result.returncode}, stderr {result.stderr!r}"
    assert result.stdout == "", f"{case}: printed {result.stdout!r}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], f"{case}: stderr {result.stderr!r}"
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 20, f"{case} took too long"


def test_batch_goes_on_after_a_bad_file(bad_files: dict[str, Path], tmp_path: Path) -> None:
    good = corpus_file("n020", "pdf")
    out = tmp_path / "out"
    result = run_extract(bad_files["empty"], good, "--out", out)
    assert result.returncode == ExitCode.input_file, result.stderr
    assert [p.name for p in out.iterdir()] == ["n020.pdf.json"]
    written = json.loads((out / "n020.pdf.json").read_text())
    assert written["file"] == "n020.pdf" and written["pages"] == 1
    assert written["records"][0]["issuers"] == ["西藏自治区人民医院"]


def test_several_files_print_one_json_object_per_line() -> None:
    require_corpus()
    result = run_extract(corpus_file("n020", "pdf"), corpus_file("n012", "pdf"))
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["file"] for o in objects] == ["n020.pdf", "n012.pdf"]
    assert objects[1]["records"][0]["doc_number"] == "2024年第3号"


def test_table_format_shows_fields_with_confidence() -> None:
    require_corpus()
    result = run_extract(corpus_file("n012", "pdf"), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "doc_number          2024年第3号  [0.97]" in result.stdout
    assert result.stderr == ""
