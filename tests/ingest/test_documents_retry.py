"""Failed files in the UI and their retry: the failed state is listed with the clerk's reason, "Thử lại" runs the
stored original again (pages already read are not read twice), and a page task that keeps failing in a Celery
worker ends as a failed document instead of a document left "processing" for ever."""

from __future__ import annotations

import hashlib
import io

import pytest
from fakes import FailingEngine, ocr_engine
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from stationkit import csrf_of, login, token, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.ingest import errors
from donthu.ingest.pipeline import Pipeline
from donthu.samples import render_page, write_document
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, Document, Page

PETITION = (
    "ĐƠN KIẾN NGHỊ\nKính gửi: Ủy ban nhân dân phường Bồ Đề\nTôi tên là Lê Thị Hoa, trú tại số 12 ngõ 5 "
    "phố Ngọc Lâm.\nĐề nghị sửa chữa đường ngõ 5 bị ngập khi trời mưa."
)


def _client(role: str) -> TestClient:
    app = create_app()
    c = TestClient(app)
    assert login(c, role) == 303
    c.headers["X-CSRF-Token"] = token(c)
    c.app_state = app.state
    return c


@pytest.mark.ocr
def test_a_failed_file_is_listed_and_retried_from_its_stored_original(
    db_url: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("DONTHU_WORKERS", "1")
    reset_settings()
    scans = tmp_path / "scans"
    scans.mkdir()
    p1 = render_page(PETITION, "clean", seed=1, dpi=100)
    p2 = render_page(PETITION.replace("ngõ 5", "ngõ 7"), "clean", seed=2, dpi=100)
    write_document(scans / "don-2-trang.pdf", [p1, p2], dpi=100)

    # the OCR engine breaks once, on page 2 (a worker fault): the document fails, page 1 stays stored
    flaky = FailingEngine(fail_on={2})
    monkeypatch.setenv("DONTHU_OCR_ENGINE", "flaky")
    reset_settings()
    with ocr_engine("flaky", flaky):
        _fail_then_retry(scans, flaky)


def _fail_then_retry(scans, flaky: FailingEngine) -> None:
    summary = Pipeline(get_settings(), workers=1).run([scans])
    assert summary.files[0].status == "failed" and "trang 2" in (summary.files[0].reason or "")
    (scans / "don-2-trang.pdf").unlink()  # only the stored original is left
    with session_scope() as db:
        users(db)
        doc = db.scalar(select(Document))
        assert doc.status == "failed" and db.scalar(select(func.count(Page.id))) == 1
        doc_id = doc.id

    # everyone sees the failed state with the reason; the retry button only for those who may retry
    verifier = _client("verifier")
    page = verifier.get("/documents")
    assert page.status_code == 200 and "don-2-trang.pdf" in page.text and "trang 2" in page.text
    assert "Thử lại" not in page.text
    assert verifier.post(f"/api/documents/{doc_id}/retry").status_code == 403
    assert "error_detail" not in verifier.get("/api/documents?status=failed").json()[0]

    desk = _client("reception")
    page = desk.get("/documents?status=failed")
    assert "Thử lại" in page.text and f'action="/documents/{doc_id}/retry"' in page.text
    # also under the queue; the original file name (it may carry a person's name) only for cleared roles
    queue = desk.get("/").text
    assert f"tep-{doc_id:06d}.pdf" in queue and "don-2-trang.pdf" not in queue
    res = desk.post(f"/documents/{doc_id}/retry", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert res.status_code == 303 and "retried=" in res.headers["location"]
    assert desk.app_state.uploads.wait(timeout=180)

    with session_scope() as db:
        doc = db.get(Document, doc_id)
        assert doc.status == "done" and doc.error is None
        pages = list(db.scalars(select(Page).where(Page.document_id == doc_id).order_by(Page.page_no)))
        assert [p.page_no for p in pages] == [1, 2] and "ngõ 7" in pages[1].text.replace("ngỡ", "ngõ")
        assert db.scalar(select(func.count(Case.id)).where(Case.document_id == doc_id)) == 1
        retry = db.scalar(select(AuditLog).where(AuditLog.action == "document_retry"))
        assert retry is not None and retry.actor == "reception" and retry.detail["document"] == doc_id
    assert flaky.calls == 3  # page 1 was not read again: 2 calls in the first run, 1 in the retry
    assert "don-2-trang.pdf" not in desk.get("/documents?status=failed").text
    # a document that is not failed is not retried
    assert desk.post(f"/api/documents/{doc_id}/retry").status_code == 409
    assert desk.post("/api/documents/999999/retry").status_code == 404


def test_a_retry_without_the_csrf_token_is_refused(db_url: str) -> None:
    with session_scope() as db:
        users(db)
        db.add(
            Document(
                sha256="a" * 64, original_name="x.pdf", size=1, object_key="originals/x", status="failed"
            )
        )
    c = _client("admin")
    del c.headers["X-CSRF-Token"]
    res = c.post("/documents/1/retry", data={}, follow_redirects=False)
    assert res.status_code == 403
    with session_scope() as db:
        assert db.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "document_retry")) == 0


