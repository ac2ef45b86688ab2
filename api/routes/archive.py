"""/luu-tru: the archivist's pages (issue 15): upload a zipped box with its manifest, follow each batch's progress,
draw a quality-control sample, see the batch's estimated accuracy and decision, export a box.

Archivists and admins import and run the quality control (``permissions.ARCHIVISTS``); supervisors read the pages
(``ARCHIVE_READERS``). A batch belongs to the unit of the archivist who uploaded it; the lists show the batches of
the user's unit and the units below it, as the case lists do (handling/views.py). The import runs in the background
(api/archive_jobs.py, archive/importer.py); the sample is verified in the station (``/?status=archive_review&batch=N``,
api/routes/station.py); the plan, the sample and the estimate are archive/sampling.py's and archive/qc.py's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
import uuid
import zipfile
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from ...archive import qc, sampling
from ...config import Settings
from ...contract import DATE_SOURCE_LABELS, STATUS_LABELS
from ...handling import views
from ...ingest.provenance import ManifestError, read_manifest
from ...storage import repo
from ...storage.models import ArchiveBatch, ArchiveItem, Case
from .. import archive_jobs, archive_view
from ..auth import CurrentUser, csrf_token, require
from ..deps import CSRF, SessionDep, SettingsDep, StoreDep, Uploads
from ..edits import clean_text
from ..hardening import INT32_MAX, DbId, PageNumber
from ..jobs import UploadTooLarge
from ..permissions import ARCHIVE_READERS, ARCHIVISTS
from ..present import TEMPLATES, local_time

router = APIRouter()
Archivist = Annotated[CurrentUser, Depends(require(*ARCHIVISTS))]
ArchiveReader = Annotated[CurrentUser, Depends(require(*ARCHIVE_READERS))]

BATCH_STATUS = {
    "importing": "Đang nhập",
    "done": "Đã nhập xong",
    "failed": "Lỗi, không nhập được",
    "stopped": "Tạm dừng do sự cố (sẽ tiếp tục)",
}
ITEM_STATUS = {
    "new": "Đã nhập",
    "resumed": "Đã nhập (tiếp tục)",
    "already": "Đã có từ trước",
    "failed": "Lỗi",
    "previously_failed": "Lỗi từ lần trước",
    "pending": "Chờ đọc",
}
LIST_LIMIT = 200
ITEMS_PAGE = 200
FLASH = "archive_flash"  # one message for the next batch page (the session is server-side)


# ---------------------------------------------------------------------------------------------- scope
def _scope(db: Session, user: CurrentUser, settings: Settings) -> Any:
    """SQL condition: a batch of the user's unit or a unit below it (a batch with no unit: the home unit's)."""
    codes = views.visible_units(db, user, settings)
    cond: Any = ArchiveBatch.unit_code.in_(codes)
    if views.home_unit(db, settings) in codes:
        cond = or_(cond, ArchiveBatch.unit_code.is_(None))
    return cond


def batch_or_404(db: Session, user: CurrentUser, settings: Settings, batch_id: int) -> ArchiveBatch:
    """The batch, when the user's unit sees it; another unit's batch is not shown to exist."""
    batch = db.scalar(select(ArchiveBatch).where(ArchiveBatch.id == batch_id, _scope(db, user, settings)))
    if batch is None:
        raise HTTPException(404, "Không có lô lưu trữ này")
    return batch


def _flash(request: Request, message: str | None = None) -> str | None:
    """Keep a message for the next page (``message``), or take the kept one."""
    if message is not None:
        request.session[FLASH] = message[:500]
        return None
    return request.session.pop(FLASH, None)


# ---------------------------------------------------------------------------------------------- progress
def progress_json(batch: ArchiveBatch) -> dict[str, Any]:
    """What the batch page polls: the counters the importer keeps current, and whether it is over."""
    files_total, files_done = batch.files_total or 0, batch.files_done or 0
    pages_total, pages_done = batch.pages_total or 0, batch.pages_done or 0
    if batch.status == "done":
        percent = 100
    elif pages_total:
        percent = min(99, int(100 * pages_done / pages_total))
    elif files_total:
        percent = min(99, int(100 * files_done / files_total))
    else:
        percent = 0
    return {
        "id": batch.id,
        "name": batch.name,
        "status": batch.status,
        "status_label": BATCH_STATUS.get(batch.status, batch.status),
        "finished": batch.status != "importing",
        "files_total": files_total,
        "files_done": files_done,
        "pages_total": pages_total,
        "pages_done": pages_done,
        "percent": percent,
        "skipped": len(batch.skipped or []),
        "missing": len(batch.missing or []),
        "error": batch.error,
        "finished_at": local_time(batch.finished_at) or None,
    }


@router.get("/api/archive/batches/{batch_id}", tags=["archive"])
def api_batch(batch_id: DbId, user: ArchiveReader, db: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """An archive batch's progress (the batch page polls it every second while it imports)."""
    batch = batch_or_404(db, user, settings, batch_id)
    return {**progress_json(batch), "cases": _case_counts(db, [batch.id]).get(batch.id, {})}


