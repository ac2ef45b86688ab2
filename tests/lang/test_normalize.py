"""lang.normalize: NFC with offsets, clean values and the folds."""

from __future__ import annotations

import unicodedata

from donthu.lang.normalize import clean_value, nfc, normalize_with_map
from donthu.lang.normalize import fold_chars as fold


def test_nfc_unifies_tone_placement_and_spaces():
    assert nfc("Thanh Hoá, thuỷ lợi, Uỷ ban, khoẻ") == "Thanh Hóa, thủy lợi, Ủy ban, khỏe"
    # final consonant or "qu": tone already where both conventions put it
    assert nfc("hoàng quý thuyền khuya") == "hoàng quý thuyền khuya"
    assert nfc("HOÀ\u00a0BÌNH\u200b") == "HÒA BÌNH"
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    assert nfc(nfd) == "Nguyễn Thị Hòa"


def test_normalize_with_map_points_back_into_the_input():
    raw = unicodedata.normalize("NFD", "Kính gửi:\r\nÔng Lê") + "\u00a0A"
    norm, offsets = normalize_with_map(raw)
    assert norm == "Kính gửi:\nÔng Lê A"
    i = norm.index("Ông")
    assert unicodedata.normalize("NFC", raw[offsets[i] : offsets[i + 3]]) == "Ông"
    assert offsets[len(norm)] == len(raw)


def test_clean_value_and_fold():
    assert clean_value("  : Nguyễn   Văn\nAn. ") == "Nguyễn Văn An"
    assert clean_value("..........Hoàng Văn Sơn........") == "Hoàng Văn Sơn"
    assert clean_value("(V/v: thu hồi đất)") == "(V/v: thu hồi đất)"
    assert clean_value("thu hồi đất)") == "thu hồi đất"
    s = "ĐƠN KHIẾU NẠI Đặng Thị Ưng"
    assert fold(s) == "don khieu nai dang thi ung"
    assert len(fold(s)) == len(s)
