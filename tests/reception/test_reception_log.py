"""The sổ tiếp công dân as a service (reception/log.py, rules.py, book.py) on both databases: the checks of Luật
Tiếp công dân (đoàn đông người, refusal), local-date periods, unit scoping, the Mẫu 03 columns, the identity
policy on visits, the audit of corrections and that rows are never deleted."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from donthu.config import reset_settings
from donthu.contract import LOCAL_TZ
from donthu.handling import units as unit_tree
from donthu.privacy.policy import HIDDEN
from donthu.reception import log
from donthu.reception.book import COLUMNS, TITLE, book_rows, xlsx_bytes
from donthu.reception.models import ReceptionVisit
from donthu.reception.rules import identity_protected, normalize_id_number, representatives_error
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, Document

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,
T.P1.TO,Tổ tiếp dân phường Một,phong,T.P1,,,0,UBND PHƯỜNG MỘT,TCD,Phường Một,TỔ TRƯỞNG,
"""
CCCD = "001190012345"
DESK = SimpleNamespace(username="le-tan", role="reception", unit_code="T.BTCD")
BOSS = SimpleNamespace(username="lanh-dao", role="supervisor", unit_code="T.BTCD")
# rules and formatting in Python: one backend is enough (the SQL of the log runs on both)
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture()
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    reset_settings()
    with session_scope(db_url) as session:
        unit_tree.sync_units(session, unit_tree.read_units_csv(path))
        yield session


