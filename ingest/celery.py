"""Celery work queue (``DONTHU_QUEUE=celery``): one task per page OCR and one per document finalisation.

Workers: ``celery -A donthu.ingest.celery worker -Q donthu`` (queue name ``DONTHU_CELERY_QUEUE``, broker
``DONTHU_BROKER_URL``). The ingest driver (:class:`CeleryPipeline`) registers files exactly as the embedded
pipeline does (originals stored by SHA-256, a document row per file), then sends a task per missing page and
waits for the documents to reach ``done`` or ``failed`` in the database. The tasks call the same stages as the
local runner (ingest/stages.py, ingest/page.py).

Idempotent, keyed by content hash and step: task ids are ``<sha256>:page:<n>`` and ``<sha256>:finalize``; a page
task whose page row exists does nothing, and the finalize task runs under a lock and does nothing for a document
that is already ``done``. Tasks are acknowledged late (after they finish) and retried, so a worker killed in the
middle of a page leaves that page to another worker; the page is still stored exactly once (unique
(document, page_no) and the existence check). Workers read originals from the object store, so they need no
shared folder with the driver.

Only this module imports Celery, and only the Celery pipeline imports this module: its ``app`` is built at import
(the worker's ``-A`` needs it) by :func:`make_app` from the settings of that moment.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init, worker_process_init
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..config import Settings, get_settings
from ..ocr.tesseract import one_thread_per_process
from ..storage.db import dispose_engines, migrate, session_scope
from ..storage.models import Case, Document, Page
from ..storage.objects import ObjectStore
from . import errors, stages
from .context import IngestContext, Registration, RunState
from .page import PageTask, read_page
from .pipeline import Pipeline

log = logging.getLogger("donthu.tasks")

__all__ = ["CeleryPipeline", "app", "finalize_document", "make_app", "ocr_page", "worker_argv"]


def make_app(settings: Settings) -> Celery:
    """A Celery app for the configured broker and queue."""
    app = Celery("donthu", broker=settings.broker_url)
    app.conf.update(
        task_default_queue=settings.celery_queue,
        task_acks_late=True,  # a task is acknowledged when it has finished: a killed worker's task is redelivered
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # one page at a time per process: fair over slow and fast pages
        task_ignore_result=True,  # results live in the database
        broker_connection_retry_on_startup=True,
        # a task held by a worker that died comes back to the queue after this many seconds (Redis broker)
        # (the sweep that hands them back runs every ``celery_restore_interval`` s; kombu's default is 100 s)
        broker_transport_options={
            "visibility_timeout": settings.celery_visibility_timeout,
            "unacked_restore_interval": settings.celery_restore_interval,
            "unacked_restore_throttle": 1,
        },
        worker_redirect_stdouts=False,
    )
    return app


app = make_app(get_settings())


def configure(settings: Settings) -> None:
    """Point the sending side at the configured broker and queue (the worker reads them at import)."""
    if app.conf.broker_url != settings.broker_url:
        app.close()  # connections (and the producer pool) to the old broker must not be reused
        app.conf.broker_url = settings.broker_url
    app.conf.task_default_queue = settings.celery_queue


def worker_argv(queue: str, name: str, concurrency: int = 1) -> list[str]:
    """The command line of one worker of this app on ``queue`` (prefork, ``concurrency`` processes), named
    ``<name>-<queue>@<host>``, without gossip, mingle or heartbeat: the tests' and benchmarks' workers. Like every
    worker it reads its settings (broker, queue, database) from its environment."""
    return [
        *(sys.executable, "-m", "celery", "-A", __name__, "worker"),
        *("-Q", queue, "-c", str(concurrency), "--pool", "prefork", "--loglevel", "INFO"),
        *("-n", f"{name}-{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]


@setup_logging.connect
def _setup_logging(loglevel: int | str | None = None, **_kw: object) -> None:
    """Our logging (text or JSON by DONTHU_LOG_FORMAT) instead of Celery's, in the worker and its children."""
    from ..logs import configure_logging

    level = logging.getLevelName(loglevel) if isinstance(loglevel, str) else loglevel
    configure_logging(level if isinstance(level, int) else logging.INFO)


