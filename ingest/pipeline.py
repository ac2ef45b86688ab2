"""The ingest pipeline: files → pages → OCR → petitions → fields → cases.

:func:`make_pipeline` picks the runner the configuration selects: the local process pool (ingest/local.py) or
the Celery workers (ingest/celery.py, imported only then). Both register files the same way (ingest/stages.py),
report per file (:class:`FileReport`) and stop on an outage of the object store or the database with
:class:`~.errors.ServiceDown`. Durability and resuming: see ingest/stages.py.
"""

from __future__ import annotations

import logging
import os
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..config import Settings, get_settings
from ..storage.db import session_scope
from ..storage.models import Document
from ..storage.objects import ObjectStore
from . import errors, stages
from .context import IngestContext, RunState, database_down
from .errors import ServiceDown
from .local import run_local
from .provenance import is_not_document
from .reports import FileReport, IngestSummary, Progress

log = logging.getLogger("donthu.ingest")

__all__ = ["FileReport", "IngestSummary", "Pipeline", "Progress", "display_name", "expand_paths", "ingest"]
__all__ += ["make_pipeline"]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the files under given folders (sorted, hidden files skipped, except the system files
    that are reported as skipped: ``.DS_Store``, ``._*``; ingest/provenance.py).

    Symbolic links inside a folder are listed but never followed (registration refuses them, with a reason); a
    folder named on the command line may itself be a link (the operator chose it)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(p, followlinks=False):
                base = Path(root)
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for d in dirs:
                    if (base / d).is_symlink():  # os.walk does not descend into it; say why it was left
                        found.append(base / d)
                found.extend(base / f for f in files if not f.startswith(".") or is_not_document(f))
            out.extend(sorted(found))
        else:
            out.append(p)
    return out


def display_name(name: str) -> str:
    """A file name as text that can be stored and shown: bytes that are not UTF-8 (kept by Python as surrogate
    escapes) become U+FFFD; NFC."""
    try:
        fixed = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        fixed = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in name)
    return unicodedata.normalize("NFC", fixed)


class Pipeline:
    """Register files, read their pages with the local process pool, finalise each document."""

    def __init__(
        self,
        settings: Settings | None = None,
        store: ObjectStore | None = None,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> None:
        self.ctx = IngestContext.create(settings or get_settings(), store)
        self.progress = progress or Progress()
        self.workers = workers or self.settings.n_workers
        # called after each file is registered, before any page is read (the archive import links its items)
        self.on_registered: Callable[[Path, FileReport], None] | None = None

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def store(self) -> ObjectStore:
        return self.ctx.store

    @property
    def db_url(self) -> str:
        return self.ctx.db_url

    def run(self, paths: Iterable[Path], retry_failed: bool = False) -> IngestSummary:
        """Ingest the files; a bad file fails alone. When the object store or the database goes away, the batch
        stops with :class:`ServiceDown` (its ``summary`` says how far it got); the documents it was reading are
        marked failed with the reason when the database is still reachable, and the same command resumes them
        (no ``--retry-failed`` needed); with the database down they stay ``processing`` and resume the same way.
        """
        started = time.perf_counter()
        run = RunState(IngestSummary())
        try:
            self.register_all(run, paths, retry_failed)
            self.read_and_finish(run)
        except ServiceDown as exc:
            self._abort(exc, run)
            raise
        except stages.DB_DOWN as exc:
            down = database_down(exc)
            self._abort(down, run)
            raise down from exc
        finally:
            run.summary.seconds = time.perf_counter() - started
        return run.summary

    def register_all(self, run: RunState, paths: Iterable[Path], retry_failed: bool) -> None:
        """Register every file (reports go into the summary; the files to read into ``run.pending``)."""
        for path in expand_paths(paths):
            report = FileReport(name=display_name(path.name))
            if "\ufffd" in report.name and "\ufffd" not in path.name:
                report.warning = errors.NAME_NOT_UTF8
            run.summary.files.append(report)
            skip = is_not_document(path)
            if skip is not None:  # Thumbs.db, .DS_Store, a sidecar .txt: listed, not failed
                report.status, report.reason = "skipped", skip
                continue
            reg = stages.register(self.ctx, path, report, retry_failed)
            if reg is not None:
                run.pending[reg.doc_id] = reg
            if self.on_registered is not None:
                self.on_registered(path, report)
            if report.status == "failed":
                self.progress.message(f"[red]✗ {report.name}: {report.reason}")

    def read_and_finish(self, run: RunState) -> None:
        """Read the pages and finalise the documents (the Celery pipeline hands them to its workers)."""
        run_local(self.ctx, run, self.progress, self.workers)

    def _abort(self, exc: ServiceDown, run: RunState) -> None:
        """Say on every unfinished file, and on its document when the database answers, why it stopped."""
        exc.summary = run.summary
        log.error("ingest stopped: %s is down: %s", exc.service, exc.detail)
        reason = errors.STOPPED_BY_OUTAGE.format(what=exc.what)
        pending_reports = {id(reg.report): doc_id for doc_id, reg in run.pending.items()}
        unfinished: list[int] = []
        for rep in run.summary.files:
            if rep.status not in ("new", "resumed"):
                continue
            doc_id = pending_reports.get(id(rep))
            if doc_id is None:  # stopped while this file was being registered: nothing of it was recorded
                rep.status, rep.reason = "failed", exc.reason
            elif doc_id not in run.completed:
                rep.status, rep.reason = "failed", reason
                unfinished.append(doc_id)
        if exc.service == "database" or not unfinished:
            return
        try:
            with session_scope(self.db_url) as db:
                for doc in db.scalars(select(Document).where(Document.id.in_(unfinished))):
                    if doc.status == "processing":
                        doc.status, doc.error = "failed", reason
                        doc.error_detail = f"{errors.OUTAGE_MARK} {exc.service}: {exc.detail}"[:4000]
        except Exception:  # the database went too: the documents stay "processing" and resume the same way
            log.exception("could not record the outage on the documents")


def make_pipeline(settings: Settings | None = None, **kw: Any) -> Pipeline:
    """The pipeline the configuration selects: ``DONTHU_QUEUE=local`` (process pool) or ``celery``."""
    settings = settings or get_settings()
    if settings.queue == "celery":
        from .celery import CeleryPipeline  # only then: local mode never imports Celery

        return CeleryPipeline(settings, **kw)
    return Pipeline(settings, **kw)


def ingest(
    paths: Iterable[Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
    retry_failed: bool = False,
    workers: int | None = None,
) -> IngestSummary:
    """Ingest with the local process pool (whatever DONTHU_QUEUE says)."""
    return Pipeline(settings, progress=progress, workers=workers).run(paths, retry_failed=retry_failed)
