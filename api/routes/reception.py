"""The reception desk: browser uploads go to the upload runner (``api/jobs.py``), their progress is polled, and
each case gets a printable receipt (phiếu tiếp nhận) with a QR code of its number. Cases the verifiers returned
are listed with the reason, and their rescanned pages are attached to the same case (``api/rescans.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from ...ingest.context import IngestContext
from ...ingest.errors import ServiceDown
from ...storage import repo
from ...storage.models import Case, UploadJob
from .. import deadlines, rescans
from ..auth import CurrentUser, csrf_token
from ..deps import (
    CSRF,
    DaysOff,
    ReceiptPrinter,
    SessionDep,
    SettingsDep,
    StoreDep,
    Uploader,
    Uploads,
    case_or_404,
    not_found,
)
from ..hardening import INT32_MAX, DbId
from ..jobs import UploadTooLarge, remove_upload, safe_filename, save_upload
from ..permissions import may_see_identity, sees_all_uploads
from ..present import TEMPLATES, job_json, jobs_json, local_time, source_name
from ..verification import Refused

_JOB_ID = re.compile(r"[0-9]{1,10}")
router = APIRouter()


def _own_jobs(user: CurrentUser) -> str | None:
    """Whose uploads ``user`` follows: their own, or everyone's (None) for a supervising role."""
    return None if sees_all_uploads(user) else user.username


def _returned_rows(user: CurrentUser, cases: list[Case]) -> list[dict[str, Any]]:
    """The returned cases as the desk shows them: number, dates, who returned it and why (no identity)."""
    return [
        {
            "case_id": c.case_id,
            "received": local_time(c.received_at),
            "returned": local_time(c.returned_at),
            "returned_by": c.returned_by or "",
            "reason": c.return_reason or "",
            "file": source_name(user, c.document),
        }
        for c in cases
    ]


@router.get("/reception", response_class=HTMLResponse, include_in_schema=False)
def desk(request: Request, user: Uploader, db: SessionDep, settings: SettingsDep, off: DaysOff) -> Response:
    jobs = jobs_json(db, repo.list_upload_jobs(db, actor=_own_jobs(user), limit=30), off)
    returned = _returned_rows(user, rescans.returned_cases(db, user))
    return TEMPLATES.TemplateResponse(
        request,
        "reception.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "jobs": jobs,
            "max_mb": settings.max_file_mb,
            "returned": returned,
        },
    )


@router.post("/api/uploads", tags=["reception"], dependencies=[CSRF])
def api_upload(
    user: Uploader,
    db: SessionDep,
    settings: SettingsDep,
    uploads: Uploads,
    file: Annotated[UploadFile, File()],
) -> dict[str, Any]:
    """Receive one scanned file and queue it for the ingest pipeline; poll ``GET /api/uploads/{id}``."""
    name = safe_filename(file.filename)
    try:
        path, size = save_upload(settings, name, file.file.read)
    except UploadTooLarge as exc:
        raise HTTPException(413, str(exc)) from None
    job = repo.create_upload_job(db, user.username, name, str(path), size)
    repo.audit(db, user.username, "upload", None, filename=name, size=size, job=job.id)
    data = job_json(job)
    db.commit()  # the runner reads the job from its own session
    uploads.submit(job.id)
    return data


@router.post("/api/cases/{case_id}/rescan", tags=["reception"], dependencies=[CSRF])
def api_rescan(
    case_id: str,
    user: Uploader,
    db: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    file: Annotated[UploadFile, File()],
) -> dict[str, Any]:
    """Attach the rescanned pages of a returned case: the file is read like any upload (OCR or text layer), its
    pages replace the case's for reading, the fields are read again (never a value a person entered) and the
    case goes back to verification with the same number. Answers when the pages are read."""
    case = case_or_404(db, case_id)
    if case.status != "returned":
        raise HTTPException(409, "Chỉ bổ sung bản quét cho hồ sơ đang bị trả lại")
    name = safe_filename(file.filename)
    try:
        path, size = save_upload(settings, name, file.file.read)
    except UploadTooLarge as exc:
        raise HTTPException(413, str(exc)) from None
    db.commit()  # the pipeline writes in its own sessions (SQLite: one writer at a time)
    try:
        read = rescans.read_file(settings, store, path)
    except ServiceDown as exc:
        raise HTTPException(
            503, f"Chưa đọc được tệp vì {exc.what} đang gặp sự cố; hãy thử lại sau."
        ) from None
    finally:
        remove_upload(path)
    db.refresh(case)
    try:
        if read.doc_id is None:
            raise rescans.refusal(case, read.report)
        if case.status != "returned":  # attached by someone else meanwhile
            raise Refused(409, "Hồ sơ đã được bổ sung bản quét khác")
        record = rescans.attach(db, IngestContext.create(settings, store), case, read.doc_id, user.username)
    except Refused as exc:
        raise HTTPException(exc.status, str(exc)) from None
    repo.audit(
        db,
        user.username,
        "rescan",
        case.case_id,
        filename=name,
        size=size,
        document_id=read.doc_id,
        pages=record["pages"],
        reread=record["reread"],
        kept=record["kept"],
    )
    return {"case_id": case.case_id, "status": case.status, "pages": record["pages"], "kept": record["kept"]}


