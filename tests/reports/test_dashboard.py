"""The dashboard's figures (reports/dashboard.py) on a small generated fixture, on SQLite and PostgreSQL: received,
verified, handled by month, category, domain and unit; overdue and due soon from the legal clocks; the queue;
verifier throughput and correction rates from history rows made by the station's own edit and approve functions.
Cases of a unit outside the scope are never counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from donthu.api.edits import apply_change
from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ, VERIFIABLE_FIELDS
from donthu.handling import decisions, tracking, views
from donthu.handling import units as unit_tree
from donthu.handling.calendar import add_working_days
from donthu.reports import dashboard as dash
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document
from donthu.storage.users import create_user

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.BTCD.TO,Phòng tiếp dân số 1,phong,T.BTCD,,,0,BAN TIẾP CÔNG DÂN,TTD,Mẫu,TỔ TRƯỞNG,
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""
PASSWORD = "mat-khau-rat-dai-1"


@pytest.fixture()
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    with session_scope(db_url) as session:
        unit_tree.ensure_units(session, get_settings())
        for name in ("xm1", "xm2"):
            create_user(session, name, PASSWORD, "verifier", full_name=f"Cán bộ {name}")
        yield session


def local(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


_N = [0]


def new_case(
    db: Session, received: dt.datetime, category: str, domain: str, unit: str | None = None, **kw: Any
) -> Case:
    _N[0] += 1
    n = _N[0]
    doc = Document(sha256=f"{n:064d}", original_name=f"d{n}.pdf", size=1, object_key=f"o/{n}", status="done")
    db.add(doc)
    db.flush()
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        status="pending_verification",
        category=category,
        domain=domain,
        complainant_name="Phan Thị Mai",
        complainant_address="số 5 ngõ 3, phường Một",
        recipient="Ban tiếp công dân thành phố",
        subject="thu hồi đất nông nghiệp",
        text="ĐƠN ...",
        confidence=dict.fromkeys(VERIFIABLE_FIELDS, 0.99),
        received_at=received,
        unit_code=unit,
        **kw,
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-{received.year}-{case.id:06d}"
    db.flush()
    return case


def approve(db: Session, case: Case, actor: str, edits: dict[str, Any] | None = None) -> None:
    """What the station's approve does: the form's edits (history, audit), approval, into the unit's inbox."""
    for field, value in (edits or {}).items():
        assert apply_change(db, case, field, value, actor)
    repo.approve_case(db, case, actor)
    tracking.on_verified(db, case, actor, get_settings())
    db.flush()


def by_key(rows: list[dict[str, Any]], measure: str) -> dict[str, int]:
    return {r["key"]: r[measure] for r in rows if r[measure]}


