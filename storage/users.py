"""Accounts: the one place for the rules about users, used by the admin screen, the login, and the CLI.

A service over the storage tables (api/ and cli.py both call it; it imports nothing of either).

Creating a user, disabling it, changing its role or unit, resetting or changing a password, unlocking it and
enrolling a TOTP second factor all go through these functions, and every one writes an audit row (actor,
action, target user, old → new). The password policy, the login throttling (per account and per address) and
the revocation of server-side sessions (api/sessions.py) are here too. Messages are for the person at the
screen (Vietnamese); ``AccountError`` carries them.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from ..contract import LOCAL_TZ, ROLES
from . import repo
from .db import as_utc
from .models import LoginFailure, Unit, User, UserSession

# ------------------------------------------------------------------------------------------- password policy
MIN_LENGTH = 10  # every role
MIN_LENGTH_ADMIN = 12  # admins: they can create accounts and read the whole audit
MAX_LENGTH = 256
MIN_ZXCVBN_SCORE = 3  # zxcvbn's estimate: 3 = "safely unguessable" (about 10^8 guesses)
# Vietnamese words people put in passwords, and the app's own words: zxcvbn's lists are English
COMMON_WORDS = (
    "matkhau",
    "mat khau",
    "mật khẩu",
    "anhyeuem",
    "emyeuanh",
    "yeuem",
    "yeuanh",
    "vietnam",
    "hanoi",
    "saigon",
    "hochiminh",
    "danang",
    "haiphong",
    "donthu",
    "don thu",
    "đơn thư",
    "quantri",
    "tiepnhan",
    "xacminh",
    "luutru",
    "lanhdao",
    "thanhtra",
    "ubnd",
    "congan",
    "khieunai",
    "tocao",
    "kiennghi",
    "phananh",
    "admin",
    "nguyen",
    "tran",
    "pham",
    "hoang",
    "huynh",
    "phan",
    "tiepdan",
)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    """A refused account change; the message is shown to the user as is."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def hash_password(password: str) -> str:
    return _hasher.hash(nfc(password))


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, nfc(password))
    except (VerificationError, InvalidHashError):
        return False


def _is_sequence(text: str) -> bool:
    """abcdef…, 123456…, 987654…, or a keyboard row (qwerty…)."""
    s = re.sub(r"\s+", "", text.casefold())
    if len(s) < 4:
        return False
    steps = {ord(b) - ord(a) for a, b in zip(s, s[1:], strict=False)}
    if steps in ({1}, {-1}):
        return True
    rows = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
    return any(s in (r * 3) or s in (r[::-1] * 3) for r in rows)


def min_length(role: str) -> int:
    return MIN_LENGTH_ADMIN if role == "admin" else MIN_LENGTH


def password_problem(password: str, username: str = "", role: str = "", full_name: str = "") -> str | None:
    """Why ``password`` is refused for this account (Vietnamese), or None when it is acceptable."""
    from zxcvbn import zxcvbn

    pw = nfc(password)
    need = min_length(role)
    if not pw.strip():
        return "Mật khẩu không được để trống hoặc chỉ gồm dấu cách."
    if len(pw) < need:
        return f"Mật khẩu phải có ít nhất {need} ký tự."
    if len(pw) > MAX_LENGTH:
        return f"Mật khẩu dài quá {MAX_LENGTH} ký tự."
    if len(set(pw)) == 1:
        return "Mật khẩu không được chỉ lặp lại một ký tự."
    name = nfc(username).strip().casefold()
    if len(name) >= 3 and name in pw.casefold():
        return "Mật khẩu không được chứa tên đăng nhập."
    if _is_sequence(pw):
        return "Mật khẩu không được là một dãy liên tiếp (như abcdef, 123456, qwerty)."
    inputs = [w for w in (name, *nfc(full_name).casefold().split(), *COMMON_WORDS) if w]
    result = zxcvbn(pw[:100], user_inputs=inputs)
    if result["score"] < MIN_ZXCVBN_SCORE:
        return (
            "Mật khẩu quá dễ đoán (mật khẩu phổ biến, từ thông dụng, tên người, ngày tháng hoặc mẫu bàn "
            "phím). Hãy dùng một cụm vài từ không liên quan, ví dụ: «mây-trắng bay 7 ngả»."
        )
    return None


def check_password(password: str, username: str = "", role: str = "", full_name: str = "") -> None:
    problem = password_problem(password, username, role, full_name)
    if problem:
        raise AccountError(problem)


