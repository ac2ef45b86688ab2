"""Server-side sessions: an ASGI middleware that replaces Starlette's signed-cookie SessionMiddleware.

The cookie ``donthu_session`` holds only a random token; the ``user_sessions`` row is found by the token's
SHA-256 and holds the user, the CSRF token, a small data dict, the times and why it ended. Every request
loads the row and the user (a role change or a disabled account takes effect at once); a session ends after
``DONTHU_SESSION_IDLE_MINUTES`` unused or ``DONTHU_SESSION_MAX_HOURS`` after login, and is revoked on logout,
account disable, role change, password reset or change (storage/users.py). ``last_seen_at`` is written at most
once a minute. Routes keep using ``request.session`` (a dict, saved back when changed).

Before login there is no row: the login form's CSRF token lives in a small signed cookie ``donthu_pre``
(so anonymous requests cannot fill the table). Logging in always creates a new row and token (no fixation).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request

from ..storage.db import as_utc
from ..storage.models import User, UserSession
from .proxies import client_address, is_https

COOKIE = "donthu_session"
PRE_COOKIE = "donthu_pre"
PRE_MAX_AGE = 2 * 3600
TOUCH_EVERY = dt.timedelta(minutes=1)
KEEP_ENDED = dt.timedelta(days=1)  # ended rows are deleted this long after they ended
MAX_DATA_BYTES = 4096


def secret_key(settings: Any) -> str:
    """The key that signs the pre-login cookie: the ``secret_key`` setting (``DONTHU_SECRET_KEY``), else one
    generated once into ``<data_dir>/secret_key`` (readable by the owner only)."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class SessionState:
    """What the middleware found for this request, and what the route asked it to do."""

    id: str | None = None  # a live row
    user: Any = None  # auth.CurrentUser of a live, fully logged-in session
    user_id: int | None = None  # also set while the second factor is pending
    pending_totp: bool = False
    stale: bool = False  # the cookie named a session that has ended: clear it
    data: dict[str, Any] = field(default_factory=dict)
    snapshot: str = ""
    new_token: str | None = None  # login: the cookie of the new session
    ended: bool = False  # logout: clear the cookie


def state(request: Request | HTTPConnection) -> SessionState:
    return request.scope["donthu.session"]


def _settings(request: Request) -> Any:
    return request.app.state.settings


def start_session(request: Request, db: Session, user_id: int, **data: Any) -> None:
    """Log ``user_id`` in: a new row and token (never the old one: no session fixation), in the route's
    transaction; the old session of this browser is revoked. Ended rows are cleaned up here too."""
    st = state(request)
    now = dt.datetime.now(dt.UTC)
    settings = _settings(request)
    if st.id:
        _revoke(db, st.id, "login", now)
    token = secrets.token_urlsafe(32)
    db.add(
        UserSession(
            id=token_id(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + dt.timedelta(hours=settings.session_max_hours),
            csrf=secrets.token_urlsafe(32),
            ip=client_address(request.scope, settings.trusted_proxies)[:64],
            user_agent=request.headers.get("user-agent", "")[:300],
            data=data,
        )
    )
    db.execute(
        delete(UserSession).where(
            or_(UserSession.expires_at < now - KEEP_ENDED, UserSession.revoked_at < now - KEEP_ENDED)
        )
    )
    db.flush()
    st.id, st.new_token, st.ended = None, token, False


def end_session(request: Request, db: Session, reason: str = "logout") -> None:
    """Log out: the row is revoked (in the route's transaction) and the cookie cleared."""
    st = state(request)
    if st.id:
        _revoke(db, st.id, reason, dt.datetime.now(dt.UTC))
    st.id, st.user, st.ended = None, None, True


def _revoke(db: Session, session_id: str, reason: str, now: dt.datetime) -> None:
    db.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now, revoke_reason=reason[:40])
    )


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, default=str)


