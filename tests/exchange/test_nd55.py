"""The national database feed (exchange/nd55.py) on SQLite and PostgreSQL: records that validate against the
shipped JSON Schema, idempotent record ids, incremental runs (``since``, ``last``), the code-mapping table from the
settings (a missing code = the case not synced, the others written), schema-invalid records kept out, and the
identity policy deciding who the complainant's identity goes to."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from donthu.config import get_settings, reset_settings
from donthu.exchange import nd55
from donthu.exchange.nd55_codes import REQUIRED, CodesFileError
from donthu.exchange.nd55_models import ExchangeRun
from donthu.handling import decisions, tracking
from donthu.handling.events import add_event
from donthu.privacy.policy import export_destination_sees_identity
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, Document, Letter

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name,ma_xa
T,Thành phố Hồ Chí Minh,tinh,,,,0,,UBND,Hồ Chí Minh,CHỦ TỊCH,,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ,BTCD,Hồ Chí Minh,TRƯỞNG BAN,,
T.P1,Phường Bến Thành,phuong,T,,,0,UBND THÀNH PHỐ,UBND,Bến Thành,CHỦ TỊCH,,26743
T.P2,Phường Sài Gòn,phuong,T,,,0,UBND THÀNH PHỐ,UBND,Sài Gòn,CHỦ TỊCH,,
T.Q1,Quận 1 (cũ),huyen,T,2025-07-01,T.P1,0,,,,,,
"""
UNIT_CODES = ("T", "T.BTCD", "T.P1", "T.P2", "T.Q1")
SCHEMA = json.loads((Path(nd55.__file__).parent / "schema" / "nd55.schema.json").read_text(encoding="utf-8"))


def codes_csv(skip: tuple[str, ...] = ()) -> str:
    """A confirmed mapping (no TAM- codes): ``X.<group>.<our>`` for every code, without the ``group:our`` in skip."""
    lines = ["# bảng mã thử", "group,our_code,nd55_code,label,note"]
    pairs = [(g, c) for g, codes in REQUIRED.items() for c in codes] + [("co_quan", u) for u in UNIT_CODES]
    lines += [f"{g},{c},X.{g}.{c},," for g, c in pairs if f"{g}:{c}" not in skip]
    return "\n".join(lines) + "\n"


@pytest.fixture()
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "codes.csv").write_text(codes_csv(), encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(tmp_path / "units.csv"))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    monkeypatch.setenv("DONTHU_ND55_CODES_FILE", str(tmp_path / "codes.csv"))
    reset_settings()
    with session_scope(db_url) as session:
        yield session


def make_case(db: Session, n: int, category: str = "khieu_nai", unit: str | None = None, **kw: Any) -> Case:
    doc = Document(
        sha256=f"{n:064d}", original_name=f"don-{n}.pdf", size=1, object_key=f"o/{n}", status="done"
    )
    db.add(doc)
    db.flush()
    fields: dict[str, Any] = {
        "complainant_name": "Phan Thị Mai",
        "complainant_address": "số 5 Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh",
        "complainant_id_number": "079190012345",
        "respondent": "Ủy ban nhân dân phường Bến Thành",
        "subject": "thu hồi đất nông nghiệp",
        "domain": "dat_dai",
        "extra": {"address_current": "Phường Bến Thành, Thành phố Hồ Chí Minh"},
        "status": "verified",
        **kw,
    }
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        category=category,
        text="ĐƠN KHIẾU NẠI\nTôi là Phan Thị Mai ...",
        confidence={"category": 0.99},
        received_at=dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC),
        unit_code=unit,
        **fields,
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-2026-{case.id:06d}"
    if case.status == "verified":
        tracking.on_verified(db, case, "verifier", get_settings())
    db.flush()
    return case


