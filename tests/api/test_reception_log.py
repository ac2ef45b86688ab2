"""The sổ tiếp công dân over HTTP (/tiep-cong-dan): logging a visit with the desk form (CSRF), the book of a
period and its XLSX, a visit's correction and cancellation, the leaders' reception days, the roles, the unit
scoping and the identity policy (a tố cáo visit's citizen hidden from the desk, shown to a leader).

Units: T (thành phố) → T.BTCD (the home unit: stationkit's accounts have no unit), T.P1 (a ward; account
``p1``, reception)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from stationkit import PASSWORD, login, seed_case, token

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ
from donthu.handling.units import ensure_units
from donthu.privacy.policy import HIDDEN
from donthu.reception.models import ReceptionDay, ReceptionVisit
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog
from donthu.storage.objects import make_store
from donthu.storage.users import create_user, find_user, set_unit_code

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,
"""
DENOUNCER = "Lê Văn Hùng"
CCCD = "001190012345"


@pytest.fixture()
def world(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    settings = get_settings()
    with session_scope() as db:
        ensure_units(db, settings)
        case = seed_case(db, make_store(settings), 1, status="verified")
        case.unit_code = "T.BTCD"
        case_id = case.case_id
    return SimpleNamespace(app=create_app(), case_id=case_id)


def client(world: SimpleNamespace, who: str) -> TestClient:
    """A logged-in client; the account (one per role, named after it; ``p1``: reception of T.P1) is made on first
    use (each password hash costs a second on a busy machine)."""
    with session_scope() as db:
        if find_user(db, who) is None:
            user = create_user(db, who, PASSWORD, "reception" if who == "p1" else who, f"Cán bộ {who}")
            if who == "p1":
                set_unit_code(db, "test", user, "T.P1")
    c = TestClient(world.app)
    assert login(c, who) == 303
    return c


def now_local(minutes_ago: int = 5) -> str:
    return (dt.datetime.now(LOCAL_TZ) - dt.timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


def visit_form(csrf: str, **kw: str) -> dict[str, str]:
    data = {
        "csrf": csrf,
        "visited_at": now_local(),
        "kind": "thuong_xuyen",
        "citizen_name": "Phan Thị Mai",
        "citizen_address": "số 5 ngõ 3, phường Một",
        "citizen_id_number": CCCD,
        "citizen_phone": "0912345678",
        "people_count": "1",
        "content": "Khiếu nại quyết định thu hồi đất",
        "content_class": "khieu_nai",
        "domain": "dat_dai",
        "outcome": "huong_dan",
        "to_body": "UBND phường Một",
    }
    data.update(kw)
    return data


def log_visit(c: TestClient, **kw: str) -> int:
    res = c.post("/tiep-cong-dan", data=visit_form(token(c), **kw), follow_redirects=False)
    assert res.status_code == 303, res.text[:500]
    m = re.fullmatch(r"/tiep-cong-dan/(\d+)\?luu=moi", res.headers["location"])
    assert m, res.headers["location"]
    return int(m.group(1))


def actions() -> list[str]:
    with session_scope() as db:
        return [a.action for a in db.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_the_desk_logs_a_visit_and_the_book_shows_it(world: SimpleNamespace) -> None:
    desk = client(world, "reception")
    page = desk.get("/tiep-cong-dan")
    assert (
        page.status_code == 200 and 'action="/tiep-cong-dan"' in page.text and "Sổ tiếp công dân" in page.text
    )
    # without the session's CSRF token: refused, nothing stored
    bad = desk.post("/tiep-cong-dan", data=visit_form("sai-token"), follow_redirects=False)
    assert bad.status_code == 403
    with session_scope() as db:
        assert db.scalar(select(ReceptionVisit.id)) is None
    visit_id = log_visit(
        desk, people_count="6", rep_name_1="Lê Văn Bình", rep_id_number_1=CCCD, case_ids=world.case_id
    )
    shown = desk.get(f"/tiep-cong-dan/{visit_id}?luu=moi")
    assert shown.status_code == 200 and "Đã ghi lượt tiếp vào sổ." in shown.text
    assert "Đoàn đông người, 6 người" in shown.text and "Lê Văn Bình" in shown.text
    book = desk.get("/tiep-cong-dan").text
    assert f'data-visit="{visit_id}"' in book and world.case_id in book and "Phan Thị Mai" in book
    with session_scope() as db:
        visit = db.get(ReceptionVisit, visit_id)
        assert visit is not None and visit.unit_code == "T.BTCD" and visit.case_ids == [world.case_id]
    assert {"reception_visit_create", "reception_visit_view", "reception_book_view"} <= set(actions())
    # refused input comes back with every problem and what was typed
    res = desk.post(
        "/tiep-cong-dan",
        data=visit_form(token(desk), people_count="12", outcome="tu_choi", citizen_name="Trần Thị Bé"),
    )
    assert res.status_code == 400
    assert "phải cử người đại diện" in res.text and "Điều 9 Luật Tiếp công dân" in res.text
    assert 'value="Trần Thị Bé"' in res.text  # what was typed is kept
    res = desk.post("/tiep-cong-dan", data=visit_form(token(desk), case_ids="DT-2099-000001"))
    assert res.status_code == 400 and "Không có hồ sơ số: DT-2099-000001." in res.text


def test_a_denouncers_identity_is_hidden_from_the_desk_and_shown_to_a_leader(world: SimpleNamespace) -> None:
    desk = client(world, "reception")
    visit_id = log_visit(
        desk,
        citizen_name=DENOUNCER,
        content="Tố cáo cán bộ địa chính nhận hối lộ",
        content_class="to_cao",
    )
    for page in (desk.get("/tiep-cong-dan").text, desk.get(f"/tiep-cong-dan/{visit_id}").text):
        assert DENOUNCER not in page and CCCD not in page and "0912345678" not in page
        assert HIDDEN in page
    sheet = load_workbook(io.BytesIO(desk.get("/tiep-cong-dan/so.xlsx").content)).active
    cells = [str(c.value or "") for row in sheet.iter_rows() for c in row]
    assert HIDDEN in cells and not any(DENOUNCER in c for c in cells)
    # the desk corrects the visit without seeing the identity: it stays as it was
    res = desk.post(
        f"/tiep-cong-dan/{visit_id}",
        data=visit_form(
            token(desk), citizen_name="", content_class="to_cao", content="Tố cáo cán bộ địa chính", note="x"
        ),
        follow_redirects=False,
    )
    assert res.status_code == 303
    boss = client(world, "supervisor")
    page = boss.get(f"/tiep-cong-dan/{visit_id}").text
    assert (
        DENOUNCER in page and CCCD in page and HIDDEN not in page.split("<main>")[1].split("Sửa lượt tiếp")[0]
    )
    with session_scope() as db:
        visit = db.get(ReceptionVisit, visit_id)
        assert visit is not None and visit.citizen_name == DENOUNCER and visit.note == "x"
        hidden = [
            a.detail.get("hidden") for a in db.scalars(select(AuditLog)) if a.action == "reception_visit_view"
        ]
    assert hidden == [True, False]


def test_xlsx_of_the_period_is_laid_out_like_mau_03(world: SimpleNamespace) -> None:
    desk = client(world, "reception")
    log_visit(desk, content='=HYPERLINK("http://x")')
    today = dt.datetime.now(LOCAL_TZ).date()
    res = desk.get(f"/tiep-cong-dan/so.xlsx?tu={today.replace(day=1).isoformat()}&den={today.isoformat()}")
    assert res.status_code == 200 and res.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in res.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(res.content)).active
    assert ws["A1"].value == "SỔ TIẾP CÔNG DÂN"
    assert ws["A4"].value == f"Từ ngày {today.replace(day=1):%d/%m/%Y} đến ngày {today:%d/%m/%Y}"
    assert [ws.cell(row=8, column=i).value for i in range(1, 13)] == [f"({i})" for i in range(1, 13)]
    assert ws["A9"].value == "1" and ws["E9"].value == '=HYPERLINK("http://x")' and ws["E9"].data_type == "s"
    assert "reception_book_export" in actions()
    assert desk.get("/tiep-cong-dan/so.xlsx?tu=2026-02-01&den=2026-01-01").status_code == 400


def test_correct_and_cancel_a_visit_and_the_leaders_days(world: SimpleNamespace) -> None:
    desk = client(world, "reception")
    visit_id = log_visit(desk)
    res = desk.post(
        f"/tiep-cong-dan/{visit_id}",
        data=visit_form(token(desk), outcome="chuyen_don", to_body="Thanh tra thành phố"),
        follow_redirects=False,
    )
    assert res.status_code == 303 and res.headers["location"].endswith("?luu=sua")
    assert desk.post(f"/tiep-cong-dan/{visit_id}/huy", data={"csrf": token(desk)}).status_code == 400
    res = desk.post(
        f"/tiep-cong-dan/{visit_id}/huy",
        data={"csrf": token(desk), "cancel_reason": "Ghi trùng"},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert f'data-visit="{visit_id}"' not in desk.get("/tiep-cong-dan").text
    assert f'data-visit="{visit_id}"' in desk.get("/tiep-cong-dan?huy=1").text
    with session_scope() as db:
        visit = db.get(ReceptionVisit, visit_id)
        assert visit is not None and visit.cancelled and visit.outcome == "chuyen_don"
        update = db.scalars(select(AuditLog).where(AuditLog.action == "reception_visit_update")).one()
    assert update.detail["changes"]["outcome"] == ["huong_dan", "chuyen_don"]
    assert "reception_visit_cancel" in actions()
    # the leaders' reception days: a visit on one, the written conclusion
    today = dt.datetime.now(LOCAL_TZ).date()
    res = desk.post(
        "/tiep-cong-dan/lich",
        data={"csrf": token(desk), "day": today.isoformat(), "kind": "dinh_ky", "leader_name": "Trần Văn An"},
        follow_redirects=False,
    )
    assert res.status_code == 303
    with session_scope() as db:
        day_id = db.scalars(select(ReceptionDay.id)).one()
    log_visit(desk, kind="thu_truong", reception_day_id=str(day_id))
    boss = client(world, "supervisor")
    res = boss.post(
        f"/tiep-cong-dan/lich/{day_id}/ket-luan",
        data={"csrf": token(boss), "conclusion": "Giao phường Một trả lời trong 10 ngày."},
        follow_redirects=False,
    )
    assert res.status_code == 303
    page = boss.get("/tiep-cong-dan/lich").text
    assert "Trần Văn An" in page and "Giao phường Một trả lời trong 10 ngày." in page
    assert re.search(rf'data-day="{day_id}".*?<td class="num">1</td>', page, re.S)
    bad = desk.post("/tiep-cong-dan/lich", data={"csrf": token(desk), "day": "", "kind": "dinh_ky"})
    assert bad.status_code == 400 and "Ghi ngày tiếp." in bad.text


def test_roles_and_units(world: SimpleNamespace) -> None:
    desk = client(world, "reception")
    visit_id = log_visit(desk)
    verifier, archivist, ward = client(world, "verifier"), client(world, "archivist"), client(world, "p1")
    assert verifier.get("/tiep-cong-dan").status_code == 200  # reads the book
    assert 'id="visit-form"' not in verifier.get("/tiep-cong-dan").text  # no desk form
    assert verifier.post("/tiep-cong-dan", data=visit_form(token(verifier))).status_code == 403
    assert archivist.get("/tiep-cong-dan").status_code == 403
    assert archivist.get("/tiep-cong-dan/so.xlsx").status_code == 403
    # another unit's visit is not shown to exist; the ward's own visits are its own
    assert ward.get(f"/tiep-cong-dan/{visit_id}").status_code == 404
    assert f'data-visit="{visit_id}"' not in ward.get("/tiep-cong-dan").text
    ward_visit = log_visit(ward)
    with session_scope() as db:
        row = db.get(ReceptionVisit, ward_visit)
        assert row is not None and row.unit_code == "T.P1"
    assert desk.get(f"/tiep-cong-dan/{ward_visit}").status_code == 404  # T.BTCD is not above T.P1
    assert "Sổ tiếp công dân" in desk.get("/").text and 'id="reception-log-nav"' not in verifier.get("/").text
