"""The ``donthu`` command line (Typer + Rich)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import progress as rp
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..config import get_settings
from ..ingest.reports import Progress
from .archive import archive_app
from .export import export
from .nd55 import nd55_app
from .report import report
from .search import search_app
from .units import units_app

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ..ingest.reports import IngestSummary
    from ..storage.models import User

app = typer.Typer(
    help="Đơn Thư: số hóa đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh.", no_args_is_help=True
)
db_app = typer.Typer(help="Database maintenance.")
app.add_typer(db_app, name="db")
user_app = typer.Typer(help="User accounts.")
app.add_typer(user_app, name="user")
inbox_app = typer.Typer(help="Scanner inbox.")
app.add_typer(inbox_app, name="inbox")
models_app = typer.Typer(help="The agency's classifier and confidence calibration.")
app.add_typer(models_app, name="models")
app.add_typer(units_app, name="units", help="The agency tree: load, build and list units.")
app.add_typer(search_app, name="search", help="Tra cứu: rebuild the search index, search as a user.")
app.add_typer(nd55_app, name="nd55", help="National database (NĐ 55/2022): the code-mapping table.")
app.add_typer(archive_app, name="archive", help="Lưu trữ: sampled quality control, boxes exported as PDF/A.")
app.command("export")(export)  # cli/export.py: the contract plus each case's handling
app.command("report")(report)  # cli/report.py: the report forms of TT 02/2021/TT-TTCP
console = Console()


class PagesPerMinute(rp.ProgressColumn):
    def render(self, task: rp.Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("– trang/phút", style="cyan")
        return Text(f"{task.completed / elapsed * 60:.0f} trang/phút", style="cyan")


class RichProgress(Progress):
    def __init__(self, progress: rp.Progress) -> None:
        self.p = progress
        self.task = progress.add_task("Đọc trang", total=0)

    def add_total(self, pages: int) -> None:
        total = (self.p.tasks[0].total or 0) + pages
        self.p.update(self.task, total=total)

    def advance(self, pages: int = 1) -> None:
        self.p.advance(self.task, pages)

    def message(self, text: str) -> None:
        self.p.console.print(text)


def progress_columns() -> list[rp.ProgressColumn]:
    return [
        rp.TextColumn("[bold]{task.description}"),
        rp.BarColumn(),
        rp.MofNCompleteColumn(),
        rp.TextColumn("trang"),
        PagesPerMinute(),
        rp.TextColumn("còn"),
        rp.TimeRemainingColumn(),
    ]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of scanned petitions")],
    retry_failed: Annotated[bool, typer.Option(help="Try again files that failed before")] = False,
    workers: Annotated[int, typer.Option(help="OCR processes (0 = all cores)")] = 0,
    archive: Annotated[
        bool, typer.Option("--archive", help="Historical petitions: an archive batch, kept out of the queue")
    ] = False,
    manifest: Annotated[
        Path | None, typer.Option(help="With --archive: CSV file,received_date,box,folder,note")
    ] = None,
    batch_name: Annotated[str, typer.Option("--batch-name", help="With --archive: the batch's name")] = "",
    agency: Annotated[str, typer.Option(help="With --archive: the source agency (phông)")] = "",
    unit_code: Annotated[
        str | None, typer.Option("--unit-code", help="With --archive: the unit holding the cases")
    ] = None,
) -> None:
    """Ingest scanned petitions: store, OCR, extract fields, create cases pending verification. With --archive:
    a folder, zip or files of historical petitions become an archive batch (cli/archive_import.py)."""
    from ..ingest.errors import ServiceDown
    from ..ingest.pipeline import display_name, make_pipeline

    if not archive and (manifest is not None or batch_name or agency or unit_code):
        console.print("[red]--manifest, --batch-name, --agency và --unit-code chỉ dùng cùng --archive.")
        raise typer.Exit(2)
    # a link counts as present (registration refuses it with a reason), even when it points nowhere
    missing = [p for p in paths if not (p.exists() or p.is_symlink())]
    for p in missing:
        console.print(f"[red]Không tìm thấy: {escape(display_name(str(p)))}")
    if missing and len(missing) == len(paths):
        raise typer.Exit(2)
    _require_schema()
    found = [p for p in paths if p not in missing]
    if archive:
        from .archive_import import ingest_archive

        ingest_archive(found, manifest, batch_name, agency, unit_code, workers)
        return
    try:
        with rp.Progress(*progress_columns(), console=console, transient=False) as progress:
            pipeline = make_pipeline(get_settings(), progress=RichProgress(progress), workers=workers or None)
            summary = pipeline.run(found, retry_failed=retry_failed)
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng. Các trang đã đọc được giữ lại; chạy lại cùng lệnh để tiếp tục.")
        raise typer.Exit(130) from None
    except ServiceDown as exc:  # one line saying what is down, no traceback; the same command resumes
        if exc.summary is not None and exc.summary.files:
            _print_ingest_table(exc.summary)
        console.print(f"[bold red]Dừng: {escape(exc.reason)}", soft_wrap=True)
        raise typer.Exit(3) from None
    _print_ingest_table(summary)
    print_ingest_totals(summary)
    if summary.failures:
        raise typer.Exit(1)


def print_ingest_totals(summary: IngestSummary) -> None:
    rate = summary.pages_read / summary.seconds * 60 if summary.seconds else 0
    skipped = f", {summary.count('skipped')} bỏ qua" if summary.count("skipped") else ""
    console.print(
        f"[bold]{len(summary.files)}[/] tệp ({summary.count('new') + summary.count('resumed')} mới, "
        f"{summary.count('already')} đã có{skipped}), [bold]{summary.petitions}[/] đơn, "
        f"[bold]{summary.pages_read}[/] trang đọc trong {summary.seconds:.1f} s ({rate:.0f} trang/phút), "
        f"[bold red]{len(summary.failures)}[/] lỗi."
    )


def _print_ingest_table(summary: IngestSummary) -> None:
    table = Table(title="Kết quả tiếp nhận", show_lines=False)
    table.add_column("Tệp")
    table.add_column("Kết quả")
    table.add_column("Trang", justify="right")
    table.add_column("Hồ sơ / lý do")
    labels = {
        "new": "[green]mới",
        "resumed": "[green]tiếp tục",
        "already": "[dim]đã có (bỏ qua)",
        "failed": "[red]lỗi",
        "previously_failed": "[red]lỗi từ trước",
        "skipped": "[yellow]bỏ qua",
    }
    for f in summary.files:
        info = escape(", ".join(f.case_ids) if f.case_ids else (f.reason or ""))
        if f.warning:
            info = f"{info}  [yellow]({escape(f.warning)})"
        table.add_row(escape(f.name), labels.get(f.status, f.status), str(f.pages), info)
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
) -> None:
    """Start the web app (verification station and JSON API, OpenAPI at /docs)."""
    import uvicorn

    s = get_settings()
    _require_schema()  # here, not only in create_app: a schema behind stops with one line, not uvicorn's traceback
    # X-Forwarded-For/-Proto are resolved by the app from DONTHU_TRUSTED_PROXIES (api/proxies.py); uvicorn's
    # own proxy_headers would believe them from 127.0.0.1 and hide the real peer from the app
    uvicorn.run(
        "donthu.api.app:create_app",
        factory=True,
        host=host or s.host,
        port=port or s.port,
        proxy_headers=False,
    )


@app.command()
def samples(
    outdir: Annotated[Path, typer.Argument(help="Folder to write sample scans into")],
    n: Annotated[int, typer.Option(help="Number of files")] = 6,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
) -> None:
    """Generate synthetic scanned petitions (for demos and tests)."""
    from ..samples import write_samples

    outdir.mkdir(parents=True, exist_ok=True)
    rows = write_samples(outdir, n=n, seed=seed)
    console.print(f"Đã tạo {len(rows)} tệp mẫu trong {outdir}")


@app.command()
def extract(file: Annotated[Path, typer.Argument(help="A UTF-8 text file holding one petition")]) -> None:
    """Print the fields extracted from a petition's text as JSON (no OCR), with where each was read."""
    from ..nlp.extract import extract_fields

    text = file.read_text(encoding="utf-8")
    print(json.dumps(extract_fields(text).as_json(text), ensure_ascii=False, indent=2, default=str))


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Option(help="reception | verifier | archivist | supervisor | admin")],
    full_name: Annotated[str, typer.Option(help="Full name shown in the station")] = "",
    unit: Annotated[str, typer.Option(help="The person's unit (free text)")] = "",
    unit_code: Annotated[
        str | None, typer.Option("--unit-code", help="Code of the person's unit in the agency tree")
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password (asked for when omitted)")] = None,
) -> None:
    """Create a user (or reset an existing user's password and role). Audited as actor "cli"."""
    from ..storage.db import session_scope
    from ..storage.users import create_user, set_unit_code

    _require_schema()
    if password is None:
        password = typer.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope() as db:
            user = create_user(db, username, password, role, full_name, unit=unit, actor="cli")
            if unit_code is not None:
                from ..handling.units import ensure_units

                ensure_units(db, get_settings())
                set_unit_code(db, "cli", user, unit_code)
    except ValueError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from None
    console.print(f"Đã tạo tài khoản {username} ({role}).")


