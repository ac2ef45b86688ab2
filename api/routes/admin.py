"""The admin's accounts screen (/admin/users and /api/admin/users).

Every account change goes through storage/users.py, which checks the rules and writes the audit row; this
module is only the screens and their forms (each with the session's CSRF token).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...contract import ROLES
from ...handling import units as unit_tree
from ...handling import views
from ...storage import users as accounts
from ...storage.models import AuditLog, User
from ..auth import CurrentUser, csrf_token
from ..deps import CSRF, Admin, SessionDep
from ..present import TEMPLATES, audit_row, local_time

router = APIRouter(include_in_schema=False)


def _user_or_404(db: Session, user_id: int) -> User:
    user = db.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise HTTPException(404, "Không có tài khoản này")
    return user


def _idle(request: Request) -> dt.timedelta:
    return dt.timedelta(minutes=request.app.state.settings.session_idle_minutes)


def user_rows(db: Session, idle: dt.timedelta) -> list[dict[str, Any]]:
    live = accounts.live_sessions(db, idle)
    names = views.unit_names(db)
    users = db.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    return [
        {
            "id": u.id,
            "username": u.username,
            "full_name": u.full_name,
            "role": u.role,
            "role_label": ROLES.get(u.role, u.role),
            "unit": u.unit or "",
            "unit_code": u.unit_code or "",
            "unit_name": names.get(u.unit_code or "", u.unit_code or ""),
            "active": bool(u.active),
            "locked": accounts.is_locked(u),
            "last_login": local_time(u.last_login_at),
            "sessions": live.get(u.id, 0),
            "totp": bool(u.totp_secret),
            "must_change_password": bool(u.must_change_password),
        }
        for u in users
    ]


def _users_page(
    request: Request,
    user: CurrentUser,
    db: Session,
    notice: str | None = None,
    error: str | None = None,
    shown_password: str | None = None,
    form: dict | None = None,
    status_code: int = 200,
) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "admin_users.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "rows": user_rows(db, _idle(request)),
            "notice": notice,
            "error": error,
            "shown_password": shown_password,
            "form": form or {},
        },
        status_code=status_code,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, user: Admin, db: SessionDep) -> Response:
    return _users_page(request, user, db)


@router.get("/api/admin/users", include_in_schema=True, tags=["admin"])
def api_users(request: Request, _user: Admin, db: SessionDep) -> list[dict[str, Any]]:
    return user_rows(db, _idle(request))


@router.post("/admin/users", dependencies=[CSRF])
def user_create(
    request: Request,
    user: Admin,
    db: SessionDep,
    username: str = Form(""),
    full_name: str = Form(""),
    role: str = Form(""),
    unit: str = Form(""),
    password: str = Form(""),
) -> Response:
    form = {"username": username, "full_name": full_name, "role": role, "unit": unit}
    if accounts.find_user(db, username) is not None:
        return _users_page(request, user, db, error="Tên đăng nhập này đã có.", form=form, status_code=409)
    try:
        created = accounts.create_user(
            db,
            username,
            password or None,
            role,
            full_name,
            unit=unit,
            actor=user.username,
            must_change_password=True,
        )
    except accounts.AccountError as exc:
        return _users_page(request, user, db, error=str(exc), form=form, status_code=400)
    shown = getattr(created, "generated_password", None)  # set by users.create_user
    return _users_page(
        request,
        user,
        db,
        notice=f"Đã tạo tài khoản {created.username}. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.",
        shown_password=shown,
    )


def _unit_options(request: Request, db: Session) -> list[dict[str, Any]]:
    """The units a person can belong to (working today), as an indented tree for the select."""
    unit_tree.ensure_units(db, request.app.state.settings)
    return [{"code": o.code, "label": o.label, "depth": o.depth} for o in unit_tree.units_for_select(db)]


def _user_page(
    request: Request,
    user: CurrentUser,
    db: Session,
    target: User,
    notice: str | None = None,
    error: str | None = None,
    shown_password: str | None = None,
    status_code: int = 200,
) -> Response:
    row = next(r for r in user_rows(db, _idle(request)) if r["id"] == target.id)
    history = db.scalars(
        select(AuditLog).where(AuditLog.actor == target.username).order_by(AuditLog.id.desc()).limit(20)
    ).all()
    return TEMPLATES.TemplateResponse(
        request,
        "admin_user.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "u": row,
            "notice": notice,
            "error": error,
            "shown_password": shown_password,
            "history": [audit_row(a) for a in history],
            "units": _unit_options(request, db),
            "home_unit": views.home_unit(db, request.app.state.settings),
        },
        status_code=status_code,
    )


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
    done: str = "",
) -> Response:
    return _user_page(request, user, db, _user_or_404(db, user_id), notice=DONE.get(done))


DONE = {
    "active": "Đã cập nhật trạng thái tài khoản.",
    "role": "Đã đổi vai trò; các phiên đăng nhập của người này đã kết thúc.",
    "unit": "Đã lưu họ tên và đơn vị.",
    "unlock": "Đã mở khóa tài khoản.",
    "sessions": "Đã kết thúc mọi phiên đăng nhập của tài khoản.",
    "totp": "Đã tắt xác thực hai lớp.",
}


def _change(
    request: Request, user: CurrentUser, db: Session, target: User, done: str, fn: Callable[[], object]
) -> Response:
    try:
        fn()
    except accounts.AccountError as exc:
        return _user_page(request, user, db, target, error=str(exc), status_code=400)
    return RedirectResponse(f"/admin/users/{target.id}?done={done}", status_code=303)


@router.post("/admin/users/{user_id}/active", dependencies=[CSRF])
def user_active(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
    active: str = Form(""),
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(
        request,
        user,
        db,
        target,
        "active",
        lambda: accounts.set_active(db, user.username, target, active == "1"),
    )


@router.post("/admin/users/{user_id}/role", dependencies=[CSRF])
def user_role(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
    role: str = Form(""),
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(
        request, user, db, target, "role", lambda: accounts.set_role(db, user.username, target, role)
    )


@router.post("/admin/users/{user_id}/unit", dependencies=[CSRF])
def user_unit(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
    unit: str = Form(""),
    full_name: str = Form(""),
    unit_code: str | None = Form(None, max_length=40),
) -> Response:
    """Name, unit label and (when the form sends it) the unit of the agency tree: "" = the home unit."""
    target = _user_or_404(db, user_id)

    def change() -> None:
        accounts.set_unit(db, user.username, target, unit)
        if full_name.strip():
            accounts.set_full_name(db, user.username, target, full_name)
        if unit_code is not None:
            accounts.set_unit_code(db, user.username, target, unit_code)

    return _change(request, user, db, target, "unit", change)


@router.post("/admin/users/{user_id}/reset", dependencies=[CSRF])
def user_reset(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
    password: str = Form(""),
) -> Response:
    target = _user_or_404(db, user_id)
    try:
        new = accounts.reset_password(db, user.username, target, password or None)
    except accounts.AccountError as exc:
        return _user_page(request, user, db, target, error=str(exc), status_code=400)
    # the generated password is shown once, on this page (never in a URL)
    return _user_page(
        request,
        user,
        db,
        target,
        notice="Đã đặt lại mật khẩu; người dùng phải đổi ở lần đăng "
        "nhập tới. Mọi phiên đăng nhập của người này đã kết thúc.",
        shown_password=None if password else new,
    )


@router.post("/admin/users/{user_id}/unlock", dependencies=[CSRF])
def user_unlock(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(request, user, db, target, "unlock", lambda: accounts.unlock(db, user.username, target))


@router.post("/admin/users/{user_id}/sessions", dependencies=[CSRF])
def user_sessions_revoke(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(
        request,
        user,
        db,
        target,
        "sessions",
        lambda: accounts.admin_revoke_sessions(db, user.username, target),
    )


@router.post("/admin/users/{user_id}/totp", dependencies=[CSRF])
def user_totp_disable(
    request: Request,
    user_id: int,
    user: Admin,
    db: SessionDep,
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(
        request, user, db, target, "totp", lambda: accounts.disable_totp(db, user.username, target)
    )
