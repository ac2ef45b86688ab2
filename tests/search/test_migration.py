"""Migration 0008 indexes the cases that exist (a database upgraded from 0007 finds them at once)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from donthu.storage.db import alembic_config


def test_upgrade_indexes_existing_cases(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0007")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (id, sha256, original_name, size, object_key, status, created_at, "
                "updated_at) VALUES (1, 'x', 'a.pdf', 1, 'k', 'done', '2026-01-01', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cases (id, case_id, document_id, source_pages, status, signatory_count, anonymous, "
                "text, confidence, extra, received_at, created_at, updated_at, identity_protected, "
                "identity_reasons, complainant_name, complainant_phone, subject) VALUES (1, 'DT-2026-000001', 1, "
                "'[1]', 'verified', 1, 0, 'Tôi là Đỗ Thị Quyên', '{}', '{}', '2026-01-01', '2026-01-01', "
                "'2026-01-01', 0, '[]', 'Đỗ Thị Quyên', '0903 456 789', 'cấp nước sạch')"
            )
        )
    command.upgrade(alembic_config(url), "head")
    with engine.begin() as conn:
        found = conn.execute(
            text("SELECT rowid FROM search_fts WHERE search_fts MATCH 'do AND thi AND quyen AND nuoc'")
        ).all()
        digits = conn.execute(
            text("SELECT rowid FROM search_digits WHERE search_digits MATCH '\"456789\"'")
        ).all()
    engine.dispose()
    assert found == [(1,)] and digits == [(1,)]
