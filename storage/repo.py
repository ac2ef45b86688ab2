"""Reading and writing cases: the one place the pipeline, the CLI and the web app go through."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, func, or_, select, update
from sqlalchemy.orm import Session, defer, selectinload

from ..contract import EXPORT_EXTRAS, FIELD_COLUMNS
from .models import AuditLog, Case, CaseHistory, Document, LoginFailure, Page, UploadJob, utcnow

log = logging.getLogger("donthu.storage")


def case_number(case: Case) -> str:
    """The case's public number, from its receipt year and row id (set once the row has an id)."""
    year = (case.received_at or dt.datetime.now(dt.UTC)).year
    return f"DT-{year}-{case.id:06d}"


def _iso_date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def apply_extraction(case: Case, fields: dict, confidence: dict, extra: dict) -> None:
    comp = fields.get("complainant") or {}
    case.category = fields.get("category")
    case.domain = fields.get("domain")
    case.complainant_name = comp.get("name")
    case.complainant_address = comp.get("address")
    case.complainant_id_number = comp.get("id_number")
    case.complainant_phone = comp.get("phone")
    case.recipient = fields.get("recipient")
    case.respondent = fields.get("respondent")
    case.subject = fields.get("subject")
    case.petition_date = _iso_date(fields.get("petition_date"))
    anonymous = bool(fields.get("anonymous"))
    case.anonymous = anonymous
    count = fields.get("signatory_count")
    case.signatory_count = int(count) if count is not None else (0 if anonymous else 1)
    case.confidence = {k: round(float(v), 3) for k, v in (confidence or {}).items()}
    case.extra = dict(extra or {})


def add_case(db: Session, case: Case) -> Case:
    """Store a new case and give it its number (``DT-<year>-<id>``)."""
    db.add(case)
    db.flush()
    case.case_id = case_number(case)
    return case


def duplicate_candidates(
    db: Session, case: Case, content_ids: list[int], identity_limit: int = 500
) -> list[Case]:
    """Earlier cases of other documents that might repeat ``case``: those whose content resembles it
    (``content_ids``, from the signature index) and the same complainant's (same ID number or same name, the
    first ``identity_limit``)."""
    others: list[Case] = []
    if content_ids:
        others += db.scalars(
            select(Case).where(
                Case.id.in_(content_ids), Case.id != case.id, Case.document_id != case.document_id
            )
        ).all()
    conds = []
    if case.complainant_id_number:
        conds.append(Case.complainant_id_number == case.complainant_id_number)
    if case.complainant_name:
        conds.append(Case.complainant_name == case.complainant_name)
    if conds:
        seen = {o.id for o in others}
        others += [
            o
            for o in db.scalars(
                select(Case)
                .where(Case.id != case.id, Case.document_id != case.document_id, or_(*conds))
                .order_by(Case.id)
                .limit(identity_limit)
            )
            if o.id not in seen
        ]
    return others


def count_cases_upto(db: Session, last_id: int) -> int:
    return int(db.scalar(select(func.count(Case.id)).where(Case.id <= last_id)) or 0)


def case_ids_upto(db: Session, last_id: int) -> set[int]:
    return set(db.scalars(select(Case.id).where(Case.id <= last_id)))


def signatures_since(db: Session, after_id: int, below_id: int) -> list[tuple[int, Any]]:
    """(case id, extra) of the cases with ``after_id < id < below_id``, in id order (extra["minhash"])."""
    return [
        (int(cid), extra)
        for cid, extra in db.execute(
            select(Case.id, Case.extra).where(Case.id > after_id, Case.id < below_id).order_by(Case.id)
        ).all()
    ]


def signatures_of(db: Session, ids: list[int]) -> list[tuple[int, Any]]:
    """(case id, extra) of these cases."""
    return [(int(c), e) for c, e in db.execute(select(Case.id, Case.extra).where(Case.id.in_(ids))).all()]


def case_texts(db: Session, ids: list[int]) -> list[tuple[int, str | None]]:
    return [(int(c), t) for c, t in db.execute(select(Case.id, Case.text).where(Case.id.in_(ids))).all()]