def generate_password() -> str:
    """A random password that passes the policy for every role (shown once to the admin)."""
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        pw = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
        if password_problem(pw, role="admin") is None:
            return pw


# ------------------------------------------------------------------------------------------- accounts
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Vai trò không hợp lệ: {role!r} (một trong: {', '.join(ROLES)}).")


def get_user(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def find_user(db: Session, username: str) -> User | None:
    return db.scalar(select(User).where(func.lower(User.username) == nfc(username).strip().lower()))


def create_user(
    db: Session,
    username: str,
    password: str | None,
    role: str,
    full_name: str = "",
    *,
    unit: str = "",
    actor: str = "cli",
    must_change_password: bool = False,
) -> User:
    """Create an account, or (an existing name, the ``donthu user add`` behaviour) reset its password and role.

    ``password`` None: a generated one is set (read it back with ``user.generated_password``).
    """
    username = nfc(username).strip().lower()
    if not USERNAME_RE.match(username):
        raise AccountError("Tên đăng nhập gồm 2–80 ký tự: chữ thường không dấu, số, dấu chấm, gạch, @.")
    _check_role(role)
    full_name, unit = nfc(full_name).strip()[:200], nfc(unit).strip()[:200]
    generated = password is None
    password = generate_password() if password is None else nfc(password)
    check_password(password, username, role, full_name)
    user = find_user(db, username)
    if user is None:
        user = User(
            username=username,
            role=role,
            full_name=full_name,
            unit=unit,
            password_hash=hash_password(password),
            must_change_password=must_change_password,
            password_changed_at=_now(),
            active=True,
        )
        db.add(user)
        db.flush()
        repo.audit(db, actor, "user_create", target=username, role=role, unit=unit)
    else:
        if user.role != role:
            repo.audit(db, actor, "user_role", target=username, old=user.role, new=role)
        user.role, user.full_name = role, full_name or user.full_name
        user.unit = unit or user.unit
        user.password_hash, user.password_changed_at = hash_password(password), _now()
        user.must_change_password = must_change_password
        revoke_sessions(db, user.id, "password_reset")
        repo.audit(db, actor, "user_reset", target=username)
        db.flush()
    user.generated_password = password if generated else None  # type: ignore[attr-defined]
    return user


def _active_admins(db: Session) -> int:
    return int(db.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True))) or 0)


def set_active(db: Session, actor: str, user: User, active: bool) -> None:
    if user.active == active:
        return
    if not active:
        if user.username == actor:
            raise AccountError("Không thể tự khóa tài khoản của chính mình.")
        if user.role == "admin" and _active_admins(db) <= 1:
            raise AccountError("Đây là quản trị viên cuối cùng đang hoạt động; không thể vô hiệu hóa.")
    user.active = active
    if not active:
        revoke_sessions(db, user.id, "disabled")
    repo.audit(db, actor, "user_enable" if active else "user_disable", target=user.username)
    db.flush()


def set_role(db: Session, actor: str, user: User, role: str) -> None:
    _check_role(role)
    if user.role == role:
        return
    if user.role == "admin" and user.active and _active_admins(db) <= 1:
        raise AccountError("Đây là quản trị viên cuối cùng đang hoạt động; không thể đổi vai trò.")
    old, user.role = user.role, role
    revoke_sessions(db, user.id, "role_change")
    repo.audit(db, actor, "user_role", target=user.username, old=old, new=role)
    db.flush()


def set_unit(db: Session, actor: str, user: User, unit: str) -> None:
    unit = nfc(unit).strip()[:200]
    if (user.unit or "") == unit:
        return
    old, user.unit = user.unit or "", unit
    repo.audit(db, actor, "user_unit", target=user.username, old=old, new=unit)
    db.flush()


def set_unit_code(db: Session, actor: str, user: User, code: str | None) -> None:
    """The unit of the agency tree the person works in (what they see and handle); "" or None = the home unit.
    Only a unit working today (in the units file, not abolished) can be chosen."""
    code = (code or "").strip() or None
    if (user.unit_code or None) == code:
        return
    if code is not None:
        unit = db.scalar(select(Unit).where(Unit.code == code))
        today = dt.datetime.now(LOCAL_TZ).date()
        if unit is None or not unit.active or (unit.abolished_on is not None and unit.abolished_on <= today):
            raise AccountError(f"Không có đơn vị đang hoạt động mã “{code}”.")
    old, user.unit_code = user.unit_code, code
    repo.audit(db, actor, "user_unit", target=user.username, field="unit_code", old=old, new=code)
    db.flush()


