"""Outages (issue 10, findings 6 and 15): when the object store or the database goes away, nothing is lost, the
clerk and the operator are told what is down in one Vietnamese sentence, and the work resumes when it is back.

The failures are real: a local store whose folder is blocked by a regular file (writes fail with ENOTDIR, also as
root), an S3 endpoint on a closed port, a PostgreSQL URL on a closed port, a PostgreSQL database that refuses
connections for a while."""

from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from typer.testing import CliRunner

from donthu.api.jobs import UploadRunner, upload_path
from donthu.cli import app as cli_app
from donthu.config import Settings, get_settings, reset_settings
from donthu.ingest.errors import OUTAGE_MARK
from donthu.ingest.inbox import InboxWatcher
from donthu.ingest.pipeline import Pipeline
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document, UploadJob


def blank_png(width: int = 400) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, 300), 255).save(buf, "PNG")
    return buf.getvalue()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def block(store_dir: Path, folder: str) -> Path:
    """Put a regular file where the store keeps a folder: every write under it fails (ENOTDIR)."""
    store_dir.mkdir(parents=True, exist_ok=True)
    blocker = store_dir / folder
    blocker.write_bytes(b"")
    return blocker


def new_job(settings: Settings, name: str, data: bytes) -> tuple[int, Path]:
    path = upload_path(settings, name)
    path.write_bytes(data)
    with session_scope(settings.db_url) as db:
        return repo.create_upload_job(db, "letan", name, str(path), len(data)).id, path


def job_state(settings: Settings, job_id: int) -> tuple[str, str | None, list]:
    with session_scope(settings.db_url) as db:
        job = db.get(UploadJob, job_id)
        return job.status, job.error, list(job.case_ids or [])


def test_desk_upload_is_kept_when_the_store_fails_and_goes_on_when_it_is_back(data_dir: Path) -> None:
    s = get_settings()
    blocker = block(s.objects_dir, "originals")
    data = blank_png()
    job_a, path_a = new_job(s, "don-a.png", data)
    runner = UploadRunner(s)
    try:
        runner.submit(job_a)
        assert runner.wait(60)
        status, error, _ = job_state(s, job_a)
        assert status == "failed"
        assert "kho lưu trữ" in error and "vẫn được giữ" in error and "không cần tải lên lại" in error
        assert path_a.read_bytes() == data  # the clerk's file survives (it was deleted)
        with session_scope() as db:
            assert db.scalar(select(Document)) is None  # and nobody claims an original was stored
        blocker.unlink()  # the store is back
        job_b, path_b = new_job(s, "don-b.png", blank_png(420))
        runner.submit(job_b)
        deadline = time.monotonic() + 60
        while job_state(s, job_a)[0] != "done" and time.monotonic() < deadline:
            runner.wait(5)
            time.sleep(0.05)
    finally:
        runner.shutdown()
    assert job_state(s, job_b)[0] == "done"
    status, _error, cases = job_state(s, job_a)
    assert status == "done" and len(cases) == 1  # picked up again after the next upload went through
    assert not path_a.exists() and not path_b.exists()  # removed once the originals are in the store
    with session_scope() as db:
        assert {d.original_name for d in db.scalars(select(Document))} == {"don-a.png", "don-b.png"}


def test_desk_upload_kept_through_an_s3_outage_runs_at_restart(s3_settings: Settings) -> None:
    down = s3_settings.model_copy(update={"s3_endpoint": f"127.0.0.1:{closed_port()}"})
    data = blank_png()
    job_id, path = new_job(down, "don.png", data)
    runner = UploadRunner(down)
    runner.submit(job_id)
    assert runner.wait(120)
    runner.shutdown()
    status, error, _ = job_state(down, job_id)
    assert status == "failed" and "kho lưu trữ" in error and "vẫn được giữ" in error
    assert path.read_bytes() == data
    restarted = UploadRunner(s3_settings)  # the server starts again with the store reachable
    try:
        restarted.resume_unfinished()
        assert restarted.wait(60)
    finally:
        restarted.shutdown()
    status, _error, cases = job_state(s3_settings, job_id)
    assert status == "done" and len(cases) == 1 and not path.exists()


