"""PostgreSQL roles: an owner that runs the migrations and a restricted role the app logs in with.

The owner owns every table, trigger and the append-only trigger function. The app role gets exactly
SELECT, INSERT, UPDATE, DELETE on ordinary tables, SELECT and INSERT on the append-only audit tables, SELECT on
``alembic_version`` and USAGE on the sequences; nothing else (no TRUNCATE, REFERENCES or TRIGGER, no CREATE in
the schema or the database, no temporary tables). Not being an owner, it cannot ALTER, DROP or DISABLE the triggers nor replace the
trigger function, so the app's own login cannot erase the audit (README "Database roles").
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from alembic import command
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from ..config import Settings
from .db import alembic_config, make_engine

# Append-only tables (UPDATE and DELETE refused by triggers, migration 0003): the app may only read and add rows.
# Every table with a trigger calling APPEND_ONLY_FUNCTION is treated the same, so a later append-only table is
# covered even before it is added here.
APPEND_ONLY_TABLES = ("audit_log", "case_history", "handling_events", "exchange_runs")
APPEND_ONLY_FUNCTION = "donthu_append_only"
READ_ONLY_TABLES = ("alembic_version",)  # the app checks the schema version, only the owner changes it
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


class RoleError(RuntimeError):
    """The roles are not set up so that the app's login is restricted (message for the administrator)."""


def url_user(url: str) -> str | None:
    try:
        return make_url(url).username
    except Exception:
        return None


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) as libpq/psycopg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def app_role_for(settings: Settings) -> str | None:
    """The role ``donthu db upgrade`` grants to: DONTHU_DB_APP_ROLE, else the app URL's user if not the owner."""
    if settings.db_app_role:
        return settings.db_app_role
    if not is_postgres(settings.db_url):
        return None
    app, owner = url_user(settings.db_url), url_user(settings.migration_db_url)
    return app if app and app != owner else None


def append_only_tables(conn: Connection) -> list[str]:
    """APPEND_ONLY_TABLES plus every table of the current schema whose trigger calls the append-only function."""
    rows = conn.execute(
        text(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = :fn AND c.relnamespace = current_schema()::regnamespace"
        ),
        {"fn": APPEND_ONLY_FUNCTION},
    ).scalars()
    return sorted(set(APPEND_ONLY_TABLES) | set(rows))


@dataclass
class GrantReport:
    role: str
    schema: str
    tables: dict[str, str] = field(default_factory=dict)  # table -> privileges granted