def set_full_name(db: Session, actor: str, user: User, full_name: str) -> None:
    full_name = nfc(full_name).strip()[:200]
    if user.full_name == full_name:
        return
    old, user.full_name = user.full_name, full_name
    repo.audit(db, actor, "user_name", target=user.username, old=old, new=full_name)
    db.flush()


def reset_password(db: Session, actor: str, user: User, password: str | None = None) -> str:
    """An admin sets a temporary password (or a generated one, returned to be shown once); the user must
    change it at the next login. Every session of the user ends."""
    password = generate_password() if not password else nfc(password)
    check_password(password, user.username, user.role, user.full_name)
    user.password_hash, user.password_changed_at = hash_password(password), _now()
    user.must_change_password = True
    revoke_sessions(db, user.id, "password_reset")
    repo.audit(db, actor, "user_reset", target=user.username)
    db.flush()
    return password


def change_own_password(db: Session, user: User, old: str, new: str, keep_session: str | None) -> None:
    """The user changes their own password; their other sessions end (``keep_session`` stays)."""
    if not verify_password(user.password_hash, old):
        raise AccountError("Mật khẩu hiện tại không đúng.")
    if nfc(old) == nfc(new):
        raise AccountError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    check_password(new, user.username, user.role, user.full_name)
    user.password_hash, user.password_changed_at = hash_password(new), _now()
    user.must_change_password = False
    revoke_sessions(db, user.id, "password_change", keep=keep_session)
    repo.audit(db, user.username, "password_change", target=user.username)
    db.flush()


def unlock(db: Session, actor: str, user: User) -> None:
    user.locked_until = None
    db.execute(delete(LoginFailure).where(LoginFailure.username == user.username.lower()))
    repo.audit(db, actor, "user_unlock", target=user.username)
    db.flush()


def is_locked(user: User, now: dt.datetime | None = None) -> bool:
    until = as_utc(user.locked_until)
    return until is not None and until > (now or _now())


def revoke_sessions(db: Session, user_id: int, reason: str, keep: str | None = None) -> int:
    """End every live session of a user (``keep``: a session id to spare). Returns how many ended."""
    q = update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
    if keep:
        q = q.where(UserSession.id != keep)
    result = cast("CursorResult[Any]", db.execute(q.values(revoked_at=_now(), revoke_reason=reason[:40])))
    return result.rowcount or 0


def admin_revoke_sessions(db: Session, actor: str, user: User) -> int:
    n = revoke_sessions(db, user.id, "admin")
    repo.audit(db, actor, "user_sessions_revoke", target=user.username, sessions=n)
    return n


def live_sessions(db: Session, idle: dt.timedelta) -> dict[int, int]:
    """Live (not revoked, not timed out) sessions per user id."""
    now = _now()
    rows = db.execute(
        select(UserSession.user_id, func.count(UserSession.id))
        .where(
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
            UserSession.last_seen_at > now - idle,
        )
        .group_by(UserSession.user_id)
    ).all()
    return {int(u): int(n) for u, n in rows}


# ------------------------------------------------------------------------------------------- TOTP
def totp_new_secret() -> str:
    import pyotp

    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Don Thu")


def totp_ok(secret: str, code: str) -> bool:
    import pyotp

    code = re.sub(r"\s+", "", code or "")
    return bool(re.fullmatch(r"\d{6}", code)) and pyotp.TOTP(secret).verify(code, valid_window=1)


