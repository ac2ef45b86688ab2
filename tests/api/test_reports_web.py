"""The report pages over HTTP (/bao-cao, /bao-cao/chi-tiet, /bao-cao/tai-ve): the preview laid out like the paper
form, each figure a link to exactly the cases behind it (names as the identity policy allows), the XLSX download
opening in openpyxl, roles, the unit scope and the audit. The counting itself is tested in tests/reports/."""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import io
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import PASSWORD, login, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ, VERIFIABLE_FIELDS
from donthu.handling import decisions, tracking
from donthu.handling.letters import find_soffice
from donthu.handling.units import ensure_units
from donthu.privacy.policy import HIDDEN
from donthu.reception.models import ReceptionVisit
from donthu.reports.build import FORM_CODES, build_report
from donthu.storage import repo
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog, Case, Document
from donthu.storage.users import create_user, set_unit_code

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""
Q1 = "form=01%2FXLD&period=quy&year=2025&n=1"
DENOUNCER = "Lê Văn Hùng"


def local(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def make_case(
    db: Any, n: int, received: str, *, unit: str | None = None, signers: int = 1, **kw: Any
) -> Case:
    doc = Document(sha256=f"{n:064d}", original_name=f"d{n}.pdf", size=1, object_key=f"o/{n}", status="done")
    db.add(doc)
    db.flush()
    fields = {"category": "khieu_nai", "complainant_name": "Phan Thị Mai", "text": "ĐƠN KHIẾU NẠI", **kw}
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        domain="dat_dai",
        subject=f"đơn số {n}",
        complainant_address="số 5 ngõ 3",
        signatory_count=signers,
        confidence=dict.fromkeys(VERIFIABLE_FIELDS, 0.99),
        received_at=local(received),
        unit_code=unit,
        **fields,
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-{case.received_at.year}-{case.id:06d}"
    db.flush()
    return case


def verify(db: Any, case: Case) -> None:
    repo.approve_case(db, case, "verifier")
    tracking.on_verified(db, case, "verifier", get_settings())


@pytest.fixture()
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    with session_scope() as db:
        ensure_units(db, get_settings())
        users(db, extra=())  # one account per role, in the home unit T.BTCD
        set_unit_code(db, "test", create_user(db, "sup2", PASSWORD, "supervisor", "Lãnh đạo phường"), "T.P2")
        k1 = make_case(db, 1, "2025-02-10")  # received in Q1 2025, one signer, verified
        verify(db, k1)
        k2 = make_case(db, 2, "2025-03-05")  # received in Q1, one signer, still pending (the home unit's)
        k3 = make_case(db, 3, "2025-02-11", signers=3)  # several signers
        verify(db, k3)
        k4 = make_case(db, 4, "2024-12-20")  # received before the period, not handled: carried over
        verify(db, k4)
        k5 = make_case(db, 5, "2025-02-10", unit="T.P2")  # another unit's
        verify(db, k5)
        k6 = make_case(db, 6, "2025-04-02")  # after the period
        tc = make_case(  # a denunciation the home unit forwards to the ward: the ward sees it redacted
            db, 7, "2025-02-12", category="to_cao", complainant_name=DENOUNCER, text="ĐƠN TỐ CÁO nhận hối lộ"
        )
        verify(db, tc)
        decisions.decide(db, tc, "verifier", "chuyen_don", to_unit="T.P2")
        assert tc.identity_protected and tc.identity_unit == "T.BTCD"
        visit = ReceptionVisit(  # a visit at the desk in Q1 2025 (01/TCD, 02/TCD count visits)
            unit_code="T.BTCD",
            visited_at=local("2025-02-15"),
            kind="thuong_xuyen",
            host="reception",
            citizen_name="Đỗ Thị Lan",
            content="Khiếu nại việc thu hồi đất",
            content_class="khieu_nai",
            outcome="huong_dan",
            actor="reception",
        )
        db.add(visit)
        db.flush()
        ids = SimpleNamespace(
            visit=visit.id,
            **{f"k{i}": c.case_id for i, c in enumerate((k1, k2, k3, k4, k5, k6), 1)},
            tc=tc.case_id,
        )
    return SimpleNamespace(app=create_app(), ids=ids)


def client(world: SimpleNamespace, who: str) -> TestClient:
    c = TestClient(world.app)
    assert login(c, who) == 303
    return c


def detail_ids(html: str) -> list[str]:
    table = re.search(r'<table class="cases" id="detail">.*?</table>', html, re.S)
    assert table is not None
    return re.findall(r'<tr data-case-id="([^"]+)">', table.group(0))


def link_of(html: str, key: str) -> str:
    m = re.search(rf'data-key="{re.escape(key)}"><a href="([^"]+)"', html)
    assert m, f"no link on {key}"
    return htmlmod.unescape(m.group(1))


def test_preview_drilldown_download_and_audit(world: SimpleNamespace, db_url: str) -> None:
    ids = world.ids
    sup = client(world, "supervisor")
    res = sup.get(f"/bao-cao?{Q1}")
    assert res.status_code == 200
    page = res.text
    assert "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN" in page and "Biểu số 01/XLD" in page
    assert "(Số liệu tính từ ngày 01/01/2025 đến ngày 31/03/2025)" in page
    assert re.search(r'<th scope="col" colspan="3">Kỳ trước chuyển sang</th>', page)  # the merged header
    assert re.search(r'<th scope="col" rowspan="\d">STT</th>', page)
    assert not re.search(
        r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page
    )  # nothing from another host
    # "Tiếp nhận trong kỳ / Đơn một người đứng tên" (c6) of the unit: k1, k2 and the forwarded denunciation
    url = link_of(page, "T.BTCD:c6")
    assert urlparse(url).path == "/bao-cao/chi-tiet"
    assert parse_qs(urlparse(url).query)["key"] == ["T.BTCD:c6"]
    detail = sup.get(url)
    assert detail.status_code == 200
    assert sorted(detail_ids(detail.text)) == sorted([ids.k1, ids.k2, ids.tc])
    assert '<b id="detail-value">3</b>' in detail.text
    assert DENOUNCER in detail.text  # the unit that received the denunciation first keeps its identity
    several = sup.get(link_of(page, "T.BTCD:c5")).text
    assert detail_ids(several) == [ids.k3]
    total = sup.get(link_of(page, "tong:c1")).text  # carried over + received; not k5 (ward), not k6 (after)
    assert sorted(detail_ids(total)) == sorted([ids.k1, ids.k2, ids.k3, ids.k4, ids.tc])
    with session_scope() as db:  # the page shows exactly the report's own cell
        report = build_report(
            db, get_settings(), "01/XLD", {"T.BTCD"}, dt.date(2025, 1, 1), dt.date(2025, 3, 31)
        )
        assert sorted(report.cell("T.BTCD:c6").case_ids) == sorted(detail_ids(detail.text))
    # the download, as the paper form
    xlsx = sup.get("/bao-cao/tai-ve?form=01%2FXLD&unit=T.BTCD&from=2025-01-01&to=2025-03-31&format=xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    assert 'filename="bao-cao-01-XLD-20250101-20250331.xlsx"' in xlsx.headers["content-disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN" in texts and "Biểu số 01/XLD" in texts
    if find_soffice("") is not None and db_url.startswith(
        "sqlite"
    ):  # one conversion is enough (LibreOffice: ~4 s)
        pdf = sup.get("/bao-cao/tai-ve?form=01%2FXLD&from=2025-01-01&to=2025-03-31&format=pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with session_scope() as db:
        actions = {
            (a.action, a.detail.get("form"))
            for a in db.scalars(select(AuditLog).where(AuditLog.actor == "supervisor"))
        }
    assert {("report_view", "01/XLD"), ("report_detail", "01/XLD"), ("report_download", "01/XLD")} <= actions


def test_identity_scope_roles_and_errors(world: SimpleNamespace) -> None:
    ids = world.ids
    ward = client(world, "sup2")  # the ward's leader: the denunciation forwarded to it, redacted
    today = dt.datetime.now(LOCAL_TZ).date()
    page = ward.get(f"/bao-cao?form=01%2FXLD&period=ngay&from=2024-01-01&to={today}").text
    rows = detail_ids(ward.get(link_of(page, "T.P2:c6")).text)
    assert sorted(rows) == sorted([ids.k5, ids.tc])
    detail = ward.get(link_of(page, "T.P2:c6")).text
    assert DENOUNCER not in detail and HIDDEN in detail
    assert ward.get(f"/bao-cao?{Q1}&unit=T.BTCD").status_code == 403  # not the ward's subtree
    assert (
        ward.get(
            "/bao-cao/chi-tiet?form=01%2FXLD&key=T.BTCD:c6&unit=T.BTCD&from=2025-01-01&to=2025-03-31"
        ).status_code
        == 403
    )
    for who in ("reception", "verifier", "archivist"):
        c = client(world, who)
        assert c.get(f"/bao-cao?{Q1}").status_code == 403
        assert c.get("/bao-cao/tai-ve?form=01%2FXLD&from=2025-01-01&to=2025-03-31").status_code == 403
    sup = client(world, "supervisor")
    base = "unit=T.BTCD&from=2025-01-01&to=2025-03-31"
    assert sup.get(f"/bao-cao/chi-tiet?form=01%2FXLD&key=T.BTCD:c99&{base}").status_code == 404
    assert sup.get(f"/bao-cao/chi-tiet?form=99%2FXLD&key=T.BTCD:c1&{base}").status_code == 422
    assert sup.get(f"/bao-cao/tai-ve?form=01%2FXLD&{base}&format=docx").status_code == 422
    assert sup.get("/bao-cao?form=01%2FXLD&period=ngay&from=2025-03-01&to=2025-01-01").status_code == 422
    for code in FORM_CODES:  # every form previews
        res = sup.get(f"/bao-cao?form={quote(code)}&period=quy&year=2025&n=1")
        assert res.status_code == 200 and f'data-form="{code}"' in res.text, code
    tcd = sup.get(
        "/bao-cao?form=01%2FTCD&period=quy&year=2025&n=1"
    ).text  # figures of visits: the visit's page
    m = re.search(r'data-key="(tong:c\d+)"><a href', tcd)
    assert m, "no figure of 01/TCD links to its visits"
    visits = sup.get(link_of(tcd, m.group(1))).text
    assert detail_ids(visits) == [f"Lượt tiếp {ids.visit}"] and f'href="/tiep-cong-dan/{ids.visit}"' in visits
    empty = sup.get("/bao-cao")  # the choice only, no preview yet
    assert empty.status_code == 200 and 'id="paper"' not in empty.text and "02/XLD" in empty.text
