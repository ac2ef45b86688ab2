"""Files the pipeline could not turn into cases: listed with the clerk's reason, and tried again on request.

A failed document (bad input, a page the OCR workers gave up on after their retries, a system error while
creating the cases) keeps its original in the object store. "Thử lại" (retry) hands that original back to the
upload runner, which runs it through the configured pipeline (the in-process pool or the Celery workers) with
``retry_failed``: pages already stored are not read again.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ..privacy import policy
from ..storage import repo
from ..storage.models import Document
from .auth import CurrentUser, csrf_token, require
from .common import TEMPLATES, csrf_protect, get_db, local_time
from .hardening import DbId
from .reception import job_json, upload_path

router = APIRouter()
# reception re-submits what it scanned; supervisors and admins clear what is stuck
RETRIERS = ("reception", "supervisor", "admin")
DOCUMENT_STATUS = {"failed": "Lỗi, chưa tạo được hồ sơ", "processing": "Đang xử lý", "done": "Đã tạo hồ sơ"}


def document_json(d: Document, pages_read: int, user: CurrentUser) -> dict[str, Any]:
    """A document as ``user`` may see it: original file names (which often carry a person's name) only for
    roles cleared for a denouncer's identity (privacy/policy.py), a neutral name for the others."""
    admin = user.role == "admin"
    out = {
        "id": d.id,
        "original_name": policy.file_name_for(user, d.id, d.original_name),
        "sha256": d.sha256,
        "status": d.status,
        "status_label": DOCUMENT_STATUS.get(d.status, d.status),
        "error": d.error,
        "pages": d.page_count,
        "pages_read": pages_read,
        "media_type": d.media_type,
        "received_at": local_time(d.created_at),
        "updated_at": local_time(d.updated_at),
    }
    if admin:
        out["error_detail"] = d.error_detail
    return out


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(
    request: Request,
    status: str = "failed",
    retried: str = "",
    user: CurrentUser = Depends(require()),
    db: Session = Depends(get_db),
) -> Response:
    status = status if status in DOCUMENT_STATUS or status == "" else "failed"
    docs = repo.list_documents(db, status=status or None, limit=200)
    read = repo.pages_read(db, [d.id for d in docs])
    rows = [document_json(d, read.get(d.id, 0), user) for d in docs]
    return TEMPLATES.TemplateResponse(
        request,
        "documents.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "rows": rows,
            "status": status,
            "retried": retried,
            "may_retry": user.role in RETRIERS,
            "DOCUMENT_STATUS": DOCUMENT_STATUS,
        },
    )


def retry_document(request: Request, db: Session, user: CurrentUser, doc_id: int) -> dict[str, Any]:
    """Queue a failed document's stored original for another run; returns the upload job (JSON)."""
    doc = repo.get_document(db, doc_id)
    if doc is None:
        raise HTTPException(404, "Không có tệp này")
    if doc.status != "failed":
        raise HTTPException(409, "Tệp này không ở trạng thái lỗi nên không cần thử lại")
    settings = request.app.state.settings
    try:
        data = request.app.state.store.get(doc.object_key)
    except Exception as exc:
        raise HTTPException(503, "Không lấy được bản gốc của tệp từ kho lưu trữ; hãy báo quản trị") from exc
    shown = policy.file_name_for(user, doc.id, doc.original_name)
    path = upload_path(settings, shown)
    path.write_bytes(data)
    job = repo.create_upload_job(db, user.username, shown, str(path), len(data))
    repo.audit(
        db,
        user.username,
        "document_retry",
        None,
        document=doc.id,
        filename=doc.original_name,
        sha256=doc.sha256,
        previous_error=doc.error,
        job=job.id,
    )
    out = job_json(job)
    db.commit()  # the runner reads the job from its own session
    request.app.state.uploads.submit(job.id)
    return out


@router.post("/documents/{doc_id}/retry", include_in_schema=False, dependencies=[Depends(csrf_protect)])
def retry_form(
    doc_id: DbId,
    request: Request,
    status: str = Form("failed"),
    user: CurrentUser = Depends(require(*RETRIERS)),
    db: Session = Depends(get_db),
) -> Response:
    job = retry_document(request, db, user, doc_id)
    return RedirectResponse(
        "/documents?" + urlencode({"status": status, "retried": job["filename"]}), status_code=303
    )


@router.post(
    "/api/documents/{doc_id}/retry", tags=["documents"], status_code=202, dependencies=[Depends(csrf_protect)]
)
def api_retry(
    doc_id: DbId,
    request: Request,
    user: CurrentUser = Depends(require(*RETRIERS)),
    db: Session = Depends(get_db),
) -> dict[str, Any]:
    """Run a failed document again from its stored original; follow it with ``GET /api/uploads/{id}``."""
    return retry_document(request, db, user, doc_id)


@router.get("/api/documents", tags=["documents"])
def api_documents(
    status: str | None = Query(None, max_length=20, description="failed | processing | done"),
    user: CurrentUser = Depends(require()),
    db: Session = Depends(get_db),
) -> list[dict[str, Any]]:
    docs = repo.list_documents(db, status=status)
    read = repo.pages_read(db, [d.id for d in docs])
    return [document_json(d, read.get(d.id, 0), user) for d in docs]
