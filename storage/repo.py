"""Reading and writing cases: the one place the pipeline, the CLI and the web app go through."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .models import AuditLog, Case, Document, Page

log = logging.getLogger("donthu.storage")

CASE_FIELDS = ["category", "domain", "recipient", "respondent", "subject", "petition_date", "signatory_count",
               "anonymous"]
COMPLAINANT_FIELDS = ["name", "address", "id_number", "phone"]


def _case_number(case: Case) -> str:
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


def new_case(db: Session, doc: Document, pages: list[int], text: str, manual: bool = False) -> Case:
    """Create one case from a petition's pages: extract its fields and link it to an earlier duplicate."""
    from ..nlp.duplicates import find_duplicate
    from ..nlp.extract import extract_fields

    case = Case(document_id=doc.id, source_pages=list(pages), text=text, status="pending_verification",
                received_at=dt.datetime.now(dt.UTC))
    try:
        ex = extract_fields(text)
        apply_extraction(case, ex.fields, ex.confidence, {**ex.extra, "spans": ex.spans})
    except Exception as exc:  # a petition whose text defeats the extractor is still a case
        log.exception("field extraction failed for %s pages %s", doc.original_name, pages)
        case.extra = {"extraction_error": repr(exc)}
        case.signatory_count = 1
    if manual or not text.strip():
        case.extra = {**(case.extra or {}), "needs_manual": True}
    db.add(case)
    db.flush()
    case.case_id = _case_number(case)
    dup = find_duplicate(db, case)
    if dup is not None:
        case.duplicate_of = dup
    db.flush()
    return case


def case_to_export(case: Case, doc: Document | None = None) -> dict[str, Any]:
    """One case in the export contract of BRIEF §8 (plus normalized extras under their own keys)."""
    doc = doc or case.document
    extra = dict(case.extra or {})
    extra.pop("spans", None)
    out: dict[str, Any] = {
        "case_id": case.case_id,
        "source_file": doc.original_name if doc else None,
        "source_pages": list(case.source_pages or []),
        "status": case.status,
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
        "duplicate_of": case.duplicate_of,
        "text": case.text,
        "confidence": dict(case.confidence or {}),
        "received_at": _utc_iso(case.received_at),
        "source_sha256": doc.sha256 if doc else None,
    }
    for key in ("id_digits", "id_type", "phone_digits", "place", "address_current", "signers", "attachments",
                "title", "needs_manual"):
        if key in extra:
            out[key] = extra[key]
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


def list_cases(db: Session, status: str | None = None, limit: int = 100, offset: int = 0,
               q: str | None = None) -> tuple[list[Case], int]:
    stmt = select(Case)
    count = select(func.count(Case.id))
    if status:
        stmt = stmt.where(Case.status == status)
        count = count.where(Case.status == status)
    if q:
        like = f"%{q}%"
        cond = or_(Case.case_id.ilike(like), Case.complainant_name.ilike(like), Case.subject.ilike(like))
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
    return list(db.scalars(select(Page).where(Page.document_id == case.document_id, Page.page_no.in_(nos))
                           .order_by(Page.page_no)))


def get_page(db: Session, page_id: int) -> Page | None:
    return db.get(Page, page_id)


def list_documents(db: Session, status: str | None = None, limit: int = 200) -> list[Document]:
    stmt = select(Document).order_by(Document.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(Document.status == status)
    return list(db.scalars(stmt))


def audit(db: Session, actor: str, action: str, case_id: str | None = None, **detail: Any) -> None:
    db.add(AuditLog(actor=actor, action=action, case_id=case_id, detail=detail))


def counts(db: Session) -> dict[str, int]:
    rows = db.execute(select(Case.status, func.count(Case.id)).group_by(Case.status)).all()
    out = {s: int(n) for s, n in rows}
    out["documents_failed"] = int(db.scalar(select(func.count(Document.id)).where(Document.status == "failed"))
                                  or 0)
    return out
