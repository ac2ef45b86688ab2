"""nlp.extract: the fields of whole petitions (forms, prose, group, anonymous, OCR damage, stamps)."""

from __future__ import annotations

import unicodedata

from petition_texts import (
    ANONYMOUS,
    FORM_KHIEU_NAI,
    GROUP,
    LANDLINE_MINORITY_NAME,
    NO_TITLE_CATEGORY,
    NOISY,
    NUMBERED_FORM,
    PROSE_TO_CAO,
    STAMPED_TWO_PAGES,
    TESSERACT_LIKE,
)

from donthu import contract
from donthu.lang.normalize import clean_value
from donthu.nlp import NlpOptions
from donthu.nlp import extract_fields as stage_entry
from donthu.nlp.extract import CONFIDENCE_KEYS, FIELD_NAMES, Extraction, extract_fields


def _complainant(ex):
    return ex.fields["complainant"]


def test_extraction_shape():
    ex = extract_fields(FORM_KHIEU_NAI)
    assert set(ex.fields) == {
        "category",
        "domain",
        "complainant",
        "recipient",
        "respondent",
        "subject",
        "petition_date",
        "signatory_count",
        "anonymous",
    }
    assert set(ex.fields["complainant"]) == {"name", "address", "id_number", "phone"}
    assert set(ex.confidence) == set(CONFIDENCE_KEYS)
    assert all(0.0 <= v <= 1.0 for v in ex.confidence.values())
    assert len(set(ex.confidence.values())) > 3  # not constant
    for key in (
        "id_digits",
        "id_type",
        "phone_digits",
        "place",
        "address_current",
        "signers",
        "attachments",
        "title",
    ):
        assert key in ex.extra


def test_field_names_come_from_the_contract():
    # the export's fields (identity grouped under "complainant") and one confidence per verifiable field
    assert FIELD_NAMES == (
        "category",
        "domain",
        "complainant",
        "recipient",
        "respondent",
        "subject",
        "petition_date",
        "signatory_count",
        "anonymous",
    )
    assert CONFIDENCE_KEYS == contract.VERIFIABLE_FIELDS
    assert tuple(extract_fields(FORM_KHIEU_NAI).fields) == FIELD_NAMES
    assert stage_entry is extract_fields  # the stage's public entry (donthu.nlp) is the package's
    raw = stage_entry(FORM_KHIEU_NAI, NlpOptions(calibration=False))
    assert isinstance(raw, Extraction) and tuple(raw.confidence) == CONFIDENCE_KEYS


def test_official_form_with_varied_labels():
    ex = extract_fields(FORM_KHIEU_NAI)
    f, c = ex.fields, _complainant(ex)
    assert f["category"] == "khieu_nai"
    assert f["domain"] == "dat_dai"
    assert c["name"] == "Lê Thị Hồng Nhung"
    assert c["id_number"] == "079175001234"
    assert c["address"] == "45/12 đường Lã Xuân Oai, phường Tăng Nhơn Phú A, TP. Thủ Đức, TP. Hồ Chí Minh"
    assert c["phone"] == "0909 123 456"
    assert f["recipient"] == "Ủy ban nhân dân Quận 9, Thành phố Hồ Chí Minh"
    assert f["respondent"] == "Chủ tịch Ủy ban nhân dân Quận 9"
    assert f["subject"] == "Khiếu nại Quyết định thu hồi đất số 1234/QĐ-UBND"
    assert f["petition_date"] == "2023-06-05"
    assert (f["signatory_count"], f["anonymous"]) == (1, False)
    assert ex.extra["id_type"] == "cccd" and ex.extra["id_digits"] == "079175001234"
    assert ex.extra["phone_digits"] == "0909123456"
    assert ex.extra["place"] == "TP. Hồ Chí Minh"
    assert ex.extra["title"] == "ĐƠN KHIẾU NẠI (lần 2)"
    assert ex.extra["attachments"] == [
        "Bản sao Quyết định số 1234/QĐ-UBND",
        "Bản sao Giấy chứng nhận quyền sử dụng đất",
    ]
    assert ex.extra["address_current"] and "Hồ Chí Minh" in ex.extra["address_current"]


