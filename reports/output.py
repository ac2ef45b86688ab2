"""A report as the paper form: XLSX (openpyxl) laid out like the TT 02/2021 forms, and PDF (LibreOffice headless
converts that XLSX, as the letters are converted).

The sheet: the agency and unit lines top left, the national motto top right, "Biểu số …" under it, the title and
"(Số liệu tính từ ngày … đến ngày …)" centred, the merged multi-level header, the numbers row (MS), the unit rows and
"Tổng cộng", bordered and wrapped; the notes, then the signature block (người lập biểu; thủ trưởng). Landscape A4,
fitted to the page width, header rows repeated on every printed page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..config import Settings
from ..handling.letters.render import office_to_pdf
from .layout import Report

FONT = "Times New Roman"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


class OutputError(Exception):
    """The file cannot be produced; the message is Vietnamese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sheet_title(report: Report) -> str:
    return report.code.replace("/", "-")


def _merge(ws: Worksheet, row: int, first: int, last: int, text: str, *, bold: bool = False, size: int = 12,
           italic: bool = False, align: Alignment = _WRAP, underline: bool = False) -> None:  # fmt: skip
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first, value=text)
    cell.font = Font(
        name=FONT, size=size, bold=bold, italic=italic, underline="single" if underline else None
    )
    cell.alignment = align


def _top(ws: Worksheet, report: Report, width: int) -> int:
    """The lines above the table; returns the next free row."""
    split = max(2, width * 2 // 5)
    _merge(ws, 1, 1, split, report.agency.upper() if report.agency else "")
    _merge(ws, 2, 1, split, report.unit_name.upper(), bold=True)
    _merge(ws, 1, split + 1, width, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _merge(ws, 2, split + 1, width, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True)
    _merge(ws, 3, split + 1, width, report.form_ref, bold=True, align=Alignment(horizontal="right"))
    _merge(ws, 5, 1, width, report.title, bold=True, size=14)
    _merge(ws, 6, 1, width, report.period_text, italic=True)
    ws.row_dimensions[5].height = 22
    return 8


def _header(ws: Worksheet, report: Report, first_row: int) -> int:
    """The merged header rows, then the numbers row (MS); returns the first data row."""
    taken: set[tuple[int, int]] = set()
    for i, cells in enumerate(report.header):
        row, col = first_row + i, 1
        for cell in cells:
            while (row, col) in taken:
                col += 1
            last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
            if (last_row, last_col) != (row, col):
                ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
            for r in range(row, last_row + 1):
                for c in range(col, last_col + 1):
                    taken.add((r, c))
                    ws.cell(row=r, column=c).border = _BOX
            target = ws.cell(row=row, column=col, value=cell.text)
            target.font = Font(name=FONT, size=10, bold=True)
            target.alignment = _WRAP
            col = last_col + 1
    numbers_row = first_row + len(report.header)
    for c, text in enumerate(report.numbers, start=1):
        cell = ws.cell(row=numbers_row, column=c, value=text)
        cell.font = Font(name=FONT, size=9, italic=True)
        cell.alignment = _WRAP
        cell.border = _BOX
    return numbers_row + 1


def _rows(ws: Worksheet, report: Report, first_row: int) -> int:
    for i, row in enumerate(report.rows):
        r = first_row + i
        values: list[object] = [row.stt, row.label, *(c.value for c in row.cells)]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.border = _BOX
            cell.font = Font(name=FONT, size=10, bold=row.total)
            cell.alignment = _LEFT if c == 2 else _WRAP
            if isinstance(value, float):
                cell.number_format = "#,##0.###"
            elif isinstance(value, int):
                cell.number_format = "#,##0"
    return first_row + len(report.rows)


def _bottom(ws: Worksheet, report: Report, row: int, width: int) -> None:
    """Notes, then the signature block."""
    row += 1
    for note in ["Ghi chú:", *report.notes]:
        _merge(ws, row, 1, width, note, italic=True, size=10, align=_LEFT)
        row += 1
    row += 1
    split = max(2, width // 2)
    place = f"{report.place}, ngày … tháng … năm …" if report.place else "…, ngày … tháng … năm …"
    _merge(ws, row, split + 1, width, place, italic=True)
    _merge(ws, row + 1, 1, split, "NGƯỜI LẬP BIỂU", bold=True)
    _merge(
        ws,
        row + 1,
        split + 1,
        width,
        (report.signer_title or "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ").upper(),
        bold=True,
    )
    _merge(ws, row + 2, 1, split, "(Ký, ghi rõ họ tên)", italic=True, size=10)
    _merge(ws, row + 2, split + 1, width, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, size=10)
    if report.signer_name:
        _merge(ws, row + 6, split + 1, width, report.signer_name, bold=True)


def _page(ws: Worksheet, header_first: int, data_first: int, width: int) -> None:
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 28
    for c in range(3, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 8.5
    for r in range(header_first, data_first - 1):
        ws.row_dimensions[r].height = 48
    longest = max((len(str(c.value or "")) for c in ws[data_first - 1]), default=0)
    ws.row_dimensions[data_first - 1].height = 13 * max(1, -(-longest // 9))  # a long sum wraps in a column
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_first}:{data_first - 1}"
    ws.freeze_panes = ws.cell(row=data_first, column=3)


def write_sheet(ws: Worksheet, report: Report) -> None:
    width = 2 + len(report.columns)
    ws.title = sheet_title(report)
    header_first = _top(ws, report, width)
    data_first = _header(ws, report, header_first)
    after = _rows(ws, report, data_first)
    _bottom(ws, report, after, width)
    _page(ws, header_first, data_first, width)


def xlsx_bytes(report: Report | Sequence[Report]) -> bytes:
    """The report (or several, one sheet each) as an XLSX workbook."""
    reports = [report] if isinstance(report, Report) else list(report)
    if not reports:
        raise OutputError("Không có biểu nào để xuất.")
    wb = Workbook()
    write_sheet(wb.active, reports[0])
    for more in reports[1:]:
        write_sheet(wb.create_sheet(), more)
    wb.properties.title = "; ".join(r.title for r in reports)
    wb.properties.creator = "Đơn Thư"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_bytes(report: Report | Sequence[Report], settings: Settings) -> bytes:
    """The XLSX converted to PDF by LibreOffice headless (``settings.soffice``, else soffice on PATH)."""
    return office_to_pdf(
        xlsx_bytes(report),
        "bao-cao.xlsx",
        settings.soffice,
        what="báo cáo",
        keep="báo cáo dạng XLSX",
        error=OutputError,
    )
