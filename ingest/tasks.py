"""Celery work queue (``DONTHU_QUEUE=celery``): one task per page OCR and one per document finalisation.

Workers: ``celery -A donthu.ingest.tasks worker -Q donthu`` (queue name ``DONTHU_CELERY_QUEUE``, broker
``DONTHU_BROKER_URL``). The ingest driver (:class:`CeleryPipeline`) registers files exactly as the embedded
pipeline does (originals stored by SHA-256, a document row per file), then sends a task per missing page and
waits for the documents to reach ``done`` or ``failed`` in the database.

Idempotent, keyed by content hash and step: task ids are ``<sha256>:page:<n>`` and ``<sha256>:finalize``; a page
task whose page row exists does nothing, and the finalize task runs under a lock and does nothing for a document
that is already ``done``. Tasks are acknowledged late (after they finish) and retried, so a worker killed in the
middle of a page leaves that page to another worker; the page is still stored exactly once (unique
(document, page_no) and the existence check). Workers read originals from the object store, so they need no
shared folder with the driver.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from celery import Celery
from celery.signals import setup_logging, worker_process_init
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..config import Settings, get_settings
from ..storage.db import session_scope
from ..storage.models import Case, Document, Page
from . import errors
from .pipeline import FileReport, IngestSummary, PageOutput, PageTask, Pipeline, process_page

log = logging.getLogger("donthu.tasks")

_settings = get_settings()
app = Celery("donthu", broker=_settings.broker_url)
app.conf.update(
    task_default_queue=_settings.celery_queue,
    task_acks_late=True,  # a task is acknowledged when it has finished: a killed worker's task is redelivered
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,  # one page at a time per process: fair over slow and fast pages
    task_ignore_result=True,  # results live in the database
    broker_connection_retry_on_startup=True,
    # a task held by a worker that died comes back to the queue after this many seconds (Redis broker)
    # (the sweep that hands them back runs every ``celery_restore_interval`` s; kombu's default is 100 s)
    broker_transport_options={
        "visibility_timeout": _settings.celery_visibility_timeout,
        "unacked_restore_interval": _settings.celery_restore_interval,
        "unacked_restore_throttle": 1,
    },
    worker_redirect_stdouts=False,
)


def configure(settings: Settings) -> None:
    """Point the sending side at the configured broker and queue (the worker reads them at import)."""
    if app.conf.broker_url != settings.broker_url:
        app.close()  # connections (and the producer pool) to the old broker must not be reused
        app.conf.broker_url = settings.broker_url
    app.conf.task_default_queue = settings.celery_queue


@setup_logging.connect
def _setup_logging(loglevel: int | str | None = None, **_kw: object) -> None:
    """Our logging (text or JSON by DONTHU_LOG_FORMAT) instead of Celery's, in the worker and its children."""
    from ..logs import configure_logging

    level = logging.getLevelName(loglevel) if isinstance(loglevel, str) else loglevel
    configure_logging(level if isinstance(level, int) else logging.INFO)


@worker_process_init.connect
def _init_worker(**_kw: object) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


_pipelines: dict[str, Pipeline] = {}


def _pipeline() -> Pipeline:
    s = get_settings()
    p = _pipelines.get(s.db_url)
    if p is None:
        p = _pipelines[s.db_url] = Pipeline(s, workers=1)
    return p


ORIGINALS_KEPT = 16  # originals a worker keeps on local disk (the pages of one file arrive close together)


def _local_original(pipe: Pipeline, sha: str, object_key: str) -> Path:
    """The original file on this worker: fetched once from the object store into a small cache folder.

    The least recently used originals beyond ``ORIGINALS_KEPT`` are removed, so a worker going through a backlog
    of a million pages does not fill its disk with every file it has seen."""
    cache = Path(tempfile.gettempdir()) / f"donthu-originals-{os.getuid()}"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / sha
    if path.is_file():  # mark it used (access time only: the modification time keys the open-PDF cache)
        os.utime(path, ns=(time.time_ns(), path.stat().st_mtime_ns))
        return path
    tmp = cache / f".{sha}.{os.getpid()}"
    tmp.write_bytes(pipe.store.get(object_key))
    os.replace(tmp, path)
    kept = sorted((p for p in cache.iterdir() if not p.name.startswith(".")), key=_used, reverse=True)
    for old in kept[ORIGINALS_KEPT:]:
        old.unlink(missing_ok=True)  # a page still reading it keeps its open handle (POSIX)
    return path


