"""The audit viewer (/admin/audit, for admins and supervisors) and its CSV export.

Exporting the audit is itself audited; cells that a spreadsheet would run as a formula are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy import Select, func, select

from ...contract import LOCAL_TZ
from ...storage import export, repo
from ...storage.models import AuditLog
from ..auth import csrf_token
from ..deps import AuditReader, SessionDep
from ..present import ACTION_LABELS, TEMPLATES, audit_row

router = APIRouter(include_in_schema=False)
AUDIT_PAGE = 100
EXPORT_MAX = 200_000


def _local_day(value: str) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def _clean(value: str | None, limit: int = 100) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def audit_filters(
    actor: str = "", action: str = "", case_id: str = "", date_from: str = "", date_to: str = ""
) -> dict[str, str]:
    """The viewer's filters (query parameters of the page and of its CSV export), cleaned."""
    return {
        "actor": _clean(actor),
        "action": _clean(action, 40),
        "case_id": _clean(case_id, 40),
        "date_from": _clean(date_from, 10),
        "date_to": _clean(date_to, 10),
    }


def audit_query(f: dict[str, str]) -> Select:
    q = select(AuditLog)
    if f["actor"]:
        q = q.where(AuditLog.actor == f["actor"])
    if f["action"]:
        q = q.where(AuditLog.action == f["action"])
    if f["case_id"]:
        q = q.where(AuditLog.case_id == f["case_id"])
    start, end = _local_day(f["date_from"]), _local_day(f["date_to"])
    if start:
        q = q.where(AuditLog.at >= start)
    if end:
        q = q.where(AuditLog.at < end + dt.timedelta(days=1))
    return q


AuditFilters = Annotated[dict[str, str], Depends(audit_filters)]


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    user: AuditReader,
    db: SessionDep,
    f: AuditFilters,
    page: int = Query(1, ge=1, le=1_000_000),
) -> Response:
    q = audit_query(f)
    total = int(db.scalar(select(func.count()).select_from(q.subquery())) or 0)
    rows = db.scalars(q.order_by(AuditLog.id.desc()).limit(AUDIT_PAGE).offset((page - 1) * AUDIT_PAGE)).all()
    actions = sorted(set(db.scalars(select(AuditLog.action).distinct())) | set(ACTION_LABELS))
    query = urlencode({k: v for k, v in f.items() if v})
    return TEMPLATES.TemplateResponse(
        request,
        "admin_audit.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "rows": [audit_row(a) for a in rows],
            "total": total,
            "page": page,
            "pages": max(1, -(-total // AUDIT_PAGE)),
            "f": f,
            "actions": actions,
            "ACTION_LABELS": ACTION_LABELS,
            "query": query,
        },
    )


def csv_cell(value: Any) -> str:
    """A cell as text a spreadsheet shows and never runs: the export's one rule (storage/export.csv_cell)."""
    return str(export.csv_cell("" if value is None else str(value)))


@router.get("/admin/audit.csv")
def audit_export(request: Request, user: AuditReader, db: SessionDep, f: AuditFilters) -> Response:
    repo.audit(db, user.username, "audit_export", filters={k: v for k, v in f.items() if v})
    db.commit()
    factory = request.app.state.sessions

    def rows() -> Iterator[bytes]:
        buf = io.StringIO()
        out = csv.writer(buf)
        yield "\ufeff".encode()
        out.writerow(["id", "thoi_diem", "nguoi_thuc_hien", "hanh_dong", "ho_so", "chi_tiet"])
        with factory() as s:
            q = audit_query(f).order_by(AuditLog.id).limit(EXPORT_MAX).execution_options(yield_per=1000)
            for n, a in enumerate(s.scalars(q)):
                r = audit_row(a)
                out.writerow([csv_cell(r[k]) for k in ("id", "at", "actor", "action", "case_id", "detail")])
                if n % 500 == 0:
                    yield buf.getvalue().encode()
                    buf.seek(0)
                    buf.truncate()
        yield buf.getvalue().encode()

    stamp = dt.datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="nhat-ky-{stamp}.csv"'},
    )