def test_prose_denunciation():
    ex = extract_fields(PROSE_TO_CAO)
    f, c = ex.fields, _complainant(ex)
    assert f["category"] == "to_cao"
    assert f["domain"] == "tham_nhung"
    assert c["name"] == "NGUYỄN VĂN BẢY"  # as written, not re-cased
    assert c["id_number"] == "023456789" and ex.extra["id_type"] == "cmnd"
    assert c["address"] == "ấp 3, xã Vĩnh Lộc A, huyện Bình Chánh, TP. Hồ Chí Minh"
    assert c["phone"] == "0912.345.678"
    # several recipients on "- " lines: the first is the recipient, all are kept in extra
    assert f["recipient"] == "Thanh tra huyện Bình Chánh"
    assert ex.extra["recipients"] == ["Thanh tra huyện Bình Chánh", "Công an huyện Bình Chánh"]
    assert f["respondent"] == "ông Trần Văn Tám, cán bộ địa chính xã Vĩnh Lộc A"
    assert f["subject"].startswith("ông Trần Văn Tám") and "nhận tiền" in f["subject"]
    assert f["petition_date"] == "2022-11-03"


def test_anonymous_denunciation():
    ex = extract_fields(ANONYMOUS)
    f = ex.fields
    assert f["anonymous"] is True
    assert f["signatory_count"] == 0
    assert f["complainant"] == {"name": None, "address": None, "id_number": None, "phone": None}
    assert f["category"] == "to_cao"
    assert f["domain"] == "dang_doan_the"
    assert f["recipient"] == "Ủy ban Kiểm tra Huyện ủy Tân Phú"
    assert f["respondent"] == "đồng chí Lê Văn Chín, Bí thư Đảng ủy xã Phú Lập"
    assert f["petition_date"] == "2024-01-15"  # the date line may stand at the end
    assert ex.confidence["anonymous"] >= 0.9


def test_group_petition_counts_signers():
    ex = extract_fields(GROUP)
    f, c = ex.fields, _complainant(ex)
    assert f["category"] == "kien_nghi"
    assert f["signatory_count"] == 6 and f["anonymous"] is False
    assert ex.extra["signers"][:2] == ["Thạch Sa Rên", "Kim Thị Sa Phol"]
    assert c["name"] == "Thạch Sa Rên"  # the representative, honorific dropped
    assert c["id_number"] == "084060001122"
    assert c["phone"] == "0388 777 666"
    assert f["subject"] == "đề nghị sửa chữa cầu dân sinh qua kênh Xáng"
    assert f["respondent"] is None
    assert "signatory_count" in ex.spans


def test_ocr_noisy_labels_and_stamp():
    ex = extract_fields(NOISY)
    f, c = ex.fields, _complainant(ex)
    assert f["category"] == "khieu_nai"
    assert f["petition_date"] == "2024-03-15"
    assert f["recipient"] == "Chủ tịch UBND quận Long Biên"
    assert c["name"] == "Đỗ Minh Tuấn"
    assert c["address"] == "số 12 ngõ 45 phố Ngọc Lâm, phường Ngọc Lâm, quận Long Biên, Hà Nội"
    assert c["id_number"] == "001080012345"  # colon lost by OCR
    assert c["phone"] == "0983 456 789"
    assert f["subject"] == (
        "Quyết định xử phạt vi phạm hành chính số 56/QĐ-XPVPHC ngày 01/3/2024 "
        "của Chủ tịch UBND phường Ngọc Lâm"
    )
    assert f["respondent"] == "Chủ tịch UBND phường Ngọc Lâm"
    assert f["domain"] == "nha_tai_san"
    # the stamp is recognised and does not leak into any value
    assert len(ex.extra["stamps"]) == 1
    s, e = ex.extra["stamps"][0]
    assert NOISY[s:e].startswith("ĐẾN Số: 123")
    # old address -> current unit after the 2025 reform
    assert ex.extra["address_current"] == "Phường Bồ Đề, Thành phố Hà Nội"
    # noisy labels are read with less confidence than clean ones
    clean = extract_fields(FORM_KHIEU_NAI)
    assert ex.confidence["recipient"] < clean.confidence["recipient"]