@worker_init.connect
def _migrate_on_start(**_kw: object) -> None:
    """The worker is an entry point: the schema is brought up to date (or checked) once, at start. The main
    process then lets its connections go: the pool's children must not share them (each opens its own)."""
    migrate(get_settings().db_url)
    dispose_engines()


@worker_process_init.connect
def _init_worker(**_kw: object) -> None:
    one_thread_per_process()


_contexts: dict[str, IngestContext] = {}


def worker_context() -> IngestContext:
    """This worker's context for the configured database (made once per process)."""
    s = get_settings()
    ctx = _contexts.get(s.db_url)
    if ctx is None:
        ctx = _contexts[s.db_url] = IngestContext.create(s)
    return ctx


def reset_worker_contexts() -> None:
    _contexts.clear()


ORIGINALS_KEPT = 16  # originals a worker keeps on local disk (the pages of one file arrive close together)


def local_original(store: ObjectStore, sha: str, object_key: str) -> Path:
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
    tmp.write_bytes(store.get(object_key))
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


def _processing(ctx: IngestContext, doc_id: int) -> bool:
    with session_scope(ctx.db_url) as db:
        doc = db.get(Document, doc_id)
        return doc is not None and doc.status == "processing"


@app.task(bind=True, name="donthu.ocr_page", acks_late=True, max_retries=5, default_retry_delay=5)
def ocr_page(self: Any, task: dict, sha: str, object_key: str) -> str:
    """Read one page and store it; then, when the document's last page is in, send its finalize task."""
    ctx = worker_context()
    page_no = task["index"] + 1
    doc_id = task["document_id"]
    ids = {"document_id": doc_id, "task_id": self.request.id}
    if not _processing(ctx, doc_id):
        return "skipped"
    with session_scope(ctx.db_url) as db:
        have = db.scalar(select(Page.id).where(Page.document_id == doc_id, Page.page_no == page_no))
    if have is None:
        try:
            path = local_original(ctx.store, sha, object_key)
            out = read_page(PageTask(**{**task, "path": str(path), "engine": ctx.settings.ocr_engine}))
            if out.error:  # the file itself is bad (clerk's reason): no retry
                stages.fail(ctx, doc_id, out.error, out.error_detail or "")
                log.warning("page %s failed", page_no, extra=ids)
                return "failed"
            try:
                stages.save_page(ctx, out, sha)
            except IntegrityError:  # the same page stored meanwhile by a redelivered copy of this task
                pass
        except Exception as exc:  # store or database hiccup: try again later, then give the page up
            if self.request.retries >= self.max_retries:
                stages.fail(
                    ctx, doc_id, errors.PAGE_GAVE_UP.format(page=page_no), f"{type(exc).__name__}: {exc}"
                )
                log.error("page %s given up after %s retries", page_no, self.request.retries, extra=ids)
                return "failed"
            raise self.retry(exc=exc) from exc
        log.info("page %s read", page_no, extra=ids)
    _maybe_finalize(ctx, doc_id, sha)
    return "done"


def _maybe_finalize(ctx: IngestContext, doc_id: int, sha: str) -> None:
    with session_scope(ctx.db_url) as db:
        doc = db.get(Document, doc_id)
        if doc is None or doc.status != "processing":
            return
        n = db.scalar(select(func.count(Page.id)).where(Page.document_id == doc_id)) or 0
        if n < (doc.page_count or 0):
            return
    finalize_document.apply_async((doc_id, sha), task_id=f"{sha}:finalize", queue=ctx.settings.celery_queue)


def _lock(key: str, timeout: int = 120) -> Any:
    """A lock shared by all workers: Redis when the broker is Redis, else the database serialises."""
    url = get_settings().broker_url
    if url.startswith(("redis://", "rediss://")):
        import redis

        return redis.Redis.from_url(url).lock(f"donthu:lock:{key}", timeout=timeout, blocking_timeout=0)
    return None


