"""The web app: login with CSRF, role checks, case list and page, page images, denouncer privacy, audit."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from stationkit import PASSWORD, login, seed_document

from donthu.api.app import create_app
from donthu.config import get_settings
from donthu.ingest.stages import make_case
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Document
from donthu.storage.objects import make_store
from donthu.storage.users import create_user


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (60, 80), 200).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture()
def app_client(db_url: str) -> TestClient:
    store = make_store(get_settings())
    store.put("pages/t/1.jpg", _jpeg(), "image/jpeg")
    with session_scope() as db:
        for role in ("reception", "verifier", "archivist", "supervisor", "admin"):
            create_user(db, role, PASSWORD, role)

        def pdf(c: str, name: str) -> Document:  # one page, 60 x 80, read as "x"
            return seed_document(
                db,
                sha256=c * 64,
                original_name=name,
                size=1,
                object_key=f"originals/{c}",
                image_key="pages/t/1.jpg",
                width=60,
                height=80,
            )

        doc = pdf("d", "to-cao.pdf")
        text = (
            "ĐƠN TỐ CÁO\nKính gửi: Thanh tra tỉnh Nghệ An\nTôi tên là Lê Văn Hùng, trú tại xóm 2, xã Nghi Phú.\n"
            "Tôi tố cáo ông Hồ Văn Bình, cán bộ địa chính xã, đã nhận tiền của người dân."
        )
        tc = make_case(db, doc, [1], text)
        assert tc.category == "to_cao"
        doc2 = pdf("e", "khieu-nai.pdf")
        kn = make_case(db, doc2, [1], "ĐƠN KHIẾU NẠI\nKính gửi: UBND huyện Gia Lâm\nHọ và tên: Phan Thị Mai")
        ids = (tc.case_id, kn.case_id)
    client = TestClient(create_app())
    client.ids = ids
    return client


def test_everything_needs_login(app_client: TestClient) -> None:
    tc, _ = app_client.ids
    assert app_client.get("/", follow_redirects=False).status_code == 303
    assert app_client.get(f"/cases/{tc}", follow_redirects=False).headers["location"].startswith("/login")
    for url in (
        "/api/cases",
        f"/api/cases/{tc}",
        f"/api/cases/{tc}/pages",
        f"/api/cases/{tc}/pages/1/image",
        "/api/documents",
        "/api/me",
    ):
        assert app_client.get(url).status_code == 401, url
    assert app_client.get("/healthz").json() == {"status": "ok"}


def test_login_rejects_bad_password_and_missing_csrf(app_client: TestClient) -> None:
    assert login(app_client, "verifier", "wrong-password") == 401
    res = app_client.post("/login", data={"username": "verifier", "password": PASSWORD, "csrf": "forged"})
    assert res.status_code == 403
    assert app_client.get("/api/me").status_code == 401
    with session_scope() as db:
        assert db.scalar(select(AuditLog).where(AuditLog.action == "login_failed")) is not None


def test_session_cookie_is_httponly_and_samesite(app_client: TestClient) -> None:
    cookie = app_client.get("/login").headers.get("set-cookie", "")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()


def test_verifier_sees_queue_case_and_image_and_is_audited(app_client: TestClient) -> None:
    tc, kn = app_client.ids
    assert login(app_client, "verifier") == 303
    html = app_client.get("/").text
    assert tc in html and kn in html and "Chờ xác minh" in html
    page = app_client.get(f"/cases/{tc}")
    assert page.status_code == 200 and "Lê Văn Hùng" in page.text
    data = app_client.get(f"/api/cases/{tc}").json()
    assert data["complainant"]["name"] == "Lê Văn Hùng" and data["category"] == "to_cao"
    img = app_client.get(f"/api/cases/{tc}/pages/1/image")
    assert (
        img.status_code == 200
        and img.headers["content-type"] == "image/jpeg"
        and img.content[:2] == b"\xff\xd8"
    )
    assert app_client.get(f"/api/cases/{tc}/pages/9/image").status_code == 404
    listing = app_client.get("/api/cases", params={"status": "pending_verification"}).json()
    assert listing["total"] == 2
    with session_scope() as db:
        actions = {(a.actor, a.action, a.case_id) for a in db.scalars(select(AuditLog))}
    assert ("verifier", "view", tc) in actions and ("verifier", "view_image", tc) in actions


def test_denouncer_identity_hidden_from_uncleared_roles(app_client: TestClient) -> None:
    tc, kn = app_client.ids
    assert login(app_client, "reception") == 303
    data = app_client.get(f"/api/cases/{tc}").json()
    assert data["identity_hidden"] and "Lê Văn Hùng" not in str(data)
    assert "Lê Văn Hùng" not in app_client.get(f"/cases/{tc}").text
    assert "Lê Văn Hùng" not in app_client.get("/").text
    # the redacted copy instead of a 403 wall (tests/api/test_identity_policy.py checks what it masks)
    assert app_client.get(f"/api/cases/{tc}/pages/1/image").status_code == 200
    pages = app_client.get(f"/api/cases/{tc}/pages").json()
    assert pages[0]["redacted"] is True and "words" not in pages[0] and "Hùng" not in pages[0]["text"]
    # a complaint (not a denunciation) is visible to reception
    assert app_client.get(f"/api/cases/{kn}").json()["complainant"]["name"] == "Phan Thị Mai"


def test_logout_needs_csrf_and_ends_session(app_client: TestClient) -> None:
    assert login(app_client, "admin") == 303
    assert app_client.post("/logout", data={"csrf": "nope"}).status_code == 403
    html = app_client.get("/").text
    token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    assert app_client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert app_client.get("/api/me").status_code == 401


def test_passwords_are_argon2_hashed(db_url: str, tmp_path: Path) -> None:
    from donthu.storage.models import User

    with session_scope() as db:
        create_user(db, "hoa", PASSWORD, "verifier")
    with session_scope() as db:
        user = db.scalar(select(User).where(User.username == "hoa"))
        assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash
    with pytest.raises(ValueError), session_scope() as db:
        create_user(db, "x", "short", "verifier")
    with pytest.raises(ValueError), session_scope() as db:
        create_user(db, "x", PASSWORD, "emperor")
