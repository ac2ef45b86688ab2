"""Issue 14, the citizen's look-up (/tra-cuu-ho-so), public: the case number and the last 4 digits of the phone
or ID number show the stage and the deadline and nothing else; a mismatch, an unknown number, a case without phone
or ID and a protected denouncer's case all answer the same neutral message; failed tries are limited per client
and per case (429); every checked try is stored (the address only as a salted hash) and audited as ``public``;
the form needs its CSRF token; the receipt's QR code opens the page when DONTHU_PUBLIC_URL is set.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import PASSWORD, login, seed_case

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.contract import STAGE_LABELS
from donthu.exchange import web
from donthu.handling.calendar import add_working_days, days_off
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog
from donthu.storage.objects import make_store
from donthu.storage.users import create_user

NAME = "Phan Thị Mai"
SUBJECT = "thu hồi đất nông nghiệp"
PHONE = "0912 345 678"
ID_NUMBER = "001190012345"  # stationkit's
DENOUNCER = "Lê Văn Hùng"
DENUNCIATION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Thanh tra thành phố",
    f"Họ và tên: {DENOUNCER}",
    "Tôi tố cáo ông Vũ Văn Tám cán bộ địa chính nhận hối lộ",
]
RECEIVED = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)  # Monday 2 March 2026, 10:00 in Hà Nội


@pytest.fixture()
def world(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    with session_scope() as db:
        create_user(db, "reception", PASSWORD, "reception")
        kn = seed_case(db, store, 1, received_at=RECEIVED)
        kn.complainant_phone = PHONE
        verified = seed_case(db, store, 2, status="verified")
        verified.handling_stage = "thu_ly"
        bare = seed_case(db, store, 3)
        bare.complainant_id_number = None  # neither phone nor ID
        tc = seed_case(db, store, 4, DENUNCIATION, category="to_cao", name=DENOUNCER)
        tc.complainant_phone = PHONE
        db.flush()
        assert not kn.identity_protected and tc.identity_protected
        ids = SimpleNamespace(kn=kn.case_id, verified=verified.case_id, bare=bare.case_id, tc=tc.case_id)
    return SimpleNamespace(ids=ids, app=create_app())


def public(world: SimpleNamespace, ip: str = "testclient") -> tuple[TestClient, str]:
    c = TestClient(world.app, client=(ip, 50000))
    page = c.get("/tra-cuu-ho-so")
    assert page.status_code == 200
    return c, re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def ask(c: TestClient, csrf: str, number: str, digits: str):
    return c.post("/tra-cuu-ho-so", data={"ma": number, "so": digits, "csrf": csrf})


def audits(action: str = "citizen_lookup") -> list[AuditLog]:
    with session_scope() as db:
        rows = list(db.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))
        db.expunge_all()
        return rows


def attempts() -> list[web.LookupAttempt]:
    with session_scope() as db:
        rows = list(db.scalars(select(web.LookupAttempt).order_by(web.LookupAttempt.id)))
        db.expunge_all()
        return rows


def test_the_right_digits_show_the_stage_and_deadline_only(world: SimpleNamespace) -> None:
    c, csrf = public(world)
    prefilled = c.get(f"/tra-cuu-ho-so?ma={world.ids.kn}")
    assert f'value="{world.ids.kn}"' in prefilled.text and "Đăng xuất" not in prefilled.text
    for digits in ("5678", "2345"):  # the phone's last digits, then the ID number's
        res = ask(c, csrf, world.ids.kn.lower(), digits)
        assert res.status_code == 200
        assert 'id="lookup-stage">Đã tiếp nhận, đang kiểm tra và phân loại đơn<' in res.text
        due = add_working_days(dt.date(2026, 3, 2), 10, days_off(get_settings()))
        assert f'id="lookup-deadline">{due:%d/%m/%Y}<' in res.text
        for secret in (
            NAME,
            "Phan Th",
            SUBJECT,
            "Gia Lâm",
            "Đa Tốn",
            PHONE,
            ID_NUMBER,
            "don-1.jpg",
            "verifier",
        ):
            assert secret not in res.text, secret
    res = ask(c, csrf, world.ids.verified, "2345")
    assert f'id="lookup-stage">{STAGE_LABELS["thu_ly"]}<' in res.text
    assert audits()[0].actor == "public" and audits()[0].case_id == world.ids.kn and audits()[0].detail["ok"]
    stored = attempts()
    assert len(stored) == 3 and all(a.ok for a in stored) and stored[0].case_id == world.ids.kn
    # the address only as a salted hash, the same for the same client
    assert {a.ip_hash for a in stored} == {web.ip_hash(get_secret(), "testclient")}
    assert all(a.ip_hash != "testclient" and len(a.ip_hash) == 64 for a in stored)
    the_form_needs_its_csrf_token(world)
    a_mismatch_is_neutral(world)


def get_secret() -> str:
    from donthu.api.sessions import secret_key

    return secret_key(get_settings())


def a_mismatch_is_neutral(world: SimpleNamespace) -> None:
    c, csrf = public(world)
    before = len(attempts())
    answers = {
        "wrong digits": ask(c, csrf, world.ids.kn, "0000"),
        "no such case": ask(c, csrf, "DT-2026-999999", "5678"),
        "no phone or ID": ask(c, csrf, world.ids.bare, "2345"),
        "protected": ask(c, csrf, world.ids.tc, "5678"),  # never matched on a denouncer's digits
    }
    texts = set()
    for what, res in answers.items():
        assert res.status_code == 200, what
        assert 'id="lookup-stage"' not in res.text and "bộ phận tiếp nhận" in res.text, what
        texts.add(re.search(r'id="lookup-message">([^<]+)<', res.text).group(1))
        assert NAME not in res.text and DENOUNCER not in res.text
    assert len(texts) == 1  # the same words whether the case exists or not
    assert [a.ok for a in attempts()[before:]] == [False] * 4
    rows = audits()[before:]
    assert [r.detail["ok"] for r in rows] == [False] * 4 and {r.actor for r in rows} == {"public"}
    assert rows[1].case_id is None and rows[1].detail["number"] == "DT-2026-999999"
    assert all("5678" not in str(r.detail) and "0000" not in str(r.detail) for r in rows)  # digits never kept
    bad = ask(c, csrf, world.ids.kn, "56")
    assert bad.status_code == 422 and len(attempts()) == before + 4  # not a try: nothing counted


def test_failed_tries_are_limited_per_client(world: SimpleNamespace) -> None:
    c, csrf = public(world)
    for _ in range(web.IP_MAX_FAILURES):
        assert ask(c, csrf, world.ids.kn, "1111").status_code == 200
    res = ask(c, csrf, world.ids.kn, "5678")  # even the right digits now wait
    assert (
        res.status_code == 429 and "thử lại sau 15 phút" in res.text and res.headers["retry-after"] == "900"
    )
    assert 'id="lookup-stage"' not in res.text
    assert len(attempts()) == web.IP_MAX_FAILURES  # the refused request checked nothing
    assert len(audits("citizen_lookup_blocked")) == 1
    # another client may still look the case up (the per-case limit is higher)
    other, token = public(world, "203.0.113.9")
    assert 'id="lookup-stage"' in ask(other, token, world.ids.kn, "5678").text
    failed_tries_are_limited_per_case(world)


def failed_tries_are_limited_per_case(world: SimpleNamespace) -> None:
    """From many clients, each under its own limit (the first client already failed 5 times on the case)."""
    for n in range(web.CASE_MAX_FAILURES - web.IP_MAX_FAILURES):
        c, csrf = public(world, f"198.51.100.{n}")
        assert ask(c, csrf, world.ids.kn, "9999").status_code == 200
    c, csrf = public(world, "192.0.2.77")
    res = ask(c, csrf, world.ids.kn, "5678")
    assert res.status_code == 429 and "1 giờ" in res.text and 'id="lookup-stage"' not in res.text
    assert len(audits("citizen_lookup_blocked")) == 2  # the client's, then the case's
    assert 'id="lookup-stage"' in ask(c, csrf, world.ids.verified, "2345").text  # another case is not blocked
    with session_scope() as db:  # an hour later the case may be looked up again
        later = dt.datetime.now(dt.UTC) + web.CASE_WINDOW + dt.timedelta(minutes=1)
        result = web.lookup(db, get_settings(), world.ids.kn, "5678", "khach-moi", now=later)
        assert result.outcome == "found" and result.stage and result.deadline


def the_form_needs_its_csrf_token(world: SimpleNamespace) -> None:
    c, _csrf = public(world)
    before = (len(attempts()), len(audits()))
    res = ask(c, "gia-mao", world.ids.kn, "5678")
    assert res.status_code == 403 and 'id="lookup-stage"' not in res.text
    assert (len(attempts()), len(audits())) == before


def test_the_receipt_qr_opens_the_look_up(world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> None:
    c = TestClient(world.app)
    assert login(c, "reception") == 303
    plain = c.get(f"/cases/{world.ids.kn}/receipt").text
    assert f"<title>{world.ids.kn}</title>" in plain and "tra-cuu-ho-so" not in plain
    monkeypatch.setenv("DONTHU_PUBLIC_URL", "https://tiepdan.example.gov.vn/")
    reset_settings()
    c = TestClient(create_app())
    assert login(c, "reception") == 303
    html = c.get(f"/cases/{world.ids.kn}/receipt").text
    assert f"<title>https://tiepdan.example.gov.vn/tra-cuu-ho-so?ma={world.ids.kn}</title>" in html
    deadline_of_a_case_in_handling(world)


def deadline_of_a_case_in_handling(world: SimpleNamespace) -> None:
    from donthu.handling import tracking
    from donthu.storage import repo

    with session_scope() as db:
        settings = get_settings()
        case = repo.get_case(db, world.ids.kn)
        case.status = "verified"
        tracking.on_verified(db, case, "verifier", settings)
        db.flush()
        running = [
            c
            for c in web.views.case_clocks_for(db, case, settings)
            if c.done_on is None and c.key != "luu_don"
        ]
        assert running and web.current_deadline(db, case, settings) == min(c.due for c in running)
        case.handling_stage = "ket_thuc"
        assert web.current_deadline(db, case, settings) is None