def _used(p: Path) -> float:
    try:
        return p.stat().st_atime
    except OSError:
        return 0.0


@app.task(bind=True, name="donthu.ocr_page", acks_late=True, max_retries=5, default_retry_delay=5)
def ocr_page(self, task: dict, sha: str, object_key: str) -> str:  # noqa: ANN001
    """Read one page and store it; then, when the document's last page is in, send its finalize task."""
    pipe = _pipeline()
    page_no = task["index"] + 1
    doc_id = task["document_id"]
    with session_scope(pipe.db_url) as db:
        doc = db.get(Document, doc_id)
        if doc is None or doc.status != "processing":
            return "skipped"
        have = db.scalar(select(Page.id).where(Page.document_id == doc_id, Page.page_no == page_no))
    if have is None:
        try:
            path = _local_original(pipe, sha, object_key)
            out: PageOutput = process_page(PageTask(**{**task, "path": str(path)}))
            if out.error:  # the file itself is bad (clerk's reason): no retry
                pipe._fail(doc_id, out.error, out.error_detail or "")
                log.warning(
                    "page %s failed", page_no, extra={"document_id": doc_id, "task_id": self.request.id}
                )
                return "failed"
            try:
                pipe._save_page(out, sha)
            except IntegrityError:  # the same page stored meanwhile by a redelivered copy of this task
                pass
        except Exception as exc:  # store or database hiccup: try again later, then give the page up
            if self.request.retries >= self.max_retries:
                pipe._fail(doc_id, errors.PAGE_GAVE_UP.format(page=page_no), f"{type(exc).__name__}: {exc}")
                log.error(
                    "page %s given up after %s retries",
                    page_no,
                    self.request.retries,
                    extra={"document_id": doc_id, "task_id": self.request.id},
                )
                return "failed"
            raise self.retry(exc=exc) from exc
        log.info("page %s read", page_no, extra={"document_id": doc_id, "task_id": self.request.id})
    _maybe_finalize(doc_id, sha)
    return "done"


def _maybe_finalize(doc_id: int, sha: str) -> None:
    pipe = _pipeline()
    with session_scope(pipe.db_url) as db:
        doc = db.get(Document, doc_id)
        if doc is None or doc.status != "processing":
            return
        n = db.scalar(select(func.count(Page.id)).where(Page.document_id == doc_id)) or 0
        if n < (doc.page_count or 0):
            return
    finalize_document.apply_async((doc_id, sha), task_id=f"{sha}:finalize", queue=get_settings().celery_queue)


def _lock(key: str, timeout: int = 120):  # noqa: ANN202
    """A lock shared by all workers: Redis when the broker is Redis, else the database serialises."""
    url = get_settings().broker_url
    if url.startswith(("redis://", "rediss://")):
        import redis

        return redis.Redis.from_url(url).lock(f"donthu:lock:{key}", timeout=timeout, blocking_timeout=0)
    return None


@app.task(bind=True, name="donthu.finalize_document", acks_late=True, max_retries=100, default_retry_delay=3)
def finalize_document(self, doc_id: int, sha: str) -> str:  # noqa: ANN001
    """Split into petitions, extract fields, create cases and the ``done`` status in one transaction."""
    pipe = _pipeline()
    lock = _lock(f"{sha}:finalize")
    if lock is not None and not lock.acquire():
        raise self.retry()  # another worker is finalising it right now
    try:
        with session_scope(pipe.db_url) as db:
            doc = db.get(Document, doc_id)
            if doc is None or doc.status != "processing":
                return "skipped"
        try:
            ids = pipe._finalize(doc_id)
        except Exception as exc:
            if self.request.retries >= self.max_retries:
                pipe._fail(
                    doc_id, "Lỗi hệ thống khi tạo hồ sơ; tệp đã được lưu, hãy báo quản trị.", repr(exc)
                )
                return "failed"
            raise self.retry(exc=exc) from exc
        log.info(
            "document finalised", extra={"document_id": doc_id, "case_ids": ids, "task_id": self.request.id}
        )
        return "done"
    finally:
        if lock is not None:
            try:
                lock.release()
            except Exception:  # expired meanwhile
                pass


