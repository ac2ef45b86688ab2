"""nlp.labels: label heads of printed forms, exact and OCR-damaged."""

from __future__ import annotations

import pytest

from donthu.nlp.labels import classify_head


@pytest.mark.parametrize(
    ("head", "field"),
    [
        ("Họ và tên", "name"),
        ("Họ tên người khiếu nại", "name"),
        ("Ho và tcn", "name"),  # OCR
        ("Đia chỉ", "address"),  # OCR
        ("Địa chỉ nơi ở hiện nay", "address"),
        ("Nơi đăng ký hộ khẩu thường trú", "address"),
        ("Số CCCD/CMND", "id"),
        ("Căn cước công dân số", "id"),
        ("Số điện thoại di động", "phone"),
        ("Họ và tên người bị tố cáo", "respondent"),
        ("Tên cơ quan, tổ chức, cá nhân bị khiếu nại", "respondent"),
        ("Đối tượng bị phản ánh", "respondent"),
        ("Địa chỉ người bị tố cáo", "respondent_address"),
        ("Tố cáo về việc", "subject"),
        ("V/v", "subject"),
        ("Kính gủi", "recipient"),
        ("Nội dung sự việc cụ thể", "content"),
        ("Tài liệu, chứng cứ kèm theo", "attachments"),
    ],
)
def test_label_heads(head, field):
    hm = classify_head(head)
    assert hm is not None and hm.field == field


def test_not_labels():
    assert classify_head("Tôi xin trình bày sự việc như sau") is None
    assert classify_head("Ngày 20/3/2023") is None
    assert classify_head("xã Vĩnh Lộc A, huyện Bình Chánh, TP. Hồ Chí Minh. ĐT") is None


def test_label_confidence_exact_vs_fuzzy():
    assert classify_head("Họ và tên").confidence > classify_head("Ho va ten").confidence
    assert classify_head("Ho va ten").confidence > classify_head("Ho và tcn").confidence
