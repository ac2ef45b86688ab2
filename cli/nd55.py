"""``donthu nd55 codes``: show, check and make the national database's code-mapping table (exchange/nd55_codes.py).
The export itself is ``donthu export --profile nd55``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

if TYPE_CHECKING:
    from ..exchange.nd55_codes import CodeMap

nd55_app = typer.Typer(
    help="The national database on complaints and denunciations (Nghị định 55/2022/NĐ-CP)."
)
codes_app = typer.Typer(help="The code-mapping table: our codes → the national database's codes.")
nd55_app.add_typer(codes_app, name="codes")


def _unit_rows() -> list[tuple[str, str]]:
    """(code, name) of the units tree in the database (loaded from the settings when empty)."""
    from sqlalchemy import select

    from ..config import get_settings
    from ..handling.units import ensure_units
    from ..storage.db import session_scope
    from ..storage.models import Unit
    from . import _require_schema

    _require_schema()
    with session_scope() as db:
        ensure_units(db, get_settings())
        return [(c, n) for c, n in db.execute(select(Unit.code, Unit.name).order_by(Unit.id))]


def _read(file: Path | None) -> CodeMap:
    from ..config import get_settings
    from ..exchange.nd55_codes import CodesFileError, codes_path, read_codes
    from . import console

    path = file or codes_path(get_settings())
    try:
        return read_codes(path)
    except CodesFileError as exc:
        console.print(f"[bold red]Bảng mã {escape(str(path))}: {len(exc.problems)} lỗi", soft_wrap=True)
        for problem in exc.problems:
            console.print(f"[red]- {escape(problem)}", soft_wrap=True)
        raise typer.Exit(1) from None


@codes_app.command("show")
def codes_show(
    all_rows: Annotated[bool, typer.Option("--all", help="Print every row, not only the counts")] = False,
) -> None:
    """The table in use (DONTHU_ND55_CODES_FILE, else the shipped one): rows per group and placeholder codes."""
    from rich.table import Table

    from ..exchange.nd55_codes import GROUP_LABELS
    from . import console

    codes = _read(None)
    console.print(f"Bảng mã đang dùng: {escape(codes.source)}", soft_wrap=True)
    table = Table("Nhóm", "Ý nghĩa", "Số mã", "Mã tạm (TAM-)")
    for group, label in GROUP_LABELS.items():
        rows = codes.in_group(group)
        table.add_row(group, label, str(len(rows)), str(sum(r.placeholder for r in rows)))
    console.print(table)
    if all_rows:
        full = Table("group", "our_code", "nd55_code", "label", "note")
        for row in codes.rows.values():
            full.add_row(*(escape(v) for v in (row.group, row.our_code, row.nd55_code, row.label, row.note)))
        console.print(full)
    if codes.placeholders():
        console.print(
            f"[yellow]{len(codes.placeholders())} mã tạm chưa được xác nhận: chưa có danh mục mã chính thức của cơ "
            "sở dữ liệu quốc gia; thay bằng mã được cấp trước khi gửi dữ liệu thật.",
            soft_wrap=True,
        )


@codes_app.command("check")
def codes_check(
    file: Annotated[Path | None, typer.Argument(help="Mapping CSV (default: the one in use)")] = None,
) -> None:
    """Check a mapping table: its format (every problem with its line), the codes every export needs, and a
    MaCoQuan for every unit of the tree. Exit code 1 when something is missing."""
    from ..exchange.nd55_codes import check_codes
    from . import console

    codes = _read(file)
    problems = check_codes(codes, [code for code, _ in _unit_rows()])
    if problems:
        console.print(f"[bold red]{len(problems)} mã còn thiếu trong {escape(codes.source)}:", soft_wrap=True)
        for problem in problems:
            console.print(f"[red]- {escape(problem)}", soft_wrap=True)
        console.print("Hồ sơ cần mã còn thiếu sẽ được báo “chưa đồng bộ” khi xuất.", soft_wrap=True)
    else:
        console.print(
            f"[green]Bảng mã {escape(codes.source)} đủ mã cho mọi nhóm và mọi đơn vị.", soft_wrap=True
        )
    if codes.placeholders():
        console.print(
            f"[yellow]Còn {len(codes.placeholders())} mã tạm (TAM-…) chưa được xác nhận.", soft_wrap=True
        )
    if problems:
        raise typer.Exit(1)


@codes_app.command("template")
def codes_template(
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write")],
    file: Annotated[
        Path | None, typer.Option("--from", help="Start from this table (default: the one in use)")
    ] = None,
) -> None:
    """Write a table to edit: the one in use plus a placeholder row for every unit of the tree it lacks. Then set
    DONTHU_ND55_CODES_FILE to it."""
    from ..exchange.nd55_codes import template_csv
    from . import console

    codes = _read(file)
    text = template_csv(codes, _unit_rows())
    output.write_text(text, encoding="utf-8-sig")  # with a BOM: Excel opens Vietnamese correctly
    console.print(
        f"Đã ghi {escape(str(output))}. Sửa cột nd55_code, rồi đặt DONTHU_ND55_CODES_FILE trỏ tới tệp này.",
        soft_wrap=True,
    )
