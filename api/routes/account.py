"""A user's own account: who am I (/api/me), changing one's password, enrolling a TOTP second factor.

The rules are in storage/users.py; this module is only the screens.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from ...storage import users as accounts
from ...storage.models import User
from ..auth import CurrentUser, csrf_token
from ..deps import CSRF, AnyUser, SessionDep
from ..present import TEMPLATES

router = APIRouter()


def _own_row(db: Session, user: CurrentUser) -> User:
    """The logged-in user's row (the session middleware has just loaded it)."""
    row = db.get(User, user.id)
    if row is None:
        raise HTTPException(403, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.")
    return row


@router.get("/api/me", tags=["auth"])
def api_me(user: AnyUser) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "role_label": user.role_label}


# ---------------------------------------------------------------------------------------------- own password
@router.get("/account/password", response_class=HTMLResponse, include_in_schema=False)
def password_form(request: Request, user: AnyUser, done: int = 0) -> Response:
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


@router.post("/account/password", dependencies=[CSRF], include_in_schema=False)
def password_submit(
    request: Request,
    user: AnyUser,
    db: SessionDep,
    old: str = Form(""),
    new: str = Form(""),
    again: str = Form(""),
) -> Response:
    row = _own_row(db, user)
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
    row = _own_row(db, user)
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


@router.get("/account/totp", response_class=HTMLResponse, include_in_schema=False)
def totp_page(request: Request, user: AnyUser, db: SessionDep) -> Response:
    return _totp_page(request, user, db)


@router.post("/account/totp", dependencies=[CSRF], include_in_schema=False)
def totp_enable(
    request: Request,
    user: AnyUser,
    db: SessionDep,
    code: str = Form(""),
) -> Response:
    secret = request.session.get("totp_secret")
    row = _own_row(db, user)
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
