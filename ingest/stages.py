"""The stages of ingest, each a small function of one shape (context and input in, result out), called alike by
the local runner (ingest/local.py) and the Celery tasks (ingest/celery.py):

    register(ctx, path, report)  → Registration    the original stored by content hash, a document row
    page_tasks(ctx, registration) → [PageTask]     the pages not stored yet (a resumed file reads only those)
    save_page(ctx, result, sha)                    a page read (ingest/page.py) stored, image and row
    fail(ctx, doc_id, reason, detail)              the document failed, with the clerk's reason
    finalize(ctx, doc_id) → [case ids]             split → make_case → protect → searchable PDF, one transaction

Durable and resumable: a document row is committed before its pages are read, each page is committed as soon
as it is read, and a document's cases are created in one transaction together with its ``done`` status. An
interrupted run leaves documents in ``processing`` with the pages read so far; running the same command again
reads only the missing pages and creates no duplicates.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from ..contract import ARCHIVE_STATUSES, LOCAL_TZ, VERIFIABLE_FIELDS
from ..nlp.classify import denunciation_probability
from ..nlp.extract import extract_fields
from ..ocr.pdfa import to_pdfa
from ..ocr.searchable import archival_spec, build_pdf
from ..ocr.signature import find_signature_in_file, has_closing_block
from ..storage import repo
from ..storage.db import session_scope
from ..storage.models import ArchiveItem, Case, Document, Page, apply_identity_policy
from ..storage.objects import ObjectNotFound
from . import errors
from .archived import ArchiveLink, archive_link, make_archived
from .batches import split_petitions
from .context import IngestContext, Registration, store_down
from .duplicates import link_duplicate
from .errors import IngestError
from .filetypes import detect
from .page import PageResult, PageTask
from .pages import inspect
from .redaction import mark_id_cards, redact_case
from .reports import FileReport

log = logging.getLogger("donthu.ingest")

DB_DOWN = (OperationalError, InterfaceError)  # the database cannot be reached (not a constraint error)

__all__ = ["DB_DOWN", "fail", "finalize", "finish", "link_duplicate", "make_case", "page_tasks", "register"]
__all__ += ["note_signature", "save_page", "sha256_file"]


# ----------------------------------------------------------------------------------------------- registration


def _hash_stream(fh: BinaryIO) -> str:
    h = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return _hash_stream(fh)


def _open_regular(path: Path, report: FileReport) -> BinaryIO | None:
    """The file opened without following a symbolic link; None (and the reason on the report) when refused."""
    if path.is_symlink():
        report.status, report.reason = "failed", errors.SYMLINK
        return None
    try:
        st = path.lstat()
        if stat.S_ISDIR(st.st_mode) or not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or lie
            raise IngestError(errors.UNSUPPORTED.format(what="không phải tệp thường"), "not a regular file")
        return open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")
    except IngestError as exc:
        report.status, report.reason = "failed", exc.reason
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link between the check and the open
            report.status, report.reason = "failed", errors.SYMLINK
        else:
            report.status, report.reason = "failed", errors.UNREADABLE.format(why=exc.strerror or exc)
    return None


def register(
    ctx: IngestContext, path: Path, report: FileReport, retry_failed: bool = False
) -> Registration | None:
    """Store the original and create/find its document row; the registration of a file to read, or None.

    The file is opened once, without following a symbolic link, and read in chunks: hashed, then streamed to
    the object store (never held in memory whole)."""
    s = ctx.settings
    fh = _open_regular(path, report)
    if fh is None:
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
            _record_too_large(ctx, report, digest, size, retry_failed)
            return None
        doc_id = _find_or_create(ctx, report, retry_failed, digest, size, fh)
    if doc_id is None:
        return None
    # sniff and inspect outside the transaction; failures are recorded on the document
    try:
        kind, _mime, warning = detect(path.name, head)
        if warning:
            report.warning = f"{report.warning} {warning}" if report.warning else warning
        info = inspect(path, kind, s.max_image_pixels, s.render_dpi)
    except IngestError as exc:
        fail(ctx, doc_id, exc.reason, exc.detail, media_type=None)
        report.status, report.reason = "failed", exc.reason
        return None
    with session_scope(ctx.db_url) as db:
        doc = db.get(Document, doc_id)
        assert doc is not None
        doc.media_type = kind
        doc.page_count = info.page_count
    report.pages = info.page_count
    return Registration(doc_id, path, kind, digest, report, info.page_count, tuple(info.text_layers))


def _find_or_create(
    ctx: IngestContext, report: FileReport, retry_failed: bool, digest: str, size: int, fh: BinaryIO
) -> int | None:
    """The document of these bytes (resumed), or a new one with its original streamed to the store."""
    with session_scope(ctx.db_url) as db:
        doc = db.scalar(select(Document).where(Document.sha256 == digest))
        if doc is not None:
            report.doc_id = doc.id
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
            if not _store_exists(ctx, doc.object_key):  # stored before, lost since: store it again
                _store_put(ctx, doc.object_key, fh, size)
            doc.status, doc.error, doc.error_detail = "processing", None, None
            return doc.id
        key = f"originals/{digest[:2]}/{digest}"
        if not _store_exists(ctx, key):
            _store_put(ctx, key, fh, size)
        doc = Document(
            sha256=digest, original_name=report.name, size=size, object_key=key, status="processing"
        )
        db.add(doc)
        db.flush()
        report.status, report.doc_id = "new", doc.id
        return doc.id


def _store_exists(ctx: IngestContext, key: str) -> bool:
    try:
        return ctx.store.exists(key)
    except Exception as exc:
        raise store_down(exc) from exc


def _store_put(ctx: IngestContext, key: str, fh: BinaryIO, size: int) -> None:
    fh.seek(0)
    try:
        ctx.store.put_file(key, fh, size)
    except Exception as exc:
        raise store_down(exc) from exc


def _record_too_large(
    ctx: IngestContext, report: FileReport, digest: str, size: int, retry_failed: bool
) -> None:
    """A file over DONTHU_MAX_FILE_MB: a failed document with the reason (the original is not archived)."""
    limit = ctx.settings.max_file_mb
    reason = errors.FILE_TOO_LARGE.format(mb=size // (1024 * 1024), limit=limit) + errors.FILE_TOO_LARGE_KEPT
    detail = f"{size} bytes > {limit} MB; original not stored"
    with session_scope(ctx.db_url) as db:
        doc = db.scalar(select(Document).where(Document.sha256 == digest))
        report.doc_id = doc.id if doc is not None else None
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


def fail(ctx: IngestContext, doc_id: int, reason: str, detail: str, media_type: str | None = None) -> None:
    """The document failed: the clerk's reason and the technical detail on its row."""
    with session_scope(ctx.db_url) as db:
        doc = db.get(Document, doc_id)
        if doc is None:
            return
        doc.status, doc.error, doc.error_detail = "failed", reason, detail[:4000]
        if media_type:
            doc.media_type = media_type


