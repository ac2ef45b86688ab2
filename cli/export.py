"""``donthu export``: every case in the stable export contract, with its handling (unit, stage, decisions in
order, running clocks) as ``GET /api/cases/{id}`` gives them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..storage.export import ExportWriter, csv_cell, flatten

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..config import Settings
    from ..storage.models import Case

# added after the contract's columns (CSV: lists as JSON)
HANDLING_COLUMNS = ("unit", "handling_stage", "handling", "deadlines")
DECISION_KEYS = ("direction", "at", "by", "unit", "to_unit", "to_body", "basis", "note")
DEADLINE_KEYS = ("stage", "due", "working_days", "basis")


def handling_columns(db: Session, case: Case, settings: Settings, *, notes: bool = True) -> dict[str, Any]:
    """``unit``, ``handling_stage``, ``handling`` (the decisions in order) and ``deadlines`` of a case.
    ``notes`` False leaves the officers' free-text notes out (a hand-off copy of a protected case)."""
    from ..handling.views import handling_json

    h = handling_json(db, case, settings)
    decisions = [{k: d.get(k) for k in DECISION_KEYS} for d in h["handling"]]
    if not notes:
        for d in decisions:
            d["note"] = None
    return {
        "unit": h["unit"],
        "handling_stage": h["handling_stage"],
        "handling": decisions,
        "deadlines": [{k: c.get(k) for k in DEADLINE_KEYS} for c in h["deadlines"]],
    }


class HandlingExportWriter(ExportWriter):
    """The contract's writer, with the handling columns after the contract's own in CSV."""

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            super().write(row)
            return
        self.count += 1
        flat = flatten(row)
        for key in HANDLING_COLUMNS:
            value = row.get(key)
            flat[key] = json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value
        if self._csv is None:
            import csv

            self._csv = csv.DictWriter(self.out, fieldnames=list(flat), extrasaction="ignore")
            self._csv.writeheader()
        self._csv.writerow({k: csv_cell(v) for k, v in flat.items()})


def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only cases with this status")] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Hand-off copy (Luật Tố cáo art. 56): protected cases without the complainant's "
            "identity, with the redacted text and a neutral file name",
        ),
    ] = False,
) -> None:
    """Export cases in the stable contract (README "Export contract") as JSON Lines or CSV, each with its unit,
    handling stage, decisions (handling) and running clocks (deadlines)."""
    from ..config import get_settings
    from ..ingest.redaction import redact_case
    from ..privacy import policy
    from ..storage.db import session_scope
    from ..storage.objects import make_store
    from ..storage.repo import audit, case_to_export, iter_cases
    from . import _require_schema, console

    if fmt not in ("jsonl", "csv"):
        console.print("[red]--format phải là jsonl hoặc csv")
        raise typer.Exit(2)
    _require_schema()
    settings = get_settings()
    # CSV: UTF-8 with a BOM, so Excel reads Vietnamese correctly (without it Excel assumes the local code page)
    out = (
        open(output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
        if output
        else sys.stdout
    )
    if fmt == "csv" and not output:
        out.write("\ufeff")
    writer = HandlingExportWriter(out, fmt)
    try:
        with session_scope() as db:
            store = make_store() if redact else None
            for case in iter_cases(db, status):
                row = case_to_export(case)
                hidden = bool(case.identity_protected) and store is not None
                if store is not None and hidden:
                    pages = redact_case(store, case)
                    text = "\n\n".join(p.redacted_text or "" for p in pages)
                    row = policy.hide_identity(row, redacted_text=text)
                    row["source_file"] = policy.neutral_file_name(case.document_id, row.get("source_file"))
                    row["duplicate_of"] = None
                row.update(handling_columns(db, case, settings, notes=not hidden))
                writer.write(row)
            n = writer.count
            audit(db, "cli", "export", None, format=fmt, cases=n, output=str(output or "-"), redacted=redact)
    finally:
        if output:
            out.close()
    if output:
        console.print(f"Đã xuất {writer.count} hồ sơ vào {output}")
