"""01/XLD-04/XLD, 01/KQGQ and 03/KQGQ on generated petitions with known categories, domains, signers, units, dates
(before, in and after the second quarter of 2026) and handling made by the handling functions themselves: every
cell of 01-04/XLD against a table of expected values, the drill-down case lists, the declared sums, the rows
(a child unit inside its parent's row, a unit outside the subtree never counted)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from donthu.config import get_settings
from donthu.handling import decisions, tracking
from donthu.handling import units as unit_tree
from donthu.reports.build import FORMS, ReportError, build_report
from donthu.reports.forms import Report

from .reportkit import Q2, Clock, Petitions, open_db

D = dt.date


@pytest.fixture()
def db(data_dir: Path, units_env: None) -> Iterator[Session]:
    """SQLite; the full check of every cell also runs on PostgreSQL (``both``)."""
    yield from open_db(get_settings().db_url)


@pytest.fixture()
def both(db_url: str, units_env: None) -> Iterator[Session]:
    yield from open_db(db_url)


@pytest.fixture()
def petitions(db: Session, clock: Clock) -> Petitions:
    return make_petitions(db, clock)


def make_petitions(db: Session, clock: Clock) -> Petitions:
    """The quarter's petitions (names as in the expected tables below)."""
    p = Petitions(db, clock)
    # Phường Một (T.P1) and its team (T.P1.TO)
    p.add("A", "khieu_nai", "dat_dai", "T.P1", D(2026, 3, 10))  # carried over: decided in the quarter
    p.on(D(2026, 4, 5)).classify("A", "khieu_nai")
    decisions.decide(db, p["A"], "xuly", "thu_ly")
    p.on(D(2026, 4, 6))
    tracking.assign(db, p["A"], "xuly", "canbo")
    p.on(D(2026, 4, 30))
    amounts = {"amount_recovered": 150_000_000, "land_recovered_m2": 120.5, "people_disciplined": 2}
    tracking.record_result(db, p["A"], "canbo", "kn_dung_mot_phan", amounts=amounts)
    p.add("B", "khieu_nai", "chinh_sach", "T.P1", D(2026, 3, 20), signers=3)  # decided before: not counted
    p.on(D(2026, 3, 25))
    decisions.decide(db, p["B"], "xuly", "huong_dan")
    p.add("C", "to_cao", "tham_nhung", "T.P1", D(2026, 4, 10))  # forwarded outside, urged, answered
    p.on(D(2026, 4, 12)).classify("C", "to_cao", competent=False)
    decisions.decide(db, p["C"], "xuly", "chuyen_don", to_body="Công an thành phố Mẫu")
    p.on(D(2026, 5, 20))
    tracking.don_doc(db, p["C"], "xuly")
    p.on(D(2026, 6, 10))
    tracking.reply(db, p["C"], "xuly", "Công an đã thụ lý", reply_no="12/CV")
    p.add("D", "kien_nghi", "dat_dai", "T.P1", D(2026, 5, 2), anonymous=True)  # not processed yet
    p.add(
        "E", "khieu_nai", "tu_phap", "T.P1", D(2026, 5, 5), signers=2, duplicate_of="A"
    )  # A's vụ việc, round 2
    p.on(D(2026, 5, 6)).classify("E", "khieu_nai", round=2)
    decisions.decide(db, p["E"], "xuly", "thu_ly")
    p.add("F", "khieu_nai", "dat_dai", "T.P1", D(2026, 6, 25))  # decided after the quarter
    p.on(D(2026, 7, 2))
    decisions.decide(db, p["F"], "xuly", "huong_dan")
    p.add("G", "khieu_nai", "dat_dai", "T.P1", D(2026, 7, 3))  # received after the quarter
    p.add("H", "phan_anh", "chinh_sach", "T.P1.TO", D(2026, 4, 15))  # forwarded inside to Phường Hai
    p.on(D(2026, 4, 20))
    decisions.decide(db, p["H"], "xuly", "chuyen_don", to_unit="T.P2")
    # Phường Hai (T.P2)
    p.on(D(2026, 4, 25))
    decisions.decide(db, p["H"], "xuly2", "thu_ly")
    p.on(D(2026, 5, 10))
    tracking.reply(db, p["H"], "xuly2", "Phường Hai đã thụ lý", unit_code="T.P2")
    p.add("I", "to_cao", "dat_dai", "T.P2", D(2026, 1, 15))  # concluded before the quarter
    p.on(D(2026, 1, 20))
    decisions.decide(db, p["I"], "xuly2", "thu_ly")
    tracking.assign(db, p["I"], "xuly2", "canbo2")
    p.on(D(2026, 2, 15))
    tracking.record_result(db, p["I"], "canbo2", "tc_dung")
    p.add("J", "to_cao", "dat_dai", "T.P2", D(2026, 4, 8), duplicate_of="I")  # tố cáo tiếp
    p.on(D(2026, 4, 9)).classify("J", "to_cao")
    decisions.decide(db, p["J"], "xuly2", "thu_ly")
    tracking.assign(db, p["J"], "xuly2", "canbo2")
    p.on(D(2026, 6, 20))
    tracking.record_result(db, p["J"], "canbo2", "tc_sai")  # after the 30 days of Luật Tố cáo art. 30
    p.add("K", "khieu_nai", "dang_doan_the", "T.P2", D(2026, 6, 1))  # a court has it; guided though competent
    p.on(D(2026, 6, 2)).classify("K", "khieu_nai", reasons=["kn11_9_toa_an"])
    decisions.decide(db, p["K"], "xuly2", "huong_dan")
    p.add("O", "khieu_nai", "nha_tai_san", "T.P2", D(2026, 4, 20))  # sent back to the body that forwarded it
    p.on(D(2026, 4, 22))
    decisions.decide(db, p["O"], "xuly2", "tra_lai", to_body="UBND xã Cũ")
    p.add("P", "khieu_nai", "chinh_sach", "T.P2", D(2026, 2, 1))  # accepted before, withdrawn in the quarter
    p.on(D(2026, 2, 3))
    decisions.decide(db, p["P"], "xuly2", "thu_ly")
    p.on(D(2026, 5, 15))
    decisions.decide(db, p["P"], "xuly2", "rut_don")
    # Ban tiếp công dân (home unit): one not verified yet (no unit: the home unit's), one anonymous stored
    p.add("L", "khieu_nai", "khac", None, D(2026, 4, 2), verified=False)
    p.add("M", "to_cao", "moi_truong", "T.BTCD", D(2026, 4, 3), anonymous=True)
    p.on(D(2026, 4, 4)).classify("M", "to_cao", eligible=False)
    decisions.decide(db, p["M"], "xuly", "luu_don")
    # another province: never in T's reports
    p.add("N", "khieu_nai", "dat_dai", "X", D(2026, 4, 10))
    p.on(D(2026, 4, 11))
    decisions.decide(db, p["N"], "xuly3", "thu_ly")
    db.flush()
    return p


