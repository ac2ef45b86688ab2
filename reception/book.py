"""The book itself: visits as the rows of TT 04/2021/TT-TTCP Mẫu số 03 "SỔ TIẾP CÔNG DÂN", columns (1)-(12), and
the same laid out as an XLSX sheet (openpyxl).

Each row is made for one viewer: a citizen the identity policy hides from that viewer (``privacy/policy.py``:
tố cáo, an unknown class, denunciation wording; fail closed) reads "[đã ẩn — bảo vệ người tố cáo]" in columns
(3) and (4), representatives included.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..contract import CONTENT_CLASS_LABELS, DOMAIN_LABELS, LOCAL_TZ
from ..privacy import policy
from ..storage.db import as_utc
from .models import VISIT_KIND_LABELS, ReceptionVisit
from .rules import GROUP_SIZE, REFUSAL_SHORT

TITLE = "SỔ TIẾP CÔNG DÂN"
FORM_NOTE = (
    "(Mẫu số 03 ban hành kèm theo Thông tư số 04/2021/TT-TTCP ngày 01/10/2021 của Thanh tra Chính phủ)"
)
# (number, heading) of Mẫu 03's columns; (8)-(10) sit under "Hướng xử lý"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("1", "STT"),
    ("2", "Ngày tiếp"),
    ("3", "Họ tên - Địa chỉ"),
    ("4", "CMND/Hộ chiếu"),
    ("5", "Nội dung vụ việc"),
    ("6", "Phân loại đơn / Số người"),
    ("7", "Cơ quan đã giải quyết"),
    ("8", "Thụ lý để giải quyết"),
    ("9", "Trả lại đơn và hướng dẫn"),
    ("10", "Chuyển đơn đến cơ quan có thẩm quyền"),
    ("11", "Theo dõi kết quả giải quyết"),
    ("12", "Ghi chú"),
)
HANDLING_HEAD = "Hướng xử lý"
WIDTHS = (5, 11, 28, 14, 40, 16, 18, 10, 18, 22, 22, 26)


@dataclass(frozen=True)
class BookRow:
    """One visit as Mẫu 03 prints it: ``cells`` are columns (1)-(12)."""

    visit_id: int
    cells: tuple[str, ...]
    cancelled: bool
    identity_hidden: bool


def _who(visit: ReceptionVisit) -> tuple[str, str]:
    """Columns (3) and (4): name - address, the identity paper; a group's representatives after them."""
    who = " - ".join(x for x in (visit.citizen_name, visit.citizen_address) if x)
    ids = visit.citizen_id_number or ""
    reps = [r for r in visit.representatives or [] if isinstance(r, dict)]
    if reps:
        names = "; ".join(" - ".join(x for x in (r.get("name"), r.get("address")) if x) for r in reps)
        who += f"\nNgười đại diện: {names}"
        rep_ids = ", ".join(r["id_number"] for r in reps if r.get("id_number"))
        if rep_ids:
            ids = "\n".join(x for x in (ids, f"Đại diện: {rep_ids}") if x)
    return who, ids


def _class_cell(visit: ReceptionVisit) -> str:
    label = CONTENT_CLASS_LABELS.get(visit.content_class or "", "Chưa phân loại")
    if visit.domain:
        label += f" ({DOMAIN_LABELS.get(visit.domain, visit.domain)})"
    people = f"{visit.people_count} người"
    if visit.people_count >= GROUP_SIZE:
        people = f"Đoàn đông người, {people}"
    return f"{label} / {people}"


def _handling_cells(visit: ReceptionVisit) -> tuple[str, str, str, str]:
    """Columns (8)-(11)."""
    take = "x" if visit.outcome == "thu_ly" else ""
    guide = ""
    if visit.outcome == "huong_dan":
        guide = f"Hướng dẫn đến {visit.to_body}" if visit.to_body else "x"
    forward = (visit.to_body or "x") if visit.outcome == "chuyen_don" else ""
    follow = []
    if visit.outcome == "nhan_don":
        follow.append("Nhận đơn để xử lý")
    if visit.case_ids:
        follow.append("Hồ sơ: " + ", ".join(visit.case_ids))
    if visit.follow_up:
        follow.append(visit.follow_up)
    return take, guide, forward, "\n".join(follow)


