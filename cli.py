"""The ``donthu`` command line (Typer + Rich)."""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .config import get_settings

app = typer.Typer(help="Đơn Thư: số hóa đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.")
app.add_typer(db_app, name="db")
user_app = typer.Typer(help="User accounts.")
app.add_typer(user_app, name="user")
inbox_app = typer.Typer(help="Scanner inbox.")
app.add_typer(inbox_app, name="inbox")
console = Console()


class PagesPerMinute(ProgressColumn):
    def render(self, task) -> Text:  # noqa: ANN001
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("– trang/phút", style="cyan")
        return Text(f"{task.completed / elapsed * 60:.0f} trang/phút", style="cyan")


class RichProgress:
    def __init__(self, progress: Progress) -> None:
        self.p = progress
        self.task = progress.add_task("Đọc trang", total=0)

    def add_total(self, pages: int) -> None:
        total = (self.p.tasks[0].total or 0) + pages
        self.p.update(self.task, total=total)

    def advance(self, pages: int = 1) -> None:
        self.p.advance(self.task, pages)

    def message(self, text: str) -> None:
        self.p.console.print(text)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of scanned petitions")],
    retry_failed: Annotated[bool, typer.Option(help="Try again files that failed before")] = False,
    workers: Annotated[int, typer.Option(help="OCR processes (0 = all cores)")] = 0,
) -> None:
    """Ingest scanned petitions: store, OCR, extract fields, create cases pending verification."""
    from .ingest.tasks import make_pipeline

    missing = [p for p in paths if not p.exists()]
    for p in missing:
        console.print(f"[red]Không tìm thấy: {p}")
    if missing and len(missing) == len(paths):
        raise typer.Exit(2)
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("trang"),
               PagesPerMinute(), TextColumn("còn"), TimeRemainingColumn()]
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            pipeline = make_pipeline(get_settings(), progress=RichProgress(progress), workers=workers or None)
            summary = pipeline.run([p for p in paths if p.exists()], retry_failed=retry_failed)
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng. Các trang đã đọc được giữ lại; chạy lại cùng lệnh để tiếp tục.")
        raise typer.Exit(130) from None
    table = Table(title="Kết quả tiếp nhận", show_lines=False)
    table.add_column("Tệp")
    table.add_column("Kết quả")
    table.add_column("Trang", justify="right")
    table.add_column("Hồ sơ / lý do")
    labels = {"new": "[green]mới", "resumed": "[green]tiếp tục", "already": "[dim]đã có (bỏ qua)",
              "failed": "[red]lỗi", "previously_failed": "[red]lỗi từ trước"}
    for f in summary.files:
        info = ", ".join(f.case_ids) if f.case_ids else (f.reason or "")
        if f.warning:
            info = f"{info}  [yellow]({f.warning})"
        table.add_row(f.name, labels.get(f.status, f.status), str(f.pages), info)
    console.print(table)
    rate = summary.pages_read / summary.seconds * 60 if summary.seconds else 0
    console.print(
        f"[bold]{len(summary.files)}[/] tệp ({summary.count('new') + summary.count('resumed')} mới, "
        f"{summary.count('already')} đã có), [bold]{summary.petitions}[/] đơn, "
        f"[bold]{summary.pages_read}[/] trang đọc trong {summary.seconds:.1f} s ({rate:.0f} trang/phút), "
        f"[bold red]{len(summary.failures)}[/] lỗi."
    )
    if summary.failures:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")] = None,
    status: Annotated[str | None, typer.Option(help="Only cases with this status")] = None,
) -> None:
    """Export cases in the stable contract (BRIEF §8) as JSON Lines or CSV."""
    from .storage.db import session_scope
    from .storage.repo import audit, case_to_export, iter_cases

    if fmt not in ("jsonl", "csv"):
        console.print("[red]--format phải là jsonl hoặc csv")
        raise typer.Exit(2)
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    n = 0
    try:
        with session_scope() as db:
            writer = None
            for case in iter_cases(db, status):
                row = case_to_export(case)
                n += 1
                if fmt == "jsonl":
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    continue
                flat = _flatten(row)
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(flat), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow(flat)
            audit(db, "cli", "export", None, format=fmt, cases=n, output=str(output or "-"))
    finally:
        if output:
            out.close()
    if output:
        console.print(f"Đã xuất {n} hồ sơ vào {output}")


CSV_COLUMNS = ["case_id", "source_file", "source_pages", "status", "category", "domain", "complainant.name",
               "complainant.address", "complainant.id_number", "complainant.phone", "recipient", "respondent",
               "subject", "petition_date", "signatory_count", "anonymous", "duplicate_of", "text", "confidence"]


def _flatten(row: dict) -> dict:
    flat: dict[str, object] = {}
    for col in CSV_COLUMNS:
        if col.startswith("complainant."):
            flat[col] = (row.get("complainant") or {}).get(col.split(".", 1)[1])
        elif col in ("source_pages", "confidence"):
            flat[col] = json.dumps(row.get(col), ensure_ascii=False)
        else:
            flat[col] = row.get(col)
    return flat


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
) -> None:
    """Start the web app (verification station and JSON API, OpenAPI at /docs)."""
    import uvicorn

    s = get_settings()
    from .storage.db import get_engine

    get_engine()  # migrate before serving
    uvicorn.run("donthu.api.app:create_app", factory=True, host=host or s.host, port=port or s.port,
                proxy_headers=True)


@app.command()
def samples(
    outdir: Annotated[Path, typer.Argument(help="Folder to write sample scans into")],
    n: Annotated[int, typer.Option(help="Number of files")] = 6,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
) -> None:
    """Generate synthetic scanned petitions (for demos and tests)."""
    from .samples import write_samples

    outdir.mkdir(parents=True, exist_ok=True)
    rows = write_samples(outdir, n=n, seed=seed)
    console.print(f"Đã tạo {len(rows)} tệp mẫu trong {outdir}")