def test_category_from_content_and_prose_subject():
    ex = extract_fields(NO_TITLE_CATEGORY)
    f, c = ex.fields, _complainant(ex)
    assert f["category"] == "phan_anh"
    assert ex.extra["category_source"] == "content"
    assert f["domain"] == "moi_truong"
    assert c["name"] == "Phạm Thị Thu"
    assert c["address"] == "tổ 5, phường Bồ Đề, thành phố Hà Nội"
    assert c["phone"] == "0868 111 222"
    assert c["id_number"] is None
    assert f["subject"].startswith("tình trạng đổ rác thải")
    assert f["petition_date"] == "2025-08-02"
    # already in the new (two-level) form: kept as the current unit
    assert ex.extra["address_current"] == "Phường Bồ Đề, Thành phố Hà Nội"


def test_numbered_labels_inline_labels_and_international_phone():
    ex = extract_fields(NUMBERED_FORM)
    f, c = ex.fields, _complainant(ex)
    assert f["category"] == "kien_nghi"
    assert c["name"] == "Trịnh Văn Khoa"
    assert c["id_number"] == "013 456 789" and ex.extra["id_digits"] == "013456789"
    assert c["address"] == "thôn Đổng Xuyên, xã Yên Thường, huyện Gia Lâm, thành phố Hà Nội"
    assert c["phone"] == "+84 912 345 678" and ex.extra["phone_digits"] == "0912345678"
    assert f["subject"] == "cấp lại Giấy chứng nhận quyền sử dụng đất bị mất"
    assert f["recipient"] == "Ủy ban nhân dân huyện Gia Lâm"
    assert f["petition_date"] == "2020-09-07"
    assert f["domain"] == "dat_dai"


def test_stamp_block_split_title_dotted_leaders():
    ex = extract_fields(STAMPED_TWO_PAGES)
    f, c = ex.fields, _complainant(ex)
    assert ex.extra["title"] == "ĐƠN PHẢN ÁNH"
    assert f["category"] == "phan_anh"
    assert c["name"] == "Hoàng Văn Sơn"
    assert f["subject"] == (
        "Công ty TNHH Vật liệu xây dựng Hồng Hà khai thác cát trái phép trên sông Hồng, gây sạt lở bờ đê"
    )
    assert f["respondent"] == "Công ty TNHH Vật liệu xây dựng Hồng Hà"
    assert f["petition_date"] == "2024-02-20"  # not the stamp's date
    [(s, e)] = ex.extra["stamps"]  # the whole reception stamp block
    assert STAMPED_TWO_PAGES[s:e] == "CÔNG VĂN ĐẾN\nSố: 457\nNgày: 22/02/2024"


def test_landline_and_minority_name():
    ex = extract_fields(LANDLINE_MINORITY_NAME)
    c = _complainant(ex)
    assert c["name"] == "Y Bhin Niê"
    assert c["phone"] == "(0262) 3851 234" and ex.extra["phone_digits"] == "02623851234"
    assert c["id_number"] == "0661 9000 1234" and ex.extra["id_valid"] is True
    assert ex.fields["petition_date"] == "2024-05-20"
    assert ex.fields["category"] == "phan_anh"


def test_tesseract_like_output_with_stamp_debris():
    ex = extract_fields(TESSERACT_LIKE)
    f, c = ex.fields, _complainant(ex)
    assert f["recipient"] == "Chủ tịch Ủy ban nhân dân huyện Thanh Trì"  # label behind stamp debris
    assert c["name"] == "Phùng Thị Lan"
    assert c["address"] == "số 7 ngõ 12 đường Ngọc Hồi, xã Ngọc Hồi, huyện Thanh Trì, thành phố Hà Nội"
    assert c["phone"] == "0912 345 674" and ex.extra["phone_digits"] == "0912345674"  # "A" read as 4
    # wrapped values continue over the empty lines OCR inserted, without the specks
    assert f["respondent"] == "Chủ tịch Ủy ban nhân dân xã Ngọc Hồi, huyện Thanh Trì, thành phố Hà Nội"
    assert f["subject"] == (
        "Quyết định số 88/QĐ-UBND ngày 01/9/2022 về việc cưỡng chế tháo dỡ công trình "
        "xây dựng trên đất nông nghiệp"
    )
    assert f["signatory_count"] == 6  # "S." is an OCR'd "5."
    assert f["category"] == "khieu_nai" and f["petition_date"] == "2022-10-12"
    # read with less confidence than a clean labelled line
    assert ex.confidence["recipient"] < extract_fields(FORM_KHIEU_NAI).confidence["recipient"]