def _with_user(username: str, change: Callable[[Session, User], object]) -> None:
    """Run ``change(db, user)`` on an existing account (storage/users.py rules and audit, actor "cli")."""
    from ..storage.db import session_scope
    from ..storage.users import AccountError, find_user

    _require_schema()
    try:
        with session_scope() as db:
            user = find_user(db, username)
            if user is None:
                raise AccountError(f"Không có tài khoản {username}.")
            change(db, user)
    except AccountError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from None


@user_app.command("list")
def user_list() -> None:
    """List the accounts: role, unit, active, locked, last login."""
    from ..contract import LOCAL_TZ, ROLES
    from ..storage.db import as_utc, session_scope
    from ..storage.models import User
    from ..storage.users import is_locked

    _require_schema()
    table = Table(title="Tài khoản")
    for col in ("Tên đăng nhập", "Họ tên", "Vai trò", "Đơn vị", "Trạng thái", "Đăng nhập gần nhất"):
        table.add_column(col)
    with session_scope() as db:
        from sqlalchemy import select

        for u in db.scalars(select(User).order_by(User.username)):
            status = "vô hiệu" if not u.active else ("tạm khóa" if is_locked(u) else "hoạt động")
            last = as_utc(u.last_login_at)
            table.add_row(
                u.username,
                u.full_name,
                ROLES.get(u.role, u.role),
                u.unit or "",
                status,
                last.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") if last else "",
            )
    console.print(table)


