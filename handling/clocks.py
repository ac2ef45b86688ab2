"""Legal clocks of a case's handling (DOMAIN §2): pure functions of the case's events, no database.

Each row of :data:`RULES` is one deadline: the stage it times, its length in working (W) or calendar (C) days,
the legal basis as printed on screen, the event kind that starts it and the kinds that stop it. Two rows are
configurable targets, not law (``legal=False``): the answer to a kiến nghị/phản ánh (``petition_target_days``)
and the reply (phúc đáp) awaited after forwarding a petition outside the installation (``reply_target_days``).

:func:`case_clocks` turns a :class:`ClockInput` (the category, the date of receipt, the events in order) into
the clocks that have started. The facts that change a period come from the latest ``classify`` event's data
(DOMAIN design, "Event data conventions"): ``content_class`` (wins over ``ClockInput.category``), ``round``,
``complex`` (0/1/2), ``several_sites``, ``remote`` (None = keep the unit's flag), ``competent`` and
``forwarded_by_authority``. A case forwarded in from another unit of the installation (a ``received`` event
with ``from_unit``, or ``via`` the forwarding event) starts afresh there: only the events from that one on count, and receipt is its date.

Counting (handling/calendar.py): the day of the start event is day 0. Working-day periods skip weekends,
Vietnamese public holidays and the extra days off; a calendar-day period whose last day is a day off ends on
the next working day (BLDS 2015 Điều 148(5)); the one-year retention of a lưu đơn ends on the same date a year
later. Extensions (gia hạn, ``extend`` events ``{"clock": key, "days": n}``) exist only where the law allows
them: a tố cáo's resolution, once (complex=1) or twice (complex=2), ≤30 days each (Luật Tố cáo Điều 30). Luật
Khiếu nại has none: complex or remote cases get the longer period instead. Extensions the law does not allow
are ignored here and refused beforehand by :func:`extension_error`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..contract import DIRECTIONS
from .calendar import NO_DAYS_OFF, add_working_days, add_years, roll_forward, working_days_between

KN, TC, KNPA, MIXED, OTHER = "khieu_nai", "to_cao", "kien_nghi_phan_anh", "nhieu_noi_dung", ""
# content-class codes (contract.CONTENT_CLASS_LABELS) and raw categories (contract.CATEGORY_LABELS)
_GROUPS = {KN: KN, TC: TC, KNPA: KNPA, "kien_nghi": KNPA, "phan_anh": KNPA, MIXED: MIXED}
TC_EXTENSION_MAX_DAYS = 30

ClockState = Literal["running", "due_soon", "overdue", "done", "done_late"]
Extension = Literal["none", "tc", "free"]


@dataclass(frozen=True)
class ClockEvent:
    kind: str  # contract.EVENT_LABELS
    on: dt.date  # local date (Asia/Ho_Chi_Minh) of the event
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClockInput:
    category: str | None  # content class or raw category; the latest classify's content_class wins
    received_on: dt.date  # local date of receipt of the petition
    events: Sequence[ClockEvent] = ()  # the case's handling events, oldest first
    remote: bool = False  # the unit is in a remote area (vùng sâu, vùng xa); classify data may override
    petition_target_days: int = 30
    reply_target_days: int = 30


@dataclass(frozen=True)
class ClockRule:
    key: str
    stage: str  # Vietnamese label of what must be done
    days: int
    working: bool  # True: working days (W); False: calendar days (C)
    basis: str
    start: str  # event kind that starts it ("received": the receipt at this unit)
    stops: frozenset[str]  # event kinds that stop it (the first one after the start)
    categories: frozenset[str]  # category groups it applies to (OTHER = not classified or unknown)
    legal: bool = True  # False: a configurable target, the law sets no deadline
    rounds: frozenset[int] = frozenset({1, 2})  # khiếu nại round(s) it applies to
    when: str = ""  # "competent" | "not_competent" | "forwarded_by_authority" | "outside" (the start event)
    complex_days: int = 0  # longer periods (0 = none): complex case, remote area, both, several sites
    remote_days: int = 0
    remote_complex_days: int = 0
    several_sites_days: int = 0
    target: str = ""  # "petition" | "reply": days from ClockInput instead of ``days``
    years: int = 0  # a period in years (``days`` unused)
    extension: Extension = "none"  # "tc": Luật Tố cáo Điều 30; "free": any (configurable targets)
    done_flag: str = ""  # the start event also stops it when its data has this flag set to true


@dataclass(frozen=True)
class Clock:
    key: str
    stage: str
    start: dt.date
    due: dt.date
    working_days: bool
    days: int  # the period before extensions
    basis: str
    legal: bool
    done_on: dt.date | None
    extended_days: int


_DIRECTIONS = frozenset(DIRECTIONS)
_NOT_ACCEPTED = _DIRECTIONS - {"thu_ly", "huong_dan"}  # dispositions of a tố cáo outside competence
_ALL = frozenset({KN, TC, KNPA, MIXED, OTHER})
_TARGET_BASIS = "Chỉ tiêu của đơn vị (pháp luật không quy định thời hạn)"
_LKN, _LTC = "Luật Khiếu nại 2011", "Luật Tố cáo 2018"

RULES: tuple[ClockRule, ...] = (
    ClockRule(
        "xu_ly_don", "Xử lý đơn: phân loại, đề xuất hướng xử lý", 10, True,
        "Thông tư 05/2021/TT-TTCP; thủ tục xử lý đơn (Cổng Dịch vụ công quốc gia, mã 315145)",
        "received", _DIRECTIONS, _ALL - {TC},
    ),
    ClockRule(
        "kn_thu_ly_1", "Thụ lý khiếu nại lần đầu, thông báo thụ lý hoặc không thụ lý", 10, True,
        f"Điều 27 {_LKN}; Điều 5 Thông tư 07/2013/TT-TTCP", "received", _DIRECTIONS, frozenset({KN}),
        rounds=frozenset({1}), when="competent",
    ),
    ClockRule(
        "kn_giai_quyet_1", "Giải quyết khiếu nại lần đầu", 30, False, f"Điều 28 {_LKN}",
        "thu_ly", frozenset({"result", "rut_don"}), frozenset({KN}), rounds=frozenset({1}),
        complex_days=45, remote_days=45, remote_complex_days=60,
    ),
    ClockRule(
        "kn_gui_qd_1", "Gửi quyết định giải quyết khiếu nại lần đầu", 3, True, f"Điều 32 {_LKN}",
        "result", frozenset({"notice"}), frozenset({KN}), rounds=frozenset({1}),
    ),
    ClockRule(
        "kn_thu_ly_2", "Thụ lý khiếu nại lần hai, thông báo thụ lý hoặc không thụ lý", 10, True,
        f"Điều 36 {_LKN}; Điều 5 Thông tư 07/2013/TT-TTCP", "received", _DIRECTIONS, frozenset({KN}),
        rounds=frozenset({2}), when="competent",
    ),
    ClockRule(
        "kn_giai_quyet_2", "Giải quyết khiếu nại lần hai", 45, False, f"Điều 37 {_LKN}",
        "thu_ly", frozenset({"result", "rut_don"}), frozenset({KN}), rounds=frozenset({2}),
        complex_days=60, remote_days=60, remote_complex_days=70,
    ),
    ClockRule(
        "kn_gui_qd_2", "Gửi quyết định giải quyết khiếu nại lần hai", 7, False, f"Điều 41 {_LKN}",
        "result", frozenset({"notice"}), frozenset({KN}), rounds=frozenset({2}),
    ),
    ClockRule(
        "tc_xu_ly", "Vào sổ, phân loại, kiểm tra điều kiện thụ lý tố cáo", 7, True, f"Khoản 1 Điều 24 {_LTC}",
        "received", _DIRECTIONS, frozenset({TC}), several_sites_days=10,
    ),
    ClockRule(
        "tc_chuyen_don", "Chuyển tố cáo không thuộc thẩm quyền, thông báo người tố cáo", 5, True,
        f"Khoản 2 Điều 24 {_LTC}", "received", _NOT_ACCEPTED, frozenset({TC}), when="not_competent",
    ),
    ClockRule(
        "tc_thong_bao", "Thông báo thụ lý cho người tố cáo và người bị tố cáo", 5, True,
        f"Khoản 3 Điều 29 {_LTC}", "thu_ly", frozenset({"notice"}), frozenset({TC}), done_flag="notified",
    ),
    ClockRule(
        "tc_giai_quyet", "Giải quyết tố cáo", 30, False, f"Điều 30 {_LTC}",
        "thu_ly", frozenset({"result", "rut_don"}), frozenset({TC}), extension="tc",
    ),
    ClockRule(
        "tc_bao_cao", "Báo cáo việc xử lý cho cơ quan chuyển tố cáo đến", 20, False, f"Khoản 2 Điều 26 {_LTC}",
        "received", _DIRECTIONS, frozenset({TC}), when="forwarded_by_authority",
    ),
    ClockRule(
        "kn_pa_tra_loi", "Trả lời kiến nghị, phản ánh", 0, False, _TARGET_BASIS,
        "thu_ly", frozenset({"result", "rut_don"}), frozenset({KNPA}), legal=False, target="petition",
        extension="free",
    ),
    ClockRule(
        "phuc_dap", "Chờ văn bản phúc đáp của cơ quan nhận đơn chuyển", 0, False, _TARGET_BASIS,
        "chuyen_don", frozenset({"reply"}), _ALL, legal=False, when="outside", target="reply",
        extension="free",
    ),
    ClockRule(
        "luu_don", "Lưu đơn 01 năm, rồi quyết định tiêu hủy", 0, False, "Điều 28 Thông tư 05/2021/TT-TTCP",
        "luu_don", frozenset({"destroy_decided"}), _ALL, years=1,
    ),
)  # fmt: skip
RULES_BY_KEY: dict[str, ClockRule] = {r.key: r for r in RULES}


@dataclass(frozen=True)
class _Facts:
    group: str
    round: int
    complex: int
    several_sites: bool
    remote: bool
    competent: bool | None
    forwarded_by_authority: bool


def category_group(category: str | None) -> str:
    """KN, TC, KNPA, MIXED for content classes and raw categories; OTHER for anything else."""
    return _GROUPS.get(category or "", OTHER)


def _segment(inp: ClockInput) -> list[ClockEvent]:
    """The events at the case's current unit, after a pseudo ``received`` event on the date of receipt there."""
    events = sorted(inp.events, key=lambda e: e.on)  # stable: same-day events keep their order
    receipt, first = inp.received_on, 0
    for i, ev in enumerate(events):
        if ev.kind == "received" and (ev.data.get("from_unit") or ev.data.get("via")):  # forwarded in
            receipt, first = ev.on, i + 1
    rest = [ev for ev in events[first:] if ev.kind != "received"]
    return [ClockEvent("received", receipt), *rest]