def _note_cell(visit: ReceptionVisit, leaders: Mapping[int, str]) -> str:
    notes = []
    if visit.cancelled:
        notes.append(f"ĐÃ HỦY: {visit.cancel_reason}")
    if visit.kind != "thuong_xuyen":
        kind = VISIT_KIND_LABELS.get(visit.kind, visit.kind)
        leader = leaders.get(visit.reception_day_id or 0)
        notes.append(f"{kind}: {leader}" if leader else kind)
    if not visit.first_visit:
        notes.append(
            f"Tiếp lần 2 trở lên (vụ việc của lượt số {visit.matter_of})"
            if visit.matter_of
            else "Tiếp lần 2 trở lên"
        )
    if visit.outcome == "tu_choi":
        reason = REFUSAL_SHORT.get(visit.refusal_code or "", "")
        notes.append(
            "; ".join(x for x in (f"Từ chối tiếp (Điều 9 Luật TCD): {reason}", visit.refusal_reason) if x)
        )
    if visit.documents:
        notes.append(f"Tài liệu nhận: {visit.documents}")
    if visit.note:
        notes.append(visit.note)
    return "\n".join(notes)


def local_time(value: dt.datetime) -> dt.datetime:
    return as_utc(value).astimezone(LOCAL_TZ)  # type: ignore[union-attr]


def book_rows(
    visits: Iterable[ReceptionVisit],
    viewer: Any,
    *,
    leaders: Mapping[int, str] | None = None,
    newest_first: bool = False,
) -> list[BookRow]:
    """The visits as Mẫu 03 rows for ``viewer`` (None: every identity hidden). STT counts the visits that are
    not cancelled, oldest first; ``leaders`` names the leader of each reception day (id -> "title name")."""
    ordered = sorted(visits, key=lambda v: (as_utc(v.visited_at), v.id))
    rows = []
    n = 0
    for visit in ordered:
        if not visit.cancelled:
            n += 1
        hidden = not policy.may_see_identity(viewer, visit)
        who, ids = (policy.HIDDEN, policy.HIDDEN) if hidden else _who(visit)
        cells = (
            "" if visit.cancelled else str(n),
            local_time(visit.visited_at).strftime("%d/%m/%Y %H:%M"),
            who,
            ids,
            visit.content,
            _class_cell(visit),
            visit.prior_body,
            *_handling_cells(visit),
            _note_cell(visit, leaders or {}),
        )
        rows.append(BookRow(visit.id, cells, bool(visit.cancelled), hidden))
    return rows[::-1] if newest_first else rows


# ---------------------------------------------------------------------------------------------- XLSX
def xlsx_bytes(rows: list[BookRow], *, unit_name: str, start: dt.date, end: dt.date) -> bytes:
    """The book for a period, laid out like Mẫu 03: title, unit and period, the two header rows, the column
    numbers (1)-(12), one row per visit; A4 landscape, header rows repeated on every printed page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "So tiep cong dan"
    last = get_column_letter(len(COLUMNS))
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    for r, value, font in (
        (1, TITLE, Font(bold=True, size=14)),
        (2, FORM_NOTE, Font(italic=True, size=9)),
        (3, f"Đơn vị: {unit_name}", Font(bold=True)),
        (4, f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}", Font(italic=True)),
    ):
        ws.merge_cells(f"A{r}:{last}{r}")
        cell = ws.cell(row=r, column=1, value=value)
        cell.font, cell.alignment = font, Alignment(horizontal="center")
    head, sub, nums = 6, 7, 8
    for i, (no, label) in enumerate(COLUMNS, 1):
        if no in ("8", "9", "10"):
            ws.cell(row=sub, column=i, value=label)
        else:
            ws.cell(row=head, column=i, value=label)
            ws.merge_cells(start_row=head, start_column=i, end_row=sub, end_column=i)
        ws.cell(row=nums, column=i, value=f"({no})")
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS[i - 1]
    ws.cell(row=head, column=8, value=HANDLING_HEAD)
    ws.merge_cells(start_row=head, start_column=8, end_row=head, end_column=10)
    for r in (head, sub, nums):
        for c in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=r, column=c)
            cell.border, cell.alignment = box, center
            cell.font = Font(bold=r != nums, italic=r == nums)
    for offset, row in enumerate(rows):
        for c, value in enumerate(row.cells, 1):
            cell = ws.cell(row=nums + 1 + offset, column=c, value=value)
            if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula: keep the citizen's text
                cell.data_type = "s"
            cell.border, cell.alignment = box, center if c in (1, 2, 8) else top
            if row.cancelled:
                cell.font = Font(strike=True, color="777777")
    ws.freeze_panes = ws.cell(row=nums + 1, column=1)
    ws.print_title_rows = f"{head}:{nums}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
