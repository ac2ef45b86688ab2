"""A returned case's rescanned pages, attached at the reception desk (issue 13): the case keeps its number.

The new file goes through the ingest stages like any upload (``ingest/stages.py``: the original stored by its
hash, a document row, every page read — OCR or text layer — and stored), but no petition is split from it:
:func:`attach` points the case at the new document's pages, which replace the old ones for reading (the old
document and its pages stay, for the record). The fields are read again from the new text, except the ones a
person entered in the station (a field-history row of a verifiable field: never overwritten); the case goes back
to verification; the history (``rescan``, ``rescan:<field>`` and ``status`` rows) and the audit log record it.

The pages are read in this process whatever ``DONTHU_QUEUE`` says (a rescan is a few pages; the Celery workers
would finalise the document into new cases). No HTTP here: the route is ``routes/reception.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import Settings
from ..contract import FIELD_COLUMNS
from ..ingest.reports import FileReport
from ..storage import repo
from ..storage.models import Case, CaseHistory, Document, Page, UploadJob
from .edits import update_extras
from .permissions import sees_all_uploads
from .verification import RESCAN_PREFIX, Refused, nfc

log = logging.getLogger("donthu.api.rescans")

# extras that describe the old pages and their text (made again from the new ones)
_PAGE_EXTRAS = (
    "spans",
    "sources",
    "searchable_pdf",
    "needs_manual",
    "extraction_error",
    "denunciation_probability",
)
_NORMALIZED = ("id_number", "phone", "address")  # fields with normalized extras (api/edits.update_extras)


# ---------------------------------------------------------------------------------------------- who sees what
def returned_cases(db: Session, user: Any, limit: int = 200) -> list[Case]:
    """The returned cases waiting for the desk: a clerk's own uploads (an admin: all), latest return first."""
    cases = list(
        db.scalars(
            select(Case).where(Case.status == "returned").order_by(Case.returned_at.desc()).limit(limit)
        )
    )
    if sees_all_uploads(user) or not cases:
        return cases
    mine: set[str] = set()
    for ids in db.scalars(select(UploadJob.case_ids).where(UploadJob.actor == user.username)):
        mine.update(str(i) for i in ids or [])
    return [c for c in cases if c.case_id in mine]


# ---------------------------------------------------------------------------------------------- reading
def pages_only_pipeline(settings: Settings, store: Any) -> Any:
    """A pipeline that registers the file and reads its pages into a document row, without splitting petitions
    from it (imported on first use: the stages load the extractor, which the app's start-up does not need)."""
    from ..ingest import stages
    from ..ingest.context import RunState
    from ..ingest.local import read_pages
    from ..ingest.pipeline import Pipeline

    class PagesOnly(Pipeline):
        read_docs: list[int] = []

        def read_and_finish(self, run: RunState) -> None:
            self.read_docs = []
            for doc_id, reg in run.pending.items():
                tasks = stages.page_tasks(self.ctx, reg)
                self.progress.add_total(len(tasks))
                failed = None
                for out in read_pages(tasks, 1):
                    if out.error:
                        failed = failed or out
                    else:
                        stages.save_page(self.ctx, out, reg.sha)
                        run.summary.pages_read += 1
                    self.progress.advance(1)
                if failed is not None:
                    stages.fail(self.ctx, doc_id, failed.error or "", failed.error_detail or "")
                    reg.report.status, reg.report.reason = "failed", failed.error
                    continue
                run.completed.add(doc_id)
                self.read_docs.append(doc_id)

    return PagesOnly(settings, store=store, workers=1)


@dataclass
class Read:
    doc_id: int | None
    report: FileReport


def read_file(settings: Settings, store: Any, path: Path) -> Read:
    """Store and read one rescanned file (raises ``ingest.errors.ServiceDown`` on an outage)."""
    pipe = pages_only_pipeline(settings, store)
    summary = pipe.run([path], retry_failed=True)
    report = summary.files[0] if summary.files else FileReport(name=path.name, status="failed")
    doc_id = pipe.read_docs[0] if pipe.read_docs else None
    return Read(doc_id, report)


def refusal(case: Case, report: FileReport) -> Refused:
    """Why a file read for a rescan cannot be attached, as the desk shows it."""
    if report.status == "already":
        if case.case_id in report.case_ids:
            return Refused(
                409, "Tệp này chính là bản quét đang có của hồ sơ; hãy quét lại rõ hơn rồi tải lên."
            )
        known = ", ".join(report.case_ids) or "không tạo được hồ sơ"
        return Refused(409, f"Tệp này đã được tiếp nhận trước đây ({known}).")
    return Refused(422, report.reason or "Không đọc được tệp.")


# ---------------------------------------------------------------------------------------------- attaching
def person_entered(db: Session, case_id: str) -> set[str]:
    """Verifiable fields a person changed in the station (their values are never overwritten by a re-read)."""
    rows = db.execute(
        select(CaseHistory.field, CaseHistory.old_value, CaseHistory.new_value).where(
            CaseHistory.case_id == case_id, CaseHistory.field.in_(list(FIELD_COLUMNS))
        )
    )
    return {f for f, old, new in rows if old != new}