def _facts(inp: ClockInput, seq: Sequence[ClockEvent]) -> _Facts:
    data: Mapping[str, Any] = {}
    round_ = None
    for ev in seq:
        if ev.kind == "classify":
            data = ev.data
        elif ev.kind == "thu_ly" and ev.data.get("round"):
            round_ = ev.data["round"]
    remote = data.get("remote")
    competent = data.get("competent")
    return _Facts(
        group=category_group(data.get("content_class") or inp.category),
        round=2 if (data.get("round") or round_) == 2 else 1,
        complex=max(0, min(2, int(data.get("complex") or 0))),
        several_sites=bool(data.get("several_sites")),
        remote=inp.remote if remote is None else bool(remote),
        competent=None if competent is None else bool(competent),
        forwarded_by_authority=bool(data.get("forwarded_by_authority")),
    )


def _relevant(rule: ClockRule, facts: _Facts) -> bool:
    if facts.group not in rule.categories:
        return False
    if facts.group == KN and facts.round not in rule.rounds:
        return False
    if rule.when == "competent":
        return facts.competent is not False
    if rule.when == "not_competent":
        return facts.competent is False
    if rule.when == "forwarded_by_authority":
        return facts.forwarded_by_authority
    return True


def _starts(rule: ClockRule, ev: ClockEvent) -> bool:
    if ev.kind != rule.start:
        return False
    return not (rule.when == "outside" and ev.data.get("to_unit"))  # inside forwarding: no reply awaited