def test_recipient_found_by_position_when_the_label_is_destroyed():
    text = TESSERACT_LIKE.replace("BAN TIẾP CÔNG Ð%nh gửi:", "ha lï øửi")
    ex = extract_fields(text)
    assert ex.fields["recipient"] == "Chủ tịch Ủy ban nhân dân huyện Thanh Trì"
    assert ex.confidence["recipient"] < min(0.9, extract_fields(FORM_KHIEU_NAI).confidence["recipient"])


def test_spans_point_at_values_in_the_input():
    for text in (FORM_KHIEU_NAI, PROSE_TO_CAO, NOISY):
        ex = extract_fields(text)
        c = _complainant(ex)
        for key in ("name", "address", "phone", "recipient", "subject", "respondent"):
            value = c.get(key) if key in c else ex.fields[key]
            if value is None:
                continue
            s, e = ex.spans[key]
            assert clean_value(text[s:e]).lstrip("+(") == value.lstrip("+(")


def test_spans_survive_nfd_and_crlf_input():
    raw = unicodedata.normalize("NFD", NOISY).replace("\n", "\r\n")
    ex = extract_fields(raw)
    assert _complainant(ex)["name"] == "Đỗ Minh Tuấn"
    s, e = ex.spans["name"]
    assert unicodedata.normalize("NFC", raw[s:e]) == "Đỗ Minh Tuấn"
    s, e = ex.spans["address"]
    assert clean_value(raw[s:e]) == _complainant(ex)["address"]


def test_invalid_values_are_kept_with_low_confidence():
    text = FORM_KHIEU_NAI.replace("079175001234", "099175001234").replace("0909 123 456", "0123 456 78")
    ex = extract_fields(text)
    c = _complainant(ex)
    assert c["id_number"] == "099175001234"  # as written, flagged
    assert ex.extra["id_valid"] is False
    assert ex.confidence["id_number"] < 0.7 < extract_fields(FORM_KHIEU_NAI).confidence["id_number"]
    assert ex.extra["phone_valid"] is False
    assert ex.confidence["phone"] < 0.5


def test_ocr_damaged_name_lowers_confidence():
    clean = extract_fields(FORM_KHIEU_NAI)
    damaged = extract_fields(
        FORM_KHIEU_NAI.replace(
            "Họ tên người khiếu nại: Lê Thị Hồng Nhung", "Họ tên người khiếu nại: Lê Thị Hồhg Nhuhg"
        )
    )
    # the printed name under the signature is a second, clean reading of the same name: it wins
    assert _complainant(damaged)["name"] == "Lê Thị Hồng Nhung"
    unsigned = FORM_KHIEU_NAI.replace("Lê Thị Hồng Nhung\n", "Lê Thị Hồhg Nhuhg\n", 1).rsplit(
        "NGƯỜI KHIẾU", 1
    )[0]
    damaged = extract_fields(unsigned)
    assert _complainant(damaged)["name"] == "Lê Thị Hồhg Nhuhg"
    assert damaged.confidence["name"] < clean.confidence["name"] - 0.15


def test_bad_date_is_rejected():
    text = FORM_KHIEU_NAI.replace("ngày 05 tháng 6 năm 2023", "ngày 31 tháng 6 năm 2023")
    ex = extract_fields(text)
    assert ex.fields["petition_date"] is None


def test_empty_and_garbage_input():
    for text in ("", "   \n\n", "%%% ### 12 34"):
        ex = extract_fields(text)
        assert ex.fields["complainant"]["name"] is None
        assert ex.fields["petition_date"] is None
        assert ex.fields["category"] is None
        assert set(ex.confidence) == set(CONFIDENCE_KEYS)


