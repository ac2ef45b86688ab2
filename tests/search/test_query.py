"""search/query.py on SQLite and PostgreSQL: Vietnamese folding, numbers, identity policy, units, filters,
ranking, snippets, the index following edits, and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from donthu.config import get_settings
from donthu.handling import decisions
from donthu.handling.events import add_event
from donthu.search import query as query_module
from donthu.search.query import SearchError, SearchFilters, search
from donthu.storage.models import AuditLog, Page
from donthu.storage.search_index import fold, reindex_all, search_docs

LONG_AGO = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def ids(db, user, q, **filters) -> list[str]:
    return [h.case_id for h in search(db, user, get_settings(), q, SearchFilters(**filters)).items]


def test_fold_is_one_character_for_one() -> None:
    for s in ("Đ", "Ữ", "ư", "đặng", "NGUYỄN VĂN A", "Ủy ban nhân dân", "Đắk Lắk 0912", "ỳ ỷ ỹ ỵ Ỳ"):
        assert len(fold(s)) == len(s), s
    assert (fold("Đ"), fold("Ữ"), fold("ư")) == ("d", "u", "u")
    assert fold("NGUYỄN VĂN A, Đặng Thị Hoà") == "nguyen van a, dang thi hoa"


def test_names_numbers_and_addresses(db, make_case, person) -> None:
    a = make_case(
        name="Nguyễn Văn A", id_number="001190012345", phone="0912 345 678", address="số 5 ngõ 3, xã Đa Tốn"
    )
    b = make_case(
        name="Nguyễn Văn Bình",
        id_number="079080004321",
        phone="0988765432",
        address="12 Lê Văn Việt, phường Hiệp Phú",
    )
    d = make_case(name="Đặng Thị Hoa", subject="cấp giấy chứng nhận quyền sử dụng đất", address="thôn Đông")
    u = person("reception")  # none of these is protected: a reception clerk finds them by the person too
    assert ids(db, u, "nguyen van a") == [a.case_id]
    assert ids(db, u, "NGUYỄN VĂN A") == [a.case_id]
    assert set(ids(db, u, "Nguyen Van")) == {a.case_id, b.case_id}
    assert ids(db, u, "dang") == [d.case_id] and ids(db, u, "ĐẶNG thi") == [d.case_id]
    assert ids(db, u, "nguyen hoa") == []  # every word is required
    assert ids(db, u, "001190012345") == [a.case_id]  # full ID
    assert ids(db, u, "345678") == [a.case_id]  # part of a phone number written with spaces
    assert ids(db, u, "0912.345.678") == [a.case_id] and ids(db, u, "0912 345 678") == [a.case_id]
    assert ids(db, u, "8765") == [b.case_id] and ids(db, u, "80004") == [b.case_id]
    assert ids(db, u, "da ton") == [a.case_id] and ids(db, u, "hiep phu") == [b.case_id]
    assert ids(db, u, "giay chung nhan") == [d.case_id]  # subject words
    assert ids(db, u, "xyzzy") == [] and ids(db, u, "999999") == []
    hit = search(db, u, get_settings(), "nguyen van a", SearchFilters()).items[0]
    assert "<mark>Nguyễn</mark> <mark>Văn</mark> <mark>A</mark>" in hit.snippet and hit.name == "Nguyễn Văn A"
    phone = search(db, u, get_settings(), "345678", SearchFilters()).items[0]
    assert "<mark>345 678</mark>" in phone.snippet


def test_protected_identity_never_matches_for_those_who_may_not_see_it(db, make_case, person) -> None:
    p = make_case(
        category="to_cao",
        name="Lê Văn Tố",
        id_number="079080004321",
        phone="0977111222",
        address="số 9 đường Hoa Sữa",
        subject="sai phạm trong quản lý đất công",
        text="ĐƠN TỐ CÁO\nTôi là Lê Văn Tố, CCCD 079080004321, số 9 đường Hoa Sữa.\nVề việc sai phạm trong quản lý đất công.",
        redacted_text="ĐƠN TỐ CÁO\nTôi là ██████.\nVề việc sai phạm trong quản lý đất công.",
    )
    assert p.identity_protected
    for clerk in (person("reception"), person("archivist", None)):
        for q in ("le van to", "Lê Văn Tố", "079080004321", "111222", "hoa sua", "le van sai pham"):
            assert ids(db, clerk, q) == [], (clerk.role, q)
        assert ids(db, clerk, p.case_id) == [p.case_id]  # the case number and subject are not identity
        hit = search(db, clerk, get_settings(), "sai pham quan ly", SearchFilters()).items[0]
        assert hit.case_id == p.case_id and hit.name is None
        assert "Tố" not in hit.snippet.replace("TỐ CÁO", "") and "0790" not in hit.snippet
        assert "<mark>sai</mark> <mark>phạm</mark>" in hit.snippet
    cleared = person("verifier")
    for q in ("le van to", "079080004321", "111222", "hoa sua", "le van sai pham"):
        assert ids(db, cleared, q) == [p.case_id], q
    hit = search(db, cleared, get_settings(), "le van to", SearchFilters()).items[0]
    assert hit.name == "Lê Văn Tố" and "<mark>Lê</mark> <mark>Văn</mark> <mark>Tố</mark>" in hit.snippet
    # forwarded to Phường Một: its cleared staff work on the redacted copy, the sender keeps the identity
    decisions.decide(db, p, "verifier", "chuyen_don", to_unit="T.P1")
    db.flush()
    p1 = person("verifier", "T.P1")
    assert ids(db, p1, "le van to") == [] and ids(db, p1, "079080004321") == []
    assert ids(db, p1, "sai pham") == [p.case_id]
    assert ids(db, cleared, "le van to") == [p.case_id]  # the sender followed it, identity still its own


def test_units_filters_and_overdue(db, make_case, person) -> None:
    here = make_case(
        subject="lấn chiếm vỉa hè",
        domain="dat_dai",
        received_at=dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC),
    )
    p2 = make_case(subject="lấn chiếm vỉa hè", unit="T.P2", domain="moi_truong")
    pending = make_case(subject="lấn chiếm vỉa hè", status="pending_verification", category="kien_nghi")
    fresh = make_case(
        subject="lấn chiếm vỉa hè", received_at=dt.datetime.now(dt.UTC)
    )  # 10 working days ahead
    late = make_case(subject="lấn chiếm vỉa hè", verify=False, unit="T.BTCD", handling_stage="cho_xu_ly")
    add_event(db, late, "received", "verifier", at=LONG_AGO)  # its 10 working days ran out long ago
    done = make_case(subject="lấn chiếm vỉa hè", verify=False, unit="T.BTCD", handling_stage="cho_xu_ly")
    add_event(db, done, "received", "verifier", at=LONG_AGO)
    decisions.decide(db, done, "verifier", "huong_dan")  # ended: never overdue
    db.flush()
    btcd, p1, root = person("verifier"), person("verifier", "T.P1"), person("supervisor", "T")
    everything = {here.case_id, pending.case_id, fresh.case_id, late.case_id, done.case_id}
    assert set(ids(db, btcd, "lan chiem")) == everything
    assert ids(db, p1, "lan chiem") == []
    assert set(ids(db, root, "lan chiem")) == everything | {p2.case_id}
    assert ids(db, root, "lan chiem", unit="T.P2") == [p2.case_id]
    assert ids(db, root, "lan chiem", domain="moi_truong") == [p2.case_id]
    assert ids(db, btcd, "lan chiem", status="pending_verification") == [pending.case_id]
    assert ids(db, btcd, "", category="kien_nghi") == [pending.case_id]  # filters alone
    assert set(ids(db, btcd, "", overdue=True)) == {here.case_id, late.case_id}  # no decision since March
    assert ids(db, btcd, "lan chiem", stage="ket_thuc") == [done.case_id]
    # received 01:00 on 2/3 local time (18:00 UTC the day before)
    day = dt.date(2026, 3, 2)
    assert here.case_id in ids(db, btcd, "lan chiem", date_from=day, date_to=day)
    assert here.case_id not in ids(db, btcd, "lan chiem", date_to=dt.date(2026, 3, 1))
    hits = {h.case_id: h for h in search(db, btcd, get_settings(), "lan chiem", SearchFilters()).items}
    assert hits[late.case_id].overdue and not hits[done.case_id].overdue and not hits[fresh.case_id].overdue
    for bad, message in (
        ({"status": "xoa"}, "Trạng thái"),
        ({"category": "x"}, "Loại đơn"),
        ({"domain": "x"}, "Lĩnh vực"),
        ({"stage": "x"}, "Giai đoạn"),
        ({"unit": "NOPE"}, "Không có đơn vị"),
        ({"date_from": day, "date_to": dt.date(2026, 1, 1)}, "Từ ngày"),
    ):
        with pytest.raises(SearchError, match=message):
            search(db, btcd, get_settings(), "lan chiem", SearchFilters(**bad))


def test_ranking_paging_and_audit(db, make_case, person, monkeypatch) -> None:
    first = make_case(subject="đòi lại tiền đặt cọc")
    talks = make_case(
        subject="đòi lại tiền đặt cọc",
        text=f"Đơn liên quan {first.case_id}, {first.case_id}, {first.case_id}.",
    )
    for _ in range(3):
        make_case(subject="đòi lại tiền đặt cọc")
    u = person("verifier")
    found = ids(db, u, first.case_id)
    assert found[0] == first.case_id and talks.case_id in found  # the case number typed in full ranks first
    res = search(db, u, get_settings(), "doi lai tien", SearchFilters(), limit=2)
    assert res.total == 5 and len(res.items) == 2
    scores = [h.score for h in search(db, u, get_settings(), "doi lai tien", SearchFilters()).items]
    assert scores == sorted(scores, reverse=True)
    later = search(db, u, get_settings(), "doi lai tien", SearchFilters(), limit=2, offset=4)
    assert later.total == 5 and len(later.items) == 1
    beyond = search(db, u, get_settings(), "doi lai tien", SearchFilters(), limit=2, offset=10)
    assert beyond.total == 5 and beyond.items == []
    monkeypatch.setattr(query_module, "RANK_LIMIT", 3)  # more matches than that: newest first, unranked
    broad = search(db, u, get_settings(), "doi lai tien", SearchFilters())
    assert broad.total == 5 and [h.score for h in broad.items] == [0.0] * 5
    assert [h.case_id for h in broad.items] == sorted((h.case_id for h in broad.items), reverse=True)
    search(db, u, get_settings(), "  đòi lại  ", SearchFilters(category="khieu_nai"))
    row = db.scalars(select(AuditLog).where(AuditLog.action == "search").order_by(AuditLog.id.desc())).first()
    assert row.actor == u.username and row.detail == {
        "q": "đòi lại",
        "filters": {"category": "khieu_nai"},
        "total": 5,
    }


def test_index_follows_edits_redaction_and_reindex(db, make_case, person) -> None:
    a = make_case(name="Trương Văn Cũ", text="ĐƠN KIẾN NGHỊ\nVề việc cấp điện sinh hoạt.", subject="cấp điện")
    u = person("verifier")
    assert ids(db, u, "truong van cu") == [a.case_id]
    a.complainant_name = "Lý Thị Mới"
    db.flush()
    assert ids(db, u, "truong van cu") == [] and ids(db, u, "ly thi moi") == [a.case_id]
    p = make_case(
        category="to_cao", subject="bảo kê", text="ĐƠN TỐ CÁO\nTôi là Vũ Hào. Việc thu phí chợ Bến Nghé."
    )
    clerk = person("reception")
    assert ids(db, clerk, "cho ben nghe") == []  # no redacted copy yet: nothing of its text is public
    page = db.scalar(select(Page).where(Page.document_id == p.document_id))
    page.redacted_text = "ĐƠN TỐ CÁO\nTôi là ███. Việc thu phí chợ Bến Nghé."
    db.flush()
    assert ids(db, clerk, "cho ben nghe") == [p.case_id] and ids(db, clerk, "vu hao") == []
    db.execute(delete(search_docs))
    assert ids(db, u, "ly thi moi") == []
    assert reindex_all(db) == 2
    assert ids(db, u, "ly thi moi") == [a.case_id] and ids(db, clerk, "cho ben nghe") == [p.case_id]


def test_hidden_identity_does_not_move_the_ranking(db, make_case, person) -> None:
    """Where the complainant is hidden, the words of their name do not count in the score either (the order
    of the hits would otherwise tell whose petition it is)."""
    body = "ĐƠN TỐ CÁO\nTôi là ███.\nVề việc ông Nguyễn Văn Ba bảo kê chợ."
    kw = {"category": "to_cao", "subject": "ông Nguyễn Văn Ba bảo kê chợ", "redacted_text": body}
    own = make_case(name="Nguyễn Văn Ba", text=body.replace("███", "Nguyễn Văn Ba"), **kw)
    other = make_case(name="Trần Thị Tư", text=body.replace("███", "Trần Thị Tư"), **kw)
    for _ in range(3):
        make_case(name="Lê Thị Hồng", subject="cấp phép xây dựng")  # so that the words are not everywhere
    clerk = {
        h.case_id: h.score for h in search(db, person("reception"), get_settings(), "nguyen van ba").items
    }
    assert set(clerk) == {own.case_id, other.case_id} and clerk[own.case_id] == clerk[other.case_id]
    seen = {h.case_id: h.score for h in search(db, person("verifier"), get_settings(), "nguyen van ba").items}
    assert seen[own.case_id] > seen[other.case_id]


def test_snippet_is_escaped_and_marks_the_original_letters() -> None:
    from donthu.search.text import parse, snippet

    q = parse("dat <b>")
    out = snippet(["Đất của <b>bà</b> & “con”", "x " * 300 + "ĐẤT nữa"], q, numbers_inside=False)
    assert "<mark>Đất</mark>" in out and "&lt;<mark>b</mark>&gt;" in out and "&amp;" in out
    assert "<b>" not in out.replace("<mark>", "").replace("</mark>", "")
    assert len(out) < 400 and out.endswith("…")
    assert parse("DT-2026-000123").case_no == "DT-2026-000123" and parse("dt-2026-000123").words == (
        "dt2026000123",
    )
    assert parse("0912 345 678").numbers == ("0912345678",) and parse("số 5 ngõ 3").numbers == ()
