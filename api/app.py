"""FastAPI app: the JSON API (OpenAPI at /docs) and the server-rendered verification station.

The app reads and writes only through ``storage``. Every route but /login, /healthz and /static needs a
logged-in user with an allowed role (the matrix is in tests/test_routes_roles.py); views of a case are written
to the audit log. The station's queue, case screen and JSON actions are in ``station.py``; the reception desk,
uploads and receipts in ``reception.py``; deadlines in ``deadlines.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from ..config import Settings, get_settings
from ..storage import repo
from ..storage.db import session_factory
from ..storage.objects import ObjectNotFound, make_store
from . import documents, metrics, reception, station
from .auth import (
    CurrentUser,
    LoginRequired,
    authenticate,
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

# login rate limit: this many failures for one username from one address within the window → 429
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW = dt.timedelta(minutes=15)


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
    app = FastAPI(title="Đơn Thư", version="0.1.0", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan,
                  description="Số hóa đơn thư: API hồ sơ, trang và ảnh trang. Mọi điểm cuối cần đăng nhập.")
    app.add_middleware(SessionMiddleware, secret_key=_secret_key(settings), session_cookie="donthu_session",
                       same_site="strict", https_only=settings.cookie_secure, max_age=12 * 3600)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.state.settings = settings
    app.state.sessions = session_factory(settings.db_url)
    app.state.uploads = runner
    store = make_store(settings)
    app.state.store = store

    @app.exception_handler(LoginRequired)
    async def _login_redirect(request: Request, _exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.url.path != "/docs":  # Swagger UI loads its script from a CDN
            response.headers.setdefault("Content-Security-Policy",
                                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        return response

    # ------------------------------------------------------------------ public
    @app.get("/healthz", include_in_schema=False)
    def healthz(db: Session = Depends(get_db)) -> dict[str, str]:
        repo.counts(db)
        return {"status": "ok"}

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> Response:
        return TEMPLATES.TemplateResponse(request, "login.html", {"csrf": csrf_token(request), "next": next,
                                                                  "error": None})

    @app.post("/login", include_in_schema=False)
    def login(request: Request, username: str = Form(...), password: str = Form(...),
              csrf: str = Form(""), next: str = Form("/"), db: Session = Depends(get_db)) -> Response:
        check_csrf(request, csrf)
        name, ip = username.strip()[:100], client_ip(request)
        since = dt.datetime.now(dt.UTC) - LOGIN_WINDOW
        if repo.login_failures_since(db, name, ip, since) >= LOGIN_MAX_FAILURES:
            repo.audit(db, name or "?", "login_blocked", ip=ip)
            minutes = int(LOGIN_WINDOW.total_seconds() // 60)
            return TEMPLATES.TemplateResponse(
                request, "login.html",
                {"csrf": csrf_token(request), "next": next,
                 "error": f"Đăng nhập sai quá {LOGIN_MAX_FAILURES} lần. Hãy thử lại sau {minutes} phút."},
                status_code=429, headers={"Retry-After": str(int(LOGIN_WINDOW.total_seconds()))})
        user = authenticate(db, name, password)
        if user is None:
            repo.audit(db, name or "?", "login_failed", ip=ip)
            repo.record_login_failure(db, name, ip)
            return TEMPLATES.TemplateResponse(
                request, "login.html",
                {"csrf": csrf_token(request), "next": next, "error": "Sai tên đăng nhập hoặc mật khẩu."},
                status_code=401)
        repo.clear_login_failures(db, name, ip)
        request.session.clear()
        request.session["user"] = {"id": user.id, "username": user.username, "role": user.role,
                                   "full_name": user.full_name}
        request.session["csrf"] = secrets.token_urlsafe(32)
        repo.audit(db, user.username, "login", ip=ip)
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        if target == "/" and user.role == "reception":
            target = "/reception"
        return RedirectResponse(target, status_code=303)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_schema(_user: CurrentUser = Depends(require())) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(_user: CurrentUser = Depends(require())) -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Đơn Thư · API")

    # ------------------------------------------------------------------ station and reception desk
    app.include_router(station.router)
    app.include_router(reception.router)
    app.include_router(documents.router)  # failed files and retry
    app.include_router(metrics.router)  # /metrics: loopback or DONTHU_METRICS_TOKEN

    # ------------------------------------------------------------------ JSON API
    @app.get("/api/cases", tags=["cases"])
    def api_cases(status: str | None = Query(None), q: str | None = None, limit: int = Query(50, le=500),
                  offset: int = 0, user: CurrentUser = Depends(require()),
                  db: Session = Depends(get_db)) -> dict[str, Any]:
        cases, total = repo.list_cases(db, status=status, limit=limit, offset=offset, q=q)
        items = []
        for c in cases:
            d = case_json(c, user)
            d.pop("text", None)
            items.append(d)
        return {"total": total, "items": items}

    @app.get("/api/cases/{case_id}", tags=["cases"])
    def api_case(case_id: str, user: CurrentUser = Depends(require()),
                 db: Session = Depends(get_db)) -> dict[str, Any]:
        case = repo.get_case(db, case_id)
        if case is None:
            raise HTTPException(404, "Không có hồ sơ này")
        repo.audit(db, user.username, "view", case.case_id, via="api")
        return case_json(case, user)

    def _case_page(db: Session, user: CurrentUser, case_id: str, page_no: int):  # noqa: ANN202
        case = repo.get_case(db, case_id)
        if case is None or page_no not in (case.source_pages or []):
            raise HTTPException(404, "Không có trang này")
        if not may_see_identity(user, case):
            raise HTTPException(403, "Ảnh đơn tố cáo chỉ dành cho người được phân quyền (bảo vệ người tố cáo)")
        pages = [p for p in repo.case_pages(db, case) if p.page_no == page_no]
        if not pages:
            raise HTTPException(404, "Không có trang này")
        return case, pages[0]

    @app.get("/api/cases/{case_id}/pages", tags=["pages"])
    def api_case_pages(case_id: str, user: CurrentUser = Depends(require()),
                       db: Session = Depends(get_db)) -> list[dict[str, Any]]:
        case = repo.get_case(db, case_id)
        if case is None:
            raise HTTPException(404, "Không có hồ sơ này")
        if not may_see_identity(user, case):
            raise HTTPException(403, "Trang đơn tố cáo chỉ dành cho người được phân quyền")
        return [{"page_no": p.page_no, "source": p.source, "rotation": p.rotation, "width": p.width,
                 "height": p.height, "confidence": p.confidence, "needs_manual": p.needs_manual,
                 "text": p.text, "words": p.words, "corrections": p.corrections,
                 "image": f"/api/cases/{case.case_id}/pages/{p.page_no}/image"} for p in repo.case_pages(db, case)]

    @app.get("/api/cases/{case_id}/pages/{page_no}/image", tags=["pages"],
             responses={200: {"content": {"image/jpeg": {}}}})
    def api_page_image(case_id: str, page_no: int, user: CurrentUser = Depends(require()),
                       db: Session = Depends(get_db)) -> Response:
        case, page = _case_page(db, user, case_id, page_no)
        try:
            data = store.get(page.image_key)
        except ObjectNotFound as exc:
            raise HTTPException(404, "Ảnh trang không còn trong kho lưu trữ") from exc
        repo.audit(db, user.username, "view_image", case.case_id, page=page_no)
        return Response(data, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/api/cases/{case_id}/pdf", tags=["pages"], responses={200: {"content": {"application/pdf": {}}}})
    def api_case_pdf(case_id: str, user: CurrentUser = Depends(require()),
                     db: Session = Depends(get_db)) -> Response:
        """The petition as a searchable PDF (scan with an invisible text layer)."""
        case = repo.get_case(db, case_id)
        if case is None:
            raise HTTPException(404, "Không có hồ sơ này")
        if not may_see_identity(user, case):
            raise HTTPException(403, "Bản quét đơn tố cáo chỉ dành cho người được phân quyền")
        key = (case.extra or {}).get("searchable_pdf")
        if not key:
            raise HTTPException(404, "Hồ sơ này chưa có bản PDF tìm kiếm được")
        try:
            data = store.get(key)
        except ObjectNotFound as exc:
            raise HTTPException(404, "Bản PDF không còn trong kho lưu trữ") from exc
        repo.audit(db, user.username, "download_pdf", case.case_id)
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{case.case_id}.pdf"'})

    @app.get("/api/me", tags=["auth"])
    def api_me(user: CurrentUser = Depends(require())) -> dict[str, Any]:
        return {"username": user.username, "role": user.role, "role_label": user.role_label}

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return TEMPLATES.TemplateResponse(request, "error.html", {"status": exc.status_code, "detail": exc.detail,
                                                                  "user": current_user(request)},
                                          status_code=exc.status_code)

    return app
