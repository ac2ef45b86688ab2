"""Historical cases are not petitions waiting: the dashboard's queue and received counts and the report forms of
TT 02/2021 (counted from cases.received_at and their handling) leave them out; a live one in the same unit and
period is counted, so the forms do see the period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ
from donthu.handling import units as unit_tree
from donthu.reports.build import FORMS, build_report
from donthu.reports.dashboard import dashboard
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,Nguyễn Văn Chủ
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
"""


@pytest.fixture()
def db(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    with session_scope() as session:
        unit_tree.ensure_units(session, get_settings())
        yield session


def _case(db: Session, n: int, status: str, day: dt.date, unit: str | None) -> str:
    doc = Document(sha256=f"{n:064d}", original_name=f"{n}.pdf", size=1, object_key=f"o/{n}", status="done")
    db.add(doc)
    db.flush()
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        status=status,
        category="khieu_nai",
        domain="dat_dai",
        complainant_name=f"Người {n}",
        complainant_address="số 1",
        subject=f"đơn {n}",
        text=f"Đơn {n}",
        unit_code=unit,
        received_at=dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC),
        archive_batch_id=1 if status == "archived" else None,
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-{day.year}-{n:06d}"
    db.flush()
    return case.case_id


def _ids(db: Session, code: str, start: dt.date, end: dt.date) -> set[str]:
    report = build_report(db, get_settings(), code, unit_tree.subtree_codes(db, "T"), start, end)
    return {cid for row in report.rows for cell in row.cells for cid in (cell.case_ids or ())}


def test_archived_cases_count_in_no_report_form(db: Session) -> None:
    old = _case(db, 1, "archived", dt.date(2022, 5, 12), "T.BTCD")
    old_home = _case(db, 2, "archived", dt.date(2022, 5, 13), None)
    live = _case(db, 3, "pending_verification", dt.date(2022, 5, 14), None)
    for code in FORMS:
        for start, end in (
            (dt.date(2022, 4, 1), dt.date(2022, 6, 30)),
            (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ):
            got = _ids(db, code, start, end)
            assert old not in got and old_home not in got, (code, start)
            if code == "01/XLD":
                assert live in got  # the form does count this unit and period
    board = dashboard(db, get_settings(), {"T", "T.BTCD"}, dt.date(2022, 5, 1), dt.date(2022, 5, 31))
    assert board["queue"]["pending"] == 1 and board["totals"]["received"] == 1
