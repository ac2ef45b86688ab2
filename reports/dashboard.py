"""The leaders' dashboard (/thong-ke): what a unit received, verified and handled in a period, what is overdue or
due soon now, how fast the verifiers approve and how often they correct what the machine read.

Every figure is counted by the database (GROUP BY over the period's rows, never a Python loop over every case);
only the few aggregated rows come back. Definitions (local dates, Asia/Ho_Chi_Minh, ``start`` and ``end``
inclusive; a "case of the scope" is one held by a unit of ``unit_codes`` or forwarded by one of them, as the
handling inbox sees it: ``handling.views.unit_condition``, written as :func:`in_scope` for the query planners):

- **received**: cases of the scope received (``received_at``) in the period;
- **verified**: cases of the scope approved in the period (a ``case_history`` row ``status`` → ``verified``; a
  case approved twice counts once);
- **handled**: cases on which a unit of the scope decided a hướng xử lý (an event of ``contract.DIRECTIONS``) in
  the period, once each (month: of its first such decision; by unit: each unit that decided);
- **overdue / due soon** (a snapshot today, whatever the period): cases held by the scope in handling and not
  finished whose nearest running legal clock (handling/clocks.py) is past its due date / due within 3 working
  days (``clock_state``'s ``due_soon``); by month = month of receipt, with "before" and "after" the period rows;
- **queue now**: cases of the scope waiting for verification (``pending``), returned to the desk (``returned``),
  and those of the pending ones past the 10-working-day processing deadline;
- **verifiers**: approvals per verifier in the period (rows of ``case_history``), the days they approved on, and
  the **correction rate**: of the verifiable fields (``contract.VERIFIABLE_FIELDS``) of the cases they approved,
  the share whose value a person changed from the machine's reading (a history row of that field whose new value
  differs from the old one; a confirmation keeps the value and is not a correction).

Overdue cases come from ``search_docs.due_on`` (the nearest open deadline the search index keeps, one SQL
aggregate) when that column exists, else from the clocks of the open cases only (``views.case_clocks_for``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, String, and_, case, cast, column, func, inspect, literal, or_, select, table
from sqlalchemy.orm import Session, load_only

from ..config import Settings
from ..contract import (
    ARCHIVE_STATUSES,
    CATEGORY_LABELS,
    DIRECTIONS,
    DOMAIN_LABELS,
    FIELD_BY_KEY,
    LOCAL_TZ,
    VERIFIABLE_FIELDS,
)
from ..handling import views
from ..handling.calendar import add_working_days, days_off, is_working_day, working_days_between
from ..handling.clocks import clock_state
from ..handling.events import events_for
from ..storage.models import Case, CaseHistory, HandlingEvent, Unit, User

MEASURES = ("received", "verified", "handled", "overdue", "due_soon")
MEASURE_LABELS = {
    "received": "Tiếp nhận",
    "verified": "Đã xác minh",
    "handled": "Đã xử lý",
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
}
SOON_WORKING_DAYS = 3  # "sắp đến hạn": as the handling inbox (handling.clocks.clock_state)
PROCESSING_DAYS = 10  # the station's processing deadline (api/deadlines.py)
BEFORE, AFTER, NONE, OUTSIDE = "truoc_ky", "sau_ky", "", "ngoai_pham_vi"
BUCKET_LABELS = {BEFORE: "Nhận trước kỳ", AFTER: "Nhận sau kỳ"}
OPEN_STAGES_EXCLUDED = ("ket_thuc",)
MAX_DAYS = 366 * 5 + 1  # the longest period a dashboard covers
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Scope:
    codes: frozenset[str]
    home: str
    start: dt.date
    end: dt.date
    today: dt.date
    off: frozenset[dt.date]

    @property
    def start_utc(self) -> dt.datetime:
        return local_midnight_utc(self.start)

    @property
    def end_utc(self) -> dt.datetime:  # exclusive
        return local_midnight_utc(self.end + dt.timedelta(days=1))


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """The UTC instant the local day ``day`` starts (what the database stores and compares)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def months_between(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(``YYYY-MM``, first day, first day of the next month) for every month the period touches."""
    out = []
    first = start.replace(day=1)
    while first <= end:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        out.append((f"{first:%Y-%m}", first, nxt))
        first = nxt
    return out


def _month_of(col: Any, sc: Scope) -> Any:
    """SQL: the period month (``YYYY-MM``) a UTC time falls in, ``truoc_ky`` / ``sau_ky`` outside it (portable:
    a CASE over bound month boundaries, the same on SQLite and PostgreSQL)."""
    whens = [
        (
            and_(
                col >= local_midnight_utc(max(a, sc.start)), col < local_midnight_utc(min(b, sc.end + _DAY))
            ),
            key,
        )
        for key, a, b in months_between(sc.start, sc.end)
    ]
    return case(*whens, (col < sc.start_utc, literal(BEFORE)), else_=literal(AFTER))


def _local_day(db: Session, col: Any) -> Any:
    """SQL: the local date of a stored UTC time, as text ``YYYY-MM-DD`` (for counting active days)."""
    if db.get_bind().dialect.name == "postgresql":
        return cast(func.date(func.timezone(str(LOCAL_TZ), col)), String)
    offset = dt.datetime.now(LOCAL_TZ).utcoffset() or dt.timedelta()
    return func.date(col, f"{int(offset.total_seconds() // 3600):+d} hours")


# ---------------------------------------------------------------------------------------------- counting
Cube = dict[tuple[str, str, str], int]  # (month, category, domain) -> count


def grouped(db: Session, rows: Any) -> list[tuple[Any, ...]]:
    """``rows`` (a SELECT of one row per thing counted, its columns the dimensions) counted per distinct value of
    its columns. Grouping the outer query by the subquery's columns keeps expressions with bound parameters (the
    month CASE, time zones) out of GROUP BY, where PostgreSQL would not match them to the SELECT list."""
    sub = rows.subquery()
    cols = list(sub.c)
    return [tuple(r) for r in db.execute(select(*cols, func.count()).group_by(*cols))]


def _cube_units(db: Session, month: Any, rows: Any) -> tuple[Cube, dict[str, int]]:
    """The (month, category, domain) cube and the per-holder counts of the cases ``rows`` selects."""
    cube: Cube = {}
    units: dict[str, int] = defaultdict(int)
    dims = rows.with_only_columns(month, Case.category, Case.domain, Case.unit_code)
    for m, cat, dom, unit, n in grouped(db, dims):
        key = (str(m or ""), cat or NONE, dom or NONE)
        cube[key] = cube.get(key, 0) + int(n)
        units[str(unit or "")] += int(n)
    return cube, dict(units)


def in_scope(codes: Iterable[str], home: str) -> Any:
    """The cases ``handling.views.unit_condition`` gives (held by one of ``codes``, a case not yet verified
    belonging to the home unit, or forwarded by one of them); the holder test is not an index condition, so the
    period's index leads. tests/reports/test_dashboard.py checks both select the same cases."""
    codes = set(codes)
    return or_(func.coalesce(Case.unit_code, home).in_(codes), views.forwarded_by(codes))


