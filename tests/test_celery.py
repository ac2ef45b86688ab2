"""The Celery work queue against the real Redis on this machine, with a worker subprocess the test starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from donthu.config import Settings, get_settings, reset_settings
from donthu.ingest.pipeline import Pipeline
from donthu.samples import render_page, write_document
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document, Page

REDIS_URL = os.environ.get("DONTHU_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
REQUIRE = os.environ.get("DONTHU_REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parents[1]


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:
        return False


@pytest.fixture()
def celery_env(pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    if not _redis_available():
        if REQUIRE:
            pytest.fail(f"Redis is required but not reachable at {REDIS_URL}")
        pytest.skip("Redis not reachable")
    queue = f"donthu-test-{uuid.uuid4().hex[:10]}"
    env = {"DONTHU_DATABASE_URL": pg_url, "DONTHU_QUEUE": "celery", "DONTHU_BROKER_URL": REDIS_URL,
           "DONTHU_CELERY_QUEUE": queue, "DONTHU_STORAGE_DIR": str(data_dir / "objects"), "DONTHU_WORKERS": "1"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    reset_settings()
    log = (data_dir.parent / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "donthu.ingest.tasks", "worker", "-Q", queue, "-c", "2",
         "--pool", "prefork", "--loglevel", "INFO", "-n", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env={**os.environ, **env}, cwd=str(data_dir.parent), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        yield get_settings()
    finally:
        try:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        except Exception:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        log.close()
        import redis

        r = redis.Redis.from_url(REDIS_URL)
        keys = [queue, *r.keys(f"{queue}*"), *r.keys("donthu:lock:*")]
        r.delete(*keys)
        from donthu.ingest import tasks

        tasks.app.close()  # drop this test's broker connections; the next test may use another broker


def _petition(path: Path, n: int) -> None:
    text = (f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐƠN KIẾN NGHỊ\n\n"
            f"Kính gửi: Ủy ban nhân dân phường Số {n}\nTôi tên là Nguyễn Văn An{n}, sinh năm 1970.\n"
            f"Địa chỉ: số {n} đường Lê Lợi, phường Bến Thành.\nNội dung: đề nghị sửa đường hẻm số {n}.")
    write_document(path, [render_page(text, "clean", seed=n, dpi=100)], dpi=100)


def test_make_pipeline_follows_the_setting(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from donthu.ingest.tasks import CeleryPipeline, make_pipeline

    assert type(make_pipeline(get_settings())) is Pipeline  # default: the in-process pool, no broker
    monkeypatch.setenv("DONTHU_QUEUE", "celery")
    reset_settings()
    assert isinstance(make_pipeline(get_settings()), CeleryPipeline)


@pytest.mark.postgres
@pytest.mark.ocr
def test_ingest_through_a_celery_worker(celery_env: Settings, tmp_path: Path) -> None:
    from donthu.ingest.tasks import make_pipeline

    scans = tmp_path / "scans"
    scans.mkdir()
    _petition(scans / "don-1.png", 1)
    _petition(scans / "don-2.pdf", 2)
    (scans / "hong.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 40)
    pipe = make_pipeline(celery_env)
    pipe.timeout = 240  # type: ignore[attr-defined]
    started = time.monotonic()
    summary = pipe.run([scans])
    assert time.monotonic() - started < 240
    by_name = {f.name: f for f in summary.files}
    assert by_name["don-1.png"].status == "new" and by_name["don-2.pdf"].status == "new"
    assert by_name["hong.pdf"].status == "failed" and "PDF bị hỏng" in (by_name["hong.pdf"].reason or "")
    assert len(by_name["don-1.png"].case_ids) == 1 and len(by_name["don-2.pdf"].case_ids) == 1
    assert summary.pages_read == 2
    with session_scope(celery_env.db_url) as db:
        docs = {d.original_name: d for d in db.scalars(select(Document))}
        assert docs["don-1.png"].status == docs["don-2.pdf"].status == "done"
        pages = list(db.scalars(select(Page)))
        assert len(pages) == 2 and all(p.ocr_seconds > 0 for p in pages)
        assert any("Nguy" in (p.text or "") for p in pages)
        case = db.scalar(select(Case).where(Case.case_id == by_name["don-1.png"].case_ids[0]))
        assert case is not None and case.status == "pending_verification"
        n_cases = db.scalar(select(func.count(Case.id)))

    # the same files again: nothing is read or created twice
    again = make_pipeline(celery_env).run([scans])
    assert sorted(f.status for f in again.files) == ["already", "already", "previously_failed"]
    with session_scope(celery_env.db_url) as db:
        assert db.scalar(select(func.count(Case.id))) == n_cases
        assert db.scalar(select(func.count(Page.id))) == 2
