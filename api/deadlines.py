"""Processing deadlines in working days.

Every received petition must be classified and processed within 10 working days of receipt. Working days skip
Saturdays, Sundays, Vietnamese public holidays (the ``holidays`` package: Tết, Giỗ Tổ, 30/4, 1/5, 2/9 and the
government's substituted days off) and the extra days off of the ``extra_holidays`` setting
(``DONTHU_EXTRA_HOLIDAYS`` or donthu.toml, ``YYYY-MM-DD,YYYY-MM-DD,...``), which the app reads once and hands to
these functions as ``extra`` (:func:`days_off`). The calendar itself lives in handling/calendar.py (shared with
the legal clocks of handling/clocks.py); its names are re-exported here for the station.

The day of receipt is day 0: a petition received on Monday 3 March 2025 is due on Monday 17 March 2025. The date
of receipt is the local date in Asia/Ho_Chi_Minh.

The deadline depends only on the date of receipt and never decreases when that date moves later, so a list
sorted by ``received_at`` is sorted by deadline: the queue sorts in SQL by ``received_at`` and computes the date
for display. It is therefore never stored, and always follows the current holiday settings.
"""

from __future__ import annotations

import datetime as dt

from ..contract import LOCAL_TZ
from ..handling.calendar import (
    NO_DAYS_OFF,
    add_working_days,
    days_off,
    is_working_day,
    working_days_between,
)

__all__ = [
    "NO_DAYS_OFF",
    "PROCESSING_DAYS",
    "add_working_days",
    "days_off",
    "deadline_info",
    "earliest_receipt_due_on_or_after",
    "is_working_day",
    "local_date",
    "processing_deadline",
    "today_local",
    "working_days_between",
]

PROCESSING_DAYS = 10


def local_date(value: dt.datetime) -> dt.date:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TZ).date()


def today_local() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()


def processing_deadline(
    received_at: dt.datetime, days: int = PROCESSING_DAYS, extra: frozenset[dt.date] = NO_DAYS_OFF
) -> dt.date:
    """The date by which a petition received at ``received_at`` must be processed."""
    return add_working_days(local_date(received_at), days, extra)


def earliest_receipt_due_on_or_after(
    day: dt.date, days: int = PROCESSING_DAYS, extra: frozenset[dt.date] = NO_DAYS_OFF
) -> dt.date:
    """The earliest local receipt date whose deadline is ``day`` or later (for 'overdue' filters)."""
    # r = the 10th working day before ``day``: working days in (r, day) are 9, so r's deadline is >= day, while
    # any earlier date has those 9 plus r itself, 10, before ``day``
    r, count = day, 0
    while count < days:
        r -= dt.timedelta(days=1)
        if is_working_day(r, extra):
            count += 1
    return r


def deadline_info(
    received_at: dt.datetime, today: dt.date | None = None, extra: frozenset[dt.date] = NO_DAYS_OFF
) -> dict:
    """Deadline, working days left (negative when overdue) and a display class for the queue."""
    due = processing_deadline(received_at, extra=extra)
    today = today or today_local()
    left = working_days_between(today, due, extra)
    level = "overdue" if left < 0 else ("soon" if left <= 2 else "ok")
    return {"date": due, "left": left, "level": level}