def _in_scope(sc: Scope) -> Any:
    return in_scope(sc.codes, sc.home)


def _received(db: Session, sc: Scope) -> tuple[Cube, dict[str, int]]:
    rows = select(Case.id).where(
        _in_scope(sc),
        Case.received_at >= sc.start_utc,
        Case.received_at < sc.end_utc,
        Case.status.not_in(ARCHIVE_STATUSES),  # a digitized backlog is not petitions received in its period
    )
    return _cube_units(db, _month_of(Case.received_at, sc), rows)


def _approvals(sc: Scope) -> Any:
    """Approvals in the period of cases of the scope (rows of the append-only field history). The scope is a
    correlated EXISTS on the case's unique number, so the database walks the period's history rows and looks each
    case up, rather than walking every case of a large scope."""
    of_scope = select(Case.id).where(Case.case_id == CaseHistory.case_id, _in_scope(sc)).exists()
    return (
        select(CaseHistory.case_id, CaseHistory.actor, CaseHistory.at)
        .where(
            CaseHistory.field == "status",
            CaseHistory.new_value == "verified",
            CaseHistory.at >= sc.start_utc,
            CaseHistory.at < sc.end_utc,
            of_scope,
        )
        .subquery()
    )


def _verified(db: Session, sc: Scope) -> tuple[Cube, dict[str, int]]:
    appr = _approvals(sc)
    first = select(appr.c.case_id, func.min(appr.c.at).label("at")).group_by(appr.c.case_id).subquery()
    rows = select(Case.id).join(first, first.c.case_id == Case.case_id)
    return _cube_units(db, _month_of(first.c.at, sc), rows)