def case_fields(case: Case) -> dict[str, Any]:
    """The case's contract fields, shaped like the extractor's (complainant grouped): the export's and the
    verifier's truth for ``donthu models retrain``."""
    return {
        "category": case.category,
        "domain": case.domain,
        "complainant": {
            "name": case.complainant_name,
            "address": case.complainant_address,
            "id_number": case.complainant_id_number,
            "phone": case.complainant_phone,
        },
        "recipient": case.recipient,
        "respondent": case.respondent,
        "subject": case.subject,
        "petition_date": case.petition_date.isoformat() if case.petition_date else None,
        "signatory_count": case.signatory_count,
        "anonymous": bool(case.anonymous),
    }


def case_to_export(case: Case, doc: Document | None = None) -> dict[str, Any]:
    """One case in the export contract (README "Export contract"; normalized extras under their own keys)."""
    doc = doc or case.document
    extra = dict(case.extra or {})
    extra.pop("spans", None)
    out: dict[str, Any] = {
        "case_id": case.case_id,
        "source_file": doc.original_name if doc else None,
        "source_pages": list(case.source_pages or []),
        "status": case.status,
        **case_fields(case),
        "duplicate_of": case.duplicate_of,
        "text": case.text,
        "confidence": dict(case.confidence or {}),
        "received_at": _utc_iso(case.received_at),
        "source_sha256": doc.sha256 if doc else None,
    }
    for key in EXPORT_EXTRAS:
        if key in extra:
            out[key] = extra[key]
    if case.verified_by:  # who approved it in the verification station, and when (UTC)
        out["verified_by"], out["verified_at"] = case.verified_by, _utc_iso(case.verified_at)
    if case.status == "returned" and case.return_reason:
        out["return_reason"] = case.return_reason
    return out


def _utc_iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def iter_cases(db: Session, status: str | None = None) -> Iterator[Case]:
    q = select(Case).order_by(Case.id)
    if status:
        q = q.where(Case.status == status)
    yield from db.scalars(q.execution_options(yield_per=200))


def list_cases(
    db: Session,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
    q: str | None = None,
    identity_cleared: bool = False,
    where: Any = None,
) -> tuple[list[Case], int]:
    """Cases oldest first, with their total; ``where`` narrows them further (the caller's units)."""
    stmt = select(Case)
    count = select(func.count(Case.id))
    if where is not None:
        stmt, count = stmt.where(where), count.where(where)
    if status:
        stmt = stmt.where(Case.status == status)
        count = count.where(Case.status == status)
    cond = search_condition(q, identity_cleared)
    if cond is not None:
        stmt = stmt.where(cond)
        count = count.where(cond)
    rows = list(db.scalars(stmt.order_by(Case.received_at, Case.id).limit(limit).offset(offset)))
    return rows, int(db.scalar(count) or 0)


def get_case(db: Session, case_id: str) -> Case | None:
    return db.scalar(select(Case).where(Case.case_id == case_id))


def case_pages(db: Session, case: Case) -> list[Page]:
    nos = list(case.source_pages or [])
    if not nos:
        return []
    return list(
        db.scalars(
            select(Page)
            .where(Page.document_id == case.document_id, Page.page_no.in_(nos))
            .order_by(Page.page_no)
        )
    )


