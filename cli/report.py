"""``donthu report xld|tcd|kqgq``: the report forms of Thông tư 02/2021/TT-TTCP for a unit (and the units under it)
and a period, as XLSX laid out like the paper form or as PDF (reports/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape


def _fail(message: str, code: int = 2) -> typer.Exit:
    from . import console

    console.print(f"[red]{escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def report(
    family: Annotated[
        str, typer.Argument(help="xld (xử lý đơn), tcd (tiếp công dân) or kqgq (kết quả giải quyết)")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.xlsx or .pdf)")],
    form: Annotated[
        str | None,
        typer.Option("--form", help="One form of the group, e.g. 01 (default: every form, one sheet each)"),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (local date)")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (included)")] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="Instead of --from/--to: quy, 6thang, 9thang or nam")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Year of --period")] = None,
    n: Annotated[int | None, typer.Option("--n", help="Quarter (1-4) of --period quy")] = None,
    cutoff: Annotated[
        bool,
        typer.Option(
            "--chot-so-lieu",
            help="--period with the reporting regime's cut-off dates (15th of the month before to the 14th)",
        ),
    ] = False,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="Unit code (with every unit under it); default: the whole tree"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="xlsx or pdf")] = "xlsx",
) -> None:
    """Write the report forms (TT 02/2021/TT-TTCP) of a group for a period: 01-04/XLD, 01-02/TCD, 01 and 03/KQGQ."""
    from ..reports.build import FAMILIES, ReportError, form_code
    from ..reports.periods import PeriodError, parse_period

    family = family.strip().lower()
    if family not in FAMILIES:
        raise _fail(f"Nhóm biểu “{family}” không có: dùng xld, tcd hoặc kqgq.")
    fmt = fmt.strip().lower()
    if fmt not in ("xlsx", "pdf"):
        raise _fail("--format phải là xlsx hoặc pdf.")
    try:
        codes = [form_code(form, family)] if form else list(FAMILIES[family])
        start, end = parse_period(date_from, date_to, kind=period, year=year, n=n, cutoff=cutoff)
    except (ReportError, PeriodError) as exc:
        raise _fail(str(exc)) from None
    data, count = _make(codes, unit, start, end, fmt)
    output.write_bytes(data)
    from . import console

    console.print(
        f"Đã ghi {escape(', '.join(codes))} ({count} đơn vị, từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}) "
        f"vào {escape(str(output))}.",
        soft_wrap=True,
        highlight=False,
    )


def _make(codes: list[str], unit: str | None, start: dt.date, end: dt.date, fmt: str) -> tuple[bytes, int]:
    from sqlalchemy import select

    from ..config import get_settings
    from ..handling import units as unit_tree
    from ..reports.build import ReportError, build_reports
    from ..reports.output import OutputError, pdf_bytes, xlsx_bytes
    from ..storage.db import session_scope
    from ..storage.models import Unit
    from ..storage.repo import audit
    from . import _require_schema

    _require_schema()
    settings = get_settings()
    with session_scope() as db:
        unit_tree.ensure_units(db, settings)
        if unit:
            if unit_tree.get_unit(db, unit.strip()) is None:
                raise _fail(f"Không có đơn vị mã “{unit.strip()}”: xem `donthu units list`.")
            scope = unit_tree.subtree_codes(db, unit.strip())
        else:
            scope = set(db.scalars(select(Unit.code)))
        try:
            reports = build_reports(db, settings, codes, scope, start, end)
            data = pdf_bytes(reports, settings) if fmt == "pdf" else xlsx_bytes(reports)
        except ReportError as exc:
            raise _fail(str(exc)) from None
        except OutputError as exc:
            raise _fail(exc.message, 1) from None
        audit(
            db,
            "cli",
            "report_export",
            None,
            forms=codes,
            unit=unit or "",
            start=start.isoformat(),
            end=end.isoformat(),
            format=fmt,
        )
        return data, len(reports[0].rows) - 1
