"""The reception desk: uploads go through the real ingest pipeline in the background, progress is polled, case
numbers come back, and the receipt shows number, date received, deadline and a QR code."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import login, token, users

from donthu.api import deadlines
from donthu.api.app import create_app
from donthu.api.jobs import safe_filename
from donthu.config import reset_settings
from donthu.samples import render_page
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Document, UploadJob

PETITION = (
    "ĐƠN KIẾN NGHỊ\nKính gửi: Ủy ban nhân dân phường Bồ Đề\nTôi tên là Lê Thị Hoa, trú tại số 12 ngõ 5 "
    "phố Ngọc Lâm.\nĐề nghị sửa chữa đường ngõ 5 bị ngập khi trời mưa."
)


def png(text: str) -> bytes:
    buf = io.BytesIO()
    render_page(text, "clean", seed=3, dpi=100).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture()
def desk(db_url: str) -> TestClient:
    with session_scope() as db:
        users(db)
    app = create_app()
    client = TestClient(app)
    assert login(client, "reception") == 303
    client.headers["X-CSRF-Token"] = token(client)
    client.app_state = app.state
    return client


@pytest.mark.ocr
def test_upload_runs_the_pipeline_and_prints_a_receipt(desk: TestClient) -> None:
    page = desk.get("/reception")
    assert page.status_code == 200 and "Kéo thả" in page.text
    good = desk.post("/api/uploads", files={"file": ("don kien nghi.png", png(PETITION), "image/png")})
    bad = desk.post("/api/uploads", files={"file": ("hong.pdf", b"%PDF-1.4 truncated", "application/pdf")})
    assert good.status_code == 200 and bad.status_code == 200, good.text
    assert (
        good.json()["status"] in ("queued", "processing") and good.json()["filename"] == "don kien nghi.png"
    )
    assert desk.app_state.uploads.wait(timeout=180)
    jobs = {
        j["id"]: j
        for j in desk.get("/api/uploads", params={"ids": f"{good.json()['id']},{bad.json()['id']}"}).json()
    }
    g, b = jobs[good.json()["id"]], jobs[bad.json()["id"]]
    assert g["status"] == "done" and g["finished"] and g["pages_total"] == 1 and g["pages_done"] == 1, g
    assert len(g["cases"]) == 1 and re.fullmatch(r"DT-\d{4}-\d{6}", g["cases"][0]["case_id"])
    assert b["status"] == "failed" and "PDF" in b["error"]
    case_id = g["cases"][0]["case_id"]
    # the file kept its name; the temporary upload is gone
    with session_scope() as db:
        doc = db.scalar(select(Document).where(Document.original_name == "don kien nghi.png"))
        assert doc is not None and doc.status == "done"
        job = db.get(UploadJob, g["id"])
        from pathlib import Path

        assert not Path(job.path).exists()
        case = repo.get_case(db, case_id)
        due = deadlines.processing_deadline(case.received_at).strftime("%d/%m/%Y")
        name = case.complainant_name
        protected = case.identity_protected
        assert db.scalar(select(AuditLog).where(AuditLog.action == "upload")) is not None
    assert g["cases"][0]["deadline"] == due
    # the same file again: already received, same case number
    again = desk.post("/api/uploads", files={"file": ("lan-2.png", png(PETITION), "image/png")}).json()
    assert desk.app_state.uploads.wait(timeout=60)
    again = desk.get(f"/api/uploads/{again['id']}").json()
    assert again["status"] == "already" and again["cases"][0]["case_id"] == case_id
    receipt = desk.get(f"/cases/{case_id}/receipt")
    assert receipt.status_code == 200
    html = receipt.text
    assert "PHIẾU TIẾP NHẬN ĐƠN" in html and case_id in html and due in html and "<svg" in html
    assert name
    if protected:  # not sure it is not a denunciation (fail-closed): the receipt does not show who wrote it
        assert name not in html
    else:  # sure it is not a denunciation: the clerk sees the name the pipeline read
        assert name in html
    many = desk.get("/receipts", params={"ids": case_id})
    assert many.status_code == 200 and many.text.count('class="receipt"') == 1
    with session_scope() as db:
        assert db.scalar(
            select(AuditLog).where(AuditLog.action == "print_receipt", AuditLog.case_id == case_id)
        )


def test_uploads_are_private_to_their_clerk_and_size_limited(
    desk: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = desk.post("/api/uploads", files={"file": ("x.txt", b"khong phai anh", "text/plain")}).json()
    assert desk.app_state.uploads.wait(timeout=60)
    assert desk.get(f"/api/uploads/{job['id']}").json()["status"] == "failed"
    other = TestClient(desk.app)
    assert login(other, "admin") == 303
    assert other.get(f"/api/uploads/{job['id']}").status_code == 200  # admin sees every upload
    from donthu.storage.users import create_user

    with session_scope() as db:
        create_user(db, "reception2", "mat-khau-rat-dai-1", "reception")
    clerk2 = TestClient(desk.app)
    assert login(clerk2, "reception2") == 303
    assert clerk2.get(f"/api/uploads/{job['id']}").status_code == 404
    assert clerk2.get("/api/uploads").json() == []
    # no CSRF header: refused
    assert (
        TestClient(desk.app, cookies=desk.cookies)
        .post("/api/uploads", files={"file": ("a.png", b"x", "image/png")})
        .status_code
        == 403
    )
    # larger than DONTHU_MAX_FILE_MB
    monkeypatch.setenv("DONTHU_MAX_FILE_MB", "1")
    reset_settings()
    small = TestClient(create_app())
    assert login(small, "reception") == 303
    small.headers["X-CSRF-Token"] = token(small)
    r = small.post("/api/uploads", files={"file": ("big.pdf", b"0" * (1024 * 1024 + 10), "application/pdf")})
    assert r.status_code == 413


def test_safe_filename() -> None:
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\scans\\đơn 1.pdf") == "đơn 1.pdf"
    assert safe_filename(".hidden") == "hidden"
    assert safe_filename("") == "tep-tai-len"
    assert len(safe_filename("a" * 300 + ".pdf")) <= 200 and safe_filename("a" * 300 + ".pdf").endswith(
        ".pdf"
    )
