"""The working-day calendar of the legal clocks and of the processing deadline.

A working day is a Monday to Friday that is not a Vietnamese public holiday (the ``holidays`` package: Tết, Giỗ
Tổ, 30/4, 1/5, 2/9, the government's substituted days off) and not one of the agency's extra days off (the
``extra_holidays`` setting, ``YYYY-MM-DD,YYYY-MM-DD,...``, read once with the settings and handed to these
functions as ``extra``, see :func:`days_off`). A Saturday the government made a working day in exchange for a
substituted day off (e.g. 26/4/2025 for 2/5/2025) counts as a working day, unless it is an extra day off.

Counting convention (Bộ luật Dân sự 2015 Điều 147-148): the day of the event is day 0; a period in days ends on
the n-th day after it. A period counted in calendar days whose last day is a day off ends on the next working
day (:func:`roll_forward`); a period in years ends on the same day and month of the last year (29/2 -> 28/2).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from ..config import Settings

NO_DAYS_OFF: frozenset[dt.date] = frozenset()
_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=8)
def parse_days_off(raw: str) -> frozenset[dt.date]:
    """The dates of a ``YYYY-MM-DD,YYYY-MM-DD`` string (``;`` works too); a malformed date is skipped."""
    out: set[dt.date] = set()
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            out.add(dt.date.fromisoformat(part))
        except ValueError:
            continue  # a typo in one date must not stop the station
    return frozenset(out)


def days_off(settings: Settings) -> frozenset[dt.date]:
    """The extra days off of the settings (a malformed date is skipped)."""
    return parse_days_off(settings.extra_holidays)


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(public holidays, Saturdays/Sundays made working days) of one year."""
    vn = holidays.country_holidays("VN", years=year)
    swapped = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return frozenset(vn.keys()), swapped


def is_working_day(day: dt.date, extra: frozenset[dt.date] = NO_DAYS_OFF) -> bool:
    if day in extra:
        return False
    public, swapped = _year(day.year)
    if day in public:
        return False
    return day.weekday() < 5 or day in swapped


def add_working_days(start: dt.date, n: int, extra: frozenset[dt.date] = NO_DAYS_OFF) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself is day 0, whatever day it is)."""
    day, count = start, 0
    while count < n:
        day += _ONE_DAY
        if is_working_day(day, extra):
            count += 1
    return day


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th calendar day after ``start`` (no roll-forward; see :func:`roll_forward`)."""
    return start + dt.timedelta(days=n)


def add_years(start: dt.date, n: int) -> dt.date:
    """The same day and month ``n`` years later; 29 February becomes 28 February (BLDS 2015 Điều 148(4))."""
    try:
        return start.replace(year=start.year + n)
    except ValueError:
        return start.replace(year=start.year + n, day=28)


def roll_forward(day: dt.date, extra: frozenset[dt.date] = NO_DAYS_OFF) -> dt.date:
    """``day`` if it is a working day, else the next working day (BLDS 2015 Điều 148(5))."""
    while not is_working_day(day, extra):
        day += _ONE_DAY
    return day


def working_days_between(start: dt.date, end: dt.date, extra: frozenset[dt.date] = NO_DAYS_OFF) -> int:
    """Working days from ``start`` (exclusive) to ``end`` (inclusive); negative when ``end`` is earlier."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    n, day = 0, lo
    while day < hi:
        day += _ONE_DAY
        if is_working_day(day, extra):
            n += 1
    return n * sign
