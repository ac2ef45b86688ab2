"""Fixtures of the report-form tests: a small agency tree, petitions with known categories, domains, signers, units
and dates, and a clock that dates the handling events (the real handling functions write them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from donthu.config import get_settings
from donthu.contract import LOCAL_TZ
from donthu.handling import tracking
from donthu.handling import units as unit_tree
from donthu.storage.db import session_scope
from donthu.storage.models import Case, Document

# T is reported on: its reception board (the home unit), two wards, a team under ward 1; X is another province
UNITS = """code,name,kind,parent,abolished_on,successor,remote,parent_name,symbol,place,signer_title,signer_name
T,Thành phố Mẫu,tinh,,,,0,,UBND,Mẫu,CHỦ TỊCH,Nguyễn Văn Chủ
T.BTCD,Ban tiếp công dân thành phố,ban_tcd,T,,,0,UBND THÀNH PHỐ MẪU,BTCD,Mẫu,TRƯỞNG BAN,Trần Thị Ban
T.P1,Phường Một,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Một,CHỦ TỊCH,
T.P1.TO,Tổ tiếp dân phường Một,phong,T.P1,,,0,UBND PHƯỜNG MỘT,TTD,Phường Một,TỔ TRƯỞNG,
T.P2,Phường Hai,phuong,T,,,0,UBND THÀNH PHỐ MẪU,UBND,Phường Hai,CHỦ TỊCH,
X,Tỉnh Khác,tinh,,,,0,,UBND,Khác,CHỦ TỊCH,
"""
Q2 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


def local(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


class Clock:
    """What ``handling.events`` takes for now: the day set last, one second later at each call (so events of one
    day keep their order)."""

    def __init__(self) -> None:
        self.at = local(dt.date(2026, 1, 1))

    def set(self, day: dt.date) -> None:
        self.at = local(day)

    def __call__(self) -> dt.datetime:
        self.at += dt.timedelta(seconds=1)
        return self.at


def open_db(url: str) -> Iterator[Session]:
    with session_scope(url) as session:
        unit_tree.ensure_units(session, get_settings())
        yield session


class Petitions:
    """Makes petitions: each a document and a case received (and, unless ``verified=False``, verified into its
    unit's handling inbox) on a given day."""

    def __init__(self, db: Session, clock: Clock) -> None:
        self.db, self.clock, self.n = db, clock, 0
        self.by_name: dict[str, Case] = {}

    def __getitem__(self, name: str) -> Case:
        return self.by_name[name]

    def ids(self, *names: str) -> tuple[str, ...]:
        return tuple(sorted(self.by_name[n].case_id or "" for n in names))

    def add(
        self,
        name: str,
        category: str,
        domain: str,
        unit: str | None,
        received: dt.date,
        *,
        signers: int = 1,
        anonymous: bool = False,
        duplicate_of: str | None = None,
        verified: bool = True,
    ) -> Case:
        self.n += 1
        doc = Document(
            sha256=f"{self.n:064d}",
            original_name=f"don-{self.n}.pdf",
            size=1,
            object_key=f"o/{self.n}",
            status="done",
        )
        self.db.add(doc)
        self.db.flush()
        case = Case(
            document_id=doc.id,
            source_pages=[1],
            status="verified" if verified else "pending_verification",
            category=category,
            domain=domain,
            complainant_name=None if anonymous else f"Người viết {name}",
            complainant_address=None if anonymous else "số 1 phố Mẫu",
            respondent="Ủy ban nhân dân phường Một",
            subject=f"đơn {name}",
            text=f"Đơn {name}",
            signatory_count=signers,
            anonymous=anonymous,
            duplicate_of=self.by_name[duplicate_of].case_id if duplicate_of else None,
            unit_code=unit,
            received_at=local(received, 9),
        )
        self.db.add(case)
        self.db.flush()
        case.case_id = f"DT-{received.year}-{self.n:06d}"
        if verified:
            self.clock.set(received)
            tracking.on_verified(self.db, case, "xacminh", get_settings())
        self.db.flush()
        self.by_name[name] = case
        return case

    def on(self, day: dt.date) -> Petitions:
        self.clock.set(day)
        return self

    def classify(
        self, name: str, cls: str, *, eligible: bool = True, competent: bool = True, **kw: Any
    ) -> None:
        tracking.classify(
            self.db, self[name], "xuly", content_class=cls, eligible=eligible, competent=competent, **kw
        )
