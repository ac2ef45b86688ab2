"""One router per resource: HTTP in, calls to the services (``edits``, ``jobs``, ``present``, storage) out."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    account,
    admin,
    audit,
    cases,
    docs,
    documents,
    handling,
    handling_pages,
    login,
    metrics,
    reception,
    station,
)

ROUTERS: tuple[APIRouter, ...] = (
    metrics.router,  # /healthz, /metrics (loopback or DONTHU_METRICS_TOKEN)
    login.router,  # /login, /login/totp, /logout
    docs.router,  # /openapi.json, /docs, /redoc
    station.router,  # the queue, the case screen and its JSON actions
    account.router,  # /api/me, /account/password, /account/totp
    admin.router,  # /admin/users, /api/admin/users
    audit.router,  # /admin/audit, /admin/audit.csv
    reception.router,  # the desk, uploads, receipts
    cases.router,  # case content: list/search, case, pages, images, PDF (identity policy), redacted copy
    documents.router,  # failed files and retry
    handling.router,  # after verification: units, classification, hướng xử lý, tracking, letters
    handling_pages.router,  # /xu-ly (the unit's inbox), /cases/{id}/xu-ly, /admin/units
)