def grant_app_role(conn: Connection, app_role: str) -> GrantReport:
    """Give ``app_role`` exactly the privileges the app needs on the current schema (idempotent).

    Runs as the owner of the tables (normally inside the migration's transaction).
    """
    q = conn.dialect.identifier_preparer.quote
    me = conn.scalar(text("SELECT current_user"))
    if app_role == me:
        raise RoleError(
            f"Vai trò ứng dụng {app_role!r} trùng với tài khoản chủ sở hữu chạy nâng cấp: hãy dùng "
            "hai tài khoản khác nhau (README, mục Database roles)."
        )
    info = conn.execute(
        text(
            "SELECT rolsuper, pg_has_role(rolname, current_user, 'MEMBER') FROM pg_roles WHERE rolname = :r"
        ),
        {"r": app_role},
    ).first()
    if info is None:
        raise RoleError(
            f"Chưa có vai trò PostgreSQL {app_role!r}: quản trị viên tạo nó bằng "
            "`donthu db create-roles` (README, mục Database roles)."
        )
    if info[0]:
        raise RoleError(
            f"Vai trò ứng dụng {app_role!r} là superuser của PostgreSQL: nó xóa được nhật ký. "
            "Hãy dùng một vai trò thường (README, mục Database roles)."
        )
    if info[1]:
        raise RoleError(
            f"Vai trò ứng dụng {app_role!r} là thành viên của vai trò chủ sở hữu {me!r} nên có mọi "
            "quyền của chủ sở hữu. Hãy bỏ tư cách thành viên đó (REVOKE)."
        )
    schema = conn.scalar(text("SELECT current_schema()"))
    database = conn.scalar(text("SELECT current_database()"))
    tables = list(
        conn.execute(
            text(
                "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                "AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname"
            )
        ).scalars()
    )
    append = set(append_only_tables(conn))
    role, sch = q(app_role), q(schema)
    statements = [
        # start from nothing: also what PUBLIC (which every role is in) might have been given
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {sch} FROM PUBLIC, {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {sch} FROM PUBLIC, {role}",
        f"REVOKE CREATE ON SCHEMA {sch} FROM PUBLIC, {role}",
        # no new schemas, and no temporary tables that would shadow audit_log in the app's own session
        f"REVOKE CREATE, TEMPORARY ON DATABASE {q(database)} FROM PUBLIC, {role}",
        f"GRANT CONNECT ON DATABASE {q(database)} TO {role}",
        f"GRANT USAGE ON SCHEMA {sch} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {sch} TO {role}",
        # tables and sequences the owner creates later (a migration run without `donthu db upgrade`)
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} GRANT {TABLE_PRIVILEGES} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {sch} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    report = GrantReport(app_role, schema)
    for table in tables:
        privileges = (
            "SELECT"
            if table in READ_ONLY_TABLES
            else "SELECT, INSERT"
            if table in append
            else TABLE_PRIVILEGES
        )
        statements.append(f"GRANT {privileges} ON TABLE {sch}.{q(table)} TO {role}")
        report.tables[table] = privileges
    for statement in statements:
        conn.execute(text(statement))
    return report


def upgrade_database(
    owner_url: str, app_role: str | None = None, revision: str = "head"
) -> GrantReport | None:
    """Migrate the schema as its owner and, on PostgreSQL, grant the app role: one transaction."""
    engine = make_engine(owner_url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(owner_url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if app_role and conn.dialect.name == "postgresql":
                return grant_app_role(conn, app_role)
            return None
    finally:
        engine.dispose()


def login_can_erase_audit(conn: Connection) -> bool:
    """True when the connected PostgreSQL login is a superuser or acts as the owner of ``audit_log``."""
    row = conn.execute(
        text(
            "SELECT r.rolsuper OR COALESCE(pg_has_role(current_user, c.relowner, 'USAGE'), false) "
            "FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('audit_log') WHERE r.rolname = current_user"
        )
    ).first()
    return bool(row and row[0])


@dataclass
class CreatedRoles:
    created: list[str] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)
    database_created: bool = False
    adopted: list[str] = field(default_factory=list)  # objects whose owner was changed to the owner role


def create_roles(
    admin_url: str, owner: str, app: str, database: str | None = None, passwords: bool = True
) -> CreatedRoles:
    """As a PostgreSQL superuser: create the owner and app roles (LOGIN, nothing more) if missing, the database
    owned by the owner if missing, and hand the owner every table, sequence and function of the database's
    current schema that another role (e.g. the superuser an older install ran as) owns. Idempotent; roles that
    exist keep their password. New roles get a random password when ``passwords`` (returned once)."""
    import psycopg
    from psycopg import errors, sql

    result = CreatedRoles()
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        for role in (owner, app):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                continue
            stmt: sql.Composed = sql.SQL(
                "CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            ).format(sql.Identifier(role))
            if passwords:
                result.passwords[role] = secrets.token_urlsafe(24)  # URL-safe: goes into DONTHU_*_URL as is
                stmt = stmt + sql.SQL(" PASSWORD {}").format(sql.Literal(result.passwords[role]))
            try:
                conn.execute(stmt)
                result.created.append(role)
            except (errors.DuplicateObject, errors.UniqueViolation):  # created at the same moment elsewhere
                result.passwords.pop(role, None)
        if not database:
            return result
        row = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if row is None:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(owner))
            )
            result.database_created = True
        elif row[0] != owner:
            conn.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(database), sql.Identifier(owner)
                )
            )
            result.adopted.append(f"database {database}")
    target = make_url(libpq_url(admin_url)).set(database=database).render_as_string(hide_password=False)
    with psycopg.connect(target, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' "
            "ELSE 'TABLE' END, c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND pg_get_userbyid(c.relowner) <> %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))",
            (owner,),
        ).fetchall()
        for kind, name in rows:  # a table's own sequences and indexes follow it
            conn.execute(
                sql.SQL("ALTER {} {} OWNER TO {}").format(
                    sql.SQL(kind), sql.Identifier(name), sql.Identifier(owner)
                )
            )
            result.adopted.append(f"{kind.lower()} {name}")
        funcs = conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace "
            "AND pg_get_userbyid(p.proowner) <> %s AND NOT EXISTS (SELECT 1 FROM pg_depend d "
            "WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')",
            (owner,),
        ).fetchall()
        for (signature,) in funcs:
            conn.execute(
                sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(signature), sql.Identifier(owner))
            )
            result.adopted.append(f"function {signature}")
        schema = conn.execute("SELECT current_schema()").fetchall()[0][0]
        conn.execute(sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(sql.Identifier(schema)))
        conn.execute(
            sql.SQL("REVOKE CREATE, TEMPORARY ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database))
        )
    return result
