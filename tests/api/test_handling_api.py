"""Handling after verification over HTTP (issue 13): the JSON API end to end, the unit scoping of the inbox and
the case screens, the redacted copy a receiving unit works on, the letters and the identity policy, the admin's
units page and user unit, and ``donthu export``'s handling columns. Every test runs on SQLite and PostgreSQL.

Units (a small tree written by the test): T (thành phố) → T.BTCD (the home unit), T.TTR, T.P1, T.P2.
Accounts: stationkit's one per role (no unit: the home unit), ``btcd`` (verifier of T.BTCD), ``p1`` and ``p2``
(verifiers of the wards T.P1 and T.P2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import docx
import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import PASSWORD, login, seed_case, token, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.handling import tracking
from donthu.handling.letters import find_soffice
from donthu.handling.units import ensure_units
from donthu.privacy import policy
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, HandlingEvent, Unit, User
from donthu.storage.objects import make_store
from donthu.storage.users import AccountError, create_user, find_user, set_unit_code

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.TTR,Thanh tra thành phố,thanh_tra,T,,,0,UBND THÀNH PHỐ MẪU,TTr,Mẫu,CHÁNH THANH TRA,Lê Văn Chánh
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,Ngô Văn Một
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""
DENOUNCER = "Lê Văn Hùng"
DENUNCIATION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Ban tiếp công dân thành phố",
    f"Họ và tên: {DENOUNCER}",
    "Địa chỉ: số 5 ngõ 3, xã Đa Tốn",
    "Tôi tố cáo ông Vũ Văn Tám cán bộ địa chính nhận hối lộ",
    "Về việc: nhận hối lộ khi cấp giấy chứng nhận",
]
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture()
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    settings = get_settings()
    store = make_store(settings)
    now = dt.datetime.now(dt.UTC)
    with session_scope() as db:
        ensure_units(db, settings)
        users(db)
        for name, unit in (("btcd", "T.BTCD"), ("p1", "T.P1"), ("p2", "T.P2")):
            set_unit_code(db, "test", create_user(db, name, PASSWORD, "verifier", f"Cán bộ {name}"), unit)
        kn = seed_case(db, store, 1, received_at=now - dt.timedelta(hours=2))
        tc = seed_case(db, store, 2, DENUNCIATION, category="to_cao", name=DENOUNCER, status="verified")
        tracking.on_verified(db, tc, "btcd", settings)
        old = seed_case(db, store, 3, received_at=now - dt.timedelta(days=60), status="verified")
        tracking.on_verified(db, old, "verifier", settings)
        ids = SimpleNamespace(kn=kn.case_id, tc=tc.case_id, old=old.case_id)
    return SimpleNamespace(ids=ids, app=create_app(), store=store)


def client_for(world: SimpleNamespace, username: str, csrf: bool = True) -> TestClient:
    client = TestClient(world.app)
    assert login(client, username) == 303
    if csrf:
        client.headers["X-CSRF-Token"] = token(client)
    return client


def ok(res, status: int = 200) -> dict:
    assert res.status_code == status, (res.status_code, res.text[:400])
    return res.json()


def docx_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def case_row(case_id: str) -> Case:
    with session_scope() as db:
        case = repo.get_case(db, case_id)
        db.expunge(case)
        return case


def form_ids(html: str) -> set[str]:
    names = (
        "classify-form|decision-form|assign-form|step-form|extend-form|result-form|reply-form|notice-submit"
        "|close-submit|don-doc-submit|destroy-propose|destroy-decide"
    )
    return set(re.findall(rf'id="({names})"', html))


# ---------------------------------------------------------------------------------------------- a khiếu nại
def test_khieu_nai_from_verification_to_closing(world: SimpleNamespace) -> None:
    cid = world.ids.kn
    v = client_for(world, "verifier")
    ok(v.post(f"/api/cases/{cid}/approve", json={}))
    if case_row(cid).handling_stage is None:  # until the approve route enters it (the lead's part)
        with session_scope() as db:
            tracking.on_verified(db, repo.get_case(db, cid), "verifier", get_settings())
    case = ok(v.get(f"/api/cases/{cid}"))
    assert case["unit"] == "T.BTCD" and case["handling"] == [] and case["handling_stage"] == "cho_xu_ly"
    assert case["deadlines"], "a verified khiếu nại has its clocks running"
    for d in case["deadlines"]:
        assert ISO_DAY.match(d["due"]) and isinstance(d["working_days"], bool) and d["basis"]
    xu_ly = next(d for d in case["deadlines"] if d["key"] == "xu_ly_don")
    assert xu_ly["working_days"] is True
    page = v.get(f"/cases/{cid}/xu-ly").text
    assert form_ids(page) == {"classify-form", "decision-form"}
    due = dt.date.fromisoformat(xu_ly["due"])
    assert '<tr data-key="xu_ly_don"' in page and f"{due:%d/%m/%Y}" in page and "10 ngày làm việc" in page

    checklist = ok(v.get(f"/api/cases/{cid}/checklist"))
    assert checklist["content_class"] == "khieu_nai" and checklist["items"]
    ok(
        v.post(
            f"/api/cases/{cid}/classify",
            json={"content_class": "khieu_nai", "eligible": True, "competent": True},
        )
    )
    after = ok(v.post(f"/api/cases/{cid}/handling", json={"direction": "thu_ly", "note": "đủ điều kiện"}))
    assert after["handling_stage"] == "thu_ly"
    assert [h["direction"] for h in after["handling"]] == ["thu_ly"]
    assert after["handling"][0]["by"] == "verifier" and after["handling"][0]["basis"]
    kinds = {let["kind"] for let in after["letters"]}
    assert {"de_xuat_thu_ly", "thong_bao_thu_ly_kn"} <= kinds
    # a decision the stage no longer allows: 409 with the message the officer reads
    refused = v.post(f"/api/cases/{cid}/handling", json={"direction": "huong_dan"})
    assert refused.status_code == 409 and "đã có hướng xử lý" in refused.json()["detail"]

    res = v.get(f"/api/cases/{cid}/letters/thong_bao_thu_ly_kn", params={"format": "docx"})
    assert res.status_code == 200 and res.content[:2] == b"PK"
    assert "attachment" in res.headers["content-disposition"]
    text = docx_text(res.content)
    assert cid in text and "Phan Thị Mai" in text  # the citizen's own notice names them
    assert cid in docx_text(v.get(f"/api/cases/{cid}/letters/de_xuat_thu_ly").content)
    if find_soffice(get_settings().soffice):  # the PDF is that DOCX through LibreOffice
        pdf = v.get(f"/api/cases/{cid}/letters/thong_bao_thu_ly_kn", params={"format": "pdf"})
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        doc = pdfium.PdfDocument(pdf.content)
        assert cid in "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))

    ok(v.post(f"/api/cases/{cid}/assign", json={"officer": "verifier2"}))
    assert case_row(cid).assigned_to == "verifier2" and case_row(cid).handling_stage == "giai_quyet"
    page = v.get(f"/cases/{cid}/xu-ly").text
    assert {"step-form", "result-form", "assign-form", "decision-form"} <= form_ids(page)
    assert "classify-form" not in form_ids(page) and "notice-submit" not in form_ids(page)
    ok(v.post(f"/api/cases/{cid}/steps", json={"step": "Làm việc với người khiếu nại"}))
    ok(v.post(f"/api/cases/{cid}/result", json={"result": "kn_dung_mot_phan", "amount_recovered": 1500000}))
    early = v.post(f"/api/cases/{cid}/close", json={})
    assert early.status_code == 409 and "Chưa thông báo kết quả" in early.json()["detail"]
    assert form_ids(v.get(f"/cases/{cid}/xu-ly").text) == {"notice-submit", "close-submit"}
    notice = ok(v.post(f"/api/cases/{cid}/notice", json={}))
    assert "thong_bao_ket_qua" in {let["kind"] for let in notice["letters"]}
    assert cid in docx_text(v.get(f"/api/cases/{cid}/letters/thong_bao_ket_qua?format=docx").content)
    done = ok(v.post(f"/api/cases/{cid}/close", json={}))
    assert done["handling_stage"] == "ket_thuc"

    final = ok(v.get(f"/api/cases/{cid}"))
    assert [h["direction"] for h in final["handling"]] == ["thu_ly"]
    timeline = [e["kind"] for e in ok(v.get(f"/api/cases/{cid}/handling"))["timeline"]]
    assert timeline == ["received", "classify", "thu_ly", "assign", "step", "result", "notice", "close"]
    page = v.get(f"/cases/{cid}/xu-ly").text
    assert re.search(r'id="stage"[^>]*>Đã kết thúc<', page)
    assert re.findall(r'<li data-kind="([a-z_]+)"', page) == timeline
    assert 'data-kind="thong_bao_ket_qua" data-format="docx"' in page and form_ids(page) == set()
    with session_scope() as db:
        actions = set(db.scalars(select(AuditLog.action).where(AuditLog.case_id == cid)))
        result = db.scalar(
            select(HandlingEvent).where(HandlingEvent.case_id == cid, HandlingEvent.kind == "result")
        )
        assert result is not None and result.data["amount_recovered"] == 1500000
    assert {"handling_classify", "handling_thu_ly", "handling_result", "download_letter"} <= actions


# ---------------------------------------------------------------------------------------------- forwarding
def test_forwarded_denunciation_reaches_the_other_unit_redacted_and_the_sender_sees_the_reply(
    world: SimpleNamespace,
) -> None:
    cid = world.ids.tc
    sender, p1, p2 = (client_for(world, u) for u in ("btcd", "p1", "p2"))
    assert cid in sender.get("/xu-ly").text and cid not in p1.get("/xu-ly?view=tat_ca").text
    ok(
        sender.post(
            f"/api/cases/{cid}/classify",
            json={"content_class": "to_cao", "eligible": True, "competent": False},
        )
    )
    moved = ok(sender.post(f"/api/cases/{cid}/handling", json={"direction": "chuyen_don", "to_unit": "T.P1"}))
    assert moved["unit"] == "T.P1" and moved["handling_stage"] == "cho_xu_ly"
    # the same tố cáo is forwarded once only
    again = sender.post(f"/api/cases/{cid}/handling", json={"direction": "chuyen_don", "to_unit": "T.P2"})
    assert again.status_code == 403  # the sender no longer holds it

    # the receiving unit: in its inbox, with the redacted copy only
    inbox = p1.get("/xu-ly").text
    assert f'<tr data-case-id="{cid}"' in inbox and 'id="unit-name">Phường Một<' in inbox
    data = ok(p1.get(f"/api/cases/{cid}"))
    assert data["identity_hidden"] is True and data["complainant"]["name"] == policy.HIDDEN
    assert DENOUNCER not in json.dumps(data, ensure_ascii=False)
    assert data["unit"] == "T.P1" and [h["direction"] for h in data["handling"]] == ["chuyen_don"]
    image = p1.get(f"/api/cases/{cid}/pages/1/image")
    with session_scope() as db:
        page = repo.case_pages(db, repo.get_case(db, cid))[0]
        original, redacted_key = world.store.get(page.image_key), page.redacted_image_key
    assert image.status_code == 200 and redacted_key and image.content == world.store.get(redacted_key)
    assert image.content != original
    screen = p1.get(f"/cases/{cid}/xu-ly").text
    assert 'id="redacted-note"' in screen and "Bản lược danh tính" in screen and DENOUNCER not in screen
    assert f'src="/api/cases/{cid}/pages/1/image"' in screen
    assert {"classify-form", "decision-form", "reply-form"} <= form_ids(screen)
    # the Mẫu 03 handed on with it names nobody
    mau03 = p1.get(f"/api/cases/{cid}/letters/chuyen_don_to_cao?format=docx")
    assert mau03.status_code == 200 and cid in docx_text(mau03.content)
    assert DENOUNCER not in docx_text(mau03.content)

    # a third unit sees nothing of it
    assert cid not in p2.get("/xu-ly?view=tat_ca").text
    assert p2.get(f"/api/cases/{cid}").status_code == 404
    assert p2.get(f"/cases/{cid}/xu-ly").status_code == 404
    assert p2.get(f"/api/cases/{cid}/handling").status_code == 404
    assert cid not in {c["case_id"] for c in ok(p2.get("/api/cases"))["items"]}

    # the receiving unit answers; the sender follows it (and still sees the identity it kept)
    ok(p1.post(f"/api/cases/{cid}/reply", json={"note": "Đã nhận đơn, đang xác minh", "reply_no": "12/UBND"}))
    sent = sender.get("/xu-ly?view=da_chuyen").text
    row = re.search(rf'<tr data-case-id="{cid}">.*?</tr>', sent, re.S)
    assert row is not None and "Văn bản phúc đáp" in row.group(0)
    timeline = ok(sender.get(f"/api/cases/{cid}/handling"))["timeline"]
    reply = next(e for e in timeline if e["kind"] == "reply")
    assert reply["note"] == "Đã nhận đơn, đang xác minh" and reply["to_unit"] == "T.BTCD"
    follow = sender.get(f"/cases/{cid}/xu-ly").text
    assert "Đã nhận đơn, đang xác minh" in follow and form_ids(follow) == {"don-doc-submit"}
    assert ok(sender.get(f"/api/cases/{cid}"))["complainant"]["name"] == DENOUNCER
    # the sender follows, it does not act on another unit's case
    refused = sender.post(
        f"/api/cases/{cid}/classify", json={"content_class": "to_cao", "eligible": True, "competent": True}
    )
    assert refused.status_code == 403 and "đơn vị khác" in refused.json()["detail"]

    # a letter that names the denouncer is refused to the unit that may not see them
    ok(
        p1.post(
            f"/api/cases/{cid}/classify",
            json={"content_class": "to_cao", "eligible": True, "competent": True},
        )
    )
    ok(p1.post(f"/api/cases/{cid}/handling", json={"direction": "thu_ly"}))
    named = p1.get(f"/api/cases/{cid}/letters/thong_bao_thu_ly_tc?format=docx")
    assert named.status_code == 403 and "nhân thân" in named.json()["detail"]
    assert p1.get(f"/api/cases/{cid}/letters/quyet_dinh_thu_ly_tc?format=docx").status_code == 200
    assert 'data-kind="thong_bao_thu_ly_tc"' not in p1.get(f"/cases/{cid}/xu-ly").text


def test_overdue_and_tabs_of_the_inbox(world: SimpleNamespace) -> None:
    v = client_for(world, "verifier")
    overdue = v.get("/xu-ly?view=qua_han").text
    row = re.search(rf'<tr data-case-id="{world.ids.old}">.*?</tr>', overdue, re.S)
    assert row is not None and 'class="next-due overdue"' in row.group(0)
    assert 'data-view="qua_han"' in overdue and 'href="/xu-ly?view=da_chuyen"' in overdue
    assert f'href="/cases/{world.ids.old}/xu-ly"' in overdue
    assert world.ids.old not in v.get("/xu-ly?view=sap_den_han").text
    assert world.ids.old not in v.get("/xu-ly?view=dang_giai_quyet").text
    # reception and archivists have no handling screens
    for role in ("reception", "archivist"):
        c = client_for(world, role)
        assert c.get("/xu-ly").status_code == 403
        assert c.get(f"/cases/{world.ids.old}/xu-ly").status_code == 403
        assert 'href="/xu-ly"' not in c.get("/").text
    assert 'href="/xu-ly"' in v.get("/").text
    units = {u["code"]: u for u in ok(v.get("/api/units"))}
    assert set(units) == {"T", "T.TTR", "T.BTCD", "T.P1", "T.P2"} and units["T.P1"]["parent"] == "T"
    # the verification screen links to the handling page once verified
    assert 'id="handling-link"' in v.get(f"/cases/{world.ids.old}").text
    assert 'id="handling-link"' not in v.get(f"/cases/{world.ids.kn}").text


def test_posts_need_the_csrf_token(world: SimpleNamespace) -> None:
    cid = world.ids.old
    bare = client_for(world, "verifier", csrf=False)
    res = bare.post(
        f"/api/cases/{cid}/classify", json={"content_class": "khieu_nai", "eligible": True, "competent": True}
    )
    assert res.status_code == 403 and "CSRF" in res.json()["detail"]
    assert bare.post(f"/api/cases/{cid}/handling", json={"direction": "luu_don"}).status_code == 403
    assert case_row(cid).handling_stage == "cho_xu_ly"
    admin = client_for(world, "admin", csrf=False)
    up = admin.post("/admin/units", files={"file": ("u.csv", UNITS.encode(), "text/csv")})
    assert up.status_code == 403
    with session_scope() as db:
        assert not list(
            db.scalars(
                select(HandlingEvent).where(HandlingEvent.case_id == cid, HandlingEvent.kind != "received")
            )
        )


# ---------------------------------------------------------------------------------------------- admin
def test_admin_units_page_and_upload(world: SimpleNamespace) -> None:
    admin = client_for(world, "admin")
    page = admin.get("/admin/units").text
    assert 'id="units-file"' in page and 'id="units-upload"' in page
    assert '<tr data-code="T.P1"' in page and "Phường Một" in page
    csrf = admin.headers["X-CSRF-Token"]
    bad = UNITS + "T.X,Đơn vị lạ,khong_co_loai,T.ZZZ,,,0,,,,,\n"
    res = admin.post("/admin/units", data={"csrf": csrf}, files={"file": ("u.csv", bad.encode(), "text/csv")})
    assert res.status_code == 400
    problems = re.search(r'<div id="units-problems".*?</div>', res.text, re.S)
    assert problems is not None and "<li>" in problems.group(0)
    with session_scope() as db:
        assert db.scalar(select(Unit).where(Unit.code == "T.X")) is None
    new = "\n".join(line for line in UNITS.splitlines() if not line.startswith("T.P2,")) + (
        "\nT.P3,Phường Ba,phuong,T,,,1,UBND THÀNH PHỐ MẪU,UBND,Phường Ba,CHỦ TỊCH,\n"
    )
    res = admin.post("/admin/units", data={"csrf": csrf}, files={"file": ("u.csv", new.encode(), "text/csv")})
    assert res.status_code == 200 and "1 thêm mới" in res.text and "1 ngừng sử dụng" in res.text
    with session_scope() as db:
        units = {u.code: u for u in db.scalars(select(Unit))}
        assert units["T.P3"].active and units["T.P3"].remote and not units["T.P2"].active
        audit = db.scalar(select(AuditLog).where(AuditLog.action == "units_load"))
        assert audit is not None and audit.actor == "admin" and audit.detail["added"] == ["T.P3"]
    assert client_for(world, "supervisor").get("/admin/units").status_code == 403


def test_admin_sets_a_users_unit(world: SimpleNamespace) -> None:
    admin = client_for(world, "admin")
    with session_scope() as db:
        target = find_user(db, "verifier2")
        assert target is not None
        uid = target.id
    page = admin.get(f"/admin/users/{uid}").text
    assert 'id="unit-code"' in page and '<option value="T.P1"' in page
    csrf = admin.headers["X-CSRF-Token"]
    form = {"csrf": csrf, "unit": "", "full_name": "", "unit_code": "T.P2"}
    res = admin.post(f"/admin/users/{uid}/unit", data=form, follow_redirects=False)
    assert res.status_code == 303
    with session_scope() as db:
        assert db.get(User, uid).unit_code == "T.P2"
        row = db.scalar(select(AuditLog).where(AuditLog.action == "user_unit").order_by(AuditLog.id.desc()))
        assert row is not None and row.detail["new"] == "T.P2" and row.detail["target"] == "verifier2"
    # the person now works in Phường Hai: its inbox, not the home unit's
    moved = client_for(world, "verifier2")
    inbox = moved.get("/xu-ly?view=tat_ca").text
    assert 'id="unit-name">Phường Hai<' in inbox and world.ids.old not in inbox
    res = admin.post(f"/admin/users/{uid}/unit", data={**form, "unit_code": "KHONG.CO"})
    assert res.status_code == 400 and "KHONG.CO" in res.text
    with session_scope() as db:
        assert db.get(User, uid).unit_code == "T.P2"
        with pytest.raises(AccountError):
            set_unit_code(db, "test", db.get(User, uid), "T.ZZZ")


# ---------------------------------------------------------------------------------------------- export
def test_export_carries_the_handling(world: SimpleNamespace, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from donthu.cli import app as cli

    v = client_for(world, "btcd")
    cid = world.ids.tc
    ok(
        v.post(
            f"/api/cases/{cid}/classify",
            json={"content_class": "to_cao", "eligible": True, "competent": True},
        )
    )
    ok(v.post(f"/api/cases/{cid}/handling", json={"direction": "thu_ly", "note": "thụ lý tố cáo"}))
    out = tmp_path / "hoso.jsonl"
    res = CliRunner().invoke(cli, ["export", "--format", "jsonl", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = {r["case_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    tc = rows[cid]
    assert tc["unit"] == "T.BTCD" and tc["handling_stage"] == "thu_ly"
    assert [h["direction"] for h in tc["handling"]] == ["thu_ly"]
    assert set(tc["handling"][0]) == {"direction", "at", "by", "unit", "to_unit", "to_body", "basis", "note"}
    assert tc["handling"][0]["by"] == "btcd" and tc["handling"][0]["note"] == "thụ lý tố cáo"
    assert tc["deadlines"] and all(
        set(d) == {"stage", "due", "working_days", "basis"} for d in tc["deadlines"]
    )
    assert {"Giải quyết tố cáo"} <= {d["stage"] for d in tc["deadlines"]}
    assert rows[world.ids.kn]["handling_stage"] is None and rows[world.ids.kn]["handling"] == []
    assert tc["complainant"]["name"] == DENOUNCER and "text" in tc  # the contract's columns are kept
    # the hand-off copy leaves the officers' notes out of a protected case
    handoff = tmp_path / "handoff.jsonl"
    res = CliRunner().invoke(cli, ["export", "--redact", "-o", str(handoff)])
    assert res.exit_code == 0, res.output
    red = {r["case_id"]: r for r in map(json.loads, handoff.read_text(encoding="utf-8").splitlines())}[cid]
    assert red["handling"][0]["note"] is None and DENOUNCER not in json.dumps(red, ensure_ascii=False)
    table = tmp_path / "hoso.csv"
    res = CliRunner().invoke(cli, ["export", "--format", "csv", "-o", str(table)])
    assert res.exit_code == 0, res.output
    with open(table, encoding="utf-8-sig", newline="") as fh:
        csv_rows = {r["case_id"]: r for r in csv.DictReader(fh)}
    header = list(next(iter(csv_rows.values())))
    assert header[0] == "case_id" and header[-4:] == ["unit", "handling_stage", "handling", "deadlines"]
    assert "complainant.name" in header
    assert json.loads(csv_rows[cid]["handling"])[0]["direction"] == "thu_ly"


def test_cli_user_add_with_a_unit(world: SimpleNamespace) -> None:
    from typer.testing import CliRunner

    from donthu.cli import app as cli

    args = ["user", "add", "canbo-p1", "--role", "verifier", "--unit-code", "T.P1", "--password", PASSWORD]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    with session_scope() as db:
        user = find_user(db, "canbo-p1")
        assert user is not None and user.unit_code == "T.P1"
    res = CliRunner().invoke(
        cli, ["user", "add", "canbo-x", "--role", "verifier", "--unit-code", "T.ZZZ", "--password", PASSWORD]
    )
    assert res.exit_code == 2 and "T.ZZZ" in res.output
    with session_scope() as db:
        assert find_user(db, "canbo-x") is None
