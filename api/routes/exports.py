"""/xuat-du-lieu: exports from the web for supervisors and admins (exchange/web.py does the work).

The form picks the format (CSV for Excel, XLSX, JSON Lines, the NĐ 55/2022 national database records) and the
filters (status, a unit of the user's subtree, dates received, changed since); the download streams the file.
Only cases the user's units may view go out, each as the identity policy lets this user see it (else the hand-off
form, as ``donthu export --redact`` writes it). A mistyped filter answers 422 with the form and the message, never
an empty file. Every download is audited (action ``export``: format, count, filters) before it starts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from ...config import Settings
from ...contract import STATUS_LABELS
from ...exchange import web
from ...exchange.rows import ExportError
from ...storage import repo
from ..auth import CurrentUser, csrf_token
from ..deps import Leader, SessionDep, SettingsDep, StoreDep
from ..present import TEMPLATES

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=60)]


def _form(
    request: Request,
    db: Session,
    user: CurrentUser,
    settings: Settings,
    values: dict[str, str],
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "exports.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "formats": web.FORMAT_LABELS,
            "statuses": STATUS_LABELS,
            "units": web.unit_options(db, user, settings),
            "v": values,
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/xuat-du-lieu", response_class=HTMLResponse)
def export_page(request: Request, user: Leader, db: SessionDep, settings: SettingsDep) -> Response:
    return _form(request, db, user, settings, {"format": "csv"})


@router.get("/xuat-du-lieu/tai-ve")
def export_download(
    request: Request,
    user: Leader,
    db: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    format: Text = "csv",
    status: Text = "",
    unit: Text = "",
    date_from: Text = "",
    date_to: Text = "",
    since: Text = "",
) -> Response:
    values = {
        "format": format,
        "status": status,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "since": since,
    }
    try:
        req = web.parse_request(
            db,
            user,
            settings,
            fmt=format,
            status=status,
            unit=unit,
            date_from=date_from,
            date_to=date_to,
            since=since,
        )
    except ExportError as exc:
        return _form(request, db, user, settings, values, str(exc), status_code=422)
    headers = {"Content-Disposition": f'attachment; filename="{web.file_name(req.fmt)}"'}
    media = web.MEDIA_TYPES[req.fmt]
    if req.fmt == "nd55":
        try:
            fh, detail = web.nd55_file(db, user, settings, req)
        except ExportError as exc:  # the code mapping table cannot be read: the admin's to fix
            return _form(request, db, user, settings, values, str(exc), status_code=500)
        _audit(db, user, req, **detail)
        return StreamingResponse(web.file_chunks(fh), media_type=media, headers=headers)
    _audit(db, user, req, count=web.count_cases(db, web.export_query(db, user, settings, req)))
    body = web.stream_export(request.app.state.sessions, user, settings, store, req)
    return StreamingResponse(body, media_type=media, headers=headers)


def _audit(db: Session, user: CurrentUser, req: web.ExportRequest, **figures: Any) -> None:
    """Recorded (and committed) before the file streams: a download cut short is still in the log."""
    detail: dict[str, Any] = {"format": req.fmt, **figures, "filters": req.filters(), "via": "web"}
    repo.audit(db, user.username, "export", None, **detail)
    db.commit()
