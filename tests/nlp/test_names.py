"""nlp.names: OCR-damaged surnames repaired, real names kept."""

from __future__ import annotations

from donthu.nlp.extract import extract_fields


def test_ocr_damaged_surname_is_repaired_but_real_names_kept() -> None:
    from donthu.nlp.names import repair_surname

    assert repair_surname("Trân Minh Liên") == "Trần Minh Liên"
    assert repair_surname("Tràn Thị Nga") == "Trần Thị Nga"
    assert repair_surname("NGUYÊN VĂN AN") == "NGUYỄN VĂN AN"
    for name in ("Nguyễn Văn An", "Lê Thị Hoa", "Tạ Ngọc Chi", "An", "Vân Anh"):
        assert repair_surname(name) == name
    fields = extract_fields("ĐƠN KHIẾU NẠI\nKính gửi: UBND xã Tân Phú\nHọ và tên: Trân Minh Liên\n").fields
    assert fields["complainant"]["name"] == "Trần Minh Liên"
