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
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


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

    document: Mapped[Document] = relationship(back_populates="cases")


class AuditLog(Base):
    """Append-only record of every view, edit and export of a case (BRIEF §6)."""

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
