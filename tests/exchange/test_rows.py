"""The export rows and writers shared by ``donthu export`` and /xuat-du-lieu (exchange/rows.py): the handling
columns are the API's (``handling.views.handling_json``), the hand-off form leaves no trace of the complainant, a
mistyped status or format is refused, and each writer gives every contract column (CSV: ``received_at`` after
``status``, local time; XLSX: text stays text, cells Excel cannot hold are cleaned)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from donthu.config import get_settings, reset_settings
from donthu.exchange.rows import (
    COLUMNS,
    DEADLINE_KEYS,
    DECISION_KEYS,
    HANDLING_COLUMNS,
    ExportError,
    check_format,
    check_status,
    events_by_case,
    export_row,
    handling_columns,
    make_writer,
)
from donthu.handling import decisions, tracking
from donthu.handling.views import handling_json
from donthu.privacy import policy
from donthu.storage.db import session_scope
from donthu.storage.export import CSV_COLUMNS
from donthu.storage.models import Case, Document

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
"""
DENOUNCER = "Lê Văn Hùng"


@pytest.fixture()
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    with session_scope(db_url) as session:
        yield session


def _case(db: Session, n: int, category: str, name: str) -> Case:
    doc = Document(
        sha256=f"{n:064d}", original_name=f"{name}.pdf", size=1, object_key=f"o/{n}", status="done"
    )
    db.add(doc)
    db.flush()
    case = Case(
        document_id=doc.id,
        source_pages=[1],
        status="verified",
        category=category,
        complainant_name=name,
        complainant_phone="0912345678",
        subject="nhận hối lộ" if category == "to_cao" else "thu hồi đất",
        text=f"Tôi là {name}, tố cáo ông Tám nhận hối lộ"
        if category == "to_cao"
        else f"ĐƠN KHIẾU NẠI\nTôi là {name}, không đồng ý quyết định thu hồi đất",
        confidence={"category": 0.99},
        received_at=dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC),
    )
    db.add(case)
    db.flush()
    case.case_id = f"DT-2026-{case.id:06d}"
    tracking.on_verified(db, case, "verifier", get_settings())
    db.flush()
    return case


def test_handling_columns_are_the_apis_and_the_hand_off_hides_everything(db: Session) -> None:
    settings = get_settings()
    kn = _case(db, 1, "khieu_nai", "Phan Thị Mai")
    decisions.decide(db, kn, "verifier", "thu_ly", note="đủ điều kiện thụ lý")
    tc = _case(db, 2, "to_cao", DENOUNCER)
    assert tc.identity_protected and not kn.identity_protected
    api = handling_json(db, kn, settings)
    cols = handling_columns(db, kn, settings)
    assert (
        cols["unit"] == api["unit"] == "T.BTCD"
        and cols["handling_stage"] == api["handling_stage"] == "thu_ly"
    )
    assert cols["handling"] == [{k: d.get(k) for k in DECISION_KEYS} for d in api["handling"]]
    assert cols["deadlines"] == [{k: d.get(k) for k in DEADLINE_KEYS} for d in api["deadlines"]]
    assert cols["handling"][0]["note"] == "đủ điều kiện thụ lý" and cols["deadlines"]
    batch = events_by_case(db, [kn.case_id, tc.case_id])
    assert handling_columns(db, kn, settings, events=batch[kn.case_id]) == cols  # fetched at once: the same
    assert [e.kind for e in batch[tc.case_id]] == ["received"]

    open_row = export_row(db, tc, settings)
    assert open_row["complainant"]["name"] == DENOUNCER and open_row["source_file"] == f"{DENOUNCER}.pdf"
    hidden = export_row(db, tc, settings, hide=True, store=None)  # no store: the text is hidden too
    blob = json.dumps(hidden, ensure_ascii=False)
    assert DENOUNCER not in blob and "0912345678" not in blob and "source_sha256" not in hidden
    assert hidden["complainant"]["name"] == policy.HIDDEN and hidden["text"] == policy.HIDDEN
    assert hidden["source_file"].startswith("tep-") and hidden["identity_hidden"] is True
    assert set(HANDLING_COLUMNS) <= set(hidden)


def test_a_mistyped_status_or_format_is_refused() -> None:
    assert check_status(None) is None and check_status(" ") is None and check_status("verified") == "verified"
    with pytest.raises(ExportError) as err:
        check_status("Verified")
    assert "Verified" in str(err.value) and "pending_verification (Chờ xác minh)" in str(err.value)
    assert check_format("CSV") == "csv"
    with pytest.raises(ExportError):
        check_format("xlsx", ("jsonl", "csv"))


ROW = {
    "case_id": "DT-2026-000001",
    "source_file": "don.pdf",
    "source_pages": [1, 2],
    "status": "verified",
    "received_at": "2026-03-01T18:30:00Z",  # 01:30 on 2 March in Hà Nội
    "category": "khieu_nai",
    "complainant": {"name": "Phan Thị Mai", "address": None, "id_number": None, "phone": None},
    "subject": "=1+1",
    "petition_date": "2026-02-27",
    "signatory_count": 1,
    "anonymous": False,
    "text": "a\x01b" + "x" * 40_000,
    "confidence": {"name": 0.9},
    "unit": "T.BTCD",
    "handling_stage": "thu_ly",
    "handling": [{"direction": "thu_ly"}],
    "deadlines": [],
}


def test_csv_writer_gives_every_column_even_without_rows() -> None:
    empty = io.StringIO()
    make_writer("csv", empty)
    assert next(csv.reader(io.StringIO(empty.getvalue()))) == list(COLUMNS)
    out = io.StringIO()
    writer = make_writer("csv", out)
    writer.write(ROW)
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert list(row)[: len(CSV_COLUMNS)] == CSV_COLUMNS and list(row)[len(CSV_COLUMNS) :] == list(
        HANDLING_COLUMNS
    )
    assert row["received_at"] == "2026-03-02T01:30:00+07:00" and row["subject"] == "'=1+1"
    assert json.loads(row["handling"]) == [{"direction": "thu_ly"}] and writer.count == 1


def test_xlsx_writer_keeps_text_as_text() -> None:
    from openpyxl import load_workbook

    buf = io.BytesIO()
    writer = make_writer("xlsx", buf)
    writer.write(ROW)
    writer.close()
    ws = load_workbook(io.BytesIO(buf.getvalue()))["Hồ sơ"]
    cells = {COLUMNS[i]: c for i, c in enumerate(ws[2])}
    assert cells["subject"].value == "=1+1" and cells["subject"].data_type == "s"
    assert cells["received_at"].value == dt.datetime(2026, 3, 2, 1, 30)
    assert cells["petition_date"].value == dt.datetime(2026, 2, 27) and cells["petition_date"].is_date
    text = cells["text"].value
    assert (
        text.startswith("ab") and len(text) == 32_767 and text.endswith("…")
    )  # Excel's limit, control char out
    assert cells["anonymous"].value is False and cells["signatory_count"].value == 1