def resolved_khieu_nai(db: Session, n: int) -> Case:
    """A khiếu nại carried to its end: classified, accepted, assigned, resolved with amounts, notified, closed."""
    case = make_case(db, n)
    tracking.classify(db, case, "verifier", content_class="khieu_nai", eligible=True, competent=True)
    decisions.decide(db, case, "verifier", "thu_ly")
    tracking.assign(db, case, "verifier", "can-bo-1")
    amounts = {"amount_recovered": 150_000_000, "land_recovered_m2": 120.5, "people_disciplined": 2}
    tracking.record_result(db, case, "verifier", "kn_dung_mot_phan", amounts=amounts)
    tracking.notify(db, case, "verifier")
    tracking.close(db, case, "verifier")
    db.flush()
    return case


def export(db: Session, since: Any = None, **kw: Any) -> tuple[list[dict[str, Any]], nd55.ExportSummary]:
    buf = io.StringIO()
    summary = nd55.run_export(db, get_settings(), buf, since=since, actor="tester", **kw)
    return [json.loads(line) for line in buf.getvalue().splitlines()], summary


def by_op(records: list[dict[str, Any]], case: Case, op: str) -> list[dict[str, Any]]:
    return [r for r in records if r["case_id"] == case.case_id and r["operation"] == op]


def test_records_validate_against_the_schema_and_carry_the_groups(db: Session) -> None:
    kn = resolved_khieu_nai(db, 1)
    tc = make_case(db, 2, category="to_cao")
    decisions.decide(db, tc, "verifier", "chuyen_don", to_body="Tòa án nhân dân Thành phố Hồ Chí Minh")
    guided = make_case(db, 3, category="kien_nghi", respondent=None)
    decisions.decide(db, guided, "verifier", "huong_dan")
    make_case(db, 4, status="pending_verification")  # not checked by a person yet: not sent
    records, summary = export(db)

    validator = Draft202012Validator(SCHEMA)
    for record in records:
        assert not list(validator.iter_errors(record)), record
    assert summary.cases == 3 and summary.count == len(records) and not summary.not_synced
    assert not summary.placeholder_records and all(r["flags"] == [] for r in records)

    ops = [r["operation"] for r in records if r["case_id"] == kn.case_id]
    assert ops == [
        "capNhatVuViec",
        "capNhatKQXuLy",
        "capNhatQuyetDinhThuLy",
        "capNhatKQGiaiQuyet",
        "capNhatThiHanh",
    ]
    vv = by_op(records, kn, "capNhatVuViec")[0]["data"]
    assert vv["VuViec"]["Id"] == kn.case_id and vv["VuViec"]["GanVuViec"] is False
    assert vv["VuViec"]["NgayNhapDon"] == "2026-03-02"
    assert vv["DonViNhap"] == "X.co_quan.T.BTCD"
    assert vv["PhanLoaiDon"] == [
        {
            "MaLoaiDon": "X.loai_don.khieu_nai",
            "MaLoaiDon1": "X.linh_vuc.dat_dai",
            "MaLoaiDon2": None,
            "MaLoaiDon3": None,
        }
    ]
    person = vv["NguoiKNTC"]["DanhSachNguoi"][0]
    assert person["HoTen"] == "Phan Thị Mai" and person["SoDinhDanhCaNhan"] == "079190012345"
    assert (
        person["MaTinh"] == "79" and person["MaXa"] == "26743"
    )  # HCM's code; the ward's ma_xa from the tree
    assert "MaHuyen" not in json.dumps(records)  # no district level after 01/7/2025
    assert vv["NguoiBiKNTC"]["LoaiNguoiBiKNTC"] == "X.loai_nguoi.co_quan_to_chuc"

    xu_ly = by_op(records, kn, "capNhatKQXuLy")[0]["data"]["XuLy"]
    assert xu_ly["DonDuDKXuLy"] is True and xu_ly["HuongXuLy"]["MaHuongXuLy"] == "X.huong_xu_ly.thu_ly"
    assert {v["TenVanBan"] for v in xu_ly["VanBan"]} >= {"Phiếu đề xuất thụ lý đơn"}
    thu_ly = by_op(records, kn, "capNhatQuyetDinhThuLy")[0]["data"]["ThuLy"]
    assert thu_ly["LanGiaiQuyet"] == 1 and thu_ly["HanGiaiQuyet"]  # the 30-day resolution clock's due date
    kq = by_op(records, kn, "capNhatKQGiaiQuyet")[0]["data"]["KetQuaGiaiQuyet"]
    assert kq["MaKetQua"] == "X.ket_qua.kn_dung_mot_phan" and kq["SoTienThuHoi"] == 150_000_000
    assert kq["DienTichDatThuHoi"] == 120.5 and kq["SoNguoiBiXuLy"] == 2 and kq["DungHan"] is True
    assert kq["NgayThongBao"]
    th = by_op(records, kn, "capNhatThiHanh")[0]["data"]["ThiHanh"]
    assert th["SoTienPhaiThuHoi"] == 150_000_000 and th["DaThiHanhXong"] is None

    fwd = by_op(records, tc, "capNhatKQXuLy")[0]["data"]["XuLy"]["HuongXuLy"]
    assert fwd["MaHuongXuLy"] == "X.huong_xu_ly.chuyen_don" and fwd["MaCoQuanXuLyTiep"] is None
    assert fwd["LoaiCoQuanNhan"] == "X.loai_co_quan_nhan.tu_phap"  # a court: courts, procuracy, enforcement
    assert fwd["TenCoQuanXuLyTiep"] == "Tòa án nhân dân Thành phố Hồ Chí Minh"
    kn_pa = by_op(records, guided, "capNhatVuViec")[0]["data"]
    assert (
        kn_pa["PhanLoaiDon"][0]["MaLoaiDon"] == "X.loai_don.kien_nghi_phan_anh"
        and kn_pa["NguoiBiKNTC"] is None
    )


