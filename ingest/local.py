"""The local runner (``DONTHU_QUEUE=local``): every page of every file through one process pool, each document
finalised as soon as its last page is stored. Workers start lean (forkserver): they do not inherit the parent's
NLP models and database state; one page each at a time, with a bounded number of pages in flight."""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from ..ocr.tesseract import one_thread_per_process
from . import stages
from .context import IngestContext, RunState
from .page import PageResult, PageTask, read_page
from .pages import close_cached_pdfs
from .reports import Progress


def _worker_init() -> None:
    one_thread_per_process()
    try:  # let the parent handle Ctrl-C; workers just stop
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except Exception:  # pragma: no cover
        pass


def read_pages(tasks: list[PageTask], workers: int) -> Iterator[PageResult]:
    """The pages read, in the order they finish (in this process when ``workers`` is 1)."""
    if not tasks:
        return
    if workers <= 1:
        one_thread_per_process()
        try:
            for t in tasks:
                yield read_page(t)
        finally:
            close_cached_pdfs()
        return
    window = workers * 2
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, mp_context=ctx) as pool:
        it = iter(tasks)
        inflight: set[Future[PageResult]] = set()
        try:
            for t in it:
                inflight.add(pool.submit(read_page, t))
                if len(inflight) >= window:
                    break
            while inflight:
                done, inflight = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    nxt = next(it, None)
                    if nxt is not None:
                        inflight.add(pool.submit(read_page, nxt))
                    yield fut.result()
        except BaseException:
            for f in inflight:
                f.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _finish(ctx: IngestContext, run: RunState, doc_id: int) -> None:
    stages.finish(ctx, run.pending[doc_id])
    run.completed.add(doc_id)


def run_local(ctx: IngestContext, run: RunState, progress: Progress, workers: int) -> None:
    """Read the registered files' missing pages, store each, and finalise each document when it is complete."""
    tasks = [t for reg in run.pending.values() for t in stages.page_tasks(ctx, reg)]
    remaining = Counter(t.document_id for t in tasks)
    progress.add_total(len(tasks))
    for doc_id in list(run.pending):  # documents whose pages were all read in an earlier, interrupted run
        if remaining[doc_id] == 0:
            _finish(ctx, run, doc_id)
    failed: dict[int, PageResult] = {}
    for out in read_pages(tasks, workers):
        reg = run.pending[out.document_id]
        if out.error:
            failed.setdefault(out.document_id, out)
        else:
            stages.save_page(ctx, out, reg.sha)
            run.summary.pages_read += 1
        progress.advance(1)
        remaining[out.document_id] -= 1
        if remaining[out.document_id] > 0:
            continue
        bad = failed.get(out.document_id)
        if bad is None:
            _finish(ctx, run, out.document_id)
            continue
        stages.fail(ctx, out.document_id, bad.error or "", bad.error_detail or "")
        reg.report.status, reg.report.reason = "failed", bad.error
        progress.message(f"[red]✗ {reg.report.name}: {reg.report.reason}")
