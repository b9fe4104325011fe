"""The one place the API turns our errors into responses: `{"code", "message"}` with the class's status."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from yigcha.models.errors import StorageError, YigchaError

log = logging.getLogger(__name__)


async def yigcha_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, YigchaError)
    if isinstance(exc, StorageError):
        log.warning("503: %s", exc.message)
    headers = {"Retry-After": "5"} if exc.http_status == 503 else None
    return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.http_status, headers=headers)




_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict",
               412: "precondition_failed", 413: "too_large", 422: "invalid_request"}


async def http_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    body = {"code": _HTTP_CODES.get(exc.status_code, "http_error"), "message": str(exc.detail)}
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


async def validation_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return JSONResponse({"code": "invalid_request", "message": problems}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(YigchaError, yigcha_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
