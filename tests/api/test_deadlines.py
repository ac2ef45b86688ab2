"""Processing deadlines in working days (api/deadlines.py): weekends, Vietnamese public holidays, the extra days
off of the settings, and the overdue cut-off."""

from __future__ import annotations

import datetime as dt

import pytest

from donthu.api import deadlines
from donthu.config import Settings

UTC = dt.UTC


def test_deadline_skips_weekends_and_vietnamese_holidays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DONTHU_EXTRA_HOLIDAYS", raising=False)
    # Monday 3 March 2025: two plain working weeks
    assert deadlines.add_working_days(dt.date(2025, 3, 3), 10) == dt.date(2025, 3, 17)
    # Friday 24 January 2025: Tết holiday 27/1-1/2 is skipped
    assert deadlines.add_working_days(dt.date(2025, 1, 24), 10) == dt.date(2025, 2, 14)
    # received on Saturday: counting starts on Monday
    assert deadlines.add_working_days(dt.date(2025, 3, 8), 10) == dt.date(2025, 3, 21)
    # 30/4 and 1/5 (and the substituted day off 2/5/2025)
    assert not deadlines.is_working_day(dt.date(2025, 4, 30))
    assert not deadlines.is_working_day(dt.date(2025, 5, 2))
    # received_at in UTC late evening is already the next day in Hà Nội
    late = dt.datetime(2025, 3, 2, 18, 0, tzinfo=UTC)  # 01:00 Monday 3 March local
    assert deadlines.processing_deadline(late) == dt.date(2025, 3, 17)


def test_extra_days_off_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONTHU_EXTRA_HOLIDAYS", "2025-03-10, 2025-03-11,not-a-date")
    off = deadlines.days_off(Settings())  # read once with the settings, handed to the deadline functions
    assert deadlines.add_working_days(dt.date(2025, 3, 3), 10, off) == dt.date(2025, 3, 19)
    assert deadlines.working_days_between(dt.date(2025, 3, 3), dt.date(2025, 3, 19), off) == 10
    assert deadlines.working_days_between(dt.date(2025, 3, 19), dt.date(2025, 3, 3), off) == -10


def test_deadline_is_monotonic_and_overdue_cutoff_matches() -> None:
    """Sorting by receipt time is sorting by deadline; the overdue cut-off agrees with the deadline."""
    start = dt.date(2025, 1, 1)
    days = [start + dt.timedelta(days=i) for i in range(120)]
    dues = [deadlines.add_working_days(d, 10) for d in days]
    assert dues == sorted(dues)
    for day in days[20:60]:
        cutoff = deadlines.earliest_receipt_due_on_or_after(day)
        assert deadlines.add_working_days(cutoff, 10) >= day
        assert deadlines.add_working_days(cutoff - dt.timedelta(days=1), 10) < day