def _case_counts(db: Session, batch_ids: list[int]) -> dict[int, dict[str, int]]:
    """Cases per batch and status."""
    if not batch_ids:
        return {}
    rows = db.execute(
        select(Case.archive_batch_id, Case.status, func.count(Case.id))
        .where(Case.archive_batch_id.in_(batch_ids))
        .group_by(Case.archive_batch_id, Case.status)
    ).all()
    out: dict[int, dict[str, int]] = {}
    for batch_id, status, n in rows:
        out.setdefault(int(batch_id or 0), {})[str(status)] = int(n)
    return out


# ---------------------------------------------------------------------------------------------- the list
@router.get("/luu-tru", response_class=HTMLResponse, include_in_schema=False)
def batches(request: Request, user: ArchiveReader, db: SessionDep, settings: SettingsDep) -> Response:
    """The batches of the user's units, newest first, and (for archivists) the upload form."""
    rows = list(
        db.scalars(
            select(ArchiveBatch)
            .where(_scope(db, user, settings))
            .order_by(ArchiveBatch.created_at.desc(), ArchiveBatch.id.desc())
            .limit(LIST_LIMIT)
        )
    )
    counts = _case_counts(db, [b.id for b in rows])
    return TEMPLATES.TemplateResponse(
        request,
        "archive_batches.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "rows": [
                {
                    "batch": b,
                    "progress": progress_json(b),
                    "cases": sum(counts.get(b.id, {}).values()),
                    "qc": archive_view.qc_state(b),
                }
                for b in rows
            ],
            "may_import": user.role in ARCHIVISTS,
            "max_mb": settings.max_file_mb,
            "message": _flash(request),
        },
    )


def _readers(files: list[UploadFile]) -> list[tuple[str, Any]]:
    return [(f.filename or "", f.file.read) for f in files if f.filename]