def test_cli_ingest_database_down_is_one_line(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "DONTHU_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/donthu"
    )
    reset_settings()
    (tmp_path / "a.png").write_bytes(blank_png())
    res = CliRunner().invoke(cli_app, ["ingest", str(tmp_path / "a.png"), "--workers", "1"])
    assert res.exit_code == 3, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output
    assert "Cơ sở dữ liệu không truy cập được" in res.output


def test_cli_ingest_store_outage_mid_run_marks_documents_and_resumes(data_dir: Path, tmp_path: Path) -> None:
    s = get_settings()
    blocker = block(s.objects_dir, "pages")  # originals are stored, page images cannot be
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "a.png").write_bytes(blank_png(400))
    (folder / "b.png").write_bytes(blank_png(420))
    res = CliRunner().invoke(cli_app, ["ingest", str(folder), "--workers", "1"])
    assert res.exit_code == 3, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "Traceback" not in res.output
    assert "Dừng: Kho lưu trữ tệp không truy cập được" in res.output
    with session_scope() as db:
        docs = list(db.scalars(select(Document)))
        assert len(docs) == 2 and {d.status for d in docs} == {"failed"}  # not "processing" with no reason
        assert all("ngừng hoạt động" in d.error and d.error_detail.startswith(OUTAGE_MARK) for d in docs)
    blocker.unlink()
    again = CliRunner().invoke(cli_app, ["ingest", str(folder), "--workers", "1"])  # no --retry-failed
    assert again.exit_code == 0, again.output
    with session_scope() as db:
        assert {d.status for d in db.scalars(select(Document))} == {"done"}
        assert len(list(db.scalars(select(Case)))) == 2


def test_inbox_watch_goes_on_after_a_store_outage(data_dir: Path, tmp_path: Path) -> None:
    s = get_settings()
    blocker = block(s.objects_dir, "originals")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.png").write_bytes(blank_png())
    watcher = InboxWatcher(
        inbox,
        tmp_path / "processed",
        tmp_path / "failed",
        settle_seconds=0,
        poll_seconds=0.05,
        pipeline=Pipeline(s, workers=1),
    )
    stop = threading.Event()
    results: list = []
    errors: list[BaseException] = []

    def loop() -> None:
        try:
            results.extend(watcher.run(stop=stop))
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    time.sleep(1.5)  # a few polls against the broken store
    assert thread.is_alive() and not errors  # the watcher did not die
    assert (inbox / "a.png").is_file()  # and the file waits in the inbox
    blocker.unlink()
    deadline = time.monotonic() + 60
    while not (tmp_path / "processed" / "a.png").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    thread.join(30)
    assert (tmp_path / "processed" / "a.png").is_file() and not errors
    assert [r.status for r in results] == ["new"]


def test_desk_job_outcome_is_recorded_after_a_database_blip(
    pg_server: str, pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL refuses every connection for a moment just as a desk job finishes: the outcome is written once
    it is back (the job used to stay "processing" until the server restarted)."""
    import psycopg

    monkeypatch.setenv("DONTHU_DATABASE_URL", pg_url)
    reset_settings()
    s = get_settings()
    job_id, _path = new_job(s, "don.png", blank_png())
    runner = UploadRunner(s)
    runner.record_delays = (0.3,) * 30
    name = pg_url.rsplit("/", 1)[1]

    def allow(on: bool) -> None:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if on else "false"}')
            if not on:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
                )

    allow(False)
    back = threading.Timer(1.5, allow, (True,))
    back.start()
    try:
        with pytest.raises(Exception):  # noqa: B017 - any driver error: the database is really unreachable
            job_state(s, job_id)
        assert runner._record(job_id, {"status": "failed", "error": "Không đọc được tệp."})
    finally:
        back.join()
        runner.shutdown()
    assert job_state(s, job_id)[:2] == ("failed", "Không đọc được tệp.")
