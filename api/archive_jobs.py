"""Archive imports from the web (issue 15): what the archivist uploads is saved under
``<data_dir>/archive-uploads/<batch id>/`` (the documents or zipped boxes in ``files/``, the manifest in
``manifest/``) and imported in the background by ``archive.importer.import_archive`` on the upload runner's batch
thread (``UploadRunner.submit_batch``). The importer keeps the batch's progress counters current; the batch page
polls them. With ``DONTHU_QUEUE=celery`` the pages go to the workers (the importer uses ``make_pipeline``).

The upload folder is removed once the batch is done; a batch stopped by an outage, or interrupted by a restart,
keeps it and is imported again (the same batch continues) when the app starts. No HTTP here: the routes are in
``routes/archive.py``.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..config import Settings
from ..storage.db import session_scope
from ..storage.models import ArchiveBatch, utcnow
from .jobs import UploadRunner, UploadTooLarge, safe_filename

log = logging.getLogger("donthu.api.archive")

UPLOAD_DIR = "archive-uploads"
FAILED = "Không nhập được lô tài liệu ({what}). Các tệp tải lên vẫn được giữ trên máy chủ; hãy báo quản trị."
RESTARTED = "Máy chủ khởi động lại trước khi nhập xong và không còn tệp tải lên; hãy tải lô lên lại."

Reader = Callable[[int], bytes]


@dataclass
class SavedUpload:
    folder: Path
    files: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    size: int = 0


def batch_folder(settings: Settings, batch_id: int) -> Path:
    return settings.data_dir / UPLOAD_DIR / str(int(batch_id))


def _unique(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``name (2)``, ``name (3)``… when two uploaded files have the same name."""
    path = folder / name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while path.exists():
        path = folder / (f"{stem} ({n}).{ext}" if dot else f"{stem} ({n})")
        n += 1
    return path


def save_files(
    settings: Settings,
    batch_id: int,
    files: list[tuple[str, Reader]],
    manifest: tuple[str, Reader] | None = None,
) -> SavedUpload:
    """Copy the uploaded streams (``read(n)``) into the batch's folder, at most ``DONTHU_MAX_FILE_MB`` in all
    (:class:`~.jobs.UploadTooLarge` otherwise, and nothing is left behind)."""
    folder = batch_folder(settings, batch_id)
    out = SavedUpload(folder)
    limit = settings.max_file_mb * 1024 * 1024
    parts = [("files", name, read) for name, read in files]
    if manifest is not None:
        parts.append(("manifest", *manifest))
    try:
        for kind, name, read in parts:
            sub = folder / kind
            sub.mkdir(parents=True, exist_ok=True)
            path = _unique(sub, safe_filename(name))
            with open(path, "wb") as fh:
                while chunk := read(1 << 20):
                    out.size += len(chunk)
                    if out.size > limit:
                        raise UploadTooLarge(f"Các tệp tải lên lớn hơn giới hạn {settings.max_file_mb} MB")
                    fh.write(chunk)
            if kind == "files":
                out.files.append(path)
            else:
                out.manifest = path
    except BaseException:
        remove_folder(folder)
        raise
    return out


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def saved(settings: Settings, batch_id: int) -> SavedUpload | None:
    """What is kept on disk for a batch (None when its folder is gone)."""
    folder = batch_folder(settings, batch_id)
    files = sorted(p for p in (folder / "files").glob("*") if p.is_file())
    if not files:
        return None
    manifests = sorted(p for p in (folder / "manifest").glob("*") if p.is_file())
    return SavedUpload(folder, files, manifests[0] if manifests else None)


def _set_batch(settings: Settings, batch_id: int, **values: object) -> None:
    with session_scope(settings.db_url) as db:
        batch = db.get(ArchiveBatch, batch_id)
        if batch is not None:
            for key, value in values.items():
                setattr(batch, key, value)


def run_import(settings: Settings, batch_id: int, actor: str) -> None:
    """Import a batch's saved upload (the background task): the batch row tells the outcome; the folder goes
    once the batch is done."""
    from ..archive.importer import import_archive  # the pipeline and its models: loaded on first use

    upload = saved(settings, batch_id)
    if upload is None:
        _set_batch(settings, batch_id, status="failed", error=RESTARTED, finished_at=utcnow())
        return
    with session_scope(settings.db_url) as db:
        batch = db.get(ArchiveBatch, batch_id)
        if batch is None:
            return
        name, agency, unit = batch.name, batch.agency, batch.unit_code
    try:
        import_archive(
            upload.files,
            manifest=upload.manifest,
            settings=settings,
            actor=actor,
            name=name,
            agency=agency,
            unit_code=unit,
            batch_id=batch_id,
        )
    except Exception as exc:  # the importer records outages itself (status "stopped"); anything else: failed
        log.exception("archive batch %s: import failed", batch_id)
        with session_scope(settings.db_url) as db:
            batch = db.get(ArchiveBatch, batch_id)
            if batch is not None and batch.status == "importing":
                batch.status, batch.finished_at = "failed", utcnow()
                batch.error = FAILED.format(what=type(exc).__name__)
        return
    with session_scope(settings.db_url) as db:
        batch = db.get(ArchiveBatch, batch_id)
        done = batch is not None and batch.status == "done"
    if done:
        remove_folder(upload.folder)


def start(runner: UploadRunner, settings: Settings, batch_id: int, actor: str) -> None:
    runner.submit_batch(lambda: run_import(settings, batch_id, actor))


def resume(runner: UploadRunner, settings: Settings) -> list[int]:
    """At start-up: batches a restart interrupted, or an outage stopped, are imported again from their kept
    upload (the same batch continues); one whose upload is gone is marked failed. Returns the batch ids queued."""
    with session_scope(settings.db_url) as db:
        rows = db.execute(
            select(ArchiveBatch.id, ArchiveBatch.created_by).where(
                ArchiveBatch.status.in_(("importing", "stopped"))
            )
        ).all()
    queued = []
    for batch_id, actor in rows:
        if saved(settings, batch_id) is None:
            continue  # imported from the command line (nothing kept here), or the upload is gone
        queued.append(int(batch_id))
        start(runner, settings, int(batch_id), str(actor))
    return queued
