"""The ingest pipeline: files → pages → OCR (process pool) → petitions → fields → cases.

Durable and resumable: a document row is committed before its pages are read, each page is committed as soon
as it is read, and a document's cases are created in one transaction together with its ``done`` status. An
interrupted run leaves documents in ``processing`` with the pages read so far; running the same command again
reads only the missing pages and creates no duplicates.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import multiprocessing
import os
import stat
import time
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from ..config import Settings, get_settings
from ..storage import repo
from ..storage.db import session_scope
from ..storage.models import Case, Document, Page
from ..storage.objects import ObjectStore, make_store
from . import errors
from .batches import split_petitions
from .errors import IngestError, ServiceDown
from .filetypes import detect
from .pages import close_cached_pdfs, inspect, load_page, open_plumber_cached

log = logging.getLogger("donthu.ingest")

DISPLAY_MAX_WIDTH = 1700  # page images kept for the verification screen (about 200 dpi on A4)
BLANK_INK_RATIO = 0.0003  # ink share below which a page is a blank separator sheet (text pages: > 0.0009)
MIN_INK_COMPONENT = 5  # pixels (at ~100 dpi): smaller dark specks are scanner noise


@dataclass
class PageTask:
    document_id: int
    path: str
    kind: str
    index: int  # 0-based
    text_layer: str | None
    dpi: int
    lang: str
    postcorrect: bool = True
    max_pixels: int | None = None  # checked again right before the page is decoded


@dataclass
class PageOutput:
    document_id: int
    page_no: int
    source: str
    rotation: int
    width: int
    height: int
    image: bytes  # JPEG of the upright page
    text: str
    words: list
    confidence: float
    blank: bool
    needs_manual: bool
    seconds: float
    error: str | None = None
    error_detail: str | None = None
    corrections: list = field(default_factory=list)


@dataclass
class FileReport:
    name: str
    status: str = "new"  # new | resumed | already | failed | previously_failed
    reason: str | None = None
    warning: str | None = None
    case_ids: list[str] = field(default_factory=list)
    pages: int = 0


@dataclass
class IngestSummary:
    files: list[FileReport] = field(default_factory=list)
    pages_read: int = 0
    seconds: float = 0.0

    @property
    def petitions(self) -> int:
        return sum(len(f.case_ids) for f in self.files)

    @property
    def failures(self) -> list[FileReport]:
        return [f for f in self.files if f.status in ("failed", "previously_failed")]

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)


class Progress:
    """Receives progress events; the CLI draws a Rich progress bar from them."""

    def add_total(self, pages: int) -> None: ...
    def advance(self, pages: int = 1) -> None: ...
    def message(self, text: str) -> None: ...


# ----------------------------------------------------------------------------------------------- workers


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:  # let the parent handle Ctrl-C; workers just stop
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except Exception:  # pragma: no cover
        pass


def ink_ratio(img: Image.Image) -> float:
    """Share of the page covered by ink, scanner speckle excluded, at any scan resolution.

    The page is brought to about 100 dpi; dark connected components of at least ``MIN_INK_COMPONENT`` pixels
    count as ink (thin strokes of a 72-dpi fax stay, isolated speckle dots go), margins are ignored.
    """
    import cv2
    import numpy as np

    gray = img.convert("L")
    factor = max(1, round(gray.width / 850))
    if factor > 1:
        gray = gray.reduce(factor)
    a = np.asarray(gray)
    h, w = a.shape
    my, mx = int(h * 0.04), int(w * 0.04)  # ignore dark scanner borders
    core = a[my : h - my, mx : w - mx]
    if not core.size:
        return 0.0
    _n, _labels, stats, _centroids = cv2.connectedComponentsWithStats(
        (core < 128).astype(np.uint8), connectivity=8
    )
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(areas[areas >= MIN_INK_COMPONENT].sum()) / core.size


def _display_jpeg(img: Image.Image) -> tuple[bytes, float]:
    scale = min(1.0, DISPLAY_MAX_WIDTH / img.width)
    if scale < 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, optimize=False)
    return buf.getvalue(), scale


def _scale_words(words: list[list], scale: float) -> list[list]:
    if scale == 1.0:
        return words
    return [
        [w[0], round(w[1] * scale), round(w[2] * scale), round(w[3] * scale), round(w[4] * scale), *w[5:]]
        for w in words
    ]


def _text_layer_words(path: str, index: int, scale: float) -> list[list]:
    out: list[list] = []
    pdf = open_plumber_cached(path)  # opened once per worker and file, not once per page
    page = pdf.pages[index]
    try:
        for n, w in enumerate(page.extract_words(keep_blank_chars=False, use_text_flow=True)):
            out.append(
                [
                    w["text"],
                    round(w["x0"] * scale),
                    round(w["top"] * scale),
                    round((w["x1"] - w["x0"]) * scale),
                    round((w["bottom"] - w["top"]) * scale),
                    100.0,
                    1,
                    1,
                    n,
                ]
            )
    finally:
        page.close()  # drop the page's parsed objects: memory stays bounded on long files
    return out


def process_page(task: PageTask) -> PageOutput:
    """Runs in a worker process: decode one page, read it, return everything the database keeps."""
    from ..ocr.engine import recognize

    page_no = task.index + 1
    start = time.perf_counter()
    try:
        if task.text_layer is not None:
            img, _ = load_page(Path(task.path), task.kind, task.index, 150, task.max_pixels)
            jpeg, scale = _display_jpeg(img.convert("RGB") if img.mode not in ("L", "RGB") else img)
            words = _text_layer_words(task.path, task.index, scale * 150 / 72)
            return PageOutput(
                task.document_id,
                page_no,
                "text_layer",
                0,
                round(img.width * scale),
                round(img.height * scale),
                jpeg,
                task.text_layer,
                words,
                100.0,
                False,
                False,
                time.perf_counter() - start,
            )
        try:
            img, _dpi = load_page(Path(task.path), task.kind, task.index, task.dpi, task.max_pixels)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or damaged image data
            reason = errors.PDF_CORRUPT if task.kind == "pdf" else errors.IMAGE_CORRUPT
            return PageOutput(
                task.document_id,
                page_no,
                "ocr",
                0,
                0,
                0,
                b"",
                "",
                [],
                0.0,
                False,
                True,
                time.perf_counter() - start,
                error=reason,
                error_detail=f"page {page_no}: {type(exc).__name__}: {exc}",
            )
        if ink_ratio(img) < BLANK_INK_RATIO:
            jpeg, scale = _display_jpeg(img)
            return PageOutput(
                task.document_id,
                page_no,
                "ocr",
                0,
                round(img.width * scale),
                round(img.height * scale),
                jpeg,
                "",
                [],
                0.0,
                True,
                False,
                time.perf_counter() - start,
            )
        result, upright = recognize(img, task.lang, postcorrect=task.postcorrect, dpi=_dpi)
        if img.mode == "RGB":  # keep the colour scan for display, turned the same way as the page read
            from ..ocr.engine import rotate, straighten

            upright = rotate(straighten(img, result.skew), result.rotation)
        jpeg, scale = _display_jpeg(upright)
        return PageOutput(
            task.document_id,
            page_no,
            "ocr",
            result.rotation,
            round(upright.width * scale),
            round(upright.height * scale),
            jpeg,
            result.text,
            _scale_words(result.words, scale),
            result.confidence,
            False,
            result.needs_manual,
            time.perf_counter() - start,
            corrections=result.corrections,
        )
    except IngestError as exc:  # over the pixel limit: refused before decoding
        return PageOutput(
            task.document_id,
            page_no,
            "ocr",
            0,
            0,
            0,
            b"",
            "",
            [],
            0.0,
            False,
            True,
            time.perf_counter() - start,
            error=exc.reason,
            error_detail=exc.detail,
        )
    except Exception as exc:  # a page that cannot be read fails its document, never the batch
        log.exception("page %s of %s failed", page_no, task.path)
        return PageOutput(
            task.document_id,
            page_no,
            "ocr",
            0,
            0,
            0,
            b"",
            "",
            [],
            0.0,
            False,
            True,
            time.perf_counter() - start,
            error=errors.PAGE_FAILED.format(page=page_no, why=type(exc).__name__),
            error_detail=f"{type(exc).__name__}: {exc}",
        )


# ----------------------------------------------------------------------------------------------- driver

SUPPORTED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff"}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the files under given folders (sorted, hidden files skipped).

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
                found.extend(base / f for f in files if not f.startswith("."))
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


def _hash_stream(fh: BinaryIO) -> str:
    h = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return _hash_stream(fh)


_DB_DOWN = (OperationalError, InterfaceError)  # the database cannot be reached (not a constraint error)


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def store_down(exc: BaseException) -> ServiceDown:
    return ServiceDown("store", _why(exc), repr(exc)[:2000])


def database_down(exc: BaseException) -> ServiceDown:
    return ServiceDown("database", _why(getattr(exc, "orig", None) or exc), repr(exc)[:2000])


class Pipeline:
    def __init__(
        self,
        settings: Settings | None = None,
        store: ObjectStore | None = None,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        if store is None:
            try:
                store = make_store(self.settings)
            except Exception as exc:  # the S3 server down, the store folder not writable
                raise store_down(exc) from exc
        self.store = store
        self._pending: dict[int, tuple[Path, str, str, FileReport]] = {}
        self._completed: set[int] = set()
        self.progress = progress or Progress()
        self.workers = workers or self.settings.n_workers
        self.db_url = self.settings.db_url

    # -- registration ---------------------------------------------------------------------------------
    def _register(self, path: Path, report: FileReport, retry_failed: bool) -> tuple[int, str] | None:
        """Store the original and create/find its document row; returns (document id, kind) to process.

        The file is opened once, without following a symbolic link, and read in chunks: hashed, then streamed to
        the object store (never held in memory whole)."""
        s = self.settings
        if path.is_symlink():
            report.status, report.reason = "failed", errors.SYMLINK
            return None
        try:
            st = path.lstat()
            if stat.S_ISDIR(st.st_mode) or not stat.S_ISREG(
                st.st_mode
            ):  # a FIFO or device would block or lie
                raise IngestError(
                    errors.UNSUPPORTED.format(what="không phải tệp thường"), "not a regular file"
                )
            fh = open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")  # noqa: SIM115
        except IngestError as exc:
            report.status, report.reason = "failed", exc.reason
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # became a link between the check and the open
                report.status, report.reason = "failed", errors.SYMLINK
            else:
                report.status, report.reason = "failed", errors.UNREADABLE.format(why=exc.strerror or exc)
            return None
        with fh:
            try:
                size = os.fstat(fh.fileno()).st_size
                digest = _hash_stream(fh)
                fh.seek(0)
                head = fh.read(4096)
            except OSError as exc:
                report.status, report.reason = "failed", errors.UNREADABLE.format(why=exc.strerror or exc)
                return None
            if size > s.max_file_mb * 1024 * 1024:
                self._record_too_large(report, digest, size, retry_failed)
                return None
            got = self._find_or_create(path, report, retry_failed, digest, size, fh)
        if got is None:
            return None
        doc_id = got
        # sniff and inspect outside the transaction; failures are recorded on the document
        try:
            kind, mime, warning = detect(path.name, head)
            if warning:
                report.warning = f"{report.warning} {warning}" if report.warning else warning
            info = inspect(path, kind, s.max_image_pixels, s.render_dpi)
        except IngestError as exc:
            self._fail(doc_id, exc.reason, exc.detail, media_type=None)
            report.status, report.reason = "failed", exc.reason
            return None
        with session_scope(self.db_url) as db:
            doc = db.get(Document, doc_id)
            assert doc is not None
            doc.media_type = kind
            doc.page_count = info.page_count
        report.pages = info.page_count
        self._layers[doc_id] = info.text_layers
        return doc_id, kind

    def _find_or_create(
        self, path: Path, report: FileReport, retry_failed: bool, digest: str, size: int, fh: BinaryIO
    ) -> int | None:
        """The document of these bytes (resumed), or a new one with its original streamed to the store."""
        with session_scope(self.db_url) as db:
            doc = db.scalar(select(Document).where(Document.sha256 == digest))
            if doc is not None:
                if doc.status == "done":
                    report.status = "already"
                    report.case_ids = [c.case_id for c in doc.cases if c.case_id]
                    report.pages = doc.page_count or 0
                    return None
                outage = (doc.error_detail or "").startswith(errors.OUTAGE_MARK)  # not the file's fault
                if doc.status == "failed" and not retry_failed and not outage:
                    report.status, report.reason = "previously_failed", doc.error
                    return None
                report.status = "resumed"
                if not self._store_exists(doc.object_key):  # stored before, lost since: store it again
                    self._store_put(doc.object_key, fh, size)
                doc.status, doc.error, doc.error_detail = "processing", None, None
                return doc.id
            key = f"originals/{digest[:2]}/{digest}"
            if not self._store_exists(key):
                self._store_put(key, fh, size)
            doc = Document(
                sha256=digest, original_name=report.name, size=size, object_key=key, status="processing"
            )
            db.add(doc)
            db.flush()
            report.status = "new"
            return doc.id

    def _store_exists(self, key: str) -> bool:
        try:
            return self.store.exists(key)
        except Exception as exc:
            raise store_down(exc) from exc

    def _store_put(self, key: str, fh: BinaryIO, size: int) -> None:
        fh.seek(0)
        try:
            self.store.put_file(key, fh, size)
        except Exception as exc:
            raise store_down(exc) from exc

    def _record_too_large(self, report: FileReport, digest: str, size: int, retry_failed: bool) -> None:
        """A file over DONTHU_MAX_FILE_MB: a failed document with the reason (the original is not archived)."""
        limit = self.settings.max_file_mb
        reason = (
            errors.FILE_TOO_LARGE.format(mb=size // (1024 * 1024), limit=limit) + errors.FILE_TOO_LARGE_KEPT
        )
        detail = f"{size} bytes > {limit} MB; original not stored"
        with session_scope(self.db_url) as db:
            doc = db.scalar(select(Document).where(Document.sha256 == digest))
            if doc is not None and doc.status == "done":  # ingested before the limit was lowered
                report.status = "already"
                report.case_ids = [c.case_id for c in doc.cases if c.case_id]
                return
            if doc is not None and doc.status == "failed" and not retry_failed:
                report.status, report.reason = "previously_failed", doc.error
                return
            if doc is None:
                db.add(
                    Document(
                        sha256=digest,
                        original_name=report.name,
                        size=size,
                        object_key=f"originals/{digest[:2]}/{digest}",
                        status="failed",
                        error=reason,
                        error_detail=detail,
                    )
                )
            else:
                doc.status, doc.error, doc.error_detail = "failed", reason, detail
        report.status, report.reason = "failed", reason

    def _fail(self, doc_id: int, reason: str, detail: str, media_type: str | None = None) -> None:
        with session_scope(self.db_url) as db:
            doc = db.get(Document, doc_id)
            if doc is None:
                return
            doc.status, doc.error, doc.error_detail = "failed", reason, detail[:4000]
            if media_type:
                doc.media_type = media_type

    # -- page storage and finalisation ----------------------------------------------------------------
    def _save_page(self, out: PageOutput, sha: str) -> None:
        key = f"pages/{sha[:2]}/{sha}/{out.page_no:05d}.jpg"
        if out.image:
            try:
                self.store.put(key, out.image, "image/jpeg")
            except Exception as exc:
                raise store_down(exc) from exc
        with session_scope(self.db_url) as db:
            exists = db.scalar(
                select(Page.id).where(Page.document_id == out.document_id, Page.page_no == out.page_no)
            )
            if exists:
                return
            db.add(
                Page(
                    document_id=out.document_id,
                    page_no=out.page_no,
                    source=out.source,
                    rotation=out.rotation,
                    width=out.width,
                    height=out.height,
                    image_key=key,
                    text=out.text,
                    words=out.words,
                    confidence=out.confidence,
                    blank=out.blank,
                    corrections=out.corrections,
                    needs_manual=out.needs_manual,
                    ocr_seconds=round(out.seconds, 3),
                )
            )

    def _finalize(self, doc_id: int) -> list[str]:
        """Split into petitions, extract fields, link duplicates: one transaction with the ``done`` status."""
        with session_scope(self.db_url) as db:
            # the document row is locked for this transaction: two workers finalising the same document at once
            # (the last two pages finishing together) are serialised, and the second finds it done
            doc = db.get(Document, doc_id, with_for_update=True)
            assert doc is not None
            if doc.status == "done":
                return [
                    c
                    for c in db.scalars(
                        select(Case.case_id).where(Case.document_id == doc_id).order_by(Case.id)
                    )
                    if c
                ]
            pages = list(db.scalars(select(Page).where(Page.document_id == doc_id).order_by(Page.page_no)))
            existing = list(db.scalars(select(Case).where(Case.document_id == doc_id)))
            for c in existing:  # a half-finished earlier attempt (should not happen: same transaction)
                db.delete(c)
            db.flush()
            by_no = {p.page_no: p for p in pages}
            ids: list[str] = []
            for group in split_petitions(pages):
                text = "\n".join(by_no[n].text for n in group if by_no[n].text)
                case = repo.new_case(db, doc, group, text, manual=any(by_no[n].needs_manual for n in group))
                ids.append(case.case_id or "")
                self._protect(db, case)
                key = self._searchable_pdf(
                    doc.sha256, case.case_id or str(case.id), [by_no[n] for n in group]
                )
                if key:
                    case.extra = {**(case.extra or {}), "searchable_pdf": key}
            doc.status = "done"
            return ids

    def _protect(self, db: Session, case: Case) -> None:
        """ID-card pages and the redacted copy of a protected case (privacy; never stops the case)."""
        from ..storage.models import apply_identity_policy
        from .redaction import mark_id_cards, redact_case

        try:
            if mark_id_cards(case):
                apply_identity_policy(case, text_changed=False, id_card=True)
            if case.identity_protected:
                redact_case(self.store, case)
        except Exception:  # the copy is made again on first use
            log.exception("redacted copy of case %s failed", case.case_id)

    def _searchable_pdf(self, sha: str, case_id: str, pages: list[Page]) -> str | None:
        """The petition's scans with an invisible text layer, stored for archivists."""
        from ..ocr.searchable import PageSpec, build_pdf

        specs = []
        for p in pages:
            if p.blank or not p.width:
                continue
            try:
                specs.append(PageSpec(self.store.get(p.image_key), p.width, p.height, p.words or []))
            except Exception:
                log.exception("page image %s missing for the searchable PDF", p.image_key)
                return None
        if not specs:
            return None
        key = f"searchable/{sha[:2]}/{sha}/{case_id}.pdf"
        try:
            self.store.put(key, build_pdf(specs), "application/pdf")
        except Exception:  # the case matters more than its PDF copy; the PDF can be rebuilt
            log.exception("searchable PDF for %s failed", case_id)
            return None
        return key

    # -- main entry -----------------------------------------------------------------------------------
    def run(self, paths: Iterable[Path], retry_failed: bool = False) -> IngestSummary:
        """Ingest the files; a bad file fails alone. When the object store or the database goes away, the batch
        stops with :class:`ServiceDown` (its ``summary`` says how far it got); the documents it was reading are
        marked failed with the reason when the database is still reachable, and the same command resumes them
        (no ``--retry-failed`` needed); with the database down they stay ``processing`` and resume the same way.
        """
        started = time.perf_counter()
        summary = IngestSummary()
        self._pending, self._completed = {}, set()
        try:
            self._run(paths, retry_failed, summary)
        except ServiceDown as exc:
            self._abort(exc, summary)
            raise
        except _DB_DOWN as exc:
            down = database_down(exc)
            self._abort(down, summary)
            raise down from exc
        finally:
            summary.seconds = time.perf_counter() - started
        return summary

    def _abort(self, exc: ServiceDown, summary: IngestSummary) -> None:
        """Say on every unfinished file, and on its document when the database answers, why it stopped."""
        exc.summary = summary
        log.error("ingest stopped: %s is down: %s", exc.service, exc.detail)
        reason = errors.STOPPED_BY_OUTAGE.format(what=exc.what)
        pending_reports = {id(rep): doc_id for doc_id, (_p, _k, _s, rep) in self._pending.items()}
        unfinished: list[int] = []
        for rep in summary.files:
            if rep.status not in ("new", "resumed"):
                continue
            doc_id = pending_reports.get(id(rep))
            if doc_id is None:  # stopped while this file was being registered: nothing of it was recorded
                rep.status, rep.reason = "failed", exc.reason
            elif doc_id not in self._completed:
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

    def _run(self, paths: Iterable[Path], retry_failed: bool, summary: IngestSummary) -> None:
        pending = self._register_all(paths, retry_failed, summary)
        tasks = self._tasks(pending)
        remaining: dict[int, int] = {}
        for t in tasks:
            remaining[t.document_id] = remaining.get(t.document_id, 0) + 1
        self.progress.add_total(len(tasks))
        # documents whose pages were all read in an earlier, interrupted run
        for doc_id in list(pending):
            if remaining.get(doc_id, 0) == 0:
                self._complete(doc_id, pending)
        failed_docs: dict[int, PageOutput] = {}
        for out in self._run_tasks(tasks):
            sha = pending[out.document_id][2]
            if out.error:
                failed_docs.setdefault(out.document_id, out)
            else:
                self._save_page(out, sha)
                summary.pages_read += 1
            self.progress.advance(1)
            remaining[out.document_id] -= 1
            if remaining[out.document_id] == 0:
                if out.document_id in failed_docs:
                    bad = failed_docs[out.document_id]
                    self._fail(out.document_id, bad.error or "", bad.error_detail or "")
                    rep = pending[out.document_id][3]
                    rep.status, rep.reason = "failed", bad.error
                    self.progress.message(f"[red]✗ {rep.name}: {rep.reason}")
                else:
                    self._complete(out.document_id, pending)

    def _register_all(
        self, paths: Iterable[Path], retry_failed: bool, summary: IngestSummary
    ) -> dict[int, tuple[Path, str, str, FileReport]]:
        """Register every file (reports go into ``summary``); returns doc id -> (path, kind, sha, report)."""
        self._layers: dict[int, list[str | None]] = {}
        pending = self._pending  # filled as files register: an outage midway knows which were started
        for path in expand_paths(paths):
            report = FileReport(name=display_name(path.name))
            if "\ufffd" in report.name and "\ufffd" not in path.name:
                report.warning = errors.NAME_NOT_UTF8
            summary.files.append(report)
            got = self._register(path, report, retry_failed)
            if got:
                doc_id, kind = got
                with session_scope(self.db_url) as db:
                    sha = db.get(Document, doc_id).sha256  # type: ignore[union-attr]
                pending[doc_id] = (path, kind, sha, report)
            if report.status == "failed":
                self.progress.message(f"[red]✗ {report.name}: {report.reason}")
        return pending

    def _complete(self, doc_id: int, pending: dict[int, tuple[Path, str, str, FileReport]]) -> None:
        report = pending[doc_id][3]
        try:
            report.case_ids = self._finalize(doc_id)
            self._completed.add(doc_id)
        except _DB_DOWN:
            raise  # an outage, not this document's fault: the batch stops and says so
        except Exception as exc:
            self._completed.add(doc_id)
            log.exception("finalising document %s failed", doc_id)
            self._fail(doc_id, "Lỗi hệ thống khi tạo hồ sơ; tệp đã được lưu, hãy báo quản trị.", repr(exc))
            report.status, report.reason = "failed", "Lỗi hệ thống khi tạo hồ sơ"

    def _tasks(self, pending: dict[int, tuple[Path, str, str, FileReport]]) -> list[PageTask]:
        tasks: list[PageTask] = []
        s = self.settings
        for doc_id, (path, kind, _sha, _rep) in pending.items():
            with session_scope(self.db_url) as db:
                done = set(db.scalars(select(Page.page_no).where(Page.document_id == doc_id)))
                n = db.get(Document, doc_id).page_count or 0  # type: ignore[union-attr]
            layers = self._layers.get(doc_id) or [None] * n
            for i in range(n):
                if i + 1 not in done:
                    tasks.append(
                        PageTask(
                            doc_id,
                            str(path),
                            kind,
                            i,
                            layers[i] if i < len(layers) else None,
                            s.render_dpi,
                            s.ocr_lang,
                            s.ocr_postcorrect,
                            s.max_image_pixels,
                        )
                    )
        return tasks

    def _run_tasks(self, tasks: list[PageTask]) -> Iterator[PageOutput]:
        """One pool over all pages of all files, with a bounded number of pages in flight."""
        if not tasks:
            return
        if self.workers <= 1:
            os.environ["OMP_THREAD_LIMIT"] = "1"
            try:
                for t in tasks:
                    yield process_page(t)
            finally:
                close_cached_pdfs()
            return
        window = self.workers * 2
        # forkserver: workers start lean instead of inheriting the parent's NLP models and database state
        ctx = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init, mp_context=ctx) as pool:
            it = iter(tasks)
            inflight: set[Future[PageOutput]] = set()
            try:
                for t in it:
                    inflight.add(pool.submit(process_page, t))
                    if len(inflight) >= window:
                        break
                while inflight:
                    done, inflight = wait(inflight, return_when=FIRST_COMPLETED)
                    for fut in done:
                        nxt = next(it, None)
                        if nxt is not None:
                            inflight.add(pool.submit(process_page, nxt))
                        yield fut.result()
            except BaseException:
                for f in inflight:
                    f.cancel()
                pool.shutdown(wait=False, cancel_futures=True)
                raise


def ingest(
    paths: Iterable[Path],
    settings: Settings | None = None,
    progress: Progress | None = None,
    retry_failed: bool = False,
    workers: int | None = None,
) -> IngestSummary:
    return Pipeline(settings, progress=progress, workers=workers).run(paths, retry_failed=retry_failed)


__all__ = ["IngestSummary", "Pipeline", "Progress", "ingest", "process_page", "split_petitions"]
