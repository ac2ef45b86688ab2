"""Desk uploads: the files the clerks send (and failed documents sent again) run through the ingest pipeline in
background threads, and their progress is written to the upload job row the desk polls.

``UploadRunner`` is started with the app (``create_app``'s lifespan): it resumes the jobs a restart
interrupted and queues again the uploads kept on disk during an outage of the object store or the database.
``save_upload`` and ``save_original`` put a file into a fresh folder of ``<data_dir>/uploads`` for it; the
runner removes that folder once the pipeline is done with the file. No HTTP here: the routes are in
``routes/reception.py`` and ``routes/documents.py``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from ..config import Settings
from ..ingest.errors import ServiceDown
from ..storage import repo
from ..storage.db import session_scope
from ..storage.models import UploadJob

log = logging.getLogger("donthu.api.reception")

KEPT_OUTAGE = (
    "Chưa xử lý được vì {what} đang gặp sự cố. Tệp tải lên vẫn được giữ trên máy chủ và sẽ được xử lý "
    "lại tự động khi {what} hoạt động trở lại; không cần tải lên lại. Nếu lâu vẫn chưa xong, hãy báo "
    "quản trị."
)
KEPT_ERROR = (
    "Lỗi hệ thống khi xử lý tệp ({what}). Tệp tải lên vẫn được giữ trên máy chủ và sẽ được thử lại khi "
    "máy chủ khởi động lại; hãy báo quản trị."
)
DB_DOWN = (OperationalError, InterfaceError)


class JobProgress:
    """Pipeline progress events written to the upload job row (the desk polls it); a failed write is only logged
    (the progress bar is not worth stopping the file for)."""

    def __init__(self, db_url: str, job_id: int) -> None:
        self.db_url, self.job_id = db_url, job_id

    def add_total(self, pages: int) -> None:
        try:
            with session_scope(self.db_url) as db:
                job = db.get(UploadJob, self.job_id)
                if job is not None:
                    job.pages_total = (job.pages_total or 0) + pages
        except DB_DOWN as exc:
            log.warning("upload %s: progress not recorded: %s", self.job_id, exc)

    def advance(self, pages: int = 1) -> None:
        try:
            with session_scope(self.db_url) as db:
                job = db.get(UploadJob, self.job_id)
                if job is not None:
                    job.pages_done = (job.pages_done or 0) + pages
        except DB_DOWN as exc:
            log.warning("upload %s: progress not recorded: %s", self.job_id, exc)

    def message(self, text: str) -> None:
        log.info("upload %s: %s", self.job_id, text)


class UploadRunner:
    """Runs uploaded files through the configured pipeline in background threads.

    Embedded default (``DONTHU_QUEUE=local``): the pages are read in this thread, which keeps the OCR of desk
    uploads from crowding out the web app on a small server; batches of backlog scans go through
    ``donthu ingest``. With ``DONTHU_QUEUE=celery`` the pages go to the Celery workers and up to 8 threads wait
    for their files, so one large upload does not hold back the next clerk's.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db_url = settings.db_url
        # embedded: one file at a time, read here; Celery: the threads only wait, the workers read the pages
        self._pool = ThreadPoolExecutor(
            max_workers=1 if settings.queue == "local" else 8, thread_name_prefix="donthu-upload"
        )
        # long batch tasks (an archive import runs for hours): one at a time, never in front of a clerk's upload
        self._batches = ThreadPoolExecutor(max_workers=1, thread_name_prefix="donthu-batch")
        self._futures: set[Future] = set()
        self._lock = threading.Lock()
        self.record_delays: tuple[float, ...] = (1, 2, 4, 8, 15, 30, 60, 60, 60, 60)  # about 5 minutes

    def submit(self, job_id: int) -> None:
        self._track(self._pool.submit(self._run, job_id))

    def submit_batch(self, task: Callable[[], Any]) -> None:
        """Run a long batch task (an archive import, api/archive_jobs.py) in the background, one at a time;
        :meth:`wait` and :meth:`shutdown` cover it as they cover uploads. The task records its own outcome."""
        self._track(self._batches.submit(task))

    def _track(self, fut: Future) -> None:
        with self._lock:
            self._futures.add(fut)
        fut.add_done_callback(self._forget)

    def _forget(self, fut: Future) -> None:
        with self._lock:
            self._futures.discard(fut)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every submitted file is processed (tests); True when all are done."""
        with self._lock:
            futures = set(self._futures)
        done, pending = wait_futures(futures, timeout=timeout)
        return not pending

    def resume_unfinished(self) -> None:
        """After a restart: files saved but not processed go back into the runner, and so do uploads kept on disk
        after an outage of the object store or the database (see :meth:`retry_kept`)."""
        with session_scope(self.db_url) as db:
            jobs = [(j.id, j.path) for j in repo.unfinished_upload_jobs(db)]
            for job_id, path in jobs:
                if not Path(path).is_file():
                    repo.update_upload_job(
                        db,
                        job_id,
                        status="failed",
                        error="Máy chủ khởi động lại trước khi xử lý xong; hãy tải tệp lên lại.",
                    )
        for job_id, path in jobs:
            if Path(path).is_file():
                self.submit(job_id)
        self.retry_kept()

    def retry_kept(self, limit: int = 500, outages_only: bool = False) -> list[int]:
        """Queue again the failed uploads whose file is still on disk: the store or the database was down when
        they ran (a file that was stored, or refused for itself, is removed from the upload folder). Called at
        start-up and whenever an upload has gone through (the store is back). Returns the job ids queued."""
        queued: list[int] = []
        with session_scope(self.db_url) as db:
            failed = db.scalars(
                select(UploadJob)
                .where(UploadJob.status == "failed")
                .order_by(UploadJob.id.desc())
                .limit(limit)
            )
            for job in failed:
                if outages_only and not (job.error or "").startswith(KEPT_OUTAGE.split("{", 1)[0]):
                    continue
                if job.path and Path(job.path).is_file():
                    job.status, job.error = "queued", None
                    queued.append(job.id)
        for job_id in sorted(queued):
            self.submit(job_id)
        return queued

    def _run(self, job_id: int) -> None:
        try:
            with session_scope(self.db_url) as db:
                job = db.get(UploadJob, job_id)
                if job is None:
                    return
                path = Path(job.path)
                job.status, job.pages_done, job.pages_total, job.error = "processing", 0, 0, None
        except DB_DOWN:  # the job stays queued, its file on disk: picked up at the next start
            log.exception("upload %s: database unreachable; left queued", job_id)
            return
        # imported on first use: the stages load the extractor and its models, which start-up does not need
        from ..ingest.pipeline import make_pipeline

        values: dict[str, Any]
        keep = False  # keep the uploaded file: its original may not be in the store
        try:
            # a file that failed before is tried again: the clerk uploading it again, or "Thử lại", asks for that
            pipe = make_pipeline(self.settings, workers=1, progress=JobProgress(self.db_url, job_id))
            summary = pipe.run([path], retry_failed=True)
            report = summary.files[0] if summary.files else None
            if report is None:
                values = {"status": "failed", "error": "Không đọc được tệp."}
            elif report.status in ("failed", "previously_failed", "skipped"):  # skipped: not a document
                values = {
                    "status": "failed",
                    "error": report.reason or "Không đọc được tệp.",
                    "case_ids": list(report.case_ids),
                }
            elif report.status == "already":
                values = {"status": "already", "case_ids": list(report.case_ids)}
            else:
                values = {"status": "done", "case_ids": list(report.case_ids)}
            if report is not None and report.warning:
                values["warning"] = report.warning
        except (
            ServiceDown
        ) as exc:  # the store or the database went away: nothing is lost, it runs again later
            log.error("upload %s: %s is down: %s", job_id, exc.service, exc.detail)
            keep = True
            values = {"status": "failed", "error": KEPT_OUTAGE.format(what=exc.what)}
        except Exception as exc:  # never lose track of a file: the job says what happened
            log.exception("upload %s failed", job_id)
            keep = True
            values = {"status": "failed", "error": KEPT_ERROR.format(what=type(exc).__name__)}
        if not self._record(job_id, values):
            return  # the database stayed down: the job and its file wait for the next start
        if not keep:
            remove_upload(path)
            if values["status"] in ("done", "already"):
                try:
                    self.retry_kept(outages_only=True)  # the store and the database answer again
                except Exception:
                    log.exception("could not queue kept uploads again")

    def _record(self, job_id: int, values: dict[str, Any]) -> bool:
        """Write the job's outcome; while the database is unreachable, try again for a few minutes."""
        for delay in (*self.record_delays, None):
            try:
                with session_scope(self.db_url) as db:
                    repo.update_upload_job(db, job_id, **values)
                return True
            except DB_DOWN:
                if delay is None:
                    log.exception(
                        "upload %s: outcome not recorded (database unreachable); left for restart", job_id
                    )
                    return False
                log.warning(
                    "upload %s: database unreachable, recording the outcome again in %s s", job_id, delay
                )
                time.sleep(delay)
        return False

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._batches.shutdown(wait=False, cancel_futures=True)