def local(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def form(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "visited_at": "2026-03-10T09:30",
        "kind": "thuong_xuyen",
        "citizen_name": "Phan Thị Mai",
        "citizen_address": "số 5 ngõ 3, phường Một",
        "citizen_id_number": CCCD,
        "citizen_phone": "0912345678",
        "people_count": "1",
        "content": "Khiếu nại quyết định thu hồi đất nông nghiệp",
        "content_class": "khieu_nai",
        "domain": "dat_dai",
        "outcome": "huong_dan",
        "to_body": "Ủy ban nhân dân phường Một",
    }
    base.update(kw)
    return base


def add(db: Session, user: SimpleNamespace = DESK, unit: str = "T.BTCD", **kw: object) -> ReceptionVisit:
    return log.create_visit(
        db,
        log.parse_form(form(**kw)),
        user=user,
        unit_code=unit,
        unit_codes=unit_tree.subtree_codes(db, user.unit_code),
        visible_case=lambda case: True,
    )


def refused(db: Session, **kw: object) -> dict[str, str]:
    with pytest.raises(log.VisitError) as err:
        add(db, **kw)
    return err.value.errors


def reps(n: int) -> dict[str, str]:
    out = {}
    for i in range(1, n + 1):
        out[f"rep_name_{i}"] = f"Người đại diện {i}"
        out[f"rep_id_number_{i}"] = CCCD
    return out


# ---------------------------------------------------------------------------------------------- rules
@pytest.mark.parametrize(
    ("people", "representatives", "ok"),
    [
        (1, 0, True),
        (4, 0, True),  # not a group: representatives optional
        (4, 5, False),  # more representatives than people
        (5, 0, False),  # a group must appoint representatives
        (5, 1, True),
        (10, 2, True),
        (10, 3, False),  # 5-10 people: 1 or 2
        (11, 3, True),
        (11, 5, True),
        (40, 6, False),  # over 10: at most 5
    ],
)
def test_group_representatives_follow_article_30(people: int, representatives: int, ok: bool) -> None:
    problem = representatives_error(people, representatives)
    assert (problem is None) is ok, problem
    if problem:
        assert "đại diện" in problem


def test_identity_numbers_as_the_rest_of_the_app() -> None:
    assert normalize_id_number("001 190 012 345") == (CCCD, None)
    assert normalize_id_number("") == ("", None)
    assert normalize_id_number("b1234567") == ("B1234567", None)  # a passport
    assert normalize_id_number("12345")[1] == "CCCD có 12 chữ số, CMND có 9 (đang có 5)."
    assert "mã tỉnh" in (normalize_id_number("999190012345")[1] or "")  # no province 999


def test_protection_follows_the_identity_policy() -> None:
    assert identity_protected("to_cao", "Tố cáo cán bộ địa chính")
    assert identity_protected(None, "Hỏi về thủ tục cấp sổ đỏ")  # unknown class: fail closed
    assert identity_protected("nhieu_noi_dung", "Khiếu nại và đề nghị")
    assert identity_protected("khieu_nai", "Khiếu nại việc cán bộ nhận hối lộ")  # denunciation wording
    assert not identity_protected("khieu_nai", "Khiếu nại quyết định thu hồi đất")
    assert not identity_protected("kien_nghi_phan_anh", "Kiến nghị, phản ánh về ô nhiễm tiếng ồn")


# ---------------------------------------------------------------------------------------------- checks
def test_a_visit_is_stored_nfc_with_a_group_and_its_representatives(db: Session) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ấn")
    visit = add(db, citizen_name=decomposed, people_count="12", **reps(5))
    db.expire_all()
    stored = db.get(ReceptionVisit, visit.id)
    assert stored is not None
    assert stored.citizen_name == "Nguyễn Văn Ấn" and unicodedata.is_normalized("NFC", stored.citizen_name)
    assert stored.group_visit and stored.people_count == 12 and len(stored.representatives) == 5
    assert stored.representatives[0] == {"name": "Người đại diện 1", "id_number": CCCD, "address": ""}
    assert stored.identity_protected is False and stored.first_visit is True
    assert stored.visited_at.replace(tzinfo=dt.UTC) == local(2026, 3, 10, 9, 30)
    assert stored.host == stored.actor == "le-tan" and stored.unit_code == "T.BTCD"
    created = db.scalars(select(AuditLog).where(AuditLog.action == "reception_visit_create")).one()
    assert created.detail["visit_id"] == visit.id


@SQLITE_ONLY
def test_refused_input_names_every_problem_in_vietnamese(db: Session) -> None:
    assert refused(db, people_count="0")["people_count"] == "Số người phải từ 1 đến 10000."
    assert "phải cử người đại diện" in refused(db, people_count="7")["representatives"]
    assert "1 hoặc 2" in refused(db, people_count="7", **reps(3))["representatives"]
    six = log.parse_form(form(people_count="30", **reps(5)))  # the form has 5 rows; the service checks anyway
    six.representatives.append({"name": "Người thứ sáu", "id_number": "", "address": ""})
    with pytest.raises(log.VisitError) as err:
        log.create_visit(db, six, user=DESK, unit_code="T.BTCD", unit_codes={"T.BTCD"}, visible_case=bool)
    assert "không quá 5" in err.value.errors["representatives"]
    errors = refused(db, outcome="tu_choi")
    assert errors["refusal_code"] == "Từ chối tiếp phải nêu một trường hợp của Điều 9 Luật Tiếp công dân."
    assert "căn cứ" in refused(db, outcome="tu_choi", refusal_code="khac")["refusal_reason"]
    assert refused(db, outcome="tu_choi", refusal_code="say_xin")["refusal_code"]
    errors = refused(
        db, citizen_id_number="0011", content="", people_count="abc", visited_at="2099-01-01T08:00"
    )
    assert set(errors) >= {"citizen_id_number", "content", "people_count", "visited_at"}
    assert refused(db, outcome="chuyen_don", to_body="")["to_body"].startswith("Chuyển đơn")
    assert "thủ trưởng" in refused(db, kind="thu_truong")["reception_day_id"]
    refusal = add(db, outcome="tu_choi", refusal_code="de_doa_xuc_pham", refusal_reason="Lớn tiếng, đập bàn")
    assert (refusal.refusal_code, refusal.refusal_reason) == ("de_doa_xuc_pham", "Lớn tiếng, đập bàn")
    other = add(db, outcome="huong_dan", refusal_code="khac", refusal_reason="x")
    assert other.refusal_code is None and other.refusal_reason == ""  # only a refusal keeps its grounds


def test_linked_petitions_must_exist_and_be_visible(db: Session) -> None:
    doc = Document(sha256="1" * 64, original_name="d.pdf", size=1, object_key="o/1", status="done")
    db.add(doc)
    db.flush()
    case = Case(document_id=doc.id, source_pages=[1], case_id="DT-2026-000001", unit_code="T.BTCD")
    db.add(case)
    db.flush()
    visit = add(db, outcome="nhan_don", case_ids="dt-2026-000001, DT-2026-000001")
    assert visit.case_ids == ["DT-2026-000001"]
    errors = refused(db, case_ids="DT-2026-000001 DT-2026-999999")
    assert errors["case_ids"] == "Không có hồ sơ số: DT-2026-999999."
    with pytest.raises(log.VisitError) as err:  # a case the user may not see is not shown to exist
        log.create_visit(
            db,
            log.parse_form(form(case_ids="DT-2026-000001")),
            user=DESK,
            unit_code="T.BTCD",
            unit_codes={"T.BTCD"},
            visible_case=lambda c: False,
        )
    assert err.value.errors["case_ids"] == "Không có hồ sơ số: DT-2026-000001."
    assert log.visit_warnings(add(db, outcome="nhan_don")) == [
        "Đã nhận đơn nhưng chưa gắn số hồ sơ: gắn sau khi đơn được tiếp nhận ở bàn tiếp nhận."
    ]


def test_a_repeat_visit_points_to_the_first_visit_of_its_matter(db: Session) -> None:
    first = add(db, visited_at="2026-03-01T08:00")
    second = add(db, visited_at="2026-03-05T08:00", repeat="1", matter_of=str(first.id))
    third = add(db, visited_at="2026-03-09T08:00", repeat="1", matter_of=str(second.id))
    assert (second.first_visit, second.matter_of, third.matter_of) == (False, first.id, first.id)
    assert first.matter == second.matter == third.matter == first.id
    assert "sớm hơn" in refused(db, visited_at="2026-02-01T08:00", matter_of=str(first.id))["matter_of"]
    other = add(db, user=SimpleNamespace(username="p1", role="reception", unit_code="T.P1"), unit="T.P1")
    assert refused(db, matter_of=str(other.id))["matter_of"] == "Không có lượt tiếp trước này."


@SQLITE_ONLY
def test_a_leaders_day_holds_its_visits_and_its_conclusion(db: Session) -> None:
    day = log.create_day(
        db, user=DESK, unit_code="T.BTCD", day=dt.date(2026, 3, 10), kind="dinh_ky", leader_name="Trần Văn An"
    )
    visit = add(db, kind="thu_truong", reception_day_id=str(day.id))
    assert visit.reception_day_id == day.id and log.days_of([visit]) == {day.id}
    assert (
        "10/03/2026"
        in refused(db, kind="thu_truong", reception_day_id=str(day.id), visited_at="2026-03-11T08:00")[
            "reception_day_id"
        ]
    )
    assert add(db, kind="thuong_xuyen", reception_day_id=str(day.id)).reception_day_id is None
    with pytest.raises(log.VisitError) as err:
        log.create_day(db, user=DESK, unit_code="T.BTCD", day=None, kind="x", leader_name="")
    assert set(err.value.errors) == {"day", "kind", "leader_name"}
    log.conclude_day(db, day, "Giao Phường Một trả lời trong 15 ngày.", user=BOSS)
    assert day.conclusion.startswith("Giao") and day.concluded_by == "lanh-dao"
    assert log.days_in(db, {"T.BTCD"}, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == [day]
    row = book_rows([visit], BOSS, leaders={day.id: "Chủ tịch Trần Văn An"})[0]
    assert "Thủ trưởng tiếp (định kỳ, đột xuất): Chủ tịch Trần Văn An" in row.cells[11]


# ---------------------------------------------------------------------------------------------- reads
def test_a_period_is_local_dates_inclusive(db: Session) -> None:
    def at(when: dt.datetime) -> int:
        visit = add(db)
        visit.visited_at = when
        db.flush()
        return visit.id

    inside = [at(local(2026, 3, 1, 0, 0)), at(local(2026, 3, 31, 23, 30)), at(local(2026, 3, 15, 12, 0))]
    outside = [at(local(2026, 2, 28, 23, 59)), at(local(2026, 4, 1, 0, 10))]
    found = [v.id for v in log.visits_in(db, {"T.BTCD"}, dt.date(2026, 3, 1), dt.date(2026, 3, 31))]
    assert sorted(found) == sorted(inside) and not set(found) & set(outside)
    assert found == [inside[0], inside[2], inside[1]]  # oldest first
    # 23:30 local on 31/3 is 16:30 UTC the same day; 00:10 local on 1/4 is 17:10 UTC on 31/3: out all the same
    assert local(2026, 4, 1, 0, 10).date() == dt.date(2026, 3, 31)


def test_the_units_seen_are_a_subtree_and_cancelled_visits_are_left_out(db: Session) -> None:
    p1 = SimpleNamespace(username="p1", role="reception", unit_code="T.P1")
    ward = add(db, user=p1, unit="T.P1")
    team = add(db, user=p1, unit="T.P1.TO")
    city = add(db)
    start, end = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    assert {v.id for v in log.visits_in(db, unit_tree.subtree_codes(db, "T.P1"), start, end)} == {
        ward.id,
        team.id,
    }
    assert {v.id for v in log.visits_in(db, unit_tree.subtree_codes(db, "T"), start, end)} == {
        ward.id,
        team.id,
        city.id,
    }
    assert log.visit_in(db, city.id, unit_tree.subtree_codes(db, "T.P1")) is None
    log.cancel_visit(db, team, "Ghi nhầm đơn vị", user=p1)
    assert {v.id for v in log.visits_in(db, {"T.P1", "T.P1.TO"}, start, end)} == {ward.id}
    kept = log.visits_in(db, {"T.P1", "T.P1.TO"}, start, end, include_cancelled=True)
    assert {v.id for v in kept} == {ward.id, team.id}
    with pytest.raises(log.VisitError):
        log.update_visit(db, team, log.parse_form(form()), user=p1, unit_codes={"T.P1.TO"}, visible_case=bool)
    rows = book_rows(kept, p1)
    assert [r.cells[0] for r in rows] == ["1", ""] and rows[1].cells[11].startswith("ĐÃ HỦY: Ghi nhầm đơn vị")


@SQLITE_ONLY
def test_book_rows_have_the_twelve_columns_of_mau_03(db: Session) -> None:
    first = add(db, visited_at="2026-03-02T14:05", prior_body="UBND phường Một (Quyết định số 12/QĐ-UBND)")
    group = add(
        db,
        visited_at="2026-03-03T08:15",
        people_count="8",
        outcome="chuyen_don",
        to_body="Sở Tài nguyên và Môi trường",
        documents="Bản sao quyết định thu hồi đất",
        repeat="1",
        matter_of=str(first.id),
        case_ids="",
        follow_up="Chờ Sở trả lời",
        note="Công dân bức xúc",
        rep_name_1="Lê Văn Bình",
        rep_id_number_1=CCCD,
        rep_address_1="tổ 4",
    )
    taken = add(db, visited_at="2026-03-04T10:00", outcome="thu_ly", content_class="kien_nghi_phan_anh")
    rows = book_rows([taken, group, first], BOSS)
    assert [len(r.cells) for r in rows] == [12, 12, 12] and len(COLUMNS) == 12
    assert [r.visit_id for r in rows] == [first.id, group.id, taken.id]
    c = rows[1].cells
    assert c[0] == "2" and c[1] == "03/03/2026 08:15"
    assert c[2] == "Phan Thị Mai - số 5 ngõ 3, phường Một\nNgười đại diện: Lê Văn Bình - tổ 4"
    assert c[3] == f"{CCCD}\nĐại diện: {CCCD}"
    assert c[4] == "Khiếu nại quyết định thu hồi đất nông nghiệp"
    assert c[5] == "Khiếu nại (Đất đai) / Đoàn đông người, 8 người"
    assert (c[7], c[8], c[9], c[10]) == ("", "", "Sở Tài nguyên và Môi trường", "Chờ Sở trả lời")
    assert c[11] == (
        f"Tiếp lần 2 trở lên (vụ việc của lượt số {first.id})\n"
        "Tài liệu nhận: Bản sao quyết định thu hồi đất\nCông dân bức xúc"
    )
    assert rows[0].cells[6] == "UBND phường Một (Quyết định số 12/QĐ-UBND)"
    assert rows[0].cells[8] == "Hướng dẫn đến Ủy ban nhân dân phường Một"
    assert rows[2].cells[7] == "x" and rows[2].cells[5].startswith("Kiến nghị, phản ánh (Đất đai) / 1 người")
    assert [r.visit_id for r in book_rows([first, group, taken], BOSS, newest_first=True)] == [
        taken.id,
        group.id,
        first.id,
    ]
    data = xlsx_bytes(
        rows, unit_name="Ban tiếp công dân thành phố", start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == TITLE == "SỔ TIẾP CÔNG DÂN"
    assert ws["H6"].value == "Hướng xử lý" and ws["A8"].value == "(1)" and ws["L8"].value == "(12)"
    assert [ws.cell(row=10, column=i).value for i in (1, 2, 10)] == ["2", "03/03/2026 08:15", c[9]]


# ---------------------------------------------------------------------------------------------- identity
@SQLITE_ONLY
def test_a_denouncers_identity_is_hidden_from_the_desk_but_not_from_a_leader(db: Session) -> None:
    visit = add(db, content="Tố cáo cán bộ địa chính nhận tiền", content_class="to_cao", **reps(0))
    assert visit.identity_protected
    desk, boss = book_rows([visit], DESK)[0], book_rows([visit], BOSS)[0]
    assert desk.identity_hidden and desk.cells[2] == desk.cells[3] == HIDDEN
    assert "Phan Thị Mai" not in "".join(desk.cells) and CCCD not in "".join(desk.cells)
    assert not boss.identity_hidden and boss.cells[2].startswith("Phan Thị Mai") and boss.cells[3] == CCCD
    assert book_rows([visit], None)[0].identity_hidden  # no viewer: hidden
    assert log.as_form(visit, False)["citizen_name"] == HIDDEN


@SQLITE_ONLY
def test_an_uncleared_editor_neither_changes_nor_unprotects_a_hidden_identity(db: Session) -> None:
    visit = add(db, content="Tố cáo cán bộ địa chính", content_class="to_cao")
    codes = {"T.BTCD"}
    changes = log.update_visit(
        db,
        visit,
        log.parse_form(
            form(content="Tố cáo cán bộ địa chính", content_class="to_cao", citizen_name="", note="gặp lại")
        ),
        user=DESK,
        unit_codes=codes,
        visible_case=bool,
    )
    assert visit.citizen_name == "Phan Thị Mai" and set(changes) == {"note"}
    with pytest.raises(log.VisitError) as err:
        log.update_visit(
            db,
            visit,
            log.parse_form(form(content_class="khieu_nai")),
            user=DESK,
            unit_codes=codes,
            visible_case=bool,
        )
    assert "bảo vệ" in err.value.errors["content_class"] and visit.identity_protected
    log.update_visit(
        db,
        visit,
        log.parse_form(form(content_class="khieu_nai")),
        user=BOSS,
        unit_codes=codes,
        visible_case=bool,
    )
    db.flush()
    assert visit.identity_protected is False and visit.content_class == "khieu_nai"


def test_a_correction_is_audited_with_old_and_new_values(db: Session) -> None:
    visit = add(db)
    changes = log.update_visit(
        db,
        visit,
        log.parse_form(form(people_count="2", outcome="chuyen_don", to_body="Thanh tra thành phố")),
        user=BOSS,
        unit_codes={"T.BTCD"},
        visible_case=bool,
    )
    assert changes == {
        "people_count": [1, 2],
        "outcome": ["huong_dan", "chuyen_don"],
        "to_body": ["Ủy ban nhân dân phường Một", "Thanh tra thành phố"],
    }
    row = db.scalars(select(AuditLog).where(AuditLog.action == "reception_visit_update")).one()
    assert row.actor == "lanh-dao" and row.detail == {"visit_id": visit.id, "changes": changes}
    assert visit.updated_by == "lanh-dao"
    same = log.update_visit(
        db,
        visit,
        log.parse_form(form(people_count="2", outcome="chuyen_don", to_body="Thanh tra thành phố")),
        user=BOSS,
        unit_codes={"T.BTCD"},
        visible_case=bool,
    )
    assert same == {}  # nothing changed, nothing audited
    assert len(db.scalars(select(AuditLog).where(AuditLog.action == "reception_visit_update")).all()) == 1


def test_rows_are_never_deleted(db: Session) -> None:
    visit = add(db)
    day = log.create_day(
        db, user=DESK, unit_code="T.BTCD", day=dt.date(2026, 3, 1), kind="dot_xuat", leader_name="A"
    )
    db.commit()
    for table, row_id in (("reception_visits", visit.id), ("reception_days", day.id)):
        with pytest.raises(DBAPIError, match="never deleted"):
            with db.begin_nested():
                db.execute(text(f"DELETE FROM {table} WHERE id = :i"), {"i": row_id})
    assert db.get(ReceptionVisit, visit.id) is not None
