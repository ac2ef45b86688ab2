"""FastAPI app: the JSON API (OpenAPI at /docs) and the server-rendered verification station.

``create_app`` only assembles: the middleware, the app's state (settings, database sessions, object store, upload
runner), one router per resource (``routes/``) and the exception handlers. Every route but /login, /healthz and
/static needs a logged-in user with an allowed role (``permissions.py``; the matrix is in
tests/api/test_routes_roles.py); views of a case are written to the audit log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ..config import Settings, get_settings
from ..storage.db import migrate, session_factory
from ..storage.objects import make_store
from . import archive_jobs, hardening
from .auth import LoginRequired
from .jobs import UploadRunner
from .routes import ROUTERS, docs
from .sessions import ServerSessionMiddleware, secret_key


async def _login_redirect(request: Request, exc: LoginRequired) -> Response:
    return RedirectResponse(exc.target or f"/login?next={quote(request.url.path)}", status_code=303)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # an entry point (uvicorn's factory, any ASGI server, the tests): the schema migrated or checked first,
    # SchemaNotReady before serving anything (``donthu serve`` checks it earlier, for a one-line message)
    migrate(settings.db_url)
    runner = UploadRunner(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        runner.resume_unfinished()
        archive_jobs.resume(runner, settings)  # archive imports a restart interrupted (api/archive_jobs.py)
        yield
        runner.shutdown()

    # the OpenAPI schema and /docs need a login like everything else (routes/docs.py)
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
        secret_key=secret_key(settings),
    )
    app.middleware("http")(hardening.security_headers)
    app.mount(docs.ASSETS_URL, docs.assets(), name="docs-assets")  # before /static: matched first
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.state.settings = settings
    app.state.sessions = session_factory(settings.db_url)
    app.state.uploads = runner
    app.state.store = make_store(settings)
    app.exception_handler(LoginRequired)(_login_redirect)
    for router in ROUTERS:
        app.include_router(router)
    return app
