"""Celery work queue against the embedded pipeline, side by side in one run, on the same pages.

    python bench/queue_speed.py [FOLDER ...] [--pages 100] [--pg URL] [--redis URL]

Without a folder, ``--pages`` scanned pages are generated first (the project's petition generator, 300 dpi,
mixed scan profiles: clean, office, photocopy, low resolution, upside down; no blank separator sheets, so every
page is real OCR work). Three runs over the same files, each into a fresh PostgreSQL database and object store:

  * embedded: ``DONTHU_QUEUE=local``, the in-process pool with 2 processes;
  * queue, 1 worker: ``DONTHU_QUEUE=celery`` with one Celery worker process on Redis;
  * queue, 2 workers: two Celery workers (as ``docker compose up --scale worker=2``), one process each.

The workers are started and ready before the clock starts; each run is timed from the start of ingest (hashing,
storing originals, registration, sending tasks) until the last document has its cases. It prints pages per
minute, the ratios (2 workers / 1 worker, queue / embedded), the mean OCR cost per page measured in the workers,
and the worker cores a backlog of 1,000,000 pages needs to finish in a week at the measured queue throughput.
Figures only: no pass/fail.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ("clean", "office", "photocopy", "lowres", "upside")


def generate(folder: Path, pages: int, seed: int = 11) -> int:
    from donthu.samples import make_petition, render_page, write_document

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    made = 0
    i = 0
    while made < pages:
        n = min(rng.choice([1, 2, 2, 3]), pages - made)
        pet = make_petition(rng, n_pages=n)
        profile = PROFILES[i % len(PROFILES)]
        images = [
            render_page(t, profile, seed=seed * 1000 + i * 7 + k, dpi=300) for k, t in enumerate(pet.pages)
        ]
        suffix = ".pdf" if len(images) > 1 else rng.choice([".pdf", ".png", ".jpg"])
        write_document(folder / f"don-{i:03d}{suffix}", images, dpi=300)
        made += len(images)
        i += 1
    return made


def fresh_db(admin_url: str) -> tuple[str, str]:
    import psycopg

    name = f"donthu_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return name, f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)


def drop_db(admin_url: str, name: str) -> None:
    import psycopg

    from donthu.storage.db import dispose_engines

    dispose_engines()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_worker(env: dict[str, str], queue: str, name: str, log: Path) -> subprocess.Popen:
    from donthu.ingest.celery import worker_argv

    fh = log.open("wb")
    proc = subprocess.Popen(
        worker_argv(queue, name),
        env={**os.environ, **env},
        stdout=fh,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=str(log.parent),
    )
    fh.close()
    return proc


def wait_ready(logs: list[Path], procs: list[subprocess.Popen], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not all(" ready." in p.read_text(errors="replace") for p in logs):
        if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
            raise SystemExit("a Celery worker did not start: " + logs[0].read_text(errors="replace")[-3000:])
        time.sleep(0.2)


@dataclass
class QueueRun:
    db_url: str  # the fresh database (SQLAlchemy URL)
    procs: list[subprocess.Popen]  # the Celery workers (each the leader of its own process group)


@contextmanager
def queue_run(
    label: str,
    workdir: Path,
    admin_url: str,
    redis_url: str,
    celery_workers: int,
    extra_env: dict[str, str] | None = None,
) -> Iterator[QueueRun]:
    """A fresh PostgreSQL database (migrated) and, for ``celery_workers`` > 0, that many Celery workers (one
    process each) on a fresh queue, started and ready; the app's settings point at them (``extra_env`` added,
    e.g. the S3 store). Afterwards stops the workers, restores the environment and drops the database."""
    from donthu.config import reset_settings
    from donthu.storage.db import migrate

    db_name, db_url = fresh_db(admin_url)
    queue = f"donthu-bench-{uuid.uuid4().hex[:8]}"
    env = {
        "DONTHU_DATABASE_URL": db_url,
        "DONTHU_DATA_DIR": str(workdir / label),
        "DONTHU_STORAGE": "local",
        "DONTHU_STORAGE_DIR": str(workdir / label / "objects"),
        "DONTHU_QUEUE": "celery" if celery_workers else "local",
        "DONTHU_BROKER_URL": redis_url,
        "DONTHU_CELERY_QUEUE": queue,
        "DONTHU_WORKERS": "2",
        "DONTHU_SETTINGS_FILE": str(workdir / "none.toml"),
        **(extra_env or {}),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    reset_settings()
    procs: list[subprocess.Popen] = []
    try:
        migrate(db_url)  # as the entry points do (the local run has no worker to migrate at start)
        (workdir / label).mkdir(parents=True, exist_ok=True)
        logs = [workdir / label / f"worker-{n}.log" for n in range(celery_workers)]
        for n, log in enumerate(logs):
            procs.append(start_worker(env, queue, f"w{n}", log))
        wait_ready(logs, procs)
        yield QueueRun(db_url, procs)
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(60)
            except Exception:
                os.killpg(p.pid, signal.SIGKILL)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        from donthu.ingest import celery as ingest_celery

        ingest_celery.app.close()
        reset_settings()
        drop_db(admin_url, db_name)
        try:
            import redis

            redis.Redis.from_url(redis_url).delete(queue)
        except Exception:
            pass


def one_run(
    label: str, files: list[Path], workdir: Path, admin_url: str, redis_url: str, celery_workers: int
) -> dict:
    from sqlalchemy import func, select

    from donthu.config import get_settings
    from donthu.ingest.celery import make_pipeline
    from donthu.storage.db import session_scope
    from donthu.storage.models import Page

    with queue_run(label, workdir, admin_url, redis_url, celery_workers) as qr:
        db_url = qr.db_url
        pipe = make_pipeline(get_settings())
        started = time.perf_counter()
        summary = pipe.run(files)
        seconds = time.perf_counter() - started
        with session_scope(db_url) as db:
            pages = db.scalar(select(func.count(Page.id))) or 0
            ocr = (
                db.scalar(
                    select(func.avg(Page.ocr_seconds)).where(Page.blank.is_(False), Page.source == "ocr")
                )
                or 0.0
            )
        bad = [f"{f.name}: {f.reason}" for f in summary.failures]
        return {
            "label": label,
            "seconds": seconds,
            "pages": pages,
            "ppm": pages / seconds * 60,
            "ocr_mean": float(ocr),
            "cases": summary.petitions,
            "failures": bad,
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--pages", type=int, default=100, help="pages to generate when no folder is given")
    ap.add_argument(
        "--pg",
        default=os.environ.get("DONTHU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = ap.parse_args()

    from donthu.ingest.pipeline import expand_paths

    workdir = Path(tempfile.mkdtemp(prefix="donthu-queue-bench-"))
    try:
        if args.folders:
            files = expand_paths(args.folders)
            print(f"{len(files)} files from {', '.join(map(str, args.folders))}")
        else:
            t = time.perf_counter()
            n = generate(workdir / "scans", args.pages)
            files = expand_paths([workdir / "scans"])
            print(f"generated {n} scanned pages in {len(files)} files ({time.perf_counter() - t:.0f} s)")
        print(f"machine: {os.cpu_count()} cores")
        runs = [
            one_run("embedded", files, workdir, args.pg, args.redis, 0),
            one_run("queue-1-worker", files, workdir, args.pg, args.redis, 1),
            one_run("queue-2-workers", files, workdir, args.pg, args.redis, 2),
        ]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\n{'run':<18}{'pages':>7}{'seconds':>10}{'pages/min':>11}{'OCR s/page':>12}{'cases':>7}")
    for r in runs:
        print(
            f"{r['label']:<18}{r['pages']:>7}{r['seconds']:>10.1f}{r['ppm']:>11.1f}{r['ocr_mean']:>12.2f}"
            f"{r['cases']:>7}"
        )
        for f in r["failures"]:
            print(f"    failed: {f}")
    emb, one, two = runs
    print(f"\n2 workers / 1 worker: {two['ppm'] / one['ppm']:.2f}x   (target >= 1.7)")
    print(f"queue (2 workers) / embedded (2 processes): {two['ppm'] / emb['ppm']:.2f}x   (target >= 0.85)")
    per_core = one["ppm"] * 60  # pages per hour of one worker process (one core)
    week = per_core * 168
    cores = 1_000_000 / week
    print(
        f"\none worker process: {per_core:.0f} pages/hour, {week:,.0f} pages/week;"
        f" 1,000,000 pages in a week: {cores:.2f} cores busy all week -> {math.ceil(cores * 1.3)} worker cores"
        " with 30% headroom"
    )


if __name__ == "__main__":
    main()
