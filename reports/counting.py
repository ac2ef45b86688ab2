"""What the report forms count, read from the cases and their handling timeline (handling_events).

**Stays.** A petition is handled by a unit from the day that unit receives it: the petition's receipt
(``cases.received_at``) for the first unit (the unit of the first ``received`` event, else ``cases.unit_code``,
else the home unit for a case not yet verified), and each later ``received`` event (a forwarding inside the
installation, or a petition sent back) for the next one. Each such stay is one petition handled by that unit; a
petition forwarded between two units of a report counts at each, as each unit's own report would.

**A period** is two local dates, both included; nothing after its last day is seen (a past quarter is reported
as it stood then).

- *Tiếp nhận trong kỳ*: the stay began in the period. *Kỳ trước chuyển sang*: it began before the period and no
  hướng xử lý was decided in it before the period began. The petitions of the period are these two kinds.
- *Đã xử lý*: a hướng xử lý (contract.DIRECTIONS; the first one of the stay) was decided by the end of the period.
- *Đủ điều kiện xử lý*: processed with thụ lý, hướng dẫn, chuyển đơn or trả lại (lưu đơn, không xử lý and rút đơn
  are the outcomes of a petition that is not), unless the classification (``classify``) marked it không đủ.
- *Thẩm quyền*: the classification's ``competent``; without one, thụ lý means thuộc thẩm quyền and hướng dẫn,
  chuyển đơn, trả lại mean không thuộc. Not competent: *Hướng dẫn* (hướng dẫn; trả lại đơn, the “trả lại đơn và
  hướng dẫn” of TT 04/2021 Mẫu 03), *Chuyển đơn*, or *Đôn đốc giải quyết* when the unit also urged the body it
  forwarded to (a ``don_doc`` event) by the end of the period.
- *Signers*: *Đơn khác* is an anonymous petition (nặc danh: no name or address of the writer: TT 02/2021's
  “đơn khác”, as this product reads it); otherwise more than one signatory is *nhiều người đứng tên*.
- *Loại đơn*: the classification's content class, else the decision's, else the petition's category; a petition
  with several contents (nhieu_noi_dung) is counted under its category (the forms have no column for it); an
  unknown category is tố cáo (fail closed, as the identity policy).
- *Vụ việc*: the duplicate group (``duplicate_of``, both ways, transitively), named by its smallest case number.
  Where a form classifies vụ việc, each vụ việc is classified once, by its earliest petition among those counted.
- *Tình trạng giải quyết* (the matter's state when the unit received it): the results (``result`` events)
  recorded before on the same vụ việc, at least one for a khiếu nại of round 2 (classification ``round``):
  one = đã giải quyết lần đầu, two or more = nhiều lần / lần 2; a court (reason kn11_9_toa_an or tc29_dd_toa_an)
  = đã có bản án; else a petition of the vụ việc accepted (thụ lý) and without result = đang giải quyết; else chưa.
  A tố cáo with an earlier result is *tố cáo tiếp, đã có kết luận*; with an earlier accepted one whose
  resolution period (Luật Tố cáo art. 30, handling/clocks.py) had run out unresolved, *tố cáo tiếp, quá thời hạn*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, load_only

from ..config import Settings
from ..contract import ARCHIVE_STATUSES, DIRECTIONS, LOCAL_TZ
from ..handling import units as unit_tree
from ..handling.calendar import days_off
from ..handling.clocks import case_clocks
from ..handling.eligibility import content_class_of
from ..handling.events import events_for, local_date
from ..handling.views import clock_input
from ..storage.db import as_utc
from ..storage.models import Case, HandlingEvent
from .forms import KN, KNPA, TC, content_field

ELIGIBLE_DIRECTIONS = frozenset({"thu_ly", "huong_dan", "chuyen_don", "tra_lai"})
COURT_REASONS = frozenset({"kn11_9_toa_an", "tc29_dd_toa_an"})
_REPORT_CLASSES = (KN, TC, KNPA)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class Stay:
    case: Case
    unit: str
    start_at: dt.datetime  # UTC
    received_on: dt.date  # local date
    events: list[HandlingEvent]  # the events of the stay, oldest first (not its ``received`` event)


@dataclass
class Dataset:
    """The stays of the units reported on, and the vụ việc (duplicate groups) they belong to."""

    stays: list[Stay]
    group_of: dict[str, str]  # case id → vụ việc id
    members: dict[str, list[str]]  # vụ việc id → its case ids
    cases: dict[str, Case]  # every case of those vụ việc
    events: dict[str, list[HandlingEvent]]  # their events, oldest first


def at_utc(value: dt.datetime) -> dt.datetime:
    return as_utc(value) or _EPOCH


def on(ev: HandlingEvent) -> dt.date:
    return local_date(ev.at)


def _groups(db: Session) -> dict[str, str]:
    """Every case's vụ việc: union-find over ``duplicate_of``; a group is named by its smallest case id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    rows = [
        (str(cid), dup)
        for cid, dup in db.execute(select(Case.case_id, Case.duplicate_of).where(Case.case_id.is_not(None)))
    ]
    for cid, dup in rows:
        parent.setdefault(cid, cid)
        if dup:
            parent.setdefault(dup, dup)
            a, b = find(cid), find(dup)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {cid: find(cid) for cid, _ in rows}


