"""The art. 6 classification helpers (handling/eligibility.py): content class, the art. 6(2) checklist item by
item and class by class, the signature finding as an input, the reason vocabularies."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from donthu.contract import CONTENT_CLASS_LABELS
from donthu.handling.eligibility import (
    KN_ART11_GROUNDS,
    NOT_ELIGIBLE_REASONS,
    SIGNATURE_SURE,
    SOURCE_LABELS,
    TC_NOT_ACCEPTED,
    checklist,
    content_class_of,
    reason_label,
)

TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 05 tháng 3 năm 2024\n"
    "ĐƠN KHIẾU NẠI\nKính gửi: Ủy ban nhân dân quận Đống Đa\nTôi là Nguyễn Văn An, trú tại số 12 ngõ 5 phố Chùa "
    "Bộc. Ngày 10/01/2024 Ủy ban nhân dân phường Trung Liệt ra quyết định thu hồi đất của gia đình tôi nhưng "
    "không bồi thường theo đúng giá thị trường, ảnh hưởng trực tiếp đến quyền lợi của gia đình tôi. Vì vậy tôi "
    "kính đề nghị Quý cơ quan xem xét hủy quyết định nói trên.\nNGƯỜI KHIẾU NẠI\n(Ký, ghi rõ họ tên)\nNguyễn Văn An"
)
SIGNED = {"present": True, "confidence": 0.95, "page": 1, "anchor": "label"}
UNSIGNED = {"present": False, "confidence": 0.97, "page": 1, "anchor": "label"}


def fields(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "category": "khieu_nai",
        "name": "Nguyễn Văn An",
        "address": "Số 12 ngõ 5 phố Chùa Bộc, quận Đống Đa, Hà Nội",
        "phone": "0912345678",
        "respondent": "Ủy ban nhân dân phường Trung Liệt",
        "subject": "Quyết định thu hồi đất không bồi thường đúng giá",
        "petition_date": "2024-03-05",
        "anonymous": False,
    }
    base.update(over)
    return base


def items(result) -> dict[str, Any]:
    return {i.key: i for i in result.items}


# ---------------------------------------------------------------------------------------------- content class
@pytest.mark.parametrize(
    ("category", "contents", "expected"),
    [
        ("khieu_nai", None, "khieu_nai"),
        ("to_cao", [], "to_cao"),
        ("kien_nghi", None, "kien_nghi_phan_anh"),
        ("phan_anh", ["phan_anh"], "kien_nghi_phan_anh"),
        ("khieu_nai", ["khieu_nai", "to_cao"], "nhieu_noi_dung"),
        ("kien_nghi", ["kien_nghi", "phan_anh"], "kien_nghi_phan_anh"),  # one class: not several contents
        ("to_cao", ["kien_nghi"], "kien_nghi_phan_anh"),  # the contents read decide over the category
        (None, None, "to_cao"),  # unknown: fail closed
        ("khac", ["khac"], "to_cao"),
    ],
)
def test_content_class_of(category, contents, expected) -> None:
    assert content_class_of(category, contents) == expected
    assert expected in CONTENT_CLASS_LABELS


# ---------------------------------------------------------------------------------------------- complete petitions
def test_complete_khieu_nai_is_eligible() -> None:
    r = checklist(fields(), "khieu_nai", SIGNED, TEXT)
    assert r.eligible is True and r.missing == [] and r.reasons == []
    got = items(r)
    assert list(got) == [
        "tieng_viet",
        "ngay_viet_don",
        "ho_ten",
        "dia_chi",
        "chu_ky",
        "bi_khieu_nai",
        "noi_dung_ly_do",
        "yeu_cau",
    ]
    assert all(i.ok is True for i in r.items)
    assert got["chu_ky"].source == "signature" and got["ho_ten"].source == "fields"
    assert got["tieng_viet"].source == "text" and got["yeu_cau"].source == "text"
    assert all(i.source in SOURCE_LABELS for i in r.items)
    assert r.as_dict() == {k: True for k in got}
    assert not r.inspection_only


def test_fields_grouped_like_storage_case_fields() -> None:
    flat = fields()
    grouped = {k: v for k, v in flat.items() if k not in ("name", "address", "phone")}
    grouped["complainant"] = {"name": flat["name"], "address": flat["address"], "phone": flat["phone"]}
    assert (
        checklist(grouped, "khieu_nai", SIGNED, TEXT).as_dict()
        == checklist(flat, "khieu_nai", SIGNED, TEXT).as_dict()
    )
    grouped["complainant"]["name"] = None
    assert items(checklist(grouped, "khieu_nai", SIGNED, TEXT))["ho_ten"].ok is False


# ---------------------------------------------------------------------------------------------- common items
def test_missing_name_and_address_make_it_ineligible() -> None:
    r = checklist(fields(name="", address=None), "khieu_nai", SIGNED, TEXT)
    assert r.eligible is False
    assert r.missing == ["ho_ten", "dia_chi"]
    assert r.reasons == ["thieu_noi_dung"]


def test_date_of_writing_from_fields_or_text() -> None:
    no_date_text = TEXT.replace("Hà Nội, ngày 05 tháng 3 năm 2024\n", "")
    r = checklist(fields(petition_date=None), "khieu_nai", SIGNED, no_date_text)
    assert items(r)["ngay_viet_don"].ok is False and "ngay_viet_don" in r.missing
    r = checklist(fields(petition_date=None), "khieu_nai", SIGNED, TEXT)  # the text carries the date line
    assert items(r)["ngay_viet_don"].ok is True and items(r)["ngay_viet_don"].source == "text"
    assert r.eligible is True


def test_signature_item_follows_the_finding() -> None:
    assert items(checklist(fields(), "khieu_nai", SIGNED, TEXT))["chu_ky"].ok is True
    r = checklist(fields(), "khieu_nai", UNSIGNED, TEXT)
    assert items(r)["chu_ky"].ok is False and r.eligible is False and r.reasons == ["khong_chu_ky"]
    # not known: born-digital (no finding, or present None), or a finding not sure enough
    for sig in (None, {"present": None, "confidence": 0.0, "page": 1}, {**SIGNED, "confidence": 0.6}):
        r = checklist(fields(), "khieu_nai", sig, TEXT)
        assert items(r)["chu_ky"].ok is None and items(r)["chu_ky"].source == "unknown"
        assert r.eligible is None and r.missing == []  # not known never makes it ineligible
    sure = checklist(fields(), "khieu_nai", {**UNSIGNED, "confidence": SIGNATURE_SURE}, TEXT)
    assert items(sure)["chu_ky"].ok is False


def test_language_item() -> None:
    english = (
        "To the People's Committee. I am writing to complain about the decision to take back the land of my "
        "family without fair compensation. I ask you to cancel the decision and to pay the market price."
    )
    r = checklist(fields(), "khieu_nai", SIGNED, english)
    assert items(r)["tieng_viet"].ok is False and "khong_tieng_viet" in r.reasons
    french = (
        "Je soussigné, demeurant à la rue des Écoles, conteste la décision prise par le comité populaire "
        "concernant le terrain de ma famille. Je demande l'annulation de cette décision, déjà très contestée."
    )
    assert items(checklist(fields(), "khieu_nai", SIGNED, french))["tieng_viet"].ok is False
    translated = english + " Kèm theo bản dịch tiếng Việt có công chứng."
    assert items(checklist(fields(), "khieu_nai", SIGNED, translated))["tieng_viet"].ok is True
    assert items(checklist(fields(), "khieu_nai", SIGNED, "Đơn"))["tieng_viet"].ok is None  # too short
    assert items(checklist(fields(), "khieu_nai", SIGNED, ""))["tieng_viet"].source == "unknown"


# ---------------------------------------------------------------------------------------------- by class
def test_khieu_nai_needs_respondent_content_and_request() -> None:
    r = checklist(fields(respondent=""), "khieu_nai", SIGNED, TEXT)
    assert r.missing == ["bi_khieu_nai"] and r.reasons == ["thieu_noi_dung"]
    no_request = "Ủy ban nhân dân phường ra quyết định thu hồi đất của gia đình tôi."
    r = checklist(fields(), "khieu_nai", SIGNED, no_request)
    assert items(r)["yeu_cau"].ok is False
    assert items(checklist(fields(request="Hủy quyết định"), "khieu_nai", SIGNED, no_request))["yeu_cau"].ok
    r = checklist(fields(subject=""), "khieu_nai", SIGNED, no_request)  # a short text does not stand for it
    assert items(r)["noi_dung_ly_do"].ok is False
    r = checklist(fields(subject=""), "khieu_nai", SIGNED, TEXT)
    assert items(r)["noi_dung_ly_do"].ok is True and items(r)["noi_dung_ly_do"].source == "text"


def test_to_cao_needs_respondent_act_and_contact() -> None:
    r = checklist(fields(category="to_cao"), "to_cao", SIGNED, TEXT)
    assert [k for k in items(r)][5:] == ["bi_to_cao", "hanh_vi", "lien_he"] and r.eligible is True
    phone_only = checklist(fields(address=""), "to_cao", SIGNED, TEXT)
    assert items(phone_only)["lien_he"].ok is True and phone_only.missing == ["dia_chi"]
    no_contact = checklist(fields(address="", phone=None), "to_cao", SIGNED, TEXT)
    assert items(no_contact)["lien_he"].ok is False
    assert no_contact.missing == ["dia_chi", "lien_he"]
    assert checklist(fields(respondent=None), "to_cao", SIGNED, TEXT).missing == ["bi_to_cao"]


def test_kien_nghi_phan_anh_needs_its_content_only() -> None:
    r = checklist(fields(respondent=None), "kien_nghi_phan_anh", SIGNED, TEXT)
    assert [k for k in items(r)][5:] == ["noi_dung"] and r.eligible is True  # no respondent needed
    assert items(r)["noi_dung"].label == "Nội dung kiến nghị, phản ánh"
    r = checklist(fields(subject=""), "kien_nghi_phan_anh", SIGNED, "Đề nghị sửa đường.")
    assert r.missing == ["noi_dung"]
    several = checklist(fields(), "nhieu_noi_dung", SIGNED, TEXT)
    assert [k for k in items(several)][5:] == ["noi_dung"] and several.eligible is True


def test_unknown_class_is_refused() -> None:
    with pytest.raises(ValueError):
        checklist(fields(), "kien_nghi", SIGNED, TEXT)


# ---------------------------------------------------------------------------------------------- anonymous tố cáo
def test_anonymous_denunciation_with_evidence_goes_to_inspection() -> None:
    anon = fields(category="to_cao", name=None, address=None, phone=None, anonymous=True)
    text = TEXT + "\nTài liệu kèm theo: ảnh chụp biên bản, ghi âm cuộc nói chuyện."
    r = checklist(anon, "to_cao", UNSIGNED, text)
    assert r.eligible is False  # not a tố cáo the Law handles
    assert items(r)["nac_danh_can_cu"].ok is True and items(r)["nac_danh_can_cu"].required is False
    assert r.inspection_only is True
    assert "nac_danh" not in r.reasons and "thieu_noi_dung" not in r.reasons  # name/contact: the rule covers


def test_anonymous_denunciation_without_grounds_is_not_processed() -> None:
    anon = fields(category="to_cao", name="", address="", phone="", anonymous=True)
    no_evidence = "Cán bộ địa chính xã Phú Lâm nhận tiền của người dân khi làm thủ tục cấp giấy chứng nhận."
    r = checklist(anon, "to_cao", None, no_evidence)
    assert items(r)["nac_danh_can_cu"].ok is None  # names someone, the officer judges the evidence
    assert r.inspection_only is False and "nac_danh" in r.reasons
    r = checklist({**anon, "respondent": None}, "to_cao", None, no_evidence)
    assert items(r)["nac_danh_can_cu"].ok is False and "nac_danh" in r.reasons
    # the rule is for tố cáo only
    assert "nac_danh_can_cu" not in items(checklist(anon, "khieu_nai", None, no_evidence))


# ---------------------------------------------------------------------------------------------- vocabularies
def test_reason_vocabularies() -> None:
    assert set(NOT_ELIGIBLE_REASONS) >= {
        "thieu_noi_dung",
        "gui_nhieu_noi",
        "da_huong_dan",
        "khong_chu_ky",
        "khong_tieng_viet",
    }
    assert len(KN_ART11_GROUNDS) == 9 and len(TC_NOT_ACCEPTED) == 5
    assert "chữ ký hoặc điểm chỉ" in KN_ART11_GROUNDS["kn11_5_chu_ky"]
    assert "quyết định giải quyết khiếu nại lần hai" in KN_ART11_GROUNDS["kn11_7_lan_hai"]
    assert "thông tin, tình tiết mới" in TC_NOT_ACCEPTED["tc29_b_da_giai_quyet"]
    every = {**NOT_ELIGIBLE_REASONS, **KN_ART11_GROUNDS, **TC_NOT_ACCEPTED}
    assert len(every) == len(NOT_ELIGIBLE_REASONS) + len(KN_ART11_GROUNDS) + len(TC_NOT_ACCEPTED)
    for code, label in every.items():
        assert reason_label(code) == label
        assert unicodedata.normalize("NFC", label) == label
    assert reason_label("khong_co_ma_nay") == "khong_co_ma_nay"
