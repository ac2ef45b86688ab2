"""Engine, sessions and schema migrations for SQLite (embedded default) and PostgreSQL (production).

Getting an engine or a session never touches the schema. Each entry point calls ``migrate()`` once at start: the
CLI commands that open the database, ``create_app``, the Celery worker (``worker_init``) and the test fixtures. It
brings the schema to the code's revision when this login owns it, else stops with ``SchemaNotReady`` (the
restricted PostgreSQL role: ``donthu db upgrade`` runs as the owner, storage/roles.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..config import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)

_lock = threading.RLock()
_engines: dict[str, Engine] = {}
_migrated: set[str] = set()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


SCHEMA_NOT_READY = (
    "Cơ sở dữ liệu chưa được nâng cấp: chạy `donthu db upgrade` bằng tài khoản chủ sở hữu "
    "(DONTHU_MIGRATION_DATABASE_URL)."
)


class SchemaNotReady(RuntimeError):
    """The schema is behind the code and this login may not (or cannot) migrate it."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(SCHEMA_NOT_READY + (f" ({detail})" if detail else ""))


_heads: set[str] = set()


def code_heads() -> set[str]:
    """The newest Alembic revision(s) of this code."""
    from alembic.script import ScriptDirectory

    if not _heads:
        _heads.update(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())
    return set(_heads)


def schema_heads(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def may_migrate(url: str) -> bool:
    """The app migrates by itself only when no separate owner login is configured (embedded SQLite, one role)."""
    owner = get_settings().migration_database_url
    return not owner or owner == url


def _upgrade(url: str, engine: Engine) -> None:
    """Alembic's upgrade to the newest revision, over ``engine``."""
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _ensure_schema(url: str, engine: Engine) -> None:
    """The schema at the code's revision: migrated when this login may (``may_migrate``), else SchemaNotReady."""
    if schema_heads(engine) != code_heads():
        if not may_migrate(url):
            raise SchemaNotReady()
        try:
            _upgrade(url, engine)
        except DBAPIError as exc:  # e.g. the restricted app role: permission denied for schema public
            if getattr(exc.orig, "sqlstate", None) != "42501":
                raise
            raise SchemaNotReady(str(exc.orig).strip()) from exc
    if engine.dialect.name == "postgresql":
        from .roles import login_can_erase_audit

        with engine.connect() as conn:
            if login_can_erase_audit(conn):
                log.warning(
                    "the app's database login %s is a superuser or owns the audit tables, so it can erase "
                    "the audit log; run the app as a restricted role (README, Database roles)",
                    engine.url.username,
                )


def migrate(url: str | None = None) -> Engine:
    """The schema at ``url`` (default: the configured database) brought to the newest revision when this login
    is its owner (see ``may_migrate``), else SchemaNotReady if it is behind; returns the engine.

    Called once at start by every entry point (module docstring); at most one check per process and database,
    so a second call (``donthu serve``, then ``create_app`` in the same process) costs nothing."""
    url = url or get_settings().db_url
    engine = get_engine(url)
    if url not in _migrated:
        with _lock:
            if url not in _migrated:
                _ensure_schema(url, engine)
                _migrated.add(url)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured database), made once per process; never migrates."""
    url = url or get_settings().db_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = make_engine(url)
    return engine


def dispose_engines() -> None:
    """Close every engine and forget which databases ``migrate`` checked (tests; the worker before forking)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: committed on success, rolled back on any error (including Ctrl-C)."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