@user_app.command("disable")
def user_disable(username: Annotated[str, typer.Argument(help="Login name")]) -> None:
    """Disable an account; its sessions end at once."""
    from ..storage.users import set_active

    _with_user(username, lambda db, u: set_active(db, "cli", u, False))
    console.print(f"Đã vô hiệu hóa {username}.")


@user_app.command("enable")
def user_enable(username: Annotated[str, typer.Argument(help="Login name")]) -> None:
    """Enable a disabled account again."""
    from ..storage.users import set_active

    _with_user(username, lambda db, u: set_active(db, "cli", u, True))
    console.print(f"Đã cho {username} hoạt động lại.")


@user_app.command("reset")
def user_reset(username: Annotated[str, typer.Argument(help="Login name")]) -> None:
    """Set a generated temporary password (printed once); the user must change it at the next login."""
    from ..storage.users import reset_password

    shown: list[str] = []
    _with_user(username, lambda db, u: shown.append(reset_password(db, "cli", u)))
    console.print(f"Mật khẩu tạm thời của {username}: {shown[0]}")


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument(help="Login name")]) -> None:
    """Unlock an account locked by failed logins."""
    from ..storage.users import unlock

    _with_user(username, lambda db, u: unlock(db, "cli", u))
    console.print(f"Đã mở khóa {username}.")


@user_app.command("role")
def user_role(
    username: Annotated[str, typer.Argument(help="Login name")],
    role: Annotated[str, typer.Argument(help="reception | verifier | archivist | supervisor | admin")],
) -> None:
    """Change an account's role; its sessions end at once."""
    from ..storage.users import set_role

    _with_user(username, lambda db, u: set_role(db, "cli", u, role))
    console.print(f"Đã đổi vai trò của {username} thành {role}.")