def _handled(db: Session, sc: Scope) -> tuple[Cube, dict[str, int]]:
    decided = (  # the scope's decisions of the period (the event time's index leads)
        select(HandlingEvent.case_id, HandlingEvent.unit_code, HandlingEvent.at)
        .where(
            HandlingEvent.at >= sc.start_utc,
            HandlingEvent.at < sc.end_utc,
            HandlingEvent.kind.in_(DIRECTIONS),
            HandlingEvent.unit_code.in_(sc.codes),
        )
        .subquery()
    )
    first = (  # a case counts once, in the month of its first decision of the period
        select(decided.c.case_id, func.min(decided.c.at).label("at")).group_by(decided.c.case_id).subquery()
    )
    rows = select(Case.id).join(first, first.c.case_id == Case.case_id)
    cube, _holders = _cube_units(db, _month_of(first.c.at, sc), rows)
    per_unit = select(decided.c.unit_code, func.count(func.distinct(decided.c.case_id))).group_by(
        decided.c.unit_code
    )
    return cube, {str(u): int(n) for u, n in db.execute(per_unit)}


# ---------------------------------------------------------------------------------------------- overdue now
def _open_held(sc: Scope) -> list[Any]:
    """Cases held by the scope, in handling and not finished (whose clocks can run)."""
    held: Any = Case.unit_code.in_(sc.codes)
    return [held, Case.handling_stage.is_not(None), Case.handling_stage.not_in(OPEN_STAGES_EXCLUDED)]


def search_due_available(db: Session) -> bool:
    """Whether the search index keeps the nearest open deadline (``search_docs.due_on``, storage/search_index.py)."""
    cached = db.info.get("donthu_search_due")
    if cached is None:
        try:
            names = {c["name"] for c in inspect(db.connection()).get_columns("search_docs")}
        except Exception:  # no such table (the search index is not installed)
            names = set()
        cached = db.info["donthu_search_due"] = {"case_pk", "due_on"} <= names
    return bool(cached)


def _overdue_sql(db: Session, sc: Scope) -> tuple[dict[str, Cube], dict[str, dict[str, int]]]:
    """One aggregate over the search index's nearest open deadline of each open case."""
    docs = table("search_docs", column("case_pk"), column("due_on", Date))
    soon_before = add_working_days(sc.today, SOON_WORKING_DAYS + 1, sc.off)
    state = case((docs.c.due_on < sc.today, literal("overdue")), else_=literal("due_soon"))
    rows = (
        select(state, _month_of(Case.received_at, sc), Case.category, Case.domain, Case.unit_code)
        .join(docs, docs.c.case_pk == Case.id)
        .where(*_open_held(sc), docs.c.due_on < soon_before)
    )
    cubes: dict[str, Cube] = {"overdue": {}, "due_soon": {}}
    units: dict[str, dict[str, int]] = {"overdue": {}, "due_soon": {}}
    for st, m, cat, dom, unit, n in grouped(db, rows):
        key = (str(m or ""), cat or NONE, dom or NONE)
        cubes[st][key] = cubes[st].get(key, 0) + int(n)
        units[st][str(unit or "")] = units[st].get(str(unit or ""), 0) + int(n)
    return cubes, units


def _overdue_clocks(
    db: Session, sc: Scope, settings: Settings
) -> tuple[dict[str, Cube], dict[str, dict[str, int]]]:
    """The clocks of the open cases only (the search index's due dates are not there)."""
    cols = (Case.id, Case.case_id, Case.category, Case.domain, Case.unit_code, Case.received_at, Case.extra)
    cases = list(db.scalars(select(Case).options(load_only(*cols)).where(*_open_held(sc))))
    events = events_for(db, [c.case_id for c in cases if c.case_id])
    cubes: dict[str, Cube] = {"overdue": {}, "due_soon": {}}
    units: dict[str, dict[str, int]] = {"overdue": {}, "due_soon": {}}
    for c in cases:
        states = {
            clock_state(k, sc.today, SOON_WORKING_DAYS, sc.off)
            for k in views.case_clocks_for(db, c, settings, events.get(c.case_id or "", []))
        }
        st = "overdue" if "overdue" in states else "due_soon" if "due_soon" in states else ""
        if not st:
            continue
        received = c.received_at if c.received_at.tzinfo else c.received_at.replace(tzinfo=dt.UTC)
        key = (_bucket(received, sc), c.category or NONE, c.domain or NONE)
        cubes[st][key] = cubes[st].get(key, 0) + 1
        units[st][c.unit_code or ""] = units[st].get(c.unit_code or "", 0) + 1
    return cubes, units


def _bucket(at: dt.datetime, sc: Scope) -> str:
    day = at.astimezone(LOCAL_TZ).date()
    return BEFORE if day < sc.start else AFTER if day > sc.end else f"{day:%Y-%m}"


# ---------------------------------------------------------------------------------------------- queue, verifiers
def _earliest_receipt_in_time(today: dt.date, off: frozenset[dt.date]) -> dt.date:
    """The earliest local receipt date whose processing deadline (10 working days) is today or later."""
    day, count = today, 0
    while count < PROCESSING_DAYS:
        day -= _DAY
        if is_working_day(day, off):
            count += 1
    return day


