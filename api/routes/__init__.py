"""One router per resource: HTTP in, calls to the services (``edits``, ``jobs``, ``present``, storage) out."""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    account,
    admin,
    archive,
    audit,
    cases,
    docs,
    documents,
    exports,
    handling,
    handling_pages,
    login,
    lookup,
    metrics,
    reception,
    reception_log,
    reports,
    search,
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
    search.router,  # /tra-cuu, /api/search, saved searches, the same-person view
    reports.router,  # /bao-cao (TT 02/2021 forms, drill-down), /thong-ke (dashboard)
    reception_log.router,  # /tiep-cong-dan: the sổ tiếp công dân, leaders' reception days
    exports.router,  # /xuat-du-lieu: CSV, XLSX, JSONL and the national database profile from the web
    lookup.router,  # /tra-cuu-ho-so: the citizen's look-up from the receipt's QR (public, rate-limited)
    archive.router,  # /luu-tru: archive batches (upload, progress), sampled quality control, boxes exported
)
