"""nlp.validate: ID numbers, phones and dates."""

from __future__ import annotations

import datetime as dt

from donthu.nlp.validate import (
    check_id_number,
    check_phone,
    is_valid_cccd,
    make_date,
)


def test_cccd_validation():
    assert is_valid_cccd("001080012345")  # Hà Nội, male born 1980
    assert is_valid_cccd("079175001234")  # Hồ Chí Minh, female born 1975
    assert not is_valid_cccd("003080012345")  # 003 is not a province code
    assert not is_valid_cccd("099080012345")  # beyond 096
    assert not is_valid_cccd("00108001234")  # 11 digits
    # century digit 2 (born 20xx) with year 99 -> 2099: impossible birth year
    assert not is_valid_cccd("001299012345", today=dt.date(2025, 1, 1))
    chk = check_id_number("0011 8001 2345")
    assert chk.id_type == "cccd" and chk.valid and chk.digits == "001180012345"
    bad = check_id_number("013158927502")
    assert bad.id_type == "cccd" and not bad.valid and "province" in bad.reason


def test_cmnd_and_other_lengths():
    assert check_id_number("023 456 789").id_type == "cmnd"
    assert check_id_number("023456789").valid
    assert check_id_number("12345").id_type is None


def test_phone_validation():
    assert check_phone("0912.345.678").digits == "0912345678"
    assert check_phone("0383 456 789").kind == "mobile"
    assert check_phone("+84 912 345 678").digits == "0912345678"
    landline = check_phone("(0243) 826 1234")
    assert landline.valid and landline.kind == "landline" and landline.digits == "02438261234"
    assert not check_phone("0123456789").valid  # old 01x prefix, 10 digits
    assert not check_phone("091234567").valid  # too short
    assert not check_phone("0243826123").valid  # landline needs 11 digits
    assert not check_phone("0304636345").known_prefix  # 030 is not in use (OCR read 9 as 3?): flagged
    assert check_phone("0904636345").known_prefix
    assert check_phone("0168 123 4567").kind == "mobile_old"


def test_dates():
    assert make_date(29, 2, 2024) == dt.date(2024, 2, 29)
    assert make_date("05", "06", "2023") == dt.date(2023, 6, 5)
    assert make_date(29, 2, 2023) is None
    assert make_date(31, 4, 2024) is None
    assert make_date(15, 13, 2024) is None
    assert make_date(1, 1, 1800) is None