@app.command("demo-users")
def demo_users() -> None:
    """Create one demo account per role with fresh random passwords and print them (demo only)."""
    from ..contract import ROLES
    from ..storage.db import session_scope
    from ..storage.users import create_user

    _require_schema()
    table = Table(title="Tài khoản dùng thử")
    for col in ("Vai trò", "Tên đăng nhập", "Mật khẩu"):
        table.add_column(col)
    lines = []
    with session_scope() as db:
        for role, label in ROLES.items():
            username = f"demo-{role}"
            # generated: passes the password policy (storage/users.py) for every role, admin included
            user = create_user(db, username, None, role, full_name=f"{label} (demo)", actor="cli")
            password = getattr(user, "generated_password", None)
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
    processed: Annotated[
        Path | None, typer.Option(help="Where ingested files go (default INBOX/../processed)")
    ] = None,
    failed: Annotated[
        Path | None, typer.Option(help="Where failed files go (default INBOX/../failed)")
    ] = None,
    once: Annotated[bool, typer.Option(help="Process what is there now, then stop")] = False,
    settle: Annotated[
        float, typer.Option(help="Seconds a file must stay unchanged before it is taken")
    ] = 2.0,
    heartbeat: Annotated[
        Path | None, typer.Option(help="File touched at every poll (for a health check)")
    ] = None,
) -> None:
    """Watch a scanner inbox: ingest each new file exactly once, then move it to processed/ or failed/."""
    from ..ingest.errors import ServiceDown
    from ..ingest.inbox import watch
    from ..ingest.pipeline import display_name

    inbox.mkdir(parents=True, exist_ok=True)
    processed = processed or inbox.parent / "processed"
    failed = failed or inbox.parent / "failed"
    _require_schema()
    console.print(f"Đang theo dõi {escape(display_name(str(inbox)))} (Ctrl-C để dừng)")
    try:
        results = watch(
            inbox, processed, failed, get_settings(), once=once, settle_seconds=settle, heartbeat=heartbeat
        )
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng theo dõi.")
        return
    except ServiceDown as exc:  # --once only: the endless watch waits and tries again
        console.print(f"[bold red]Dừng: {escape(exc.reason)}", soft_wrap=True)
        raise typer.Exit(3) from None
    _print_inbox_results(results)


@inbox_app.command("watch-s3")
def inbox_watch_s3(
    bucket: Annotated[str | None, typer.Option(help="Inbox bucket (default DONTHU_INBOX_BUCKET)")] = None,
    prefix: Annotated[
        str | None, typer.Option(help="Where scanners put files (default DONTHU_INBOX_PREFIX)")
    ] = None,
    once: Annotated[bool, typer.Option(help="Process what is there now, then stop")] = False,
    settle: Annotated[
        float, typer.Option(help="Seconds an object must stay unchanged before it is taken")
    ] = 2.0,
    poll: Annotated[float, typer.Option(help="Seconds between two listings of the bucket")] = 2.0,
    heartbeat: Annotated[
        Path | None, typer.Option(help="File touched at every poll (for a health check)")
    ] = None,
) -> None:
    """Watch a scanner inbox in an S3 bucket: ingest each new object exactly once, then move it to
    processed/ or failed/ in the same bucket."""
    from ..ingest.inbox_s3 import S3InboxWatcher

    settings = get_settings()
    if not (bucket or settings.inbox_bucket):
        console.print("[red]Chưa cấu hình hộp thư trên S3: đặt DONTHU_INBOX_BUCKET hoặc dùng --bucket.")
        raise typer.Exit(2)
    try:
        watcher = S3InboxWatcher(
            settings,
            bucket=bucket,
            prefix=prefix,
            settle_seconds=settle,
            poll_seconds=poll,
            heartbeat=heartbeat,
        )
    except ValueError as exc:
        console.print(f"[red]Cấu hình hộp thư không hợp lệ: {exc}")
        raise typer.Exit(2) from None
    _require_schema()
    console.print(f"Đang theo dõi {watcher.url} (Ctrl-C để dừng)")
    try:
        results = watcher.run(once=once)
    except KeyboardInterrupt:
        console.print("\n[yellow]Đã dừng theo dõi.")
        return
    _print_inbox_results(results)


def _print_inbox_results(results: list) -> None:
    from ..ingest.pipeline import display_name

    for r in results:
        style = "red" if r.reason else "green"
        console.print(
            f"[{style}]{escape(r.name)}: {r.status} → {escape(display_name(str(r.destination)))}"
            + (f" ({escape(r.reason)})" if r.reason else "")
        )