def _stays_of(case: Case, events: list[HandlingEvent], home: str) -> list[Stay]:
    received = [i for i, ev in enumerate(events) if ev.kind == "received"]
    if not received:
        unit = case.unit_code or home
        start = at_utc(case.received_at)
        return [Stay(case, unit, start, local_date(start), list(events))]
    stays = []
    for n, idx in enumerate(received):
        ev = events[idx]
        stop = received[n + 1] if n + 1 < len(received) else len(events)
        segment = events[idx + 1 : stop]
        if n == 0:
            segment = events[:idx] + segment
            start = at_utc(case.received_at)
        else:
            start = at_utc(ev.at)
        stays.append(Stay(case, ev.unit_code or case.unit_code or home, start, local_date(start), segment))
    return stays


# a case whose last event came before the period and that stood in one of these stages has nothing to report
FINISHED_STAGES = ("ket_thuc", "luu_don", "co_ket_qua", "cho_phuc_dap")
# what the forms read of a case (not its text, words or confidences)
_COLUMNS = (
    Case.id,
    Case.case_id,
    Case.status,
    Case.category,
    Case.domain,
    Case.signatory_count,
    Case.anonymous,
    Case.duplicate_of,
    Case.unit_code,
    Case.received_at,
    Case.handling_stage,
    Case.extra,
)


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def _cases(db: Session, where: Any) -> list[Case]:
    q = select(Case).options(load_only(*_COLUMNS)).where(Case.case_id.is_not(None), where)
    return list(db.scalars(q.order_by(Case.received_at, Case.id)))


def load(db: Session, settings: Settings, unit_codes: set[str], start: dt.date, end: dt.date) -> Dataset:
    """The stays at ``unit_codes`` that began by ``end``, and every case of their vụ việc with its events. Cases
    finished before ``start`` with nothing since (FINISHED_STAGES, no event from ``start`` on) are not read."""
    home = unit_tree.home_unit_code(db, settings)
    codes = sorted(unit_codes)
    came = select(HandlingEvent.case_id).where(
        HandlingEvent.kind == "received", HandlingEvent.unit_code.in_(codes)
    )
    where = [Case.case_id.in_(came), Case.unit_code.in_(codes)]
    if home in unit_codes:
        where.append(Case.unit_code.is_(None))
    first = _utc_midnight(start)
    recent = select(HandlingEvent.case_id).where(HandlingEvent.at >= first)
    live = or_(
        Case.received_at >= first,
        Case.handling_stage.is_(None),
        Case.handling_stage.not_in(FINISHED_STAGES),
        Case.case_id.in_(recent),
    )
    # a digitized backlog (archive/) is no petition received or carried over: its cases are not counted
    before_end = Case.received_at < _utc_midnight(end + dt.timedelta(days=1))
    cases = _cases(db, and_(before_end, or_(*where), live, Case.status.not_in(ARCHIVE_STATUSES)))
    group_of = _groups(db)
    wanted = {group_of.get(c.case_id or "", c.case_id or "") for c in cases}
    members: dict[str, list[str]] = {}
    for cid, gid in group_of.items():
        if gid in wanted:
            members.setdefault(gid, []).append(cid)
    by_id = {c.case_id or "": c for c in cases}
    others = sorted({cid for ids in members.values() for cid in ids} - set(by_id))
    for i in range(0, len(others), 500):
        by_id |= {c.case_id or "": c for c in _cases(db, Case.case_id.in_(others[i : i + 500]))}
    events = events_for(db, list(by_id))
    stays = [
        s
        for c in cases
        for s in _stays_of(c, events.get(c.case_id or "", []), home)
        if s.unit in unit_codes and s.received_on <= end
    ]
    return Dataset(stays, group_of, members, by_id, events)


