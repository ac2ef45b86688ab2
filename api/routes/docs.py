"""Swagger UI (/docs) and ReDoc (/redoc) from local files: no CDN, so they work on an offline network and the
app's Content-Security-Policy (``default-src 'self'``, no inline script) applies to them as to every page.

The JavaScript and CSS come from the ``fastapi-offline`` package (it ships Swagger UI's and ReDoc's release
files); they are served under ``/static/docs``. Swagger UI is started by ``/static/swagger-init.js``, which sends
the session's CSRF token with "Try it out" requests. Like every page but the login, the schema and both viewers
need a login.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ..auth import csrf_token
from ..deps import AnyUser

ASSETS_URL = "/static/docs"
OPENAPI_URL = "/openapi.json"
TITLE = "Đơn Thư · API"


def assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def assets() -> StaticFiles:
    return StaticFiles(directory=str(assets_dir()))


def swagger_html(openapi_url: str, csrf: str) -> str:
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>
<meta name="csrf-token" content="{escape(csrf)}">
<link rel="icon" href="{ASSETS_URL}/favicon.png">
<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css"></head>
<body><div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>
<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body></html>
"""


def redoc_html(openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>
<link rel="icon" href="{ASSETS_URL}/favicon.png"></head>
<body><redoc spec-url="{escape(openapi_url)}" disable-search></redoc>
<script src="{ASSETS_URL}/redoc.standalone.js"></script>
</body></html>
"""


router = APIRouter(include_in_schema=False)


@router.get(OPENAPI_URL)
def openapi_schema(request: Request, _user: AnyUser) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def docs(request: Request, _user: AnyUser) -> Response:
    return HTMLResponse(swagger_html(OPENAPI_URL, csrf_token(request)))


@router.get("/redoc")
def redoc(_user: AnyUser) -> Response:
    return HTMLResponse(redoc_html(OPENAPI_URL))
