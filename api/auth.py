"""Accounts, password hashes (argon2), sessions, CSRF tokens and role checks."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage.models import ROLES, User

_hasher = PasswordHasher()
# identity of a denouncer (tố cáo) is readable only by these roles (Luật Tố cáo art. 8, BRIEF §6)
CLEARED_FOR_DENOUNCER = {"verifier", "supervisor", "admin"}
ALL_ROLES = set(ROLES)
READ_ROLES = ALL_ROLES


@dataclass
class CurrentUser:
    id: int
    username: str
    role: str
    full_name: str = ""

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(db: Session, username: str, password: str, role: str, full_name: str = "") -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ValueError("password must be at least 8 characters")
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, role=role, full_name=full_name, password_hash=hash_password(password))
        db.add(user)
    else:
        user.role, user.full_name, user.password_hash = role, full_name or user.full_name, hash_password(password)
    db.flush()
    return user


def authenticate(db: Session, username: str, password: str) -> User | None:
    user = db.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        verify_password(_DUMMY_HASH, password)  # same time whether the user exists or not
        return None
    return user if verify_password(user.password_hash, password) else None


_DUMMY_HASH = _hasher.hash("not-a-real-password")


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
    data = request.session.get("user")
    if not data:
        return None
    return CurrentUser(**data)


class LoginRequired(Exception):
    pass


def require(*roles: str):  # noqa: ANN201
    """Dependency: the logged-in user, who must hold one of ``roles``."""
    allowed = set(roles) or ALL_ROLES

    def dep(request: Request) -> CurrentUser:
        user = current_user(request)
        if user is None:
            if request.url.path.startswith("/api/"):
                raise HTTPException(status_code=401, detail="Chưa đăng nhập")
            raise LoginRequired()
        if user.role not in allowed:
            raise HTTPException(status_code=403, detail="Vai trò của bạn không được phép dùng chức năng này")
        return user

    return dep
