"""Hướng xử lý and tracking (handling/decisions.py, tracking.py) on a real database: each decision's
preconditions, the once-only rules, forwarding between units with the redacted copy, the stages and the letters
each decision numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from donthu.config import get_settings, reset_settings
from donthu.handling import decisions, tracking, views
from donthu.handling.events import HandlingError, events_of
from donthu.handling.issue import letters_of
from donthu.privacy.policy import may_see_identity
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document, HandlingEvent

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.TTR,Thanh tra thành phố,thanh_tra,T,,,0,UBND THÀNH PHỐ MẪU,TTr,Mẫu,CHÁNH THANH TRA,Lê Văn Chánh
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,
T.P2,Phường Hai,phuong,T,,,1,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
T.Q1,Quận Một (cũ),huyen,T,2025-07-01,T.P1,0,,,,,
"""


@pytest.fixture()
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    with session_scope(db_url) as session:
        yield session


def _case(db: Session, n: int, category: str = "khieu_nai", **kw) -> Case:
    doc = Document(
        sha256=f"{n:064d}", original_name=f"don-{n}.pdf", size=1, object_key=f"o/{n}", status="done"
    )
    db.add(doc)
    db.flush()
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        status="verified",
        category=category,
        complainant_name="Phan Thị Mai",
        complainant_address="số 5 ngõ 3, phường Một",
        respondent="Ủy ban nhân dân phường Một",
        subject="thu hồi đất nông nghiệp",
        text="ĐƠN KHIẾU NẠI\nTôi là Phan Thị Mai ...",
        confidence={"category": 0.99},
        received_at=dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC),
        **kw,
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-2026-{case.id:06d}"
    tracking.on_verified(db, case, "verifier", get_settings())
    db.flush()
    return case


def _kinds(db: Session, case: Case) -> list[str]:
    return [e.kind for e in events_of(db, case.case_id)]


def test_verified_case_enters_the_home_unit_inbox(db: Session) -> None:
    case = _case(db, 1)
    assert case.unit_code == "T.BTCD" and case.handling_stage == "cho_xu_ly"
    assert _kinds(db, case) == ["received"]
    # approving again (a reopened case) does not enter it twice
    assert tracking.on_verified(db, case, "verifier", get_settings()) is None


def test_thu_ly_a_khieu_nai_numbers_its_letters_and_runs_the_clocks(db: Session) -> None:
    case = _case(db, 2)
    d = decisions.decide(db, case, "verifier", "thu_ly", note="đủ điều kiện")
    assert case.handling_stage == "thu_ly"
    assert [let.kind for let in d.letters] == ["de_xuat_thu_ly", "thong_bao_thu_ly_kn"]
    assert [let.number for let in d.letters] == [1, 1]  # each kind has its own series
    assert d.letters[0].series.endswith("-BTCD") and d.letters[0].context["citizen_name"] == "Phan Thị Mai"
    second = decisions.decide(db, _case(db, 3), "verifier", "thu_ly")
    assert second.letters[0].number == 2  # the unit's series for the year goes on
    keys = {c["key"] for c in views.handling_json(db, case, get_settings())["deadlines"]}
    assert any("giai_quyet" in k or "resolve" in k for k in keys), keys
    # a decided case takes no second direction
    with pytest.raises(HandlingError, match="đã có hướng xử lý"):
        decisions.decide(db, case, "verifier", "luu_don")


def test_not_competent_or_not_eligible_cannot_be_accepted(db: Session) -> None:
    case = _case(db, 4)
    tracking.classify(db, case, "verifier", content_class="khieu_nai", eligible=True, competent=False)
    with pytest.raises(HandlingError, match="không thuộc thẩm quyền"):
        decisions.decide(db, case, "verifier", "thu_ly")
    tracking.classify(db, case, "verifier", content_class="khieu_nai", eligible=False, competent=True)
    with pytest.raises(HandlingError, match="không đủ điều kiện"):
        decisions.decide(db, case, "verifier", "thu_ly")


def test_anonymous_to_cao_is_not_accepted(db: Session) -> None:
    case = _case(db, 5, category="to_cao", anonymous=True)
    with pytest.raises(HandlingError, match="nặc danh"):
        decisions.decide(db, case, "verifier", "thu_ly")


def test_guidance_only_once_for_the_same_matter(db: Session) -> None:
    first = _case(db, 6)
    decisions.decide(db, first, "verifier", "huong_dan")
    assert first.handling_stage == "ket_thuc"
    again = _case(db, 7, duplicate_of=first.case_id)  # the same person writes again about the same matter
    with pytest.raises(HandlingError, match=f"hướng dẫn một lần.*{first.case_id}"):
        decisions.decide(db, again, "verifier", "huong_dan")
    # what the law leaves: lưu đơn, or không xử lý because already guided
    decisions.decide(db, again, "verifier", "khong_xu_ly", reason="da_huong_dan")
    assert again.handling_stage == "ket_thuc"
    # an unrelated petition is guided normally
    decisions.decide(db, _case(db, 8), "verifier", "huong_dan")


