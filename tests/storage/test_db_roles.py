"""The app's own PostgreSQL login cannot erase the audit (issue 10, finding 8).

Migrations run as the schema owner; the app logs in as a restricted role (tests/conftest.py `pg_database`, as
`donthu db upgrade` sets it up). Before, the app (and these tests) ran as the superuser, for which every statement
below succeeds (TRUNCATE, DISABLE/DROP TRIGGER, replacing the trigger function) or is refused only by the
trigger it can drop (UPDATE, DELETE: "audit_log is append-only", SQLSTATE P0001, not 42501).
"""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg
import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from donthu.cli import app as cli
from donthu.config import reset_settings
from donthu.storage.db import SCHEMA_NOT_READY, SchemaNotReady, dispose_engines, migrate, session_scope
from donthu.storage.models import AuditLog, CaseHistory
from donthu.storage.roles import (
    APPEND_ONLY_FUNCTION,
    APPEND_ONLY_TABLES,
    RoleError,
    create_roles,
    libpq_url,
    upgrade_database,
)

pytestmark = pytest.mark.postgres

REPLACE_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {APPEND_ONLY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RETURN OLD; END $$"
)
# statement -> the beginning of PostgreSQL's refusal (all SQLSTATE 42501 insufficient_privilege)
ATTACKS = {
    "TRUNCATE audit_log": "permission denied for table audit_log",
    "TRUNCATE case_history": "permission denied for table case_history",
    "TRUNCATE audit_log, case_history, cases CASCADE": "permission denied for table",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL": "must be owner of table audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only": "must be owner of table audit_log",
    "ALTER TABLE case_history DISABLE TRIGGER case_history_append_only": "must be owner of table case_history",
    "DROP TRIGGER audit_log_append_only ON audit_log": "must be owner of relation audit_log",
    "DROP TRIGGER case_history_append_only ON case_history": "must be owner of relation case_history",
    REPLACE_FUNCTION: "permission denied for schema public",
    f"DROP FUNCTION {APPEND_ONLY_FUNCTION}() CASCADE": f"must be owner of function {APPEND_ONLY_FUNCTION}",
    f"ALTER FUNCTION {APPEND_ONLY_FUNCTION}() RENAME TO x": f"must be owner of function {APPEND_ONLY_FUNCTION}",
    "UPDATE audit_log SET actor = 'someone else'": "permission denied for table audit_log",
    "DELETE FROM audit_log": "permission denied for table audit_log",
    "UPDATE case_history SET new_value = 'x'": "permission denied for table case_history",
    "DELETE FROM case_history": "permission denied for table case_history",
    "UPDATE handling_events SET kind = 'thu_ly'": "permission denied for table handling_events",
    "DELETE FROM handling_events": "permission denied for table handling_events",
    "TRUNCATE handling_events": "permission denied for table handling_events",
    "DROP TABLE audit_log": "must be owner of table audit_log",
    "ALTER TABLE audit_log RENAME TO audit_old": "must be owner of table audit_log",
    "SET session_replication_role = replica": 'permission denied to set parameter "session_replication_role"',
    "CREATE SCHEMA shadow": "permission denied for database",
    "CREATE TABLE public.shadow (id int)": "permission denied for schema public",
    "CREATE TEMP TABLE audit_log (id int)": "permission denied to create temporary tables",
    "UPDATE alembic_version SET version_num = '0001'": "permission denied for table alembic_version",
}


def _pq(url: str) -> str:
    return libpq_url(url)


def _seed_audit(owner_url: str) -> None:
    """One row in each append-only table, written by the owner (as rows written earlier by the app)."""
    with psycopg.connect(_pq(owner_url)) as conn:
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (now(), 'verifier', 'view', '{}')"
        )
        conn.execute(
            "INSERT INTO case_history (case_id, field, old_value, new_value, actor, at) "
            "VALUES ('DT-2026-000001', 'name', 'a', 'b', 'verifier', now())"
        )
        conn.execute(
            "INSERT INTO handling_events (case_id, kind, at, actor, basis, note, data) "
            "VALUES ('DT-2026-000001', 'luu_don', now(), 'verifier', '', '', '{}')"
        )
        conn.execute(
            "INSERT INTO exchange_runs (profile, started_at, finished_at, until, count, actor, output, status, "
            "detail) VALUES ('nd55', now(), now(), now(), 1, 'cli', '-', 'ok', '{}')"
        )


