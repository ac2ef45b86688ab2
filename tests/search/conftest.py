"""Fixtures of the search tests: a small agency tree, users of several units and roles, cases made directly
(no OCR), on SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from donthu.config import get_settings, reset_settings
from donthu.handling import tracking
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document, Page

UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
"""


def _person(role: str, unit: str | None = "T.BTCD", name: str | None = None) -> Any:
    """A user as the search reads one (api/auth.CurrentUser has these attributes)."""
    return SimpleNamespace(username=name or f"{role}-{unit}", role=role, unit_code=unit)


@pytest.fixture()
def person() -> Callable[..., Any]:
    return _person


@pytest.fixture()
def db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    monkeypatch.setenv("DONTHU_UNITS_FILE", str(path))
    monkeypatch.setenv("DONTHU_HOME_UNIT", "T.BTCD")
    reset_settings()
    with session_scope(db_url) as session:
        yield session


@pytest.fixture()
def make_case(db: Session) -> Callable[..., Case]:
    counter = iter(range(1, 10_000))

    def make(
        *,
        name: str | None = "Phan Thị Mai",
        address: str | None = "số 5 ngõ 3, phường Một",
        id_number: str | None = None,
        phone: str | None = None,
        subject: str | None = "thu hồi đất nông nghiệp",
        text: str | None = None,
        category: str = "khieu_nai",
        domain: str | None = "dat_dai",
        status: str = "verified",
        unit: str | None = None,
        received_at: dt.datetime | None = None,
        redacted_text: str | None = None,
        verify: bool = True,
        **kw: Any,
    ) -> Case:
        n = next(counter)
        doc = Document(
            sha256=f"{n:064d}", original_name=f"don-{n}.pdf", size=1, object_key=f"o/{n}", status="done"
        )
        db.add(doc)
        db.flush()
        body = (
            text
            if text is not None
            else f"ĐƠN KHIẾU NẠI\nTôi là {name}, địa chỉ {address}.\nVề việc {subject}."
        )
        db.add(
            Page(
                document_id=doc.id,
                page_no=1,
                source="ocr",
                width=1,
                height=1,
                image_key=f"p/{n}",
                text=body,
                redacted_text=redacted_text,
            )
        )
        case = Case(
            document_id=doc.id,
            source_pages=[1],
            status=status,
            category=category,
            domain=domain,
            complainant_name=name,
            complainant_address=address,
            complainant_id_number=id_number,
            complainant_phone=phone,
            subject=subject,
            text=body,
            confidence={"category": 0.99},
            received_at=received_at or dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC),
            unit_code=unit,
            **kw,
        )
        db.add(case)
        db.flush()
        case.case_id = f"DT-{case.received_at.year}-{case.id:06d}"
        if status == "verified" and verify:
            tracking.on_verified(db, case, "verifier", get_settings())
        db.flush()
        return case

    return make
