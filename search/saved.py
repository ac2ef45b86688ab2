"""Saved searches: a user keeps a search (its text and filters) under a name and runs it again later. Each
user sees and deletes only their own (table ``saved_searches``, migration 0008)."""

from __future__ import annotations

import json
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from ..lang.normalize import nfc
from ..storage.models import utcnow
from ..storage.search_index import saved_searches

T = saved_searches.c
MAX_NAME = 200
MAX_PARAMS = 4000  # bytes of JSON
MAX_PER_USER = 200


class SavedSearchError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _username(user: Any) -> str:
    name = getattr(user, "username", None) or (user if isinstance(user, str) else None)
    if not name:
        raise SavedSearchError("Không xác định được người dùng.")
    return str(name)


def save(db: Session, user: Any, name: str, params: dict[str, Any]) -> int:
    """Keep ``params`` (the search's text and filters) under ``name``; the same name again replaces it.
    Returns its id."""
    username = _username(user)
    name = " ".join(nfc(name or "").replace("\x00", "").split())
    if not name:
        raise SavedSearchError("Đặt tên cho tìm kiếm cần lưu.")
    if len(name) > MAX_NAME:
        raise SavedSearchError(f"Tên tìm kiếm dài quá {MAX_NAME} ký tự.")
    if not isinstance(params, dict):
        raise SavedSearchError("Tham số tìm kiếm không hợp lệ.")
    try:
        encoded = json.dumps(params, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError) as exc:
        raise SavedSearchError("Tham số tìm kiếm không hợp lệ.") from exc
    if len(encoded.encode()) > MAX_PARAMS:
        raise SavedSearchError("Tham số tìm kiếm quá dài.")
    clean = json.loads(encoded)
    existing = db.scalar(select(T.id).where(T.username == username, T.name == name))
    if existing is not None:
        db.execute(update(saved_searches).where(T.id == existing).values(params=clean))
        return int(existing)
    count = db.scalar(
        select(saved_searches.c.id).where(T.username == username).offset(MAX_PER_USER - 1).limit(1)
    )
    if count is not None:
        raise SavedSearchError(f"Mỗi người lưu tối đa {MAX_PER_USER} tìm kiếm; hãy xóa bớt.")
    result = db.execute(
        saved_searches.insert().values(username=username, name=name, params=clean, created_at=utcnow())
    )
    pk = cast("CursorResult[Any]", result).inserted_primary_key
    return (
        int(pk[0]) if pk else int(db.scalar(select(T.id).where(T.username == username, T.name == name)) or 0)
    )


def list_saved(db: Session, user: Any) -> list[dict[str, Any]]:
    """The user's saved searches, by name."""
    rows = db.execute(
        select(T.id, T.name, T.params, T.created_at)
        .where(T.username == _username(user))
        .order_by(T.name, T.id)
    ).all()
    return [
        {"id": r.id, "name": r.name, "params": dict(r.params or {}), "created_at": r.created_at} for r in rows
    ]


def delete_saved(db: Session, user: Any, id: int) -> bool:
    """Delete one of the user's own saved searches; False when it is not theirs or does not exist."""
    result = db.execute(delete(saved_searches).where(T.id == int(id), T.username == _username(user)))
    return bool(getattr(result, "rowcount", 0))
