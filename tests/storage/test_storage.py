"""Storage on both backends: SQLite and PostgreSQL (migrations, models, export shape); local and S3 objects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from stationkit import seed_document

from donthu.ingest.stages import make_case
from donthu.storage import repo
from donthu.storage.db import get_engine, migrate, session_scope
from donthu.storage.models import AuditLog, Case, Document
from donthu.storage.objects import LocalStore, ObjectNotFound, S3Store, make_store

EXPORT_KEYS = {
    "case_id",
    "source_file",
    "source_pages",
    "status",
    "category",
    "domain",
    "complainant",
    "recipient",
    "respondent",
    "subject",
    "petition_date",
    "signatory_count",
    "anonymous",
    "duplicate_of",
    "text",
    "confidence",
}


def _doc(db, sha: str = "a" * 64, name: str = "đơn.pdf") -> Document:
    doc = Document(
        sha256=sha, original_name=name, size=10, object_key=f"originals/{sha}", status="processing"
    )
    db.add(doc)
    db.flush()
    return doc


def test_migrations_create_schema(db_url: str) -> None:
    engine = migrate(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "pages", "cases", "audit_log", "users", "alembic_version"} <= tables
    assert migrate(db_url) is engine is get_engine(db_url)  # idempotent


def test_getting_an_engine_never_migrates(tmp_path: Path, data_dir: Path) -> None:
    """Only ``migrate()`` (every entry point calls it once) touches the schema: an engine, a session factory or
    a session on a fresh database find no tables."""
    from donthu.storage.db import session_factory

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert inspect(get_engine(url)).get_table_names() == []
    session_factory(url)
    with session_scope(url) as db:
        assert db.get_bind().dialect.name == "sqlite"
    assert inspect(get_engine(url)).get_table_names() == []
    migrate(url)
    assert "cases" in inspect(get_engine(url)).get_table_names()


def test_case_roundtrip_and_export_contract(db_url: str) -> None:
    text = "ĐƠN KHIẾU NẠI\nKính gửi: Chủ tịch Ủy ban nhân dân tỉnh Nam Định\nHọ và tên: Trần Thị Hòa"
    with session_scope(db_url) as db:
        doc = seed_document(
            db,
            sha256="a" * 64,
            original_name="đơn.pdf",
            size=10,
            object_key=f"originals/{'a' * 64}",
            status="processing",
            image_key="p/1.jpg",
            width=10,
            height=10,
            text=text,
            words=[["ĐƠN", 1, 2, 3, 4, 96.0, 1, 1, 1]],
            confidence=96.0,
        )
        case = make_case(db, doc, [1], text)
        case_id = case.case_id
    assert case_id and case_id.startswith("DT-")
    with session_scope(db_url) as db:
        case = repo.get_case(db, case_id)
        assert case is not None
        out = repo.case_to_export(case)
        assert EXPORT_KEYS <= set(out)
        assert out["source_file"] == "đơn.pdf" and out["source_pages"] == [1]
        assert out["status"] == "pending_verification"
        assert out["category"] == "khieu_nai"
        assert out["complainant"]["name"] == "Trần Thị Hòa"
        assert out["recipient"] == "Chủ tịch Ủy ban nhân dân tỉnh Nam Định"
        assert out["text"] == text
        assert all(0.0 <= v <= 1.0 for v in out["confidence"].values())
        pages = repo.case_pages(db, case)
        assert [p.page_no for p in pages] == [1] and pages[0].words[0][0] == "ĐƠN"
        assert case.received_at is not None


def test_same_file_hash_cannot_be_stored_twice(db_url: str) -> None:
    with session_scope(db_url) as db:
        _doc(db, sha="b" * 64)
    with pytest.raises(IntegrityError), session_scope(db_url) as db:
        _doc(db, sha="b" * 64, name="again.pdf")
    with session_scope(db_url) as db:
        assert len(list(db.scalars(select(Document)))) == 1


def test_failed_transaction_leaves_nothing(db_url: str) -> None:
    with pytest.raises(RuntimeError), session_scope(db_url) as db:
        doc = _doc(db, sha="c" * 64)
        make_case(db, doc, [1], "Kính gửi: UBND xã")
        raise RuntimeError("crash in the middle")
    with session_scope(db_url) as db:
        assert list(db.scalars(select(Document))) == []
        assert list(db.scalars(select(Case))) == []


def test_audit_log_and_utc_times(db_url: str) -> None:
    with session_scope(db_url) as db:
        repo.audit(db, "alice", "view", "DT-2026-000001", via="test")
    with session_scope(db_url) as db:
        row = db.scalar(select(AuditLog))
        assert row.actor == "alice" and row.detail == {"via": "test"}
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
        assert abs((dt.datetime.now(dt.UTC) - at).total_seconds()) < 120


# ------------------------------------------------------------------------------------------ object stores


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "local":
        return LocalStore(tmp_path / "objects")
    settings = request.getfixturevalue("s3_settings")
    s = make_store(settings)
    assert isinstance(s, S3Store)
    return s


def test_object_store_roundtrip(store) -> None:
    key = "originals/ab/abcdef"
    assert not store.exists(key)
    store.put(key, "Đơn thư".encode())
    assert store.exists(key)
    assert store.get(key).decode() == "Đơn thư"
    store.put(key, b"replaced")
    assert store.get(key) == b"replaced"
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(ObjectNotFound):
        store.get(key)


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/./b", ""])
def test_object_keys_cannot_escape(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        LocalStore(tmp_path).put(key, b"x")


def test_s3_store_is_really_s3(s3_settings) -> None:
    """The object is visible to another S3 client: it went over the S3 protocol, not to a local file."""
    from minio import Minio

    store = make_store(s3_settings)
    store.put("pages/x/1.jpg", b"\xff\xd8jpeg", "image/jpeg")
    other = Minio(s3_settings.s3_endpoint, access_key="testing", secret_key="testing-secret", secure=False)
    obj = other.get_object(s3_settings.s3_bucket, "pages/x/1.jpg")
    assert obj.read() == b"\xff\xd8jpeg"
    assert isinstance(store, S3Store)  # no local file behind it
