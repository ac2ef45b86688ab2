"""``donthu search``: rebuild the search index, and search from the command line as a given user."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Annotated

import typer
from rich.markup import escape

search_app = typer.Typer(help="Tra cứu: the search index over every case.")


@search_app.command("reindex")
def search_reindex() -> None:
    """Rebuild every case's search index row, and the nearest deadline of every case in handling (the index
    keeps itself current on every write; this is for an index lost or made before the deadlines were kept)."""
    from sqlalchemy import select

    from ..handling.events import index_due
    from ..storage.db import session_scope
    from ..storage.models import Case
    from ..storage.search_index import reindex_all
    from . import _require_schema, console

    _require_schema()
    with session_scope() as db:
        count = reindex_all(db)
        handled = 0
        for case in db.scalars(
            select(Case).where(Case.handling_stage.is_not(None)).execution_options(yield_per=500)
        ):
            index_due(db, case)
            handled += 1
    console.print(f"Đã lập lại chỉ mục tra cứu cho {count} hồ sơ ({handled} hồ sơ đang xử lý có thời hạn).")


@search_app.command("find")
def search_find(
    q: Annotated[
        str, typer.Argument(help="Từ khóa (có dấu hoặc không dấu), số CCCD, số điện thoại, mã hồ sơ")
    ],
    user: Annotated[str, typer.Option("--user", "-u", help="Tìm với quyền của tài khoản này")],
    status: Annotated[str | None, typer.Option(help="pending_verification | verified | returned")] = None,
    category: Annotated[str | None, typer.Option()] = None,
    domain: Annotated[str | None, typer.Option()] = None,
    unit: Annotated[str | None, typer.Option(help="Mã đơn vị (cả đơn vị cấp dưới)")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Nhận từ ngày YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Nhận đến ngày YYYY-MM-DD")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Chỉ hồ sơ quá hạn")] = False,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 20,
) -> None:
    """Search as ``--user`` would in the web app (their units and identity policy; audited)."""
    from ..config import get_settings
    from ..search.query import SearchError, SearchFilters, search
    from ..storage.db import session_scope
    from ..storage.users import find_user
    from . import _require_schema, console

    try:
        filters = SearchFilters(
            status=status,
            unit=unit,
            category=category,
            domain=domain,
            date_from=dt.date.fromisoformat(date_from) if date_from else None,
            date_to=dt.date.fromisoformat(date_to) if date_to else None,
            overdue=overdue,
        )
    except ValueError:
        console.print("[red]Ngày phải có dạng YYYY-MM-DD.")
        raise typer.Exit(2) from None
    _require_schema()
    with session_scope() as db:
        account = find_user(db, user)
        if account is None or not account.active:
            console.print(f"[red]Không có tài khoản đang hoạt động “{escape(user)}”.")
            raise typer.Exit(2)
        try:
            result = search(db, account, get_settings(), q, filters, limit=limit)
        except SearchError as exc:
            console.print(f"[red]{escape(exc.message)}")
            raise typer.Exit(2) from None
        console.print(f"{result.total} hồ sơ.")
        for hit in result.items:
            console.print(
                f"[bold]{hit.case_id}[/] {escape(hit.name or '')} — {_terminal(hit.snippet)}", soft_wrap=True
            )


def _terminal(snippet: str) -> str:
    """A snippet (HTML, matches in <mark>) as rich markup."""
    parts = re.split(r"</?mark>", snippet)
    return "".join(
        f"[bold yellow]{escape(html.unescape(p))}[/]" if i % 2 else escape(html.unescape(p))
        for i, p in enumerate(parts)
    )