def test_reexport_gives_the_same_records_and_a_duplicate_joins_its_vu_viec(db: Session) -> None:
    first = resolved_khieu_nai(db, 1)
    again = make_case(db, 2, duplicate_of=first.case_id)
    third = make_case(db, 3, duplicate_of=again.case_id)  # a chain: the vụ việc is still the first đơn
    one, _ = export(db)
    two, _ = export(db)
    assert one == two  # every field, record_id and updated_at included
    ids = [r["record_id"] for r in one]
    assert len(ids) == len(set(ids))
    for case in (again, third):
        vv = by_op(one, case, "capNhatVuViec")[0]
        assert vv["vu_viec_id"] == first.case_id and vv["data"]["VuViec"]["Id"] == first.case_id
        assert vv["data"]["VuViec"]["GanVuViec"] is True
    # a new event on the case adds a record; the ones already sent keep their ids
    decisions.decide(db, again, "verifier", "luu_don")
    db.flush()
    three, _ = export(db)
    assert set(ids) < {r["record_id"] for r in three}


def test_since_picks_only_the_cases_changed_after_it(db: Session) -> None:
    edited, evented, lettered, untouched = (make_case(db, n) for n in (1, 2, 3, 4))
    db.flush()
    mark = dt.datetime.now(dt.UTC)
    edited.subject = "đòi bồi thường"  # the case row changes
    add_event(db, evented, "step", "verifier", data={"step": "làm việc với người khiếu nại"})  # only an event
    db.add(  # only a letter
        Letter(
            case_id=lettered.case_id,
            kind="don_doc",
            unit_code="T.BTCD",
            series="CV",
            year=2026,
            number=7,
            actor="verifier",
            context={},
        )
    )
    db.flush()
    records, summary = export(db, since=mark)
    assert {r["case_id"] for r in records} == {edited.case_id, evented.case_id, lettered.case_id}
    assert summary.since == mark and untouched.case_id not in json.dumps(records)
    assert by_op(records, edited, "capNhatVuViec")[0]["data"]["NoiDungDon"] == "đòi bồi thường"


