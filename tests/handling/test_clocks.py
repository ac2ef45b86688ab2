"""Legal clocks of a case's handling (handling/clocks.py) and the working-day calendar (handling/calendar.py).

Every due date is counted by hand in the comments: the day of the start event is day 0; "(n)" marks the n-th
working day. The 2026 days off of the ``holidays`` package (checked with holidays.country_holidays("VN",
years=2026)): Thu 1/1; Tết Mon 16/2-Fri 20/2; Giỗ Tổ Sun 26/4, observed Mon 27/4; Thu 30/4, Fri 1/5; Mon 31/8
(substituted: Saturday 22/8 is worked instead); Tue 1/9, Wed 2/9; Tue 24/11. 2027: Tết Thu 4/2-Wed 10/2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from donthu.config import Settings
from donthu.handling import calendar
from donthu.handling.clocks import (
    RULES,
    Clock,
    ClockEvent,
    ClockInput,
    case_clocks,
    clock_state,
    extension_error,
)

D = dt.date


def ev(kind: str, on: dt.date, **data: Any) -> ClockEvent:
    return ClockEvent(kind, on, data)


def inp(category: str | None, received: dt.date, *events: ClockEvent, **kw: Any) -> ClockInput:
    return ClockInput(category, received, events, **kw)


def clocks(
    category: str | None,
    received: dt.date,
    *events: ClockEvent,
    off: frozenset[dt.date] = frozenset(),
    **kw: Any,
) -> dict[str, Clock]:
    return {c.key: c for c in case_clocks(inp(category, received, *events, **kw), off)}


def test_every_row_of_the_table_is_tested_here() -> None:
    """A new row fails here until it gets its own test below."""
    assert [r.key for r in RULES] == [
        "xu_ly_don", "kn_thu_ly_1", "kn_giai_quyet_1", "kn_gui_qd_1", "kn_thu_ly_2", "kn_giai_quyet_2",
        "kn_gui_qd_2", "tc_xu_ly", "tc_chuyen_don", "tc_thong_bao", "tc_giai_quyet", "tc_bao_cao",
        "kn_pa_tra_loi", "phuc_dap", "luu_don",
    ]  # fmt: skip
    assert len({r.key for r in RULES}) == len(RULES)
    legal = {r.key for r in RULES if r.legal}
    assert legal == {r.key for r in RULES} - {"kn_pa_tra_loi", "phuc_dap"}


# --- the calendar ---------------------------------------------------------------------------------------------


def test_calendar_days_off_2026() -> None:
    for day in (D(2026, 1, 1), D(2026, 2, 16), D(2026, 2, 20), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1)):
        assert not calendar.is_working_day(day), day
    for day in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2), D(2026, 11, 24)):
        assert not calendar.is_working_day(day), day
    assert calendar.is_working_day(D(2026, 2, 23))  # Monday after Tết
    assert not calendar.is_working_day(D(2026, 8, 29))  # a plain Saturday
    assert calendar.is_working_day(D(2026, 8, 22))  # the Saturday worked in exchange for Monday 31/8
    assert not calendar.is_working_day(
        D(2026, 8, 22), frozenset({D(2026, 8, 22)})
    )  # unless the agency is off
    # Thu 20/8 + 7 W: Fri 21 (1), Sat 22 (2, worked), Mon 24 (3) .. Fri 28 (7)
    assert calendar.add_working_days(D(2026, 8, 20), 7) == D(2026, 8, 28)


def test_calendar_parsing_rolling_and_years() -> None:
    assert calendar.parse_days_off("2026-03-10; 2026-03-11,oops,,") == frozenset(
        {D(2026, 3, 10), D(2026, 3, 11)}
    )
    assert calendar.days_off(Settings(extra_holidays="2026-03-10")) == frozenset({D(2026, 3, 10)})
    assert calendar.add_calendar_days(D(2026, 2, 10), 5) == D(2026, 2, 15)  # no roll-forward by itself
    assert calendar.roll_forward(D(2026, 2, 14)) == D(2026, 2, 23)  # Sat -> over Tết -> Monday 23/2
    assert calendar.roll_forward(D(2026, 2, 24)) == D(2026, 2, 24)  # a working day stays
    assert calendar.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert calendar.add_years(D(2026, 3, 5), 1) == D(2027, 3, 5)
    # Tue 10/2/2026 -> Tue 3/3/2026: Wed 11 (1), Thu 12 (2), Fri 13 (3), [Tết], Mon 23 (4) .. Fri 27 (8),
    # Mon 2/3 (9), Tue 3/3 (10)
    assert calendar.working_days_between(D(2026, 2, 10), D(2026, 3, 3)) == 10
    assert calendar.working_days_between(D(2026, 3, 3), D(2026, 2, 10)) == -10


# --- xử lý đơn and the khiếu nại acceptance ----------------------------------------------------------------


def test_xu_ly_don_and_kn_acceptance_across_tet() -> None:
    # received Tue 10/2/2026; 10 W: Wed 11 (1), Thu 12 (2), Fri 13 (3), [14-15 weekend, 16-20 Tết, 21-22
    # weekend], Mon 23 (4), Tue 24 (5), Wed 25 (6), Thu 26 (7), Fri 27 (8), Mon 2/3 (9), Tue 3/3 (10)
    c = clocks("khieu_nai", D(2026, 2, 10))
    assert set(c) == {"xu_ly_don", "kn_thu_ly_1"}  # nothing else has started
    for key in ("xu_ly_don", "kn_thu_ly_1"):
        assert c[key].start == D(2026, 2, 10)
        assert c[key].due == D(2026, 3, 3)
        assert (c[key].days, c[key].working_days, c[key].done_on) == (10, True, None)
    assert c["kn_thu_ly_1"].basis == "Điều 27 Luật Khiếu nại 2011; Điều 5 Thông tư 07/2013/TT-TTCP"
    assert c["xu_ly_don"].legal and c["kn_thu_ly_1"].legal
    # any direction stops both: a hướng dẫn on the due date is on time
    c = clocks("khieu_nai", D(2026, 2, 10), ev("classify", D(2026, 2, 12)), ev("huong_dan", D(2026, 3, 3)))
    assert c["xu_ly_don"].done_on == c["kn_thu_ly_1"].done_on == D(2026, 3, 3)
    assert clock_state(c["xu_ly_don"], D(2026, 3, 20)) == "done"


def test_xu_ly_don_for_other_categories_and_not_for_to_cao() -> None:
    # received Mon 2/3/2026: 3, 4, 5, 6 (4), 9 .. 13 (9), Mon 16 (10)
    for category in ("kien_nghi", "phan_anh", "kien_nghi_phan_anh", "nhieu_noi_dung", None):
        c = clocks(category, D(2026, 3, 2))
        assert set(c) == {"xu_ly_don"}, category
        assert c["xu_ly_don"].due == D(2026, 3, 16)
    assert "xu_ly_don" not in clocks("to_cao", D(2026, 3, 2))  # a tố cáo has its own 7-day clock


def test_an_extra_day_off_moves_working_day_clocks() -> None:
    off = calendar.parse_days_off("2026-03-10, not-a-date")
    # received Mon 2/3/2026: 3, 4, 5, 6 (4), 9 (5), [10 off], 11 (6), 12 (7), 13 (8), 16 (9), Tue 17 (10)
    c = clocks("khieu_nai", D(2026, 3, 2), off=off)
    assert c["xu_ly_don"].due == c["kn_thu_ly_1"].due == D(2026, 3, 17)


def test_kn_acceptance_not_running_when_classified_outside_competence() -> None:
    c = clocks(
        "khieu_nai", D(2026, 3, 2), ev("classify", D(2026, 3, 3), content_class="khieu_nai", competent=False)
    )
    assert set(c) == {"xu_ly_don"}


def test_kn_round_2_acceptance_across_2_9() -> None:
    # received Wed 26/8/2026, round 2; 10 W: Thu 27 (1), Fri 28 (2), [Mon 31/8 substituted off, Tue 1/9, Wed
    # 2/9], Thu 3 (3), Fri 4 (4), Mon 7 (5), Tue 8 (6), Wed 9 (7), Thu 10 (8), Fri 11 (9), Mon 14/9 (10)
    c = clocks(
        "khieu_nai", D(2026, 8, 26), ev("classify", D(2026, 8, 27), content_class="khieu_nai", round=2)
    )
    assert "kn_thu_ly_1" not in c
    assert c["kn_thu_ly_2"].due == D(2026, 9, 14)
    assert c["kn_thu_ly_2"].basis.startswith("Điều 36 Luật Khiếu nại 2011")


# --- khiếu nại resolution and sending the decision -----------------------------------------------------------


def _kn(thu_ly: dt.date, *more: ClockEvent, unit_remote: bool = False, **classify: Any) -> dict[str, Clock]:
    data = {"content_class": "khieu_nai", "competent": True, **classify}
    return clocks(
        "khieu_nai", thu_ly, ev("classify", thu_ly, **data), ev("thu_ly", thu_ly), *more, remote=unit_remote
    )


def test_kn_resolve_round_1_plain_complex_remote() -> None:
    # thu_ly Mon 2/3/2026 + 30 C = Wed 1/4/2026 (a working day)
    c = _kn(D(2026, 3, 2))["kn_giai_quyet_1"]
    assert (c.start, c.due, c.days, c.working_days) == (D(2026, 3, 2), D(2026, 4, 1), 30, False)
    assert c.basis == "Điều 28 Luật Khiếu nại 2011"
    # thu_ly Thu 15/1/2026 + 30 C = Sat 14/2: a day off, then Tết until Sun 22/2 -> Mon 23/2 (BLDS Điều 148(5))
    assert _kn(D(2026, 1, 15))["kn_giai_quyet_1"].due == D(2026, 2, 23)
    # complex: 45 C: 15/1 + 16 = 31/1, + 28 = 28/2, + 1 = Sun 1/3 -> Mon 2/3
    c = _kn(D(2026, 1, 15), complex=1)["kn_giai_quyet_1"]
    assert (c.days, c.due) == (45, D(2026, 3, 2))
    # remote area (the unit's flag): 45 C as well
    assert _kn(D(2026, 1, 15), unit_remote=True)["kn_giai_quyet_1"].due == D(2026, 3, 2)
    # remote and complex (complex=2 counts as complex): 60 C: 1/3 is day 45, + 15 = Mon 16/3
    c = _kn(D(2026, 1, 15), unit_remote=True, complex=2)["kn_giai_quyet_1"]
    assert (c.days, c.due) == (60, D(2026, 3, 16))
    # the case overrides the unit's flag: remote=False on the classify -> back to 30 days
    assert _kn(D(2026, 3, 2), unit_remote=True, remote=False)["kn_giai_quyet_1"].days == 30
    # remote only from the case (the unit is not remote)
    assert _kn(D(2026, 3, 2), remote=True)["kn_giai_quyet_1"].days == 45


def test_kn_resolve_stops_at_the_result_and_send_decision_round_1() -> None:
    # result Wed 29/4/2026; 3 W: [Thu 30/4, Fri 1/5 off, weekend], Mon 4/5 (1), Tue 5 (2), Wed 6/5 (3)
    c = _kn(D(2026, 4, 1), ev("result", D(2026, 4, 29), result="kn_dung"))
    assert c["kn_giai_quyet_1"].done_on == D(2026, 4, 29)
    assert clock_state(c["kn_giai_quyet_1"], D(2026, 6, 1)) == "done"  # 1/4 + 30 = Fri 1/5 -> Mon 4/5
    assert c["kn_giai_quyet_1"].due == D(2026, 5, 4)
    g = c["kn_gui_qd_1"]
    assert (g.start, g.due, g.days, g.working_days) == (D(2026, 4, 29), D(2026, 5, 6), 3, True)
    assert g.basis == "Điều 32 Luật Khiếu nại 2011"
    c = _kn(D(2026, 4, 1), ev("result", D(2026, 4, 29)), ev("notice", D(2026, 5, 7)))
    assert clock_state(c["kn_gui_qd_1"], D(2026, 5, 7)) == "done_late"
    assert "kn_gui_qd_2" not in c


def test_kn_resolve_and_send_decision_round_2() -> None:
    # thu_ly Mon 14/9/2026 + 45 C: 30/9 is day 16, + 29 = Thu 29/10/2026
    c = _kn(D(2026, 9, 14), round=2)
    assert "kn_giai_quyet_1" not in c
    assert (c["kn_giai_quyet_2"].days, c["kn_giai_quyet_2"].due) == (45, D(2026, 10, 29))
    assert c["kn_giai_quyet_2"].basis == "Điều 37 Luật Khiếu nại 2011"
    # complex 60 C: 31/10 is day 47, + 13 = Fri 13/11; remote the same
    assert _kn(D(2026, 9, 14), round=2, complex=1)["kn_giai_quyet_2"].due == D(2026, 11, 13)
    assert _kn(D(2026, 9, 14), unit_remote=True, round=2)["kn_giai_quyet_2"].due == D(2026, 11, 13)
    # remote and complex 70 C: + 10 = Mon 23/11
    c2 = _kn(D(2026, 9, 14), unit_remote=True, round=2, complex=1)["kn_giai_quyet_2"]
    assert (c2.days, c2.due) == (70, D(2026, 11, 23))
    # send the round-2 decision: 7 C from the result Tue 25/8/2026 = Tue 1/9, a holiday, 2/9 too -> Thu 3/9
    c = _kn(D(2026, 7, 13), ev("result", D(2026, 8, 25), result="kn2_cong_nhan"), round=2)
    g = c["kn_gui_qd_2"]
    assert (g.due, g.days, g.working_days, g.basis) == (
        D(2026, 9, 3),
        7,
        False,
        "Điều 41 Luật Khiếu nại 2011",
    )
    assert "kn_gui_qd_1" not in c


def test_round_from_thu_ly_data_when_the_classify_has_none() -> None:
    c = clocks("khieu_nai", D(2026, 9, 14), ev("thu_ly", D(2026, 9, 14), round=2))
    assert "kn_giai_quyet_2" in c and "kn_giai_quyet_1" not in c


# --- tố cáo ------------------------------------------------------------------------------------------------


def test_tc_register_and_check_across_30_4_and_several_sites() -> None:
    # received Fri 24/4/2026; 7 W: [Mon 27/4 Giỗ Tổ observed], Tue 28 (1), Wed 29 (2), [Thu 30/4, Fri 1/5,
    # weekend], Mon 4/5 (3), Tue 5 (4), Wed 6 (5), Thu 7 (6), Fri 8/5 (7)
    c = clocks("to_cao", D(2026, 4, 24))
    assert set(c) == {"tc_xu_ly"}
    t = c["tc_xu_ly"]
    assert (t.due, t.days, t.working_days, t.basis) == (
        D(2026, 5, 8),
        7,
        True,
        "Khoản 1 Điều 24 Luật Tố cáo 2018",
    )
    # several sites: 10 W: Mon 11 (8), Tue 12 (9), Wed 13/5 (10)
    c = clocks(
        "to_cao", D(2026, 4, 24), ev("classify", D(2026, 4, 28), content_class="to_cao", several_sites=True)
    )
    assert (c["tc_xu_ly"].days, c["tc_xu_ly"].due) == (10, D(2026, 5, 13))


def test_tc_forward_outside_competence_across_2_9() -> None:
    # received Fri 28/8/2026; 5 W from receipt: [Mon 31/8, Tue 1/9, Wed 2/9], Thu 3 (1), Fri 4 (2), Mon 7 (3),
    # Tue 8 (4), Wed 9/9 (5)
    classify = ev("classify", D(2026, 8, 31), content_class="to_cao", competent=False)
    c = clocks("to_cao", D(2026, 8, 28), classify)
    t = c["tc_chuyen_don"]
    assert (t.start, t.due, t.days, t.working_days) == (D(2026, 8, 28), D(2026, 9, 9), 5, True)
    assert t.basis == "Khoản 2 Điều 24 Luật Tố cáo 2018"
    c = clocks("to_cao", D(2026, 8, 28), classify, ev("chuyen_don", D(2026, 9, 9), to_body="Công an tỉnh"))
    assert clock_state(c["tc_chuyen_don"], D(2026, 9, 30)) == "done"
    assert c["tc_xu_ly"].done_on == D(2026, 9, 9)
    competent = ev("classify", D(2026, 8, 31), content_class="to_cao", competent=True)
    assert "tc_chuyen_don" not in clocks("to_cao", D(2026, 8, 28), competent)


def test_tc_notify_both_parties_after_acceptance() -> None:
    # thu_ly Mon 2/2/2026; 5 W: Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9/2 (5)
    c = clocks("to_cao", D(2026, 1, 26), ev("thu_ly", D(2026, 2, 2)))
    t = c["tc_thong_bao"]
    assert (t.start, t.due, t.days, t.working_days) == (D(2026, 2, 2), D(2026, 2, 9), 5, True)
    assert t.basis == "Khoản 3 Điều 29 Luật Tố cáo 2018"
    late = clocks("to_cao", D(2026, 1, 26), ev("thu_ly", D(2026, 2, 2)), ev("notice", D(2026, 2, 10)))
    assert clock_state(late["tc_thong_bao"], D(2026, 2, 10)) == "done_late"
    # notified in the thu_ly itself: done that day
    now = clocks("to_cao", D(2026, 1, 26), ev("thu_ly", D(2026, 2, 2), notified=True))
    assert now["tc_thong_bao"].done_on == D(2026, 2, 2)
    assert (
        clocks("to_cao", D(2026, 1, 26), ev("thu_ly", D(2026, 2, 2), notified=False))["tc_thong_bao"].done_on
        is None
    )


def _tc(thu_ly: dt.date, complex_: int, *more: ClockEvent) -> ClockInput:
    classify = ev("classify", thu_ly, content_class="to_cao", competent=True, complex=complex_)
    return inp("to_cao", thu_ly, classify, ev("thu_ly", thu_ly), *more)


def test_tc_resolve_and_its_extensions() -> None:
    # thu_ly Mon 2/2/2026 + 30 C: 28/2 is day 26, + 4 = Wed 4/3/2026
    c = {k.key: k for k in case_clocks(_tc(D(2026, 2, 2), 0))}["tc_giai_quyet"]
    assert (c.due, c.days, c.working_days, c.extended_days) == (D(2026, 3, 4), 30, False, 0)
    assert c.basis == "Điều 30 Luật Tố cáo 2018"
    # thu_ly Tue 31/3/2026 + 30 C = Thu 30/4, a holiday, then Fri 1/5 and the weekend -> Mon 4/5
    assert {k.key: k for k in case_clocks(_tc(D(2026, 3, 31), 0))}["tc_giai_quyet"].due == D(2026, 5, 4)
    # complex (1): one extension of 30: 4/3 + 30 = Fri 3/4/2026
    one = _tc(
        D(2026, 2, 2), 1, ev("extend", D(2026, 3, 1), clock="tc_giai_quyet", days=30, reason="xác minh")
    )
    c = {k.key: k for k in case_clocks(one)}["tc_giai_quyet"]
    assert (c.due, c.days, c.extended_days) == (D(2026, 4, 3), 30, 30)
    # very complex (2): 30 + 20 = 50: 4/3 + 50 = 3/4 + 20 = Thu 23/4; a third extension does not count
    exts = [
        ev("extend", D(2026, 3, i), clock="tc_giai_quyet", days=d) for i, d in ((1, 30), (20, 20), (25, 10))
    ]
    c = {k.key: k for k in case_clocks(_tc(D(2026, 2, 2), 2, *exts))}["tc_giai_quyet"]
    assert (c.due, c.extended_days) == (D(2026, 4, 23), 50)
    # an extension over 30 days, or of another clock, or after the result, is ignored
    bad = [
        ev("extend", D(2026, 3, 1), clock="tc_giai_quyet", days=31),
        ev("extend", D(2026, 3, 1), clock="tc_xu_ly", days=5),
        ev("result", D(2026, 3, 3), result="tc_dung"),
        ev("extend", D(2026, 3, 4), clock="tc_giai_quyet", days=10),
    ]
    c = {k.key: k for k in case_clocks(_tc(D(2026, 2, 2), 1, *bad))}["tc_giai_quyet"]
    assert (c.due, c.extended_days, c.done_on) == (D(2026, 3, 4), 0, D(2026, 3, 3))


def test_tc_forwarded_by_press_or_authority() -> None:
    # received Mon 26/1/2026 + 20 C = Sun 15/2, then Tết 16-20/2 and a weekend -> Mon 23/2/2026
    classify = ev("classify", D(2026, 1, 27), content_class="to_cao", forwarded_by_authority=True)
    c = clocks("to_cao", D(2026, 1, 26), classify)
    t = c["tc_bao_cao"]
    assert (t.due, t.days, t.working_days, t.basis) == (
        D(2026, 2, 23),
        20,
        False,
        "Khoản 2 Điều 26 Luật Tố cáo 2018",
    )
    assert "tc_bao_cao" not in clocks("to_cao", D(2026, 1, 26))
    done = clocks("to_cao", D(2026, 1, 26), classify, ev("thu_ly", D(2026, 2, 5)))
    assert done["tc_bao_cao"].done_on == D(2026, 2, 5)


def test_the_latest_classification_decides_the_category() -> None:
    c = clocks("khieu_nai", D(2026, 4, 24), ev("classify", D(2026, 4, 28), content_class="to_cao"))
    assert "tc_xu_ly" in c and "xu_ly_don" not in c and "kn_thu_ly_1" not in c
    c = clocks(
        "khieu_nai", D(2026, 4, 24),
        ev("classify", D(2026, 4, 28), content_class="to_cao"),
        ev("classify", D(2026, 4, 29), content_class="khieu_nai"),
    )  # fmt: skip
    assert "kn_thu_ly_1" in c and "tc_xu_ly" not in c


# --- configurable targets and lưu đơn -------------------------------------------------------------------------


def test_petition_answer_target() -> None:
    # thu_ly Mon 5/1/2026 + 15 C (petition_target_days) = Tue 20/1/2026
    c = clocks("kien_nghi", D(2026, 1, 2), ev("thu_ly", D(2026, 1, 5)), petition_target_days=15)
    t = c["kn_pa_tra_loi"]
    assert (t.start, t.due, t.days, t.working_days, t.legal) == (
        D(2026, 1, 5),
        D(2026, 1, 20),
        15,
        False,
        False,
    )
    assert "pháp luật không quy định" in t.basis
    done = clocks(
        "phan_anh",
        D(2026, 1, 2),
        ev("thu_ly", D(2026, 1, 5)),
        ev("result", D(2026, 1, 19)),
        petition_target_days=15,
    )
    assert clock_state(done["kn_pa_tra_loi"], D(2026, 3, 1)) == "done"
    assert "kn_pa_tra_loi" not in clocks("khieu_nai", D(2026, 1, 2), ev("thu_ly", D(2026, 1, 5)))


def test_reply_target_after_forwarding_outside() -> None:
    # chuyen_don outside on Fri 7/8/2026 + 14 C = Fri 21/8/2026
    out = ev("chuyen_don", D(2026, 8, 7), to_body="Sở Tài nguyên và Môi trường")
    c = clocks("to_cao", D(2026, 8, 3), out, reply_target_days=14)
    t = c["phuc_dap"]
    assert (t.due, t.days, t.working_days, t.legal) == (D(2026, 8, 21), 14, False, False)
    # + 24 C = Mon 31/8, off (substituted), then 1/9 and 2/9 -> Thu 3/9
    assert clocks("to_cao", D(2026, 8, 3), out, reply_target_days=24)["phuc_dap"].due == D(2026, 9, 3)
    # a target may be extended freely: + 10 -> Mon 31/8 -> Thu 3/9
    ext = ev("extend", D(2026, 8, 20), clock="phuc_dap", days=10)
    assert clocks("to_cao", D(2026, 8, 3), out, ext, reply_target_days=14)["phuc_dap"].due == D(2026, 9, 3)
    replied = clocks("to_cao", D(2026, 8, 3), out, ev("reply", D(2026, 8, 25)), reply_target_days=14)
    assert clock_state(replied["phuc_dap"], D(2026, 8, 25)) == "done_late"
    # forwarded again after the reply: the clock restarts, Mon 7/9 + 14 C = Mon 21/9, running
    again = [ev("reply", D(2026, 8, 25)), ev("chuyen_don", D(2026, 9, 7), to_body="Sở Xây dựng")]
    t = clocks("to_cao", D(2026, 8, 3), out, *again, reply_target_days=14)["phuc_dap"]
    assert (t.start, t.due, t.done_on) == (D(2026, 9, 7), D(2026, 9, 21), None)
    inside = ev("chuyen_don", D(2026, 8, 7), to_unit="PHUONG_01")
    assert "phuc_dap" not in clocks("to_cao", D(2026, 8, 3), inside)


def test_luu_don_kept_one_year() -> None:
    # lưu đơn Fri 27/2/2026 -> Sat 27/2/2027, a weekend -> Mon 1/3/2027
    c = clocks("kien_nghi", D(2026, 2, 2), ev("luu_don", D(2026, 2, 27)))
    t = c["luu_don"]
    assert (t.start, t.due, t.days, t.working_days) == (D(2026, 2, 27), D(2027, 3, 1), 365, False)
    assert t.basis == "Điều 28 Thông tư 05/2021/TT-TTCP"
    assert c["xu_ly_don"].done_on == D(2026, 2, 27)  # lưu đơn is a direction
    # 29/2/2024 -> Fri 28/2/2025 (no 29/2 in 2025)
    assert clocks("to_cao", D(2024, 2, 20), ev("luu_don", D(2024, 2, 29)))["luu_don"].due == D(2025, 2, 28)
    decided = clocks(
        "kien_nghi", D(2026, 2, 2), ev("luu_don", D(2026, 2, 27)), ev("destroy_decided", D(2027, 3, 2))
    )
    assert clock_state(decided["luu_don"], D(2027, 3, 2)) == "done_late"


# --- forwarding inside the installation ----------------------------------------------------------------------


def test_a_case_forwarded_in_starts_afresh_at_the_new_unit() -> None:
    events = [
        ev("received", D(2026, 1, 5), from_unit=None),
        ev("classify", D(2026, 1, 5), content_class="to_cao", competent=False),
        ev("chuyen_don", D(2026, 1, 6), to_unit="SO_TNMT"),
        ev("received", D(2026, 1, 7), from_unit="UBND_TINH"),
    ]
    # at the new unit, not classified yet: the case's category; Wed 7/1 + 10 W: Thu 8 (1), Fri 9 (2),
    # 12 .. 16 (7), Mon 19 (8), Tue 20 (9), Wed 21/1 (10)
    c = clocks("khieu_nai", D(2026, 1, 2), *events)
    assert set(c) == {"xu_ly_don", "kn_thu_ly_1"}
    assert (c["xu_ly_don"].start, c["xu_ly_don"].due, c["xu_ly_don"].done_on) == (
        D(2026, 1, 7),
        D(2026, 1, 21),
        None,
    )
    # a unit without a code forwarded it: the "via" link marks the receipt as a forwarding too
    via = [*events[:3], ev("received", D(2026, 1, 7), from_unit=None, via=12)]
    assert clocks("khieu_nai", D(2026, 1, 2), *via)["xu_ly_don"].start == D(2026, 1, 7)
    # the receipt at verification (no from_unit) does not move the date of receipt
    c = clocks("khieu_nai", D(2026, 1, 2), ev("received", D(2026, 1, 5), from_unit=None))
    assert c["xu_ly_don"].start == D(2026, 1, 2)


# --- states ---------------------------------------------------------------------------------------------------


def test_clock_states() -> None:
    c = clocks("khieu_nai", D(2026, 2, 10))["xu_ly_don"]  # due Tue 3/3/2026 (see above)
    assert clock_state(c, D(2026, 2, 13)) == "running"  # Fri 13/2: 7 working days left (Tết in between)
    assert clock_state(c, D(2026, 2, 25)) == "running"  # Wed 25/2: 26, 27, 2, 3 = 4 left
    assert clock_state(c, D(2026, 2, 26)) == "due_soon"  # Thu 26/2: 27, 2, 3 = 3 left
    assert clock_state(c, D(2026, 2, 26), soon=2) == "running"
    assert clock_state(c, D(2026, 3, 3)) == "due_soon"  # due today
    assert clock_state(c, D(2026, 3, 4)) == "overdue"
    # an extra day off counts: Wed 25/2 with Fri 27/2 off -> 26, 2, 3 = 3 left
    assert clock_state(c, D(2026, 2, 25), off=frozenset({D(2026, 2, 27)})) == "due_soon"
    done = clocks("khieu_nai", D(2026, 2, 10), ev("thu_ly", D(2026, 3, 3)))["xu_ly_don"]
    assert clock_state(done, D(2026, 4, 1)) == "done"
    late = clocks("khieu_nai", D(2026, 2, 10), ev("thu_ly", D(2026, 3, 4)))["xu_ly_don"]
    assert clock_state(late, D(2026, 3, 4)) == "done_late"


# --- extension_error ------------------------------------------------------------------------------------------


def test_extension_allowed_and_refused() -> None:
    assert extension_error(_tc(D(2026, 2, 2), 1), "tc_giai_quyet", 30) is None
    assert extension_error(_tc(D(2026, 2, 2), 2), "tc_giai_quyet", 1) is None
    # not complex: no extension
    assert "phức tạp" in (extension_error(_tc(D(2026, 2, 2), 0), "tc_giai_quyet", 10) or "")
    # more than 30 days
    assert "không quá 30 ngày" in (extension_error(_tc(D(2026, 2, 2), 1), "tc_giai_quyet", 31) or "")
    assert "lớn hơn 0" in (extension_error(_tc(D(2026, 2, 2), 1), "tc_giai_quyet", 0) or "")
    # complex: the second is refused
    one = ev("extend", D(2026, 3, 1), clock="tc_giai_quyet", days=30)
    assert "một lần" in (extension_error(_tc(D(2026, 2, 2), 1, one), "tc_giai_quyet", 10) or "")
    # very complex: a second is allowed, the third refused
    two = ev("extend", D(2026, 3, 20), clock="tc_giai_quyet", days=15)
    assert extension_error(_tc(D(2026, 2, 2), 2, one), "tc_giai_quyet", 30) is None
    assert "hai lần" in (extension_error(_tc(D(2026, 2, 2), 2, one, two), "tc_giai_quyet", 5) or "")
    # an ignored (too long) extension does not use up the one allowed
    long = ev("extend", D(2026, 3, 1), clock="tc_giai_quyet", days=40)
    assert extension_error(_tc(D(2026, 2, 2), 1, long), "tc_giai_quyet", 30) is None


def test_extension_refused_for_khieu_nai_and_other_clocks() -> None:
    kn = inp("khieu_nai", D(2026, 3, 2), ev("thu_ly", D(2026, 3, 2)))
    msg = extension_error(kn, "kn_giai_quyet_1", 10)
    assert msg is not None and "Luật Khiếu nại 2011 không quy định gia hạn" in msg
    # and an extend event recorded anyway does not move the KN clock
    kn_ext = inp(
        "khieu_nai",
        D(2026, 3, 2),
        ev("thu_ly", D(2026, 3, 2)),
        ev("extend", D(2026, 3, 5), clock="kn_giai_quyet_1", days=10),
    )
    c = {k.key: k for k in case_clocks(kn_ext)}["kn_giai_quyet_1"]
    assert (c.due, c.extended_days) == (D(2026, 4, 1), 0)
    assert "không được gia hạn" in (extension_error(_tc(D(2026, 2, 2), 1), "tc_xu_ly", 3) or "")
    # not started yet, already done, unknown
    assert "chưa bắt đầu" in (extension_error(inp("to_cao", D(2026, 2, 2)), "tc_giai_quyet", 10) or "")
    done = _tc(D(2026, 2, 2), 1, ev("result", D(2026, 3, 1)))
    assert "đã kết thúc" in (extension_error(done, "tc_giai_quyet", 10) or "")
    assert extension_error(_tc(D(2026, 2, 2), 1), "no_such_clock", 10) is not None
    # configurable targets: any positive extension
    out = inp("to_cao", D(2026, 8, 3), ev("chuyen_don", D(2026, 8, 7), to_body="Sở Xây dựng"))
    assert extension_error(out, "phuc_dap", 60) is None


@pytest.mark.parametrize("category", ["khieu_nai", "to_cao", "kien_nghi", "nhieu_noi_dung"])
def test_no_clock_before_its_start_event(category: str) -> None:
    """Only the clocks that run from receipt exist before any decision."""
    keys = set(clocks(category, D(2026, 3, 2)))
    assert keys <= {"xu_ly_don", "kn_thu_ly_1", "tc_xu_ly"}
    assert keys