# ----------------------------------------------------------------------------------------------- pages


def page_tasks(ctx: IngestContext, reg: Registration) -> list[PageTask]:
    """The pages of a registered document not stored yet."""
    s = ctx.settings
    with session_scope(ctx.db_url) as db:
        done = set(db.scalars(select(Page.page_no).where(Page.document_id == reg.doc_id)))
        # a file imported from an archive also keeps its pages at scan resolution (its PDF/A copies: ocr/pdfa.py)
        item = db.scalar(select(ArchiveItem.id).where(ArchiveItem.document_id == reg.doc_id).limit(1))
    layers = reg.text_layers or (None,) * reg.page_count
    return [
        PageTask(
            reg.doc_id,
            str(reg.path),
            reg.kind,
            i,
            layers[i] if i < len(layers) else None,
            s.render_dpi,
            s.ocr_lang,
            postcorrect=s.ocr_postcorrect,
            max_pixels=s.max_image_pixels,
            engine=s.ocr_engine,
            archival=item is not None,
        )
        for i in range(reg.page_count)
        if i + 1 not in done
    ]


def save_page(ctx: IngestContext, out: PageResult, sha: str) -> None:
    """Store a page read: its image in the object store, its row (once: a page stored before is kept)."""
    key = f"pages/{sha[:2]}/{sha}/{out.page_no:05d}.jpg"
    for k, image in ((key, out.image), (archival_key(key), out.archival_image)):
        if image:
            try:
                ctx.store.put(k, image, "image/jpeg")
            except Exception as exc:
                raise store_down(exc) from exc
    with session_scope(ctx.db_url) as db:
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