class CeleryPipeline(Pipeline):
    """The ingest driver for ``DONTHU_QUEUE=celery``: same registration and reports, pages read by workers."""

    def __init__(self, *args, timeout: float = 24 * 3600, poll_seconds: float = 0.5, **kw) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kw)
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        configure(self.settings)

    def _run(self, paths: Iterable[Path], retry_failed: bool, summary: IngestSummary) -> None:
        queue = self.settings.celery_queue
        pending = self._register_all(paths, retry_failed, summary)
        with session_scope(self.db_url) as db:  # workers fetch originals from the object store
            keys = {
                d.id: d.object_key for d in db.scalars(select(Document).where(Document.id.in_(list(pending))))
            }
        tasks = self._tasks(pending)
        self.progress.add_total(len(tasks))
        per_doc: dict[int, int] = {}
        # a connection of this run's own, to the configured broker (never one pooled for another broker)
        with app.connection_for_write(url=self.settings.broker_url) as conn:
            producer = app.amqp.Producer(conn)
            for t in tasks:
                per_doc[t.document_id] = per_doc.get(t.document_id, 0) + 1
                sha = pending[t.document_id][2]
                # the worker reads the original from the store; the local path (any bytes in its name) stays here
                ocr_page.apply_async(
                    ({**asdict(t), "path": ""}, sha, keys[t.document_id]),
                    task_id=f"{sha}:page:{t.index + 1}",
                    queue=queue,
                    producer=producer,
                )
            for doc_id, (_p, _k, sha, _r) in pending.items():
                if per_doc.get(doc_id, 0) == 0:  # all pages read in an earlier run: only finalise
                    finalize_document.apply_async(
                        (doc_id, sha), task_id=f"{sha}:finalize", queue=queue, producer=producer
                    )
        summary.pages_read = self._wait(pending, len(tasks))

    def _wait(self, pending: dict[int, tuple[Path, str, str, FileReport]], total: int) -> int:
        ids = list(pending)
        deadline = time.monotonic() + self.timeout
        before = self._page_count(ids)
        shown = 0
        while True:
            with session_scope(self.db_url) as db:
                docs = {d.id: d for d in db.scalars(select(Document).where(Document.id.in_(ids)))}
                states = {i: (docs[i].status, docs[i].error) for i in ids}
            read = self._page_count(ids) - before
            if read > shown:
                self.progress.advance(read - shown)
                shown = read
            if all(s != "processing" for s, _ in states.values()):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"documents still processing after {self.timeout} s: "
                    f"{[i for i, (s, _) in states.items() if s == 'processing']}"
                )
            time.sleep(self.poll_seconds)
        with session_scope(self.db_url) as db:
            for doc_id, (_p, _k, _sha, report) in pending.items():
                status, error = states[doc_id]
                self._completed.add(doc_id)
                if status == "failed":
                    report.status, report.reason = "failed", error
                    self.progress.message(f"[red]✗ {report.name}: {error}")
                else:
                    report.case_ids = list(
                        db.scalars(select(Case.case_id).where(Case.document_id == doc_id).order_by(Case.id))
                    )
        return read

    def _page_count(self, ids: list[int]) -> int:
        with session_scope(self.db_url) as db:
            return db.scalar(select(func.count(Page.id)).where(Page.document_id.in_(ids))) or 0


def make_pipeline(settings: Settings | None = None, **kw) -> Pipeline:  # noqa: ANN003
    """The pipeline the configuration selects: ``DONTHU_QUEUE=local`` (process pool) or ``celery``."""
    settings = settings or get_settings()
    if settings.queue == "celery":
        return CeleryPipeline(settings, **kw)
    return Pipeline(settings, **kw)


__all__ = ["CeleryPipeline", "app", "finalize_document", "make_pipeline", "ocr_page"]
