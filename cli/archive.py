"""``donthu archive``: an archive batch's sampled quality control and its boxes exported for the archive system
(archive/). The import itself is ``donthu ingest PATH --archive [--manifest FILE.csv]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

archive_app = typer.Typer(
    help="Lưu trữ: quality control by sampling (ISO 2859-1) and boxes exported as PDF/A with their metadata."
)

# --- quality control (archive/sampling.py, archive/qc.py) ------------------------------------------------------
# exit codes: 2 = no such batch or an option the standard does not have; 1 = refused (a second sample, a batch not
# rejected routed in full, no sample yet)
CLI_ACTOR = "cli"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}".replace(".", ",") + " %"


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _plan_text(p: Any) -> str:
    """One sampling plan in words (archive.sampling.SamplingPlan)."""
    via = f" (theo mũi tên: dùng phương án của mã {p.plan_letter})" if p.plan_letter != p.code_letter else ""
    full = " — cỡ mẫu không nhỏ hơn cỡ lô: kiểm tra toàn bộ" if p.full_inspection else ""
    return (
        f"Lô {p.lot_size} hồ sơ, mức kiểm tra {p.level}, AQL {_num(p.aql)}: mã chữ {p.code_letter}{via}; "
        f"mẫu {p.sample_size} hồ sơ{full}; chấp nhận nếu ≤ {p.accept} hồ sơ có lỗi (Ac), "
        f"không chấp nhận nếu ≥ {p.reject} (Re). [ISO 2859-1, kiểm tra thường, lấy mẫu một lần]"
    )


def _qc_fail(exc: Exception) -> NoReturn:
    from rich.markup import escape

    from ..archive.qc import BatchNotFound, QcError
    from . import console

    console.print(f"[red]{escape(str(exc))}", soft_wrap=True)
    refused = isinstance(exc, QcError) and not isinstance(exc, BatchNotFound)
    raise typer.Exit(1 if refused else 2)


@archive_app.command("plan")
def archive_plan(
    lot: Annotated[int, typer.Option("--lot", min=1, help="Cỡ lô: số hồ sơ của lô")],
    aql: Annotated[float, typer.Option("--aql", help="AQL (% hồ sơ có lỗi chấp nhận được)")] = 1.0,
    level: Annotated[str, typer.Option("--level", help="Mức kiểm tra: S-1 … S-4, I, II, III")] = "II",
) -> None:
    """The ISO 2859-1 sampling plan for a lot of LOT cases (Tables 1 and 2-A; no database)."""
    from ..archive.sampling import plan
    from . import console

    try:
        console.print(_plan_text(plan(lot, aql, level)), soft_wrap=True)
    except ValueError as exc:
        _qc_fail(exc)


@archive_app.command("sample")
def archive_sample(
    batch: Annotated[int, typer.Argument(help="Số lô lưu trữ")],
    aql: Annotated[float, typer.Option("--aql", help="AQL (% hồ sơ có lỗi chấp nhận được)")] = 1.0,
    level: Annotated[str, typer.Option("--level", help="Mức kiểm tra: S-1 … S-4, I, II, III")] = "II",
    seed: Annotated[
        int | None, typer.Option("--seed", help="Hạt giống ngẫu nhiên (để rút lại đúng mẫu)")
    ] = None,
) -> None:
    """Draw the batch's random sample (once per batch): its cases go to archive_review for the station."""
    from ..archive import qc
    from ..archive.sampling import SamplingPlan
    from ..storage.db import session_scope
    from . import _require_schema, console

    _require_schema()
    try:
        with session_scope() as db:
            ids = qc.draw_sample(db, batch, aql=aql, level=level, seed=seed, actor=CLI_ACTOR)
            kept = dict(qc.get_batch(db, batch).qc or {})
    except ValueError as exc:
        _qc_fail(exc)
    console.print(_plan_text(SamplingPlan.from_dict(kept["plan"])), soft_wrap=True)
    shown = ", ".join(ids[:30]) + (f", … (+{len(ids) - 30})" if len(ids) > 30 else "")
    console.print(
        f"Đã rút mẫu {len(ids)} hồ sơ (hạt giống {kept['sample']['seed']}): {shown}", soft_wrap=True
    )
    console.print("Kiểm tra từng hồ sơ mẫu trong trạm xác minh, rồi xem: donthu archive report " + str(batch))


@archive_app.command("route")
def archive_route(
    batch: Annotated[int, typer.Argument(help="Số lô lưu trữ")],
    low_confidence: Annotated[
        float | None,
        typer.Option(
            "--low-confidence", min=0.0, max=1.0, help="Chuyển kiểm tra toàn bộ hồ sơ có độ tin cậy dưới"
        ),
    ] = None,
    rejected: Annotated[
        bool,
        typer.Option("--rejected", help="Lô không được chấp nhận: chuyển kiểm tra toàn bộ hồ sơ còn lại"),
    ] = False,
) -> None:
    """Send cases of the batch to full verification (archive_review): the low-confidence ones, or all that remain
    of a batch its sample rejected."""
    from ..archive import qc
    from ..storage.db import session_scope
    from . import _require_schema, console

    if low_confidence is None and not rejected:
        console.print("[red]Hãy chọn --low-confidence NGƯỠNG hoặc --rejected.")
        raise typer.Exit(2)
    _require_schema()
    try:
        with session_scope() as db:
            if low_confidence is not None:
                c = qc.route_low_confidence(db, batch, low_confidence, actor=CLI_ACTOR)
                console.print(
                    f"Đã chuyển {c['routed']} hồ sơ sang kiểm tra toàn bộ: {c['below_threshold']} dưới ngưỡng "
                    f"{_num(low_confidence)}, {c['no_confidence']} không có độ tin cậy, "
                    f"{c['needs_manual']} cần nhập tay."
                )
            if rejected:
                n = qc.route_rejected(db, batch, CLI_ACTOR)
                console.print(f"Lô không được chấp nhận: đã chuyển {n} hồ sơ còn lại sang kiểm tra toàn bộ.")
    except ValueError as exc:
        _qc_fail(exc)