# ----------------------------------------------------------------------------------------------- finalisation


def finalize(ctx: IngestContext, doc_id: int) -> list[str]:
    """Split into petitions, extract fields, link duplicates: one transaction with the ``done`` status."""
    with session_scope(ctx.db_url) as db:
        # the document row is locked for this transaction: two workers finalising the same document at once
        # (the last two pages finishing together) are serialised, and the second finds it done
        doc = db.get(Document, doc_id, with_for_update=True)
        assert doc is not None
        if doc.status == "done":
            found = db.scalars(select(Case.case_id).where(Case.document_id == doc_id).order_by(Case.id))
            return [c for c in found if c]
        pages = list(db.scalars(select(Page).where(Page.document_id == doc_id).order_by(Page.page_no)))
        for c in db.scalars(
            select(Case).where(Case.document_id == doc_id)
        ):  # a half-finished earlier attempt
            db.delete(c)
        db.flush()
        by_no = {p.page_no: p for p in pages}
        ids: list[str] = []
        # a file imported from an archive: historical cases (ingest/archived.py)
        archive = archive_link(db, doc_id, ctx.store, ctx.settings.ocr_lang)
        for n_petition, group in enumerate(split_petitions(pages), start=1):
            text = "\n".join(by_no[n].text for n in group if by_no[n].text)
            manual = any(by_no[n].needs_manual for n in group)
            case = make_case(db, doc, group, text, manual=manual, archive=archive, index=n_petition)
            note_signature(ctx, case, [by_no[n] for n in group])
            ids.append(case.case_id or "")
            protect(ctx, case)
            petition_pages = [by_no[n] for n in group]
            key = searchable_pdf(ctx, doc.sha256, case.case_id or str(case.id), petition_pages, case)
            if key:
                case.extra = {**(case.extra or {}), "searchable_pdf": key}
        doc.status = "done"
        return ids


def finish(ctx: IngestContext, reg: Registration) -> None:
    """Finalise a registered document; a failure of ours fails it (with the reason on its report). A database
    outage propagates: it is not this document's fault, the batch stops and says so."""
    try:
        reg.report.case_ids = finalize(ctx, reg.doc_id)
    except DB_DOWN:
        raise
    except Exception as exc:
        log.exception("finalising document %s failed", reg.doc_id)
        fail(ctx, reg.doc_id, errors.FINALIZE_FAILED, repr(exc))
        reg.report.status, reg.report.reason = "failed", errors.FINALIZE_FAILED_SHORT


def make_case(
    db: Session,
    doc: Document,
    pages: list[int],
    text: str,
    manual: bool = False,
    archive: ArchiveLink | None = None,
    index: int = 1,
) -> Case:
    """Create one case from a petition's pages: extract its fields and link it to an earlier duplicate. With
    ``archive`` (the document's archive item) the case is a historical one, received on its own date."""
    case = Case(
        document_id=doc.id,
        source_pages=list(pages),
        text=text,
        status="pending_verification",
        received_at=dt.datetime.now(dt.UTC),
    )
    if manual or not text.strip():  # a page the OCR cannot read (handwriting, a very poor copy): no guess
        case.confidence = {key: 0.0 for key in VERIFIABLE_FIELDS}  # from garbage; every field entered by hand
        case.extra = {"needs_manual": True}
        case.signatory_count, case.anonymous = 1, False
    else:
        try:
            ex = extract_fields(text)
            repo.apply_extraction(case, ex.fields, ex.confidence, {**ex.extra, "spans": ex.spans})
        except Exception as exc:  # a petition whose text defeats the extractor is still a case
            log.exception(
                "field extraction failed for document %s pages %s", doc.id, pages
            )  # no file names in logs
            case.extra = {"extraction_error": repr(exc)}
            case.signatory_count = 1
    try:  # for the identity policy: is the content denunciation-like, whatever the title says?
        p = denunciation_probability(text)
        if p is not None:
            case.extra = {**(case.extra or {}), "denunciation_probability": p}
    except Exception:  # the policy fails closed on its other signals
        log.exception("denunciation model failed for document %s", doc.id)
    if archive is not None:  # before numbering: the case number carries the year it was received
        make_archived(db, case, archive, index)
    repo.add_case(db, case)
    link_duplicate(db, case)
    db.flush()
    return case


