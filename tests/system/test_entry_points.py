"""Every entry point migrates (``storage.db.migrate``) once at start; getting an engine never does.

So each CLI command that opens the database works on a fresh data dir (its SQLite schema is created by the
command itself), and on PostgreSQL the restricted app role stops with the administrator's instruction when the
schema is behind, whichever command or the web app it starts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select
from stationkit import PASSWORD
from typer.testing import CliRunner

from donthu.api.app import create_app
from donthu.cli import app as cli
from donthu.config import get_settings, reset_settings
from donthu.samples import make_petition, write_text_pdf
from donthu.storage.db import SCHEMA_NOT_READY, SchemaNotReady, dispose_engines, get_engine, session_scope
from donthu.storage.models import Case, User


@pytest.fixture()
def fresh(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir nobody has migrated (``data_dir`` migrates its own, as the test fixtures must)."""
    d = tmp_path / "fresh"
    monkeypatch.setenv("DONTHU_DATA_DIR", str(d))
    reset_settings()
    return d


def _tables() -> set[str]:
    return set(inspect(get_engine()).get_table_names())


def _ingest(tmp_path: Path) -> list[str]:
    write_text_pdf(tmp_path / "don.pdf", make_petition(random.Random(3), n_pages=1).pages)
    return ["ingest", str(tmp_path / "don.pdf"), "--workers", "1"]


def _cases() -> int:
    with session_scope() as db:
        return db.scalar(select(func.count(Case.id))) or 0


def _users() -> list[str]:
    with session_scope() as db:
        return list(db.scalars(select(User.username).order_by(User.username)))


# command (built from tmp_path), what it prints, what the database holds afterwards
COMMANDS: dict[str, tuple[Callable[[Path], list[str]], str, Callable[[], object], object]] = {
    "ingest": (_ingest, "Kết quả tiếp nhận", _cases, 1),
    "export": (lambda t: ["export", "-o", str(t / "out.jsonl")], "Đã xuất 0 hồ sơ", _cases, 0),
    "user add": (
        lambda t: ["user", "add", "hoa", "--role", "verifier", "--password", PASSWORD],
        "Đã tạo tài khoản hoa",
        _users,
        ["hoa"],
    ),
    "user list": (lambda t: ["user", "list"], "Tài khoản", _users, []),
    "user disable": (lambda t: ["user", "disable", "hoa"], "Không có tài khoản hoa", _users, []),
    "demo-users": (lambda t: ["demo-users"], "demo-admin", lambda: len(_users()), 5),
    "inbox watch": (lambda t: ["inbox", "watch", str(t / "inbox"), "--once"], "Đang theo dõi", _cases, 0),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_works_on_a_fresh_data_dir(name: str, fresh: Path, tmp_path: Path) -> None:
    args, says, holds, expected = COMMANDS[name]
    assert not (fresh / "donthu.db").exists()
    res = CliRunner().invoke(cli, args(tmp_path))
    assert res.exit_code == (2 if name == "user disable" else 0), res.output
    assert says in res.output and "Traceback" not in res.output
    assert {"documents", "cases", "users", "audit_log"} <= _tables()
    assert holds() == expected


def test_the_web_app_works_on_a_fresh_data_dir(fresh: Path) -> None:
    assert not (fresh / "donthu.db").exists()
    client = TestClient(create_app())
    assert client.get("/login").status_code == 200
    assert "users" in _tables()


@pytest.mark.postgres
def test_the_app_role_is_told_to_upgrade_by_every_entry_point(
    pg_database, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema behind (the owner downgraded it) and a restricted app login: every command and the web app stop
    with the administrator's instruction (exit 1, no traceback) and nothing is migrated."""
    from alembic import command

    from donthu.storage.db import alembic_config, code_heads, make_engine, schema_heads

    engine = make_engine(pg_database.owner)
    try:
        cfg = alembic_config(pg_database.owner)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        monkeypatch.setenv("DONTHU_DATABASE_URL", pg_database.app)
        monkeypatch.setenv("DONTHU_MIGRATION_DATABASE_URL", pg_database.owner)
        reset_settings()
        for name, (args, *_rest) in COMMANDS.items():
            dispose_engines()
            res = CliRunner().invoke(cli, args(tmp_path))
            assert res.exit_code == 1, (name, res.output)
            assert "chưa được nâng cấp" in res.output and "Traceback" not in res.output, (name, res.output)
        dispose_engines()
        with pytest.raises(SchemaNotReady) as err:
            create_app(get_settings())
        assert str(err.value) == SCHEMA_NOT_READY
        assert schema_heads(engine) == {"0004"} != code_heads()
    finally:
        engine.dispose()
