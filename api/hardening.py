"""The HTTP edge: what every request must pass before a route reads it, and how unexpected errors are answered.

``RequestGuard`` (a pure ASGI middleware, inside the session middleware so it can ask who is logged in):

- an upload endpoint (``POST /api/uploads``; ``POST /luu-tru/nhap``, an archivist's box) is refused before a byte of
  its body is read when nobody is logged in (401), the role may not upload there or the ``X-CSRF-Token`` header is
  wrong (403), or ``Content-Length`` is over
  ``DONTHU_MAX_FILE_MB`` plus the multipart overhead (413); FastAPI would otherwise parse (and spool to disk) the
  whole multipart body before any dependency runs;
- every other request body is capped at ``MAX_BODY_BYTES`` (1 MB): by ``Content-Length`` before reading, and while
  reading for a chunked body;
- NUL characters (and, in JSON, lone surrogates) in the path, the query string, a JSON body or a form body are
  refused with 422: PostgreSQL cannot store or compare them, so they would end in a server error.

``install`` adds the guard and the error handlers: a request the route's declared parameters refuse gets a
Vietnamese page (JSON stays FastAPI's), and any unexpected exception a clean 500 without a traceback (the
traceback goes to the log with a reference number shown to the user).
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from .auth import check_csrf, current_user
from .permissions import ARCHIVISTS, UPLOADERS
from .present import TEMPLATES

log = logging.getLogger("donthu.api.errors")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_BODY_BYTES = 1 << 20  # any request body but an upload
MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around an uploaded file
# bodies that may be as large as DONTHU_MAX_FILE_MB, and the roles that may send them
UPLOAD_ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("POST", "/api/uploads"): UPLOADERS,
    ("POST", "/luu-tru/nhap"): ARCHIVISTS,  # a zipped box of archive documents (api/routes/archive.py)
}
# ids in the database are 32-bit integers: larger path ids answer 422, not a server error
INT32_MAX = 2**31 - 1
# shared parameter declarations: a row id in a path, a page number of a listing
DbId = Annotated[int, Path(ge=1, le=INT32_MAX, description="số định danh (1 … 2147483647)")]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="trang (từ 1)")]
NUL_MESSAGE = (
    "Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL hoặc mã Unicode lỗi); hãy bỏ ký tự đó và gửi lại."
)


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body without Content-Length grows past its cap (FastAPI and Starlette let
    an HTTPException from body parsing through, so the client gets this 413)."""

    def __init__(self, message: str) -> None:
        super().__init__(413, message)


def has_bad_text(value: Any) -> bool:
    """True when a decoded text value (or any string inside a JSON value) holds NUL or a lone surrogate."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_bad_text(k) or has_bad_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_bad_text(v) for v in value)
    return False


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or ()}


def _uploader_refusal(scope: Scope, roles: tuple[str, ...]) -> tuple[int, str] | None:
    """Why this upload may not even be read (status, message), or None when the caller may upload.

    Asks ``auth.current_user`` (the session middleware has run) and ``auth.check_csrf``, the same questions the
    route's dependencies ask, but before the body is read."""
    request = Request(scope)
    user = current_user(request)
    if user is None:
        return 401, "Chưa đăng nhập"
    if user.role not in roles:
        return 403, "Vai trò của bạn không được phép dùng chức năng này"
    try:
        check_csrf(request, request.headers.get("x-csrf-token"))
    except HTTPException as exc:
        return exc.status_code, str(exc.detail)
    return None