def test_flows_by_month_category_domain_unit_and_verifiers(db: Session) -> None:
    today = dt.datetime.now(LOCAL_TZ).date()
    month_b = today.replace(day=1)
    month_a = (month_b - dt.timedelta(days=1)).replace(day=1)  # the previous month
    a_day, b_time = month_a.replace(day=10), local(today, 0, 5)
    c1 = new_case(db, local(a_day), "khieu_nai", "dat_dai")  # pending
    c2 = new_case(db, local(a_day), "khieu_nai", "dat_dai")
    approve(db, c2, "xm1", {"name": "Phan Thị Mại", "subject": "thu hồi đất ở"})
    decisions.decide(db, c2, "xm1", "thu_ly")
    c3 = new_case(db, b_time, "to_cao", "tham_nhung")
    repo.add_case_history(db, c3, "recipient", c3.recipient, c3.recipient, "xm1")  # a confirmation
    approve(db, c3, "xm1")
    decisions.decide(db, c3, "xm1", "chuyen_don", to_unit="T.BTCD.TO")  # to a child unit of the scope
    decisions.decide(db, c3, "xm1", "luu_don")  # the child unit's own first decision
    c4 = new_case(db, b_time, "kien_nghi", "moi_truong")
    approve(db, c4, "xm2", {"domain": "khac"})
    c5 = new_case(db, local(a_day), "khieu_nai", "dat_dai")
    repo.return_case(db, c5, "xm2", "ảnh mờ")
    c6 = new_case(db, local(a_day), "khieu_nai", "dat_dai", unit="T.P2")  # another unit: never counted
    approve(db, c6, "xm1", {"name": "Lê Văn Hùng"})
    decisions.decide(db, c6, "xm1", "thu_ly")
    c7 = new_case(
        db, local(month_a - dt.timedelta(days=60)), "phan_anh", "khac"
    )  # received before the period
    approve(db, c7, "xm2")
    for status in ("archived", "archive_review", "archive_verified"):  # a digitized backlog: never "received"
        new_case(db, local(a_day), "khieu_nai", "dat_dai", unit="T.BTCD").status = status
    assert c1.status == "pending_verification" and c3.unit_code == "T.BTCD.TO"

    scope = unit_tree.subtree_codes(db, "T.BTCD")
    for codes in (
        scope,
        {"T.BTCD"},
        {"T.BTCD.TO"},
        {"T.P2"},
        {"T"},
    ):  # the same cases as the handling inbox's
        ours = set(db.scalars(select(Case.case_id).where(dash.in_scope(codes, "T.BTCD"))))
        assert ours == set(db.scalars(select(Case.case_id).where(views.unit_condition(codes, "T.BTCD"))))
    assert c3.case_id in set(db.scalars(select(Case.case_id).where(dash.in_scope({"T.BTCD"}, "T.BTCD"))))
    out = dash.dashboard(db, get_settings(), scope, month_a, today)
    a, b = f"{month_a:%Y-%m}", f"{month_b:%Y-%m}"
    t = out["totals"]
    assert (t["received"], t["verified"], t["handled"]) == (5, 4, 2)
    assert by_key(out["by_month"], "received") == {a: 3, b: 2}
    assert by_key(out["by_month"], "verified") == {b: 4}
    assert by_key(out["by_month"], "handled") == {b: 2}
    # every month of the period; c7 (received before it, not handled since) is overdue now
    assert [r["key"] for r in out["by_month"]] == ["truoc_ky", a, b]
    assert (t["overdue"], by_key(out["by_month"], "overdue")) == (1, {"truoc_ky": 1})
    assert by_key(out["by_category"], "received") == {"khieu_nai": 3, "to_cao": 1, "kien_nghi": 1}
    assert by_key(out["by_category"], "verified") == {
        "khieu_nai": 1,
        "to_cao": 1,
        "kien_nghi": 1,
        "phan_anh": 1,
    }
    assert by_key(out["by_category"], "handled") == {"khieu_nai": 1, "to_cao": 1}
    assert by_key(out["by_domain"], "received") == {"dat_dai": 3, "tham_nhung": 1, "khac": 1}  # c4 edited
    assert by_key(out["by_unit"], "received") == {"T.BTCD": 4, "T.BTCD.TO": 1}
    assert by_key(out["by_unit"], "handled") == {"T.BTCD": 2, "T.BTCD.TO": 1}
    assert (
        out["by_unit"][0]["key"] == "T.BTCD" and out["by_unit"][0]["label"] == "Ban tiếp công dân thành phố"
    )
    late = int(add_working_days(a_day, 10) < today)  # c1's processing deadline (10 working days)
    assert out["queue"] == {"pending": 1, "returned": 1, "pending_overdue": late}

    nf = len(VERIFIABLE_FIELDS)
    rows = {r["username"]: r for r in out["verifiers"]}
    assert set(rows) == {"xm1", "xm2"}
    assert (rows["xm1"]["approved"], rows["xm1"]["active_days"], rows["xm1"]["cases"]) == (2, 1, 2)
    assert rows["xm1"]["fields_corrected"] == 2  # name and subject of c2; the confirmation is no correction
    assert rows["xm1"]["correction_rate"] == round(2 / (2 * nf), 4)
    assert (rows["xm2"]["approved"], rows["xm2"]["fields_corrected"]) == (2, 1)
    assert rows["xm1"]["name"] == "Cán bộ xm1"
    fields = {f["field"]: f for f in out["corrections"]}
    assert {k: f["corrected"] for k, f in fields.items() if f["corrected"]} == {
        "name": 1,
        "subject": 1,
        "domain": 1,
    }
    assert fields["name"]["rate"] == 0.25 and fields["phone"]["rate"] == 0.0
    assert out["verification"]["approvals"] == 4 and out["verification"]["fields_corrected"] == 3

    other = dash.dashboard(db, get_settings(), {"T.P2"}, month_a, today)  # the other unit sees only its own
    assert (other["totals"]["received"], other["totals"]["verified"], other["totals"]["handled"]) == (1, 1, 1)
    assert [(r["username"], r["fields_corrected"]) for r in other["verifiers"]] == [("xm1", 1)]
    before = dash.dashboard(
        db, get_settings(), scope, month_a - dt.timedelta(days=90), month_a - dt.timedelta(days=1)
    )
    assert before["totals"]["received"] == 1 and before["totals"]["verified"] == 0  # c7, approved later