def _visible_job(db: Session, user: CurrentUser, job_id: int) -> UploadJob:
    job = repo.get_upload_job(db, job_id)
    if job is None or (not sees_all_uploads(user) and job.actor != user.username):
        raise HTTPException(404, "Không có lượt tải lên này")
    return job


@router.get("/api/uploads", tags=["reception"])
def api_uploads(
    user: Uploader,
    db: SessionDep,
    off: DaysOff,
    ids: str | None = Query(None, max_length=4000, description="comma-separated job ids"),
) -> list[dict[str, Any]]:
    """The caller's recent uploads (all uploads for an admin), or the ones named by ``ids``."""
    # ASCII digits only ("¹".isdigit() is True), and only ids a database integer can hold
    wanted = [
        int(x)
        for x in (t.strip() for t in (ids or "").split(","))
        if _JOB_ID.fullmatch(x) and int(x) <= INT32_MAX
    ][:200]
    jobs = repo.list_upload_jobs(db, actor=_own_jobs(user), ids=wanted or None, limit=200)
    return jobs_json(db, jobs, off)


@router.get("/api/uploads/{job_id}", tags=["reception"])
def api_upload_status(job_id: DbId, user: Uploader, db: SessionDep, off: DaysOff) -> dict[str, Any]:
    return jobs_json(db, [_visible_job(db, user, job_id)], off)[0]


# ---------------------------------------------------------------------------------------------- receipts
def qr_svg(text: str) -> str:
    import segno

    return segno.make(text, error="m", micro=False).svg_inline(scale=4, border=2, title=text, omitsize=True)


def qr_target(case_id: str, public_url: str | None) -> str:
    """What the receipt's QR code holds: the citizen's look-up page for the case when the app's public address
    is set (DONTHU_PUBLIC_URL), else the case number."""
    if not public_url or not public_url.strip():
        return case_id
    from urllib.parse import quote

    return f"{public_url.strip().rstrip('/')}/tra-cuu-ho-so?ma={quote(case_id, safe='')}"


def _receipt(
    request: Request,
    db: Session,
    user: CurrentUser,
    cases: list[Case],
    agency: str,
    off: frozenset[dt.date],
    public_url: str | None = None,
) -> Response:
    items = []
    for case in cases:
        name = None
        if may_see_identity(user, case) and not case.anonymous:
            name = case.complainant_name
        items.append(
            {
                "case": case,
                "name": name,
                "file": source_name(user, case.document),
                "deadline": deadlines.processing_deadline(case.received_at, extra=off),
                "received": local_time(case.received_at, "%H giờ %M, ngày %d/%m/%Y"),
                "qr": qr_svg(qr_target(case.case_id or "", public_url)),
            }
        )
        repo.audit(db, user.username, "print_receipt", case.case_id)
    return TEMPLATES.TemplateResponse(
        request,
        "receipt.html",
        {
            "user": user,
            "items": items,
            "agency": agency,
            "days": deadlines.PROCESSING_DAYS,
            "csrf": csrf_token(request),
        },
    )


@router.get("/cases/{case_id}/receipt", response_class=HTMLResponse, include_in_schema=False)
def receipt(
    case_id: str,
    request: Request,
    user: ReceiptPrinter,
    db: SessionDep,
    settings: SettingsDep,
    off: DaysOff,
) -> Response:
    """Phiếu tiếp nhận: case number, date received, processing deadline and a QR code of the number."""
    return _receipt(
        request, db, user, [case_or_404(db, case_id)], settings.agency_name, off, settings.public_url
    )


@router.get("/receipts", response_class=HTMLResponse, include_in_schema=False)
def receipts(
    request: Request,
    user: ReceiptPrinter,
    db: SessionDep,
    settings: SettingsDep,
    off: DaysOff,
    ids: str = Query(""),
) -> Response:
    """Several receipts, one per printed page (all the cases of one upload batch)."""
    wanted = [x.strip() for x in ids.split(",") if x.strip()][:100]
    cases = repo.cases_by_ids(db, wanted)
    if not cases:
        raise not_found()
    return _receipt(request, db, user, cases, settings.agency_name, off, settings.public_url)