# ---------------------------------------------------------------------------------------------- facts of a stay


@dataclass
class Facts:
    """What the forms count about one stay in one period."""

    stay: Stay
    case_id: str
    unit: str
    group: str
    signers: str  # "nhieu" | "mot" | "khac"
    cls: str  # KN | TC | KNPA
    field: str  # content-list field (forms.CONTENT_FIELDS)
    carried: bool
    received: bool
    direction: HandlingEvent | None  # the stay's first hướng xử lý, by the end of the period
    eligible: bool
    competent: bool
    handling: str  # "" | "huong_dan" | "chuyen_don" | "don_doc" (not competent)
    round: int
    resolved: int  # results on the vụ việc before the stay (a khiếu nại of round 2: at least 1)
    court: bool  # a court has the matter (classification reason)
    pending: bool  # a petition of the vụ việc accepted before and not resolved
    follow_up: str  # tố cáo tiếp: "" | "qua_han" | "ket_luan"

    @property
    def ref(self) -> str:
        return self.case_id

    @property
    def processed(self) -> bool:
        return self.direction is not None

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return self.stay.start_at, self.case_id


def signers_of(case: Case) -> str:
    if case.anonymous:
        return "khac"
    return "nhieu" if (case.signatory_count or 1) > 1 else "mot"


def report_class(case: Case, classified: str | None) -> str:
    """KN, TC or KNPA: the confirmed class, else the petition's; several contents: its category."""
    cls = classified or content_class_of(case.category or "to_cao", (case.extra or {}).get("contents"))
    if cls not in _REPORT_CLASSES:
        cls = content_class_of(case.category or "to_cao")
    return cls if cls in _REPORT_CLASSES else TC