def test_last_uses_the_previous_run_and_runs_are_append_only(db: Session) -> None:
    a, b = make_case(db, 1), make_case(db, 2)
    _, first = export(db, since="last")  # no run yet: everything
    assert first.since is None and first.cases == 2
    _, second = export(db, since="last", overlap=dt.timedelta(0))
    assert second.since == first.until and second.cases == 0  # nothing changed since
    b.subject = "nội dung mới"
    db.flush()
    records, third = export(db, since="last", overlap=dt.timedelta(0))
    assert {r["case_id"] for r in records} == {b.case_id} and third.since == second.until
    _, fourth = export(db, since="last")  # by default a few minutes back: what was being written meanwhile
    assert fourth.since == third.until - nd55.LAST_OVERLAP and a.case_id
    runs = list(db.scalars(select(ExchangeRun).order_by(ExchangeRun.id)))
    assert [r.status for r in runs] == ["ok"] * 4 and [r.count for r in runs][:3] == [2, 0, 1]
    assert runs[0].profile == "nd55" and runs[2].actor == "tester"
    audits = list(db.scalars(select(AuditLog).where(AuditLog.action == "export_nd55").order_by(AuditLog.id)))
    assert len(audits) == 4 and audits[2].detail["case_ids"] == [b.case_id]
    with pytest.raises(DBAPIError), db.begin_nested():  # the sync history cannot be rewritten
        db.execute(update(ExchangeRun).values(status="failed"))


def test_a_missing_code_keeps_that_case_out_and_it_is_retried(
    db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "partial.csv").write_text(codes_csv(skip=("co_quan:T.P2",)), encoding="utf-8")
    monkeypatch.setenv("DONTHU_ND55_CODES_FILE", str(tmp_path / "partial.csv"))
    reset_settings()
    fine = make_case(db, 1)
    stuck = make_case(db, 2, unit="T.P2")
    records, summary = export(db, since="last")
    assert {r["case_id"] for r in records} == {fine.case_id}
    assert [n.case_id for n in summary.not_synced] == [stuck.case_id]
    assert "co_quan" in summary.not_synced[0].problems[0] and "T.P2" in summary.not_synced[0].problems[0]
    assert summary.status == "partial" and any("chưa đồng bộ" in line for line in nd55.summary_lines(summary))
    # the admin adds the code: the next incremental run sends the case although it did not change
    monkeypatch.setenv("DONTHU_ND55_CODES_FILE", str(tmp_path / "codes.csv"))
    reset_settings()
    records, summary = export(db, since="last", overlap=dt.timedelta(0))
    assert {r["case_id"] for r in records} == {stuck.case_id} and summary.status == "ok"
    assert by_op(records, stuck, "capNhatVuViec")[0]["data"]["DonViNhap"] == "X.co_quan.T.P2"


def test_a_record_the_schema_refuses_is_not_written(db: Session) -> None:
    fine = make_case(db, 1)
    passport = make_case(db, 2, complainant_id_number="B1234567")  # not a CCCD/CMND number
    records, summary = export(db)
    assert {r["case_id"] for r in records} == {fine.case_id}
    (item,) = summary.not_synced
    assert item.case_id == passport.case_id
    assert any("SoDinhDanhCaNhan" in p and "định dạng" in p for p in item.problems)
    assert "B1234567" not in json.dumps(
        [n.problems for n in summary.not_synced]
    )  # no personal data in reports
    run = db.scalars(select(ExchangeRun)).one()
    assert run.detail["not_synced"] == [passport.case_id] and "B1234567" not in json.dumps(run.detail)


