"""``donthu export``: every case in the stable export contract, with its handling (unit, stage, decisions in
order, running clocks) as ``GET /api/cases/{id}`` gives them (exchange/rows.py), as JSON Lines, CSV or XLSX; or,
with ``--profile nd55``, the national database's information groups (exchange/nd55.py)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..config import Settings

PROFILES = ("contract", "nd55")


def parse_since(value: str | None, *, profile: str) -> dt.datetime | str | None:
    """``YYYY-MM-DD`` (local midnight), an ISO 8601 time (without an offset: local time), or (nd55 only)
    ``last``: the national database profile's own rule (exchange/nd55.py), the same for the contract."""
    from ..exchange import nd55

    try:
        when = nd55.parse_since(value)
    except nd55.ExportError as exc:
        raise ValueError(str(exc)) from None
    if when == nd55.LAST and profile != "nd55":
        raise ValueError("--since last chỉ dùng với --profile nd55 (lần xuất trước được ghi lại ở đó)")
    return when


def _contract(
    db: Session,
    settings: Settings,
    out: Any,
    fmt: str,
    status: str | None,
    since: dt.datetime | None,
    redact: bool,
) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from ..exchange.rows import events_by_case, export_row, in_batches, make_writer
    from ..storage.models import Case
    from ..storage.objects import make_store

    store = make_store() if redact else None
    writer = make_writer(fmt, out)
    q = select(Case).options(selectinload(Case.document)).order_by(Case.id)
    if status:
        q = q.where(Case.status == status)
    if since is not None:
        q = q.where(Case.updated_at >= since)
    for batch in in_batches(db.scalars(q.execution_options(yield_per=200))):
        events = events_by_case(db, [c.case_id for c in batch if c.case_id])
        for case in batch:
            hide = redact and bool(case.identity_protected)
            writer.write(
                export_row(db, case, settings, hide=hide, store=store, events=events.get(case.case_id or ""))
            )
    writer.close()
    return writer.count


def _fail(message: str) -> typer.Exit:
    from . import console

    console.print(f"[red]{message}", highlight=False)
    return typer.Exit(2)


def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or xlsx (contract profile)")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout; xlsx needs -o)")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only cases with this status")] = None,
    profile: Annotated[
        str, typer.Option(help="contract (the stable contract) or nd55 (national database, NĐ 55/2022)")
    ] = "contract",
    since: Annotated[
        str | None,
        typer.Option(
            help="Only cases changed since YYYY-MM-DD or an ISO time; nd55 also: last (the last run)"
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Hand-off copy (Luật Tố cáo art. 56): protected cases without the complainant's "
            "identity, with the redacted text and a neutral file name",
        ),
    ] = False,
) -> None:
    """Export cases in the stable contract (README "Export contract") as JSON Lines, CSV or XLSX, each with its
    unit, handling stage, decisions (handling) and running clocks (deadlines); ``--profile nd55`` writes the
    national database's records (JSON Lines) instead."""
    from ..config import get_settings
    from ..exchange.rows import ExportError, check_format, check_status
    from . import _require_schema, console

    if profile not in PROFILES:
        raise _fail(f"--profile phải là một trong: {', '.join(PROFILES)}")
    try:
        fmt = check_format(fmt, ("jsonl",) if profile == "nd55" else ("jsonl", "csv", "xlsx"))
        status = check_status(status)
        when = parse_since(since, profile=profile)
    except (ExportError, ValueError) as exc:
        raise _fail(str(exc)) from None
    if fmt == "xlsx" and output is None:
        raise _fail("XLSX cần tệp đích: thêm -o TEN_TEP.xlsx")
    if profile == "nd55" and (status or redact):
        raise _fail("--status và --redact không dùng với --profile nd55")
    _require_schema()
    settings = get_settings()
    count = _run(settings, output, fmt, profile, status, when, redact)
    if output and profile == "contract":
        console.print(f"Đã xuất {count} hồ sơ vào {output}")


def _run(
    settings: Settings,
    output: Path | None,
    fmt: str,
    profile: str,
    status: str | None,
    when: dt.datetime | str | None,
    redact: bool,
) -> int:
    from ..storage.db import session_scope
    from ..storage.repo import audit

    if fmt == "xlsx":
        out: Any = open(output, "wb")  # type: ignore[arg-type]  # checked above: xlsx needs -o
    elif output:
        # CSV: UTF-8 with a BOM, so Excel reads Vietnamese correctly (without it Excel assumes the local code page)
        out = open(output, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    else:
        out = sys.stdout
        if fmt == "csv":
            out.write("\ufeff")
    try:
        with session_scope() as db:
            if profile == "nd55":
                return _nd55(db, settings, out, when, output)
            since = when if isinstance(when, dt.datetime) else None
            n = _contract(db, settings, out, fmt, status, since, redact)
            audit(
                db,
                "cli",
                "export",
                None,
                format=fmt,
                cases=n,
                count=n,
                output=str(output or "-"),
                redacted=redact,
                filters={
                    k: v
                    for k, v in {"status": status, "since": since.isoformat() if since else None}.items()
                    if v
                },
            )
            return n
    finally:
        if output:
            out.close()


def _nd55(
    db: Session, settings: Settings, out: Any, when: dt.datetime | str | None, output: Path | None
) -> int:
    """The national database profile, written by exchange/nd55.py (it records and audits its own runs); its
    summary goes to the terminal (to stderr when the records go to stdout)."""
    from rich.console import Console

    from ..exchange import nd55
    from ..exchange.nd55_codes import CodesFileError

    try:
        summary = nd55.run_export(db, settings, out, since=when, actor="cli", output=str(output or "-"))
    except CodesFileError as exc:
        raise _fail(str(exc)) from None
    terminal = Console(stderr=output is None)
    for line in nd55.summary_lines(summary):
        terminal.print(line, highlight=False, markup=False)
    return int(summary.cases)