class RequestGuard:
    def __init__(self, app: Any, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    def _too_large(self, upload: bool) -> str:
        if upload:
            return f"Tệp lớn hơn giới hạn {self.max_upload_bytes // (1 << 20)} MB"
        return f"Dữ liệu gửi lên quá lớn (tối đa {MAX_BODY_BYTES // 1024} KB)."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        query = scope.get("query_string", b"").decode("utf-8", "replace")
        if "\x00" in path or has_bad_text([v for kv in parse_qsl(query, keep_blank_values=True) for v in kv]):
            await _refuse(scope, send, 422, NUL_MESSAGE)
            return
        headers = _headers(scope)
        roles = UPLOAD_ROUTES.get((scope.get("method", "GET"), path.rstrip("/") or "/"))
        upload = roles is not None
        limit = self.max_upload_bytes + MULTIPART_OVERHEAD if upload else MAX_BODY_BYTES
        if roles is not None:
            refusal = _uploader_refusal(scope, roles)
            if refusal is not None:
                await _refuse(scope, send, *refusal)
                return
        declared = headers.get("content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                await _refuse(scope, send, 400, "Content-Length không hợp lệ")
                return
            if too_large:
                await _refuse(scope, send, 413, self._too_large(upload))
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(self._too_large(upload))
            return message

        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if not upload and (
            kind == "application/json"
            or kind.endswith("+json")
            or kind == "application/x-www-form-urlencoded"
        ):
            # small bodies (≤ 1 MB): read here, checked for NUL, then handed on unchanged
            try:
                body = await _read_all(counted)
            except BodyTooLarge as exc:
                await _refuse(scope, send, exc.status_code, str(exc.detail))
                return
            if _body_has_bad_text(kind, body):
                await _refuse(scope, send, 422, NUL_MESSAGE)
                return
            await self.app(scope, _replay(body, receive), send)
            return
        started = False

        async def send_started(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, send_started)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(scope, send, exc.status_code, str(exc.detail))


async def _read_all(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # http.disconnect when the client goes away

    return replay


def _body_has_bad_text(kind: str, body: bytes) -> bool:
    if not body:
        return False
    if kind == "application/x-www-form-urlencoded":
        text = body.decode("utf-8", "replace")
        return has_bad_text([v for kv in parse_qsl(text, keep_blank_values=True) for v in kv])
    try:
        return has_bad_text(json.loads(body))
    except (ValueError, RecursionError):
        return b"\x00" in body  # not JSON: the route answers 422 for the syntax


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """A JSON answer for the API and for scripts, a plain Vietnamese page otherwise; the body is never read."""
    path = scope.get("path", "")
    if path.startswith("/api/") or scope.get("method") != "GET":
        response: Response = JSONResponse({"detail": message}, status_code=status)
    else:
        response = HTMLResponse(_page(status, message), status_code=status)
    response.headers["Connection"] = "close"  # the unread body is not waited for
    await response({**scope, "type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def _page(status: int, message: str) -> str:
    from html import escape

    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi {status}</title>'
        f'<link rel="stylesheet" href="/static/station.css"></head><body><main><h1>Lỗi {status}</h1>'
        f'<p>{escape(message)}</p><p><a href="/">Về hàng chờ</a></p></main></body></html>'
    )


# ---------------------------------------------------------------------------------------------- error handlers
def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.method != "GET"


def _error_page(request: Request, status: int, detail: Any) -> Response:
    try:
        user = current_user(request)
    except Exception:
        user = None
    try:
        return TEMPLATES.TemplateResponse(
            request, "error.html", {"status": status, "detail": detail, "user": user}, status_code=status
        )
    except Exception:  # the error page itself must not fail
        return HTMLResponse(_page(status, detail), status_code=status)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    """A parameter the route's declaration refuses (a page number too large, an id out of range...): 422."""
    if _wants_json(request):
        from fastapi.exception_handlers import request_validation_exception_handler

        return await request_validation_exception_handler(request, exc)
    return _error_page(
        request,
        422,
        "Địa chỉ trang có tham số không hợp lệ (số trang hoặc mã quá lớn, hoặc sai "
        "định dạng). Hãy quay lại và thử lại.",
    )


async def http_error(request: Request, exc: HTTPException) -> Response:
    """A refusal a route raised (404, 403, 409...): JSON for the API and for forms, else the error page."""
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    return _error_page(request, exc.status_code, exc.detail)


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Every response: no sniffing, no framing, same-origin referrers, a strict Content-Security-Policy; pages,
    case data and page images are never cached."""
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    if not request.url.path.startswith("/static/"):  # pages, case data and page images: never cached
        response.headers["Cache-Control"] = "no-store"
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    """Any exception no route handled: logged with a reference, answered 500 without internals."""
    ref = secrets.token_hex(4)
    log.error(
        "unhandled error %s on %s %s",
        ref,
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    detail = f"Lỗi hệ thống (mã lỗi {ref}). Hãy thử lại; nếu vẫn lỗi, báo quản trị kèm mã lỗi này."
    try:
        if _wants_json(request):
            return JSONResponse({"detail": detail, "error_id": ref}, status_code=500)
        return _error_page(request, 500, detail)
    except Exception:
        return PlainTextResponse(detail, status_code=500)


def install(app: FastAPI, max_file_mb: int) -> None:
    """Add the guard (call before the session middleware is added: middleware added later wraps it, so the
    session is loaded when the guard asks who is logged in) and the error handlers."""
    app.add_middleware(RequestGuard, max_upload_bytes=max_file_mb * 1024 * 1024)
    app.exception_handler(RequestValidationError)(validation_error)
    app.exception_handler(HTTPException)(http_error)
    app.exception_handler(Exception)(server_error)
