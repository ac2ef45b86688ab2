"""The admin's screens: accounts (/admin/users) and the audit viewer (/admin/audit, also for supervisors).

Every account change goes through accounts.py, which checks the rules and writes the audit row; this module
is only the screens and their forms (each with the session's CSRF token). Exporting the audit as CSV is
itself audited; cells that a spreadsheet would run as a formula are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from .. import accounts
from ..storage import repo
from ..storage.models import ROLES, AuditLog, User
from .auth import CurrentUser, csrf_token, require
from .common import LOCAL_TZ, TEMPLATES, csrf_protect, get_db, local_time

router = APIRouter(include_in_schema=False)
ADMIN = ("admin",)
AUDIT_READERS = ("admin", "supervisor")
AUDIT_PAGE = 100
EXPORT_MAX = 200_000
ACTION_LABELS = {
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Đăng nhập sai",
    "login_blocked": "Chặn đăng nhập (địa chỉ)",
    "account_locked": "Khóa tài khoản (đăng nhập sai)",
    "user_create": "Tạo tài khoản",
    "user_disable": "Vô hiệu hóa tài khoản",
    "user_enable": "Mở lại tài khoản",
    "user_role": "Đổi vai trò",
    "user_unit": "Đổi đơn vị",
    "user_name": "Đổi họ tên",
    "user_reset": "Đặt lại mật khẩu",
    "user_unlock": "Mở khóa tài khoản",
    "user_sessions_revoke": "Kết thúc phiên đăng nhập",
    "password_change": "Tự đổi mật khẩu",
    "totp_enable": "Bật xác thực hai lớp",
    "totp_disable": "Tắt xác thực hai lớp",
    "audit_export": "Xuất nhật ký",
    "view": "Xem hồ sơ",
    "view_image": "Xem ảnh trang",
    "download_pdf": "Tải PDF",
    "edit": "Sửa trường",
    "approve": "Duyệt",
    "return": "Trả lại",
}


def _user_or_404(db: Session, user_id: int) -> User:
    user = db.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise HTTPException(404, "Không có tài khoản này")
    return user


def _idle(request: Request) -> dt.timedelta:
    return dt.timedelta(minutes=request.app.state.settings.session_idle_minutes)


def user_rows(db: Session, idle: dt.timedelta) -> list[dict[str, Any]]:
    live = accounts.live_sessions(db, idle)
    users = db.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    return [
        {
            "id": u.id,
            "username": u.username,
            "full_name": u.full_name,
            "role": u.role,
            "role_label": ROLES.get(u.role, u.role),
            "unit": u.unit or "",
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
def users_page(
    request: Request, user: CurrentUser = Depends(require(*ADMIN)), db: Session = Depends(get_db)
) -> Response:
    return _users_page(request, user, db)


@router.get("/api/admin/users", include_in_schema=True, tags=["admin"])
def api_users(
    request: Request, _user: CurrentUser = Depends(require(*ADMIN)), db: Session = Depends(get_db)
) -> list[dict[str, Any]]:
    return user_rows(db, _idle(request))


@router.post("/admin/users", dependencies=[Depends(csrf_protect)])
def user_create(
    request: Request,
    username: str = Form(""),
    full_name: str = Form(""),
    role: str = Form(""),
    unit: str = Form(""),
    password: str = Form(""),
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
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
    shown = created.generated_password  # type: ignore[attr-defined]
    return _users_page(
        request,
        user,
        db,
        notice=f"Đã tạo tài khoản {created.username}. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.",
        shown_password=shown,
    )


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
            "history": [_audit_row(a) for a in history],
        },
        status_code=status_code,
    )


@router.get("/admin/users/{user_id}", response_class=HTMLResponse)
def user_page(
    request: Request,
    user_id: int,
    done: str = "",
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
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


def _change(request: Request, user: CurrentUser, db: Session, target: User, done: str, fn) -> Response:  # noqa: ANN001
    try:
        fn()
    except accounts.AccountError as exc:
        return _user_page(request, user, db, target, error=str(exc), status_code=400)
    return RedirectResponse(f"/admin/users/{target.id}?done={done}", status_code=303)


@router.post("/admin/users/{user_id}/active", dependencies=[Depends(csrf_protect)])
def user_active(
    request: Request,
    user_id: int,
    active: str = Form(""),
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
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


@router.post("/admin/users/{user_id}/role", dependencies=[Depends(csrf_protect)])
def user_role(
    request: Request,
    user_id: int,
    role: str = Form(""),
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(
        request, user, db, target, "role", lambda: accounts.set_role(db, user.username, target, role)
    )


@router.post("/admin/users/{user_id}/unit", dependencies=[Depends(csrf_protect)])
def user_unit(
    request: Request,
    user_id: int,
    unit: str = Form(""),
    full_name: str = Form(""),
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
) -> Response:
    target = _user_or_404(db, user_id)

    def change() -> None:
        accounts.set_unit(db, user.username, target, unit)
        if full_name.strip():
            accounts.set_full_name(db, user.username, target, full_name)

    return _change(request, user, db, target, "unit", change)


@router.post("/admin/users/{user_id}/reset", dependencies=[Depends(csrf_protect)])
def user_reset(
    request: Request,
    user_id: int,
    password: str = Form(""),
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
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


@router.post("/admin/users/{user_id}/unlock", dependencies=[Depends(csrf_protect)])
def user_unlock(
    request: Request,
    user_id: int,
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(request, user, db, target, "unlock", lambda: accounts.unlock(db, user.username, target))


@router.post("/admin/users/{user_id}/sessions", dependencies=[Depends(csrf_protect)])
def user_sessions_revoke(
    request: Request,
    user_id: int,
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
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


@router.post("/admin/users/{user_id}/totp", dependencies=[Depends(csrf_protect)])
def user_totp_disable(
    request: Request,
    user_id: int,
    user: CurrentUser = Depends(require(*ADMIN)),
    db: Session = Depends(get_db),
) -> Response:
    target = _user_or_404(db, user_id)
    return _change(
        request, user, db, target, "totp", lambda: accounts.disable_totp(db, user.username, target)
    )


# ---------------------------------------------------------------------------------------------- audit viewer
def _local_day(value: str) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def _clean(value: str | None, limit: int = 100) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def audit_filters(actor: str, action: str, case_id: str, date_from: str, date_to: str) -> dict[str, str]:
    return {
        "actor": _clean(actor),
        "action": _clean(action, 40),
        "case_id": _clean(case_id, 40),
        "date_from": _clean(date_from, 10),
        "date_to": _clean(date_to, 10),
    }


def audit_query(f: dict[str, str]) -> Select:
    q = select(AuditLog)
    if f["actor"]:
        q = q.where(AuditLog.actor == f["actor"])
    if f["action"]:
        q = q.where(AuditLog.action == f["action"])
    if f["case_id"]:
        q = q.where(AuditLog.case_id == f["case_id"])
    start, end = _local_day(f["date_from"]), _local_day(f["date_to"])
    if start:
        q = q.where(AuditLog.at >= start)
    if end:
        q = q.where(AuditLog.at < end + dt.timedelta(days=1))
    return q


def _audit_row(a: AuditLog) -> dict[str, Any]:
    return {
        "id": a.id,
        "at": local_time(a.at, "%d/%m/%Y %H:%M:%S"),
        "actor": a.actor,
        "action": a.action,
        "action_label": ACTION_LABELS.get(a.action, a.action),
        "case_id": a.case_id or "",
        "detail": json.dumps(a.detail or {}, ensure_ascii=False, default=str),
    }


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: str = "",
    action: str = "",
    case_id: str = "",
    date_from: str = "",
    date_to: str = "",
    page: int = Query(1, ge=1, le=1_000_000),
    user: CurrentUser = Depends(require(*AUDIT_READERS)),
    db: Session = Depends(get_db),
) -> Response:
    f = audit_filters(actor, action, case_id, date_from, date_to)
    q = audit_query(f)
    total = int(db.scalar(select(func.count()).select_from(q.subquery())) or 0)
    rows = db.scalars(q.order_by(AuditLog.id.desc()).limit(AUDIT_PAGE).offset((page - 1) * AUDIT_PAGE)).all()
    actions = sorted(set(db.scalars(select(AuditLog.action).distinct())) | set(ACTION_LABELS))
    query = urlencode({k: v for k, v in f.items() if v})
    return TEMPLATES.TemplateResponse(
        request,
        "admin_audit.html",
        {
            "user": user,
            "csrf": csrf_token(request),
            "rows": [_audit_row(a) for a in rows],
            "total": total,
            "page": page,
            "pages": max(1, -(-total // AUDIT_PAGE)),
            "f": f,
            "actions": actions,
            "ACTION_LABELS": ACTION_LABELS,
            "query": query,
        },
    )


def csv_cell(value: Any) -> str:
    """A cell as text a spreadsheet shows and never runs (CSV/formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/admin/audit.csv")
def audit_export(
    request: Request,
    actor: str = "",
    action: str = "",
    case_id: str = "",
    date_from: str = "",
    date_to: str = "",
    user: CurrentUser = Depends(require(*AUDIT_READERS)),
    db: Session = Depends(get_db),
) -> Response:
    f = audit_filters(actor, action, case_id, date_from, date_to)
    repo.audit(db, user.username, "audit_export", filters={k: v for k, v in f.items() if v})
    db.commit()
    factory = request.app.state.sessions

    def rows() -> Iterator[bytes]:
        buf = io.StringIO()
        out = csv.writer(buf)
        yield "\ufeff".encode()
        out.writerow(["id", "thoi_diem", "nguoi_thuc_hien", "hanh_dong", "ho_so", "chi_tiet"])
        with factory() as s:
            q = audit_query(f).order_by(AuditLog.id).limit(EXPORT_MAX).execution_options(yield_per=1000)
            for n, a in enumerate(s.scalars(q)):
                r = _audit_row(a)
                out.writerow([csv_cell(r[k]) for k in ("id", "at", "actor", "action", "case_id", "detail")])
                if n % 500 == 0:
                    yield buf.getvalue().encode()
                    buf.seek(0)
                    buf.truncate()
        yield buf.getvalue().encode()

    stamp = dt.datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="nhat-ky-{stamp}.csv"'},
    )
