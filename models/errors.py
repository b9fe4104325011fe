"""One error hierarchy for the CLI, the API and the workers.

Each class carries a stable `code` (stored on failed documents, shown to reviewers), the HTTP status the
API answers with, the exit code of `yigcha`, and a message a person can act on.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    input_file = 2
    missing_dependency = 3
    storage_unavailable = 5
    ocr_failed = 7
    encrypted_pdf = 8
    internal_error = 15


class YigchaError(Exception):
    """Base class: something we know how to explain."""

    code = "internal_error"
    http_status = 500
    exit_code = ExitCode.internal_error

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputFileError(YigchaError):
    """The file is unreadable, truncated, too large or of a type we do not read."""

    code = "input_file"
    http_status = 422
    exit_code = ExitCode.input_file


class EncryptedPdfError(InputFileError):
    """The PDF needs a password."""

    code = "encrypted_pdf"
    exit_code = ExitCode.encrypted_pdf

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "the PDF is encrypted and needs a password; save an unprotected copy "
            "(e.g. `qpdf --decrypt in.pdf out.pdf`) and try again"
        )


class NotFoundError(YigchaError):
    """No such document, record or page."""

    code = "not_found"
    http_status = 404
    exit_code = ExitCode.input_file


class MissingDependencyError(YigchaError):
    """An OCR engine, its model or a Tesseract language is not installed."""

    code = "missing_dependency"
    http_status = 503
    exit_code = ExitCode.missing_dependency


class EngineFailedError(YigchaError):
    """An OCR engine crashed or timed out."""

    code = "ocr_failed"
    http_status = 500
    exit_code = ExitCode.ocr_failed


class StorageError(YigchaError):
    """Object storage or the database cannot be reached."""

    code = "storage_unavailable"
    http_status = 503
    exit_code = ExitCode.storage_unavailable
