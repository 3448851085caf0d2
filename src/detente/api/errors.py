"""Turn every failure at the HTTP boundary into `{"error": ..., "detail": ...}`.

The library raises `DetenteError`s; this module maps them to 4xx responses. Nothing here
ever puts a stack trace in a response: unexpected exceptions are logged and answered with
a plain 500.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DataFileError, DetenteError, InputError, StoreError

log = logging.getLogger("detente.api")


class ApiError(Exception):
    """An error the API raises on purpose, with its status and a user-facing message."""

    def __init__(self, status: int, error: str, detail: Any = None):
        self.status = status
        self.error = error
        self.detail = detail
        super().__init__(error)


def error_body(error: str, detail: Any = None) -> dict[str, Any]:
    return {"error": error, "detail": detail}


def _json(status: int, error: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(error, detail), status_code=status, headers=headers)


def _where(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header")]
    return ".".join(parts) or "request"


def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (first.get("ctx") or {}).get("error", "invalid JSON")
        return _json(400, f"Malformed JSON body: {reason}", None)
    detail = [{"param": _where(e.get("loc", ())), "message": e.get("msg", "invalid value")} for e in errors]
    first = detail[0] if detail else {"param": "request", "message": "invalid value"}
    more = f" (and {len(detail) - 1} more)" if len(detail) > 1 else ""
    return _json(422, f"Invalid parameter '{first['param']}': {first['message']}{more}", detail)


def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    messages = {404: "Not found", 405: "Method not allowed"}
    error = exc.detail if isinstance(exc.detail, str) and exc.detail else messages.get(exc.status_code, "HTTP error")
    if exc.status_code == 404 and error == "Not Found":
        error = f"Not found: {request.url.path}"
    return _json(exc.status_code, error, None, headers=getattr(exc, "headers", None))


def _api_handler(request: Request, exc: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return _json(exc.status, exc.error, exc.detail, headers=headers)


def _detente_handler(request: Request, exc: DetenteError) -> JSONResponse:
    if isinstance(exc, InputError):
        return _json(422, exc.message, {"code": exc.code})
    if isinstance(exc, StoreError):
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return _json(503, f"The event store failed: {exc.message}", {"code": exc.code})
    if isinstance(exc, DataFileError):
        log.error("data file error on %s %s: %s", request.method, request.url.path, exc)
        return _json(500, f"A knowledge file is broken: {exc.message}", {"code": exc.code})
    return _json(400, exc.message, {"code": exc.code})


def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    # The one broad catch at this boundary: log the trace, answer without it.
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _json(500, "Internal server error; the server log has the details", None)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(ApiError, _api_handler)
    app.add_exception_handler(DetenteError, _detente_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
