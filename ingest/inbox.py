"""Scanner inbox: desk scanners drop files into a folder; each new file is ingested exactly once.

A polling watcher (no extra dependency). A file is picked up only when its size and modification time have
not changed for ``settle_seconds`` (a scanner still writing it is left alone), and never when its name is a
temporary one (``*.part``, ``*.tmp``, ``*.crdownload``, ``.~*``, ``~$*``, hidden files). After ingest the file
moves to ``processed/`` or, when the pipeline's report says it failed, to ``failed/`` with the reason in
Vietnamese next to it (``NAME.reason.txt``).

Exactly once, also across restarts: the pipeline deduplicates by content hash (a file already ingested creates
no new case), and the watcher keeps a small state file (``.donthu-inbox-state.jsonl`` in the inbox, hidden so
it is never picked up) of the hashes it has finished, so a file left in the inbox by a crash between ingest and
move is only moved on restart, not read again.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings, get_settings
from .pipeline import FileReport, Pipeline, sha256_file

log = logging.getLogger("donthu.inbox")

STATE_FILE = ".donthu-inbox-state.jsonl"
TEMP_PATTERNS = ("*.part", "*.tmp", "*.temp", "*.crdownload", "*.partial", "*.swp", "~$*", ".~*", "*~")
FAILED_STATUSES = ("failed", "previously_failed")


@dataclass
class InboxResult:
    name: str
    sha256: str
    status: str  # the pipeline's FileReport status, or "already" for a file finished before a restart
    destination: Path
    reason: str | None = None
    case_ids: list[str] | None = None


def is_candidate(path: Path) -> bool:
    """A regular, visible, non-temporary file directly in the inbox."""
    name = path.name
    if name.startswith(".") or not path.is_file():
        return False
    return not any(fnmatch.fnmatch(name.lower(), pat) for pat in TEMP_PATTERNS)


class _State:
    """Hashes the watcher has finished (moved), appended one JSON line each; survives restarts."""

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

    def add(self, rec: dict) -> None:
        self.done[rec["sha256"]] = rec
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())


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


class InboxWatcher:
    def __init__(self, inbox: Path, processed: Path, failed: Path, settings: Settings | None = None,
                 settle_seconds: float = 2.0, poll_seconds: float = 0.5, pipeline: Pipeline | None = None) -> None:
        self.inbox, self.processed, self.failed = Path(inbox), Path(processed), Path(failed)
        for d in (self.inbox, self.processed, self.failed):
            d.mkdir(parents=True, exist_ok=True)
        self.settings = settings or get_settings()
        self.settle_seconds = settle_seconds
        self.poll_seconds = poll_seconds
        if pipeline is None and self.settings.queue == "celery":
            from .tasks import make_pipeline

            pipeline = make_pipeline(self.settings)
        self.pipeline = pipeline or Pipeline(self.settings)
        self.state = _State(self.inbox / STATE_FILE)
        self._seen: dict[str, tuple[int, int, float]] = {}  # name -> (size, mtime_ns, stable since)

    def scan(self, now: float | None = None) -> tuple[list[Path], int]:
        """(files that have settled, number of candidates still settling)."""
        now = time.monotonic() if now is None else now
        ready: list[Path] = []
        waiting = 0
        present: set[str] = set()
        for path in sorted(self.inbox.iterdir()):
            if not is_candidate(path):
                continue
            try:
                st = path.stat()
            except OSError:  # removed or renamed meanwhile
                continue
            present.add(path.name)
            key = (st.st_size, st.st_mtime_ns)
            prev = self._seen.get(path.name)
            if prev is None or prev[:2] != key:
                self._seen[path.name] = (*key, now)
                waiting += 1
            elif now - prev[2] >= self.settle_seconds:
                ready.append(path)
            else:
                waiting += 1
        for name in list(self._seen):
            if name not in present:
                del self._seen[name]
        return ready, waiting

    def process(self, paths: list[Path]) -> list[InboxResult]:
        results: list[InboxResult] = []
        todo: list[tuple[Path, str]] = []
        for path in paths:
            try:
                digest = sha256_file(path)
            except OSError:
                continue
            rec = self.state.done.get(digest)
            if rec is not None:  # finished before a restart: move only
                bad = rec["status"] in FAILED_STATUSES
                dest = _move(path, self.failed if bad else self.processed, rec.get("reason") if bad else None)
                log.info("inbox: %s was already handled (%s), moved", path.name, rec["status"],
                         extra={"document": path.name})
                results.append(InboxResult(path.name, digest, "already", dest, rec.get("reason")))
                self._seen.pop(path.name, None)
                continue
            todo.append((path, digest))
        if not todo:
            return results
        summary = self.pipeline.run([p for p, _ in todo])
        for (path, digest), report in zip(todo, summary.files, strict=True):
            results.append(self._finish(path, digest, report))
        return results

    def _finish(self, path: Path, digest: str, report: FileReport) -> InboxResult:
        bad = report.status in FAILED_STATUSES
        reason = (report.reason or "Không đọc được tệp.") if bad else None
        if reason and report.warning:
            reason = f"{reason}\n{report.warning}"
        dest = _move(path, self.failed if bad else self.processed, reason)
        self.state.add({"sha256": digest, "name": path.name, "status": report.status, "reason": reason,
                        "case_ids": report.case_ids, "moved_to": str(dest)})
        self._seen.pop(path.name, None)
        log.info("inbox: %s → %s (%s)", path.name, dest.parent.name, report.status,
                 extra={"document": path.name, "case_ids": report.case_ids})
        return InboxResult(path.name, digest, report.status, dest, reason, report.case_ids)

    def run(self, once: bool = False, stop: threading.Event | None = None) -> list[InboxResult]:
        """Poll until ``stop`` is set; with ``once``, return when every file present has been handled."""
        results: list[InboxResult] = []
        while True:
            ready, waiting = self.scan()
            if ready:
                results.extend(self.process(ready))
                continue
            if once and waiting == 0:
                return results
            if stop is not None and stop.is_set():
                return results
            if stop is not None:
                stop.wait(self.poll_seconds)
            else:
                time.sleep(self.poll_seconds)


def watch(inbox: Path, processed: Path, failed: Path, settings: Settings | None = None, once: bool = False,
          settle_seconds: float = 2.0, poll_seconds: float = 0.5,
          stop: threading.Event | None = None) -> list[InboxResult]:
    """Ingest files dropped into ``inbox`` exactly once; see the module docstring."""
    watcher = InboxWatcher(inbox, processed, failed, settings, settle_seconds=settle_seconds,
                           poll_seconds=poll_seconds)
    return watcher.run(once=once, stop=stop)


__all__ = ["InboxResult", "InboxWatcher", "is_candidate", "watch"]