def _queue(db: Session, sc: Scope) -> dict[str, int]:
    scope = _in_scope(sc)
    waiting = Case.status.in_(("pending_verification", "returned"))
    counts = dict(
        db.execute(select(Case.status, func.count(Case.id)).where(waiting, scope).group_by(Case.status)).all()
    )
    late = db.scalar(
        select(func.count(Case.id)).where(
            scope,
            Case.status == "pending_verification",
            Case.received_at < local_midnight_utc(_earliest_receipt_in_time(sc.today, sc.off)),
        )
    )
    return {
        "pending": int(counts.get("pending_verification", 0)),
        "returned": int(counts.get("returned", 0)),
        "pending_overdue": int(late or 0),
    }


def _throughput(db: Session, appr: Any) -> dict[str, tuple[int, int]]:
    """Per verifier: (approvals, local days with an approval)."""
    day = _local_day(db, appr.c.at)
    approved: dict[str, int] = defaultdict(int)
    days: dict[str, set[str]] = defaultdict(set)
    for actor, d, n in grouped(db, select(appr.c.actor, day)):
        approved[actor] += int(n)
        days[actor].add(str(d))
    return {a: (approved[a], len(days[a])) for a in approved}


def _corrections(db: Session, appr: Any) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Per verifier the cases they approved; per verifier and per field the cases whose value of that field a
    person changed from the machine's reading."""
    checked: dict[str, int] = {
        str(a): int(n)
        for a, n in db.execute(
            select(appr.c.actor, func.count(func.distinct(appr.c.case_id))).group_by(appr.c.actor)
        )
    }
    changed = (
        select(appr.c.actor, CaseHistory.field, func.count(func.distinct(CaseHistory.case_id)))
        .join(CaseHistory, CaseHistory.case_id == appr.c.case_id)
        .where(
            CaseHistory.field.in_(VERIFIABLE_FIELDS),
            func.coalesce(CaseHistory.old_value, "") != func.coalesce(CaseHistory.new_value, ""),
        )
        .group_by(appr.c.actor, CaseHistory.field)
    )
    by_actor: dict[str, int] = defaultdict(int)
    by_field: dict[str, int] = defaultdict(int)
    for actor, field, n in db.execute(changed):
        by_actor[actor] += int(n)
        by_field[field] += int(n)
    return checked, by_actor, by_field


