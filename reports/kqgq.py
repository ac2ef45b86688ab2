"""01/KQGQ and 03/KQGQ (giải quyết thuộc thẩm quyền): the petitions a unit accepted (thụ lý) and their results.

- *Thuộc thẩm quyền*: the stay's hướng xử lý was thụ lý. *Kỳ trước chuyển sang*: accepted before the period and
  neither resolved (``result``) nor withdrawn (``rut_don``) before it; *tiếp nhận trong kỳ*: accepted in it.
- *Đã giải quyết*: a result recorded in the period (its kind: contract.RESULT_LABELS; round 1 or 2 of a khiếu
  nại: the acceptance's ``round``); *rút*: withdrawn in the period.
- Amounts come from the result event's data: ``amount_recovered`` (đồng, printed in triệu đồng),
  ``land_recovered_m2`` and ``people_disciplined`` (what handling/tracking.py records today), and, when a
  result carries them, ``returned_org_amount``, ``returned_org_land_m2``, ``returned_person_amount``,
  ``returned_person_land_m2``, ``orgs_restored``, ``people_restored``, ``officials_disciplined``,
  ``to_police`` (true: the matter was sent to the investigating body), ``police_people``, ``police_officials``.
- *Chấp hành thời hạn*: the result came by the due date of the resolution period (handling/clocks.py:
  kn_giai_quyet_1/2, tc_giai_quyet, with lawful extensions).
- 03/KQGQ column 10 (đình chỉ không do rút tố cáo): the timeline has no suspension event yet; it stays 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..contract import DIRECTIONS
from ..storage.models import HandlingEvent
from .counting import Facts, Reader, on
from .figures import Fig, count, matters, matters_where, sum_of, total
from .forms import KN, TC

Figures = dict[int, Fig]
KN_RESULTS = ("kn_dung", "kn_sai", "kn_dung_mot_phan", "kn2_cong_nhan", "kn2_huy_sua")
TC_RESULTS = ("tc_dung", "tc_sai", "tc_co_dung_co_sai")
MILLION = 1_000_000
# the 13 columns after "đã giải quyết": (result data key, scale); None = a count of results with the flag set
AMOUNTS: tuple[tuple[str, float | None], ...] = (
    ("amount_recovered", 1 / MILLION),
    ("land_recovered_m2", 1),
    ("returned_org_amount", 1 / MILLION),
    ("returned_org_land_m2", 1),
    ("returned_person_amount", 1 / MILLION),
    ("returned_person_land_m2", 1),
    ("orgs_restored", 1),
    ("people_restored", 1),
    ("people_disciplined", 1),
    ("officials_disciplined", 1),
    ("to_police", None),
    ("police_people", 1),
    ("police_officials", 1),
)


@dataclass
class Resolution:
    facts: Facts
    carried: bool  # accepted before the period, still open at its start
    result: HandlingEvent | None  # the result recorded in the period
    withdrawn: HandlingEvent | None  # the withdrawal in the period
    kept: bool  # the result came within the resolution period

    @property
    def ref(self) -> str:
        return self.facts.case_id

    @property
    def group(self) -> str:
        return self.facts.group

    @property
    def sort_key(self) -> object:
        return self.facts.sort_key

    @property
    def outcome(self) -> str:
        return str((self.result.data or {}).get("result") or "") if self.result is not None else ""


def resolutions(reader: Reader) -> list[tuple[str, Resolution]]:
    """(unit, resolution) of every accepted petition still being resolved in the period."""
    out = []
    for stay in reader.data.stays:
        events = reader.upto_end(stay.events)
        direction = next((e for e in events if e.kind in DIRECTIONS), None)
        if direction is None or direction.kind != "thu_ly":
            continue
        after = events[events.index(direction) + 1 :]
        end = next((e for e in after if e.kind in ("result", "rut_don")), None)
        if end is not None and on(end) < reader.start:
            continue
        carried = on(direction) < reader.start
        facts = reader.describe(stay, events, direction, carried, not carried)
        result = end if end is not None and end.kind == "result" else None
        kept = True
        if result is not None:
            clock = reader.resolution_clock(stay.case, facts.cls, facts.round)
            kept = clock is None or clock[1] is None or clock[1] <= clock[0]
        withdrawn = end if end is not None and end.kind == "rut_don" else None
        out.append((stay.unit, Resolution(facts, carried, result, withdrawn, kept)))
    return out


def _amount(key: str, scale: float | None) -> Callable[[Resolution], float]:
    def get(r: Resolution) -> float:
        value = (r.result.data or {}).get(key) if r.result is not None else None
        if scale is None:
            return 1.0 if value else 0.0
        try:
            return float(value or 0) * scale
        except (TypeError, ValueError):
            return 0.0

    return get


def _amounts(items: Sequence[Resolution], first: int) -> Figures:
    done = [r for r in items if r.result is not None]
    out: Figures = {}
    for i, (key, scale) in enumerate(AMOUNTS):
        if scale is None:  # số vụ chuyển cơ quan điều tra
            out[first + i] = matters(r for r in done if _amount(key, None)(r))
        else:
            out[first + i] = total(done, _amount(key, scale))
    return out


def _outcome_is(kind: str, follow_up: bool = False) -> Callable[[Resolution], bool]:
    """The result is ``kind`` (and, with ``follow_up``, the tố cáo was a tố cáo tiếp)."""
    return lambda r: r.outcome == kind and (not follow_up or bool(r.facts.follow_up))


def _accepted(items: Sequence[Resolution]) -> Figures:
    return {
        1: count(items),
        2: count(r for r in items if r.carried),
        3: count(r for r in items if not r.carried),
        4: matters(items),
    }


def kqgq01(items: Sequence[Resolution]) -> Figures:
    mine = [r for r in items if r.facts.cls == KN]
    out = _accepted(mine)
    solved = [r for r in mine if r.outcome in KN_RESULTS]
    out[5] = matters(solved)
    out[6] = matters(r for r in mine if r.withdrawn is not None)
    out |= _amounts(mine, 7)
    out |= {20 + i: matters_where(solved, _outcome_is(kind)) for i, kind in enumerate(KN_RESULTS)}
    out[25] = matters_where(solved, lambda r: r.kept)
    out[26] = matters_where(solved, lambda r: not r.kept)
    return out


def kqgq03(items: Sequence[Resolution]) -> Figures:
    mine = [r for r in items if r.facts.cls == TC]
    out = _accepted(mine)
    out[5] = matters_where(mine, lambda r: bool(r.facts.follow_up))
    solved = [r for r in mine if r.outcome in TC_RESULTS]
    out[7] = matters_where(solved, lambda r: not r.facts.follow_up)
    out[8] = matters_where(solved, lambda r: bool(r.facts.follow_up))
    out[9] = matters(r for r in mine if r.withdrawn is not None)
    out[10] = Fig()
    out[6] = sum_of(out[n] for n in (7, 8, 9, 10))
    out |= _amounts(mine, 11)
    for i, kind in enumerate(TC_RESULTS):
        out[24 + 2 * i] = matters_where(solved, _outcome_is(kind))
        out[25 + 2 * i] = matters_where(solved, _outcome_is(kind, follow_up=True))
    out[30] = matters_where(solved, lambda r: r.kept)
    out[31] = matters_where(solved, lambda r: not r.kept)
    return out


KQGQ_FORMS: dict[str, Callable[[Sequence[Resolution]], Figures]] = {"01/KQGQ": kqgq01, "03/KQGQ": kqgq03}
