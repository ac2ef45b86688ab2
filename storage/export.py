"""Writing exported cases (``repo.case_to_export`` rows, the stable export contract) as JSON Lines or CSV.

CSV: one flat row per case in ``CSV_COLUMNS`` order (the complainant's fields as ``complainant.*``, lists as
JSON, the date received as local time with its offset); a cell that a spreadsheet would run as a formula gets a leading apostrophe. The caller opens the file
(UTF-8 with a BOM for CSV, so Excel reads Vietnamese correctly).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any, TextIO

from ..contract import FIELDS, LOCAL_TZ

# every field of the case contract in its order (identity fields as ``complainant.*``)
CSV_COLUMNS = [
    "case_id",
    "source_file",
    "source_pages",
    "status",
    "received_at",  # local time (Asia/Ho_Chi_Minh) with its offset: 2026-03-02T10:00:00+07:00
    *(f"complainant.{f.key}" if f.identity else f.key for f in FIELDS),
    "text",
    "confidence",
]

# a cell starting with one of these is a formula to Excel / LibreOffice (=HYPERLINK(...) sends data away):
# OWASP "CSV injection" — such a cell gets a leading apostrophe, shown as text and never run
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def local_iso(value: object) -> str | None:
    """An ISO 8601 time (the JSON's UTC ``...Z``) as local time with its offset (``...+07:00``), to the second."""
    if not value:
        return None
    try:
        at = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(LOCAL_TZ).replace(microsecond=0).isoformat()


def flatten(row: dict[str, Any]) -> dict[str, object]:
    flat: dict[str, object] = {}
    for col in CSV_COLUMNS:
        if col == "received_at":
            flat[col] = local_iso(row.get(col))
        elif col.startswith("complainant."):
            flat[col] = (row.get("complainant") or {}).get(col.split(".", 1)[1])
        elif col in ("source_pages", "confidence"):
            flat[col] = json.dumps(row.get(col), ensure_ascii=False)
        else:
            flat[col] = row.get(col)
    return flat


class ExportWriter:
    """Writes export rows to ``out`` as ``jsonl`` or ``csv``; ``count`` says how many were written."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out, self.fmt, self.count = out, fmt, 0
        self._csv: csv.DictWriter | None = None

    def write(self, row: dict[str, Any]) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        flat = flatten(row)
        if self._csv is None:
            self._csv = csv.DictWriter(self.out, fieldnames=list(flat), extrasaction="ignore")
            self._csv.writeheader()
        self._csv.writerow({k: csv_cell(v) for k, v in flat.items()})
