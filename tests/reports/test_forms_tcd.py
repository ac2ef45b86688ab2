"""01/TCD and 02/TCD from the sổ tiếp công dân (visits logged with reception/log.py): every cell of a small
quarter, with the visits behind each figure; refused, cancelled, earlier and other provinces' visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from donthu.config import get_settings
from donthu.handling import decisions, tracking
from donthu.handling import units as unit_tree
from donthu.reception import log
from donthu.reception.models import ReceptionVisit
from donthu.reports.build import FORMS, build_report

from .reportkit import Q2, Clock, Petitions, open_db

D = dt.date
DESK = SimpleNamespace(username="le-tan", role="reception", unit_code="T")


@pytest.fixture()
def db(data_dir: Path, units_env: None) -> Iterator[Session]:
    yield from open_db(get_settings().db_url)


def visit(db: Session, unit: str, day: dt.date, **kw: Any) -> ReceptionVisit:
    people = int(kw.pop("people", 1))
    form: dict[str, Any] = {
        "visited_at": f"{day.isoformat()}T09:30",
        "kind": "thuong_xuyen",
        "citizen_name": "Phan Thị Mai",
        "citizen_address": "số 5 ngõ 3",
        "people_count": str(people),
        "content": "Đề nghị giải quyết",
        "outcome": "huong_dan",
        "to_body": "Ủy ban nhân dân phường Một",
        **{
            f"rep_name_{i}": f"Đại diện {i}"
            for i in range(1, (0 if people < 5 else 2 if people <= 10 else 3) + 1)
        },
        **kw,
    }
    return log.create_visit(
        db,
        log.parse_form(form),
        user=DESK,
        unit_code=unit,
        unit_codes=unit_tree.subtree_codes(db, "T") | {"X"},
        visible_case=lambda case: True,
    )


def test_tcd_forms(db: Session, clock: Clock) -> None:
    p = Petitions(db, clock)
    q = p.add("Q", "khieu_nai", "dat_dai", "T.BTCD", D(2026, 5, 15))  # taken in at the head's reception day
    r = p.add("R", "to_cao", "dat_dai", "T.P1", D(2026, 6, 1))
    d1 = log.create_day(
        db, user=DESK, unit_code="T.BTCD", day=D(2026, 5, 15), kind="dinh_ky", leader_name="Trần Ban"
    )
    d2 = log.create_day(
        db, user=DESK, unit_code="T.BTCD", day=D(2026, 6, 10), kind="dot_xuat", leader_name="Lê Phó"
    )
    v = {
        1: visit(db, "T.BTCD", D(2026, 4, 10), content_class="khieu_nai"),
        3: visit(db, "T.BTCD", D(2026, 5, 5), content_class="to_cao", people=6, outcome="chuyen_don", to_body="Công an"),
        4: visit(db, "T.BTCD", D(2026, 5, 15), kind="thu_truong", reception_day_id=str(d1.id),
                 content_class="kien_nghi_phan_anh", outcome="thu_ly"),
        5: visit(db, "T.BTCD", D(2026, 5, 15), kind="thu_truong", reception_day_id=str(d1.id), people=12,
                 content_class="khieu_nai", outcome="nhan_don", case_ids=q.case_id),
        6: visit(db, "T.BTCD", D(2026, 6, 10), kind="uy_quyen", reception_day_id=str(d2.id), people=2,
                 content_class="to_cao", outcome="tu_choi", refusal_code="de_doa_xuc_pham"),
        7: visit(db, "T.BTCD", D(2026, 3, 30), content_class="khieu_nai"),  # before the quarter
        8: visit(db, "T.BTCD", D(2026, 6, 11), content_class="khieu_nai"),  # cancelled
        9: visit(db, "T.P1", D(2026, 6, 1), outcome="nhan_don", case_ids=r.case_id),  # class from the petition
        10: visit(db, "X", D(2026, 4, 10), content_class="khieu_nai"),  # another province
    }  # fmt: skip
    v[2] = visit(db, "T.BTCD", D(2026, 4, 20), content_class="khieu_nai", matter_of=str(v[1].id))  # again
    log.cancel_visit(db, v[8], "Ghi nhầm", user=DESK)
    p.on(D(2026, 5, 16))  # Q forwarded, urged, answered; R accepted
    decisions.decide(db, q, "xuly", "chuyen_don", to_body="Sở Tài nguyên và Môi trường")
    p.on(D(2026, 5, 30))
    tracking.don_doc(db, q, "xuly")
    p.on(D(2026, 6, 5))
    tracking.reply(db, q, "xuly", "Sở đã giải quyết")
    p.on(D(2026, 6, 2))
    decisions.decide(db, r, "xuly", "thu_ly")
    db.flush()

    scope = unit_tree.subtree_codes(db, "T")
    expected: dict[str, dict[str, dict[int, tuple[float, tuple[int, ...]]]]] = {
        "01/TCD": {
            "T.BTCD": {
                1: (6, (1, 2, 3, 4, 5, 6)), 2: (23, (1, 2, 3, 4, 5, 6)), 3: (6, (1, 2, 3, 4, 5, 6)),
                4: (3, (1, 2, 3)), 5: (8, (1, 2, 3)), 6: (2, (1, 3)), 7: (1, (2,)), 8: (1, (3,)), 9: (6, (3,)),
                10: (1, (3,)), 12: (1, (4, 5)), 13: (2, (4, 5)), 14: (13, (4, 5)), 15: (2, (4, 5)),
                17: (1, (5,)), 18: (12, (5,)), 19: (1, (5,)), 21: (1, (6,)), 22: (1, (6,)), 23: (2, (6,)),
                24: (1, (6,)),
            },
            "T.P1": {1: (1, (9,)), 2: (1, (9,)), 3: (1, (9,)), 4: (1, (9,)), 5: (1, (9,)), 6: (1, (9,))},
        },
        "02/TCD": {
            "T.BTCD": {
                1: (5, (1, 2, 3, 4, 5)), 2: (4, (1, 2, 3, 4, 5)), 3: (3, (1, 2, 5)), 4: (2, (1, 2, 5)),
                5: (1, (3,)), 6: (1, (3,)), 7: (1, (4,)), 8: (1, (4,)), 9: (1, (4,)), 10: (1, (4,)),
                11: (4, (1, 2, 3, 5)), 12: (3, (1, 2, 3, 5)), 13: (1, (1, 2)), 14: (1, (3,)), 15: (1, (5,)),
                16: (1, (5,)),
            },
            "T.P1": {1: (1, (9,)), 2: (1, (9,)), 5: (1, (9,)), 6: (1, (9,)), 9: (1, (9,)), 10: (1, (9,))},
        },
    }  # fmt: skip
    for code, rows in expected.items():
        report = build_report(db, get_settings(), code, scope, *Q2)
        assert report.refs == "visit"
        assert [r.key for r in report.rows] == ["T.BTCD", "T.P1", "T.P2", "tong"]
        for key in ("T.BTCD", "T.P1", "T.P2"):
            for col in range(1, len(report.columns) + 1):
                value, visits = rows.get(key, {}).get(col, (0, ()))
                cell = report.cell(f"{key}:c{col}")
                assert cell.value == value, (code, key, col)
                assert cell.case_ids == tuple(sorted(str(v[n].id) for n in visits)), (code, key, col)
        layout = FORMS[code]
        for row in report.rows:
            values = {int(c.key.split(":c")[1]): c.value for c in row.cells}
            for col_def in layout.columns():
                for parts in col_def.sums:
                    assert values[col_def.n] == sum(values[n] for n in parts), (code, row.key, col_def.n)
        assert report.cell("tong:c1").value == sum(r.cells[0].value for r in report.rows[:-1])