def test_to_cao_forwarded_only_once_and_kien_nghi_may_be_forwarded_again(db: Session) -> None:
    first = _case(db, 9, category="to_cao")
    decisions.decide(db, first, "verifier", "chuyen_don", to_body="Công an thành phố Mẫu")
    assert first.handling_stage == "cho_phuc_dap"
    again = _case(db, 10, category="to_cao", duplicate_of=first.case_id)
    with pytest.raises(HandlingError, match="chuyển đơn tố cáo một lần"):
        decisions.decide(db, again, "verifier", "chuyen_don", to_body="Công an thành phố Mẫu")
    kn = _case(db, 11, category="kien_nghi")
    decisions.decide(db, kn, "verifier", "chuyen_don", to_body="Sở Xây dựng")
    kn2 = _case(db, 12, category="kien_nghi", duplicate_of=kn.case_id)
    decisions.decide(db, kn2, "verifier", "chuyen_don", to_body="Sở Xây dựng")


def test_forwarding_a_to_cao_inside_hands_on_the_redacted_copy(db: Session) -> None:
    case = _case(db, 13, category="to_cao")
    assert case.identity_protected
    d = decisions.decide(db, case, "verifier", "chuyen_don", to_unit="T.P1", note="thuộc thẩm quyền phường")
    assert case.unit_code == "T.P1" and case.handling_stage == "cho_xu_ly"
    assert case.identity_unit == "T.BTCD"
    assert [let.kind for let in d.letters] == ["chuyen_don_to_cao"]
    ctx = d.letters[0].context
    assert "Phan Thị Mai" not in str(ctx) and "ngõ 3" not in str(ctx)  # no identity on Mẫu 03
    assert ctx["target_body"] == "Phường Một"

    class Officer:
        role = "verifier"

        def __init__(self, unit: str) -> None:
            self.unit_code = unit

    assert may_see_identity(Officer("T.BTCD"), case)  # the unit that received it keeps the original
    assert not may_see_identity(Officer("T.P1"), case)  # the receiving unit works on the redacted copy
    assert not may_see_identity("verifier", case)  # no unit known: fail closed
    # the receiving unit's inbox has it; the sender sees it among the forwarded ones with the outcome
    assert _kinds(db, case) == ["received", "chuyen_don", "received"]
    receiving = events_of(db, case.case_id)[-1]
    assert receiving.unit_code == "T.P1" and receiving.data["from_unit"] == "T.BTCD"
    sender = Officer("T.BTCD")
    assert views.may_view(db, sender, case, get_settings()) and not views.may_handle(
        db, sender, case, get_settings()
    )
    assert views.may_handle(db, Officer("T.P1"), case, get_settings())
    # the receiving unit answers; the sender sees the reply on the timeline
    tracking.reply(db, case, "p1_officer", "Đã thụ lý, đang xác minh", reply_no="12/UBND")
    reply = events_of(db, case.case_id)[-1]
    assert reply.kind == "reply" and reply.to_unit == "T.BTCD" and reply.unit_code == "T.P1"


def test_forwarding_to_an_abolished_unit_goes_to_its_successor(db: Session) -> None:
    case = _case(db, 14, category="kien_nghi")
    decisions.decide(db, case, "verifier", "chuyen_don", to_unit="T.Q1")
    assert case.unit_code == "T.P1"


def test_forwarding_needs_a_target_and_tra_lai_needs_a_sender(db: Session) -> None:
    case = _case(db, 15, category="kien_nghi")
    with pytest.raises(HandlingError, match="nơi nhận"):
        decisions.decide(db, case, "verifier", "chuyen_don")
    with pytest.raises(HandlingError, match="Chỉ trả lại đơn"):
        decisions.decide(db, case, "verifier", "tra_lai")
    decisions.decide(db, case, "verifier", "chuyen_don", to_unit="T.P2")
    d = decisions.decide(db, case, "p2", "tra_lai", note="không thuộc thẩm quyền phường")
    assert (
        d.letters[0].kind == "tra_lai" and d.letters[0].context["kinh_gui"] == "Ban tiếp công dân thành phố"
    )
    assert case.unit_code == "T.BTCD" and case.handling_stage == "cho_xu_ly"  # back in the sender's inbox
    # a forwarding sent back does not count as the one forwarding a tố cáo is allowed
    tc = _case(db, 21, category="to_cao")
    decisions.decide(db, tc, "verifier", "chuyen_don", to_unit="T.P2")
    decisions.decide(db, tc, "p2", "tra_lai", note="không thuộc thẩm quyền")
    decisions.decide(db, tc, "verifier", "chuyen_don", to_unit="T.P1")
    assert tc.unit_code == "T.P1"


