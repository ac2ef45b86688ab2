"""Gaps a tester hit in the station (issue 13), server side: flagged fields must be confirmed or edited before
approval; "Để lại hàng chờ" skips for the rest of the session; a supervisor reopens a verified case (not once its
handling has moved on); reception attaches rescanned pages to a returned case, which keeps its number; the
full-text panel is NFC in a font with the Vietnamese letters. Every test runs on SQLite and PostgreSQL.

The browser side (confirm button and key, approve disabled, history refresh, Alt+Q then Enter):
tests/e2e/test_e2e_station_gaps.py."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from fakes import FakeEngine, ocr_engine
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from stationkit import login, page_jpeg, seed_case, token, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.nlp.extract import extract_fields
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, CaseHistory, HandlingEvent
from donthu.storage.objects import make_store

UTC = dt.UTC
STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


@pytest.fixture()
def station(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    now = dt.datetime.now(UTC)
    with session_scope() as db:
        users(db)
        # deadline order: old (40 days) .. mid (3 days) .. low (1 day); low has two flagged fields
        old = seed_case(db, store, 1, received_at=now - dt.timedelta(days=40))
        mid = seed_case(db, store, 2, received_at=now - dt.timedelta(days=3))
        low = seed_case(db, store, 3, received_at=now - dt.timedelta(days=1), confidence=0.4)
        low.confidence = {**low.confidence, "respondent": 0.55}
        done = seed_case(db, store, 4, received_at=now - dt.timedelta(days=5), status="verified")
        ids = SimpleNamespace(old=old.case_id, mid=mid.case_id, low=low.case_id, done=done.case_id)
    return SimpleNamespace(ids=ids, app=create_app(), store=store)


def client_for(station: SimpleNamespace, username: str) -> TestClient:
    client = TestClient(station.app)
    assert login(client, username) == 303
    client.headers["X-CSRF-Token"] = token(client)
    return client


def row(case_id: str) -> Case:
    with session_scope() as db:
        case = repo.get_case(db, case_id)
        db.expunge(case)
        return case


def history(case_id: str) -> list[tuple[str, str | None, str | None, str]]:
    with session_scope() as db:
        rows = db.scalars(select(CaseHistory).where(CaseHistory.case_id == case_id).order_by(CaseHistory.id))
        return [(h.field, h.old_value, h.new_value, h.actor) for h in rows]


def audits(case_id: str, action: str) -> list[AuditLog]:
    with session_scope() as db:
        found = list(
            db.scalars(
                select(AuditLog)
                .where(AuditLog.case_id == case_id, AuditLog.action == action)
                .order_by(AuditLog.id)
            )
        )
        db.expunge_all()
        return found


def station_data(html: str) -> dict:
    return json.loads(re.search(r'id="station-data">(.*?)</script>', html, re.S).group(1))


# ---------------------------------------------------------------------------------------------- 1. flagged fields
def test_approval_waits_for_each_flagged_field_to_be_confirmed_or_edited(station: SimpleNamespace) -> None:
    low = station.ids.low
    v = client_for(station, "verifier")
    html = v.get(f"/cases/{low}").text
    data = station_data(html)
    assert data["flagged"] == ["address", "respondent"] and data["left"] == ["address", "respondent"]
    assert 'data-confirm="address"' in html and 'data-confirm="respondent"' in html
    assert 'data-confirm="name"' not in html  # 97 %: not flagged
    assert "Còn 2 trường cần kiểm tra" in html

    r = v.post(f"/api/cases/{low}/approve", json={})
    assert r.status_code == 409
    assert "Địa chỉ" in r.json()["detail"] and "Người/cơ quan bị khiếu nại" in r.json()["detail"]
    assert row(low).status == "pending_verification"

    # confirming: a history row with the value unchanged, audited; a second time records nothing
    r = v.post(f"/api/cases/{low}/confirm", json={"field": "address"})
    assert r.status_code == 200 and r.json()["recorded"] and r.json()["left"] == ["respondent"]
    assert r.json()["history"][0]["confirm"] and r.json()["history"][0]["label"] == "Địa chỉ"
    assert not v.post(f"/api/cases/{low}/confirm", json={"field": "address"}).json()["recorded"]
    assert history(low) == [("address", "số 5 ngõ 3, xã Đa Tốn", "số 5 ngõ 3, xã Đa Tốn", "verifier")]
    assert [a.detail["field"] for a in audits(low, "confirm_field")] == ["address"]
    assert v.post(f"/api/cases/{low}/confirm", json={"field": "status"}).status_code == 422
    forged = v.post(f"/api/cases/{low}/confirm", json={"field": "address"}, headers={"X-CSRF-Token": "x"})
    assert forged.status_code == 403
    # someone else's confirmation does not count for this verifier; the lock holder alone may confirm
    v2 = client_for(station, "verifier2")
    assert v2.post(f"/api/cases/{low}/confirm", json={"field": "respondent"}).status_code == 409
    v.post(f"/api/cases/{low}/release")
    assert v2.post(f"/api/cases/{low}/confirm", json={"field": "respondent"}).json()["left"] == ["address"]
    v2.post(f"/api/cases/{low}/release")
    assert station_data(v.get(f"/cases/{low}").text)["left"] == ["respondent"]
    assert v.post(f"/api/cases/{low}/approve", json={}).status_code == 409

    # editing the field counts too (here in the approval's own form values); the history comes back
    r = v.post(f"/api/cases/{low}/approve", json={"fields": {"respondent": "UBND xã Đa Tốn"}})
    assert r.status_code == 200, r.text
    assert r.json()["history"][0]["field"] == "identity_released"
    case = row(low)
    assert case.status == "verified" and case.respondent == "UBND xã Đa Tốn"


def test_a_field_save_returns_what_is_left_and_the_refreshed_history(station: SimpleNamespace) -> None:
    low = station.ids.low
    v = client_for(station, "verifier")
    v.get(f"/cases/{low}")
    r = v.post(f"/api/cases/{low}/fields", json={"field": "address", "value": "số 7 ngõ 3, xã Đa Tốn"})
    body = r.json()
    assert body["changed"] and body["left"] == ["respondent"]
    assert (
        body["history"][0]["field"] == "address" and body["history"][0]["new_text"] == "số 7 ngõ 3, xã Đa Tốn"
    )
    assert body["history"][0]["at_local"] and not body["history"][0]["confirm"]
    api = v.get(f"/api/cases/{low}/history").json()
    assert api[0]["field"] == "address" and api[0]["at"].endswith("Z")


# ---------------------------------------------------------------------------------------------- 2. skip
def next_location(client: TestClient) -> str:
    r = client.post("/queue/next", data={"csrf": client.headers["X-CSRF-Token"]}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


def test_skip_then_next_opens_another_case(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    assert next_location(v) == f"/cases/{ids.old}"
    v.post(f"/api/cases/{ids.old}/release")  # Alt+Q
    assert next_location(v) == f"/cases/{ids.mid}"  # Enter on the queue: not the case just skipped
    assert "đã để lại" in v.get("/").text
    v.post(f"/api/cases/{ids.mid}/release")
    assert next_location(v) == f"/cases/{ids.low}"
    assert repo.lock_holder(row(ids.old)) is None and repo.lock_holder(row(ids.low)) == "verifier"
    # another verifier's session has skipped nothing
    assert next_location(client_for(station, "verifier2")) == f"/cases/{ids.old}"
    v.post(f"/api/cases/{ids.low}/release")
    # only skipped cases left (one is now someone else's): the queue says so, and the next "next" starts over
    assert next_location(v) == "/?done=1&skipped=2"
    assert 'id="only-skipped"' in v.get("/?done=1&skipped=2").text
    assert next_location(v) == f"/cases/{ids.mid}"


def test_approve_and_return_do_not_open_a_skipped_case(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    v.get(f"/cases/{ids.old}")
    v.post(f"/api/cases/{ids.old}/release")
    v.get(f"/cases/{ids.mid}")
    r = v.post(f"/api/cases/{ids.mid}/return", json={"reason": "ảnh mờ, thiếu trang 2"})
    assert r.json()["next"] == f"/cases/{ids.low}"  # not the older, skipped case


# ---------------------------------------------------------------------------------------------- 3. reopen
def add_event(case_id: str, kind: str) -> None:
    with session_scope() as db:
        db.add(HandlingEvent(case_id=case_id, kind=kind, actor="lanh-dao", data={}))


def test_supervisor_reopens_a_verified_case_with_a_reason(station: SimpleNamespace) -> None:
    low = station.ids.low
    v = client_for(station, "verifier")
    v.get(f"/cases/{low}")
    for field in ("address", "respondent"):
        v.post(f"/api/cases/{low}/confirm", json={"field": field})
    assert v.post(f"/api/cases/{low}/approve", json={}).status_code == 200
    with session_scope() as db:
        repo.get_case(db, low).handling_stage = "cho_xu_ly"
    add_event(low, "received")
    add_event(low, "classify")

    assert v.post(f"/api/cases/{low}/reopen", json={"reason": "sai tên"}).status_code == 403
    assert (
        client_for(station, "reception").post(f"/api/cases/{low}/reopen", json={"reason": "x"}).status_code
        == 403
    )
    s = client_for(station, "supervisor")
    assert 'id="reopen-open"' in s.get(f"/cases/{low}").text
    assert 'id="reopen-open"' not in v.get(f"/cases/{low}").text
    r = s.post(f"/api/cases/{low}/reopen", json={"reason": "  "})
    assert r.status_code == 422 and "lý do" in r.json()["detail"]
    assert s.post(f"/api/cases/{station.ids.mid}/reopen", json={"reason": "nhầm"}).status_code == 409
    r = s.post(f"/api/cases/{low}/reopen", json={"reason": "Nhập sai  người bị khiếu nại"})
    assert r.status_code == 200 and r.json()["status"] == "pending_verification"
    case = row(low)
    assert case.status == "pending_verification" and case.handling_stage is None and case.verified_by is None
    assert history(low)[-2:] == [
        ("status", "verified", "pending_verification", "supervisor"),
        ("reopen_reason", None, "Nhập sai người bị khiếu nại", "supervisor"),
    ]
    assert audits(low, "reopen")[0].detail["reason"] == "Nhập sai người bị khiếu nại"
    assert low in v.get("/").text  # back in the queue
    # the confirmations of the first round do not carry over
    assert station_data(v.get(f"/cases/{low}").text)["left"] == ["address", "respondent"]
    assert v.post(f"/api/cases/{low}/approve", json={}).status_code == 409


def test_reopen_is_refused_once_handling_went_beyond_waiting(station: SimpleNamespace) -> None:
    done = station.ids.done
    with session_scope() as db:
        repo.get_case(db, done).handling_stage = "thu_ly"
    add_event(done, "received")
    add_event(done, "thu_ly")
    s = client_for(station, "admin")
    r = s.post(f"/api/cases/{done}/reopen", json={"reason": "sai loại đơn"})
    assert r.status_code == 409 and "không mở lại được" in r.json()["detail"]
    case = row(done)
    assert case.status == "verified" and case.handling_stage == "thu_ly"
    assert not audits(done, "reopen")


# ---------------------------------------------------------------------------------------------- 4. rescans
RESCAN_TEXT = (
    "ĐƠN KHIẾU NẠI\nKính gửi: Ủy ban nhân dân huyện Gia Lâm\nHọ và tên: Phan Thị Minh\n"
    "Địa chỉ: số 9 ngõ 12, xã Đa Tốn\nVề việc: không được bồi thường khi thu hồi đất ở"
)


@pytest.fixture()
def desk(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SimpleNamespace]:
    monkeypatch.setenv("DONTHU_OCR_ENGINE", "fake-rescan")
    reset_settings()
    store = make_store(get_settings())
    with session_scope() as db:
        users(db)
        mine = seed_case(db, store, 11)
        theirs = seed_case(db, store, 12)
        job = repo.create_upload_job(db, "reception", "don.jpg", "/nonexistent/don.jpg", 10)
        job.status, job.case_ids = "done", [mine.case_id]
        other = repo.create_upload_job(db, "admin", "khac.jpg", "/nonexistent/khac.jpg", 10)
        other.status, other.case_ids = "done", [theirs.case_id]
        ids = SimpleNamespace(mine=mine.case_id, theirs=theirs.case_id, doc=mine.document_id)
    # NFD on purpose: what the OCR gives is stored NFC
    with ocr_engine("fake-rescan", FakeEngine(unicodedata.normalize("NFD", RESCAN_TEXT))):
        yield SimpleNamespace(ids=ids, app=create_app(), store=store)


def scan() -> bytes:
    return page_jpeg(RESCAN_TEXT.splitlines())


def test_reception_attaches_rescanned_pages_to_the_returned_case(desk: SimpleNamespace) -> None:
    ids = desk.ids
    v = client_for(desk, "verifier")
    v.get(f"/cases/{ids.mine}")
    v.post(
        f"/api/cases/{ids.mine}/fields", json={"field": "name", "value": "Phan Thị Mại"}
    )  # a person's value
    v.post(f"/api/cases/{ids.mine}/return", json={"reason": "Ảnh quét mờ, thiếu trang 2"})
    v.get(f"/cases/{ids.theirs}")
    v.post(f"/api/cases/{ids.theirs}/return", json={"reason": "Thiếu trang cuối"})
    clerk = client_for(desk, "reception")
    page = clerk.get("/reception").text
    assert ids.mine in page and "Ảnh quét mờ, thiếu trang 2" in page and 'class="rescan-form"' in page
    assert ids.theirs not in page  # another clerk's upload
    assert ids.theirs in client_for(desk, "admin").get("/reception").text
    with session_scope() as db:
        cases_before = db.scalar(select(func.count(Case.id)))

    files = {"file": ("quet-lai.jpg", scan(), "image/jpeg")}
    assert v.post(f"/api/cases/{ids.mine}/rescan", files=files).status_code == 403  # verifiers do not upload
    r = clerk.post(f"/api/cases/{ids.mine}/rescan", files=files)
    assert r.status_code == 200, r.text
    assert r.json() == {"case_id": ids.mine, "status": "pending_verification", "pages": [1], "kept": ["name"]}

    text = unicodedata.normalize("NFC", RESCAN_TEXT)
    expected = extract_fields(text).fields
    with session_scope() as db:
        case = repo.get_case(db, ids.mine)
        assert db.scalar(select(func.count(Case.id))) == cases_before  # the same case, the same number
        assert case.document_id != ids.doc and case.document.original_name == "quet-lai.jpg"
        assert case.document.status == "done" and case.source_pages == [1]
        assert case.text == text  # NFC, whatever the OCR engine gave
        assert case.status == "pending_verification" and case.locked_by is None
        assert (
            case.complainant_name == "Phan Thị Mại"
        )  # never overwritten (the new scan reads "Phan Thị Minh")
        assert expected["subject"] and case.subject == expected["subject"] != "thu hồi đất nông nghiệp"
        assert (
            case.extra["rescans"][-1]["kept"] == ["name"] and "subject" in case.extra["rescans"][-1]["reread"]
        )
    rows = history(ids.mine)
    assert ("rescan:subject", "thu hồi đất nông nghiệp", expected["subject"], "reception") in rows
    assert not [h for h in rows if h[0] == "rescan:name"]
    assert rows[-1] == ("status", "returned", "pending_verification", "reception")
    assert [h[0] for h in rows].count("rescan") == 1
    audit = audits(ids.mine, "rescan")[0]
    assert audit.actor == "reception" and audit.detail["filename"] == "quet-lai.jpg"
    assert audit.detail["kept"] == ["name"]
    assert ids.mine in v.get("/").text  # back in the verifiers' queue
    returned = clerk.get("/reception").text.split('id="returned-head"')[1].split('id="desk-data"')[0]
    assert ids.mine not in returned and 'id="no-returned"' in returned
    assert "bổ sung bản quét mới" in v.get(f"/cases/{ids.mine}").text

    # only a returned case takes a rescan; the same file again is refused with the case it went to
    assert clerk.post(f"/api/cases/{ids.mine}/rescan", files=files).status_code == 409
    r = client_for(desk, "admin").post(f"/api/cases/{ids.theirs}/rescan", files=files)
    assert r.status_code == 409 and ids.mine in r.json()["detail"]
    assert row(ids.theirs).status == "returned"


# ---------------------------------------------------------------------------------------------- 6. NFC, font
def test_full_text_panel_is_nfc_in_a_font_with_vietnamese_letters(station: SimpleNamespace) -> None:
    mid = station.ids.mid
    decomposed = unicodedata.normalize("NFD", "Số CCCD: 001190012345\nVề việc: thu hồi đất")
    with session_scope() as db:
        case = repo.get_case(db, mid)
        case.text = decomposed
        page = repo.case_pages(db, case)[0]
        page.words = [[unicodedata.normalize("NFD", "Số"), 60, 60, 40, 26, 93.0, 1, 1, 1], *page.words[1:]]
    v = client_for(station, "verifier")
    html = v.get(f"/cases/{mid}").text
    panel = re.search(r'<pre class="fulltext-text"[^>]*>(.*?)</pre>', html, re.S).group(1)
    assert "Số CCCD" in panel and unicodedata.is_normalized("NFC", panel)
    assert station_data(html)["pages"][0]["words"][0][0] == "Số"  # precomposed, one code point for "ố"
    css = v.get("/static/station.css").text
    panel_rule = re.search(r"details\.fulltext pre\{([^}]*)\}", css).group(1)
    assert '"DonThu Sans"' in panel_rule and "monospace" not in panel_rule
    face = re.search(r'@font-face\{font-family:"DonThu Sans";src:url\("([^"]+)"\)', css).group(1)
    font = v.get(face)
    assert (
        font.status_code == 200 and font.content[:4] == b"\x00\x01\x00\x00"
    )  # a TrueType font, from the app

    from PIL import Image, ImageDraw, ImageFont

    f = ImageFont.truetype(str(STATIC / Path(face).name), 24)

    def glyph(ch: str) -> bytes:
        img = Image.new("L", (40, 40))
        ImageDraw.Draw(img).text((4, 4), ch, font=f, fill=255)
        return img.tobytes()

    missing = glyph("\u0e01")  # a Thai letter, not in the subset: the .notdef box
    assert glyph("\u0e02") == missing and glyph("a") != missing
    letters = "ĂÂĐÊÔƠƯăâđêôơư" + "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ".lower() + "ÀÁÃÈÉÌÍÒÓÕÙÚÝ"
    assert [ch for ch in letters if glyph(ch) == missing] == []