def _verifiers(
    db: Session, sc: Scope, verified: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    appr = _approvals(sc)
    per = _throughput(db, appr)
    checked, by_actor, by_field = _corrections(db, appr)
    names = dict(db.execute(select(User.username, User.full_name).where(User.username.in_(list(per)))).all())
    work_days = max(1, _working_days(sc))
    nf = len(VERIFIABLE_FIELDS)
    rows: list[dict[str, Any]] = [
        {
            "username": actor,
            "name": names.get(actor) or actor,
            "approved": approved,
            "active_days": days,
            "per_active_day": round(approved / max(1, days), 1),
            "per_working_day": round(approved / work_days, 2),
            "cases": checked.get(actor, 0),
            "fields_corrected": by_actor.get(actor, 0),
            "correction_rate": _rate(by_actor.get(actor, 0), checked.get(actor, 0) * nf),
        }
        for actor, (approved, days) in per.items()
    ]
    rows.sort(key=lambda r: (-r["approved"], r["username"]))
    pairs = sum(checked.values())
    fields = [
        {
            "field": f,
            "label": FIELD_BY_KEY[f].label,
            "corrected": by_field.get(f, 0),
            "cases": pairs,
            "rate": _rate(by_field.get(f, 0), pairs),
        }
        for f in VERIFIABLE_FIELDS
    ]
    corrected = sum(by_field.values())
    summary = {
        "approvals": sum(r["approved"] for r in rows),
        "cases": verified,  # distinct cases approved in the period
        "working_days": work_days,
        "fields_checked": pairs * nf,
        "fields_corrected": corrected,
        "correction_rate": _rate(corrected, pairs * nf),
    }
    return rows, fields, summary


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _working_days(sc: Scope) -> int:
    """Working days of the period up to today (the days verifiers could approve on)."""
    last = min(sc.end, sc.today)
    if last < sc.start:
        return 0
    return working_days_between(sc.start - _DAY, last, sc.off)


# ---------------------------------------------------------------------------------------------- units, shaping
def unit_rollup(db: Session, codes: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each unit of ``codes`` mapped to the row it counts in (the scope's root itself, or the root's child it sits
    under), and the rows' names. A scope with several roots keeps each root's rows."""
    codes = set(codes)
    parents = {c: p for c, p in db.execute(select(Unit.code, Unit.parent_code)) if c in codes}
    names = views.unit_names(db)
    roots = {c for c in codes if parents.get(c) not in codes}
    row: dict[str, str] = {}
    for code in codes:
        path = [code]
        while path[-1] not in roots and parents.get(path[-1]) in codes and len(path) < 64:
            path.append(str(parents[path[-1]]))
        row[code] = path[-1] if len(path) == 1 else path[-2]
    return row, {c: names.get(c, c) for c in set(row.values())}


def _is_root(db: Session, code: str, codes: frozenset[str]) -> bool:
    parent = db.scalar(select(Unit.parent_code).where(Unit.code == code))
    return parent not in codes


def _marginal(cubes: dict[str, Cube], axis: int) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for measure, cube in cubes.items():
        for key, n in cube.items():
            out[key[axis]][measure] += n
    return out


def _rows(
    marg: dict[str, dict[str, int]], order: list[str], labels: dict[str, str], none_label: str
) -> list[dict[str, Any]]:
    keys = [k for k in order if k in marg] + sorted(k for k in marg if k not in order)
    return [{"key": k, "label": labels.get(k) or (none_label if k == NONE else k), **marg[k]} for k in keys]


def _month_rows(cubes: dict[str, Cube], sc: Scope) -> list[dict[str, Any]]:
    marg = _marginal(cubes, 0)
    months = months_between(sc.start, sc.end)
    for key, _a, _b in months:  # every month of the period, even an empty one
        marg.setdefault(key, dict.fromkeys(MEASURES, 0))
    labels = {key: f"{a:%m/%Y}" for key, a, _b in months} | BUCKET_LABELS
    return _rows(marg, [BEFORE, *[m[0] for m in months], AFTER], labels, "")


def _unit_rows(db: Session, sc: Scope, per_unit: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    row_of, names = unit_rollup(db, sc.codes)
    marg: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for measure, counts in per_unit.items():
        for unit, n in counts.items():
            unit = unit or sc.home  # not yet verified: the home unit's
            marg[row_of.get(unit, OUTSIDE)][measure] += n
    roots = sorted((c for c in set(row_of.values()) if c in sc.codes and _is_root(db, c, sc.codes)), key=str)
    others = sorted(set(row_of.values()) - set(roots), key=lambda c: names.get(c, c))
    order = [*roots, *others, OUTSIDE]
    labels = names | {OUTSIDE: "Đơn vị khác (hồ sơ đã chuyển đi)"}
    return _rows(marg, order, labels, "")


def dashboard(
    db: Session,
    settings: Settings,
    unit_codes: set[str],
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Every figure of the dashboard for the units ``unit_codes`` (a unit and its subtree) and the local dates
    ``start``..``end`` inclusive; ``today`` (local) for the overdue snapshot and the queue."""
    if end < start:
        raise ValueError("Ngày kết thúc phải sau ngày bắt đầu.")
    sc = Scope(
        frozenset(unit_codes),
        views.home_unit(db, settings),
        start,
        end,
        today or views.today_local(),
        days_off(settings),
    )
    cubes: dict[str, Cube] = {}
    per_unit: dict[str, dict[str, int]] = {}
    cubes["received"], per_unit["received"] = _received(db, sc)
    cubes["verified"], per_unit["verified"] = _verified(db, sc)
    cubes["handled"], per_unit["handled"] = _handled(db, sc)
    source = "search_docs.due_on" if search_due_available(db) else "clocks"
    late, late_units = _overdue_sql(db, sc) if source != "clocks" else _overdue_clocks(db, sc, settings)
    cubes |= late
    per_unit |= late_units
    verifiers, fields, summary = _verifiers(db, sc, sum(cubes["verified"].values()))
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "today": sc.today.isoformat(),
        "units": sorted(sc.codes),
        "measures": MEASURE_LABELS,
        "totals": {m: sum(cubes[m].values()) for m in MEASURES},
        "by_month": _month_rows(cubes, sc),
        "by_category": _rows(_marginal(cubes, 1), list(CATEGORY_LABELS), CATEGORY_LABELS, "Chưa phân loại"),
        "by_domain": _rows(_marginal(cubes, 2), list(DOMAIN_LABELS), DOMAIN_LABELS, "Chưa xác định"),
        "by_unit": _unit_rows(db, sc, per_unit),
        "queue": _queue(db, sc),
        "verifiers": verifiers,
        "corrections": fields,
        "verification": summary,
        "overdue_source": source,
    }