def _extract(text: str) -> tuple[Case | None, dict[str, Any]]:
    """The fields read from ``text`` on a scratch case (never added to the session), and the new extras; no
    case when nothing could be read (the values then stay as they were)."""
    from ..nlp.classify import denunciation_probability
    from ..nlp.extract import extract_fields

    if not text.strip():
        return None, {}
    scratch = Case()
    try:
        ex = extract_fields(text)
        repo.apply_extraction(scratch, ex.fields, ex.confidence, {**ex.extra, "spans": ex.spans})
        extra = dict(scratch.extra or {})
    except Exception as exc:  # a text that defeats the extractor
        log.exception("field extraction failed on a rescan")
        return None, {"extraction_error": repr(exc)}
    try:
        p = denunciation_probability(text)
        if p is not None:
            extra["denunciation_probability"] = p
    except Exception:  # the identity policy fails closed on its other signals
        log.exception("denunciation model failed on a rescan")
    return scratch, extra


def _reread(db: Session, case: Case, scratch: Case | None, kept: set[str], actor: str) -> list[str]:
    """Take the re-read values of the fields no person entered; their confidence follows. The changed ones."""
    if scratch is None:
        return []
    conf = dict(case.confidence or {})
    changed = []
    for key, column in FIELD_COLUMNS.items():
        if key in kept:
            continue
        if key in (scratch.confidence or {}):
            conf[key] = scratch.confidence[key]
        else:
            conf.pop(key, None)
        old, new = getattr(case, column), getattr(scratch, column)
        if repo.history_text(old) != repo.history_text(new):
            setattr(case, column, new)
            repo.add_case_history(db, case, RESCAN_PREFIX + key, old, new, actor)
            changed.append(key)
    case.confidence = conf
    return changed


def attach(db: Session, ctx: Any, case: Case, doc_id: int, actor: str) -> dict[str, Any]:
    """The read document's pages become the case's; fields re-read (a person's values kept); back to
    verification. ``ctx``: the ingest context (settings and store) for the redacted copy and the PDF."""
    doc = db.get(Document, doc_id)
    if doc is None:
        raise Refused(422, "Không đọc được tệp.")
    pages = list(db.scalars(select(Page).where(Page.document_id == doc_id).order_by(Page.page_no)))
    used = [p for p in pages if not p.blank] or pages
    text = nfc("\n".join(p.text for p in used if p.text))
    kept = person_entered(db, case.case_id or "")
    scratch, new_extra = _extract(text)
    old_place = f"tài liệu {case.document_id}, trang {', '.join(str(n) for n in case.source_pages or [])}"
    changed = _reread(db, case, scratch, kept, actor)
    if case.identity_released_by:  # the confirmation was about the old text: asked again at approval
        repo.add_case_history(db, case, "identity_released", case.identity_released_by, None, actor)
        case.identity_released_by, case.identity_released_at = None, None
    extra = {k: v for k, v in (case.extra or {}).items() if k not in _PAGE_EXTRAS}
    for key, value in new_extra.items():
        if key != "spans":
            extra[key] = value
    extra["spans"] = {k: v for k, v in (new_extra.get("spans") or {}).items() if k not in kept}
    if any(p.needs_manual for p in used) or not text.strip():
        extra["needs_manual"] = True
    record: dict[str, Any] = {
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "by": actor,
        "document_id": doc_id,
        "pages": [p.page_no for p in used],
        "reread": changed,
        "kept": sorted(kept),
    }
    extra["rescans"] = [*(extra.get("rescans") or []), record][-20:]
    case.extra = extra
    for key in kept & set(_NORMALIZED):  # the normalized extras of a person's value, not of the re-read one
        update_extras(case, key, repo.field_value(case, key))
    new_place = f"tài liệu {doc_id}, trang {', '.join(str(n) for n in record['pages'])}"
    repo.add_case_history(db, case, "rescan", old_place, new_place, actor)
    repo.add_case_history(db, case, "status", case.status, "pending_verification", actor)
    case.document, case.source_pages, case.text = doc, list(record["pages"]), text
    case.status, case.locked_by, case.locked_until = "pending_verification", None, None
    doc.status, doc.error, doc.error_detail = "done", None, None
    db.flush()  # the identity policy runs on the new text (storage/models.py)
    _copies(ctx, case, doc, used)
    return record


def _copies(ctx: Any, case: Case, doc: Document, pages: list[Page]) -> None:
    """The redacted copy (a protected case) and the searchable PDF, from the new pages."""
    from ..ingest import stages

    stages.protect(ctx, case)
    key = stages.searchable_pdf(ctx, doc.sha256, case.case_id or str(case.id), pages)
    if key:
        case.extra = {**(case.extra or {}), "searchable_pdf": key}