def test_the_mapping_comes_from_the_settings(
    db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = make_case(db, 1)
    records, _ = export(db)
    assert (
        by_op(records, case, "capNhatVuViec")[0]["data"]["PhanLoaiDon"][0]["MaLoaiDon"]
        == "X.loai_don.khieu_nai"
    )
    # a specific code for a class and domain wins over the domain's
    (tmp_path / "codes.csv").write_text(
        codes_csv() + "linh_vuc,khieu_nai:dat_dai,KN-DD-9,Khiếu nại đất đai,\n", encoding="utf-8"
    )
    records, _ = export(db)
    assert by_op(records, case, "capNhatVuViec")[0]["data"]["PhanLoaiDon"][0]["MaLoaiDon1"] == "KN-DD-9"
    # a placeholder code (TAM-: nobody confirmed it) is sent, flagged and counted
    (tmp_path / "codes.csv").write_text(
        codes_csv().replace("X.loai_don.khieu_nai", "TAM-LD-01"), encoding="utf-8"
    )
    records, summary = export(db)
    assert [r["operation"] for r in records if "placeholder_codes" in r["flags"]] == ["capNhatVuViec"]
    assert summary.placeholder_records == 1 and any("mã tạm" in line for line in nd55.summary_lines(summary))
    # without the setting: the shipped table (placeholders for the bundled sample province's units only)
    monkeypatch.delenv("DONTHU_ND55_CODES_FILE")
    reset_settings()
    records, summary = export(db)
    assert summary.codes_source.endswith("exchange/data/nd55-codes.csv") and records == []
    assert "co_quan cho “T.BTCD”" in summary.not_synced[0].problems[0]
    # a broken file stops the export before anything is written, with its lines
    (tmp_path / "bad.csv").write_text(
        "group,our_code,nd55_code,label,note\nloai_don,khieu_nai,,x,\nabc,x,y,,\n"
    )
    monkeypatch.setenv("DONTHU_ND55_CODES_FILE", str(tmp_path / "bad.csv"))
    reset_settings()
    with pytest.raises(CodesFileError) as err:
        export(db)
    assert [p.split(":")[0] for p in err.value.problems] == ["dòng 2", "dòng 3"]


def test_identity_goes_where_the_policy_says(db: Session) -> None:
    open_case = make_case(db, 1)
    kept = make_case(db, 2, category="to_cao")  # protected, its identity with the unit holding it
    moved = make_case(db, 3, category="to_cao", complainant_name="Trần Văn Tố")
    decisions.decide(db, moved, "verifier", "chuyen_don", to_unit="T.P1")  # the receiving unit: redacted copy
    db.flush()
    assert kept.identity_protected and moved.identity_unit == "T.BTCD" and moved.unit_code == "T.P1"

    records, summary = export(db)
    persons = {
        r["case_id"]: r["data"]["NguoiKNTC"]["DanhSachNguoi"] for r in records if r["event_id"] is None
    }
    assert persons[open_case.case_id] and persons[kept.case_id]  # the national database is cleared by law
    assert persons[moved.case_id] == [] and summary.identity_withheld == [moved.case_id]
    assert "Trần Văn Tố" not in json.dumps(records, ensure_ascii=False)
    assert by_op(records, moved, "capNhatVuViec")[0]["flags"] == ["identity_withheld"]

    # run by a person: their units only, and only the identities they may see
    p1 = SimpleNamespace(username="v1", role="verifier", unit_code="T.P1")
    records, summary = export(db, viewer=p1)
    assert {r["case_id"] for r in records} == {moved.case_id} and summary.identity_withheld == [moved.case_id]
    desk = SimpleNamespace(username="r1", role="reception", unit_code="T.BTCD")
    records, summary = export(db, viewer=desk)
    hidden = {r["case_id"] for r in records if "identity_withheld" in r["flags"]}
    assert hidden == {kept.case_id, moved.case_id}  # protected cases: never to an uncleared person's file
    assert db.scalars(select(ExchangeRun.profile).order_by(ExchangeRun.id)).all()[-1] == "nd55@T.BTCD"
    assert not export_destination_sees_identity("csv", open_case)  # only the cleared destinations
    assert not export_destination_sees_identity("nd55", None)


def test_since_text_parsing() -> None:
    assert nd55.parse_since("2026-03-01") == dt.datetime(2026, 2, 28, 17, 0, tzinfo=dt.UTC)  # local midnight
    assert nd55.parse_since("2026-03-01T10:00:00Z") == dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    assert nd55.parse_since(" last ") == "last" and nd55.parse_since("") is None
    with pytest.raises(nd55.ExportError, match="không hợp lệ"):
        nd55.parse_since("hôm qua")
