"""The export rows and their writers, shared by ``donthu export`` and the web's /xuat-du-lieu.

A row is a case in the stable export contract (``repo.case_to_export``, README "Export contract") plus its
handling: ``unit``, ``handling_stage``, ``handling`` (the decisions in order) and ``deadlines`` (the running
clocks), as ``GET /api/cases/{id}`` gives them. A case whose complainant the reader may not know goes out in the
hand-off form (Luật Tố cáo art. 8, 56): no identity, the redacted text, a neutral file name, no duplicate link and
no officers' notes (``export_row(hide=True)``).

Writers: JSON Lines (the contract as it is: ``received_at`` in UTC), CSV (``COLUMNS``: the contract's columns with
``received_at`` in local time after ``status``, then the handling columns as JSON; formula cells neutralised) and
XLSX (the same columns under Vietnamese headings, bold and frozen, dates as dates; a second sheet maps each heading
to its column key). The caller opens the output (CSV: UTF-8 with a byte-order mark, for Excel).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, TextIO

from ..contract import DIRECTION_LABELS, FIELDS, STATUS_LABELS, STATUSES
from ..storage.export import CSV_COLUMNS, ExportWriter, csv_cell, flatten

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..config import Settings
    from ..storage.models import Case, HandlingEvent

log = logging.getLogger("donthu.exchange.rows")

# added after the contract's columns (CSV, XLSX: lists as JSON)
HANDLING_COLUMNS = ("unit", "handling_stage", "handling", "deadlines")
DECISION_KEYS = ("direction", "at", "by", "unit", "to_unit", "to_body", "basis", "note")
DEADLINE_KEYS = ("stage", "due", "working_days", "basis")
COLUMNS: tuple[str, ...] = (*CSV_COLUMNS, *HANDLING_COLUMNS)
FORMATS = ("jsonl", "csv", "xlsx")

# the XLSX headings (and the second sheet's legend)
COLUMN_LABELS: dict[str, str] = {
    "case_id": "Số hồ sơ",
    "source_file": "Tệp gốc",
    "source_pages": "Trang trong tệp",
    "status": "Trạng thái",
    "received_at": "Ngày tiếp nhận",
    **{(f"complainant.{f.key}" if f.identity else f.key): f.label for f in FIELDS},
    "text": "Nội dung đơn (văn bản nhận dạng)",
    "confidence": "Độ tin cậy của từng trường",
    "unit": "Đơn vị đang giữ",
    "handling_stage": "Giai đoạn xử lý",
    "handling": "Các quyết định xử lý",
    "deadlines": "Thời hạn",
}
XLSX_MAX_CELL = 32_767  # characters Excel keeps in a cell
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportError(ValueError):
    """A filter or format the export cannot take (message in Vietnamese, for the user)."""


def check_status(status: str | None) -> str | None:
    """The status filter, or None for every status; a mistyped one is an error, never an empty file."""
    value = (status or "").strip()
    if not value:
        return None
    if value not in STATUSES:
        valid = ", ".join(f"{code} ({label})" for code, label in STATUS_LABELS.items())
        raise ExportError(f"Trạng thái “{value[:60]}” không có. Các trạng thái hợp lệ: {valid}.")
    return value


def check_format(fmt: str, allowed: Iterable[str] = FORMATS) -> str:
    value = (fmt or "").strip().lower()
    allowed = tuple(allowed)
    if value not in allowed:
        raise ExportError(f"Định dạng “{fmt[:20]}” không có. Chọn một trong: {', '.join(allowed)}.")
    return value


# ---------------------------------------------------------------------------------------------- rows
def _utc(at: dt.datetime) -> str:
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def handling_columns(
    db: Session,
    case: Case,
    settings: Settings,
    *,
    notes: bool = True,
    events: list[HandlingEvent] | None = None,
) -> dict[str, Any]:
    """``unit``, ``handling_stage``, ``handling`` (the decisions in order) and ``deadlines`` of a case, the
    values ``handling.views.handling_json`` gives (without its per-case look-ups of unit and officer names).
    ``notes`` False leaves the officers' free-text notes out (a hand-off copy of a protected case);
    ``events`` are the case's events when the caller fetched them for many cases at once."""
    from ..handling.events import events_of
    from ..handling.views import case_clocks_for

    events = events if events is not None else events_of(db, case.case_id)
    decisions = [
        {
            "direction": e.kind,
            "at": _utc(e.at),
            "by": e.actor,
            "unit": e.unit_code,
            "to_unit": e.to_unit,
            "to_body": e.to_body,
            "basis": e.basis,
            "note": e.note if notes else None,
        }
        for e in events
        if e.kind in DIRECTION_LABELS
    ]
    clocks = case_clocks_for(db, case, settings, events) if case.case_id else []
    return {
        "unit": case.unit_code,
        "handling_stage": case.handling_stage,
        "handling": decisions,
        "deadlines": [
            {"stage": c.stage, "due": c.due.isoformat(), "working_days": c.working_days, "basis": c.basis}
            for c in clocks
        ],
    }


