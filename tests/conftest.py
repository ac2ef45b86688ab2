"""Shared fixtures: an isolated data directory per test, a fresh PostgreSQL database, a loopback S3 server.

With DONTHU_REQUIRE_SERVICES=1 (CI), a missing PostgreSQL server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from donthu.config import Settings, reset_settings
from donthu.storage.db import dispose_engines

PG_ADMIN_URL = os.environ.get("DONTHU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE = os.environ.get("DONTHU_REQUIRE_SERVICES") == "1"


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    d = tmp_path / "data"
    monkeypatch.setenv("DONTHU_DATA_DIR", str(d))
    monkeypatch.setenv("DONTHU_SETTINGS_FILE", str(tmp_path / "none.toml"))
    for key in ("DONTHU_DATABASE_URL", "DONTHU_STORAGE", "DONTHU_SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DONTHU_WORKERS", "2")
    reset_settings()
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


@pytest.fixture()
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"donthu_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_server.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    yield url
    dispose_engines()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The two database backends; the app is pointed at it through DONTHU_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'donthu.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("DONTHU_DATABASE_URL", url)
    reset_settings()
    return url


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """A real S3-protocol server (moto) on loopback; yields host:port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server._server.server_port  # type: ignore[attr-defined]
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
