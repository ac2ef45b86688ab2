"""docker-compose.yml stays deployable: services, images, health checks, a scalable worker, known settings.

Docker cannot run in CI, so the file is checked by parsing it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from donthu.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
# DONTHU_* variables read outside config.Settings (grep os.environ in the package)
READ_DIRECTLY = {"DONTHU_SETTINGS_FILE"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_services_and_images(compose: dict) -> None:
    services = compose["services"]
    assert {"api", "worker", "postgres", "minio", "minio-init", "redis"} <= set(services)
    assert services["api"]["image"] == services["worker"]["image"] == "donthu:latest"
    assert services["api"]["build"] == "." and services["worker"]["build"] == "."
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["minio"]["image"].startswith("minio/minio")
    assert services["minio-init"]["image"].startswith("minio/mc")
    assert (
        "celery" in services["worker"]["command"] and "donthu.ingest.celery" in services["worker"]["command"]
    )
    assert services["api"]["command"][:2] == ["donthu", "serve"]


def test_long_running_services_have_healthchecks_and_restart(compose: dict) -> None:
    for name, svc in compose["services"].items():
        if name in ("minio-init", "migrate"):  # one-shot jobs
            continue
        hc = svc.get("healthcheck")
        assert hc and hc.get("test"), f"{name} has no healthcheck"
        assert svc.get("restart") == "unless-stopped", name
    api_hc = " ".join(compose["services"]["api"]["healthcheck"]["test"])
    assert "/healthz" in api_hc


def test_volumes_are_declared(compose: dict) -> None:
    declared = set(compose.get("volumes") or {})
    for name in ("postgres", "minio", "redis", "api", "worker"):
        for vol in compose["services"][name].get("volumes", []):
            source = vol.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name}: volume {source} not declared"
    assert {"pgdata", "miniodata", "appdata", "redisdata"} <= declared


def test_worker_can_scale(compose: dict) -> None:
    worker = compose["services"]["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    assert "hostname" not in worker
    for name, svc in compose["services"].items():  # fixed host ports only on single-instance services
        if svc.get("ports"):
            assert name in ("api", "minio"), name


def test_buckets_are_created(compose: dict) -> None:
    cmd = " ".join(compose["services"]["minio-init"]["command"])
    assert "donthu-archive" in cmd and "donthu-inbox" in cmd
    deps = compose["services"]["api"]["depends_on"]
    assert deps["minio-init"]["condition"] == "service_completed_successfully"
    assert deps["postgres"]["condition"] == "service_healthy"
    assert compose["services"]["worker"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_every_donthu_variable_is_read_by_the_app(compose: dict) -> None:
    fields = {f"DONTHU_{name.upper()}" for name in Settings.model_fields}
    known = fields | READ_DIRECTLY
    seen = set()
    for name, svc in compose["services"].items():
        for key in _env(svc):
            if key.startswith("DONTHU_"):
                seen.add(key)
                assert key in known, f"{name} sets {key}, which the app does not read"
    assert {"DONTHU_DATABASE_URL", "DONTHU_STORAGE", "DONTHU_QUEUE", "DONTHU_BROKER_URL"} <= seen
    env = _env(compose["services"]["worker"])
    assert env["DONTHU_QUEUE"] == "celery" and env["DONTHU_BROKER_URL"].startswith("redis://redis:")
    assert env["DONTHU_CELERY_QUEUE"] in compose["services"]["worker"]["command"]
    assert env["DONTHU_STORAGE"] == "s3" and env["DONTHU_S3_ENDPOINT"] == "minio:9000"


def test_directly_read_variables_are_really_read() -> None:
    """READ_DIRECTLY above must match the package's os.environ reads (so the list cannot go stale)."""
    found = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).parts
        if rel[0] in (".venv", "tests", "bench", "data") or "migrations" in rel:
            continue
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'os\.environ(?:\.get)?\(\s*"(DONTHU_[A-Z0-9_]+)"', text))
        found |= set(re.findall(r'^ENV_[A-Z_]+\s*=\s*"(DONTHU_[A-Z0-9_]+)"', text, re.M))
    assert found <= READ_DIRECTLY | {f"DONTHU_{n.upper()}" for n in Settings.model_fields}, found
    assert READ_DIRECTLY <= found, READ_DIRECTLY - found


