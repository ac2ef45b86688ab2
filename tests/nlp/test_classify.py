"""nlp.classify: category from the title and the wording, domain from keywords or a plugged-in model."""

from __future__ import annotations

import pytest

from donthu.nlp import NlpOptions
from donthu.nlp.classify import (
    category_from_title,
    classify_category,
    classify_domain,
)


@pytest.mark.parametrize(
    ("title", "cats"),
    [
        ("ĐƠN KHIẾU NẠI", ["khieu_nai"]),
        ("ĐƠN KHIẾU NẠI (lần 2)", ["khieu_nai"]),
        ("ĐƠN KHIẾU NẠI LẦN THỨ HAI", ["khieu_nai"]),
        ("ĐƠN TỐ CÁO", ["to_cao"]),
        ("ĐƠN ĐỀ NGHỊ", ["kien_nghi"]),
        ("ĐƠN KIẾN NGHỊ", ["kien_nghi"]),
        ("ĐƠN THƯ PHẢN ÁNH", ["phan_anh"]),
        ("ĐƠN KHIÉU NAI", ["khieu_nai"]),  # OCR
        ("DON TO CAO", ["to_cao"]),
        ("ĐƠN KHIẾU NẠI, TỐ CÁO", ["khieu_nai", "to_cao"]),
        ("ĐƠN", []),
    ],
)
def test_category_from_title(title, cats):
    assert category_from_title(title)[0] == cats


def test_category_from_content_when_title_is_silent():
    text = "ĐƠN\nKính gửi: UBND xã\nNay tôi làm đơn này khiếu nại Quyết định số 12/QĐ-UBND của UBND xã."
    res = classify_category(text, "ĐƠN")
    assert res.category == "khieu_nai" and res.source == "content"
    mixed = "ĐƠN KHIẾU NẠI, TỐ CÁO\nTôi làm đơn này tố cáo ông A nhận hối lộ.\nNGƯỜI TỐ CÁO"
    res = classify_category(mixed, "ĐƠN KHIẾU NẠI, TỐ CÁO")
    assert res.category == "to_cao" and res.source == "title+content"
    # a title wins over content wording
    assert classify_category("Tôi làm đơn này tố cáo ...", "ĐƠN PHẢN ÁNH").category == "phan_anh"


@pytest.mark.parametrize(
    ("subject", "body", "domain"),
    [
        ("Quyết định thu hồi đất và phương án bồi thường, hỗ trợ tái định cư", "", "dat_dai"),
        ("hành vi xây dựng trái phép, lấn chiếm lối đi chung của hộ ông A", "", "nha_tai_san"),
        ("chậm giải quyết chế độ trợ cấp cho thân nhân liệt sĩ", "", "chinh_sach"),
        ("việc Chấp hành viên kê biên tài sản không đúng bản án", "", "tu_phap"),
        (
            "cán bộ địa chính nhận tiền, vòi vĩnh của người dân",
            "hành vi nhũng nhiễu, tham nhũng",
            "tham_nhung",
        ),
        ("cơ sở chăn nuôi xả nước thải gây ô nhiễm", "mùi hôi thối", "moi_truong"),
        ("đảng viên vi phạm Điều lệ Đảng", "đề nghị Ủy ban Kiểm tra Đảng ủy xử lý", "dang_doan_the"),
        ("thái độ làm việc của cán bộ bộ phận một cửa", "thủ tục hành chính chậm trễ", "khac"),
    ],
)
def test_domain_keywords(subject, body, domain):
    res = classify_domain(body, subject=subject)
    assert res.domain == domain
    assert 0.0 < res.confidence <= 1.0


def test_domain_model_can_be_plugged_in():
    class Fixed:
        def predict_proba(self, regions):
            assert "subject" in regions and "body" in regions
            return {"tu_phap": 0.9, "khac": 0.1}

    fixed = NlpOptions(domain_model=Fixed())
    # no keyword of the rule list: the model decides
    res = classify_domain("gia đình tôi gặp khó khăn", subject="sự việc xảy ra tại thôn", options=fixed)
    assert (res.domain, res.source) == ("tu_phap", "model")
    # explicit keywords in the subject stay strong evidence
    assert classify_domain("ô nhiễm xả thải", subject="ô nhiễm xả thải", options=fixed).domain == "moi_truong"
    assert classify_domain("ô nhiễm xả thải", subject="ô nhiễm").domain == "moi_truong"
