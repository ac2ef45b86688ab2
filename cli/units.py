"""``donthu units``: load, build and list the agency tree (handling/units.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

units_app = typer.Typer(help="The agency tree: tỉnh, sở/ban/ngành, phường/xã/đặc khu, old districts.")


@units_app.command("load")
def units_load(
    file: Annotated[
        Path | None,
        typer.Argument(help="Units CSV (default: the units_file setting, else the bundled sample province)"),
    ] = None,
) -> None:
    """Check a units file and load it: new codes added, changed ones updated, codes no longer in it retired."""
    from ..config import get_settings
    from ..handling.units import UnitsFileError, default_units_path, read_units_csv, sync_units
    from ..storage.db import session_scope
    from . import _require_schema, console

    path = file or get_settings().units_file or default_units_path()
    try:
        rows = read_units_csv(path)
    except UnitsFileError as exc:
        console.print(
            f"[bold red]Không nạp được {escape(str(path))}: {len(exc.problems)} lỗi", soft_wrap=True
        )
        for problem in exc.problems:
            console.print(f"[red]- {escape(problem)}", soft_wrap=True)
        raise typer.Exit(1) from None
    _require_schema()
    with session_scope() as db:
        report = sync_units(db, rows)
    console.print(
        f"Đã nạp {len(rows)} đơn vị từ {escape(str(path))}: [green]{len(report.added)} thêm mới[/], "
        f"{len(report.changed)} thay đổi, [yellow]{len(report.retired)} ngừng sử dụng[/].",
        soft_wrap=True,
    )
    if report.retired:
        shown = ", ".join(report.retired[:20])
        more = f" và {len(report.retired) - 20} đơn vị khác" if len(report.retired) > 20 else ""
        console.print(f"[yellow]Ngừng sử dụng: {escape(shown)}{more}.", soft_wrap=True)


@units_app.command("build")
def units_build(
    province: Annotated[str, typer.Argument(help='Province after 2025, e.g. "Hồ Chí Minh", "Lai Châu"')],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="CSV file to write (default: stdout)")
    ] = None,
) -> None:
    """Write a units file for a province from the 2025 mapping bundled in underthesea (edit it, then load it)."""
    import sys

    from ..handling.units import build_from_underthesea, write_units_csv
    from . import console

    try:
        rows = build_from_underthesea(province)
    except ValueError as exc:
        console.print(f"[red]{escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    data = write_units_csv(rows, output)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    console.print(f"Đã ghi {len(rows)} đơn vị ({summary}) vào {escape(str(output))}.", soft_wrap=True)


@units_app.command("list")
def units_list(
    show_all: Annotated[
        bool, typer.Option("--all", help="Also abolished districts (with their successor) and retired units")
    ] = False,
) -> None:
    """The loaded tree, indented, with codes."""
    from sqlalchemy import select

    from ..contract import UNIT_KIND_LABELS
    from ..handling.units import is_abolished, tree_order
    from ..storage.db import session_scope
    from ..storage.models import Unit
    from . import _require_schema, console

    _require_schema()
    with session_scope() as db:
        units = list(db.scalars(select(Unit).order_by(Unit.id)))
        if not units:
            console.print("Chưa nạp danh sách đơn vị: chạy `donthu units load`.")
            return
        if not show_all:
            units = [u for u in units if u.active and not is_abolished(u)]
        for unit, depth in tree_order(units):
            note = ""
            if is_abolished(unit) and unit.abolished_on is not None:
                note = (
                    f" [yellow](giải thể {unit.abolished_on:%d/%m/%Y} → {escape(unit.successor_code or '?')})"
                )
            if not unit.active:
                note += " [red](ngừng sử dụng)"
            kind = UNIT_KIND_LABELS.get(unit.kind, unit.kind)
            console.print(
                f"{'  ' * depth}[bold]{escape(unit.code)}[/]  {escape(unit.name)} [dim]{escape(kind)}[/]{note}",
                soft_wrap=True,
                highlight=False,
            )
