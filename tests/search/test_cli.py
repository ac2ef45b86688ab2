"""``donthu search reindex`` and ``donthu search find`` (SQLite; the commands run the same code as the app)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select
from typer.testing import CliRunner

from donthu.cli import app as cli
from donthu.handling.events import add_event
from donthu.storage.db import session_scope
from donthu.storage.search_index import search_docs
from donthu.storage.users import create_user

PASSWORD = "mat-khau-rat-dai-1"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_reindex_and_find(db, make_case) -> None:
    late = make_case(
        name="Hoàng Thị Ngân", phone="0903 111 222", verify=False, unit="T.BTCD", handling_stage="cho_xu_ly"
    )
    add_event(db, late, "received", "verifier", at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    make_case(category="to_cao", name="Hoàng Văn Kín", subject="bảo kê", received_at=dt.datetime.now(dt.UTC))
    create_user(db, "le-tan", PASSWORD, "reception", full_name="Lễ tân")
    create_user(db, "xac-minh", PASSWORD, "verifier", full_name="Xác minh")
    db.execute(delete(search_docs))  # an index lost (or made before due dates were kept)
    db.commit()
    res = CliRunner().invoke(cli, ["search", "reindex"])
    assert res.exit_code == 0, res.output
    assert "cho 2 hồ sơ (2 hồ sơ đang xử lý" in res.output
    with session_scope() as s:
        assert s.scalar(select(search_docs.c.due_on).where(search_docs.c.case_id == late.case_id)) is not None
    res = CliRunner().invoke(cli, ["search", "find", "hoang", "--user", "le-tan"])
    assert res.exit_code == 0 and "1 hồ sơ" in res.output and late.case_id in res.output, res.output
    assert "Kín" not in res.output
    res = CliRunner().invoke(cli, ["search", "find", "HOANG", "--user", "xac-minh", "--overdue"])
    assert res.exit_code == 0 and "1 hồ sơ" in res.output and "Ngân" in res.output, res.output
    res = CliRunner().invoke(cli, ["search", "find", "x", "--user", "le-tan", "--status", "bogus"])
    assert res.exit_code == 2 and "không hợp lệ" in res.output