def remove_upload(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
    try:  # the folder goes even when the file could not be made (a name the file system refused)
        path.parent.rmdir()
    except OSError:
        pass


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name; Vietnamese letters take 2-3 bytes in UTF-8


def _cut_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_filename(name: str | None) -> str:
    """The uploaded file's own name (kept as the document's original name), without any path or odd bytes,
    at most ``MAX_NAME_BYTES`` bytes of UTF-8 (the extension kept)."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip().lstrip(".")
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and len(ext.encode("utf-8")) <= 16:
            base = _cut_utf8(stem, MAX_NAME_BYTES - 1 - len(ext.encode("utf-8"))).rstrip() + "." + ext
        else:
            base = _cut_utf8(base, MAX_NAME_BYTES).rstrip()
    return base or "tep-tai-len"


# ---------------------------------------------------------------------------------------------- saving
class UploadTooLarge(ValueError):
    """The file is over ``DONTHU_MAX_FILE_MB`` (its partial copy is removed)."""


def upload_path(settings: Settings, name: str) -> Path:
    """A fresh folder for one file handed to the runner (removed once the pipeline is done with it)."""
    folder = settings.data_dir / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    return folder / safe_filename(name)  # any name (a stored original's too) fits the file system


def save_upload(settings: Settings, name: str, read: Callable[[int], bytes]) -> tuple[Path, int]:
    """Copy an uploaded stream (``read(n)``) into its folder, at most ``DONTHU_MAX_FILE_MB``; returns the path
    and the size. Nothing is left behind when it fails."""
    path = upload_path(settings, name)
    limit = settings.max_file_mb * 1024 * 1024
    size = 0
    try:
        with open(path, "wb") as out:
            while chunk := read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge(f"Tệp lớn hơn giới hạn {settings.max_file_mb} MB")
                out.write(chunk)
    except BaseException:
        remove_upload(path)
        raise
    return path, size


def save_original(settings: Settings, name: str, data: bytes) -> Path:
    """A stored original, written out for another run through the pipeline ("Thử lại")."""
    path = upload_path(settings, name)
    path.write_bytes(data)
    return path