# expected {row: {column: cases}}: a cell's value is the number of its cases unless EXPECTED_VALUES says otherwise
ROWS = ("T.BTCD", "T.P1", "T.P2")
EXPECTED: dict[str, dict[str, dict[int, str]]] = {
    "01/XLD": {
        "T.BTCD": {1: "LM", 6: "L", 7: "M", 8: "M"},
        "T.P1": {
            1: "ACDEFH",
            3: "A",
            5: "E",
            6: "CFH",
            7: "D",
            8: "ACEH",
            9: "ACEH",
            10: "ACEH",
            11: "AE",
            12: "C",
            13: "H",
            14: "E",
            17: "ACH",
            18: "AE",
            19: "AE",
            22: "CH",
            24: "H",
            25: "C",
            26: "CH",
        },
        "T.P2": {
            1: "HJKO",
            6: "HJKO",
            8: "HJKO",
            9: "HJKO",
            10: "HJKO",
            11: "KO",
            12: "J",
            13: "H",
            14: "JK",
            17: "HO",
            18: "HJK",
            19: "K",
            20: "J",
            21: "H",
            22: "O",
            23: "O",
        },
    },
    "02/XLD": {
        "T.BTCD": {1: "L", 5: "L"},
        "T.P1": {
            1: "AEF",
            3: "A",
            4: "E",
            5: "F",
            6: "AE",
            7: "A",
            8: "E",
            9: "AE",
            10: "AE",
            11: "AE",
            13: "AE",
            22: "AE",
            23: "AE",
            24: "AE",
        },
        "T.P2": {
            1: "KO",
            5: "KO",
            6: "KO",
            8: "KO",
            9: "KO",
            10: "KO",
            11: "O",
            13: "O",
            16: "K",
            20: "K",
            22: "O",
            23: "K",
            24: "K",
            26: "O",
            27: "O",
        },
    },
    "03/XLD": {
        "T.BTCD": {1: "M", 7: "M", 8: "M", 10: "M"},
        "T.P1": {
            1: "C",
            6: "C",
            8: "C",
            10: "C",
            11: "C",
            12: "C",
            18: "C",
            22: "C",
            29: "C",
            32: "C",
            33: "C",
        },
        "T.P2": {
            1: "J",
            6: "J",
            8: "J",
            10: "J",
            11: "J",
            12: "J",
            13: "J",
            15: "J",
            25: "J",
            26: "J",
            28: "J",
        },
    },
    "04/XLD": {
        "T.BTCD": {},
        "T.P1": {
            1: "DH",
            6: "H",
            7: "D",
            8: "H",
            10: "H",
            11: "H",
            12: "H",
            13: "H",
            19: "H",
            21: "H",
            22: "H",
            24: "H",
        },
        "T.P2": {1: "H", 6: "H", 8: "H", 10: "H", 11: "H", 12: "H", 13: "H", 19: "H", 20: "H"},
    },
    "01/KQGQ": {
        "T.BTCD": {},
        "T.P1": {1: "AE", 3: "AE", 4: "AE", 5: "A", 7: "A", 8: "A", 15: "A", 22: "A", 25: "A"},
        "T.P2": {1: "P", 2: "P", 4: "P", 6: "P"},
    },
    "03/KQGQ": {
        "T.BTCD": {},
        "T.P1": {},
        "T.P2": {1: "J", 3: "J", 4: "J", 5: "J", 6: "J", 8: "J", 26: "J", 27: "J", 31: "J"},
    },
}
# values that are not the number of cases behind the cell: vụ việc, amounts, replies
EXPECTED_VALUES: dict[str, dict[str, dict[int, float]]] = {
    "01/XLD": {"T.P1": {10: 3}},
    "02/XLD": {"T.P1": {10: 1, 11: 1, 13: 1, 22: 1, 23: 1, 24: 1}},
    "01/KQGQ": {"T.P1": {4: 1, 7: 150, 8: 120.5, 15: 2}},
}


