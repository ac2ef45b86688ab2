"""Scanner inbox: desk scanners drop files into a folder or an S3 bucket; each new file is ingested exactly once.

Polling watchers (no extra dependency): :class:`InboxWatcher` for a folder, ``S3InboxWatcher``
(ingest/inbox_s3.py) for a prefix of an S3 bucket (``DONTHU_INBOX_BUCKET``, ``DONTHU_INBOX_PREFIX``). A file is
picked up only when it has not changed for ``settle_seconds`` (size and modification time; for an object size,
ETag and last-modified), so a scanner still writing it is left alone, and never when its name is a temporary
one (``*.part``, ``*.tmp``, ``*.crdownload``, ``.~*``, ``~$*``, hidden files), nor when it is no document
(``Thumbs.db``, ``desktop.ini``, a sidecar ``.txt``: ingest/provenance.py). After ingest the file moves to
``processed/`` or, when the pipeline's report says it failed, to ``failed/`` with the reason in Vietnamese next
to it (``NAME.reason.txt``). In a bucket, these are the prefixes ``processed/`` and ``failed/`` of the same bucket.

Exactly once, also across restarts: the pipeline deduplicates by content hash (a file already ingested creates
no new case), and the watcher records the hash of each file it has finished before moving it: a state file
(``.donthu-inbox-state.jsonl`` in the inbox folder, hidden so it is never picked up) or one object per file in
the bucket (``.donthu-inbox-state/<sha256>.json``). A file left in the inbox by a crash between ingest and move
is only moved on restart, not read again. In a bucket the move itself is idempotent too: the copy carries the
file's hash (``x-amz-meta-sha256``), so a copy made before a crash is found and not made twice.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ..config import Settings, get_settings
from . import errors
from .errors import ServiceDown
from .pipeline import FileReport, Pipeline, Progress, display_name, make_pipeline
from .provenance import is_not_document
from .stages import sha256_file

log = logging.getLogger("donthu.inbox")

STATE_FILE = ".donthu-inbox-state.jsonl"
TEMP_PATTERNS = ("*.part", "*.tmp", "*.temp", "*.crdownload", "*.partial", "*.swp", "~$*", ".~*", "*~")
FAILED_STATUSES = ("failed", "previously_failed")
DEFAULT_REASON = "Không đọc được tệp."

T = TypeVar("T")


@dataclass
class InboxResult:
    name: str
    sha256: str
    status: str  # the pipeline's FileReport status, or "already" for a file finished before a restart
    destination: Path | str  # a path for the folder inbox, an object key for the bucket
    reason: str | None = None
    case_ids: list[str] | None = None


def is_candidate_name(name: str) -> bool:
    """A visible, non-temporary file name (the part after the last ``/``) that may be a document: system and
    sidecar files (``Thumbs.db``, ``desktop.ini``, ``.txt``; ingest/provenance.py) are left alone quietly."""
    if not name or name.startswith(".") or is_not_document(name):
        return False
    return not any(fnmatch.fnmatch(name.lower(), pat) for pat in TEMP_PATTERNS)


def is_candidate(path: Path) -> bool:
    """A regular, visible, non-temporary file directly in the inbox, or a symbolic link (moved to ``failed/``
    with its reason, never read)."""
    return is_candidate_name(path.name) and (path.is_symlink() or path.is_file())


# ----------------------------------------------------------------------------------------------- state


class StateStore(Protocol):
    """Where a watcher records the hashes it has finished."""

    def get(self, digest: str) -> dict | None: ...
    def add(self, rec: dict) -> None: ...


class _State:
    """Hashes the watcher has finished, appended one JSON line each to a file; survives restarts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: dict[str, dict] = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    rec = json.loads(line)
                    self.done[rec["sha256"]] = rec
                except (ValueError, KeyError):
                    continue  # a line cut by a crash

    def get(self, digest: str) -> dict | None:
        return self.done.get(digest)

    def add(self, rec: dict) -> None:
        self.done[rec["sha256"]] = rec
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


# ----------------------------------------------------------------------------------------------- shared loop