def test_a_page_task_that_keeps_failing_fails_its_document(data_dir, monkeypatch) -> None:
    """Celery page task whose original cannot be fetched: retried, then the document is failed (eager run)."""
    from donthu.ingest import celery as tasks

    buf = io.BytesIO()
    render_page(PETITION, "clean", seed=1, dpi=100).save(buf, "PNG")
    sha = hashlib.sha256(buf.getvalue() + b"x").hexdigest()
    with session_scope() as db:
        doc = Document(
            sha256=sha,
            original_name="mat.png",
            size=10,
            object_key=f"originals/{sha}",
            status="processing",
            page_count=1,
            media_type="png",
        )
        db.add(doc)
        db.flush()
        doc_id = doc.id
    tasks.reset_worker_contexts()
    task = {
        "document_id": doc_id,
        "path": "",
        "kind": "png",
        "index": 0,
        "text_layer": None,
        "dpi": 200,
        "lang": "vie",
        "postcorrect": True,
    }
    result = tasks.ocr_page.apply(args=(task, sha, f"originals/{sha}"))  # the original is not in the store
    assert result.get() == "failed"
    with session_scope() as db:
        doc = db.get(Document, doc_id)
        assert doc.status == "failed" and doc.error == errors.PAGE_GAVE_UP.format(page=1)
        assert "ObjectNotFound" in (doc.error_detail or "") or "not found" in (doc.error_detail or "").lower()
    tasks.reset_worker_contexts()


def test_a_worker_keeps_only_the_recently_used_originals(tmp_path, monkeypatch) -> None:
    """Workers fetch originals from the object store; on a backlog their disk must not fill up."""
    import os
    from types import SimpleNamespace

    from donthu.ingest import celery as tasks

    monkeypatch.setattr(tasks.tempfile, "gettempdir", lambda: str(tmp_path))
    blobs = {f"k{i}": f"file {i}".encode() for i in range(tasks.ORIGINALS_KEPT + 5)}
    fetched: list[str] = []

    def get(key: str) -> bytes:
        fetched.append(key)
        return blobs[key]

    store = SimpleNamespace(get=get)
    first = tasks.local_original(store, "sha0", "k0")
    mtime = first.stat().st_mtime_ns
    for i in range(1, len(blobs)):
        os.utime(first, ns=(0, mtime))  # make sha0 look old ...
        tasks.local_original(store, "sha0", "k0")  # ... and then used again
        path = tasks.local_original(store, f"sha{i}", f"k{i}")
        assert path.read_bytes() == blobs[f"k{i}"]
    kept = sorted(p.name for p in (tmp_path / f"donthu-originals-{os.getuid()}").iterdir())
    assert len(kept) == tasks.ORIGINALS_KEPT
    assert "sha0" in kept and "sha1" not in kept  # the one in use stays, the least recently used went
    assert fetched.count("k0") == 1  # fetched once, then read from the local copy
    assert first.stat().st_mtime_ns == mtime  # its modification time (the open-PDF cache key) is unchanged
