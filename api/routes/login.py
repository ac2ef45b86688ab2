"""Logging in and out: the password form, the TOTP step and logout.

The rules (password check, throttling per account and per address, TOTP codes) are in storage/users.py; this
module is only the screens. After the password, a user with TOTP gets a half-open session (``totp_pending``: no
route accepts it) until the 6-digit code is right; then a new session token is issued. A user whose password an
admin reset must change it before anything else (``auth.require``).
"""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ...storage import repo
from ...storage import users as accounts
from ...storage.models import User
from ..auth import check_csrf, csrf_token, current_user
from ..deps import SessionDep, SettingsDep, client_ip
from ..present import TEMPLATES
from ..sessions import end_session, start_session, state

router = APIRouter(include_in_schema=False)


def login_page(
    request: Request,
    next: str,
    error: str | None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "login.html",
        {"csrf": csrf_token(request), "next": next, "error": error},
        status_code=status_code,
        headers=headers,
    )


def _local(target: str) -> str:
    """Only a path of this site (never ``//host``) is followed after login."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _target(user: User, next: str) -> str:
    target = _local(next)
    if target == "/" and user.role == "reception":
        target = "/reception"
    if user.must_change_password:
        return "/account/password"
    return target


def finish_password_login(
    request: Request, db: Session, user: User, ip: str, next: str, require_admin_totp: bool
) -> Response:
    """The password was right: open the session, or first ask for the TOTP code."""
    target = _target(user, next)
    if user.totp_secret:
        start_session(request, db, user.id, totp_pending=True, next=target)
        return RedirectResponse("/login/totp", status_code=303)
    accounts.login_succeeded(db, user, ip)
    start_session(request, db, user.id)
    if require_admin_totp and user.role == "admin" and not user.must_change_password:
        return RedirectResponse("/account/totp", status_code=303)
    return RedirectResponse(target, status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return login_page(request, next, None)


@router.post("/login")
def login(
    request: Request,
    db: SessionDep,
    settings: SettingsDep,
    username: str = Form(...),
    password: str = Form(...),
    csrf: str = Form(""),
    next: str = Form("/"),
) -> Response:
    check_csrf(request, csrf)
    name, ip = accounts.nfc(username).strip().lower()[:100], client_ip(request)
    blocked = accounts.login_blocked(db, name, ip)
    if blocked is not None:
        return login_page(
            request, next, blocked.message, status_code=429, headers={"Retry-After": str(blocked.retry_after)}
        )
    user = accounts.authenticate(db, name, password)
    if user is None:
        accounts.login_failed(db, name, ip)
        return login_page(request, next, "Sai tên đăng nhập hoặc mật khẩu.", status_code=401)
    return finish_password_login(request, db, user, ip, next, settings.require_admin_totp)


@router.post("/logout")
def logout(request: Request, db: SessionDep, csrf: str = Form("")) -> Response:
    user = current_user(request)
    if user is not None or state(request).pending_totp:  # a session that has ended needs no CSRF check
        check_csrf(request, csrf)
    if user is not None:
        repo.audit(db, user.username, "logout", ip=client_ip(request))
    end_session(request, db)
    return RedirectResponse("/login", status_code=303)


# ---------------------------------------------------------------------------------------------- TOTP step
def _pending_user(request: Request, db: Session) -> User:
    st = state(request)
    if not st.pending_totp or st.user_id is None:
        raise HTTPException(403, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.")
    user = db.get(User, st.user_id)
    if user is None or not user.active or not user.totp_secret:
        raise HTTPException(403, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.")
    return user


def _totp_form(
    request: Request, error: str | None, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "login_totp.html",
        {"csrf": csrf_token(request), "error": error},
        status_code=status_code,
        headers=headers,
    )


@router.get("/login/totp", response_class=HTMLResponse)
def totp_form(request: Request) -> Response:
    if not state(request).pending_totp:
        return RedirectResponse("/login", status_code=303)
    return _totp_form(request, None)


@router.post("/login/totp")
def totp_submit(request: Request, db: SessionDep, code: str = Form(""), csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    user = _pending_user(request, db)
    ip = client_ip(request)
    blocked = accounts.login_blocked(db, user.username, ip)
    if blocked is not None:
        return _totp_form(
            request, blocked.message, status_code=429, headers={"Retry-After": str(blocked.retry_after)}
        )
    if not accounts.totp_accept(user, code):
        accounts.login_failed(db, user.username, ip, reason="totp")
        return _totp_form(request, "Mã xác thực không đúng hoặc đã hết hạn.", status_code=401)
    target = str(request.session.get("next") or "/")
    accounts.login_succeeded(db, user, ip)
    start_session(request, db, user.id)  # a new token: the half-open session ends
    return RedirectResponse(_local(target), status_code=303)