class Reader:
    """Facts of the stays of a :class:`Dataset` for one period (with the vụ việc's history before each stay)."""

    def __init__(self, db: Session, settings: Settings, data: Dataset, start: dt.date, end: dt.date) -> None:
        self.db, self.settings, self.data = db, settings, data
        self.start, self.end = start, end
        self.off = days_off(settings)

    def upto_end(self, events: Iterable[HandlingEvent]) -> list[HandlingEvent]:
        return [e for e in events if on(e) <= self.end]

    def classification(self, events: Sequence[HandlingEvent], before: HandlingEvent | None) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for ev in events:
            if before is not None and ev is before:
                break
            if ev.kind == "classify":
                data = dict(ev.data or {})
        return data

    def facts(self, stay: Stay) -> Facts | None:
        """The stay's facts, or None when it is not a petition of the period (neither carried over nor new)."""
        events = self.upto_end(stay.events)
        direction = next((e for e in events if e.kind in DIRECTIONS), None)
        carried = stay.received_on < self.start and (direction is None or on(direction) >= self.start)
        received = self.start <= stay.received_on <= self.end
        if not (carried or received):
            return None
        return self.describe(stay, events, direction, carried, received)

    def describe(
        self,
        stay: Stay,
        events: list[HandlingEvent],
        direction: HandlingEvent | None,
        carried: bool,
        received: bool,
    ) -> Facts:
        case = stay.case
        info = self.classification(events, direction)
        cls = self._class(case, info, direction)
        kind = direction.kind if direction is not None else None
        eligible = kind in ELIGIBLE_DIRECTIONS and info.get("eligible") is not False
        flag = info.get("competent")
        competent = kind == "thu_ly" or (kind is not None and flag is True)
        handling = ""
        if eligible and not competent and direction is not None:
            urged = any(e.kind == "don_doc" for e in events[events.index(direction) :])
            handling = (
                "huong_dan" if kind in ("huong_dan", "tra_lai") else ("don_doc" if urged else "chuyen_don")
            )
        said = info.get("round") or ((direction.data or {}).get("round") if direction is not None else None)
        rnd = 2 if said == 2 else 1
        history = self._history(stay)
        resolved = sum(1 for e in history if e.kind == "result")
        if cls == KN:
            resolved = max(resolved, rnd - 1)
        pending = self._pending(history)
        follow_up = ""
        if cls == TC and resolved:
            follow_up = "ket_luan"
        elif cls == TC and any(self._overdue(cid, stay) for cid in pending):
            follow_up = "qua_han"
        cid = case.case_id or ""
        return Facts(
            stay=stay,
            case_id=cid,
            unit=stay.unit,
            group=self.data.group_of.get(cid, cid),
            signers=signers_of(case),
            cls=cls,
            field=content_field(cls, case.domain),
            carried=carried,
            received=received,
            direction=direction,
            eligible=eligible,
            competent=competent,
            handling=handling,
            round=rnd,
            resolved=resolved,
            court=bool(set(info.get("reasons") or ()) & COURT_REASONS),
            pending=bool(pending),
            follow_up=follow_up,
        )

    @staticmethod
    def _class(case: Case, info: dict[str, Any], direction: HandlingEvent | None) -> str:
        said = info.get("content_class") or (
            (direction.data or {}).get("content_class") if direction else None
        )
        return report_class(case, said)

    def stay_class(self, stay: Stay) -> str:
        """The report class of a stay as it stood at the end of the period."""
        events = self.upto_end(stay.events)
        direction = next((e for e in events if e.kind in DIRECTIONS), None)
        return self._class(stay.case, self.classification(events, direction), direction)

    # ------------------------------------------------------------------------------------------ the vụ việc before
    def _history(self, stay: Stay) -> list[HandlingEvent]:
        """The events of the stay's vụ việc before the stay began (its own earlier stays included)."""
        cid = stay.case.case_id or ""
        gid = self.data.group_of.get(cid, cid)
        out = [
            e
            for member in self.data.members.get(gid, [cid])
            for e in self.data.events.get(member, [])
            if at_utc(e.at) < stay.start_at
        ]
        return sorted(out, key=lambda e: (at_utc(e.at), e.id))

    @staticmethod
    def _pending(history: list[HandlingEvent]) -> list[str]:
        """Cases of the vụ việc accepted (thụ lý) before, without a result or withdrawal since."""
        open_: dict[str, bool] = {}
        for e in history:
            if e.kind == "thu_ly":
                open_[e.case_id] = True
            elif e.kind in ("result", "rut_don", "close") and e.case_id in open_:
                open_[e.case_id] = False
        return [cid for cid, still in open_.items() if still]

    def _overdue(self, case_id: str, stay: Stay) -> bool:
        """Whether the tố cáo ``case_id`` was past its resolution period when ``stay`` began."""
        case = self.data.cases.get(case_id)
        if case is None:
            return False
        events = [e for e in self.data.events.get(case_id, []) if at_utc(e.at) < stay.start_at]
        inp = clock_input(self.db, case, self.settings, events)
        clock = next((c for c in case_clocks(inp, self.off) if c.key == "tc_giai_quyet"), None)
        return clock is not None and clock.done_on is None and clock.due < stay.received_on

    def resolution_clock(self, case: Case, cls: str, rnd: int) -> tuple[dt.date, dt.date | None] | None:
        """(due, done on) of the case's resolution period by the end of the period (None: no such clock)."""
        events = self.upto_end(self.data.events.get(case.case_id or "", []))
        key = "tc_giai_quyet" if cls == TC else f"kn_giai_quyet_{rnd}"
        inp = clock_input(self.db, case, self.settings, events)
        clock = next((c for c in case_clocks(inp, self.off) if c.key == key), None)
        return None if clock is None else (clock.due, clock.done_on)
