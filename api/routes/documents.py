"""Files the pipeline could not turn into cases: listed with the clerk's reason, and tried again on request.

A failed document (bad input, a page the OCR workers gave up on after their retries, a system error while
creating the cases) keeps its original in the object store. "Thử lại" (retry) hands that original back to the
upload runner, which runs it through the configured pipeline (the in-process pool or the Celery workers) with
``retry_failed``: pages already stored are not read again.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ...config import Settings
from ...privacy import policy
from ...storage import repo
from ..auth import CurrentUser, csrf_token
from ..deps import CSRF, AnyUser, Retrier, SessionDep, SettingsDep, StoreDep, Uploads
from ..hardening import DbId
from ..jobs import UploadRunner, save_original
from ..permissions import RETRIERS
from ..present import DOCUMENT_STATUS, TEMPLATES, document_json, job_json

router = APIRouter()


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_page(
    request: Request, user: AnyUser, db: SessionDep, status: str = "failed", retried: str = ""
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


def retry_document(
    db: Session, store: Any, settings: Settings, uploads: UploadRunner, user: CurrentUser, doc_id: int
) -> dict[str, Any]:
    """Queue a failed document's stored original for another run; returns the upload job (JSON)."""
    doc = repo.get_document(db, doc_id)
    if doc is None:
        raise HTTPException(404, "Không có tệp này")
    if doc.status != "failed":
        raise HTTPException(409, "Tệp này không ở trạng thái lỗi nên không cần thử lại")
    try:
        data = store.get(doc.object_key)
    except Exception as exc:
        raise HTTPException(503, "Không lấy được bản gốc của tệp từ kho lưu trữ; hãy báo quản trị") from exc
    shown = policy.file_name_for(user, doc.id, doc.original_name)
    path = save_original(settings, shown, data)
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
    uploads.submit(job.id)
    return out


@router.post("/documents/{doc_id}/retry", include_in_schema=False, dependencies=[CSRF])
def retry_form(
    doc_id: DbId,
    user: Retrier,
    db: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    uploads: Uploads,
    status: str = Form("failed"),
) -> Response:
    job = retry_document(db, store, settings, uploads, user, doc_id)
    return RedirectResponse(
        "/documents?" + urlencode({"status": status, "retried": job["filename"]}), status_code=303
    )


@router.post("/api/documents/{doc_id}/retry", tags=["documents"], status_code=202, dependencies=[CSRF])
def api_retry(
    doc_id: DbId, user: Retrier, db: SessionDep, store: StoreDep, settings: SettingsDep, uploads: Uploads
) -> dict[str, Any]:
    """Run a failed document again from its stored original; follow it with ``GET /api/uploads/{id}``."""
    return retry_document(db, store, settings, uploads, user, doc_id)


@router.get("/api/documents", tags=["documents"])
def api_documents(
    user: AnyUser,
    db: SessionDep,
    status: str | None = Query(None, max_length=20, description="failed | processing | done"),
) -> list[dict[str, Any]]:
    docs = repo.list_documents(db, status=status)
    read = repo.pages_read(db, [d.id for d in docs])
    return [document_json(d, read.get(d.id, 0), user) for d in docs]
