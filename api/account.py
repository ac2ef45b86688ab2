"""A user's own account: the TOTP step of the login, changing one's password, enrolling a TOTP second factor.

The rules are in accounts.py; this module is only the screens. After the password, a user with TOTP gets a
half-open session (``totp_pending``: no route accepts it) until the 6-digit code is right; then a new session
token is issued. A user whose password an admin reset must change it before anything else (auth.require).
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from .. import accounts
from ..storage.models import User
from .auth import CurrentUser, check_csrf, csrf_token, require
from .common import TEMPLATES, client_ip, csrf_protect, get_db
from .sessions import start_session, state

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


def _target(user: User, next: str) -> str:
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    if target == "/" and user.role == "reception":
        target = "/reception"
    if user.must_change_password:
        return "/account/password"
    return target


def finish_password_login(request: Request, db: Session, user: User, ip: str, next: str) -> Response:
    """The password was right: open the session, or first ask for the TOTP code."""
    target = _target(user, next)
    if user.totp_secret:
        start_session(request, db, user.id, totp_pending=True, next=target)
        return RedirectResponse("/login/totp", status_code=303)
    accounts.login_succeeded(db, user, ip)
    start_session(request, db, user.id)
    if (
        request.app.state.settings.require_admin_totp
        and user.role == "admin"
        and not user.must_change_password
    ):
        return RedirectResponse("/account/totp", status_code=303)
    return RedirectResponse(target, status_code=303)


# ---------------------------------------------------------------------------------------------- TOTP login step
def _pending_user(request: Request, db: Session) -> User:
    st = state(request)
    if not st.pending_totp or st.user_id is None:
        raise HTTPException(403, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.")
    user = db.get(User, st.user_id)
    if user is None or not user.active or not user.totp_secret:
        raise HTTPException(403, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.")
    return user


@router.get("/login/totp", response_class=HTMLResponse)
def totp_form(request: Request) -> Response:
    if not state(request).pending_totp:
        return RedirectResponse("/login", status_code=303)
    return TEMPLATES.TemplateResponse(
        request, "login_totp.html", {"csrf": csrf_token(request), "error": None}
    )


@router.post("/login/totp")
def totp_submit(
    request: Request, code: str = Form(""), csrf: str = Form(""), db: Session = Depends(get_db)
) -> Response:
    check_csrf(request, csrf)
    user = _pending_user(request, db)
    ip = client_ip(request)
    blocked = accounts.login_blocked(db, user.username, ip)
    if blocked is not None:
        return TEMPLATES.TemplateResponse(
            request,
            "login_totp.html",
            {"csrf": csrf_token(request), "error": blocked.message},
            status_code=429,
            headers={"Retry-After": str(blocked.retry_after)},
        )
    if not accounts.totp_ok(user.totp_secret or "", code):
        accounts.login_failed(db, user.username, ip, reason="totp")
        return TEMPLATES.TemplateResponse(
            request,
            "login_totp.html",
            {"csrf": csrf_token(request), "error": "Mã xác thực không đúng hoặc đã hết hạn."},
            status_code=401,
        )
    target = str(request.session.get("next") or "/")
    accounts.login_succeeded(db, user, ip)
    start_session(request, db, user.id)  # a new token: the half-open session ends
    return RedirectResponse(
        target if target.startswith("/") and not target.startswith("//") else "/", status_code=303
    )


# ---------------------------------------------------------------------------------------------- own password
@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, user: CurrentUser = Depends(require()), done: int = 0) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "account_password.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "error": None,
            "done": bool(done),
            "min_length": accounts.min_length(user.role),
        },
    )


@router.post("/account/password", dependencies=[Depends(csrf_protect)])
def password_submit(
    request: Request,
    old: str = Form(""),
    new: str = Form(""),
    again: str = Form(""),
    user: CurrentUser = Depends(require()),
    db: Session = Depends(get_db),
) -> Response:
    row = db.get(User, user.id)
    error = None
    if new != again:
        error = "Hai lần nhập mật khẩu mới không khớp."
    else:
        try:
            accounts.change_own_password(db, row, old, new, keep_session=user.session_id)
        except accounts.AccountError as exc:
            error = str(exc)
    if error:
        return TEMPLATES.TemplateResponse(
            request,
            "account_password.html",
            {
                "user": user,
                "csrf": csrf_token(request),
                "error": error,
                "done": False,
                "min_length": accounts.min_length(user.role),
            },
            status_code=400,
        )
    return RedirectResponse("/account/password?done=1", status_code=303)


# ---------------------------------------------------------------------------------------------- TOTP enrolment
def _qr_svg(uri: str) -> str:
    import segno

    buf = io.BytesIO()
    segno.make(uri, error="m").save(buf, kind="svg", scale=5, xmldecl=False, svgns=True, title="Mã QR TOTP")
    return buf.getvalue().decode()


def _totp_page(
    request: Request, user: CurrentUser, db: Session, error: str | None = None, status_code: int = 200
) -> Response:
    row = db.get(User, user.id)
    ctx: dict[str, Any] = {
        "user": user,
        "csrf": csrf_token(request),
        "error": error,
        "enabled": bool(row.totp_secret),
        "required": bool(request.app.state.settings.require_admin_totp and user.role == "admin"),
    }
    if not row.totp_secret:
        secret = request.session.get("totp_secret")
        if not secret:
            secret = accounts.totp_new_secret()
            request.session["totp_secret"] = secret  # kept in the server-side session until confirmed
        uri = accounts.totp_uri(secret, user.username)
        ctx.update(secret=secret, qr=_qr_svg(uri), uri=uri)
    return TEMPLATES.TemplateResponse(request, "account_totp.html", ctx, status_code=status_code)


@router.get("/account/totp", response_class=HTMLResponse)
def totp_page(
    request: Request, user: CurrentUser = Depends(require()), db: Session = Depends(get_db)
) -> Response:
    return _totp_page(request, user, db)


@router.post("/account/totp", dependencies=[Depends(csrf_protect)])
def totp_enable(
    request: Request,
    code: str = Form(""),
    user: CurrentUser = Depends(require()),
    db: Session = Depends(get_db),
) -> Response:
    secret = request.session.get("totp_secret")
    row = db.get(User, user.id)
    if row.totp_secret:
        return RedirectResponse("/account/totp", status_code=303)
    if not secret:
        return _totp_page(request, user, db, "Hãy quét mã QR rồi nhập mã.", 400)
    try:
        accounts.enable_totp(db, row, secret, code, keep_session=user.session_id)
    except accounts.AccountError as exc:
        return _totp_page(request, user, db, str(exc), 400)
    request.session.pop("totp_secret", None)
    return RedirectResponse("/account/totp", status_code=303)
