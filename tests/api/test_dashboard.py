"""The dashboard over HTTP (/thong-ke, /api/dashboard): supervisors and admins only, their own unit's subtree
only, audited; the page's tables carry the figures, its charts come from Chart.js served by the app (no CDN, no
script from another host). The figures themselves are tested in tests/reports/test_dashboard.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import PASSWORD, login, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ, VERIFIABLE_FIELDS
from donthu.handling import tracking
from donthu.handling.units import ensure_units
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, Document
from donthu.storage.users import create_user, set_unit_code

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""
CHART = "/static/vendor/chart.umd.min.js"


def make_case(db: Any, n: int, received: dt.datetime, category: str, unit: str | None = None) -> Case:
    doc = Document(sha256=f"{n:064d}", original_name=f"d{n}.pdf", size=1, object_key=f"o/{n}", status="done")
    db.add(doc)
    db.flush()
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        category=category,
        domain="dat_dai",
        complainant_name="Phan Thị Mai",
        subject="thu hồi đất",
        text="ĐƠN",
        confidence=dict.fromkeys(VERIFIABLE_FIELDS, 0.99),
        received_at=received,
        unit_code=unit,
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-{received.year}-{case.id:06d}"
    db.flush()
    return case


@pytest.fixture()
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    settings = get_settings()
    today = dt.datetime.now(LOCAL_TZ).date()
    start = dt.datetime.combine(today, dt.time(0, 1), tzinfo=LOCAL_TZ).astimezone(
        dt.UTC
    )  # this month, surely
    with session_scope() as db:
        ensure_units(db, settings)
        users(db, extra=())  # one account per role, in the home unit T.BTCD
        set_unit_code(db, "test", create_user(db, "sup2", PASSWORD, "supervisor", "Lãnh đạo phường"), "T.P2")
        set_unit_code(db, "test", create_user(db, "chief", PASSWORD, "admin", "Quản trị thành phố"), "T")
        make_case(db, 1, start, "khieu_nai")  # pending: the home unit's
        approved = make_case(db, 2, start, "to_cao")
        repo.approve_case(db, approved, "verifier")
        tracking.on_verified(db, approved, "verifier", settings)
        make_case(db, 3, start, "kien_nghi", unit="T.P2")  # another unit's
    return SimpleNamespace(app=create_app())


def client(world: SimpleNamespace, who: str) -> TestClient:
    c = TestClient(world.app)
    assert login(c, who) == 303
    return c


def test_roles_and_unit_scope(world: SimpleNamespace) -> None:
    for who in ("reception", "verifier", "archivist"):
        c = client(world, who)
        assert c.get("/thong-ke").status_code == 403
        assert c.get("/api/dashboard").status_code == 403
        assert "/thong-ke" not in c.get("/").text  # no menu entry either
    assert TestClient(world.app).get("/api/dashboard").status_code == 401
    sup = client(world, "supervisor")
    own = sup.get("/api/dashboard?period=thang").json()
    assert own["unit"] == "T.BTCD" and own["units"] == ["T.BTCD"]
    assert (own["totals"]["received"], own["totals"]["verified"]) == (2, 1)
    assert {r["key"]: r["received"] for r in own["by_category"] if r["received"]} == {
        "khieu_nai": 1,
        "to_cao": 1,
    }
    assert sup.get("/api/dashboard?unit=T.P2").status_code == 403  # not in the supervisor's subtree
    assert sup.get("/thong-ke?unit=T").status_code == 403
    ward = client(world, "sup2").get("/api/dashboard").json()
    assert ward["unit"] == "T.P2" and ward["totals"]["received"] == 1  # the other unit sees only its own
    whole = client(world, "chief").get("/api/dashboard?period=nam").json()  # the city: both units
    assert whole["totals"]["received"] == 3
    assert {r["key"]: r["received"] for r in whole["by_unit"] if r["received"]} == {"T.BTCD": 2, "T.P2": 1}
    by_unit = client(world, "chief").get("/api/dashboard?unit=T.P2").json()
    assert by_unit["totals"]["received"] == 1


def test_page_periods_charts_served_locally_and_audited(world: SimpleNamespace) -> None:
    sup = client(world, "supervisor")
    res = sup.get("/thong-ke")
    assert res.status_code == 200
    html = res.text
    assert 'href="/thong-ke"' in html and 'href="/bao-cao"' in html  # the menu
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    assert CHART in scripts and "/static/dashboard.js" in scripts
    links = scripts + re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", html)
    assert not [u for u in links if re.match(r"(https?:)?//", u)], links  # nothing from another host
    assert not re.search(r"<script[^>]*src=\"(https?:)?//", html)
    # the tables hold the figures (charts are drawn over them); the data block is the API's object
    assert re.search(r'id="kpi-received">2<', html)
    row = re.search(r'<table[^>]*id="t-category".*?</table>', html, re.S)
    assert row and re.search(
        r'data-key="to_cao"><th scope="row">Tố cáo</th><td class="num m-received">1<', row.group(0)
    )
    block = re.search(r'<script type="application/json" id="dashboard-data">(.*?)</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["totals"] == sup.get("/api/dashboard").json()["totals"]
    # the library itself, served by the app with its licence
    lib = TestClient(world.app).get(CHART)
    assert lib.status_code == 200 and lib.content.startswith(b"/*!\n * Chart.js v3.9.1")
    assert "javascript" in lib.headers["content-type"]
    assert TestClient(world.app).get("/static/vendor/chart.js.LICENSE.txt").status_code == 200
    today = dt.datetime.now(LOCAL_TZ).date()
    quarter = sup.get("/api/dashboard?period=quy").json()
    assert dt.date.fromisoformat(quarter["start"]) <= today <= dt.date.fromisoformat(quarter["end"])
    assert quarter["start"][5:7] in ("01", "04", "07", "10") and len(quarter["by_month"]) >= 3
    year = sup.get("/api/dashboard?period=nam").json()
    assert (year["start"], year["end"]) == (f"{today.year}-01-01", f"{today.year}-12-31")
    dates = sup.get("/api/dashboard?from=2025-01-01&to=2025-03-31").json()
    assert dates["totals"]["received"] == 0 and [r["key"] for r in dates["by_month"]][:3] == [
        "2025-01",
        "2025-02",
        "2025-03",
    ]
    for bad in (
        "from=2025-13-01&to=2025-12-31",
        "from=2025-03-01&to=2025-01-01",
        "period=tuan",
        "from=2025-01-01",
    ):
        res = sup.get(f"/api/dashboard?{bad}")
        assert res.status_code == 422, bad
        assert isinstance(res.json()["detail"], str)
    with session_scope() as db:
        views = db.scalars(select(AuditLog).where(AuditLog.action == "dashboard_view")).all()
        assert {(a.actor, a.detail["via"]) for a in views} >= {("supervisor", "page"), ("supervisor", "api")}
        assert all(a.detail["unit"] == "T.BTCD" for a in views)