def test_inbox_service_watches_the_created_bucket(compose: dict) -> None:
    inbox = compose["services"]["inbox"]
    assert inbox["image"] == "donthu:latest"
    cmd = inbox["command"]
    assert cmd[0] == "donthu" and cmd[cmd.index("inbox") + 1] == "watch-s3"
    env = _env(inbox)
    assert env["DONTHU_INBOX_BUCKET"] in " ".join(compose["services"]["minio-init"]["command"])
    assert env["DONTHU_STORAGE"] == "s3" and env["DONTHU_QUEUE"] == "celery"
    assert inbox["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    heartbeat = cmd[cmd.index("--heartbeat") + 1]  # the health check reads the file the watcher touches
    assert heartbeat in " ".join(inbox["healthcheck"]["test"])


APP_SERVICES = ("api", "worker", "inbox")


def _url_user(url: str) -> str:
    return re.match(r"postgresql\+psycopg://([^:@/]+)[:@]", url).group(1)


def test_the_app_logs_in_as_a_role_that_cannot_erase_the_audit(compose: dict) -> None:
    """Finding 10.8: the app ran as the PostgreSQL superuser. Now only the one-shot `migrate` service logs in as
    the schema owner; api, worker and inbox use the restricted role it grants to, after it has finished."""
    services = compose["services"]
    pg_env = _env(services["postgres"])
    superuser = pg_env.get("POSTGRES_USER", "postgres")
    migrate = services["migrate"]
    assert migrate["image"] == "donthu:latest" and migrate["command"] == ["donthu", "db", "upgrade"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    menv = _env(migrate)
    owner = _url_user(menv["DONTHU_MIGRATION_DATABASE_URL"])
    app_role = menv["DONTHU_DB_APP_ROLE"]
    assert owner not in (superuser, app_role) and app_role != superuser
    assert "DONTHU_DATABASE_URL" not in menv or _url_user(menv["DONTHU_DATABASE_URL"]) == app_role
    for name in APP_SERVICES:
        env = _env(services[name])
        assert _url_user(env["DONTHU_DATABASE_URL"]) == app_role, name
        assert "DONTHU_MIGRATION_DATABASE_URL" not in env, name
        secrets = " ".join(env.values())  # neither the superuser's nor the owner's password reaches the app
        assert "POSTGRES_PASSWORD" not in secrets and "POSTGRES_OWNER_PASSWORD" not in secrets, name
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
    assert not any(
        svc.get("environment") is not None and "DONTHU_MIGRATION_DATABASE_URL" in _env(svc)
        for n, svc in services.items()
        if n != "migrate"
    )


def test_postgres_creates_the_roles_with_passwords_from_the_environment(compose: dict) -> None:
    pg = compose["services"]["postgres"]
    mounts = [v for v in pg["volumes"] if v.split(":")[1] == "/docker-entrypoint-initdb.d"]
    assert len(mounts) == 1
    folder = ROOT / mounts[0].split(":")[0]
    scripts = sorted(folder.glob("*.sh")) + sorted(folder.glob("*.sql"))
    assert scripts, folder
    script = "\n".join(p.read_text(encoding="utf-8") for p in scripts)
    menv = _env(compose["services"]["migrate"])
    for role in (_url_user(menv["DONTHU_MIGRATION_DATABASE_URL"]), menv["DONTHU_DB_APP_ROLE"]):
        create = re.search(rf"CREATE ROLE {role} ([^'\n]*)", script)
        assert create and "LOGIN" in create.group(1) and "NOSUPERUSER" in create.group(1), role
        assert re.search(rf"ALTER ROLE {role} PASSWORD :'\w+'", script), (
            role
        )  # a psql variable, not a literal
    assert re.search(
        r"CREATE DATABASE donthu OWNER " + _url_user(menv["DONTHU_MIGRATION_DATABASE_URL"]), script
    )
    pg_env = _env(pg)
    for var in re.findall(
        r"\$\{?(POSTGRES_\w+_PASSWORD)", script
    ):  # every password the script reads is required
        assert pg_env[var] == f"${{{var}:?set {var}}}", var
    assert "-h 127.0.0.1" in " ".join(pg["healthcheck"]["test"])  # not healthy while the init script runs
