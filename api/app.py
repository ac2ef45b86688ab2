"""FastAPI app: the JSON API (OpenAPI at /docs) and the server-rendered verification station.

The app reads and writes only through ``storage``. Every route but /login, /healthz and /static needs a
logged-in user with an allowed role (the matrix is in tests/test_routes_roles.py); views of a case are written
to the audit log. The station's queue, case screen and JSON actions are in ``station.py``; the reception desk,
uploads and receipts in ``reception.py``; deadlines in ``deadlines.py``.
"""

from __future__ import annotations

import os
import secrets
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from .. import accounts
from ..config import Settings, get_settings
from ..storage import repo
from ..storage.db import session_factory
from ..storage.objects import make_store
from . import account, admin, apidocs, cases, documents, hardening, metrics, reception, station
from .account import finish_password_login, login_page
from .auth import (
    CurrentUser,
    LoginRequired,
    check_csrf,
    csrf_token,
    current_user,
    require,
)
from .common import (  # noqa: F401  (re-exported: the names other modules used from here)
    CATEGORY_LABELS,
    DOMAIN_LABELS,
    FIELD_LABELS,
    HIDDEN,
    IDENTITY_FIELDS,
    LOCAL_TZ,
    STATUS_LABELS,
    TEMPLATES,
    UPLOADERS,
    case_json,
    client_ip,
    get_db,
    local_time,
    may_see_identity,
)
from .sessions import ServerSessionMiddleware, end_session, state

# login throttling (per account and per address) and the account rules: accounts.py


def _secret_key(settings: Settings) -> str:
    key = os.environ.get("DONTHU_SECRET_KEY")
    if key:
        return key
    path = settings.data_dir / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    runner = reception.UploadRunner(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # noqa: ANN202
        runner.resume_unfinished()
        yield
        runner.shutdown()

    # the OpenAPI schema and /docs need a login like everything else (routes below)
    app = FastAPI(
        title="Đơn Thư",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        description="Số hóa đơn thư: API hồ sơ, trang và ảnh trang. Mọi điểm cuối cần đăng nhập.",
    )
    # request guard (body caps, uploads refused before reading, NUL) and error handlers: api/hardening.py;
    # added before the session middleware, which therefore wraps it (the guard asks who is logged in)
    hardening.install(app, settings.max_file_mb)
    # server-side sessions (api/sessions.py): request.session, current_user, timeouts and revocation
    app.add_middleware(
        ServerSessionMiddleware,
        settings=settings,
        db_factory=lambda: app.state.sessions,
        secret_key=_secret_key(settings),
    )
    app.mount(apidocs.ASSETS_URL, apidocs.assets(), name="docs-assets")  # before /static: matched first
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.state.settings = settings
    app.state.sessions = session_factory(settings.db_url)
    app.state.uploads = runner
    store = make_store(settings)
    app.state.store = store

    @app.exception_handler(LoginRequired)
    async def _login_redirect(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(exc.target or f"/login?next={quote(request.url.path)}", status_code=303)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
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

    # ------------------------------------------------------------------ public
    @app.get("/healthz", include_in_schema=False)
    def healthz(db: Session = Depends(get_db)) -> dict[str, str]:
        repo.counts(db)
        return {"status": "ok"}

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> Response:
        return TEMPLATES.TemplateResponse(
            request, "login.html", {"csrf": csrf_token(request), "next": next, "error": None}
        )

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        username: str = Form(...),
        password: str = Form(...),
        csrf: str = Form(""),
        next: str = Form("/"),
        db: Session = Depends(get_db),
    ) -> Response:
        check_csrf(request, csrf)
        name, ip = accounts.nfc(username).strip().lower()[:100], client_ip(request)
        blocked = accounts.login_blocked(db, name, ip)
        if blocked is not None:
            return login_page(
                request,
                next,
                blocked.message,
                status_code=429,
                headers={"Retry-After": str(blocked.retry_after)},
            )
        user = accounts.authenticate(db, name, password)
        if user is None:
            accounts.login_failed(db, name, ip)
            return login_page(request, next, "Sai tên đăng nhập hoặc mật khẩu.", status_code=401)
        return finish_password_login(request, db, user, ip, next)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form(""), db: Session = Depends(get_db)) -> Response:
        user = current_user(request)
        if user is not None or state(request).pending_totp:  # a session that has ended needs no CSRF check
            check_csrf(request, csrf)
        if user is not None:
            repo.audit(db, user.username, "logout", ip=client_ip(request))
        end_session(request, db)
        return RedirectResponse("/login", status_code=303)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_schema(_user: CurrentUser = Depends(require())) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request, _user: CurrentUser = Depends(require())) -> Response:
        return HTMLResponse(apidocs.swagger_html("/openapi.json", csrf_token(request)))

    @app.get("/redoc", include_in_schema=False)
    def redoc(_user: CurrentUser = Depends(require())) -> Response:
        return HTMLResponse(apidocs.redoc_html("/openapi.json"))

    # ------------------------------------------------------------------ station and reception desk
    app.include_router(station.router)
    app.include_router(account.router)  # /login/totp, /account/password, /account/totp
    app.include_router(admin.router)  # /admin/users, /admin/audit (accounts and the audit viewer)
    app.include_router(reception.router)
    app.include_router(cases.router)  # case content: list/search, case, pages, images, PDF (identity policy)
    app.include_router(documents.router)  # failed files and retry
    app.include_router(metrics.router)  # /metrics: loopback or DONTHU_METRICS_TOKEN

    # ------------------------------------------------------------------ JSON API
    @app.get("/api/me", tags=["auth"])
    def api_me(user: CurrentUser = Depends(require())) -> dict[str, Any]:
        return {"username": user.username, "role": user.role, "role_label": user.role_label}

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return TEMPLATES.TemplateResponse(
            request,
            "error.html",
            {"status": exc.status_code, "detail": exc.detail, "user": current_user(request)},
            status_code=exc.status_code,
        )

    return app