def _sums_hold(report: Report) -> None:
    """Every sum the form declares (the MS row) holds in every row, and the total row is the sum of the rows."""
    layout = FORMS[report.code]
    for row in report.rows:
        values = {int(c.key.split(":c")[1]): c.value for c in row.cells}
        for col in layout.columns():
            for parts in col.sums:
                assert values[col.n] == pytest.approx(sum(values[p] for p in parts)), (
                    report.code,
                    row.key,
                    col.n,
                    parts,
                )
    *units, total = report.rows
    assert total.key == "tong" and total.label == "Tổng cộng"
    for i, cell in enumerate(total.cells):
        assert cell.value == pytest.approx(sum(r.cells[i].value for r in units)), (report.code, cell.key)
        assert set(cell.case_ids) == set().union(*(r.cells[i].case_ids for r in units))


def test_every_cell_of_the_quarter(both: Session, clock: Clock) -> None:
    """Every cell of 01-04/XLD, 01/KQGQ and 03/KQGQ, on SQLite and PostgreSQL."""
    petitions = make_petitions(both, clock)
    for code in EXPECTED:
        check_every_cell(both, petitions, code)


def check_every_cell(db: Session, petitions: Petitions, code: str) -> None:
    scope = unit_tree.subtree_codes(db, "T")
    report = build_report(db, get_settings(), code, scope, *Q2)
    assert [r.key for r in report.rows] == [*ROWS, "tong"]  # T itself handled nothing: no row of its own
    assert [r.label for r in report.rows][:3] == ["Ban tiếp công dân thành phố", "Phường Một", "Phường Hai"]
    assert report.columns == [f"c{n}" for n in range(1, len(FORMS[code].columns()) + 1)]
    for row in ROWS:
        expected = EXPECTED[code][row]
        values = EXPECTED_VALUES.get(code, {}).get(row, {})
        for col in range(1, len(report.columns) + 1):
            cell = report.cell(f"{row}:c{col}")
            cases = petitions.ids(*expected.get(col, ""))
            assert cell.case_ids == cases, (code, row, col)
            assert cell.value == pytest.approx(values.get(col, len(cases))), (code, row, col)
    _sums_hold(report)