@app.command()
def extract(file: Annotated[Path, typer.Argument(help="A UTF-8 text file holding one petition")]) -> None:
    """Print the fields extracted from a petition's text as JSON (no OCR)."""
    from .nlp.extract import extract_fields

    ex = extract_fields(file.read_text(encoding="utf-8"))
    print(json.dumps({"fields": ex.fields, "confidence": ex.confidence, "extra": ex.extra}, ensure_ascii=False,
                     indent=2, default=str))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="reception | verifier | archivist | supervisor | admin")],
    full_name: Annotated[str, typer.Option(help="Full name shown in the station")] = "",
    password: Annotated[str | None, typer.Option(help="Password (asked for when omitted)")] = None,
) -> None:
    """Create a user (or reset an existing user's password and role)."""
    from .api.auth import create_user
    from .storage.db import session_scope

    if password is None:
        password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as db:
            create_user(db, username, password, role, full_name)
    except ValueError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from None
    console.print(f"Đã tạo tài khoản {username} ({role}).")


@app.command("demo-users")
def demo_users() -> None:
    """Create one demo account per role with fresh random passwords and print them (demo only)."""
    import secrets

    from .api.auth import create_user
    from .storage.db import session_scope
    from .storage.models import ROLES

    table = Table(title="Tài khoản dùng thử")
    for col in ("Vai trò", "Tên đăng nhập", "Mật khẩu"):
        table.add_column(col)
    lines = []
    with session_scope() as db:
        for role, label in ROLES.items():
            username = f"demo-{role}"
            password = secrets.token_urlsafe(9)
            create_user(db, username, password, role, full_name=f"{label} (demo)")
            table.add_row(label, username, password)
            lines.append(f"{role}\t{username}\t{password}")
    path = get_settings().data_dir / "demo-credentials.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    console.print(table)
    console.print(f"(đã lưu vào {path})")


@inbox_app.command("watch")
def inbox_watch(
    inbox: Annotated[Path, typer.Argument(help="Folder the desk scanners drop files into")],
    processed: Annotated[Path | None, typer.Option(help="Where ingested files go (default INBOX/../processed)")] = None,
    failed: Annotated[Path | None, typer.Option(help="Where failed files go (default INBOX/../failed)")] = None,
    once: Annotated[bool, typer.Option(help="Process what is there now, then stop")] = False,
    settle: Annotated[float, typer.Option(help="Seconds a file must stay unchanged before it is taken")] = 2.0,
    heartbeat: Annotated[Path | None, typer.Option(help="File touched at every poll (for a health check)")] = None,
) -> None:
    """Watch a scanner inbox: ingest each new file exactly once, then move it to processed/ or failed/."""
    from .ingest.inbox import watch

    inbox.mkdir(parents=True, exist_ok=True)
    processed = processed or inbox.parent / "processed"
    failed = failed or inbox.parent / "failed"
    console.print(f"Đang theo dõi {inbox} (Ctrl-C để dừng)")
    try:
        results = watch(inbox, processed, failed, get_settings(), once=once, settle_seconds=settle,
                        heartbeat=heartbeat)
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng theo dõi.")
        return
    _print_inbox_results(results)


@inbox_app.command("watch-s3")
def inbox_watch_s3(
    bucket: Annotated[str | None, typer.Option(help="Inbox bucket (default DONTHU_INBOX_BUCKET)")] = None,
    prefix: Annotated[str | None, typer.Option(help="Where scanners put files (default DONTHU_INBOX_PREFIX)")] = None,
    once: Annotated[bool, typer.Option(help="Process what is there now, then stop")] = False,
    settle: Annotated[float, typer.Option(help="Seconds an object must stay unchanged before it is taken")] = 2.0,
    poll: Annotated[float, typer.Option(help="Seconds between two listings of the bucket")] = 2.0,
    heartbeat: Annotated[Path | None, typer.Option(help="File touched at every poll (for a health check)")] = None,
) -> None:
    """Watch a scanner inbox in an S3 bucket: ingest each new object exactly once, then move it to
    processed/ or failed/ in the same bucket."""
    from .ingest.inbox import S3InboxWatcher

    settings = get_settings()
    if not (bucket or settings.inbox_bucket):
        console.print("[red]Chưa cấu hình hộp thư trên S3: đặt DONTHU_INBOX_BUCKET hoặc dùng --bucket.")
        raise typer.Exit(2)
    try:
        watcher = S3InboxWatcher(settings, bucket=bucket, prefix=prefix, settle_seconds=settle, poll_seconds=poll,
                                 heartbeat=heartbeat)
    except ValueError as exc:
        console.print(f"[red]Cấu hình hộp thư không hợp lệ: {exc}")
        raise typer.Exit(2) from None
    console.print(f"Đang theo dõi {watcher.url} (Ctrl-C để dừng)")
    try:
        results = watcher.run(once=once)
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng theo dõi.")
        return
    _print_inbox_results(results)


def _print_inbox_results(results: list) -> None:
    for r in results:
        style = "red" if r.reason else "green"
        console.print(f"[{style}]{r.name}: {r.status} → {r.destination}" + (f" ({r.reason})" if r.reason else ""))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    from .storage.db import migrate

    migrate(get_settings().db_url)
    console.print("Cơ sở dữ liệu đã ở phiên bản mới nhất.")


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    from .logs import configure_logging

    configure_logging(logging.INFO if verbose else logging.WARNING)


if __name__ == "__main__":
    app()