def _days(rule: ClockRule, facts: _Facts, inp: ClockInput) -> int:
    if rule.target == "petition":
        return inp.petition_target_days
    if rule.target == "reply":
        return inp.reply_target_days
    if facts.several_sites and rule.several_sites_days:
        return rule.several_sites_days
    complex_ = facts.complex > 0
    if facts.remote and complex_ and rule.remote_complex_days:
        return rule.remote_complex_days
    if facts.remote and rule.remote_days:
        return rule.remote_days
    if complex_ and rule.complex_days:
        return rule.complex_days
    return rule.days


def _stop_index(rule: ClockRule, seq: Sequence[ClockEvent], start: int) -> int | None:
    if rule.done_flag and seq[start].data.get(rule.done_flag) is True:
        return start
    for j in range(start + 1, len(seq)):
        if seq[j].kind in rule.stops:
            return j
    return None


def _extension_refusal(rule: ClockRule, facts: _Facts, granted: int, days: int) -> str | None:
    """Why the law refuses one more extension of ``days`` after ``granted`` ones (None = allowed)."""
    if rule.extension == "none":
        if rule.categories == {KN}:
            return (
                "Luật Khiếu nại 2011 không quy định gia hạn: vụ việc phức tạp hoặc ở vùng sâu, vùng xa được áp "
                "dụng thời hạn dài hơn (đánh dấu khi phân loại đơn)."
            )
        return f"Thời hạn «{rule.stage}» không được gia hạn."
    if days <= 0:
        return "Số ngày gia hạn phải lớn hơn 0."
    if rule.extension == "free":
        return None
    if facts.complex == 0:
        return (
            "Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn giải quyết tố cáo (Điều 30 Luật Tố cáo "
            "2018); đánh dấu mức độ phức tạp khi phân loại đơn."
        )
    if granted >= facts.complex:
        if facts.complex == 1:
            return "Vụ việc phức tạp chỉ được gia hạn giải quyết tố cáo một lần (Điều 30 Luật Tố cáo 2018)."
        return (
            "Vụ việc đặc biệt phức tạp chỉ được gia hạn giải quyết tố cáo hai lần (Điều 30 Luật Tố cáo 2018)."
        )
    if days > TC_EXTENSION_MAX_DAYS:
        return "Mỗi lần gia hạn giải quyết tố cáo không quá 30 ngày (Điều 30 Luật Tố cáo 2018)."
    return None