@pytest.mark.parametrize("source", ["clocks", "search_docs.due_on"])
def test_overdue_and_due_soon_from_the_clocks(
    db: Session, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if source == "clocks":
        monkeypatch.setattr(dash, "search_due_available", lambda _db: False)
    elif not dash.search_due_available(db):
        pytest.skip("the search index (search_docs.due_on) is not installed")
    today = dt.date(2025, 3, 14)  # a Friday
    o1 = new_case(db, local(dt.date(2025, 2, 3)), "khieu_nai", "dat_dai")  # xử lý đơn due 17/02: overdue
    o2 = new_case(db, local(dt.date(2025, 3, 3)), "khieu_nai", "dat_dai")  # due Mon 17/03: 1 working day
    o3 = new_case(db, local(dt.date(2025, 3, 13)), "to_cao", "tham_nhung")  # 7 W: due 24/03, 6 working days
    o4 = new_case(db, local(dt.date(2025, 2, 3)), "khieu_nai", "dat_dai")  # finished (hướng dẫn)
    o5 = new_case(db, local(dt.date(2025, 2, 3)), "khieu_nai", "dat_dai", unit="T.P2")  # another unit
    o6 = new_case(db, local(dt.date(2025, 3, 10)), "kien_nghi", "khac")  # due 24/03 (10 W): running
    for c in (o1, o2, o3, o4, o5, o6):
        approve(db, c, "xm1")
    decisions.decide(db, o4, "xm1", "huong_dan")
    p1 = new_case(db, local(dt.date(2025, 2, 20)), "khieu_nai", "dat_dai")  # pending, 10 W passed on 06/03
    p2 = new_case(db, local(dt.date(2025, 3, 12)), "khieu_nai", "dat_dai")  # pending, in time
    assert p1.status == p2.status == "pending_verification" and o4.handling_stage == "ket_thuc"

    scope = unit_tree.subtree_codes(db, "T.BTCD")
    out = dash.dashboard(db, get_settings(), scope, dt.date(2025, 3, 1), dt.date(2025, 3, 31), today=today)
    assert out["overdue_source"] == source
    assert (out["totals"]["overdue"], out["totals"]["due_soon"]) == (1, 1)
    assert by_key(out["by_month"], "overdue") == {"truoc_ky": 1}  # o1, received before the period
    assert by_key(out["by_month"], "due_soon") == {"2025-03": 1}
    assert by_key(out["by_category"], "overdue") == {"khieu_nai": 1}
    assert by_key(out["by_unit"], "due_soon") == {"T.BTCD": 1}
    assert out["queue"] == {"pending": 2, "returned": 0, "pending_overdue": 1}
    # a week later o2 is overdue too, o3 and o6 are due within 3 working days (24/03 from Thu 20/03)
    later = dash.dashboard(
        db, get_settings(), scope, dt.date(2025, 3, 1), dt.date(2025, 3, 31), today=dt.date(2025, 3, 20)
    )
    assert (later["totals"]["overdue"], later["totals"]["due_soon"]) == (2, 2)
    assert by_key(later["by_category"], "due_soon") == {"to_cao": 1, "kien_nghi": 1}
    other = dash.dashboard(
        db, get_settings(), {"T.P2"}, dt.date(2025, 3, 1), dt.date(2025, 3, 31), today=today
    )
    assert other["totals"]["overdue"] == 1 and other["queue"]["pending"] == 0


def test_months_and_rollup(db: Session) -> None:
    months = dash.months_between(dt.date(2025, 11, 15), dt.date(2026, 2, 1))
    assert [m[0] for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    row_of, names = dash.unit_rollup(db, unit_tree.subtree_codes(db, "T"))
    assert row_of["T.BTCD.TO"] == "T.BTCD" and row_of["T"] == "T" and row_of["T.P2"] == "T.P2"
    assert names["T.BTCD"] == "Ban tiếp công dân thành phố"