def _require_schema() -> None:
    """Every command that opens the database starts here (``storage.db.migrate``; see its docstring)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    from ..storage.db import SchemaNotReady, migrate

    try:
        migrate()
    except SchemaNotReady as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(1) from None
    except (OperationalError, InterfaceError) as exc:  # the database is down: one line, no traceback
        from ..ingest.context import database_down

        console.print(f"[bold red]Dừng: {escape(database_down(exc).reason)}", soft_wrap=True)
        raise typer.Exit(3) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version (as the owner, DONTHU_MIGRATION_DATABASE_URL),
    then grant the app's PostgreSQL role what the app needs and nothing more."""
    from ..storage.roles import RoleError, app_role_for, is_postgres, upgrade_database

    s = get_settings()
    role = app_role_for(s)
    try:
        report = upgrade_database(s.migration_db_url, role)
    except RoleError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(1) from None
    console.print("Cơ sở dữ liệu đã ở phiên bản mới nhất.")
    if report:
        audit = sorted(t for t, p in report.tables.items() if p == "SELECT, INSERT")
        console.print(
            f"Đã cấp quyền cho vai trò ứng dụng {report.role}: đọc/ghi {len(report.tables)} bảng; "
            f"bảng nhật ký chỉ được thêm ({', '.join(audit)}); không TRUNCATE, ALTER, xóa trigger."
        )
    elif is_postgres(s.migration_db_url):
        console.print(
            "[yellow]Ứng dụng dùng chính tài khoản chủ sở hữu: tài khoản đó xóa được nhật ký. Đặt "
            "DONTHU_DATABASE_URL là một vai trò hạn chế (README, mục Database roles)."
        )


@db_app.command("create-roles")
def db_create_roles(
    admin_url: Annotated[
        str,
        typer.Option(
            help="URL of a PostgreSQL superuser, e.g. postgresql://postgres@host/postgres "
            "(password from PGPASSWORD or ~/.pgpass)"
        ),
    ],
    owner: Annotated[
        str, typer.Option(help="Role that owns the schema and runs migrations")
    ] = "donthu_owner",
    app_role: Annotated[
        str, typer.Option("--app", help="Restricted role the app logs in with")
    ] = "donthu_app",
    database: Annotated[str, typer.Option(help="Database, created owned by the owner if missing")] = "donthu",
    passwords: Annotated[bool, typer.Option(help="Give new roles a random password (printed once)")] = True,
) -> None:
    """Create the owner and app roles and the database (idempotent); objects another role owns are handed over."""
    from sqlalchemy.engine import make_url

    from ..storage.roles import create_roles

    result = create_roles(admin_url, owner, app_role, database, passwords=passwords)
    for role in (owner, app_role):
        console.print(f"Vai trò {role}: " + ("đã tạo" if role in result.created else "đã có (giữ nguyên)"))
    console.print(f"Cơ sở dữ liệu {database}: " + ("đã tạo" if result.database_created else "đã có"))
    for item in result.adopted:
        console.print(f"  chuyển quyền sở hữu cho {owner}: {item}")
    base = make_url(admin_url).set(drivername="postgresql+psycopg", database=database)
    for var, role in (("DONTHU_MIGRATION_DATABASE_URL", owner), ("DONTHU_DATABASE_URL", app_role)):
        url = base.set(username=role, password=result.passwords.get(role))
        console.print(f"{var}={url.render_as_string(hide_password=False)}")
    if result.passwords:
        console.print(
            "[yellow]Mật khẩu chỉ hiện một lần: lưu vào nơi cất bí mật. Tiếp theo: `donthu db upgrade` "
            "với DONTHU_MIGRATION_DATABASE_URL."
        )


@models_app.command("retrain")
def models_retrain(
    holdout: Annotated[float, typer.Option(help="Share of verified cases kept for the before/after")] = 0.2,
    seed: Annotated[int | None, typer.Option(help="Seed of split and training (default: fixed)")] = None,
    min_cases: Annotated[int, typer.Option(help="Refuse with fewer verified cases")] = 50,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Measure only; write nothing")] = False,
) -> None:
    """Refit the classifier and the calibration on the verified cases; keep them only if not worse (README)."""
    from ..retrain import DEFAULT_SEED, RetrainOptions, RetrainRefused, format_report, retrain

    _require_schema()
    opts = RetrainOptions(holdout, DEFAULT_SEED if seed is None else seed, min_cases, dry_run, actor="cli")
    try:
        report = retrain(get_settings(), opts, log=lambda m: console.print(m, markup=False))
    except RetrainRefused as exc:
        console.print(f"[red]{escape(str(exc))}")
        raise typer.Exit(2) from None
    console.print(format_report(report), markup=False, highlight=False)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    from ..logs import configure_logging

    configure_logging(logging.INFO if verbose else logging.WARNING)


if __name__ == "__main__":
    app()