@archive_app.command("report")
def archive_report(
    batch: Annotated[int, typer.Argument(help="Số lô lưu trữ")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
) -> None:
    """The batch's quality control so far: the plan, the sample verified, each field's accuracy with its 95 %
    Wilson interval beside the machine's mean confidence, and the decision (stored for the web pages)."""
    from ..archive import qc
    from ..storage.db import session_scope
    from . import _require_schema, console

    _require_schema()
    try:
        with session_scope() as db:
            result = qc.record_estimate(db, batch, actor=CLI_ACTOR)
    except ValueError as exc:
        _qc_fail(exc)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console.print(_plan_text(result.plan), soft_wrap=True)
    console.print(_report_table(result))
    lot = result.lot_defectives
    if lot is not None:
        console.print(
            f"Ước tính số hồ sơ có lỗi trong lô: {lot[0]:.0f} (khoảng tin cậy 95 %: {lot[1]:.0f} – {lot[2]:.0f})."
        )
    style = {"accept": "green", "reject": "red"}.get(result.decision, "yellow")
    console.print(
        f"[bold {style}]{result.decision_label}[/] — đã kiểm tra {result.verified}/{result.sample_size} hồ sơ mẫu, "
        f"{result.defectives} hồ sơ có lỗi (Ac {result.plan.accept}, Re {result.plan.reject})."
    )
    if result.decision == "reject":
        console.print(f"Chuyển kiểm tra toàn bộ: donthu archive route {batch} --rejected")


def _report_table(result: Any) -> Any:
    from rich.table import Table

    table = Table(title="Độ chính xác theo trường (mẫu đã kiểm tra)")
    for header in (
        "Trường",
        "Đã kiểm tra",
        "Bị sửa",
        "Độ chính xác",
        "Khoảng tin cậy 95 %",
        "Độ tin cậy máy",
    ):
        table.add_column(header, justify="left" if header == "Trường" else "right")
    flags = {"over": " (máy tự tin hơn thực tế)", "under": " (máy thận trọng hơn thực tế)"}
    for f in [*result.fields, result.overall]:
        interval = "—" if f.low is None else f"{_pct(f.low)} – {_pct(f.high)}"
        table.add_row(
            f.label,
            str(f.checked),
            str(f.corrected),
            _pct(f.accuracy),
            interval,
            _pct(f.confidence) + flags.get(f.calibration or "", ""),
        )
    return table


# --- boxes exported (archive/package.py) ------------------------------------------------------------------------
# exit codes: 2 = the box has no case (or the target folder is not an earlier export); 1 = a file is not PDF/A-2b


@archive_app.command("export")
def archive_export(
    box: Annotated[str, typer.Option("--box", help="Hộp cần xuất (như trong danh mục hoặc tên thư mục)")],
    out: Annotated[Path, typer.Option("--out", help="Thư mục đích (hộp ghi vào thư mục con mang tên hộp)")],
    batch: Annotated[int | None, typer.Option("--batch", help="Chỉ các đơn của lô lưu trữ này")] = None,
    original: Annotated[
        bool,
        typer.Option(
            "--original/--redacted",
            help="Người xuất được phép xem danh tính người tố cáo: đơn được bảo vệ xuất bản gốc "
            "(mặc định: bản đã lược danh tính, Luật Tố cáo Điều 47, 56)",
        ),
    ] = False,
) -> None:
    """Export a box for the archive system: a PDF/A-2b per petition named as TT 02/2019/TT-BNV asks
    (mã hồ sơ.số thứ tự.pdf), metadata.csv and metadata.json with the circular's fields and the provenance,
    SHA256SUMS. Protected cases go out redacted unless --original."""
    from rich.markup import escape

    from ..archive.package import EmptyBox, export_box
    from ..storage.db import session_scope
    from ..storage.objects import make_store
    from ..storage.repo import audit
    from . import _require_schema, console

    _require_schema()
    try:
        with session_scope() as db:
            viewer = "admin" if original else None  # a cleared role (privacy.policy); None: nobody cleared
            result = export_box(db, make_store(), box, out, batch_id=batch, viewer=viewer)
            redacted = sum(f.redacted for f in result.files)
            audit(db, CLI_ACTOR, "archive_export", None, box=box, batch=batch, files=len(result.files))
            db.flush()
    except (EmptyBox, FileExistsError) as exc:
        console.print(f"[red]{escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(
        f"Đã xuất {len(result.files)} đơn của hộp {escape(box)} vào {escape(str(result.folder))} "
        f"({redacted} bản đã lược danh tính), kèm metadata.csv, metadata.json, SHA256SUMS.",
        soft_wrap=True,
    )
    valid = len(result.files) - len(result.invalid)
    console.print(f"PDF/A-2b: {valid}/{len(result.files)} tệp đạt (kiểm tra theo ISO 19005-2).")
    for warning in result.warnings:
        console.print(f"[yellow]• {escape(warning)}", soft_wrap=True)
    if result.invalid:
        raise typer.Exit(1)