@pytest.mark.parametrize("statement", list(ATTACKS))
def test_the_app_role_cannot_erase_or_rewrite_the_audit(pg_database, statement: str) -> None:
    _seed_audit(pg_database.owner)
    with psycopg.connect(_pq(pg_database.app)) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == "donthu_test_app"
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
            conn.execute(statement)
    assert str(err.value).startswith(ATTACKS[statement]), str(err.value)
    with psycopg.connect(_pq(pg_database.admin)) as conn:  # nothing changed
        for table in APPEND_ONLY_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table
            enabled = conn.execute(
                "SELECT tgenabled FROM pg_trigger WHERE tgname = %s", (f"{table}_append_only",)
            ).fetchone()
            assert enabled == ("O",), table  # still there and firing
        src = conn.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = %s", (APPEND_ONLY_FUNCTION,)
        ).fetchone()
        assert "append-only" in src[0]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
        "UPDATE case_history SET new_value = 'x'",
        "DELETE FROM case_history",
    ],
)
def test_the_triggers_still_refuse_the_owner(pg_database, statement: str) -> None:
    """Defence in depth: the owner may change tables (migrations), but not rewrite audit rows by accident."""
    _seed_audit(pg_database.owner)
    with (
        psycopg.connect(_pq(pg_database.owner)) as conn,
        pytest.raises(psycopg.errors.RaiseException, match="is append-only"),
    ):
        conn.execute(statement)


def test_the_app_role_has_exactly_what_the_app_needs(pg_database) -> None:
    upgrade_database(pg_database.owner, "donthu_test_app")  # a second `donthu db upgrade` changes nothing
    with psycopg.connect(_pq(pg_database.admin)) as conn:
        rows = conn.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = 'donthu_test_app' GROUP BY table_name"
        ).fetchall()
        grants = dict(rows)
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        owners = {
            r[0]
            for r in conn.execute(
                "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "UNION SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = %s",
                (APPEND_ONLY_FUNCTION,),
            )
        }
        app_is_super = conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = 'donthu_test_app'"
        ).fetchone()
    assert owners == {"donthu_test_owner"}  # tables, sequences, indexes and the trigger function
    assert app_is_super == (False,)
    assert set(grants) == tables  # every table, nothing else
    for table, privileges in grants.items():
        if table in APPEND_ONLY_TABLES:
            assert privileges == "INSERT,SELECT", table
        elif table == "alembic_version":
            assert privileges == "SELECT", table
        else:
            assert privileges == "DELETE,INSERT,SELECT,UPDATE", table


def test_the_app_works_as_the_restricted_role(pg_url: str, data_dir, monkeypatch) -> None:
    """A case is viewed and edited through the web app as the restricted role; its audit rows are written."""
    from fastapi.testclient import TestClient
    from stationkit import login, seed_case, token, users

    from donthu.api.app import create_app
    from donthu.config import get_settings
    from donthu.storage.objects import make_store

    monkeypatch.setenv("DONTHU_DATABASE_URL", pg_url)
    reset_settings()
    with session_scope() as db:
        assert db.scalar(text("SELECT current_user")) == "donthu_test_app"
        users(db)
        case_id = seed_case(db, make_store(get_settings()), 1).case_id
    client = TestClient(create_app())
    assert login(client, "verifier") == 303
    client.headers["X-CSRF-Token"] = token(client)
    assert client.get(f"/cases/{case_id}").status_code == 200
    r = client.post(f"/api/cases/{case_id}/fields", json={"field": "subject", "value": "đòi lại đất"})
    assert r.status_code == 200, r.text
    with session_scope() as db:
        assert db.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.case_id == case_id)) >= 2
        history = db.scalars(select(CaseHistory).where(CaseHistory.case_id == case_id)).all()
        assert [(h.field, h.new_value) for h in history] == [("subject", "đòi lại đất")]


def test_a_login_that_could_erase_the_audit_is_warned_about(pg_database, data_dir, caplog) -> None:
    with caplog.at_level("WARNING", logger="donthu.storage.db"):
        migrate(pg_database.owner)
        migrate(pg_database.admin)
        migrate(pg_database.app)
    warned = [r.args[0] for r in caplog.records if "can erase the audit log" in r.getMessage()]
    assert warned == ["donthu_test_owner", "postgres"]


def _database_at(pg_server: str, revision: str) -> tuple[str, str, str]:
    """A database owned by the test owner, migrated to ``revision`` with grants; (name, owner URL, app URL)."""
    from sqlalchemy.engine import make_url

    name = f"donthu_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER donthu_test_owner')
    base = make_url(pg_server).set(drivername="postgresql+psycopg", database=name)
    owner, app = (
        base.set(username=u).render_as_string(hide_password=False)
        for u in ("donthu_test_owner", "donthu_test_app")
    )
    upgrade_database(owner, "donthu_test_app", revision=revision)
    return name, owner, app


