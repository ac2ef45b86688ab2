"""Validators for identity numbers, phone numbers and dates written in petitions."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

__all__ = [
    "CCCD_PROVINCE_CODES",
    "IdCheck",
    "check_id_number",
    "is_valid_cccd",
    "is_valid_cmnd",
    "PhoneCheck",
    "check_phone",
    "digits_of",
    "fix_ocr_digits",
    "ocr_digit",
    "make_date",
]

# Province/city codes of the 12-digit citizen identity number (CCCD, Thông tư 07/2016/TT-BCA, the 63 pre-2025
# provinces; numbers already issued keep their code after the 2025 merger).
CCCD_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# 4th digit of a CCCD: gender and century of birth (0/1 = 1900s, 2/3 = 2000s, 4/5 = 2100s, ...)
_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}

# OCR confusions inside digit strings
_DIGIT_FIX = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "|": "1",
        "i": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "g": "9",
        "q": "9",
        "A": "4",
    }
)


def digits_of(s: str | None) -> str:
    return re.sub(r"\D", "", s or "")


def ocr_digit(ch: str) -> str:
    """The digit OCR probably misread as this letter ("O" -> "0", "A" -> "4"), or the character itself."""
    return ch.translate(_DIGIT_FIX)


def fix_ocr_digits(token: str) -> str:
    """Map letters OCR commonly confuses with digits, only in tokens that are mostly digits already."""
    n_digits = sum(c.isdigit() for c in token)
    n_alnum = sum(c.isalnum() for c in token)
    if n_alnum and n_digits / n_alnum >= 0.7:
        return token.translate(_DIGIT_FIX)
    return token


def is_valid_cccd(digits: str, today: _dt.date | None = None) -> bool:
    """12 digits, a real province code, and a gender/century digit giving a birth year not in the future."""
    if not re.fullmatch(r"\d{12}", digits or ""):
        return False
    if digits[:3] not in CCCD_PROVINCE_CODES:
        return False
    year = _CENTURY[int(digits[3])] + int(digits[4:6])
    today = today or _dt.date.today()
    return 1880 <= year <= today.year


def is_valid_cmnd(digits: str) -> bool:
    """Old 9-digit identity card number (the first two digits are a province code 01-38 or 9x for some)."""
    return bool(re.fullmatch(r"\d{9}", digits or "")) and digits != "000000000"


@dataclass
class IdCheck:
    digits: str
    id_type: str | None  # "cccd" | "cmnd" | None
    valid: bool
    reason: str = ""


def check_id_number(text: str | None) -> IdCheck:
    d = digits_of(text)
    if len(d) == 12:
        if d[:3] not in CCCD_PROVINCE_CODES:
            return IdCheck(d, "cccd", False, f"unknown province code {d[:3]}")
        if not is_valid_cccd(d):
            return IdCheck(d, "cccd", False, "birth century/year digits impossible")
        return IdCheck(d, "cccd", True)
    if len(d) == 9:
        return IdCheck(d, "cmnd", is_valid_cmnd(d), "" if is_valid_cmnd(d) else "invalid")
    return IdCheck(d, None, False, f"{len(d)} digits")


# mobile prefixes in use since the 2018 renumbering (Viettel 032-039, 086, 096-098; VinaPhone 081-085, 088, 091,
# 094; MobiFone 070, 076-079, 089, 090, 093; Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Itelecom 087)
_MOBILE_RE = r"0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}"


@dataclass
class PhoneCheck:
    digits: str  # national form, leading 0
    kind: str | None  # "mobile" | "mobile_old" | "landline" | None
    valid: bool
    known_prefix: bool = True  # a mobile prefix in use today


def check_phone(text: str | None) -> PhoneCheck:
    """Vietnamese numbers: mobile 10 digits with a prefix in use (032-039, 05x, 070/076-079, 081-089, 09x), old
    11-digit mobiles 01x; landline 11 digits 02x. ``+84``/``84`` accepted."""
    d = digits_of(text)
    if d.startswith("84") and len(d) in (11, 12):
        d = "0" + d[2:]
    elif d.startswith("0084"):
        d = "0" + d[4:]
    if re.fullmatch(r"0[35789]\d{8}", d):
        # a prefix not in use is still kept as valid (old numbering in backlogs), flagged for the confidence
        return PhoneCheck(d, "mobile", True, bool(re.fullmatch(_MOBILE_RE, d)))
    if re.fullmatch(r"01[2-9]\d{8}", d):
        return PhoneCheck(d, "mobile_old", True)  # 11-digit mobile numbers renumbered in 2018 (backlogs)
    if re.fullmatch(r"02\d{9}", d):
        return PhoneCheck(d, "landline", True)
    return PhoneCheck(d, None, False)


def make_date(
    day: int | str, month: int | str, year: int | str, min_year: int = 1945, max_year: int = 2100
) -> _dt.date | None:
    """A real calendar date, or None (``31 tháng 2``, month 13, year 20224 ...)."""
    try:
        d, m, y = int(day), int(month), int(year)
    except (TypeError, ValueError):
        return None
    if y < 100:  # "15/3/24"
        y += 2000 if y < 70 else 1900
    if not (min_year <= y <= max_year):
        return None
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None