def list_documents(db: Session, status: str | None = None, limit: int = 200) -> list[Document]:
    stmt = select(Document).order_by(Document.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(Document.status == status)
    return list(db.scalars(stmt))


def get_document(db: Session, doc_id: int) -> Document | None:
    return db.get(Document, doc_id)


def pages_read(db: Session, doc_ids: list[int]) -> dict[int, int]:
    """Pages stored so far for each document."""
    if not doc_ids:
        return {}
    rows = db.execute(
        select(Page.document_id, func.count(Page.id))
        .where(Page.document_id.in_(doc_ids))
        .group_by(Page.document_id)
    ).all()
    return {int(d): int(n) for d, n in rows}


def audit(db: Session, actor: str, action: str, case_id: str | None = None, **detail: Any) -> None:
    db.add(AuditLog(actor=actor, action=action, case_id=case_id, detail=detail))


def counts(db: Session) -> dict[str, int]:
    rows = db.execute(select(Case.status, func.count(Case.id)).group_by(Case.status)).all()
    out = {s: int(n) for s, n in rows}
    out["documents_failed"] = int(
        db.scalar(select(func.count(Document.id)).where(Document.status == "failed")) or 0
    )
    return out


def metrics(db: Session) -> dict[str, Any]:
    """Figures for /metrics, computed at scrape time: pages read, OCR seconds, queue depth, failures."""
    pages, seconds = db.execute(
        select(func.count(Page.id), func.coalesce(func.sum(Page.ocr_seconds), 0.0))
    ).one()
    docs = dict(db.execute(select(Document.status, func.count(Document.id)).group_by(Document.status)).all())
    cases = dict(db.execute(select(Case.status, func.count(Case.id)).group_by(Case.status)).all())
    return {
        "pages_processed": int(pages or 0),
        "ocr_seconds": float(seconds or 0.0),
        "cases_pending_verification": int(cases.get("pending_verification", 0)),
        "documents_processing": int(docs.get("processing", 0)),
        "documents_failed": int(docs.get("failed", 0)),
        "documents_done": int(docs.get("done", 0)),
        "cases_by_status": {str(k): int(v) for k, v in cases.items()},
    }


# ------------------------------------------------------------------------------------------ verification station

LOCK_MINUTES = 15


def history_text(value: Any) -> str | None:
    """A field value as kept in the history table."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def field_value(case: Case, field: str) -> Any:
    return getattr(case, FIELD_COLUMNS[field])


def _queue_filters(
    category: str | None, domain: str | None, low_below: float | None, where: Any = None
) -> list:
    """The queue's filters, shared by the queue listing and the next-case claim (``where``: the caller's units)."""
    conds = [] if where is None else [where]
    conds += [Case.category == category] if category else []
    conds += [Case.domain == domain] if domain else []
    conds += [Case.min_confidence < low_below] if low_below is not None else []
    return conds


def search_condition(q: str | None, identity_cleared: bool) -> Any:
    """What a search box matches: case number, subject, and the complainant's name only where the searcher may
    see it (privacy/policy.py: a protected case's identity never matches for an uncleared role). ``%`` and
    ``_`` are literal characters, not wildcards. None when there is nothing to search for."""
    q = (q or "").replace("\x00", "").strip()[:200]
    if not q:
        return None
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    name: ColumnElement[bool] = Case.complainant_name.ilike(pattern, escape="\\")
    if not identity_cleared:
        name = and_(Case.identity_protected.is_(False), name)
    return or_(Case.case_id.ilike(pattern, escape="\\"), name, Case.subject.ilike(pattern, escape="\\"))


def queue_cases(
    db: Session,
    status: str | None = "pending_verification",
    category: str | None = None,
    domain: str | None = None,
    low_below: float | None = None,
    received_before: dt.datetime | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    identity_cleared: bool = False,
    where: Any = None,
) -> tuple[list[Case], int]:
    """The queue: cases in deadline order (= receipt order, see api/deadlines.py), with their documents.

    The full text and the extraction extras are not loaded (the queue does not show them).
    """
    conds = []
    if status:
        conds.append(Case.status == status)
    conds += _queue_filters(category, domain, low_below, where)
    if received_before is not None:
        conds.append(Case.received_at < received_before)
    found = search_condition(q, identity_cleared)
    if found is not None:
        conds.append(found)
    stmt = (
        select(Case)
        .where(*conds)
        .options(defer(Case.text), defer(Case.extra), defer(Case.confidence), selectinload(Case.document))
        .order_by(Case.received_at, Case.id)
        .limit(limit)
        .offset(offset)
    )
    total = db.scalar(select(func.count(Case.id)).where(*conds)) or 0
    return list(db.scalars(stmt)), int(total)


def lock_holder(case: Case, now: dt.datetime | None = None) -> str | None:
    """Who holds the case's lock now (None when free or expired)."""
    now = now or utcnow()
    until = case.locked_until
    if not case.locked_by or until is None:
        return None
    if until.tzinfo is None:
        until = until.replace(tzinfo=dt.UTC)
    return case.locked_by if until > now else None


def claim_case(db: Session, case: Case, actor: str, minutes: int = LOCK_MINUTES) -> bool:
    """Take or extend the lock on ``case`` for ``actor``; False when someone else holds a live lock.

    One conditional UPDATE: of two verifiers claiming at once, exactly one wins on SQLite and PostgreSQL.
    """
    now = utcnow()
    until = now + dt.timedelta(minutes=minutes)
    res = db.execute(
        update(Case)
        .where(
            Case.id == case.id,
            or_(
                Case.locked_by.is_(None),
                Case.locked_by == actor,
                Case.locked_until.is_(None),
                Case.locked_until < now,
            ),
        )
        .values(locked_by=actor, locked_until=until, updated_at=Case.updated_at)
        .execution_options(synchronize_session=False)
    )
    ok = cast("CursorResult[Any]", res).rowcount == 1  # an UPDATE's result is a CursorResult
    db.refresh(case, ["locked_by", "locked_until"])
    return ok


def release_case(db: Session, case: Case, actor: str) -> None:
    db.execute(
        update(Case)
        .where(Case.id == case.id, Case.locked_by == actor)
        .values(locked_by=None, locked_until=None, updated_at=Case.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.refresh(case, ["locked_by", "locked_until"])


def next_case(
    db: Session,
    actor: str,
    exclude: str | None = None,
    category: str | None = None,
    domain: str | None = None,
    low_below: float | None = None,
    claim: bool = True,
    where: Any = None,
    status: str = "pending_verification",  # archive_review: the historical cases of a sample (issue 15)
) -> Case | None:
    """The next pending case in deadline order that nobody else is working on (claimed for ``actor``)."""
    now = utcnow()
    conds = [
        Case.status == status,
        or_(
            Case.locked_by.is_(None),
            Case.locked_by == actor,
            Case.locked_until.is_(None),
            Case.locked_until < now,
        ),
    ]
    if exclude:
        conds.append(Case.case_id != exclude)
    conds += _queue_filters(category, domain, low_below, where)
    stmt = select(Case).where(*conds).order_by(Case.received_at, Case.id).limit(5)
    for _attempt in range(5):  # another verifier may take a candidate between the SELECT and the claim
        for case in db.scalars(stmt):
            if not claim or claim_case(db, case, actor):
                return case
    return None


def _add_history(db: Session, case: Case, field: str, old: Any, new: Any, actor: str) -> CaseHistory:
    row = CaseHistory(
        case_id=case.case_id or str(case.id),
        field=field,
        old_value=history_text(old),
        new_value=history_text(new),
        actor=actor,
    )
    db.add(row)
    return row


def set_case_field(db: Session, case: Case, field: str, value: Any, actor: str) -> bool:
    """Store a verified value (already parsed) and its history row; False when nothing changed."""
    if field not in FIELD_COLUMNS:
        raise KeyError(field)
    old = field_value(case, field)
    if history_text(old) == history_text(value):
        return False
    setattr(case, FIELD_COLUMNS[field], value)
    if (
        field == "category" and value == "to_cao"
    ):  # a confirmation that it is not a denunciation no longer holds
        case.identity_released_by, case.identity_released_at = None, None
    _add_history(db, case, field, old, value, actor)
    db.flush()
    return True


def approve_case(db: Session, case: Case, actor: str) -> None:
    """Approve a verified case. Only roles cleared for a denouncer's identity approve (api/permissions.EDITORS), so
    approving a case whose category is not tố cáo is the confirmation the identity policy waits for."""
    _add_history(db, case, "status", case.status, "verified", actor)
    case.status = "verified"
    case.verified_by, case.verified_at = actor, utcnow()
    if case.category and case.category != "to_cao":
        if not case.identity_released_by:
            _add_history(db, case, "identity_released", None, actor, actor)
        case.identity_released_by, case.identity_released_at = actor, utcnow()
    else:
        case.identity_released_by, case.identity_released_at = None, None
    case.locked_by, case.locked_until = None, None
    db.flush()


def return_case(db: Session, case: Case, actor: str, reason: str) -> None:
    _add_history(db, case, "status", case.status, "returned", actor)
    _add_history(db, case, "return_reason", case.return_reason, reason, actor)
    case.status = "returned"
    case.returned_by, case.returned_at, case.return_reason = actor, utcnow(), reason
    case.locked_by, case.locked_until = None, None
    db.flush()


def case_history(db: Session, case_id: str, limit: int = 500) -> list[CaseHistory]:
    return list(
        db.scalars(
            select(CaseHistory)
            .where(CaseHistory.case_id == case_id)
            .order_by(CaseHistory.at.desc(), CaseHistory.id.desc())
            .limit(limit)
        )
    )


# ------------------------------------------------------------------------------------------ reception uploads


def create_upload_job(db: Session, actor: str, filename: str, path: str, size: int) -> UploadJob:
    job = UploadJob(actor=actor, filename=filename, path=path, size=size, status="queued", case_ids=[])
    db.add(job)
    db.flush()
    return job


def get_upload_job(db: Session, job_id: int) -> UploadJob | None:
    return db.get(UploadJob, job_id)


def list_upload_jobs(
    db: Session, actor: str | None = None, ids: list[int] | None = None, limit: int = 100
) -> list[UploadJob]:
    stmt = select(UploadJob).order_by(UploadJob.id.desc()).limit(limit)
    if actor:
        stmt = stmt.where(UploadJob.actor == actor)
    if ids:
        stmt = stmt.where(UploadJob.id.in_(ids))
    return list(db.scalars(stmt))


def unfinished_upload_jobs(db: Session) -> list[UploadJob]:
    return list(
        db.scalars(
            select(UploadJob).where(UploadJob.status.in_(("queued", "processing"))).order_by(UploadJob.id)
        )
    )


def update_upload_job(db: Session, job_id: int, **values: Any) -> None:
    job = db.get(UploadJob, job_id)
    if job is None:
        return
    for key, value in values.items():
        setattr(job, key, value)
    db.flush()


def cases_by_ids(db: Session, case_ids: list[str]) -> list[Case]:
    if not case_ids:
        return []
    rows = {c.case_id: c for c in db.scalars(select(Case).where(Case.case_id.in_(case_ids)))}
    return [rows[c] for c in case_ids if c in rows]


# ------------------------------------------------------------------------------------------ login rate limit


def record_login_failure(db: Session, username: str, ip: str) -> None:
    db.add(LoginFailure(username=username[:100], ip=ip[:64]))


def login_failures_since(db: Session, username: str, ip: str, since: dt.datetime) -> int:
    return int(
        db.scalar(
            select(func.count(LoginFailure.id)).where(
                LoginFailure.username == username[:100], LoginFailure.ip == ip[:64], LoginFailure.at >= since
            )
        )
        or 0
    )


def clear_login_failures(db: Session, username: str, ip: str) -> None:
    from sqlalchemy import delete

    db.execute(
        delete(LoginFailure).where(LoginFailure.username == username[:100], LoginFailure.ip == ip[:64])
    )


# ------------------------------------------------------------------------------------------ station gaps (issue 13)
def add_case_history(db: Session, case: Case, field: str, old: Any, new: Any, actor: str) -> None:
    """One row of the field history: a verifier's confirmation (same old and new value), a rescan's re-read."""
    _add_history(db, case, field, old, new, actor)
    db.flush()


def reopen_case(db: Session, case: Case, actor: str, reason: str) -> None:
    """A verified case back to verification (a supervisor's decision; the reason goes to the history)."""
    _add_history(db, case, "status", case.status, "pending_verification", actor)
    _add_history(db, case, "reopen_reason", None, reason, actor)
    case.status, case.handling_stage = "pending_verification", None
    case.verified_by, case.verified_at = None, None
    case.locked_by, case.locked_until = None, None
    db.flush()