def totp_accept(user: User, code: str, now: dt.datetime | None = None) -> bool:
    """A login's TOTP code: right for this step or the one either side, and never one accepted before (a code
    seen over someone's shoulder or replayed from a captured request is refused). Records the step used."""
    import pyotp

    code = re.sub(r"\s+", "", code or "")
    if not user.totp_secret or not re.fullmatch(r"\d{6}", code):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    step = int((now or dt.datetime.now(dt.UTC)).timestamp()) // totp.interval
    for candidate in (step - 1, step, step + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            if user.totp_last_step is not None and candidate <= user.totp_last_step:
                return False
            user.totp_last_step = candidate
            return True
    return False


def enable_totp(db: Session, user: User, secret: str, code: str, keep_session: str | None = None) -> None:
    if not totp_ok(secret, code):
        raise AccountError("Mã xác thực không đúng. Hãy nhập mã 6 số đang hiện trên ứng dụng.")
    user.totp_secret = secret
    revoke_sessions(db, user.id, "totp_enable", keep=keep_session)  # the others were opened without it
    repo.audit(db, user.username, "totp_enable", target=user.username)
    db.flush()


def disable_totp(db: Session, actor: str, user: User) -> None:
    if user.totp_secret is None:
        return
    user.totp_secret, user.totp_last_step = None, None
    revoke_sessions(db, user.id, "totp_disable")
    repo.audit(db, actor, "totp_disable", target=user.username)
    db.flush()


# ------------------------------------------------------------------------------------------- login throttling
LOGIN_WINDOW = dt.timedelta(minutes=15)
ACCOUNT_MAX_FAILURES = 5  # failures for one account (from any address) within the window → locked
ACCOUNT_LOCK = dt.timedelta(minutes=15)
ADDRESS_MAX_FAILURES = 20  # failures from one address (any user names) within the window → refused
FAILURES_KEPT = dt.timedelta(days=1)  # login_failures rows older than this are deleted


@dataclass
class Blocked:
    message: str
    retry_after: int  # seconds


def authenticate(db: Session, username: str, password: str) -> User | None:
    user = find_user(db, username)
    if user is None or not user.active:
        verify_password(_DUMMY_HASH, password)  # same time whether the user exists or not
        return None
    return user if verify_password(user.password_hash, password) else None


def _failures(db: Session, since: dt.datetime, username: str | None = None, ip: str | None = None) -> int:
    q = select(func.count(LoginFailure.id)).where(LoginFailure.at >= since)
    if username is not None:
        q = q.where(LoginFailure.username == username[:100])
    if ip is not None:
        q = q.where(LoginFailure.ip == ip[:64])
    return int(db.scalar(q) or 0)


def login_blocked(db: Session, username: str, ip: str) -> Blocked | None:
    """Whether a login attempt is refused before its password is even checked."""
    username = nfc(username).strip().lower()[:100]
    now = _now()
    since = now - LOGIN_WINDOW
    if _failures(db, since, ip=ip) >= ADDRESS_MAX_FAILURES:
        return Blocked(
            f"Có quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau "
            f"{int(LOGIN_WINDOW.total_seconds() // 60)} phút.",
            int(LOGIN_WINDOW.total_seconds()),
        )
    user = find_user(db, username)
    minutes = int(ACCOUNT_LOCK.total_seconds() // 60)
    until = as_utc(user.locked_until) if user is not None else None
    if until is not None and until > now:  # is_locked(user, now)
        left = int((until - now).total_seconds()) + 1
        return Blocked(
            f"Tài khoản tạm khóa vì đăng nhập sai quá {ACCOUNT_MAX_FAILURES} lần. Hãy thử lại sau "
            f"{minutes} phút hoặc nhờ quản trị viên mở khóa.",
            left,
        )
    # a name that does not exist is answered the same way (no way to learn which names exist)
    if user is None and _failures(db, since, username=username) >= ACCOUNT_MAX_FAILURES:
        return Blocked(
            f"Tài khoản tạm khóa vì đăng nhập sai quá {ACCOUNT_MAX_FAILURES} lần. Hãy thử lại sau "
            f"{minutes} phút hoặc nhờ quản trị viên mở khóa.",
            int(LOGIN_WINDOW.total_seconds()),
        )
    return None


def login_failed(db: Session, username: str, ip: str, reason: str = "password") -> None:
    """Count a failed login; lock the account at the limit. Audit rows are bounded: the first failure per
    (user name, address) in a window, the account lock, and the moment an address reaches its limit."""
    now = _now()
    since = now - LOGIN_WINDOW
    name = nfc(username).strip().lower()[:100] or "?"
    db.execute(delete(LoginFailure).where(LoginFailure.at < now - FAILURES_KEPT))
    first = _failures(db, since, username=name, ip=ip) == 0
    db.add(LoginFailure(username=name, ip=ip[:64], at=now))
    db.flush()
    if first:
        repo.audit(db, name, "login_failed", ip=ip, reason=reason)
    if _failures(db, since, ip=ip) == ADDRESS_MAX_FAILURES:
        repo.audit(db, name, "login_blocked", ip=ip, failures=ADDRESS_MAX_FAILURES)
    user = find_user(db, name)
    if (
        user is not None
        and not is_locked(user, now)
        and _failures(db, since, username=name) >= ACCOUNT_MAX_FAILURES
    ):
        user.locked_until = now + ACCOUNT_LOCK
        repo.audit(db, "system", "account_locked", target=name, ip=ip, failures=ACCOUNT_MAX_FAILURES)
        db.flush()


def login_succeeded(db: Session, user: User, ip: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.username == user.username.lower()))
    user.last_login_at = _now()
    user.locked_until = None
    repo.audit(db, user.username, "login", ip=ip)
    db.flush()
