"""Shared fixtures: an isolated data directory per test, a fresh PostgreSQL database, a loopback S3 server.

PostgreSQL tests run the app as a restricted role (not the superuser): `pg_url` is that role's URL on a fresh
database migrated by the owner role, as in production (README "Database roles").

With DONTHU_REQUIRE_SERVICES=1 (CI), a missing PostgreSQL server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import random
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from donthu.config import Settings, reset_settings
from donthu.storage.db import dispose_engines, migrate

# the tests measure the shipped classifier and calibration, never an agency's retrained copies that a developer's
# `donthu models retrain` left in a data directory (tests of the retrain point this elsewhere themselves)
os.environ["DONTHU_MODEL_DIR"] = tempfile.mkdtemp(prefix="donthu-no-agency-models-")
PG_ADMIN_URL = os.environ.get("DONTHU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE = os.environ.get("DONTHU_REQUIRE_SERVICES") == "1"
PG_OWNER_ROLE = "donthu_test_owner"  # owns the test databases' schema and runs their migrations
PG_APP_ROLE = "donthu_test_app"  # what the app logs in as in the PostgreSQL tests


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    d = tmp_path / "data"
    monkeypatch.setenv("DONTHU_DATA_DIR", str(d))
    monkeypatch.setenv("DONTHU_SETTINGS_FILE", str(tmp_path / "none.toml"))
    for key in (
        "DONTHU_DATABASE_URL",
        "DONTHU_MIGRATION_DATABASE_URL",
        "DONTHU_DB_APP_ROLE",
        "DONTHU_STORAGE",
        "DONTHU_SECRET_KEY",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DONTHU_WORKERS", "2")
    reset_settings()
    migrate()  # as every entry point does: the SQLite schema in the fresh data dir (getting an engine never migrates)
    yield d
    dispose_engines()
    reset_settings()


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_server() -> str:
    if not _pg_available():
        if REQUIRE:
            pytest.fail(f"PostgreSQL is required but not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL not reachable")
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def pg_roles(pg_server: str) -> tuple[str, str]:
    """The schema owner and the restricted app role (README "Database roles"), created once if missing."""
    from donthu.storage.roles import create_roles

    create_roles(pg_server, PG_OWNER_ROLE, PG_APP_ROLE, passwords=False)  # trust authentication here
    return PG_OWNER_ROLE, PG_APP_ROLE


@dataclass(frozen=True)
class PgDatabase:
    name: str
    admin: str  # the superuser (only for what an administrator does)
    owner: str  # the schema owner: migrations and grants (`donthu db upgrade`)
    app: str  # the restricted role the app logs in with


@pytest.fixture()
def pg_database(pg_server: str, pg_roles: tuple[str, str]) -> Iterator[PgDatabase]:
    """A fresh PostgreSQL database owned by the owner role, migrated and granted as `donthu db upgrade` does,
    dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    from donthu.storage.roles import upgrade_database

    name = f"donthu_t_{uuid.uuid4().hex[:12]}"
    owner, app = pg_roles
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    base = make_url(pg_server).set(drivername="postgresql+psycopg", database=name)
    db = PgDatabase(
        name,
        *(
            base.set(username=user).render_as_string(hide_password=False)
            for user in (base.username, owner, app)
        ),
    )
    upgrade_database(db.owner, app)
    yield db
    dispose_engines()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def pg_url(pg_database: PgDatabase) -> str:
    """A fresh PostgreSQL database at the newest schema, as the app's restricted role (it cannot TRUNCATE, ALTER,
    disable triggers or replace functions: tests/storage/test_db_roles.py)."""
    migrate(pg_database.app)  # the entry point's check, as the app role (the owner migrated it above)
    return pg_database.app


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The two database backends; the app is pointed at it through DONTHU_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'donthu.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("DONTHU_DATABASE_URL", url)
    reset_settings()
    migrate(url)
    return url


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A real S3-protocol server (moto) on loopback; yields host:port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server._server.server_port
    yield f"127.0.0.1:{port}"
    server.stop()


@pytest.fixture()
def s3_settings(s3_server: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    bucket = f"donthu-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("DONTHU_STORAGE", "s3")
    monkeypatch.setenv("DONTHU_S3_ENDPOINT", s3_server)
    monkeypatch.setenv("DONTHU_S3_ACCESS_KEY", "testing")
    monkeypatch.setenv("DONTHU_S3_SECRET_KEY", "testing-secret")
    monkeypatch.setenv("DONTHU_S3_BUCKET", bucket)
    reset_settings()
    from donthu.config import get_settings

    return get_settings()


@pytest.fixture()
def rng() -> random.Random:
    return random.Random(1234)
