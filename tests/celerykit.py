"""Real Celery workers for the queue tests: subprocesses on the Redis of this machine, one queue per test."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REDIS_URL = os.environ.get("DONTHU_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
AMQP_URL = os.environ.get("DONTHU_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
BROKERS = {"redis": REDIS_URL, "rabbitmq": AMQP_URL}
REQUIRE = os.environ.get("DONTHU_REQUIRE_SERVICES") == "1"
_TASK_LINE = re.compile(r"Task (donthu\.[a-z_]+)\[([^\]]+)\] (received|succeeded)")


def broker_available(url: str) -> bool:
    try:
        from kombu import Connection

        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def require_broker(url: str = REDIS_URL) -> None:
    if not broker_available(url):
        if REQUIRE:
            pytest.fail(f"the broker is required but not reachable at {url}")
        pytest.skip(f"broker not reachable at {url}")


def queue_length(url: str, queue: str) -> int:
    """Messages waiting in the queue (not counting those held by workers)."""
    from kombu import Connection

    with Connection(url) as conn:
        if url.startswith("redis"):
            return int(conn.default_channel.client.llen(queue))
        try:
            return int(conn.default_channel.queue_declare(queue, passive=True).message_count)
        except Exception:  # the queue does not exist
            return 0


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tasks(self, state: str, task: str = "donthu.ocr_page") -> list[str]:
        """Ids of the tasks this worker logged as ``received`` or ``succeeded`` (in order)."""
        return [m[2] for m in _TASK_LINE.finditer(self.log()) if m[1] == task and m[3] == state]

    def held(self, task: str = "donthu.ocr_page") -> set[str]:
        """Tasks received and not (yet) finished: the ones a kill would interrupt."""
        return set(self.tasks("received", task)) - set(self.tasks("succeeded", task))

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: no cleanup, no acknowledgement."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(30)
        except Exception:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


@dataclass
class Cluster:
    """Workers of one test queue, all with the same environment as the test's settings."""

    env: dict[str, str]
    queue: str
    folder: Path
    workers: list[Worker] = field(default_factory=list)

    def start(self, name: str, concurrency: int = 1) -> Worker:
        log_path = self.folder / f"worker-{name}.log"
        log = log_path.open("wb")
        # imported at use: the module builds its app from the settings of that moment
        from donthu.ingest.celery import worker_argv

        proc = subprocess.Popen(
            worker_argv(self.queue, name, concurrency),
            env={**os.environ, **self.env},
            cwd=str(self.folder),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        w = Worker(name, proc, log_path)
        self.workers.append(w)
        return w

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        url = self.env["DONTHU_BROKER_URL"]
        if url.startswith("redis"):
            import redis

            r = redis.Redis.from_url(url)
            keys = [self.queue, *r.keys(f"{self.queue}*"), *r.keys("donthu:lock:*")]
            r.delete(*keys)
        else:
            from kombu import Connection

            with Connection(url) as conn:
                try:
                    conn.default_channel.queue_delete(self.queue)
                except Exception:
                    pass
        from donthu.ingest import celery as ingest_celery

        ingest_celery.app.close()  # drop this test's broker connections; the next test may use another broker


def cluster_env(
    pg_url: str, data_dir: Path, broker: str = REDIS_URL, **extra: str
) -> tuple[dict[str, str], str]:
    queue = f"donthu-test-{uuid.uuid4().hex[:10]}"
    env = {
        "DONTHU_DATABASE_URL": pg_url,
        "DONTHU_QUEUE": "celery",
        "DONTHU_BROKER_URL": broker,
        "DONTHU_CELERY_QUEUE": queue,
        "DONTHU_STORAGE_DIR": str(data_dir / "objects"),
        "DONTHU_WORKERS": "1",
        **extra,
    }
    return env, queue