@router.post("/luu-tru/nhap", include_in_schema=False, dependencies=[CSRF])
def upload(
    user: Archivist,
    db: SessionDep,
    settings: SettingsDep,
    uploads: Uploads,
    files: Annotated[list[UploadFile], File()],
    manifest: Annotated[UploadFile | None, File()] = None,
    name: Annotated[str, Form(max_length=200)] = "",
    agency: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """A box to import: a ``.zip`` (or several files) and an optional manifest CSV
    (``file,received_date,box,folder,note``). The batch is created, the files saved, the import started in the
    background; the answer is the batch page (303)."""
    docs = _readers(files)
    if not docs:
        raise HTTPException(422, "Hãy chọn tệp .zip của hộp tài liệu, hoặc các tệp tài liệu cần nhập.")
    has_manifest = manifest is not None and bool(manifest.filename)
    today = dt.datetime.now(dt.UTC).astimezone(views.LOCAL_TZ)
    batch = ArchiveBatch(
        name=clean_text(name) or f"Lô nhập {today:%d/%m/%Y %H:%M}",
        created_by=user.username,
        unit_code=user.unit_code or views.home_unit(db, settings),
        agency=clean_text(agency) or "",
        manifest_name=(manifest.filename or "")[:500] if has_manifest and manifest else "",
        status="importing",
    )
    db.add(batch)
    db.flush()
    try:
        saved = archive_jobs.save_files(
            settings,
            batch.id,
            docs,
            (manifest.filename or "", manifest.file.read) if has_manifest and manifest else None,
        )
    except UploadTooLarge as exc:
        raise HTTPException(413, str(exc)) from None
    if saved.manifest is not None:
        try:
            read_manifest(saved.manifest)  # refused now, before anything is imported
        except ManifestError as exc:
            archive_jobs.remove_folder(saved.folder)
            raise HTTPException(422, str(exc)) from None
    repo.audit(
        db,
        user.username,
        "archive_upload",
        None,
        batch=batch.id,
        files=[p.name for p in saved.files][:100],
        manifest=saved.manifest.name if saved.manifest else None,
        size=saved.size,
    )
    db.commit()  # the import reads the batch from its own sessions
    archive_jobs.start(uploads, settings, batch.id, user.username)
    return RedirectResponse(f"/luu-tru/{batch.id}", status_code=303)


# ---------------------------------------------------------------------------------------------- a batch
def _items(db: Session, batch: ArchiveBatch, page: int) -> tuple[list[dict[str, Any]], int]:
    """A page of the batch's files, with the cases each one gave."""
    total = int(db.scalar(select(func.count(ArchiveItem.id)).where(ArchiveItem.batch_id == batch.id)) or 0)
    items = list(
        db.scalars(
            select(ArchiveItem)
            .where(ArchiveItem.batch_id == batch.id)
            .order_by(ArchiveItem.sequence, ArchiveItem.id)
            .limit(ITEMS_PAGE)
            .offset((page - 1) * ITEMS_PAGE)
        )
    )
    docs = [i.document_id for i in items if i.document_id]
    cases: dict[int, list[tuple[str, str]]] = {}
    if docs:
        for doc_id, case_id, status in db.execute(
            select(Case.document_id, Case.case_id, Case.status)
            .where(Case.document_id.in_(docs), Case.archive_batch_id == batch.id)
            .order_by(Case.id)
        ):
            cases.setdefault(int(doc_id), []).append((str(case_id), str(status)))
    rows = [
        {
            "item": i,
            "date_source": DATE_SOURCE_LABELS.get(i.date_source, i.date_source or ""),
            "status": ITEM_STATUS.get(i.status, i.status),
            "cases": cases.get(i.document_id or 0, []),
        }
        for i in items
    ]
    return rows, total


def _boxes(db: Session, batch_id: int) -> list[tuple[str, int]]:
    """The batch's boxes and how many cases each holds."""
    rows = db.execute(
        select(Case.archive_box, func.count(Case.id))
        .where(Case.archive_batch_id == batch_id, Case.archive_box.is_not(None), Case.archive_box != "")
        .group_by(Case.archive_box)
        .order_by(Case.archive_box)
    ).all()
    return [(str(b), int(n)) for b, n in rows]


@router.get("/luu-tru/{batch_id}", response_class=HTMLResponse, include_in_schema=False)
def batch_page(
    batch_id: DbId,
    request: Request,
    user: ArchiveReader,
    db: SessionDep,
    settings: SettingsDep,
    page: PageNumber = 1,
    aql: float | None = Query(None, ge=0, le=1000),
    level: str = Query("II", max_length=4),
) -> Response:
    """A batch: its progress, files, skipped files, manifest rows with no file, and its quality control."""
    batch = batch_or_404(db, user, settings, batch_id)
    repo.audit(db, user.username, "archive_view", None, batch=batch.id)
    items, total = _items(db, batch, page)
    counts = _case_counts(db, [batch.id]).get(batch.id, {})
    qc = archive_view.panel(db, batch, aql, level)
    return TEMPLATES.TemplateResponse(
        request,
        "archive_batch.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "batch": batch,
            "progress": progress_json(batch),
            "items": items,
            "items_total": total,
            "page": page,
            "pages": (total + ITEMS_PAGE - 1) // ITEMS_PAGE,
            "counts": {STATUS_LABELS.get(k, k): v for k, v in counts.items()},
            "cases_total": sum(counts.values()),
            "skipped": list(batch.skipped or []),
            "missing": [archive_view.missing_row(m) for m in batch.missing or []],
            "boxes": _boxes(db, batch.id),
            "qc": qc,
            "aqls": [(a, archive_view.number(a)) for a in archive_view.AQL_CHOICES],
            "levels": sampling.LEVELS,
            "may_act": user.role in ARCHIVISTS,
            "message": _flash(request),
            "queue_url": "/?" + urlencode({"status": "archive_review", "batch": batch.id}),
        },
    )


# ---------------------------------------------------------------------------------------------- quality control
def _back(batch_id: int) -> Response:
    return RedirectResponse(f"/luu-tru/{batch_id}#kiem-tra", status_code=303)