def _extensions(rule: ClockRule, facts: _Facts, events: Sequence[ClockEvent]) -> list[int]:
    """The days of the extensions of ``rule`` among ``events`` that the law allows, in order."""
    granted: list[int] = []
    for ev in events:
        if ev.kind != "extend" or ev.data.get("clock") != rule.key:
            continue
        try:
            days = int(ev.data.get("days") or 0)
        except (TypeError, ValueError):
            continue
        if _extension_refusal(rule, facts, len(granted), days) is None:
            granted.append(days)
    return granted


def _due(rule: ClockRule, start: dt.date, days: int, extra_days: int, off: frozenset[dt.date]) -> dt.date:
    if rule.working:
        return add_working_days(start, days + extra_days, off)
    return roll_forward(start + dt.timedelta(days=days + extra_days), off)


def _clock(
    rule: ClockRule, facts: _Facts, seq: Sequence[ClockEvent], inp: ClockInput, off: frozenset[dt.date]
) -> Clock | None:
    if not _relevant(rule, facts):
        return None
    starts = [i for i, ev in enumerate(seq) if _starts(rule, ev)]
    if not starts:
        return None
    i = starts[-1]  # a new start event (e.g. a second forwarding) restarts the clock
    start = seq[i].on
    stop = _stop_index(rule, seq, i)
    days = (add_years(start, rule.years) - start).days if rule.years else _days(rule, facts, inp)
    extended = sum(_extensions(rule, facts, seq[i + 1 : len(seq) if stop is None else stop]))
    return Clock(
        key=rule.key,
        stage=rule.stage,
        start=start,
        due=_due(rule, start, days, extended, off),
        working_days=rule.working,
        days=days,
        basis=rule.basis,
        legal=rule.legal,
        done_on=None if stop is None else seq[stop].on,
        extended_days=extended,
    )


def case_clocks(inp: ClockInput, off: frozenset[dt.date] = NO_DAYS_OFF) -> list[Clock]:
    """Every clock of the case that has started, in the order of :data:`RULES`."""
    seq = _segment(inp)
    facts = _facts(inp, seq)
    return [c for c in (_clock(r, facts, seq, inp, off) for r in RULES) if c is not None]


def clock_state(
    clock: Clock, today: dt.date, soon: int = 3, off: frozenset[dt.date] = NO_DAYS_OFF
) -> ClockState:
    """done / done_late once stopped; else overdue after the due date, due_soon within ``soon`` working days."""
    if clock.done_on is not None:
        return "done" if clock.done_on <= clock.due else "done_late"
    if today > clock.due:
        return "overdue"
    return "due_soon" if working_days_between(today, clock.due, off) <= soon else "running"


def extension_error(inp: ClockInput, clock_key: str, days: int) -> str | None:
    """Why an extension of ``clock_key`` by ``days`` is not allowed (Vietnamese), or None when it is."""
    rule = RULES_BY_KEY.get(clock_key)
    if rule is None:
        return f"Không có thời hạn «{clock_key}»."
    if rule.extension == "none":  # whatever the case's state
        return _extension_refusal(rule, _facts(inp, _segment(inp)), 0, days)
    seq = _segment(inp)
    facts = _facts(inp, seq)
    clock = _clock(rule, facts, seq, inp, NO_DAYS_OFF)
    if clock is None:
        return f"Thời hạn «{rule.stage}» chưa bắt đầu hoặc không áp dụng cho đơn này."
    if clock.done_on is not None:
        return f"Thời hạn «{rule.stage}» đã kết thúc, không gia hạn được."
    start = max(i for i, ev in enumerate(seq) if _starts(rule, ev))
    granted = len(_extensions(rule, facts, seq[start + 1 :]))
    return _extension_refusal(rule, facts, granted, days)
