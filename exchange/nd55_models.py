"""The sync state of the national database feed (migration 0010): one row per finished export run.

The model shares ``storage.models.Base`` (one metadata, one set of migrations) but lives here, above storage
(rung 4.7), as the reception log's tables do; whatever reads it imports this module (``exchange.nd55`` does). The
table is append-only (database triggers refuse UPDATE and DELETE; on PostgreSQL the app's role may only read and
add rows): the history of what was sent to the national database, and when, is evidence of the updating duty of
Nghị định 55/2022/NĐ-CP art. 8 and may not be altered (art. 11's prohibitions).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..storage.models import Base, utcnow


class ExchangeRun(Base):
    """A finished export run: the profile (and scope), when it ran, the window of changes it covered
    (``since`` exclusive, None = everything; ``until`` = the run's start), how many records it wrote, who ran it,
    where to, and ``status``: ``ok`` (every case synced) or ``partial`` (some cases not synced: ``detail``
    lists them, and the next ``--since last`` run tries them again)."""

    __tablename__ = "exchange_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile: Mapped[str] = mapped_column(
        String(80), index=True
    )  # "nd55", or "nd55@<unit>" for a unit's export
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    until: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)  # records written
    actor: Mapped[str] = mapped_column(String(100))
    output: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    # {"cases": n, "not_synced": [case_id, ...], "identity_withheld": [...], "codes": source, "placeholders": n}
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
