"""Archive import: folders, zips and single files of historical petitions → one archive batch.

:func:`import_archive` (``donthu ingest PATH --archive [--manifest FILE.csv]``, and the archivist's web page)
creates the :class:`~..storage.models.ArchiveBatch` (or continues one the web page created), walks the paths (a
``.zip`` is first extracted safely into a folder under the data dir), lists the files that are not documents
(``Thumbs.db``, ``.DS_Store``, sidecar ``.txt``: ingest/provenance.py) as skipped, matches the manifest's rows
to the files (rows with no file are recorded as missing), creates one :class:`ArchiveItem` per document file
(its path relative to the imported root, box, folder, sequence, received date and where that came from), and
runs the configured pipeline (``make_pipeline``: the local pool or Celery). Each item is linked to its document
as soon as the file is registered, before any page is read, so the finalisation (ingest/archived.py) makes the
cases ``archived`` with their real dates, whichever queue reads them. The batch's counters are kept current
(about once a second) for the progress page.

A file ingested before (``already``) keeps its cases as they are; its item is linked to that document and the
batch says so. The same bytes filed twice are one document with two items.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ..config import Settings, get_settings
from ..contract import LOCAL_TZ
from ..ingest.errors import ServiceDown
from ..ingest.pipeline import make_pipeline
from ..ingest.provenance import (
    Manifest,
    ManifestError,
    ManifestMatch,
    ManifestRow,
    from_layout,
    is_not_document,
    path_key,
    read_manifest,
)
from ..ingest.reports import FileReport, IngestSummary, Progress
from ..storage.db import session_scope
from ..storage.models import ArchiveBatch, ArchiveItem, Case, Document, Unit
from .unzip import UnsafeZip, extract_zip

log = logging.getLogger("donthu.archive")

__all__ = ["ArchiveImportError", "ArchiveResult", "BatchProgress", "import_archive"]

PROGRESS_SECONDS = 1.0  # the batch row is written at most this often
IGNORED_DIRS = {"__macosx"}  # the resource forks macOS puts in a zip
ALREADY_NOTE = "{n} tệp đã được nhập trước đây: đã gắn vào lô này, hồ sơ của chúng giữ nguyên."
HIDDEN = "Tệp ẩn (tên bắt đầu bằng «.»), không phải bản quét"


class ArchiveImportError(Exception):
    """The import cannot run (a zip that is unsafe or unreadable, a path that is not there): Vietnamese."""


@dataclass
class ArchiveResult:
    batch_id: int
    summary: IngestSummary
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}
    missing: list[dict[str, Any]] = field(default_factory=list)  # manifest rows with no file
    problems: list[str] = field(default_factory=list)  # manifest rows with a problem ("dòng N: …")
    already: int = 0  # files ingested before: their cases were left as they were
    manifest_name: str = ""
    status: str = "done"


@dataclass
class _File:
    path: Path  # on disk (in the extraction folder for a zip)
    rel: str  # as recorded: relative to the imported root, "/"-separated, NFC
    layout: list[str]  # the folder names it sits in, outermost first (with the root's own name)


# ---------------------------------------------------------------------------------------------- progress


class BatchProgress(Progress):
    """Pages read (and the files finished) written to the batch row, at most every ``interval`` seconds; the
    events are passed on to ``inner`` (the CLI's progress bar)."""

    def __init__(
        self, db_url: str, batch_id: int, inner: Progress | None = None, interval: float = PROGRESS_SECONDS
    ) -> None:
        self.db_url, self.batch_id, self.inner, self.interval = db_url, batch_id, inner, interval
        self.pages_total = self.pages_done = 0
        self._last = 0.0

    def add_total(self, pages: int) -> None:
        self.pages_total += pages
        if self.inner is not None:
            self.inner.add_total(pages)
        self.flush()

    def advance(self, pages: int = 1) -> None:
        self.pages_done += pages
        if self.inner is not None:
            self.inner.advance(pages)
        self.flush()

    def message(self, text: str) -> None:
        if self.inner is not None:
            self.inner.message(text)

    def flush(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        try:
            with session_scope(self.db_url) as db:
                batch = db.get(ArchiveBatch, self.batch_id)
                if batch is None:
                    return
                batch.pages_total, batch.pages_done = self.pages_total, self.pages_done
                batch.files_done = files_done(db, self.batch_id)
        except Exception:  # the progress view lags; the import goes on (an outage stops it elsewhere)
            log.warning("progress of archive batch %s not recorded", self.batch_id, exc_info=True)


def files_done(db: Any, batch_id: int) -> int:
    """Files of the batch finished: refused or known before, or their document done or failed."""
    settled = ("already", "failed", "previously_failed")
    early = db.scalar(
        select(func.count(ArchiveItem.id)).where(
            ArchiveItem.batch_id == batch_id, ArchiveItem.status.in_(settled)
        )
    )
    read = db.scalar(
        select(func.count(ArchiveItem.id))
        .join(Document, Document.id == ArchiveItem.document_id)
        .where(
            ArchiveItem.batch_id == batch_id,
            ArchiveItem.status.not_in(settled),
            Document.status.in_(("done", "failed")),
        )
    )
    return int(early or 0) + int(read or 0)


# ---------------------------------------------------------------------------------------------- walking


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _walk(root: Path, prefix: list[str]) -> Iterator[tuple[Path, list[str]]]:
    """Files under ``root`` (sorted, links not followed, hidden and macOS resource folders left out) with their
    path parts relative to ``root``, after ``prefix``."""
    for base, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d.lower() not in IGNORED_DIRS)
        rel = Path(base).relative_to(root).parts
        for f in sorted(files):
            yield Path(base) / f, [*prefix, *(_nfc(p) for p in rel), _nfc(f)]


@contextmanager
def _expanded(
    paths: list[Path], settings: Settings, batch_id: int
) -> Iterator[tuple[list[_File], list[dict]]]:
    """The files of the given paths (zips extracted into a folder removed afterwards), and the zip members
    skipped while extracting."""
    files: list[_File] = []
    skipped: list[dict[str, str]] = []
    with ExitStack() as stack:
        for p in paths:
            p = Path(p)
            if not (p.exists() or p.is_symlink()):
                raise ArchiveImportError(f"Không tìm thấy: {p}")
            if p.is_dir():
                name = _nfc(p.resolve().name)
                for path, parts in _walk(p, [name]):
                    files.append(_File(path, "/".join(parts), parts[:-1]))
            elif p.suffix.lower() == ".zip" and not p.is_symlink():
                dest = settings.data_dir / "archive-imports" / f"batch-{batch_id}-{uuid.uuid4().hex[:8]}"
                dest.mkdir(parents=True, exist_ok=True)
                stack.callback(shutil.rmtree, dest, True)
                try:
                    skipped += extract_zip(p, dest, settings.max_file_mb * 1024 * 1024)
                except UnsafeZip as exc:
                    raise ArchiveImportError(str(exc)) from None
                stem = _nfc(p.stem)
                for path, parts in _walk(dest, []):
                    files.append(_File(path, "/".join(parts), [stem, *parts[:-1]]))
            else:
                files.append(_File(p, _nfc(p.name), [_nfc(p.resolve().parent.name)]))
        yield files, skipped


# ---------------------------------------------------------------------------------------------- provenance


def _find_manifest(files: list[_File]) -> tuple[Manifest | None, _File | None]:
    """A manifest shipped with the files (a .csv at the top of a folder or zip with a file column), when
    exactly one is there."""
    found: list[tuple[Manifest, _File]] = []
    for f in files:
        if f.path.suffix.lower() != ".csv" or f.rel.count("/") > 1:
            continue
        try:
            found.append((read_manifest(f.path), f))
        except ManifestError:
            continue
    return found[0] if len(found) == 1 else (None, None)


def _provenance(f: _File, row: ManifestRow | None, agency: str) -> dict[str, Any]:
    """The item's fields: the manifest row's, else the folder layout's (a row with a problem only fills what
    the folder layout leaves empty)."""
    lay = from_layout(f.layout)
    out: dict[str, Any] = {"box": lay.box, "folder": lay.folder, "note": "", "agency": agency, "columns": {}}
    out["reason"] = None
    out["received_date"], out["date_source"] = (
        (lay.received_date, "folder") if lay.received_date else (None, "")
    )
    if row is not None:
        good = not row.problems
        if good or not out["box"]:
            out["box"] = row.box or out["box"]
        if good or not out["folder"]:
            out["folder"] = row.folder or out["folder"]
        if row.received_date is not None and (good or out["received_date"] is None):
            out["received_date"], out["date_source"] = row.received_date, "manifest"
        out["note"], out["agency"] = row.note, row.agency or agency
        out["columns"] = {**row.columns, "manifest_line": row.line}
        out["reason"] = "; ".join(row.problems) or None
    if lay.period and out["received_date"] is None:
        out["columns"]["period"] = lay.period
    return out


def _order(docs: list[_File], match: ManifestMatch) -> list[tuple[_File, ManifestRow | None]]:
    """Files with a manifest row in the manifest's order, then the others in folder order."""
    with_row = [(f, match.rows.get(path_key(f.rel))) for f in docs]
    listed = sorted((x for x in with_row if x[1] is not None), key=lambda x: x[1].line if x[1] else 0)
    return listed + [x for x in with_row if x[1] is None]


# ---------------------------------------------------------------------------------------------- the import


def _open_batch(
    db_url: str, batch_id: int | None, actor: str, name: str, agency: str, unit_code: str | None
) -> tuple[int, str]:
    """The batch (created, or the one made elsewhere, e.g. by the web page) set importing: its id and agency."""
    with session_scope(db_url) as db:
        batch = db.get(ArchiveBatch, batch_id) if batch_id is not None else None
        if batch_id is not None and batch is None:
            raise ArchiveImportError(f"Không có lô lưu trữ số {batch_id}.")
        # a unit code that is not in the agency tree (once loaded) would hide the cases from everyone's lists
        if (
            unit_code
            and db.scalar(select(Unit.id).limit(1))
            and not db.scalar(select(Unit.id).where(Unit.code == unit_code))
        ):
            raise ArchiveImportError(
                f"Không có đơn vị mã «{unit_code}» trong cây đơn vị (donthu units list)."
            )
        if batch is None:
            batch = ArchiveBatch(name=name or "", created_by=actor, agency=agency, unit_code=unit_code)
            db.add(batch)
        else:
            batch.name = name or batch.name
            batch.agency = agency or batch.agency
            batch.unit_code = unit_code or batch.unit_code
        batch.status, batch.error, batch.finished_at = "importing", None, None
        db.flush()
        if not batch.name:
            batch.name = f"Lô {batch.id} ({dt.datetime.now(LOCAL_TZ):%d/%m/%Y})"
        return batch.id, batch.agency or ""


def _finish_batch(db_url: str, batch_id: int, status: str, error: str | None = None) -> None:
    try:
        with session_scope(db_url) as db:
            batch = db.get(ArchiveBatch, batch_id)
            if batch is not None:
                batch.status, batch.error = status, error
                batch.finished_at = dt.datetime.now(dt.UTC)
                batch.files_done = files_done(db, batch_id)
    except Exception:  # the database is gone too: the batch stays "importing"; the same import resumes
        log.exception("archive batch %s: final state not recorded", batch_id)


def _create_items(
    db_url: str, batch_id: int, ordered: list[tuple[_File, ManifestRow | None]], agency: str
) -> dict[Path, int]:
    """One item per document file (an item of the same path made by an earlier run of this batch is reused)."""
    ids: dict[Path, int] = {}
    with session_scope(db_url) as db:
        existing = {
            i.path: i for i in db.scalars(select(ArchiveItem).where(ArchiveItem.batch_id == batch_id))
        }
        for seq, (f, row) in enumerate(ordered, start=1):
            values = _provenance(f, row, agency)
            item = existing.get(f.rel) or ArchiveItem(batch_id=batch_id, path=f.rel)
            item.sequence, item.status = seq, "pending"
            for key, value in values.items():
                setattr(item, key, value)
            db.add(item)
            db.flush()
            ids[f.path] = item.id
    return ids


def _record_plan(db_url: str, batch_id: int, result: ArchiveResult, files: int) -> None:
    with session_scope(db_url) as db:
        batch = db.get(ArchiveBatch, batch_id)
        assert batch is not None
        batch.files_total, batch.files_done = files, 0
        batch.skipped, batch.missing = result.skipped, result.missing
        batch.manifest_name = result.manifest_name or batch.manifest_name
        if result.problems:
            batch.note = "Danh mục:\n" + "\n".join(result.problems)


def _link(db_url: str, item_id: int, report: FileReport) -> None:
    """A file registered: its item points at its document before any page is read."""
    with session_scope(db_url) as db:
        item = db.get(ArchiveItem, item_id)
        if item is None:
            return
        item.document_id = report.doc_id or item.document_id
        item.status = report.status
        if report.reason:
            item.reason = f"{item.reason}; {report.reason}" if item.reason else report.reason


def _settle(db_url: str, batch_id: int, links: dict[int, FileReport], result: ArchiveResult) -> None:
    """Each item's final status and reason; the batch's note on files that were there before."""
    with session_scope(db_url) as db:
        for item_id, report in links.items():
            item = db.get(ArchiveItem, item_id)
            if item is None:
                continue
            item.status = report.status
            if report.status in ("failed", "previously_failed") and report.reason:
                if report.reason not in (item.reason or ""):
                    item.reason = f"{item.reason}; {report.reason}" if item.reason else report.reason
            if report.doc_id and not report.case_ids and report.status in ("new", "resumed"):
                report.case_ids = [  # the same bytes twice in the batch: one document, its cases on both
                    c for c in db.scalars(select(Case.case_id).where(Case.document_id == report.doc_id)) if c
                ]
        result.already = sum(r.status == "already" for r in links.values())
        batch = db.get(ArchiveBatch, batch_id)
        if batch is not None and result.already:
            note = ALREADY_NOTE.format(n=result.already)
            batch.note = f"{batch.note}\n{note}".strip() if batch.note else note


def import_archive(
    paths: list[Path],
    *,
    manifest: Path | None,
    settings: Settings | None,
    actor: str,
    name: str = "",
    agency: str = "",
    unit_code: str | None = None,
    progress: Progress | None = None,
    batch_id: int | None = None,
    workers: int | None = None,
) -> ArchiveResult:
    """Import folders, zips and files as one archive batch (see the module's docstring).

    Raises :class:`~..ingest.provenance.ManifestError` for a manifest that cannot be read at all (no batch is
    created; with ``batch_id`` that batch is marked failed), :class:`ArchiveImportError` when the import cannot
    run (an unsafe zip, a unit code not in the agency tree), ``ServiceDown`` on an outage (the batch is ``stopped``; the same import resumes)."""
    settings = settings or get_settings()
    db_url = settings.db_url
    try:
        given = read_manifest(manifest) if manifest is not None else None
        batch_id, agency = _open_batch(db_url, batch_id, actor, name, agency, unit_code)
    except (ManifestError, ArchiveImportError) as exc:  # nothing imported; a batch made elsewhere says why
        if batch_id is not None:
            _finish_batch(db_url, batch_id, "failed", str(exc))
        raise
    error: str | None
    status, error = "failed", "Lỗi hệ thống khi nhập lô; hãy báo quản trị."
    try:
        result = _run(paths, given, settings, batch_id, agency, progress, workers)
        status, error = "done", None
        return result
    except ArchiveImportError as exc:
        error = str(exc)
        raise
    except ServiceDown as exc:  # an outage: the same import resumes
        status, error = "stopped", exc.reason
        raise
    except KeyboardInterrupt:
        status, error = "stopped", "Đã dừng; chạy lại cùng lệnh để tiếp tục."
        raise
    except Exception:
        log.exception("archive batch %s failed", batch_id)
        raise
    finally:
        _finish_batch(db_url, batch_id, status, error)


def _run(
    paths: list[Path],
    manifest: Manifest | None,
    settings: Settings,
    batch_id: int,
    agency: str,
    progress: Progress | None,
    workers: int | None,
) -> ArchiveResult:
    db_url = settings.db_url
    with _expanded(paths, settings, batch_id) as (files, zip_skipped):
        docs: list[_File] = []
        others: list[_File] = []
        skipped = list(zip_skipped)
        for f in files:
            why = _not_document(f.rel)
            (others if why else docs).append(f)
            if why:
                skipped.append({"path": f.rel, "reason": why})
        found_in = None
        if manifest is None:
            manifest, found_in = _find_manifest(others)
        match = manifest.match([f.rel for f in docs]) if manifest is not None else ManifestMatch()
        result = ArchiveResult(batch_id, IngestSummary(), skipped=skipped)
        result.manifest_name = manifest.name if manifest is not None else ""
        if found_in is not None:
            result.manifest_name = found_in.rel
        result.problems = sorted((manifest.problems if manifest else []) + match.problems, key=_line_of)
        result.missing = [
            {"line": r.line, "file": r.file, "box": r.box, "received_date": _iso(r.received_date)}
            for r in match.missing
        ]
        ordered = _order(docs, match)
        items = _create_items(db_url, batch_id, ordered, agency)
        _record_plan(db_url, batch_id, result, len(ordered))
        tracker = BatchProgress(db_url, batch_id, progress)
        pipe = make_pipeline(settings, progress=tracker, workers=workers)
        links: dict[int, FileReport] = {}

        def registered(path: Path, report: FileReport) -> None:
            item_id = items.get(path)
            if item_id is not None:
                links[item_id] = report
                _link(db_url, item_id, report)
                tracker.flush()

        pipe.on_registered = registered
        summary = pipe.run([f.path for f, _row in ordered])
        for f, _row in ordered:  # the reports name the file as recorded (its path in the batch)
            report = links.get(items[f.path])
            if report is not None:
                report.name = f.rel
        summary.files += [FileReport(name=s["path"], status="skipped", reason=s["reason"]) for s in skipped]
        result.summary = summary
        _settle(db_url, batch_id, links, result)
        tracker.flush(force=True)
        return result


def _not_document(rel: str) -> str | None:
    why = is_not_document(rel)
    if why is None and rel.rsplit("/", 1)[-1].startswith("."):
        return HIDDEN
    return why


def _line_of(problem: str) -> int:
    try:
        return int(problem.split(":", 1)[0].split()[-1])
    except (ValueError, IndexError):
        return 0


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
