"""Report periods (Thông tư 02/2021/TT-TTCP: quarterly, 6-month, 9-month and yearly reports, or any dates).

A period is two local dates (Asia/Ho_Chi_Minh), both inclusive. By default the periods are calendar ones (quý I =
01/01 to 31/3). ``cutoff=True`` gives the cut-off dates of the government's reporting regime (Nghị định
09/2019/NĐ-CP Điều 12 khoản 4: from the 15th of the month before the period to the 14th of its last month; the
6-month, 9-month and yearly periods start on 15/12 of the year before). Which of the two an agency uses is its
own instruction; the dates can always be given explicitly.
"""

from __future__ import annotations

import datetime as dt

PERIOD_KINDS: dict[str, str] = {
    "quy": "Quý",
    "6thang": "6 tháng",
    "9thang": "9 tháng",
    "nam": "Năm",
}
_LAST_MONTH = {"6thang": 6, "9thang": 9, "nam": 12}
ROMAN = ("I", "II", "III", "IV")


class PeriodError(ValueError):
    """A period that cannot be understood; the message is Vietnamese, for the user."""


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def period_dates(kind: str, year: int, n: int = 1, *, cutoff: bool = False) -> tuple[dt.date, dt.date]:
    """The first and last day of quý ``n`` (1-4), the first 6 or 9 months, or the year ``year``."""
    if kind not in PERIOD_KINDS:
        raise PeriodError(f"Kỳ báo cáo “{kind}” không hợp lệ: dùng {', '.join(PERIOD_KINDS)}.")
    if not 1900 < year < 2200:
        raise PeriodError(f"Năm báo cáo {year} không hợp lệ.")
    if kind == "quy":
        if n not in (1, 2, 3, 4):
            raise PeriodError("Quý phải là 1, 2, 3 hoặc 4.")
        first, last = 3 * n - 2, 3 * n
    else:
        first, last = 1, _LAST_MONTH[kind]
    if not cutoff:
        return dt.date(year, first, 1), _month_end(year, last)
    start = dt.date(year - 1, 12, 15) if first == 1 else dt.date(year, first - 1, 15)
    return start, dt.date(year, last, 14)


def period_label(kind: str, year: int, n: int = 1) -> str:
    """“Quý III năm 2026”, “6 tháng năm 2026”, “Năm 2026”."""
    if kind == "quy":
        return f"Quý {ROMAN[n - 1]} năm {year}"
    if kind == "nam":
        return f"Năm {year}"
    return f"{PERIOD_KINDS[kind]} năm {year}"


def parse_date(text: str, what: str = "ngày") -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise PeriodError(f"{what} “{(text or '')[:40]}” không đúng: dùng dạng YYYY-MM-DD.") from None


def parse_period(
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    kind: str | None = None,
    year: int | None = None,
    n: int | None = None,
    cutoff: bool = False,
) -> tuple[dt.date, dt.date]:
    """Either both dates (YYYY-MM-DD) or a period kind with its year (and quarter): never both, never neither."""
    if kind:
        if date_from or date_to:
            raise PeriodError("Chọn một trong hai: khoảng ngày (--from/--to) hoặc kỳ báo cáo (--period).")
        if year is None:
            raise PeriodError("Kỳ báo cáo cần năm (--year).")
        if kind == "quy" and n is None:
            raise PeriodError("Báo cáo quý cần số quý (--n 1..4).")
        return period_dates(kind, year, n or 1, cutoff=cutoff)
    if not date_from or not date_to:
        raise PeriodError(
            "Cần cả ngày bắt đầu và ngày kết thúc (--from, --to), hoặc một kỳ báo cáo (--period)."
        )
    start, end = parse_date(date_from, "Ngày bắt đầu"), parse_date(date_to, "Ngày kết thúc")
    if end < start:
        raise PeriodError(f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.")
    if (end - start).days > 3 * 366:
        raise PeriodError("Khoảng thời gian báo cáo dài quá 3 năm.")
    return start, end
