"""The Celery work queue against the real Redis on this machine, with a worker subprocess the test starts."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celerykit import BROKERS, Cluster, cluster_env, require_broker
from sqlalchemy import func, select

from donthu.config import Settings, get_settings, reset_settings
from donthu.ingest.pipeline import Pipeline
from donthu.samples import render_page, write_document
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document, Page


@pytest.fixture(params=sorted(BROKERS))
def celery_env(
    request: pytest.FixtureRequest, pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """A worker on each broker the project supports: Redis and RabbitMQ."""
    broker = BROKERS[request.param]
    require_broker(broker)
    env, queue = cluster_env(pg_url, data_dir, broker=broker)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    reset_settings()
    cluster = Cluster(env, queue, data_dir.parent)
    cluster.start("w", concurrency=2)
    try:
        yield get_settings()
    finally:
        cluster.close()


def _petition(path: Path, n: int) -> None:
    text = (
        f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐƠN KIẾN NGHỊ\n\n"
        f"Kính gửi: Ủy ban nhân dân phường Số {n}\nTôi tên là Nguyễn Văn An{n}, sinh năm 1970.\n"
        f"Địa chỉ: số {n} đường Lê Lợi, phường Bến Thành.\nNội dung: đề nghị sửa đường hẻm số {n}."
    )
    write_document(path, [render_page(text, "clean", seed=n, dpi=100)], dpi=100)


def test_make_pipeline_follows_the_setting(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from donthu.ingest.celery import CeleryPipeline
    from donthu.ingest.pipeline import make_pipeline

    assert type(make_pipeline(get_settings())) is Pipeline  # default: the in-process pool, no broker
    monkeypatch.setenv("DONTHU_QUEUE", "celery")
    reset_settings()
    assert isinstance(make_pipeline(get_settings()), CeleryPipeline)


@pytest.mark.postgres
@pytest.mark.ocr
def test_ingest_through_a_celery_worker(celery_env: Settings, tmp_path: Path) -> None:
    from donthu.ingest.pipeline import make_pipeline

    scans = tmp_path / "scans"
    scans.mkdir()
    _petition(scans / "don-1.png", 1)
    _petition(scans / "don-2.pdf", 2)
    (scans / "hong.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 40)
    pipe = make_pipeline(celery_env)
    pipe.timeout = 240
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


@pytest.mark.postgres
@pytest.mark.ocr
def test_desk_uploads_go_through_the_workers(celery_env: Settings, tmp_path: Path) -> None:
    """With DONTHU_QUEUE=celery the web server reads no page: the worker does, the desk follows the job."""
    from fastapi.testclient import TestClient
    from stationkit import login, token, users

    from donthu.api.app import create_app

    _petition(tmp_path / "don.png", 7)
    with session_scope(celery_env.db_url) as db:
        users(db)
    app = create_app()
    client = TestClient(app)
    assert login(client, "reception") == 303
    client.headers["X-CSRF-Token"] = token(client)
    job = client.post(
        "/api/uploads", files={"file": ("don.png", (tmp_path / "don.png").read_bytes(), "image/png")}
    )
    assert job.status_code == 200, job.text
    assert app.state.uploads.wait(timeout=180)
    done = client.get(f"/api/uploads/{job.json()['id']}").json()
    assert done["status"] == "done" and len(done["cases"]) == 1, done
    log = (tmp_path / "worker-w.log").read_text(errors="replace")  # the worker of this test (celery_env)
    sha = hashlib.sha256((tmp_path / "don.png").read_bytes()).hexdigest()
    assert f"donthu.ocr_page[{sha}:page:1] succeeded" in log  # the page was read by the worker process
