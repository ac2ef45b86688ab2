"""Server-side sessions, accounts screen, password policy, login throttling, trusted proxies, audit viewer, TOTP.

Issue 10 findings 3, 11, 12 (and the Secure flag of 16). Each test fails on the code before the change: the
signed-cookie session kept working after logout/disable/role change/reset, the role came from the cookie, the
login limit was per (user name, address) only and wrote an audit row per failure, any 8 characters were a
password, and there was no accounts screen, audit viewer or TOTP.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import httpx
import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update
from stationkit import PASSWORD, csrf_of, login, seed_case, token, users
from typer.testing import CliRunner

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.storage import repo
from donthu.storage import users as accounts
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, LoginFailure, User, UserSession
from donthu.storage.objects import make_store

UTC = dt.UTC
COOKIE = "donthu_session"


@pytest.fixture()
def site(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    with session_scope() as db:
        users(db, extra=())
        case = seed_case(db, store, 1)
        ids = SimpleNamespace(case=case.case_id)
    return SimpleNamespace(app=create_app(), ids=ids)


def client_for(site: SimpleNamespace, username: str, password: str = PASSWORD, **kw) -> TestClient:
    c = TestClient(site.app, **kw)
    assert login(c, username, password) == 303
    c.headers["X-CSRF-Token"] = token(c)
    return c


def with_cookie(site: SimpleNamespace, value: str) -> TestClient:
    c = TestClient(site.app)
    c.cookies.set(COOKIE, value)
    return c


def user_id(username: str) -> int:
    with session_scope() as db:
        return db.scalar(select(User.id).where(User.username == username))


def audit_rows(action: str) -> list[AuditLog]:
    with session_scope() as db:
        return list(db.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def history_url(site: SimpleNamespace) -> str:
    return f"/api/cases/{site.ids.case}/history"  # verifier, supervisor and admin only


# ---------------------------------------------------------------------------------------------- revocation
def test_cookie_is_an_opaque_token_and_logout_revokes_it(site: SimpleNamespace) -> None:
    c = client_for(site, "verifier")
    value = c.cookies.get(COOKIE)
    assert re.fullmatch(r"[A-Za-z0-9_-]{40,}", value) and "." not in value  # no signed payload
    with session_scope() as db:
        row = db.scalar(select(UserSession))
        assert row.id == accounts_sha(value) and row.user_id == user_id("verifier")
    assert c.post("/logout", data={"csrf": token(c)}, follow_redirects=False).status_code == 303
    old = with_cookie(site, value)
    assert old.get("/api/me").status_code == 401
    with session_scope() as db:
        assert db.scalar(select(UserSession.revoke_reason)) == "logout"
    # logging out again with the dead session works (no CSRF wall) and clears the cookie
    res = old.post("/logout", data={"csrf": "stale"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"
    assert (
        'donthu_session=""' in res.headers.get("set-cookie", "") or "Max-Age=0" in res.headers["set-cookie"]
    )


def accounts_sha(value: str) -> str:
    import hashlib

    return hashlib.sha256(value.encode()).hexdigest()


def test_new_token_at_every_login(site: SimpleNamespace) -> None:
    c = TestClient(site.app)
    assert login(c, "verifier") == 303
    first = c.cookies.get(COOKIE)
    assert login(c, "verifier") == 303  # logging in again from the same browser
    second = c.cookies.get(COOKIE)
    assert first != second
    assert with_cookie(site, first).get("/api/me").status_code == 401  # the old one is revoked
    assert with_cookie(site, second).get("/api/me").status_code == 200


def test_disable_ends_the_sessions_at_once(site: SimpleNamespace) -> None:
    v = client_for(site, "verifier")
    admin = client_for(site, "admin")
    assert v.get("/api/me").status_code == 200
    res = admin.post(
        f"/admin/users/{user_id('verifier')}/active", data={"active": "0"}, follow_redirects=False
    )
    assert res.status_code == 303
    assert v.get("/api/me").status_code == 401
    assert login(TestClient(site.app), "verifier") == 401  # and cannot log in again
    (row,) = audit_rows("user_disable")
    assert row.actor == "admin" and row.detail["target"] == "verifier"


def test_demoted_supervisor_loses_access_immediately(site: SimpleNamespace) -> None:
    sup = client_for(site, "supervisor")
    assert sup.get(history_url(site)).status_code == 200
    cookie = sup.cookies.get(COOKIE)
    # the role is read from the users row on every request, not from the cookie: the same cookie, 403
    with session_scope() as db:
        db.execute(update(User).where(User.username == "supervisor").values(role="archivist"))
    assert with_cookie(site, cookie).get(history_url(site)).status_code == 403
    assert with_cookie(site, cookie).get("/api/me").json()["role"] == "archivist"
    with session_scope() as db:
        db.execute(update(User).where(User.username == "supervisor").values(role="supervisor"))
    assert sup.get(history_url(site)).status_code == 200
    # through the accounts screen the sessions end as well
    admin = client_for(site, "admin")
    res = admin.post(
        f"/admin/users/{user_id('supervisor')}/role", data={"role": "archivist"}, follow_redirects=False
    )
    assert res.status_code == 303
    assert sup.get(history_url(site)).status_code == 401
    (row,) = audit_rows("user_role")
    assert (row.actor, row.detail["target"], row.detail["old"], row.detail["new"]) == (
        "admin",
        "supervisor",
        "supervisor",
        "archivist",
    )
    arch = client_for(site, "supervisor")  # logs in again: now an archivist
    assert arch.get(history_url(site)).status_code == 403


def test_password_reset_revokes_and_forces_a_change(site: SimpleNamespace) -> None:
    v = client_for(site, "verifier")
    other = client_for(site, "verifier")
    admin = client_for(site, "admin")
    res = admin.post(f"/admin/users/{user_id('verifier')}/reset", data={"password": ""})
    assert res.status_code == 200
    temp = re.search(r'id="shown-password">([^<]+)<', res.text).group(1)
    assert v.get("/api/me").status_code == 401 and other.get("/api/me").status_code == 401
    assert audit_rows("user_reset")[-1].detail["target"] == "verifier"
    assert temp not in str([a.detail for a in audit_rows("user_reset")])  # never written down
    c = TestClient(site.app)
    page = c.get("/login")
    res = c.post(
        "/login",
        data={"username": "verifier", "password": temp, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.status_code == 303 and res.headers["location"] == "/account/password"
    assert c.get("/api/me").status_code == 403  # nothing else until the password is changed
    assert c.get("/", follow_redirects=False).headers["location"] == "/account/password"
    form = c.get("/account/password")
    new = "mây trắng bay qua 7 ngả"
    res = c.post(
        "/account/password",
        data={"csrf": csrf_of(form.text), "old": temp, "new": "matkhau123", "again": "matkhau123"},
    )
    assert res.status_code == 400 and "dễ đoán" in res.text
    res = c.post(
        "/account/password",
        data={"csrf": csrf_of(form.text), "old": temp, "new": new, "again": new},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert c.get("/api/me").status_code == 200  # this session stays
    assert login(TestClient(site.app), "verifier", new) == 303
    assert audit_rows("password_change")[-1].actor == "verifier"


def test_changing_own_password_ends_the_other_sessions(site: SimpleNamespace) -> None:
    a = client_for(site, "archivist")
    b = client_for(site, "archivist")
    new = "ba con cá bơi ngược dòng"
    res = a.post(
        "/account/password", data={"old": PASSWORD, "new": new, "again": new}, follow_redirects=False
    )
    assert res.status_code == 303
    assert a.get("/api/me").status_code == 200 and b.get("/api/me").status_code == 401


# ---------------------------------------------------------------------------------------------- timeouts
def test_idle_and_absolute_timeouts(site: SimpleNamespace) -> None:
    c = client_for(site, "verifier")
    now = dt.datetime.now(UTC)
    with session_scope() as db:
        db.execute(update(UserSession).values(last_seen_at=now - dt.timedelta(minutes=29)))
    assert c.get("/api/me").status_code == 200  # 29 min idle: still on (and touched)
    with session_scope() as db:
        db.execute(update(UserSession).values(last_seen_at=now - dt.timedelta(minutes=31)))
    assert c.get("/api/me").status_code == 401
    with session_scope() as db:
        assert db.scalar(select(UserSession.revoke_reason)) == "idle"
    c = client_for(site, "verifier")
    sid = accounts_sha(c.cookies.get(COOKIE))
    with session_scope() as db:
        db.execute(
            update(UserSession)
            .where(UserSession.id == sid)
            .values(
                created_at=now - dt.timedelta(hours=12, minutes=1), expires_at=now - dt.timedelta(minutes=1)
            )
        )
    assert c.get("/api/me").status_code == 401  # used a second ago, but 12 h after login
    with session_scope() as db:
        assert db.get(UserSession, sid).revoke_reason == "expired"


def test_idle_timeout_setting_and_absolute_expiry_set_at_login(
    site: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONTHU_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("DONTHU_SESSION_MAX_HOURS", "2")
    reset_settings()
    app = create_app()
    c = TestClient(app)
    assert login(c, "verifier") == 303
    with session_scope() as db:
        row = db.scalar(select(UserSession))
        life = (row.expires_at - row.created_at).total_seconds()
        assert abs(life - 2 * 3600) < 5
        db.execute(update(UserSession).values(last_seen_at=dt.datetime.now(UTC) - dt.timedelta(minutes=6)))
    assert c.get("/api/me").status_code == 401


def test_last_seen_is_written_at_most_once_a_minute(site: SimpleNamespace) -> None:
    c = client_for(site, "verifier")
    then = dt.datetime.now(UTC) - dt.timedelta(seconds=20)
    with session_scope() as db:
        db.execute(update(UserSession).values(last_seen_at=then))
    for _ in range(5):
        assert c.get("/api/me").status_code == 200
    with session_scope() as db:
        seen = db.scalar(select(UserSession.last_seen_at))
        assert abs(((seen if seen.tzinfo else seen.replace(tzinfo=UTC)) - then).total_seconds()) < 1
        db.execute(update(UserSession).values(last_seen_at=then - dt.timedelta(minutes=2)))
    assert c.get("/api/me").status_code == 200
    with session_scope() as db:
        seen = db.scalar(select(UserSession.last_seen_at))
        seen = seen if seen.tzinfo else seen.replace(tzinfo=UTC)
        assert dt.datetime.now(UTC) - seen < dt.timedelta(seconds=30)


def test_admin_can_end_a_users_sessions(site: SimpleNamespace) -> None:
    v = client_for(site, "reception")
    admin = client_for(site, "admin")
    page = admin.get("/admin/users").text
    row = re.search(r'<tr data-user="reception">(.*?)</tr>', page, re.S).group(1)
    assert "<td>1</td>" in row  # one live session
    assert (
        admin.post(f"/admin/users/{user_id('reception')}/sessions", follow_redirects=False).status_code == 303
    )
    assert v.get("/api/me").status_code == 401
    assert audit_rows("user_sessions_revoke")[-1].detail == {"target": "reception", "sessions": 1}


# ---------------------------------------------------------------------------------------------- Secure flag
def test_secure_cookie_auto_follows_https(site: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    http = TestClient(site.app)
    assert login(http, "verifier") == 303
    https = TestClient(site.app, base_url="https://testserver")
    page = https.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()
    res = https.post(
        "/login",
        data={"username": "verifier", "password": PASSWORD, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert "donthu_session=" in res.headers["set-cookie"] and "; Secure" in res.headers["set-cookie"]
    res = TestClient(site.app).get("/login")
    assert "secure" not in res.headers["set-cookie"].lower()  # plain http (tests, a laptop demo)
    # behind a trusted proxy that terminated TLS
    monkeypatch.setenv("DONTHU_TRUSTED_PROXIES", "10.0.0.0/8")
    reset_settings()
    app = create_app()
    proxied = TestClient(app, client=("10.0.0.7", 4000))
    assert "Secure" in proxied.get("/login", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
    direct = TestClient(app, client=("192.0.2.9", 4000))
    assert "Secure" not in direct.get("/login", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
    monkeypatch.setenv("DONTHU_COOKIE_SECURE", "true")
    reset_settings()
    assert "Secure" in TestClient(create_app()).get("/login").headers["set-cookie"]


# ---------------------------------------------------------------------------------------------- proxies
def test_forwarded_for_only_from_trusted_proxies(
    site: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from donthu.api.proxies import client_address

    def scope(peer: str, xff: str) -> dict:
        return {"client": (peer, 1), "headers": [(b"x-forwarded-for", xff.encode())]}

    assert client_address(scope("127.0.0.1", "6.6.6.6"), "") == "127.0.0.1"  # nothing trusted by default
    assert client_address(scope("192.0.2.1", "6.6.6.6"), "10.0.0.0/8") == "192.0.2.1"
    assert client_address(scope("10.0.0.2", "6.6.6.6, 203.0.113.5"), "10.0.0.0/8") == "203.0.113.5"
    assert (
        client_address(scope("10.0.0.2", "203.0.113.5, 10.0.0.3"), "10.0.0.0/8, 127.0.0.1") == "203.0.113.5"
    )
    assert client_address(scope("10.0.0.2", "junk"), "10.0.0.0/8") == "10.0.0.2"
    # the login records the resolved address
    monkeypatch.setenv("DONTHU_TRUSTED_PROXIES", "10.0.0.1")
    reset_settings()
    c = TestClient(create_app(), client=("10.0.0.1", 5000))
    page = c.get("/login")
    c.post(
        "/login",
        data={"username": "verifier", "password": "sai-mat-khau-9", "csrf": csrf_of(page.text)},
        headers={"X-Forwarded-For": "1.1.1.1, 198.51.100.7"},
    )
    with session_scope() as db:
        assert db.scalar(select(LoginFailure.ip)) == "198.51.100.7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_served_app_ignores_forwarded_for_from_loopback(tmp_path: Path) -> None:
    """`donthu serve` (real uvicorn): 10 failed logins from 127.0.0.1, each with a new X-Forwarded-For, are
    throttled; uvicorn's proxy_headers used to take each header as a new client address."""
    env = {
        **os.environ,
        "DONTHU_DATA_DIR": str(tmp_path / "data"),
        "DONTHU_SETTINGS_FILE": str(tmp_path / "x.toml"),
    }
    env.pop("DONTHU_DATABASE_URL", None)
    donthu = [sys.executable, "-m", "donthu"]
    subprocess.run(
        [*donthu, "user", "add", "hoa", "--role", "verifier", "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [*donthu, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        codes = []
        with httpx.Client(base_url=base) as c:
            for n in range(10):
                page = c.get("/login")
                res = c.post(
                    "/login",
                    data={"username": "hoa", "password": f"sai-{n}-mat-khau", "csrf": csrf_of(page.text)},
                    headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
                )
                codes.append(res.status_code)
            page = c.get("/login")
            right = c.post(
                "/login",
                data={"username": "hoa", "password": PASSWORD, "csrf": csrf_of(page.text)},
                headers={"X-Forwarded-For": "203.0.113.200"},
                follow_redirects=False,
            )
            # the address limit too: new user names, a new X-Forwarded-For each, all counted for 127.0.0.1
            others = []
            for n in range(16):
                page = c.get("/login")
                others.append(
                    c.post(
                        "/login",
                        data={
                            "username": f"ten-{n}",
                            "password": "sai-mat-khau-1",
                            "csrf": csrf_of(page.text),
                        },
                        headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
                    ).status_code
                )
        assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}, codes
        assert right.status_code == 429
        assert others == [401] * 15 + [429], others  # 5 + 15 failures from one address
        with session_scope(f"sqlite:///{tmp_path / 'data' / 'donthu.db'}") as db:
            assert set(db.scalars(select(LoginFailure.ip))) == {"127.0.0.1"}
    finally:
        server.terminate()
        server.wait(timeout=30)


# ---------------------------------------------------------------------------------------------- throttling
def _try(c: TestClient, username: str, password: str) -> int:
    return login(c, username, password)


def test_account_lock_whatever_the_address_and_admin_unlock(site: SimpleNamespace) -> None:
    for n in range(5):  # five addresses, one failure each
        assert _try(TestClient(site.app, client=(f"192.0.2.{n + 1}", 1)), "verifier", "sai-mat-khau-1") == 401
    assert _try(TestClient(site.app, client=("198.51.100.1", 1)), "verifier", PASSWORD) == 429
    (locked,) = audit_rows("account_locked")
    assert locked.detail["target"] == "verifier"
    admin = client_for(site, "admin")
    assert "Tạm khóa" in admin.get("/admin/users").text
    assert admin.post(f"/admin/users/{user_id('verifier')}/unlock", follow_redirects=False).status_code == 303
    assert audit_rows("user_unlock")[-1].detail["target"] == "verifier"
    assert _try(TestClient(site.app), "verifier", PASSWORD) == 303


def test_unknown_names_are_locked_the_same_way(site: SimpleNamespace) -> None:
    c = TestClient(site.app)
    assert [_try(c, "khong-ai-ca", f"sai-mat-khau-{n}") for n in range(6)] == [401] * 5 + [429]


def test_address_limit_across_user_names(site: SimpleNamespace) -> None:
    c = TestClient(site.app, client=("192.0.2.50", 1))
    codes = [_try(c, f"ten-{n}", "sai-mat-khau-1") for n in range(20)]
    assert codes == [401] * 20
    assert _try(c, "verifier", PASSWORD) == 429  # even a right password, from this address
    assert _try(TestClient(site.app, client=("192.0.2.51", 1)), "verifier", PASSWORD) == 303
    assert len(audit_rows("login_blocked")) == 1


def test_failed_logins_write_a_bounded_number_of_audit_rows(site: SimpleNamespace) -> None:
    c = TestClient(site.app, client=("192.0.2.77", 1))
    page = c.get("/login")
    csrf = csrf_of(page.text)
    with session_scope() as db:
        before = db.scalar(select(func.count(AuditLog.id)))
        db.add(LoginFailure(username="cu", ip="192.0.2.1", at=dt.datetime.now(UTC) - dt.timedelta(days=2)))
    for n in range(1000):
        c.post("/login", data={"username": f"nguoi-{n % 37}", "password": "sai-mat-khau-1", "csrf": csrf})
    with session_scope() as db:
        written = db.scalar(select(func.count(AuditLog.id))) - before
        failures = db.scalar(select(func.count(LoginFailure.id)))
        old = db.scalar(select(func.count(LoginFailure.id)).where(LoginFailure.username == "cu"))
    print(f"1000 failed logins: {written} audit rows, {failures} login_failures rows")
    assert written <= 25, written  # was 1,000 (one per failure)
    assert failures == accounts.ADDRESS_MAX_FAILURES
    assert old == 0  # pruned: older than a day


# ---------------------------------------------------------------------------------------------- passwords
WEAK = [
    "password",
    "12345678",
    " " * 8,
    "matkhau123",
    "aaaaaaaaaaaa",
    "abcdefghijkl",
    "0123456789",
    "matkhau@2024",
    "qwertyuiop12",
]


@pytest.mark.parametrize("role", ["reception", "verifier", "archivist", "supervisor", "admin"])
def test_weak_passwords_refused_for_every_role(role: str) -> None:
    for pw in [*WEAK, f"canbo-{role}", f"canbo-{role}-2026"]:
        problem = accounts.password_problem(pw, username=f"canbo-{role}", role=role)
        assert problem, pw
    assert accounts.password_problem(PASSWORD, f"canbo-{role}", role) is None
    assert accounts.password_problem("mây trắng bay 7 ngả", f"canbo-{role}", role) is None
    assert "ít nhất 12" in accounts.password_problem("x7#Lq9!mZ2", "a", "admin")
    assert accounts.password_problem("x7#Lq9!mZ2vK", "a", "verifier") is None


def test_weak_passwords_refused_everywhere(site: SimpleNamespace) -> None:
    admin = client_for(site, "admin")
    for pw in ("password", "12345678", " " * 8, "matkhau123", "canbo-moi"):
        res = admin.post("/admin/users", data={"username": "canbo-moi", "role": "admin", "password": pw})
        assert res.status_code == 400 and "Mật khẩu" in res.text, pw
    with session_scope() as db:
        assert db.scalar(select(User).where(User.username == "canbo-moi")) is None
        with pytest.raises(accounts.AccountError):
            accounts.create_user(db, "canbo-moi", "12345678", "admin")
    res = CliRunner().invoke(
        _cli(), ["user", "add", "canbo-moi", "--role", "admin", "--password", "password1234"]
    )
    assert res.exit_code == 2 and "dễ đoán" in res.output


def _cli():
    from donthu.cli import app

    return app


def test_demo_users_get_passwords_that_pass(db_url: str) -> None:
    res = CliRunner().invoke(_cli(), ["demo-users"])
    assert res.exit_code == 0, res.output
    lines = (get_settings().data_dir / "demo-credentials.txt").read_text(encoding="utf-8").split("\n")
    rows = [line.split("\t") for line in lines if line]
    assert len(rows) == 5
    app = create_app()
    for role, username, password in rows:
        assert accounts.password_problem(password, username, role) is None
        assert login(TestClient(app), username, password) == 303
    assert {a.detail["target"] for a in audit_rows("user_create")} >= {r[1] for r in rows}


# ---------------------------------------------------------------------------------------------- accounts screen
def test_accounts_screen_create_list_and_audit(site: SimpleNamespace) -> None:
    admin = client_for(site, "admin")
    res = admin.post(
        "/admin/users",
        data={
            "username": "lan.nguyen",
            "full_name": "Nguyễn Thị Lan",
            "role": "reception",
            "unit": "Ban Tiếp công dân tỉnh",
            "password": "",
        },
    )
    assert res.status_code == 200
    temp = re.search(r'id="shown-password">([^<]+)<', res.text).group(1)
    assert accounts.password_problem(temp, "lan.nguyen", "reception") is None
    assert admin.get("/admin/users").text.count(temp) == 0  # shown once
    row = re.search(r'<tr data-user="lan.nguyen">(.*?)</tr>', admin.get("/admin/users").text, re.S).group(1)
    assert "Nguyễn Thị Lan" in row and "Tiếp nhận" in row and "Ban Tiếp công dân tỉnh" in row
    assert "phải đổi mật khẩu" in row
    (created,) = [a for a in audit_rows("user_create") if a.detail["target"] == "lan.nguyen"]
    assert created.actor == "admin" and created.detail["role"] == "reception"
    uid = user_id("lan.nguyen")
    admin.post(
        f"/admin/users/{uid}/unit", data={"unit": "Phòng Tiếp dân số 2", "full_name": "Nguyễn Thị Lan"}
    )
    unit = audit_rows("user_unit")[-1]
    assert unit.detail == {
        "target": "lan.nguyen",
        "old": "Ban Tiếp công dân tỉnh",
        "new": "Phòng Tiếp dân số 2",
    }
    # the first login must change the password
    c = TestClient(site.app)
    page = c.get("/login")
    res = c.post(
        "/login",
        data={"username": "lan.nguyen", "password": temp, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.headers["location"] == "/account/password"
    data = admin.get("/api/admin/users").json()
    assert {"username", "role", "unit", "active", "locked", "last_login", "sessions"} <= set(data[0])
    # the same name twice, and an admin disabling himself, are refused with a reason
    again = admin.post("/admin/users", data={"username": "lan.nguyen", "role": "reception", "password": ""})
    assert again.status_code == 409
    res = admin.post(f"/admin/users/{user_id('admin')}/active", data={"active": "0"})
    assert res.status_code == 400 and "chính mình" in res.text
    # a form without the session's CSRF token is refused
    bare = TestClient(site.app)
    bare.cookies.set(COOKIE, admin.cookies.get(COOKIE))
    assert bare.post(f"/admin/users/{uid}/role", data={"role": "admin"}).status_code == 403


def test_cli_user_commands_go_through_the_rules_and_are_audited(site: SimpleNamespace) -> None:
    run = CliRunner().invoke
    assert (
        run(
            _cli(),
            [
                "user",
                "add",
                "hung.le",
                "--role",
                "verifier",
                "--password",
                PASSWORD,
                "--unit",
                "Thanh tra tỉnh",
            ],
        ).exit_code
        == 0
    )
    assert audit_rows("user_create")[-1].actor == "cli"
    v = client_for(site, "hung.le")
    assert run(_cli(), ["user", "role", "hung.le", "archivist"]).exit_code == 0
    assert v.get("/api/me").status_code == 401
    assert run(_cli(), ["user", "disable", "hung.le"]).exit_code == 0
    assert audit_rows("user_disable")[-1].detail["target"] == "hung.le"
    out = run(_cli(), ["user", "list"]).output
    assert "hung.le" in out and "vô hiệu" in out
    assert run(_cli(), ["user", "enable", "hung.le"]).exit_code == 0
    res = run(_cli(), ["user", "reset", "hung.le"])
    assert res.exit_code == 0
    temp = res.output.rsplit(":", 1)[1].strip()
    assert login(TestClient(site.app), "hung.le", temp) == 303
    assert run(_cli(), ["user", "unlock", "hung.le"]).exit_code == 0
    assert run(_cli(), ["user", "role", "khong-co", "admin"]).exit_code == 2


# ---------------------------------------------------------------------------------------------- audit viewer
def test_audit_viewer_filters_pages_and_exports(site: SimpleNamespace) -> None:
    with session_scope() as db:
        for n in range(130):
            repo.audit(db, "verifier", "view", site.ids.case, n=n)
        repo.audit(db, '=HYPERLINK("http://x","bam")', "view", "DT-2026-999999")
        repo.audit(db, "archivist", "view", "DT-2026-999998")
        old = AuditLog(
            actor="archivist",
            action="view",
            case_id="DT-2025-000001",
            detail={},
            at=dt.datetime(2025, 3, 1, 18, 30, tzinfo=UTC),
        )  # 01:30 on 2 March, Hà Nội time
        db.add(old)
    sup = client_for(site, "supervisor")
    page = sup.get("/admin/audit", params={"actor": "verifier", "action": "view"})
    assert page.status_code == 200 and "(130 dòng)" in page.text and "Trang 1/2" in page.text
    assert page.text.count('data-action="view"') == 100
    assert (
        sup.get("/admin/audit", params={"actor": "verifier", "action": "view", "page": 2}).text.count(
            'data-action="view"'
        )
        == 30
    )
    assert "(1 dòng)" in sup.get("/admin/audit", params={"case_id": "DT-2026-999998"}).text
    day = sup.get("/admin/audit", params={"date_from": "2025-03-02", "date_to": "2025-03-02"}).text
    assert "DT-2025-000001" in day and "(1 dòng)" in day  # the local date, not the UTC one
    assert (
        "(0 dòng)"
        in sup.get("/admin/audit", params={"date_from": "2025-03-01", "date_to": "2025-03-01"}).text
    )
    res = sup.get("/admin/audit.csv")
    assert res.status_code == 200 and res.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "thoi_diem", "nguoi_thuc_hien", "hanh_dong"]
    cells = [cell for r in rows for cell in r]
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    assert '\'=HYPERLINK("http://x","bam")' in cells
    export = audit_rows("audit_export")
    assert len(export) == 1 and export[0].actor == "supervisor"
    only = list(
        csv.reader(
            io.StringIO(
                sup.get("/admin/audit.csv", params={"case_id": "DT-2026-999998"}).content.decode("utf-8-sig")
            )
        )
    )
    assert len(only) == 2 and only[1][4] == "DT-2026-999998"
    for bad in ({"page": "0"}, {"page": "99999999999999999999"}):
        assert sup.get("/admin/audit", params=bad).status_code == 422


def test_csv_cell_escapes_formulas() -> None:
    from donthu.api.routes.audit import csv_cell

    for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(v) == "'" + v
    assert csv_cell("Lê Văn A") == "Lê Văn A" and csv_cell(None) == ""


# ---------------------------------------------------------------------------------------------- TOTP
def _enrol(c: TestClient) -> str:
    page = c.get("/account/totp")
    assert page.status_code == 200 and "<svg" in page.text and 'src="http' not in page.text  # inline QR
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    res = c.post("/account/totp", data={"csrf": csrf_of(page.text), "code": "000000"})
    assert res.status_code == 400
    res = c.post(
        "/account/totp",
        data={"csrf": csrf_of(page.text), "code": pyotp.TOTP(secret).now()},
        follow_redirects=False,
    )
    assert res.status_code == 303
    return secret


def test_totp_second_factor_for_an_admin(site: SimpleNamespace) -> None:
    admin = client_for(site, "admin")
    secret = _enrol(admin)
    assert audit_rows("totp_enable")[-1].actor == "admin"
    assert admin.get("/api/me").status_code == 200  # the enrolling session stays
    c = TestClient(site.app)
    assert login(c, "admin") == 303
    assert c.get("/api/me").status_code == 401  # password alone is not enough
    page = c.get("/login/totp")
    assert page.status_code == 200
    res = c.post("/login/totp", data={"csrf": csrf_of(page.text), "code": "123456"})
    assert res.status_code == 401
    half = c.cookies.get(COOKIE)
    res = c.post(
        "/login/totp",
        data={"csrf": csrf_of(page.text), "code": pyotp.TOTP(secret).now()},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert c.get("/api/me").json()["role"] == "admin"
    assert c.cookies.get(COOKIE) != half and with_cookie(site, half).get("/api/me").status_code == 401
    # admin resets the factor (lost phone): audited, login without the code again
    res = c.post(
        f"/admin/users/{user_id('admin')}/totp", headers={"X-CSRF-Token": token(c)}, follow_redirects=False
    )
    assert res.status_code == 303 and audit_rows("totp_disable")


def test_a_totp_code_is_accepted_once(site: SimpleNamespace) -> None:
    """A code seen over a shoulder or replayed from a captured request does not open a second session."""
    secret = _enrol(client_for(site, "admin"))
    code = pyotp.TOTP(secret).now()
    first, second = TestClient(site.app), TestClient(site.app)
    for c in (first, second):
        assert login(c, "admin") == 303
    csrf1, csrf2 = csrf_of(first.get("/login/totp").text), csrf_of(second.get("/login/totp").text)
    res = first.post("/login/totp", data={"csrf": csrf1, "code": code}, follow_redirects=False)
    assert res.status_code == 303 and first.get("/api/me").status_code == 200
    assert second.post("/login/totp", data={"csrf": csrf2, "code": code}).status_code == 401
    assert second.get("/api/me").status_code == 401
    # the next step's code (the phone a little ahead) still works once
    later = pyotp.TOTP(secret).at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
    res = second.post("/login/totp", data={"csrf": csrf2, "code": later}, follow_redirects=False)
    assert res.status_code == 303 and second.get("/api/me").status_code == 200


def test_wrong_totp_codes_lock_the_account(site: SimpleNamespace) -> None:
    admin = client_for(site, "admin")
    _enrol(admin)
    c = TestClient(site.app)
    assert login(c, "admin") == 303
    csrf = csrf_of(c.get("/login/totp").text)
    codes = [c.post("/login/totp", data={"csrf": csrf, "code": "000000"}).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]


def test_admin_totp_can_be_required(site: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONTHU_REQUIRE_ADMIN_TOTP", "true")
    reset_settings()
    site.app = create_app()
    c = TestClient(site.app)
    page = c.get("/login")
    res = c.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.headers["location"] == "/account/totp"
    assert c.get("/api/me").status_code == 403
    assert c.get("/admin/users", follow_redirects=False).headers["location"] == "/account/totp"
    assert client_for(site, "verifier").get("/api/me").status_code == 200  # other roles are not asked
    _enrol(c)
    assert c.get("/admin/users").status_code == 200


# ---------------------------------------------------------------------------------------------- migration
def test_migration_0005_keeps_the_audit_triggers(db_url: str, request: pytest.FixtureRequest) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from donthu.storage.db import alembic_config, migrate

    migrate()  # at head
    with session_scope() as db:
        accounts.create_user(db, "cu", PASSWORD, "verifier")
        repo.audit(db, "cu", "view")
    # migrations run as the schema owner (PostgreSQL: the app's own role may not)
    url = request.getfixturevalue("pg_database").owner if db_url.startswith("postgresql") else db_url
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        assert conn.execute(text("SELECT must_change_password, unit FROM users")).one() in (
            (False, ""),
            (0, ""),
        )
        assert conn.execute(text("SELECT count(*) FROM user_sessions")).scalar() == 0
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'x'"))
    engine.dispose()