class ServerSessionMiddleware:
    def __init__(self, app: Any, settings: Any, db_factory: Callable[[], Any], secret_key: str) -> None:
        self.app = app
        self.settings = settings
        self.db_factory = db_factory  # () -> a sessionmaker (app.state.sessions, made after the middleware)
        self.signer = URLSafeTimedSerializer(secret_key, salt="donthu-pre-login")

    @property
    def idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.settings.session_idle_minutes)

    @property
    def max_age(self) -> dt.timedelta:
        return dt.timedelta(hours=self.settings.session_max_hours)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        st = SessionState()
        token = conn.cookies.get(COOKIE)
        if token and not scope.get("path", "").startswith("/static/"):  # static files: no lookup
            await anyio.to_thread.run_sync(self._load, st, token)
        if st.id is None:
            st.data = self._pre(conn.cookies.get(PRE_COOKIE))
        st.snapshot = _dump(st.data)
        scope["session"] = st.data
        scope["donthu.session"] = st
        loaded_id = st.id

        async def send_wrapper(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for c in self._cookies(st, scope):
                    headers.append("set-cookie", c)
            await send(message)

        await self.app(scope, receive, send_wrapper)
        # after the route's own transaction has ended (SQLite allows one writer at a time)
        if loaded_id and st.id == loaded_id and _dump(st.data) != st.snapshot:
            await anyio.to_thread.run_sync(self._save_data, st)

    # ------------------------------------------------------------------ loading
    def _pre(self, value: str | None) -> dict[str, Any]:
        if not value:
            return {}
        try:
            data = self.signer.loads(value, max_age=PRE_MAX_AGE)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def _home_unit(self, db: Any) -> str | None:
        from ..handling import views

        if getattr(self, "_home", None) is None:
            self._home = views.home_unit(db, self.settings) or None
            db.commit()  # the tree loaded on first use is kept
        return self._home

    def _load(self, st: SessionState, token: str) -> None:
        from .auth import CurrentUser

        now = dt.datetime.now(dt.UTC)
        with self.db_factory()() as db:
            row = db.get(UserSession, token_id(token))
            if row is None or row.revoked_at is not None:
                st.stale = True
                return
            user = db.get(User, row.user_id)
            # both columns are NOT NULL ("or now" only tells the type checker so)
            expires, last_seen = as_utc(row.expires_at) or now, as_utc(row.last_seen_at) or now
            reason = None
            if expires <= now:
                reason = "expired"
            elif now - last_seen > self.idle:
                reason = "idle"
            elif user is None or not user.active:
                reason = "disabled"
            if reason or user is None:
                row.revoked_at, row.revoke_reason = now, reason
                db.commit()
                st.stale = True
                return
            if now - last_seen >= TOUCH_EVERY:
                row.last_seen_at = now
                db.commit()
            st.id, st.user_id = row.id, user.id
            st.data = {**(row.data or {}), "csrf": row.csrf}
            st.pending_totp = bool(st.data.get("totp_pending"))
            if not st.pending_totp:
                need_totp = bool(
                    self.settings.require_admin_totp and user.role == "admin" and not user.totp_secret
                )
                st.user = CurrentUser(
                    id=user.id,
                    username=user.username,
                    role=user.role,
                    full_name=user.full_name or "",
                    unit=user.unit or "",
                    # an account without a unit works in the home unit (handling/units.py), so the identity
                    # policy's unit check (privacy/policy.py) sees the unit the person really acts for
                    unit_code=user.unit_code or self._home_unit(db),
                    must_change_password=bool(user.must_change_password),
                    totp=bool(user.totp_secret),
                    needs_totp=need_totp,
                    session_id=row.id,
                )

    # ------------------------------------------------------------------ saving
    def _cookie(self, name: str, value: str, scope: dict, max_age: int | None = None) -> str:
        mode = self.settings.cookie_secure
        secure = mode == "true" or (mode == "auto" and is_https(scope, self.settings.trusted_proxies))
        parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
            if max_age == 0:
                parts.append("Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        if secure:
            parts.append("Secure")
        return "; ".join(parts)

    def _cookies(self, st: SessionState, scope: dict) -> list[str]:
        cookies: list[str] = []
        had_pre = PRE_COOKIE in HTTPConnection(scope).cookies
        if st.new_token or st.ended:
            cookies.append(
                self._cookie(COOKIE, st.new_token, scope)
                if st.new_token
                else self._cookie(COOKIE, "", scope, max_age=0)
            )
            if had_pre:
                cookies.append(self._cookie(PRE_COOKIE, "", scope, max_age=0))
            return cookies
        if st.id is None and _dump(st.data) != st.snapshot:
            if st.data:
                cookies.append(
                    self._cookie(PRE_COOKIE, self.signer.dumps(st.data), scope, max_age=PRE_MAX_AGE)
                )
            elif had_pre:
                cookies.append(self._cookie(PRE_COOKIE, "", scope, max_age=0))
        if st.stale:
            cookies.append(self._cookie(COOKIE, "", scope, max_age=0))
        return cookies

    def _save_data(self, st: SessionState) -> None:
        data = dict(st.data)
        csrf = str(data.pop("csrf", "") or secrets.token_urlsafe(32))[:64]
        if len(_dump(data)) > MAX_DATA_BYTES:
            raise ValueError("session data too large")
        with self.db_factory()() as db:
            db.execute(update(UserSession).where(UserSession.id == st.id).values(csrf=csrf, data=data))
            db.commit()
