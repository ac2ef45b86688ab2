"""The verification station: queue order and filters, claim/lock, field edits with history and audit,
approve/return, word highlights, login rate limiting. Every test runs on SQLite and PostgreSQL.

Deadlines: tests/api/test_deadlines.py; the word map: tests/api/test_wordmap.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from stationkit import login, seed_case, token, users

from donthu.api import deadlines
from donthu.api.app import create_app
from donthu.config import get_settings
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, CaseHistory, LoginFailure
from donthu.storage.objects import make_store

UTC = dt.UTC


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture()
def station(db_url: str) -> SimpleNamespace:
    store = make_store(get_settings())
    now = dt.datetime.now(UTC)
    with session_scope() as db:
        users(db)
        # received in this order: c3 (oldest) .. c1 .. c2 (newest); deadlines in the same order
        c1 = seed_case(
            db, store, 1, received_at=now - dt.timedelta(days=3), category="khieu_nai", domain="dat_dai"
        )
        c2 = seed_case(
            db,
            store,
            2,
            received_at=now - dt.timedelta(days=1),
            category="to_cao",
            domain="tham_nhung",
            name="Lê Văn Hùng",
            confidence=0.4,
        )
        c3 = seed_case(
            db,
            store,
            3,
            received_at=now - dt.timedelta(days=40),
            category="kien_nghi",
            domain="moi_truong",
            corrections=[{"index": 2, "old": "gùi", "new": "gửi:", "confidence": 0.9, "kind": "tone"}],
        )
        c4 = seed_case(db, store, 4, received_at=now - dt.timedelta(days=2), status="verified")
        ids = SimpleNamespace(c1=c1.case_id, c2=c2.case_id, c3=c3.case_id, c4=c4.case_id)
    return SimpleNamespace(ids=ids, app=create_app())


def client_for(station: SimpleNamespace, username: str) -> TestClient:
    client = TestClient(station.app)
    assert login(client, username) == 303
    client.headers["X-CSRF-Token"] = token(client)
    return client


def case_row(case_id: str) -> Case:
    with session_scope() as db:
        case = repo.get_case(db, case_id)
        db.expunge(case)
        return case


# ---------------------------------------------------------------------------------------------- queue
def test_queue_sorted_by_deadline_with_filters(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    html = v.get("/").text
    order = [m for m in re.findall(r"DT-\d{4}-\d{6}", html)]
    seen = list(dict.fromkeys(order))
    assert seen == [ids.c3, ids.c1, ids.c2]  # c4 is verified: not in the pending queue
    assert "quá hạn" in html  # c3 was received 40 days ago
    assert ids.c2 in v.get("/", params={"category": "to_cao"}).text
    assert ids.c1 not in v.get("/", params={"category": "to_cao"}).text
    dom = v.get("/", params={"domain": "moi_truong"}).text
    assert ids.c3 in dom and ids.c1 not in dom
    low = v.get("/", params={"low": "1"}).text
    assert ids.c2 in low and ids.c1 not in low and ids.c3 not in low
    assert ids.c4 in v.get("/", params={"status": "verified"}).text
    over = v.get("/", params={"due": "overdue"}).text
    assert ids.c3 in over and ids.c1 not in over
    # the page shows each case's deadline (10 working days from receipt)
    due = deadlines.processing_deadline(case_row(ids.c1).received_at).strftime("%d/%m/%Y")
    assert due in html


def test_queue_next_claims_in_deadline_order(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    r = v.post("/queue/next", data={"csrf": v.headers["X-CSRF-Token"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{ids.c3}"
    assert case_row(ids.c3).locked_by == "verifier"
    # a second verifier gets the next one, not the locked case
    v2 = client_for(station, "verifier2")
    r = v2.post(
        "/queue/next",
        data={"csrf": v2.headers["X-CSRF-Token"], "category": "khieu_nai"},
        follow_redirects=False,
    )
    assert r.headers["location"] == f"/cases/{ids.c1}?category=khieu_nai"


# ---------------------------------------------------------------------------------------------- lock
def test_claim_lock_blocks_a_second_verifier_until_it_expires(station: SimpleNamespace) -> None:
    ids = station.ids
    a = client_for(station, "verifier")
    b = client_for(station, "verifier2")
    page = a.get(f"/cases/{ids.c1}")
    assert page.status_code == 200 and '"editable": true' in page.text
    row = case_row(ids.c1)
    assert row.locked_by == "verifier"
    assert repo.lock_holder(row) == "verifier"
    other = b.get(f"/cases/{ids.c1}")
    assert "đang được <b>verifier</b> xử lý" in other.text and '"editable": false' in other.text
    r = b.post(f"/api/cases/{ids.c1}/fields", json={"field": "subject", "value": "khác"})
    assert r.status_code == 409
    assert b.post(f"/api/cases/{ids.c1}/approve", json={}).status_code == 409
    assert b.post(f"/api/cases/{ids.c1}/claim").status_code == 409
    # the holder renews; releasing frees it at once
    assert a.post(f"/api/cases/{ids.c1}/claim").json()["locked_by"] == "verifier"
    assert a.post(f"/api/cases/{ids.c1}/release").json()["locked_by"] is None
    assert b.post(f"/api/cases/{ids.c1}/claim").status_code == 200
    # an expired lock is free for anyone
    with session_scope() as db:
        db.execute(
            update(Case)
            .where(Case.case_id == ids.c1)
            .values(locked_until=dt.datetime.now(UTC) - dt.timedelta(minutes=1))
        )
    assert a.post(f"/api/cases/{ids.c1}/claim").status_code == 200
    assert case_row(ids.c1).locked_by == "verifier"


def test_two_claims_at_once_only_one_wins(station: SimpleNamespace) -> None:
    ids = station.ids
    with session_scope() as db1, session_scope() as db2:
        c1 = repo.get_case(db1, ids.c2)
        c2 = repo.get_case(db2, ids.c2)
        assert repo.claim_case(db1, c1, "verifier")
        db1.commit()
        assert not repo.claim_case(db2, c2, "verifier2")
        assert repo.lock_holder(c2) == "verifier"


# ---------------------------------------------------------------------------------------------- editing
def test_field_edit_keeps_history_and_audit(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    v.get(f"/cases/{ids.c1}")
    r = v.post(f"/api/cases/{ids.c1}/fields", json={"field": "name", "value": "  Phan  Thị   Mại "})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["changed"] and body["value"] == "Phan Thị Mại"
    # unchanged value: confirmed, no history row
    assert not v.post(f"/api/cases/{ids.c1}/fields", json={"field": "name", "value": "Phan Thị Mại"}).json()[
        "changed"
    ]
    r = v.post(f"/api/cases/{ids.c1}/fields", json={"field": "petition_date", "value": "5/3/2024"})
    assert r.json()["value"] == "05/03/2024"
    assert (
        v.post(
            f"/api/cases/{ids.c1}/fields", json={"field": "petition_date", "value": "31/02/2024"}
        ).status_code
        == 422
    )
    assert (
        v.post(f"/api/cases/{ids.c1}/fields", json={"field": "category", "value": "xin_viec"}).status_code
        == 422
    )
    assert (
        v.post(f"/api/cases/{ids.c1}/fields", json={"field": "status", "value": "verified"}).status_code
        == 422
    )
    r = v.post(f"/api/cases/{ids.c1}/fields", json={"field": "id_number", "value": "0011 9001 2399"})
    assert r.status_code == 200
    # words picked on the page are remembered as the field's source
    r = v.post(
        f"/api/cases/{ids.c1}/fields", json={"field": "subject", "value": "thu hồi đất", "source": [[1, 20]]}
    )
    assert r.json()["words"] == [[1, 20]]
    # CSRF: no header, wrong header
    assert (
        v.post(
            f"/api/cases/{ids.c1}/fields",
            json={"field": "name", "value": "x"},
            headers={"X-CSRF-Token": "forged"},
        ).status_code
        == 403
    )
    row = case_row(ids.c1)
    assert row.complainant_name == "Phan Thị Mại" and row.petition_date == dt.date(2024, 3, 5)
    assert row.extra["id_digits"] == "001190012399" and row.extra["sources"]["subject"] == [[1, 20]]
    with session_scope() as db:
        hist = [
            (h.field, h.old_value, h.new_value, h.actor)
            for h in db.scalars(
                select(CaseHistory).where(CaseHistory.case_id == ids.c1).order_by(CaseHistory.id)
            )
        ]
        edits = [
            a.detail["field"]
            for a in db.scalars(
                select(AuditLog)
                .where(AuditLog.case_id == ids.c1, AuditLog.action == "edit")
                .order_by(AuditLog.id)
            )
        ]
    assert hist == [
        ("name", "Phan Thị Mai", "Phan Thị Mại", "verifier"),
        ("petition_date", None, "2024-03-05", "verifier"),
        ("id_number", "001190012345", "0011 9001 2399", "verifier"),
        ("subject", "thu hồi đất nông nghiệp", "thu hồi đất", "verifier"),
    ]
    assert edits == ["name", "petition_date", "id_number", "subject"]
    api = v.get(f"/api/cases/{ids.c1}/history").json()
    assert api[0]["field"] == "subject" and api[0]["actor"] == "verifier" and api[0]["at"].endswith("Z")
    assert "Phan Thị Mại" in v.get(f"/cases/{ids.c1}").text  # history shown on the case screen


def test_history_and_audit_are_append_only(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    v.get(f"/cases/{ids.c1}")
    v.post(f"/api/cases/{ids.c1}/fields", json={"field": "subject", "value": "khác"})
    for stmt in (
        "UPDATE case_history SET new_value = 'x'",
        "DELETE FROM case_history",
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
    ):
        # SQLite: the triggers; PostgreSQL: the app's restricted role has no UPDATE or DELETE on these tables
        # (and the triggers refuse even the owner: tests/storage/test_db_roles.py)
        with (
            pytest.raises(
                Exception, match=r"append-only|permission denied for table (case_history|audit_log)"
            ),
            session_scope() as db,
        ):
            db.execute(text(stmt))


def test_approve_sets_verified_and_opens_the_next_case(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    v.get(f"/cases/{ids.c3}")
    r = v.post(
        f"/api/cases/{ids.c3}/approve",
        json={"fields": {"subject": "ô nhiễm tiếng ồn", "anonymous": False}, "filters": {}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "verified" and body["verified_by"] == "verifier"
    assert body["next"] == f"/cases/{ids.c1}"
    row = case_row(ids.c3)
    assert row.status == "verified" and row.verified_by == "verifier" and row.locked_by is None
    assert row.subject == "ô nhiễm tiếng ồn" and row.verified_at is not None
    assert case_row(ids.c1).locked_by == "verifier"  # the next case is claimed for the verifier
    # verified cases are read-only
    assert v.post(f"/api/cases/{ids.c3}/fields", json={"field": "subject", "value": "x"}).status_code == 409
    assert '"editable": false' in v.get(f"/cases/{ids.c3}").text
    with session_scope() as db:
        actions = [a.action for a in db.scalars(select(AuditLog).where(AuditLog.case_id == ids.c3))]
        status = [
            (h.old_value, h.new_value)
            for h in db.scalars(
                select(CaseHistory).where(CaseHistory.case_id == ids.c3, CaseHistory.field == "status")
            )
        ]
        export = repo.case_to_export(repo.get_case(db, ids.c3))
    assert {"view", "claim", "edit", "approve"} <= set(actions)
    assert status == [("pending_verification", "verified")]
    assert export["status"] == "verified" and export["verified_by"] == "verifier"
    # filters carry over to the next case; nothing left → back to the queue with a note
    r = v.post(f"/api/cases/{ids.c1}/approve", json={"filters": {"category": "phan_anh"}})
    assert r.json()["next"] == "/?category=phan_anh&done=1"


def test_return_needs_a_reason(station: SimpleNamespace) -> None:
    ids = station.ids
    s = client_for(station, "supervisor")
    s.get(f"/cases/{ids.c2}")
    assert s.post(f"/api/cases/{ids.c2}/return", json={"reason": " "}).status_code == 422
    r = s.post(f"/api/cases/{ids.c2}/return", json={"reason": "Ảnh quét mờ, thiếu trang 2"})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    row = case_row(ids.c2)
    assert (
        row.status == "returned" and row.returned_by == "supervisor" and row.return_reason.startswith("Ảnh")
    )
    with session_scope() as db:
        audit = db.scalar(select(AuditLog).where(AuditLog.case_id == ids.c2, AuditLog.action == "return"))
        assert audit.detail["reason"] == "Ảnh quét mờ, thiếu trang 2"
    assert "Trả lại bởi" in s.get(f"/cases/{ids.c2}").text
    assert ids.c2 in s.get("/", params={"status": "returned"}).text


def test_case_screen_marks_low_confidence_highlights_and_corrections(station: SimpleNamespace) -> None:
    ids = station.ids
    v = client_for(station, "verifier")
    html = v.get(f"/cases/{ids.c2}").text
    assert 'class="frow low" data-field="address"' in html
    data = json.loads(re.search(r'id="station-data">(.*?)</script>', html, re.S).group(1))
    assert data["editable"] and data["case_id"] == ids.c2
    words = data["pages"][0]["words"]
    assert "name" not in data["words"]  # "Lê Văn Hùng" is nowhere on this page
    assert [words[i][0] for _, i in data["words"]["address"]] == ["số", "5", "ngõ", "3,", "xã", "Đa", "Tốn"]
    html3 = v.get(f"/cases/{ids.c3}").text
    data3 = json.loads(re.search(r'id="station-data">(.*?)</script>', html3, re.S).group(1))
    words3 = data3["pages"][0]["words"]
    assert [words3[i][0] for _, i in data3["words"]["name"]] == ["Phan", "Thị", "Mai"]
    assert data3["pages"][0]["corr"] == {"2": {"old": "gùi", "new": "gửi:", "kind": "tone"}}
    assert "Ctrl+Enter" in html and "Alt+T" in html  # shortcuts on screen


def test_denouncer_page_and_identity_hidden_from_reception(station: SimpleNamespace) -> None:
    ids = station.ids
    r = client_for(station, "reception")
    html = r.get(f"/cases/{ids.c2}").text
    assert "Lê Văn Hùng" not in html and '"editable": false' in html
    assert '"redacted": true' in html and '"words": []' in html  # the redacted copy, without its words
    assert r.post(f"/api/cases/{ids.c2}/fields", json={"field": "name", "value": "x"}).status_code == 403
    assert "Lê Văn Hùng" not in r.get(f"/cases/{ids.c2}/receipt").text


# ---------------------------------------------------------------------------------------------- login limit
def test_login_rate_limit_per_account_whatever_the_address(station: SimpleNamespace) -> None:
    """5 failures lock the account for 15 minutes from every address (storage/users.py); other accounts work."""
    from donthu.storage.models import User

    c = TestClient(station.app)
    for _ in range(5):
        assert login(c, "verifier", "sai-mat-khau-123") == 401
    assert login(c, "verifier") == 429  # even the right password, for 15 minutes
    assert login(c, "supervisor") == 303  # another account is not blocked
    other = TestClient(station.app, client=("10.1.2.3", 5000))
    assert login(other, "verifier") == 429  # another address does not help
    with session_scope() as db:
        assert db.scalar(select(AuditLog).where(AuditLog.action == "account_locked")) is not None
        db.execute(update(LoginFailure).values(at=dt.datetime.now(UTC) - dt.timedelta(minutes=16)))
        db.execute(update(User).values(locked_until=dt.datetime.now(UTC) - dt.timedelta(minutes=1)))
    assert login(TestClient(station.app), "verifier") == 303


def test_migration_0003_backfills_lowest_confidence(tmp_path) -> None:
    """Cases from before the station get their queue filter value when the schema is upgraded."""
    from alembic import command
    from sqlalchemy import create_engine

    from donthu.storage.db import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0002")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents (id, sha256, original_name, size, object_key, status, created_at, "
                "updated_at) VALUES (1, 'x', 'a.pdf', 1, 'k', 'done', '2025-01-01', '2025-01-01')"
            )
        )
        for i, (conf, extra) in enumerate(
            [
                ('{"name": 0.9, "subject": 0.4, "other": 0.1}', "{}"),
                ('{"name": 0.9}', '{"needs_manual": true}'),
                ("{}", "{}"),
            ],
            1,
        ):
            conn.execute(
                text(
                    "INSERT INTO cases (id, case_id, document_id, source_pages, status, signatory_count, anonymous, "
                    "text, confidence, extra, received_at, created_at, updated_at) VALUES "
                    f"({i}, 'DT-{i}', 1, '[1]', 'pending_verification', 1, 0, '', '{conf}', '{extra}', "
                    "'2025-01-01', '2025-01-01', '2025-01-01')"
                )
            )
    command.upgrade(alembic_config(url), "head")
    with engine.begin() as conn:
        got = dict(conn.execute(text("SELECT case_id, min_confidence FROM cases")).all())
    engine.dispose()
    assert got == {"DT-1": 0.4, "DT-2": 0.0, "DT-3": None}