# ------------------------------------------------------------------------------------------ names, stamps
def test_given_name_that_is_also_a_word():
    # "Tám" (eight) followed by "trú" folds to "tam tru" (tạm trú): the comma ends the name, not the stop pair
    ex = extract_fields("Tôi tên là Lê Văn Tám, trú tại xóm 2, xã Nghi Phú.")
    assert _complainant(ex)["name"] == "Lê Văn Tám"
    assert _complainant(ex)["address"] == "xóm 2, xã Nghi Phú"
    # and without the comma: a name does not end with its middle name
    ex = extract_fields("Tôi tên là Trần Văn Năm sinh năm 1960, trú tại thôn Đông, xã Nam Hồng.")
    assert _complainant(ex)["name"] == "Trần Văn Năm"


def test_name_cut_by_the_stamp_is_completed_from_the_signature():
    text = FORM_KHIEU_NAI.replace(
        "Họ tên người khiếu nại: Lê Thị Hồng Nhung", "Họ tên người khiếu nại: Hồng Nhung"
    )
    ex = extract_fields(text)
    assert _complainant(ex)["name"] == "Lê Thị Hồng Nhung"
    assert ex.extra["name_check"] == "close"
    # a different person signing (a representative) does not replace the name
    other = FORM_KHIEU_NAI.replace(
        "(Ký và ghi rõ họ tên)\nLê Thị Hồng Nhung", "(Ký và ghi rõ họ tên)\nPhan Văn Bình"
    )
    assert _complainant(extract_fields(other))["name"] == "Lê Thị Hồng Nhung"


def test_authority_name_damaged_under_the_stamp_is_restored():
    from donthu.nlp.authority import repair_authority

    assert repair_authority("Ủ/ ban nfiân dân huyện Hạ Hòa")[0] == "Ủy ban nhân dân huyện Hạ Hòa"
    assert repair_authority("Ban công dân tỉnh Hà Tĩnh")[0] == "Ban Tiếp công dân tỉnh Hà Tĩnh"  # a word lost
    assert repair_authority("Chủtịch Ủy ban nhân dân xã Yên Sở")[0] == "Chủ tịch Ủy ban nhân dân xã Yên Sở"
    # written correctly, or not a standard authority: unchanged
    for value in ("Chủ tịch UBND xã Yên Sở", "Công ty TNHH Hoa Mai", "Ban Quản lý chợ Bến Thành"):
        assert repair_authority(value) == (value, 0.0)
    text = FORM_KHIEU_NAI.replace(
        "Kính gửi: Ủy ban nhân dân Quận 9", "ĐẾN Số: 12\nKính gửi: Ủy ban nhn dân Quận 9"
    ).replace("ĐƠN KHIẾU NẠI (lần 2)", "BAN TIẾP CÔNG DÂN ĐƠN KHIẾU NẠI (lần 2)")
    ex = extract_fields(text)
    assert ex.fields["recipient"] == "Ủy ban nhân dân Quận 9, Thành phố Hồ Chí Minh"
    assert ex.extra["title"].startswith("ĐƠN KHIẾU NẠI")  # the stamp's words in front of the title skipped


def test_address_stops_at_a_sentence_whose_capital_was_lost():
    text = (
        "Tôi tên là Đỗ Thị Mai, sinh năm 1975, hiện cư trú tại thôn Thượng, xã Tư Nghĩa, tỉnh Quảng\n"
        "Ngãi. số điện thoại liên hệ 0350.340.192."
    )
    assert _complainant(extract_fields(text))["address"] == "thôn Thượng, xã Tư Nghĩa, tỉnh Quảng Ngãi"


def test_bracket_read_for_zero_inside_an_id_number():
    ex = extract_fields(
        "Tôi tên là Vũ Quang An, sinh năm 1976, số căn cước công dân 086(76347516, trú tại xã X."
    )
    assert ex.extra["id_digits"] == "086076347516" and ex.extra["id_valid"]
