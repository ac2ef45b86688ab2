"""The report as a file: the XLSX laid out like the paper form (opened again with openpyxl), one sheet per form,
the PDF through LibreOffice, the report periods, and ``donthu report`` on the command line."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from donthu.cli import app as cli_app
from donthu.config import Settings, get_settings
from donthu.handling import units as unit_tree
from donthu.handling.letters import find_soffice
from donthu.reports.build import FAMILIES, build_report, build_reports, form_code
from donthu.reports.output import OutputError, pdf_bytes, xlsx_bytes
from donthu.reports.periods import PeriodError, parse_period, period_dates, period_label
from donthu.storage.db import session_scope
from donthu.storage.models import AuditLog

from .reportkit import Q2, Clock, open_db
from .test_forms_xld import make_petitions

# DOMAIN §4: the titles of the forms (exact), all beginning "TỔNG HỢP KẾT QUẢ"
TITLES = {
    "01/TCD": "TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT",
    "02/TCD": "PHÂN LOẠI, XỬ LÝ ĐƠN QUA TIẾP CÔNG DÂN",
    "01/XLD": "XỬ LÝ ĐƠN",
    "02/XLD": "XỬ LÝ ĐƠN KHIẾU NẠI",
    "03/XLD": "XỬ LÝ ĐƠN TỐ CÁO",
    "04/XLD": "XỬ LÝ ĐƠN KIẾN NGHỊ, PHẢN ÁNH",
    "01/KQGQ": "GIẢI QUYẾT THUỘC THẨM QUYỀN",
    "03/KQGQ": "GIẢI QUYẾT TỐ CÁO THUỘC THẨM QUYỀN",
}


@pytest.fixture()
def db(data_dir: Path, units_env: None) -> Iterator[Session]:
    yield from open_db(get_settings().db_url)


def test_xlsx_is_laid_out_like_the_form(db: Session, clock: Clock) -> None:
    petitions = make_petitions(db, clock)
    report = build_report(db, get_settings(), "01/XLD", unit_tree.subtree_codes(db, "T"), *Q2)
    ws = load_workbook(io.BytesIO(xlsx_bytes(report))).active
    assert ws.title == "01-XLD"
    texts = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}
    assert "A1" not in texts  # T is a root: no agency line above it (Phường Một's: below)
    assert texts["A2"] == "THÀNH PHỐ MẪU"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts.values()
    assert "Độc lập - Tự do - Hạnh phúc" in texts.values()
    assert "Biểu số 01/XLD" in texts.values()
    assert texts["A5"] == "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN"
    assert texts["A6"] == "(Số liệu tính từ ngày 01/04/2026 đến ngày 30/06/2026)"
    merged = {str(m) for m in ws.merged_cells.ranges}
    # header rows 8-10: STT, Đơn vị and "Tổng số đơn" span the three rows; "Kỳ trước chuyển sang" three columns
    assert {"A8:A10", "B8:B10", "C8:C10", "D8:F8"} <= merged
    assert (texts["C8"], texts["D8"], texts["D9"], texts["F9"]) == (
        "Tổng số đơn",
        "Kỳ trước chuyển sang",
        "Đơn có nhiều người đứng tên",
        "Đơn khác",
    )
    assert (texts["B11"], texts["C11"], texts["K11"]) == ("MS", "1=2+...+7", "9=11+12+13=14+...+17=18+22")
    # the rows: Ban tiếp công dân, Phường Một, Phường Hai, Tổng cộng, with the report's figures
    assert [ws.cell(row=r, column=2).value for r in range(12, 16)] == [
        "Ban tiếp công dân thành phố",
        "Phường Một",
        "Phường Hai",
        "Tổng cộng",
    ]
    assert [ws.cell(row=13, column=c).value for c in range(3, 29)] == [c.value for c in report.rows[1].cells]
    assert ws.cell(row=15, column=3).value == 12 == report.cell("tong:c1").value
    assert ws.cell(row=15, column=3).border.left.style == "thin"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert "NGƯỜI LẬP BIỂU" in texts.values() and "CHỦ TỊCH" in texts.values()
    assert "Nguyễn Văn Chủ" in texts.values()
    assert petitions["A"].case_id not in texts.values()  # figures only, never a case or a name


def test_one_sheet_per_form_with_the_titles_of_the_forms(db: Session) -> None:
    scope = unit_tree.subtree_codes(db, "T.P1")
    reports = build_reports(db, get_settings(), list(TITLES), scope, *Q2)
    wb = load_workbook(io.BytesIO(xlsx_bytes(reports)))
    assert wb.sheetnames == [c.replace("/", "-") for c in TITLES]
    for code, title in TITLES.items():
        ws = wb[code.replace("/", "-")]
        values = [c.value for row in ws.iter_rows(max_row=6) for c in row if c.value]
        assert "TỔNG HỢP KẾT QUẢ " + title in values and f"Biểu số {code}" in values
        assert (ws["A1"].value, ws["A2"].value) == ("UBND THÀNH PHỐ MẪU", "PHƯỜNG MỘT")
    assert FAMILIES == {
        "xld": ("01/XLD", "02/XLD", "03/XLD", "04/XLD"),
        "tcd": ("01/TCD", "02/TCD"),
        "kqgq": ("01/KQGQ", "03/KQGQ"),
    }
    assert [form_code(x, "xld") for x in ("01", "2", "03/xld", "xld04")] == [
        "01/XLD",
        "02/XLD",
        "03/XLD",
        "04/XLD",
    ]


def test_pdf_through_libreoffice(db: Session, tmp_path: Path) -> None:
    report = build_report(db, get_settings(), "02/TCD", unit_tree.subtree_codes(db, "T"), *Q2)
    with pytest.raises(OutputError, match="chưa cài LibreOffice"):
        pdf_bytes(report, Settings(soffice=str(tmp_path / "khong-co-soffice")))
    if find_soffice(get_settings().soffice) is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = pdf_bytes(report, get_settings())
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_periods() -> None:
    D = dt.date
    assert period_dates("quy", 2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
    assert period_dates("quy", 2026, 3) == (D(2026, 7, 1), D(2026, 9, 30))
    assert period_dates("quy", 2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))
    assert period_dates("6thang", 2026) == (D(2026, 1, 1), D(2026, 6, 30))
    assert period_dates("9thang", 2026) == (D(2026, 1, 1), D(2026, 9, 30))
    assert period_dates("nam", 2026) == (D(2026, 1, 1), D(2026, 12, 31))
    assert period_dates("quy", 2026, 1, cutoff=True) == (D(2025, 12, 15), D(2026, 3, 14))
    assert period_dates("quy", 2026, 3, cutoff=True) == (D(2026, 6, 15), D(2026, 9, 14))
    assert period_dates("nam", 2026, cutoff=True) == (D(2025, 12, 15), D(2026, 12, 14))
    assert period_label("quy", 2026, 3) == "Quý III năm 2026"
    assert parse_period("2026-04-01", "2026-06-30") == Q2
    assert parse_period(kind="quy", year=2026, n=2) == Q2
    cases: tuple[tuple[tuple[str | None, ...], dict[str, Any], str], ...] = (
        (("2026-06-30", "2026-04-01"), {}, "trước ngày bắt đầu"),
        (("2026-13-01", "2026-06-30"), {}, "YYYY-MM-DD"),
        (("2026-04-01", None), {}, "Cần cả ngày"),
        ((), {"kind": "quy", "year": 2026, "n": 5}, "Quý phải là"),
        ((), {"kind": "quy", "year": 2026}, "số quý"),
        ((), {"kind": "thang", "year": 2026}, "không hợp lệ"),
        (("2026-04-01", "2026-06-30"), {"kind": "quy", "year": 2026, "n": 2}, "Chọn một trong hai"),
    )
    for args, kw, message in cases:
        with pytest.raises(PeriodError, match=message):
            parse_period(*args, **kw)


def test_cli_writes_the_report(data_dir: Path, units_env: None, clock: Clock, tmp_path: Path) -> None:
    with session_scope() as db:
        unit_tree.ensure_units(db, get_settings())
        make_petitions(db, clock)
    runner = CliRunner()
    out = tmp_path / "xld.xlsx"
    args = ["report", "xld", "--form", "01", "--from", "2026-04-01", "--to", "2026-06-30", "--unit", "T"]
    res = runner.invoke(cli_app, [*args, "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    assert ws["A5"].value == "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN" and ws["C15"].value == 12
    every = tmp_path / "all.xlsx"
    res = runner.invoke(
        cli_app, ["report", "kqgq", "--period", "quy", "--year", "2026", "--n", "2", "-o", str(every)]
    )
    assert res.exit_code == 0, res.output
    assert load_workbook(every).sheetnames == ["01-KQGQ", "03-KQGQ"]
    with session_scope() as db:
        logged = db.scalars(select(AuditLog).where(AuditLog.action == "report_export")).all()
        assert [(a.actor, a.detail["forms"], a.detail["unit"]) for a in logged] == [
            ("cli", ["01/XLD"], "T"),
            ("cli", ["01/KQGQ", "03/KQGQ"], ""),
        ]
    for bad, message in (
        (
            ["report", "xld", "--from", "2026-04-01", "--to", "2026-06-30", "--unit", "KHONG"],
            "Không có đơn vị",
        ),
        (["report", "xld", "--from", "2026-06-30", "--to", "2026-04-01"], "trước ngày bắt đầu"),
        (["report", "xld", "--from", "30/06/2026", "--to", "2026-07-01"], "YYYY-MM-DD"),
        (["report", "abc", "--from", "2026-04-01", "--to", "2026-06-30"], "xld, tcd hoặc kqgq"),
        (["report", "xld", "--form", "07", "--from", "2026-04-01", "--to", "2026-06-30"], "Không có biểu"),
        (["report", "xld", "--from", "2026-04-01", "--to", "2026-06-30", "--format", "doc"], "xlsx hoặc pdf"),
    ):
        res = runner.invoke(cli_app, [*bad, "-o", str(tmp_path / "x.xlsx")])
        assert res.exit_code == 2, res.output
        assert message in " ".join(res.output.split()), res.output