def test_quarter_as_one_unit_and_out_of_subtree(db: Session, petitions: Petitions) -> None:
    """Phường Một alone: its own row and its team's; the other province's petition nowhere."""
    report = build_report(db, get_settings(), "01/XLD", unit_tree.subtree_codes(db, "T.P1"), *Q2)
    assert [r.key for r in report.rows] == ["T.P1", "T.P1.TO", "tong"]
    assert report.cell("T.P1:c1").case_ids == petitions.ids("A", "C", "D", "E", "F")
    assert report.cell("T.P1.TO:c1").case_ids == petitions.ids("H")
    assert report.cell("tong:c1").value == 6
    assert report.unit_name == "Phường Một" and report.agency == "UBND THÀNH PHỐ MẪU"
    assert report.describe("T.P1.TO:c9") == "Tổ tiếp dân phường Một – Đủ điều kiện xử lý / Số đơn (9)"
    with pytest.raises(KeyError):
        report.cell("T.P1:c99")
    everywhere = build_report(db, get_settings(), "01/XLD", unit_tree.subtree_codes(db, "X"), *Q2)
    assert everywhere.cell("tong:c1").case_ids == petitions.ids("N")
    assert (
        petitions["N"].case_id
        not in build_report(db, get_settings(), "01/XLD", {"T", "T.P1", "T.P2"}, *Q2).cell("tong:c1").case_ids
    )


def test_kqgq_column_groups_that_the_vendor_sum_cannot_state(db: Session, petitions: Petitions) -> None:
    """03/KQGQ: 24+26+28 = 30+31 = 7+8 (the vụ việc concluded)."""
    report = build_report(db, get_settings(), "03/KQGQ", unit_tree.subtree_codes(db, "T"), *Q2)
    v = {n: report.cell(f"tong:c{n}").value for n in range(1, 32)}
    assert v[24] + v[26] + v[28] == v[30] + v[31] == v[7] + v[8] == 1


def test_period_edges_and_errors(db: Session, petitions: Petitions) -> None:
    """A past period is reported as it stood: the first quarter sees I resolved, P accepted, nothing after."""
    q1 = build_report(
        db, get_settings(), "03/KQGQ", unit_tree.subtree_codes(db, "T"), D(2026, 1, 1), D(2026, 3, 31)
    )
    assert q1.cell("T.P2:c7").case_ids == petitions.ids("I")  # concluded in Q1, first time
    assert q1.cell("T.P2:c24").case_ids == petitions.ids("I")
    assert q1.cell("T.P2:c30").value == 1  # within 30 days (26 days)
    kn = build_report(
        db, get_settings(), "01/KQGQ", unit_tree.subtree_codes(db, "T"), D(2026, 1, 1), D(2026, 3, 31)
    )
    assert kn.cell("T.P2:c3").case_ids == petitions.ids("P") and kn.cell("T.P2:c6").value == 0
    xld = build_report(
        db, get_settings(), "01/XLD", unit_tree.subtree_codes(db, "T"), D(2026, 3, 1), D(2026, 3, 31)
    )
    assert xld.cell("T.P1:c6").case_ids == petitions.ids("A")  # A not decided in March
    assert xld.cell("T.P1:c5").case_ids == petitions.ids("B") and xld.cell(
        "T.P1:c23"
    ).case_ids == petitions.ids("B")
    with pytest.raises(ReportError, match="Không có biểu"):
        build_report(db, get_settings(), "09/XLD", {"T"}, *Q2)
    with pytest.raises(ReportError, match="trước ngày bắt đầu"):
        build_report(db, get_settings(), "01/XLD", {"T"}, Q2[1], Q2[0])
