"""The sổ tiếp công dân's tables (migration 0009): leaders' reception days and in-person visits at the desk.

The models share ``storage.models.Base`` (one metadata, one set of migrations), but live here because the
reception log sits above storage (rung 4.4). Whatever reads them imports this module (``reception.log`` does),
which registers them with the mapper. The migration is written by hand (alembic's env sees storage only).

Rows are never deleted (a trigger refuses DELETE): a visit logged by mistake is *cancelled* with a reason. Every
write of a visit re-decides whether its citizen's identity is protected, through the one identity policy
(``privacy/policy.py``), failing closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..storage.models import Base, utcnow
from .rules import identity_protected

# kinds of visit (TT 02/2021 01/TCD column groups)
VISIT_KIND_LABELS: dict[str, str] = {
    "thuong_xuyen": "Tiếp thường xuyên",
    "thu_truong": "Thủ trưởng tiếp (định kỳ, đột xuất)",
    "uy_quyen": "Thủ trưởng ủy quyền tiếp",
}
# kinds of leaders' reception day (Luật Tiếp công dân art. 12, 15, 18)
DAY_KIND_LABELS: dict[str, str] = {"dinh_ky": "Định kỳ", "dot_xuat": "Đột xuất"}


class ReceptionDay(Base):
    """A day the head of the unit (Chủ tịch, Thủ trưởng) receives citizens, with the written conclusion."""

    __tablename__ = "reception_days"
    __table_args__ = (Index("ix_reception_days_unit_day", "unit_code", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(40))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # DAY_KIND_LABELS
    leader_name: Mapped[str] = mapped_column(String(200))
    leader_title: Mapped[str] = mapped_column(String(200), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")  # thông báo kết luận sau buổi tiếp
    concluded_by: Mapped[str | None] = mapped_column(String(100))
    concluded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReceptionVisit(Base):
    """One lượt tiếp: a citizen (or a đoàn đông người through its representatives) received at the desk.

    ``content_class`` is a key of ``contract.CONTENT_CLASS_LABELS`` (the class of TT 05/2021 art. 6(1));
    ``outcome`` one of ``rules.OUTCOME_LABELS``; ``matter_of`` the first visit of the same vụ việc (set on a
    repeat visit, ``first_visit`` False); ``case_ids`` the petitions (case numbers) the visit produced."""

    __tablename__ = "reception_visits"
    # the book of a unit for a period
    __table_args__ = (Index("ix_reception_visits_unit_visited", "unit_code", "visited_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(40), index=True)
    visited_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)  # UTC
    kind: Mapped[str] = mapped_column(String(20))  # VISIT_KIND_LABELS
    reception_day_id: Mapped[int | None] = mapped_column(ForeignKey("reception_days.id"), index=True)
    host: Mapped[str] = mapped_column(String(100))  # who received (username)
    citizen_name: Mapped[str] = mapped_column(String(300))
    citizen_address: Mapped[str] = mapped_column(Text, default="")
    citizen_id_number: Mapped[str] = mapped_column(String(40), default="")
    citizen_phone: Mapped[str] = mapped_column(String(40), default="")
    people_count: Mapped[int] = mapped_column(Integer, default=1)
    group_visit: Mapped[bool] = mapped_column(Boolean, default=False)  # đoàn đông người (≥ 5 people)
    representatives: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{name, id_number, address}]
    content: Mapped[str] = mapped_column(Text)
    content_class: Mapped[str | None] = mapped_column(String(30))
    domain: Mapped[str | None] = mapped_column(String(20))
    first_visit: Mapped[bool] = mapped_column(Boolean, default=True)
    matter_of: Mapped[int | None] = mapped_column(Integer, index=True)
    documents: Mapped[str] = mapped_column(Text, default="")  # tài liệu công dân cung cấp
    prior_body: Mapped[str] = mapped_column(Text, default="")  # cơ quan đã giải quyết
    outcome: Mapped[str] = mapped_column(String(20))
    to_body: Mapped[str] = mapped_column(Text, default="")  # where the citizen was guided / forwarded
    refusal_code: Mapped[str | None] = mapped_column(String(30))  # rules.REFUSAL_LABELS (Luật TCD art. 9)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    case_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    follow_up: Mapped[str] = mapped_column(Text, default="")  # theo dõi kết quả giải quyết
    note: Mapped[str] = mapped_column(Text, default="")
    identity_protected: Mapped[bool] = mapped_column(Boolean, default=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_by: Mapped[str | None] = mapped_column(String(100))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))  # who logged it
    updated_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @property
    def matter(self) -> int:
        """The vụ việc this visit belongs to: the first visit's id (its own id on a first visit)."""
        return self.matter_of or self.id


@event.listens_for(ReceptionVisit, "before_insert")
@event.listens_for(ReceptionVisit, "before_update")
def _visit_identity(_mapper: Any, _conn: Any, visit: ReceptionVisit) -> None:
    """Every write asks the identity policy (fail closed). That an uncleared editor may not lift a protection is
    ``reception.log``'s check (it knows who edits)."""
    visit.identity_protected = identity_protected(
        visit.content_class, visit.content, visit.documents, visit.prior_body, visit.note
    )
