"""Writing exported cases (``repo.case_to_export`` rows, the stable export contract) as JSON Lines or CSV.

CSV: one flat row per case in ``CSV_COLUMNS`` order (the complainant's fields as ``complainant.*``, lists as
JSON); a cell that a spreadsheet would run as a formula gets a leading apostrophe. The caller opens the file
(UTF-8 with a BOM for CSV, so Excel reads Vietnamese correctly).
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from ..contract import FIELDS

# every field of the case contract in its order (identity fields as ``complainant.*``)
CSV_COLUMNS = [
    "case_id",
    "source_file",
    "source_pages",
    "status",
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


def flatten(row: dict[str, Any]) -> dict[str, object]:
    flat: dict[str, object] = {}
    for col in CSV_COLUMNS:
        if col.startswith("complainant."):
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