def note_signature(ctx: IngestContext, case: Case, pages: list[Page]) -> None:
    """Whether the petition is signed or fingerprinted (TT 05/2021 art. 6(2)), from its signed page: the last
    page with a signature block, else its last non-blank page. ``case.extra["signature"]``: {"present",
    "confidence", "page", "anchor"}; "present" is None on a page read from a PDF text layer (born-digital: not
    known). Never stops the case."""
    read = [p for p in pages if not p.blank and p.width]
    if not read:
        return
    page = next((p for p in reversed(read) if has_closing_block(p.words)), read[-1])
    if page.source != "ocr":
        found: dict[str, Any] = {"present": None, "confidence": 0.0, "anchor": "text_layer"}
    else:
        try:
            found = find_signature_in_file(ctx.store.get(page.image_key), page.words or []).as_dict()
        except Exception:  # the clerk checks the signature by eye
            log.exception("signature check of case %s failed", case.case_id)
            return
    case.extra = {**(case.extra or {}), "signature": {**found, "page": page.page_no}}


def protect(ctx: IngestContext, case: Case) -> None:
    """ID-card pages and the redacted copy of a protected case (privacy; never stops the case)."""
    try:
        if mark_id_cards(case):
            apply_identity_policy(case, text_changed=False, id_card=True)
        if case.identity_protected:
            redact_case(ctx.store, case)
    except Exception:  # the copy is made again on first use
        log.exception("redacted copy of case %s failed", case.case_id)


def archival_key(image_key: str) -> str:
    """Where a page's copy at scan resolution is kept (archive documents): beside its screen copy."""
    return "archival/" + image_key.split("/", 1)[-1]


def kept_copy(ctx: IngestContext, page: Page) -> bytes | None:
    """The page at scan resolution, if it was kept (a file imported from an archive)."""
    try:
        return ctx.store.get(archival_key(page.image_key))
    except ObjectNotFound:
        return None


def _pdfa_metadata(case: Case | None, case_id: str) -> dict[str, str | None]:
    """What the stored copy says of itself; the box export (archive/package.py) writes the full TT 02/2019 set."""
    received = case.received_at if case is not None and case.received_at else None
    created = received.astimezone(LOCAL_TZ).isoformat() if received and received.tzinfo else None
    return {"title": f"Đơn thư {case_id}", "identifier": case_id, "language": "vi", "created": created}


def searchable_pdf(
    ctx: IngestContext, sha: str, case_id: str, pages: list[Page], case: Case | None = None
) -> str | None:
    """The petition's scans with an invisible text layer, stored for archivists as PDF/A-2b (ocr/pdfa.py); a
    historical case's pages at their scan resolution (kept at import), others at the screen copy's."""
    archival = case is not None and case.status in ARCHIVE_STATUSES
    specs = []
    for p in pages:
        if p.blank or not p.width:
            continue
        try:
            kept = kept_copy(ctx, p) if archival else None
            display = b"" if kept else ctx.store.get(p.image_key)
            specs.append(archival_spec(display, p.width, p.height, p.words or [], kept))
        except Exception:
            log.exception("page image %s missing for the searchable PDF", p.image_key)
            return None
    if not specs:
        return None
    key = f"searchable/{sha[:2]}/{sha}/{case_id}.pdf"
    try:
        data = build_pdf(specs)
        try:
            data = to_pdfa(data, _pdfa_metadata(case, case_id))
        except Exception:  # the searchable copy still serves; the box export makes its PDF/A again
            log.exception("PDF/A copy of %s failed; the plain searchable PDF is kept", case_id)
        ctx.store.put(key, data, "application/pdf")
    except Exception:  # the case matters more than its PDF copy; the PDF can be rebuilt
        log.exception("searchable PDF for %s failed", case_id)
        return None
    return key
