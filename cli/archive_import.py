"""``donthu ingest PATH... --archive [--manifest FILE.csv]``: historical petitions imported as an archive batch
(archive/importer.py), with the batch number, the table of files, the files skipped as not documents, the
manifest's rows without a file and its rows with a problem.

Exit codes: 0 (also when files were only skipped), 1 when a document failed, 2 for a manifest that cannot be
read (nothing imported; the message names the line) or an unsafe zip, and 2 after the import when some manifest
rows had a problem (their files were imported with the folder layout's provenance: fix the rows, the batch page
lists them), 3 when the database or the object store went down (the same command resumes), 130 on Ctrl-C.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich import progress as rp
from rich.markup import escape


def ingest_archive(
    paths: list[Path],
    manifest: Path | None,
    name: str,
    agency: str,
    unit_code: str | None,
    workers: int,
) -> None:
    from ..archive.importer import ArchiveImportError, import_archive
    from ..config import get_settings
    from ..ingest.errors import ServiceDown
    from ..ingest.provenance import ManifestError
    from . import RichProgress, _print_ingest_table, console, print_ingest_totals, progress_columns

    if manifest is not None and not manifest.is_file():
        console.print(f"[red]Không tìm thấy danh mục: {escape(str(manifest))}")
        raise typer.Exit(2)
    try:
        with rp.Progress(*progress_columns(), console=console, transient=False) as progress:
            result = import_archive(
                paths,
                manifest=manifest,
                settings=get_settings(),
                actor="cli",
                name=name,
                agency=agency,
                unit_code=unit_code,
                progress=RichProgress(progress),
                workers=workers or None,
            )
    except (ManifestError, ArchiveImportError) as exc:
        console.print(f"[bold red]{escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng. Các trang đã đọc được giữ lại; chạy lại cùng lệnh để tiếp tục.")
        raise typer.Exit(130) from None
    except ServiceDown as exc:
        console.print(f"[bold red]Dừng: {escape(exc.reason)}", soft_wrap=True)
        raise typer.Exit(3) from None
    console.print(
        f"[bold]Lô lưu trữ số {result.batch_id}[/]"
        + (f" (danh mục {escape(result.manifest_name)})" if result.manifest_name else "")
    )
    _print_ingest_table(result.summary)  # the files skipped as not documents are in it, with the reason
    if result.missing:
        console.print(f"[yellow]{len(result.missing)} dòng danh mục không có tệp:")
        for m in result.missing:
            console.print(f"  dòng {m['line']}: {escape(m['file'])}", soft_wrap=True)
    if result.already:
        console.print(f"[dim]{result.already} tệp đã được nhập trước đây: hồ sơ của chúng giữ nguyên.")
    for problem in result.problems:
        console.print(f"[red]Danh mục, {escape(problem)}", soft_wrap=True)
    print_ingest_totals(result.summary)
    if result.summary.failures:
        raise typer.Exit(1)
    if result.problems:
        console.print(
            "[red]Các tệp của những dòng lỗi đã được nhập với hộp, ngày lấy từ thư mục; hãy sửa danh mục."
        )
        raise typer.Exit(2)
