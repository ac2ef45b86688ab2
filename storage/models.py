"""Database models (SQLAlchemy 2). Schema changes go through Alembic migrations in storage/migrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..contract import VERIFIABLE_FIELDS


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Document(Base):
    """One ingested file, stored by content hash. A file's bytes are ingested at most once."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    original_name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100))
    object_key: Mapped[str] = mapped_column(String(300))
    # processing | done | failed
    status: Mapped[str] = mapped_column(String(20), index=True, default="processing")
    error: Mapped[str | None] = mapped_column(Text)  # reason, worded for a reception clerk (Vietnamese)
    error_detail: Mapped[str | None] = mapped_column(Text)  # technical detail for the administrator
    page_count: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    pages: Mapped[list[Page]] = relationship(back_populates="document", order_by="Page.page_no")
    cases: Mapped[list[Case]] = relationship(back_populates="document", order_by="Case.id")


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "page_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    page_no: Mapped[int] = mapped_column(Integer)  # 1-based page of the source file
    source: Mapped[str] = mapped_column(String(20))  # ocr | text_layer
    rotation: Mapped[int] = mapped_column(Integer, default=0)  # degrees applied to read the page upright
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    image_key: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    # words: [[text, left, top, width, height, conf, block, par, line], ...] in image_key pixel coordinates
    words: Mapped[list[Any]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    # OCR post-correction changes: [{"index", "old", "new", "confidence", "kind"}], index into words
    corrections: Mapped[list[Any]] = mapped_column(JSON, default=list)
    blank: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_manual: Mapped[bool] = mapped_column(Boolean, default=False)
    ocr_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # redacted copy for roles not cleared for a denouncer's identity (migration 0004, privacy/redact/):
    # the page image with identity and signature masked, the text with them removed, and the boxes masked
    # {"boxes": [[l, t, w, h, reason]], "reviewed_by", "reviewed_at", "made_at"}
    redacted_image_key: Mapped[str | None] = mapped_column(String(300))
    redacted_text: Mapped[str | None] = mapped_column(Text)
    redaction: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    id_card: Mapped[bool] = mapped_column(Boolean, default=False)  # a copy of a CCCD/CMND (sensitive data)

    document: Mapped[Document] = relationship(back_populates="pages")


class Case(Base):
    """One petition: a run of pages of one document, with the fields of the export contract."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    source_pages: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(30), index=True, default="pending_verification")
    category: Mapped[str | None] = mapped_column(String(20), index=True)
    domain: Mapped[str | None] = mapped_column(String(20), index=True)
    complainant_name: Mapped[str | None] = mapped_column(String(300))
    complainant_address: Mapped[str | None] = mapped_column(Text)
    complainant_id_number: Mapped[str | None] = mapped_column(String(40))
    complainant_phone: Mapped[str | None] = mapped_column(String(40))
    recipient: Mapped[str | None] = mapped_column(Text)
    respondent: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    petition_date: Mapped[dt.date | None] = mapped_column(Date)
    signatory_count: Mapped[int] = mapped_column(Integer, default=1)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    duplicate_of: Mapped[str | None] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # verification station (migration 0003)
    # lowest confidence over the verifiable fields (0 when the page needs manual entry): the queue's filter
    min_confidence: Mapped[float | None] = mapped_column(Float)
    # claim/lock: one verifier at a time; the lock expires at locked_until (UTC)
    locked_by: Mapped[str | None] = mapped_column(String(80))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by: Mapped[str | None] = mapped_column(String(80))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    returned_by: Mapped[str | None] = mapped_column(String(80))
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    return_reason: Mapped[str | None] = mapped_column(Text)
    # identity protection (migration 0004, policy in privacy/policy.py): True = the complainant's identity, page
    # images, text and words are shown only to roles cleared for a denouncer's identity. Fail closed: set
    # unless the policy is sure the case is not a denunciation or a cleared person has confirmed it.
    identity_protected: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    identity_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)  # why it is protected
    identity_released_by: Mapped[str | None] = mapped_column(String(80))  # cleared person who confirmed
    identity_released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # handling after verification (migration 0007, handling/): the unit that holds the case (a code of the units
    # tree), where it stands (contract.STAGES; NULL until verified), the officer assigned to resolve it, and,
    # once a protected case has been forwarded to another unit, the unit whose cleared staff may still see the
    # denouncer's identity (the receiving unit gets the redacted copy: Luật Tố cáo art. 8, 56)
    unit_code: Mapped[str | None] = mapped_column(String(40), index=True)
    handling_stage: Mapped[str | None] = mapped_column(String(20), index=True)
    assigned_to: Mapped[str | None] = mapped_column(String(80), index=True)
    identity_unit: Mapped[str | None] = mapped_column(String(40))
    # archive import (migration 0012, archive/): the batch a historical case came in with and its box; the rest of
    # its provenance (folder, original path, sequence, note, manifest columns, where the received date came from)
    # is in extra["archive"]
    archive_batch_id: Mapped[int | None] = mapped_column(Integer, index=True)
    archive_box: Mapped[str | None] = mapped_column(String(100), index=True)

    document: Mapped[Document] = relationship(back_populates="cases")

    # the queue: WHERE status = ? ORDER BY received_at, id
    __table_args__ = (Index("ix_cases_status_received", "status", "received_at", "id"),)


def lowest_confidence(confidence: dict[str, Any] | None, extra: dict[str, Any] | None) -> float | None:
    if (extra or {}).get("needs_manual"):
        return 0.0
    values = []
    for key in VERIFIABLE_FIELDS:  # the fields a verifier checks (contract.py)
        try:
            values.append(float((confidence or {})[key]))
        except (KeyError, TypeError, ValueError):
            continue
    return min(values) if values else None


@event.listens_for(Case, "before_insert")
@event.listens_for(Case, "before_update")
def _case_min_confidence(_mapper, _conn, case: Case) -> None:
    case.min_confidence = lowest_confidence(case.confidence, case.extra)


_POLICY_INPUTS = ("category", "confidence", "text", "extra", "identity_released_by")


@event.listens_for(Case, "before_insert")
def _case_identity_on_insert(_mapper, _conn, case: Case) -> None:
    _apply_identity_policy(case, text_changed=True)


@event.listens_for(Case, "before_update")
def _case_identity_on_update(_mapper, _conn, case: Case) -> None:
    state = inspect(case)
    changed = {name for name in _POLICY_INPUTS if state.attrs[name].history.has_changes()}
    if changed:
        _apply_identity_policy(case, text_changed="text" in changed)


def _apply_identity_policy(case: Case, text_changed: bool, id_card: bool | None = None) -> None:
    """Every write of a case goes through the one identity policy (privacy/policy.py); fails closed."""
    from ..privacy.policy import assess_case

    result = assess_case(case, text_changed=text_changed, id_card=id_card)
    case.identity_protected = result.protected
    case.identity_reasons = list(result.reasons)


apply_identity_policy = _apply_identity_policy  # for callers that learn more (an ID-card page)


class ArchiveBatch(Base):
    """One archive import (a box or a folder of boxes, from ``donthu ingest --archive`` or the archivist's page):
    its progress, the files skipped as not documents, the manifest rows with no file, and its quality control
    (``qc``: the sampling plan, the sample drawn, the estimate and the decision; archive/qc.py)."""

    __tablename__ = "archive_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    unit_code: Mapped[str | None] = mapped_column(String(40), index=True)
    agency: Mapped[str] = mapped_column(Text, default="")  # the source agency (cơ quan nộp lưu / phông)
    manifest_name: Mapped[str] = mapped_column(String(500), default="")
    # importing | done | failed (the whole batch could not run) | stopped (an outage; the same import resumes)
    status: Mapped[str] = mapped_column(String(20), index=True, default="importing")
    files_total: Mapped[int] = mapped_column(Integer, default=0)
    files_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"path", "reason"}]: not documents
    missing: Mapped[list[Any]] = mapped_column(JSON, default=list)  # manifest rows whose file is not there
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    qc: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ArchiveItem(Base):
    """One file of an archive batch and where it came from. Two files of the same name in different boxes are two
    items; the same bytes filed twice are one document with two items (both provenances kept)."""

    __tablename__ = "archive_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("archive_batches.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    path: Mapped[str] = mapped_column(
        String(1000)
    )  # relative to the imported folder (or the zip), "/"-separated
    box: Mapped[str] = mapped_column(String(100), default="", index=True)  # hộp
    folder: Mapped[str] = mapped_column(String(200), default="")  # hồ sơ / cặp
    sequence: Mapped[int] = mapped_column(
        Integer, default=0
    )  # order in the batch (manifest row or walk order)
    received_date: Mapped[dt.date | None] = mapped_column(Date)
    date_source: Mapped[str] = mapped_column(String(20), default="")  # contract.DATE_SOURCE_LABELS or ""
    note: Mapped[str] = mapped_column(Text, default="")
    agency: Mapped[str] = mapped_column(Text, default="")
    columns: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the manifest's other columns, kept
    # new | resumed | already | failed | previously_failed | pending (registered, not read yet)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Unit(Base):
    """One unit of the agency tree (tỉnh → sở, ban, ngành; phường, xã, đặc khu; districts kept as history),
    loaded from the admin's CSV (handling/units.py). Rows are never deleted: an abolished unit keeps its code,
    with the date it ended and the unit that took over its work."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # contract.UNIT_KIND_LABELS
    parent_code: Mapped[str | None] = mapped_column(String(40), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    abolished_on: Mapped[dt.date | None] = mapped_column(Date)
    successor_code: Mapped[str | None] = mapped_column(String(40))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)  # vùng sâu, vùng xa (longer periods)
    # letters: the agency line printed above the unit's name, the number suffix ("UBND", "TTr"), the place
    # printed before the date, the signer's title and name
    parent_name: Mapped[str] = mapped_column(String(300), default="")
    symbol: Mapped[str] = mapped_column(String(40), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the file's other columns


class HandlingEvent(Base):
    """Append-only timeline of a case after verification: classification, each hướng xử lý, assignment,
    verification steps, extensions, result, notice, forwarding and replies (contract.EVENT_LABELS).

    ``unit_code`` is the unit acting; ``to_unit`` the receiving unit of a forwarding inside the installation,
    ``to_body`` a body outside it. ``data`` holds the decision's details (reason codes, round, clock and days of
    an extension, result and amounts). The table refuses UPDATE and DELETE (triggers, migration 0007)."""

    __tablename__ = "handling_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    unit_code: Mapped[str | None] = mapped_column(String(40), index=True)
    to_unit: Mapped[str | None] = mapped_column(String(40), index=True)
    to_body: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text, default="")  # the legal basis, as printed on the letter
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Letter(Base):
    """A letter issued for a case: its kind (handling/letters), number in the unit's yearly series, and the
    values it was filled with (so the same letter is produced again, whatever the case becomes)."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("unit_code", "series", "year", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(40), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("handling_events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    unit_code: Mapped[str] = mapped_column(String(40))
    series: Mapped[str] = mapped_column(String(40))  # the number's suffix, e.g. "PCĐ-TTr"
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditLog(Base):
    """Append-only record of every view, edit and export of a case (README "Web app and security")."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[str | None] = mapped_column(String(40), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


ROLES = {
    "reception": "Tiếp nhận",
    "verifier": "Xác minh",
    "archivist": "Lưu trữ",
    "supervisor": "Lãnh đạo",
    "admin": "Quản trị",
}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # accounts (migration 0005): the person's unit (free text for now), a forced password change after an
    # admin reset, the account lock after repeated failed logins, an optional TOTP second factor
    unit: Mapped[str] = mapped_column(String(200), default="", server_default="")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # base32; set once the admin confirmed a code
    # the 30-second step of the last code accepted at login: a code is never accepted twice (migration 0006)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # the unit of the agency tree the person works in (migration 0007): what they see and handle
    unit_code: Mapped[str | None] = mapped_column(String(40), index=True)


class UserSession(Base):
    """A server-side login session (api/sessions.py). The cookie holds a random token; ``id`` is its SHA-256."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # absolute timeout
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoke_reason: Mapped[str | None] = mapped_column(String(40))
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    csrf: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CaseHistory(Base):
    """Append-only history of every field change of a case (old value, new value, who, when).

    Status changes (approve, return) are recorded as the field ``status``. The table refuses UPDATE and DELETE
    (database triggers, migration 0003).
    """

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(40), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UploadJob(Base):
    """One file uploaded at the reception desk and its way through the ingest pipeline."""

    __tablename__ = "upload_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    filename: Mapped[str] = mapped_column(String(500))
    path: Mapped[str] = mapped_column(String(1000))  # the saved upload, removed once the pipeline is done
    size: Mapped[int] = mapped_column(Integer, default=0)
    # queued | processing | done | already | failed
    status: Mapped[str] = mapped_column(String(20), index=True, default="queued")
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    case_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    warning: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LoginFailure(Base):
    """Failed logins, for rate limiting per username and client address."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_user_ip_at", "username", "ip", "at"),
        Index("ix_login_failures_ip_at", "ip", "at"),
        Index("ix_login_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
