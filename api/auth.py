"""The logged-in user, CSRF tokens and role checks for the web app; the account rules are in storage/users.py."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request

from ..contract import ROLES
from .permissions import ALL_ROLES


@dataclass
class CurrentUser:
    id: int
    username: str
    role: str
    full_name: str = ""
    unit: str = ""
    unit_code: str | None = None  # the unit of the agency tree (handling/units.py); None = the home unit
    must_change_password: bool = False
    totp: bool = False  # a TOTP second factor is enrolled
    needs_totp: bool = False  # an admin who must enrol one first (DONTHU_REQUIRE_ADMIN_TOTP)
    session_id: str | None = None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise HTTPException(status_code=403, detail="Phiên làm việc không hợp lệ (CSRF). Hãy tải lại trang.")


def current_user(request: Request) -> CurrentUser | None:
    """The logged-in user of this request's server-side session (loaded with the session, every request)."""
    st = request.scope.get("donthu.session")
    return st.user if st is not None else None


class LoginRequired(Exception):
    """Redirect a browser to the login page (or to ``target``: a password change or TOTP enrolment)."""

    def __init__(self, target: str | None = None) -> None:
        super().__init__(target)
        self.target = target


# pages a user who must first change the password / enrol TOTP may still open
_PASSWORD_PAGES = ("/account/password",)
_TOTP_PAGES = ("/account/totp", "/account/password")


def require(*roles: str) -> Callable[[Request], CurrentUser]:
    """Dependency: the logged-in user, who must hold one of ``roles`` (any role when none is named)."""
    allowed = set(roles) or ALL_ROLES

    def dep(request: Request) -> CurrentUser:
        user = current_user(request)
        if user is None:
            if request.url.path.startswith("/api/"):
                raise HTTPException(status_code=401, detail="Chưa đăng nhập")
            raise LoginRequired()
        path = request.url.path
        if user.must_change_password and path not in _PASSWORD_PAGES:
            if path.startswith("/api/"):
                raise HTTPException(status_code=403, detail="Bạn phải đổi mật khẩu trước khi tiếp tục")
            raise LoginRequired("/account/password")
        if user.needs_totp and path not in _TOTP_PAGES:
            if path.startswith("/api/"):
                raise HTTPException(status_code=403, detail="Quản trị viên phải bật xác thực hai lớp (TOTP)")
            raise LoginRequired("/account/totp")
        if user.role not in allowed:
            raise HTTPException(status_code=403, detail="Vai trò của bạn không được phép dùng chức năng này")
        return user

    return dep