def _drop(pg_server: str, name: str) -> None:
    dispose_engines()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_schema_behind_stops_the_app_until_the_owner_upgrades_it(
    pg_server: str, pg_roles, data_dir, monkeypatch
) -> None:
    """The restricted app never migrates: it stops with the administrator's instruction; `donthu db upgrade`
    as the owner migrates and grants the tables the newer migrations added."""
    name, owner, app = _database_at(pg_server, "0002")
    try:
        monkeypatch.setenv("DONTHU_DATABASE_URL", app)
        reset_settings()
        with pytest.raises(SchemaNotReady) as err:  # no owner URL configured: it tries, PostgreSQL refuses
            migrate()
        assert str(err.value).startswith(SCHEMA_NOT_READY) and "permission denied" in str(err.value)
        dispose_engines()
        monkeypatch.setenv("DONTHU_MIGRATION_DATABASE_URL", owner)
        reset_settings()
        with pytest.raises(SchemaNotReady) as err:  # owner URL configured: the app does not even try
            migrate()
        assert str(err.value) == SCHEMA_NOT_READY
        dispose_engines()
        res = CliRunner().invoke(cli, ["serve"])
        assert res.exit_code == 1 and "chưa được nâng cấp" in res.output and "Traceback" not in res.output
        res = CliRunner().invoke(cli, ["db", "upgrade"])
        assert res.exit_code == 0, res.output
        assert "donthu_test_app" in res.output and "audit_log, case_history" in res.output
        migrate()  # at the newest revision now
        with session_scope() as db:  # case_history came with 0003, after the first grants
            db.add(
                CaseHistory(
                    case_id="DT-1",
                    field="name",
                    old_value=None,
                    new_value="x",
                    actor="a",
                    at=dt.datetime.now(dt.UTC),
                )
            )
        with (
            pytest.raises(Exception, match="permission denied for table case_history"),
            session_scope() as db,
        ):
            db.execute(text("DELETE FROM case_history"))
    finally:
        _drop(pg_server, name)


def test_upgrade_refuses_an_app_role_that_could_erase_the_audit(pg_database) -> None:
    with pytest.raises(RoleError, match="superuser"):
        upgrade_database(pg_database.owner, "postgres")
    with pytest.raises(RoleError, match="trùng với tài khoản chủ sở hữu"):
        upgrade_database(pg_database.owner, "donthu_test_owner")
    with pytest.raises(RoleError, match="Chưa có vai trò PostgreSQL"):
        upgrade_database(pg_database.owner, "donthu_no_such_role")


def test_create_roles_hands_an_old_superuser_install_to_the_owner(
    pg_server: str, pg_roles, data_dir, monkeypatch
) -> None:
    """An install migrated by the superuser (as docker-compose did): `donthu db create-roles` gives its tables and
    trigger function to the owner; after `donthu db upgrade` the app role cannot TRUNCATE the audit."""
    from sqlalchemy.engine import make_url

    from donthu.storage.db import migrate

    name = f"donthu_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = make_url(pg_server).set(drivername="postgresql+psycopg", database=name)
    try:
        migrate(base.render_as_string(hide_password=False))  # the old way: everything owned by the superuser
        dispose_engines()
        res = CliRunner().invoke(
            cli,
            [
                "db",
                "create-roles",
                "--admin-url",
                pg_server,
                "--owner",
                "donthu_test_owner",
                "--app",
                "donthu_test_app",
                "--database",
                name,
            ],
        )
        assert res.exit_code == 0, res.output
        assert "table audit_log" in res.output and f"function {APPEND_ONLY_FUNCTION}()" in res.output
        assert "DONTHU_DATABASE_URL=postgresql+psycopg://donthu_test_app@" in res.output
        owner, app = (
            base.set(username=u).render_as_string(hide_password=False)
            for u in ("donthu_test_owner", "donthu_test_app")
        )
        upgrade_database(owner, "donthu_test_app")
        with psycopg.connect(_pq(app)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE audit_log")
        with psycopg.connect(_pq(app)) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(REPLACE_FUNCTION)
        again = CliRunner().invoke(
            cli,
            [
                "db",
                "create-roles",
                "--admin-url",
                pg_server,
                "--owner",
                "donthu_test_owner",
                "--app",
                "donthu_test_app",
                "--database",
                name,
            ],
        )
        assert again.exit_code == 0 and "chuyển quyền sở hữu" not in again.output  # idempotent
    finally:
        _drop(pg_server, name)


def test_new_roles_get_a_password_and_nothing_more(pg_server: str) -> None:
    owner, app = (f"donthu_t_{uuid.uuid4().hex[:8]}_{r}" for r in ("owner", "app"))
    try:
        made = create_roles(pg_server, owner, app)
        assert made.created == [owner, app] and set(made.passwords) == {owner, app}
        with psycopg.connect(pg_server) as conn:
            rows = conn.execute(
                "SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, "
                "rolpassword IS NOT NULL FROM pg_authid WHERE rolname IN (%s, %s)",
                (owner, app),
            ).fetchall()
        assert sorted(r[1:] for r in rows) == [(True, False, False, False, False, True)] * 2
        again = create_roles(pg_server, owner, app)
        assert again.created == [] and again.passwords == {}
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            for role in (owner, app):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