def test_tracking_to_the_result_in_order(db: Session) -> None:
    case = _case(db, 16)
    with pytest.raises(HandlingError):
        tracking.assign(db, case, "supervisor", "verifier2")  # not accepted yet
    decisions.decide(db, case, "verifier", "thu_ly")
    tracking.assign(db, case, "supervisor", "verifier2")
    assert case.handling_stage == "giai_quyet" and case.assigned_to == "verifier2"
    tracking.add_step(db, case, "verifier2", "Làm việc với người khiếu nại")
    with pytest.raises(HandlingError, match="không hợp với loại đơn"):
        tracking.record_result(db, case, "verifier2", "tc_dung")
    with pytest.raises(HandlingError, match="Chưa thông báo"):
        tracking.record_result(
            db, case, "verifier2", "kn_dung_mot_phan", amounts={"amount_recovered": 1_500_000}
        )
        tracking.close(db, case, "verifier2")
    ev, letters = tracking.notify(db, case, "verifier2")
    assert letters[0].kind == "thong_bao_ket_qua" and letters[0].context["result_text"]
    tracking.close(db, case, "verifier2")
    assert case.handling_stage == "ket_thuc"
    result = next(e for e in events_of(db, case.case_id) if e.kind == "result")
    assert result.data == {"result": "kn_dung_mot_phan", "amount_recovered": 1_500_000}


def test_withdrawal_before_a_result_only(db: Session) -> None:
    case = _case(db, 17)
    decisions.decide(db, case, "verifier", "thu_ly")
    decisions.decide(db, case, "verifier", "rut_don", note="người khiếu nại rút đơn")
    assert case.handling_stage == "ket_thuc"
    with pytest.raises(HandlingError, match="rút đơn"):
        decisions.decide(db, case, "verifier", "rut_don")


def test_stored_petition_kept_a_year_then_the_head_decides(db: Session) -> None:
    case = _case(db, 18, category="kien_nghi")
    decisions.decide(db, case, "verifier", "luu_don", note="không đủ điều kiện")
    assert case.handling_stage == "luu_don"
    with pytest.raises(HandlingError, match="01 năm"):
        tracking.propose_destroy(db, case, "verifier", get_settings(), today=dt.date(2026, 6, 1))
    tracking.propose_destroy(db, case, "verifier", get_settings(), today=dt.date(2028, 1, 15))
    with pytest.raises(HandlingError, match="chờ thủ trưởng"):
        tracking.propose_destroy(db, case, "verifier", get_settings(), today=dt.date(2028, 1, 16))
    tracking.decide_destroy(db, case, "supervisor", destroy=True)
    assert case.handling_stage == "ket_thuc"
    assert db.scalar(select(Case).where(Case.case_id == case.case_id)) is not None  # nothing purged


def test_don_doc_only_for_a_forwarded_case_without_a_result(db: Session) -> None:
    case = _case(db, 19, category="kien_nghi")
    with pytest.raises(HandlingError, match="đôn đốc"):
        tracking.don_doc(db, case, "verifier")
    decisions.decide(db, case, "verifier", "chuyen_don", to_body="Sở Xây dựng")
    ev, letters = tracking.don_doc(db, case, "verifier", "đề nghị báo cáo kết quả")
    assert ev.to_body == "Sở Xây dựng" and letters[0].kind == "don_doc"
    tracking.reply(db, case, "verifier", "Sở Xây dựng đã trả lời", reply_no="45/SXD")
    assert case.handling_stage == "ket_thuc"


def test_every_decision_is_on_the_append_only_timeline(db: Session) -> None:
    case = _case(db, 20)
    decisions.decide(db, case, "verifier", "luu_don")
    assert len(letters_of(db, case.case_id)) == 1  # khiếu nại: thông báo không thụ lý (Mẫu 04)
    ev = db.scalar(
        select(HandlingEvent).where(HandlingEvent.case_id == case.case_id, HandlingEvent.kind == "luu_don")
    )
    assert ev is not None and ev.basis.startswith("Điều 28")
    ev.note = "sửa lén"
    # SQLite: the trigger refuses; PostgreSQL: the app's role has no UPDATE on the table at all
    with pytest.raises(Exception, match="append-only|permission denied for table handling_events"):
        db.flush()
    db.rollback()
