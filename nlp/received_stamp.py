"""The reception stamp (dấu «ĐẾN» / «CÔNG VĂN ĐẾN») as OCR reads it: its number and its date.

A stamped petition carries the day the agency received it: ``ĐẾN Số: 123 Ngày: 12/5/2023``, a ``CÔNG VĂN ĐẾN``
block (``Số: 45`` / ``Ngày 3 tháng 4 năm 2022``, the blanks filled by hand), ``Đến số 45 ngày 3-4-22``. OCR
loses diacritics (``DEN So: 123 Ngay``), misreads ``Số`` (``sẽ``, ``S6``) and digits (``O`` for ``0``), and
reads the stamp's lines out of order, interleaved with the page's own lines (a stamp is printed over the
header). So the stamp is found from its markers (the word ``ĐẾN`` in capitals or opening a line, ``CÔNG VĂN
ĐẾN``, ``Số:`` or ``Chuyển:`` opening a line) and its date is looked for on the lines around them: first a
``Ngày:`` with a numeric date, then a numeric date opening a line, then ``ngày … tháng … năm …`` opening a line
(a petition's own date line opens with its place: ``Hà Nội, ngày …``). A date mentioned in the body (``đến
ngày 5/3/2023``) is not a stamp: ``đến`` there is neither capitalised nor followed by ``Số``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..lang.normalize import fold_chars, nfc
from .validate import fix_ocr_digits, make_date

__all__ = ["StampInfo", "find_received_stamp"]

MIN_YEAR = 1945
WINDOW_BEFORE = 3  # lines before a marker searched for the date (OCR reads the stamp out of order)
WINDOW_AFTER = 4
HEAD_LINES = 40  # the stamp is on the first page, near its top: only this many lines are looked at


@dataclass(frozen=True)
class StampInfo:
    number: str | None  # the stamp's "Số" (entry number in the agency's register), when read
    date: dt.date | None  # the day received, when read
    line: int  # 0-based line of the stamp's marker in the text
    text: str  # the lines the stamp was read from (for the audit)


_D = r"[0-9OoIlSs|]"  # a digit as OCR may read it
_SO = r"s[a-z0-9]{0,2}"  # "Số" read as "so", "se", "s6", "sô"
_DEN_RE = re.compile(r"(?<![a-z])(?:cong\s*van\s*)?den(?![a-z])")
_FOLLOW_RE = re.compile(rf"\s*[:.]?\s*{_SO}\s*(?:[:.;]|{_D})")  # "Số: 123" (or "Số:") right after ĐẾN
_NUMBER_RE = re.compile(rf"(?<![a-z]){_SO}\s*[:.;]?\s*({_D}{{1,8}}(?:/[0-9a-z\-]{{1,12}})?)(?![a-z0-9])")
# a line opening with the stamp's "Chuyển:" or "CÔNG VĂN ĐẾN", or holding only its "Số: 123"
_LINE_MARK_RE = re.compile(
    rf"^\W*(?:chuyen\s*[:.;]|cong\s*van\s*den|so\s*[:.;]\s*{_D}[0-9a-z/\-.]{{0,12}}\s*$)"
)
_NUM_DATE = rf"({_D}{{1,2}})\s*[/.\-]\s*({_D}{{1,2}})\s*[/.\-]\s*({_D}{{4}}|{_D}{{2}})(?![0-9])"
_LABELLED_RE = re.compile(rf"nga[yv]\s*[:.;]\s*{_NUM_DATE}")
_NUMERIC_RE = re.compile(rf"^\W*(?:nga[yv]\s*[:.;]?\s*)?{_NUM_DATE}")
_WORDS_RE = re.compile(
    rf"^\W*nga[yv]\s*[:.]?\s*({_D}{{1,2}})\s*[,.]?\s*th[a-z]{{2,4}}\s*[:.]?\s*({_D}{{1,2}})"
    rf"\s*[,.]?\s*n[a-z]{{1,3}}\s*[:.]?\s*({_D}{{4}}|{_D}{{2}})(?![0-9])"
)
_INLINE_RE = re.compile(  # "Đến số 45 ngày 3-4-22" on one line
    rf"(?<![a-z])den\s*{_SO}\s*[:.;]?\s*({_D}[0-9A-Za-z/\-]{{0,12}})\s*[,.]?\s*nga[yv]\s*[:.;]?\s*{_NUM_DATE}"
)


_S_AS_5 = str.maketrans("Ss", "55")


def _stamp_number(token: str) -> str:
    """ "123", "12/TCD": the register number before a "/" read as digits, the symbol after it as written."""
    head, sep, tail = token.rstrip(".-/").partition("/")
    return _digits(head) + sep + tail


def _digits(token: str) -> str:
    return fix_ocr_digits(token.replace("|", "1")).translate(_S_AS_5)


_AS_DIGITS = str.maketrans("OoIl|Ss", "0011155")  # a date's groups hold only digits as OCR may read them


def _date(groups: tuple[str, ...], today: dt.date) -> dt.date | None:
    d, m, y = (g.translate(_AS_DIGITS) for g in groups)
    day = make_date(d, m, y, min_year=MIN_YEAR, max_year=today.year)
    return day if day is not None and day <= today else None


def _is_marker(raw: str, folded: str) -> bool:
    """Does this line carry a stamp marker: ĐẾN in capitals or opening the line, CÔNG VĂN ĐẾN, or a stamp
    field label opening the line?"""
    if _LINE_MARK_RE.match(folded):
        return True
    for m in _DEN_RE.finditer(folded):
        word = raw[m.end() - 3 : m.end()]
        at_start = not folded[: m.start()].strip(" \t.,:;-|_=*'\"")
        follows = _FOLLOW_RE.match(folded, m.end()) is not None or folded[m.end() :].lstrip()[:2] == "so"
        if (word.isupper() or at_start) and follows:
            return True
        if word.isupper() and len(folded.strip()) <= 6:  # "ĐẾN" alone on its line: the rest read apart
            return True
    return False


def _number(raw: list[str], lines: list[str], marks: list[int]) -> str | None:
    for i in marks:
        den = _DEN_RE.search(lines[i])
        m = _NUMBER_RE.search(lines[i], den.end() if den else 0)
        if m:
            num = _stamp_number(raw[i][m.start(1) : m.end(1)])
            if any(c.isdigit() for c in num):
                return num
    return None


def _find_date(lines: list[str], marks: list[int], today: dt.date) -> dt.date | None:
    near = sorted(
        {j for i in marks for j in range(i - WINDOW_BEFORE, i + WINDOW_AFTER + 1) if 0 <= j < len(lines)}
    )
    near.sort(key=lambda j: min(abs(j - i) for i in marks))
    for rx in (_LABELLED_RE, _NUMERIC_RE, _WORDS_RE):
        for j in near:
            m = rx.search(lines[j]) if rx is _LABELLED_RE else rx.match(lines[j])
            if m:
                day = _date(m.groups()[-3:], today)
                if day is not None:
                    return day
    return None


def find_received_stamp(text: str, today: dt.date | None = None) -> StampInfo | None:
    """The reception stamp read from a petition's text (OCR), or None when the text shows none.

    ``StampInfo.date`` is None when a stamp is there but its date cannot be read (left blank, or lost to the
    OCR); dates before 1945 or after ``today`` are not dates of receipt."""
    today = today or dt.date.today()
    raw_lines = nfc(text or "").splitlines()[:HEAD_LINES]
    lines = [fold_chars(ln) for ln in raw_lines]
    for i, ln in enumerate(lines):  # the whole stamp on one line: "Đến số 45 ngày 3-4-22"
        m = _INLINE_RE.search(ln)
        if m and _is_marker(raw_lines[i], ln):
            day = _date(m.groups()[-3:], today)
            if day is not None:
                return StampInfo(
                    _stamp_number(raw_lines[i][m.start(1) : m.end(1)]), day, i, raw_lines[i].strip()
                )
    marks = [i for i, ln in enumerate(lines) if _is_marker(raw_lines[i], ln)]
    if not marks:
        return None
    day = _find_date(lines, marks, today)
    lo, hi = max(0, marks[0] - WINDOW_BEFORE), min(len(lines), marks[-1] + WINDOW_AFTER + 1)
    shown = "\n".join(s.strip() for s in raw_lines[lo:hi] if s.strip())[:500]
    return StampInfo(_number(raw_lines, lines, marks), day, marks[0], shown)