@router.post("/luu-tru/{batch_id}/mau", include_in_schema=False, dependencies=[CSRF])
def draw_sample(
    batch_id: DbId,
    request: Request,
    user: Archivist,
    db: SessionDep,
    settings: SettingsDep,
    aql: Annotated[float, Form()] = archive_view.DEFAULT_AQL,
    level: Annotated[str, Form(max_length=4)] = "II",
) -> Response:
    """ "Rút mẫu": the batch's sample (ISO 2859-1 plan for its lot, the AQL chosen) goes to archive_review."""
    batch = batch_or_404(db, user, settings, batch_id)
    if aql not in archive_view.AQL_CHOICES:
        raise HTTPException(422, "Hãy chọn một mức AQL trong danh sách.")
    try:
        drawn = qc.draw_sample(db, batch.id, aql=aql, level=level, actor=user.username)
    except ValueError as exc:  # qc.QcError, or a level the standard does not have
        _flash(request, str(exc))
        return _back(batch.id)
    _flash(request, f"Đã rút mẫu {len(drawn)} hồ sơ. Hãy kiểm tra từng hồ sơ mẫu trong trạm xác minh.")
    return _back(batch.id)


@router.post("/luu-tru/{batch_id}/do-tin-cay-thap", include_in_schema=False, dependencies=[CSRF])
def route_low_confidence(
    batch_id: DbId,
    request: Request,
    user: Archivist,
    db: SessionDep,
    settings: SettingsDep,
    threshold: Annotated[float, Form(ge=0, le=1)] = archive_view.LOW_THRESHOLD,
) -> Response:
    """The batch's cases the machine read with a low confidence go to a full check (archive_review)."""
    batch = batch_or_404(db, user, settings, batch_id)
    try:
        counts = qc.route_low_confidence(db, batch.id, threshold, actor=user.username)
    except qc.QcError as exc:
        _flash(request, exc.message)
        return _back(batch.id)
    _flash(
        request,
        f"Đã chuyển {counts['routed']} hồ sơ độ tin cậy thấp sang kiểm tra toàn bộ "
        f"({counts['needs_manual']} hồ sơ cần nhập tay).",
    )
    return _back(batch.id)


@router.post("/luu-tru/{batch_id}/kiem-tra-toan-bo", include_in_schema=False, dependencies=[CSRF])
def route_rejected(
    batch_id: DbId, request: Request, user: Archivist, db: SessionDep, settings: SettingsDep
) -> Response:
    """A rejected batch: every case still unchecked goes to archive_review (100 % inspection)."""
    batch = batch_or_404(db, user, settings, batch_id)
    try:
        n = qc.route_rejected(db, batch.id, actor=user.username)
    except qc.QcError as exc:
        _flash(request, exc.message)
        return _back(batch.id)
    _flash(request, f"Lô không đạt: đã chuyển {n} hồ sơ còn lại sang kiểm tra toàn bộ.")
    return _back(batch.id)


# ---------------------------------------------------------------------------------------------- box export
@router.get("/luu-tru/hop/{box}.zip", include_in_schema=False)
def export_box(
    box: Annotated[str, PathParam(min_length=1, max_length=100)],
    user: Archivist,
    db: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    batch: Annotated[int, Query(ge=1, le=INT32_MAX)],
) -> Response:
    """A box of the batch as an archive system takes it in (archive/package.py): one PDF/A-2b per petition,
    ``metadata.csv``, ``metadata.json`` and ``SHA256SUMS``, zipped. A protected case goes out as its redacted copy
    unless the user may see its identity."""
    from ...archive import package  # PDF/A and its fonts: loaded on first use

    found = batch_or_404(db, user, settings, batch)
    box = unicodedata.normalize("NFC", box)
    work = settings.data_dir / "archive-exports" / uuid.uuid4().hex
    work.mkdir(parents=True)
    try:
        result = package.export_box(db, store, box, work, batch_id=found.id, viewer=user)
        archive = work / f"{result.folder.name}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(result.folder.rglob("*")):
                if path.is_file():
                    z.write(path, f"{result.folder.name}/{path.relative_to(result.folder).as_posix()}")
    except package.EmptyBox as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise HTTPException(404, str(exc)) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    repo.audit(
        db,
        user.username,
        "archive_export",
        None,
        batch=found.id,
        box=box,
        files=len(result.files),
        redacted=sum(f.redacted for f in result.files),
        invalid=len(result.invalid),
    )
    return FileResponse(
        archive,
        media_type="application/zip",
        filename=f"hop-{result.folder.name}.zip",
        background=BackgroundTask(shutil.rmtree, work, True),
    )
