"""01/TCD and 02/TCD (tiếp công dân), from the sổ tiếp công dân (reception/log.py ``visits_in``; cancelled visits
are not counted). The figures refer to visits (``Report.refs == "visit"``), not to case numbers.

- 01/TCD: each visit is a *lượt tiếp* of its kind (``thuong_xuyen``: tiếp thường xuyên; ``thu_truong``: the head
  receives; ``uy_quyen``: delegated by the head); *số người* adds its ``people_count``; *vụ việc* counts its matter
  (the first visit of the same vụ việc) under *tiếp lần đầu* (a first visit) or *tiếp nhiều lần* (a repeat);
  *đoàn đông người* are the ``group_visit`` ones; *số kỳ tiếp* the distinct reception days of the head's visits.
  A refused visit (Luật Tiếp công dân art. 9) was still a lượt tiếp.
- 02/TCD: a petition received through reception is a visit not refused (one per visit); its class is the visit's,
  else its petition's, else tố cáo (fail closed). *Thuộc thẩm quyền*: thụ lý at the desk, or a petition taken in
  (nhận đơn) that the unit then accepted or has not yet sent elsewhere; *không thuộc*: hướng dẫn, chuyển đơn at
  the desk or in the petition's later handling (hướng dẫn, trả lại = Hướng dẫn; chuyển đơn, Đôn đốc when the unit
  also urged the body). *Phúc đáp*: replies dated in the period about the visits' petitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import DIRECTIONS
from ..handling.events import events_for
from ..reception.log import visits_in
from ..reception.models import ReceptionVisit
from ..storage.models import Case, HandlingEvent
from .counting import at_utc, on, report_class
from .figures import Fig, count, matters, matters_where, sum_of, total
from .forms import KN, KNPA, TC

Figures = dict[int, Fig]
_CLASSES = (KN, TC, KNPA)


@dataclass
class VisitItem:
    visit: ReceptionVisit
    cls: str = TC
    competent: bool = True
    handling: str = ""  # not competent: huong_dan | chuyen_don | don_doc
    replies: int = 0

    @property
    def ref(self) -> str:
        return str(self.visit.id)

    @property
    def group(self) -> str:
        return str(self.visit.matter)

    @property
    def sort_key(self) -> tuple[dt.datetime, int]:
        return at_utc(self.visit.visited_at), self.visit.id


def _forwarded(events: Sequence[HandlingEvent], after: HandlingEvent | None = None) -> str:
    rest = events[events.index(after) :] if after is not None else events
    return "don_doc" if any(e.kind == "don_doc" for e in rest) else "chuyen_don"


def _describe(
    item: VisitItem, cases: dict[str, Case], events: dict[str, list[HandlingEvent]], end: dt.date
) -> None:
    visit = item.visit
    linked = [cid for cid in (visit.case_ids or []) if cid in cases]
    mine = [e for cid in linked for e in events.get(cid, []) if on(e) <= end]
    if visit.content_class in _CLASSES:
        item.cls = str(visit.content_class)
    elif linked:
        item.cls = report_class(cases[linked[0]], None)
    if visit.outcome == "huong_dan":
        item.competent, item.handling = False, "huong_dan"
    elif visit.outcome == "chuyen_don":
        item.competent, item.handling = False, _forwarded(mine)
    elif visit.outcome == "nhan_don":
        here = [e for e in mine if e.kind in DIRECTIONS and e.unit_code == visit.unit_code]
        first = here[0] if here else None
        if first is not None and first.kind in ("huong_dan", "tra_lai"):
            item.competent, item.handling = False, "huong_dan"
        elif first is not None and first.kind == "chuyen_don":
            item.competent, item.handling = False, _forwarded(mine, first)


def visit_items(
    db: Session, unit_codes: set[str], start: dt.date, end: dt.date
) -> list[tuple[str, VisitItem]]:
    """(unit, item) for each visit of the period, with its petitions' handling by the end of the period."""
    visits = visits_in(db, unit_codes, start, end)
    ids = sorted({str(cid) for v in visits for cid in (v.case_ids or [])})
    cases: dict[str, Case] = {}
    for i in range(0, len(ids), 500):
        cases |= {
            c.case_id or "": c for c in db.scalars(select(Case).where(Case.case_id.in_(ids[i : i + 500])))
        }
    events = events_for(db, list(cases))
    out = []
    for visit in visits:
        item = VisitItem(visit)
        _describe(item, cases, events, end)
        window = [
            e
            for cid in (visit.case_ids or [])
            for e in events.get(str(cid), [])
            if e.kind == "reply" and start <= on(e) <= end
        ]
        item.replies = len({e.id for e in window})
        out.append((visit.unit_code, item))
    return out


def _kind(items: Sequence[VisitItem], first: int, days: bool) -> Figures:
    out: Figures = {}
    n = first
    if days:
        held = [i for i in items if i.visit.reception_day_id is not None]
        out[n] = Fig(len({i.visit.reception_day_id for i in held}), frozenset(i.ref for i in held))
        n += 1
    crowds = [i for i in items if i.visit.group_visit]
    out[n] = count(items)
    out[n + 1] = total(items, lambda i: float(i.visit.people_count or 1))
    out[n + 2] = matters(i for i in items if i.visit.first_visit)
    out[n + 3] = matters(i for i in items if not i.visit.first_visit)
    out[n + 4] = count(crowds)
    out[n + 5] = total(crowds, lambda i: float(i.visit.people_count or 1))
    out[n + 6] = matters(i for i in crowds if i.visit.first_visit)
    out[n + 7] = matters(i for i in crowds if not i.visit.first_visit)
    return out


def tcd01(items: Sequence[VisitItem]) -> Figures:
    out: Figures = {}
    for kind, first, days in (("thuong_xuyen", 4, False), ("thu_truong", 12, True), ("uy_quyen", 21, True)):
        out |= _kind([i for i in items if i.visit.kind == kind], first, days)
    out[1] = sum_of(out[n] for n in (4, 13, 22))
    out[2] = sum_of(out[n] for n in (5, 14, 23))
    out[3] = sum_of(out[n] for n in (6, 7, 15, 16, 24, 25))
    return out


def _class_is(cls: str) -> Callable[[VisitItem], bool]:
    return lambda i: i.cls == cls


def _sent(how: str) -> Callable[[VisitItem], bool]:
    return lambda i: not i.competent and i.handling == how


def tcd02(items: Sequence[VisitItem]) -> Figures:
    mine = [i for i in items if i.visit.outcome != "tu_choi"]
    out: Figures = {1: count(mine), 2: matters(mine)}
    for n, cls in ((3, KN), (5, TC), (7, KNPA)):
        out[n] = count(i for i in mine if i.cls == cls)
        out[n + 1] = matters_where(mine, _class_is(cls))
    out[9] = count(i for i in mine if i.competent)
    out[10] = matters_where(mine, lambda i: i.competent)
    out[11] = count(i for i in mine if not i.competent)
    out[12] = matters_where(mine, lambda i: not i.competent)
    for n, how in ((13, "huong_dan"), (14, "chuyen_don"), (15, "don_doc")):
        out[n] = matters_where(mine, _sent(how))
    answered = [i for i in mine if i.replies]
    out[16] = Fig(sum(i.replies for i in answered), frozenset(i.ref for i in answered))
    return out


TCD_FORMS = {"01/TCD": tcd01, "02/TCD": tcd02}
