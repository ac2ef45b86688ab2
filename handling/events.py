"""The handling timeline of a case: reading and appending events (table handling_events, append-only).

Every change of a case's handling is an event with who, when, the unit acting and the legal basis; the case's
``handling_stage`` and ``unit_code`` are the running state those events produced. Events are never changed or
deleted (database triggers, migration 0007): a mistake is corrected by a later event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import LOCAL_TZ
from ..lang.normalize import nfc
from ..storage.models import Case, HandlingEvent, utcnow
from ..storage.search_index import FINAL_STAGES, set_due


class HandlingError(Exception):
    """A decision the law or the case's state does not allow; ``message`` is shown to the officer as is."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def events_of(db: Session, case_id: str | None) -> list[HandlingEvent]:
    """The case's events, oldest first."""
    if not case_id:
        return []
    return list(
        db.scalars(
            select(HandlingEvent)
            .where(HandlingEvent.case_id == case_id)
            .order_by(HandlingEvent.at, HandlingEvent.id)
        )
    )


def events_for(db: Session, case_ids: Iterable[str]) -> dict[str, list[HandlingEvent]]:
    """Events of several cases at once (lists, reports), oldest first per case."""
    ids = sorted(set(case_ids))
    out: dict[str, list[HandlingEvent]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.scalars(
            select(HandlingEvent)
            .where(HandlingEvent.case_id.in_(chunk))
            .order_by(HandlingEvent.at, HandlingEvent.id)
        )
        for ev in rows:
            out[ev.case_id].append(ev)
    return out


def add_event(
    db: Session,
    case: Case,
    kind: str,
    actor: str,
    *,
    unit_code: str | None = None,
    to_unit: str | None = None,
    to_body: str | None = None,
    basis: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> HandlingEvent:
    ev = HandlingEvent(
        case_id=case.case_id,
        kind=kind,
        at=at or utcnow(),
        actor=actor,
        unit_code=unit_code if unit_code is not None else case.unit_code,
        to_unit=to_unit,
        to_body=nfc(to_body.strip()) if to_body else None,
        basis=basis,
        note=nfc((note or "").strip())[:4000],
        data=dict(data or {}),
    )
    db.add(ev)
    db.flush()
    index_due(db, case)
    return ev


def index_due(db: Session, case: Case) -> None:
    """The search index's due date of the case (its nearest open clock) and whether its handling is over, for
    the search's ``overdue`` filter (storage/search_index.py)."""
    from ..config import get_settings
    from .views import case_clocks_for

    open_dues = [c.due for c in case_clocks_for(db, case, get_settings()) if c.done_on is None]
    set_due(db, case.case_id, min(open_dues, default=None), case.handling_stage in FINAL_STAGES)


def local_date(at: dt.datetime) -> dt.date:
    """The local date (Asia/Ho_Chi_Minh) of a stored UTC time (SQLite returns naive UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(LOCAL_TZ).date()


def last(events: Sequence[HandlingEvent], *kinds: str) -> HandlingEvent | None:
    for ev in reversed(events):
        if ev.kind in kinds:
            return ev
    return None


def classification(events: Sequence[HandlingEvent]) -> dict[str, Any]:
    """The latest classification's data ({} before any)."""
    ev = last(events, "classify")
    return dict(ev.data or {}) if ev is not None else {}