def _redacted_text(db: Session, store: Any, case: Case) -> str | None:
    """The redacted copy of the case's text (made now when missing); None (text hidden) when it cannot be."""
    from ..ingest.redaction import redact_case

    if store is None:
        return None
    try:
        pages = redact_case(store, case)
        db.flush()
    except Exception:  # fail closed: the text is left out
        log.exception("redacted copy of case %s failed; its text is left out of the export", case.case_id)
        return None
    return "\n\n".join(p.redacted_text or "" for p in pages)


def export_row(
    db: Session,
    case: Case,
    settings: Settings,
    *,
    hide: bool = False,
    store: Any = None,
    events: list[HandlingEvent] | None = None,
) -> dict[str, Any]:
    """One case in the contract with its handling; ``hide`` gives the hand-off form (identity removed, the
    redacted text from ``store``, a neutral file name, no duplicate link, no source hash, no officers' notes)."""
    from ..privacy import policy
    from ..storage.repo import case_to_export

    row = case_to_export(case)
    if hide:
        row = policy.hide_identity(row, redacted_text=_redacted_text(db, store, case))
        row["source_file"] = policy.neutral_file_name(case.document_id, row.get("source_file"))
        row["duplicate_of"] = None
        row.pop("source_sha256", None)
    row.update(handling_columns(db, case, settings, notes=not hide, events=events))
    return row


def events_by_case(db: Session, case_ids: list[str]) -> dict[str, list[HandlingEvent]]:
    """The handling events of many cases in one query, oldest first per case."""
    from sqlalchemy import select

    from ..storage.models import HandlingEvent

    out: dict[str, list[HandlingEvent]] = {c: [] for c in case_ids}
    if case_ids:
        q = (
            select(HandlingEvent)
            .where(HandlingEvent.case_id.in_(case_ids))
            .order_by(HandlingEvent.at, HandlingEvent.id)
        )
        for ev in db.scalars(q):
            out.setdefault(ev.case_id, []).append(ev)
    return out


def in_batches(cases: Iterable[Case], size: int = 200) -> Iterator[list[Case]]:
    batch: list[Case] = []
    for case in cases:
        batch.append(case)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def flat_row(row: dict[str, Any]) -> dict[str, object]:
    """A row as its ``COLUMNS`` cells (lists and objects as JSON), before any formula neutralising."""
    flat = flatten(row)
    for key in HANDLING_COLUMNS:
        value = row.get(key)
        flat[key] = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
    return flat


# ---------------------------------------------------------------------------------------------- writers
class HandlingExportWriter(ExportWriter):
    """JSON Lines (the row as it is) or CSV (``COLUMNS``, header first, formula cells neutralised)."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        super().__init__(out, fmt)
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
            self._csv.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            super().write(row)
            return
        assert self._csv is not None
        self.count += 1
        self._csv.writerow({k: csv_cell(v) for k, v in flat_row(row).items()})

    def close(self) -> None:
        """Nothing to finish (the caller closes the file)."""


def _xlsx_value(key: str, value: object, row: dict[str, Any]) -> object:
    from ..storage.export import local_iso

    if value is None or value == "":
        return None
    if key == "received_at":
        local = local_iso(row.get("received_at"))
        return dt.datetime.fromisoformat(local).replace(tzinfo=None) if local else None
    if key == "petition_date":
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            pass
    if isinstance(value, bool | int | float):
        return value
    text = _ILLEGAL_XML.sub("", str(value))
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - 1] + "…"
    return text


class XlsxExportWriter:
    """An XLSX workbook written row by row (openpyxl's write-only mode keeps no rows in memory): sheet "Hồ sơ"
    with Vietnamese headings (bold, frozen), dates as dates, every text cell stored as text (a value starting with
    "=" is never a formula); sheet "Cột dữ liệu" maps each heading to its column key."""

    def __init__(self, out: IO[bytes]) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self.out, self.count, self.fmt = out, 0, "xlsx"
        self._cell = WriteOnlyCell
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet("Hồ sơ")
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for key in COLUMNS:
            cell = WriteOnlyCell(self.ws, value=COLUMN_LABELS.get(key, key))
            cell.font = bold
            header.append(cell)
        self.ws.append(header)

    def write(self, row: dict[str, Any]) -> None:
        self.count += 1
        flat = flat_row(row)
        cells = []
        for key in COLUMNS:
            value = _xlsx_value(key, flat.get(key), row)
            cell = self._cell(self.ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "=" (never run as a formula)
            elif isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            cells.append(cell)
        self.ws.append(cells)

    def close(self) -> None:
        from openpyxl.styles import Font

        legend = self.wb.create_sheet("Cột dữ liệu")
        title = [self._cell(legend, value=v) for v in ("Cột", "Tiêu đề", "Mã cột (CSV, JSON)")]
        for cell in title:
            cell.font = Font(bold=True)
        legend.append(title)
        from openpyxl.utils import get_column_letter

        for i, key in enumerate(COLUMNS, start=1):
            legend.append([get_column_letter(i), COLUMN_LABELS.get(key, key), key])
        self.wb.save(self.out)


def make_writer(fmt: str, out: Any) -> HandlingExportWriter | XlsxExportWriter:
    """The writer of ``fmt``: ``out`` is a text file for jsonl and csv, a binary one for xlsx."""
    if fmt == "xlsx":
        return XlsxExportWriter(out)
    return HandlingExportWriter(out, fmt)
