"""docker-compose.yml stays deployable: services, images, health checks, a scalable worker, known settings.

Docker cannot run in CI, so the file is checked by parsing it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from donthu.config import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
# DONTHU_* variables read outside config.Settings (grep os.environ in the package)
READ_DIRECTLY = {"DONTHU_SETTINGS_FILE", "DONTHU_SECRET_KEY", "DONTHU_AGENCY_NAME", "DONTHU_EXTRA_HOLIDAYS"}


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
    assert "celery" in services["worker"]["command"] and "donthu.ingest.tasks" in services["worker"]["command"]
    assert services["api"]["command"][:2] == ["donthu", "serve"]


def test_long_running_services_have_healthchecks_and_restart(compose: dict) -> None:
    for name, svc in compose["services"].items():
        if name == "minio-init":  # a one-shot job
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