class _Heartbeat(Progress):
    """Touches a file at every poll and every page read, for a container health check."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def beat(self) -> None:
        if self.path is None:
            return
        try:
            self.path.touch()
        except OSError as exc:
            log.warning("inbox: cannot touch heartbeat file %s: %s", self.path, exc)

    def advance(self, pages: int = 1) -> None:
        self.beat()


class _Watcher(Generic[T]):
    """What both inboxes share: settling, hashing, the finished-state check, the pipeline, the finish, the loop.

    A subclass lists its candidates (:meth:`_candidates`), makes local files of them (:meth:`_fetch`) and moves
    them (:meth:`_move`); ``state`` is any object with ``get(sha256)`` and ``add(record)``.
    """

    state: StateStore
    transient_errors: tuple[type[BaseException], ...] = ()  # retried by the endless loop instead of raised
    max_batch = 32  # files handed to the pipeline at once (the rest stay settled for the next round)

    def __init__(
        self,
        settings: Settings | None,
        settle_seconds: float,
        poll_seconds: float,
        pipeline: Pipeline | None,
        heartbeat: Path | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.settle_seconds = settle_seconds
        self.poll_seconds = poll_seconds
        self.heartbeat = _Heartbeat(heartbeat)
        self.pipeline = pipeline or make_pipeline(self.settings, progress=self.heartbeat)
        self._seen: dict[str, tuple[Hashable, float]] = {}  # name -> (fingerprint, unchanged since)

    # -- to implement --------------------------------------------------------------------------------
    def _candidates(self) -> Iterable[tuple[str, Hashable, T]]:
        """(name, fingerprint that changes while the file is written, item) for each candidate."""
        raise NotImplementedError

    def _fetch(self, items: list[T]) -> AbstractContextManager[list[tuple[T, Path]]]:
        """A context manager yielding ``[(item, local path)]`` for the items still there."""
        raise NotImplementedError

    def _move(self, item: T, digest: str, bad: bool, reason: str | None) -> Path | str:
        raise NotImplementedError

    def _name(self, item: T) -> str:
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------------
    def scan(self, now: float | None = None) -> tuple[list[T], int]:
        """(files that have settled, number of candidates still settling)."""
        now = time.monotonic() if now is None else now
        ready: list[T] = []
        waiting = 0
        present: set[str] = set()
        for name, fingerprint, item in self._candidates():
            present.add(name)
            prev = self._seen.get(name)
            if prev is None or prev[0] != fingerprint:
                self._seen[name] = (fingerprint, now)
                waiting += 1
            elif now - prev[1] >= self.settle_seconds:
                ready.append(item)
            else:
                waiting += 1
        for name in list(self._seen):
            if name not in present:
                del self._seen[name]
        return ready, waiting

    def process(self, items: list[T]) -> list[InboxResult]:
        results: list[InboxResult] = []
        with self._fetch(items) as fetched:
            todo: list[tuple[T, Path, str]] = []
            for item, path in fetched:
                if path.is_symlink():  # never read what a link points to (/etc/passwd, another clerk's file)
                    results.append(self._reject(item, errors.SYMLINK))
                    continue
                try:
                    digest = sha256_file(path)
                except OSError:
                    continue
                rec = self.state.get(digest)
                if rec is not None:  # finished before a restart: move only
                    results.append(self._already(item, digest, rec))
                    continue
                todo.append((item, path, digest))
            if todo:
                summary = self.pipeline.run([p for _, p, _ in todo])
                for (item, _path, digest), report in zip(todo, summary.files, strict=True):
                    results.append(self._finish(item, digest, report))
        return results

    def _reject(self, item: T, reason: str) -> InboxResult:
        """Move a file the pipeline must not read to ``failed/`` with the reason (no state: nothing was read)."""
        name = self._name(item)
        dest = self._move(item, "", True, reason)
        self._seen.pop(name, None)
        log.warning(
            "inbox: %s refused: %s", display_name(name), reason, extra={"document": display_name(name)}
        )
        return InboxResult(display_name(name), "", "failed", dest, reason)

    def _already(self, item: T, digest: str, rec: dict) -> InboxResult:
        name = self._name(item)
        bad = rec["status"] in FAILED_STATUSES
        reason = rec.get("reason") if bad else None
        dest = self._move(item, digest, bad, reason)
        self._seen.pop(name, None)
        shown = display_name(name)
        log.info("inbox: %s was already handled (%s), moved", shown, rec["status"], extra={"document": shown})
        return InboxResult(shown, digest, "already", dest, reason, rec.get("case_ids"))

    def _finish(self, item: T, digest: str, report: FileReport) -> InboxResult:
        """Record the hash as finished, then move: a crash in between leaves a move-only job for the restart."""
        name = self._name(item)
        bad = report.status in FAILED_STATUSES
        reason = (report.reason or DEFAULT_REASON) if bad else None
        if reason and report.warning:
            reason = f"{reason}\n{report.warning}"
        shown = display_name(name)  # a name that is not UTF-8 is written and shown with U+FFFD
        self.state.add(
            {
                "sha256": digest,
                "name": shown,
                "status": report.status,
                "reason": reason,
                "case_ids": report.case_ids,
                "finished_at": datetime.now(UTC).isoformat(),
            }
        )
        dest = self._move(item, digest, bad, reason)
        self._seen.pop(name, None)
        log.info(
            "inbox: %s → %s (%s)",
            shown,
            display_name(str(dest)),
            report.status,
            extra={"document": shown, "case_ids": report.case_ids},
        )
        return InboxResult(shown, digest, report.status, dest, reason, report.case_ids)

    def run(self, once: bool = False, stop: threading.Event | None = None) -> list[InboxResult]:
        """Poll until ``stop`` is set; with ``once``, return when every file present has been handled.

        Without ``once``, errors in ``transient_errors`` (the S3 server unreachable, ...) and outages of the object
        store or the database (:class:`ServiceDown`: the files stay in the inbox, the documents they started are
        resumed) are logged and a later poll tries again, waiting longer after each failure (up to a minute).
        """
        results: list[InboxResult] = []
        failures = 0
        while True:
            self.heartbeat.beat()
            pause = self.poll_seconds
            try:
                ready, waiting = self.scan()
                if ready:
                    results.extend(self.process(ready[: self.max_batch]))
                    failures = 0
                    continue
            except (ServiceDown,) + self.transient_errors as exc:
                if once:
                    raise
                failures += 1
                pause = max(self.poll_seconds, min(60.0, 2.0 ** min(failures, 6) / 2))
                log.warning("inbox: %s: %s; trying again in %.0f s", type(exc).__name__, exc, pause)
            else:
                failures = 0
                if once and waiting == 0:
                    return results
            if stop is not None:
                if stop.wait(pause):
                    return results
            else:
                time.sleep(pause)


# ----------------------------------------------------------------------------------------------- folder


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists():
        return target
    stem, suffix = os.path.splitext(name)
    n = 1
    while (folder / f"{stem}.{n}{suffix}").exists():
        n += 1
    return folder / f"{stem}.{n}{suffix}"


def _move(path: Path, folder: Path, reason: str | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, path.name)
    shutil.move(str(path), str(target))
    if reason is not None:
        (folder / f"{target.name}.reason.txt").write_text(reason + "\n", encoding="utf-8")
    return target


@contextmanager
def _as_is(paths: list[Path]) -> Iterator[list[tuple[Path, Path]]]:
    yield [(p, p) for p in paths]


class InboxWatcher(_Watcher[Path]):
    """A folder inbox; files move to the ``processed`` and ``failed`` folders."""

    def __init__(
        self,
        inbox: Path,
        processed: Path,
        failed: Path,
        settings: Settings | None = None,
        settle_seconds: float = 2.0,
        poll_seconds: float = 0.5,
        pipeline: Pipeline | None = None,
        heartbeat: Path | None = None,
    ) -> None:
        self.inbox, self.processed, self.failed = Path(inbox), Path(processed), Path(failed)
        for d in (self.inbox, self.processed, self.failed):
            d.mkdir(parents=True, exist_ok=True)
        super().__init__(settings, settle_seconds, poll_seconds, pipeline, heartbeat)
        self.state = _State(self.inbox / STATE_FILE)

    def _candidates(self) -> Iterator[tuple[str, Hashable, Path]]:
        for path in sorted(self.inbox.iterdir()):
            if not is_candidate(path):
                continue
            try:
                st = path.lstat()  # a link's own size and time: what it points to is never looked at
            except OSError:  # removed or renamed meanwhile
                continue
            yield path.name, (st.st_size, st.st_mtime_ns), path

    def _fetch(self, items: list[Path]) -> AbstractContextManager[list[tuple[Path, Path]]]:
        return _as_is(items)

    def _name(self, item: Path) -> str:
        return item.name

    def _move(self, item: Path, digest: str, bad: bool, reason: str | None) -> Path:
        return _move(item, self.failed if bad else self.processed, reason)


def watch(
    inbox: Path,
    processed: Path,
    failed: Path,
    settings: Settings | None = None,
    once: bool = False,
    settle_seconds: float = 2.0,
    poll_seconds: float = 0.5,
    stop: threading.Event | None = None,
    heartbeat: Path | None = None,
    pipeline: Pipeline | None = None,
) -> list[InboxResult]:
    """Ingest files dropped into ``inbox`` exactly once; see the module docstring."""
    watcher = InboxWatcher(
        inbox,
        processed,
        failed,
        settings,
        settle_seconds=settle_seconds,
        poll_seconds=poll_seconds,
        pipeline=pipeline,
        heartbeat=heartbeat,
    )
    return watcher.run(once=once, stop=stop)


__all__ = [
    "InboxResult",
    "InboxWatcher",
    "is_candidate",
    "is_candidate_name",
    "watch",
]