@app.task(bind=True, name="donthu.finalize_document", acks_late=True, max_retries=100, default_retry_delay=3)
def finalize_document(self: Any, doc_id: int, sha: str) -> str:
    """Split into petitions, extract fields, create cases and the ``done`` status in one transaction."""
    ctx = worker_context()
    lock = _lock(f"{sha}:finalize")
    if lock is not None and not lock.acquire():
        raise self.retry()  # another worker is finalising it right now
    try:
        if not _processing(ctx, doc_id):
            return "skipped"
        try:
            ids = stages.finalize(ctx, doc_id)
        except Exception as exc:
            if self.request.retries >= self.max_retries:
                stages.fail(ctx, doc_id, errors.FINALIZE_FAILED, repr(exc))
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


def task_payload(task: PageTask) -> dict:
    """A page task as sent: the worker reads the original from the store (the local path, any bytes in its
    name, stays here) with its own OCR engine."""
    payload = asdict(task)
    payload["path"] = ""
    del payload["engine"]
    return payload


class CeleryPipeline(Pipeline):
    """The ingest driver for ``DONTHU_QUEUE=celery``: same registration and reports, pages read by workers."""

    def __init__(self, *args: Any, timeout: float = 24 * 3600, poll_seconds: float = 0.5, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        configure(self.settings)

    def read_and_finish(self, run: RunState) -> None:
        queue = self.settings.celery_queue
        with session_scope(self.db_url) as db:  # workers fetch originals from the object store
            keys = {
                d.id: d.object_key
                for d in db.scalars(select(Document).where(Document.id.in_(list(run.pending))))
            }
        tasks = [t for reg in run.pending.values() for t in stages.page_tasks(self.ctx, reg)]
        self.progress.add_total(len(tasks))
        # counted before the first task is sent: a fast worker may store a page before the wait begins
        before = self._page_count(list(run.pending))
        per_doc: dict[int, int] = {}
        # a connection of this run's own, to the configured broker (never one pooled for another broker)
        with app.connection_for_write(url=self.settings.broker_url) as conn:
            producer = app.amqp.Producer(conn)
            for t in tasks:
                per_doc[t.document_id] = per_doc.get(t.document_id, 0) + 1
                sha = run.pending[t.document_id].sha
                ocr_page.apply_async(
                    (task_payload(t), sha, keys[t.document_id]),
                    task_id=f"{sha}:page:{t.index + 1}",
                    queue=queue,
                    producer=producer,
                )
            for doc_id, reg in run.pending.items():
                if per_doc.get(doc_id, 0) == 0:  # all pages read in an earlier run: only finalise
                    finalize_document.apply_async(
                        (doc_id, reg.sha), task_id=f"{reg.sha}:finalize", queue=queue, producer=producer
                    )
        run.summary.pages_read = self._wait(run, before)

    def _wait(self, run: RunState, before: int) -> int:
        ids = list(run.pending)
        deadline = time.monotonic() + self.timeout
        shown = read = 0
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
                still = [i for i, (s, _) in states.items() if s == "processing"]
                raise TimeoutError(f"documents still processing after {self.timeout} s: {still}")
            time.sleep(self.poll_seconds)
        with session_scope(self.db_url) as db:
            for doc_id, reg in run.pending.items():
                self._report(db, reg, *states[doc_id])
                run.completed.add(doc_id)
        return read

    def _report(self, db: Any, reg: Registration, status: str, error: str | None) -> None:
        if status == "failed":
            reg.report.status, reg.report.reason = "failed", error
            self.progress.message(f"[red]✗ {reg.report.name}: {error}")
        else:
            reg.report.case_ids = list(
                db.scalars(select(Case.case_id).where(Case.document_id == reg.doc_id).order_by(Case.id))
            )

    def _page_count(self, ids: list[int]) -> int:
        with session_scope(self.db_url) as db:
            return db.scalar(select(func.count(Page.id)).where(Page.document_id.in_(ids))) or 0
