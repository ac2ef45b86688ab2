"""Tests of the NLP stage (donthu.nlp): normalization, validators, labels, classification, field extraction.

The petitions below are written for these tests (labelled forms, prose, a group petition, an anonymous
denunciation, OCR-damaged text with a reception stamp); none comes from the development corpus.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from donthu.nlp.classify import (
    category_from_title,
    classify_category,
    classify_domain,
    set_domain_model,
)
from donthu.nlp.extract import CONFIDENCE_KEYS, extract_fields
from donthu.nlp.labels import classify_head
from donthu.nlp.normalize import clean_value, fold, nfc, normalize_with_map
from donthu.nlp.validate import (
    check_id_number,
    check_phone,
    is_valid_cccd,
    make_date,
)

# ------------------------------------------------------------------------------------------ petitions
FORM_KHIEU_NAI = """CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
-----------------
TP. Hồ Chí Minh, ngày 05 tháng 6 năm 2023

ĐƠN KHIẾU NẠI (lần 2)
(V/v: Khiếu nại Quyết định thu hồi đất số 1234/QĐ-UBND)

Kính gửi: Ủy ban nhân dân Quận 9, Thành phố Hồ Chí Minh

Họ tên người khiếu nại: Lê Thị Hồng Nhung
Ngày tháng năm sinh: 12/4/1975
Số CCCD/CMND: 079175001234 cấp ngày 10/5/2021 tại Cục CS QLHC về TTXH
Nơi cư trú: 45/12 đường Lã Xuân Oai, phường Tăng Nhơn Phú A, TP. Thủ Đức, TP. Hồ Chí Minh
Điện thoại: 0909 123 456
Người bị khiếu nại: Chủ tịch Ủy ban nhân dân Quận 9
Nội dung khiếu nại:
Ngày 20/3/2023, Chủ tịch UBND Quận 9 ký Quyết định số 1234/QĐ-UBND thu hồi 120 m² đất ở của gia đình tôi
nhưng không bồi thường, hỗ trợ tái định cư theo quy định.
Yêu cầu giải quyết: hủy Quyết định số 1234/QĐ-UBND.
Tài liệu kèm theo:
- Bản sao Quyết định số 1234/QĐ-UBND;
- Bản sao Giấy chứng nhận quyền sử dụng đất.
NGƯỜI KHIẾU NẠI
(Ký và ghi rõ họ tên)
Lê Thị Hồng Nhung
"""

PROSE_TO_CAO = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình Chánh, ngày 3 tháng 11 năm 2022
ĐƠN TỐ CÁO
Kính gửi:
- Thanh tra huyện Bình Chánh;
- Công an huyện Bình Chánh.
Tên tôi là NGUYỄN VĂN BẢY, sinh năm 1968, CMND số 023456789 do Công an TP.HCM cấp, HKTT tại ấp 3,
xã Vĩnh Lộc A, huyện Bình Chánh, TP. Hồ Chí Minh. ĐT: 0912.345.678.
Nay tôi viết đơn này tố cáo ông Trần Văn Tám, cán bộ địa chính xã Vĩnh Lộc A, đã có hành vi nhận tiền
của người dân để làm giấy tờ nhà đất trái quy định.
Cụ thể, tháng 8 năm 2022 ông Tám yêu cầu gia đình tôi đưa 30 triệu đồng mới nhận hồ sơ xin cấp sổ đỏ.
Kính đề nghị cơ quan chức năng xác minh, xử lý nghiêm hành vi nhũng nhiễu, tham nhũng nêu trên.
Người tố cáo
Nguyễn Văn Bảy
"""

ANONYMOUS = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN TỐ CÁO
Kính gửi: Ủy ban Kiểm tra Huyện ủy Tân Phú
Tôi là đảng viên sinh hoạt tại Chi bộ ấp 2, vì sợ bị trù dập nên xin phép không nêu tên.
Tôi tố cáo đồng chí Lê Văn Chín, Bí thư Đảng ủy xã Phú Lập, đã vi phạm Điều lệ Đảng, không sinh hoạt
chi bộ theo quy định, đưa người nhà vào cấp ủy trái nguyên tắc.
Đề nghị Ủy ban Kiểm tra xem xét, xử lý kỷ luật đảng viên vi phạm.
Tân Phú, ngày 15 tháng 01 năm 2024
"""

GROUP = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Trà Cú, ngày 10 tháng 4 năm 2021
ĐƠN KIẾN NGHỊ
(V/v đề nghị sửa chữa cầu dân sinh qua kênh Xáng)
Kính gửi: Chủ tịch UBND xã Long Hiệp
Chúng tôi là các hộ dân ấp Bến Cát, xã Long Hiệp, huyện Trà Cú, tỉnh Trà Vinh.
Người đại diện: ông Thạch Sa Rên, sinh năm 1960, số định danh cá nhân 084060001122, điện thoại 0388 777 666.
Cây cầu dân sinh qua kênh Xáng đã xuống cấp nghiêm trọng, học sinh đi học rất nguy hiểm.
Kính đề nghị UBND xã sớm bố trí kinh phí sửa chữa cầu.
DANH SÁCH NGƯỜI DÂN KÝ TÊN
STT | Họ và tên | Địa chỉ | Ký tên
1 | Thạch Sa Rên | ấp Bến Cát |
2 | Kim Thị Sa Phol | ấp Bến Cát |
3 | Sơn Văn Hùng | ấp Bến Cát |
4 | Lâm Thị Bé | ấp Bến Cát |
5 | Trần Văn Út | ấp Bến Cát |
6 | Thạch Thị Mến | ấp Bến Cát |
"""

# OCR damage: wrong/dropped tones in labels, "tcn" for "tên", a lost colon, a reception stamp on its own line
NOISY = """CỘNG HOÀ XẢ HỘI CHỦ NGHỈA VIỆT NAM
Đôc lập - Tư do - Hạnh phúc
Hà Nôi, ngáy 15 thảng 3 nãm 2024
ĐƠN KHIÉU NẠI
ĐẾN Số: 123 Ngày: 18/3/2024
Kính gủi: Chủ tịch UBND quận Long Biên
Họ và tcn: Đỗ Minh Tuấn
Đia chỉ: số 12 ngõ 45 phố Ngọc Lâm, phường Ngọc Lâm, quận Long Biên,
Hà Nội
Số CCCD 001080012345
Sô điên thoại: 0983 456 789
Khiéu nại về viêc: Quyết định xử phạt vi phạm hành chính số 56/QĐ-XPVPHC ngày 01/3/2024
của Chủ tịch UBND phường Ngọc Lâm
Nôi dung khiếu nại:
Ngày 01/3/2024 Chủ tịch UBND phường Ngọc Lâm ký quyết định xử phạt tôi 15.000.000 đồng vì xây dựng
không phép, trong khi công trình đã có giấy phép xây dựng.
NGƯỜI KHIÉU NẠI
(Ký và ghi rõ họ tên)
Đỗ Minh Tuấn
"""

NO_TITLE_CATEGORY = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN
Kính gửi: Ủy ban nhân dân phường Bồ Đề
Tôi là bà Phạm Thị Thu, trú tại tổ 5, phường Bồ Đề, thành phố Hà Nội, số điện thoại 0868 111 222.
Tôi xin phản ánh với Ủy ban nhân dân phường về tình trạng đổ rác thải, xả nước thải ra mương thoát nước
tại ngõ 10 phố Bồ Đề gây ô nhiễm, mùi hôi thối kéo dài nhiều tháng nay.
Rất mong Ủy ban nhân dân phường kiểm tra, xử lý.
Hà Nội, ngày 2 tháng 8 năm 2025
Người viết đơn
Phạm Thị Thu
"""

NUMBERED_FORM = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN ĐỀ NGHỊ
(Về việc: cấp lại Giấy chứng nhận quyền sử dụng đất bị mất)
Kính gửi: - Ủy ban nhân dân huyện Gia Lâm;
- Văn phòng đăng ký đất đai Hà Nội.
1. Họ và tên: Ông Trịnh Văn Khoa    Sinh năm: 1959
2. Số CMND: 013 456 789 Ngày cấp: 01/01/2010 Nơi cấp: CA Hà Nội
3. Địa chỉ thường trú: thôn Đổng Xuyên, xã Yên Thường,
huyện Gia Lâm, thành phố Hà Nội
4. Điện thoại: +84 912 345 678
Nội dung đề nghị: Năm 2020 gia đình tôi bị mất Giấy chứng nhận quyền sử dụng đất ...
Hà Nội, ngày 7 tháng 9 năm 2020
Người đề nghị
(ký, ghi rõ họ tên)
Trịnh Văn Khoa
"""

STAMPED_TWO_PAGES = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CÔNG VĂN ĐẾN
Số: 457
Ngày: 22/02/2024
ĐƠN
PHẢN ÁNH
Kính gửi: Chủ tịch Ủy ban nhân dân huyện Đan Phượng
Họ và tên:.........Hoàng Văn Sơn..........
Địa chỉ: thôn Thượng Thôn, xã Liên Hà, huyện Đan Phượng, thành phố Hà Nội
Số điện thoại: 0979 888 123
Phản ánh về việc: Công ty TNHH Vật liệu xây dựng Hồng Hà khai thác cát trái phép trên sông Hồng, gây
sạt lở bờ đê
Nội dung phản ánh:
Từ tháng 10/2023 đến nay, Công ty TNHH Vật liệu xây dựng Hồng Hà dùng tàu hút cát ban đêm.
- 2 -
Đề nghị các cơ quan chức năng kiểm tra, xử lý.
Đan Phượng, ngày 20 tháng 02 năm 2024
NGƯỜI PHẢN ÁNH
(Ký, ghi rõ họ tên)
Hoàng Văn Sơn
"""

LANDLINE_MINORITY_NAME = """ĐƠN THƯ PHẢN ÁNH
Kính gởi: Ban Tiếp công dân tỉnh Đắk Lắk
Họ tên: Y Bhin Niê
Nơi ở hiện nay: buôn Ko Sấp, phường Ea Tam, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk
SĐT: (0262) 3851 234
Số định danh cá nhân: 0661 9000 1234
Phản ánh về việc: Trạm y tế phường thu tiền khám chữa bệnh của người có thẻ bảo hiểm y tế.
Ngày 12/5/2024 tôi đưa con đi khám tại Trạm y tế phường Ea Tam và bị thu 200.000 đồng.
Buôn Ma Thuột, ngày 20/5/2024
NGƯỜI PHẢN ÁNH
Y Bhin Niê
"""

# what Tesseract makes of a scan with a red reception stamp over the top-left: debris glued to labels, empty lines
# inside paragraphs, specks at line ends, a misread digit, a misread list number
TESSERACT_LIKE = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
Độc lập - Tự do - Hạnh phúc
Thanh Trì, ngày 12 tháng 10 năm 2022
ĐƠN KHIẾU NẠI
BAN TIẾP CÔNG Ð%nh gửi: Chủ tịch Ủy ban nhân dân huyện Thanh Trì
ĐÉN Số:Ñf®ọ tên: Phùng Thị Lan
Ngày: 149 Ö]A chỉ: số 7 ngõ 12 đường Ngọc Hồi, xã Ngọc Hồi, huyện Thanh Trì, thành phố Hà
Nội :

Số điện thoại: 0912 345 67A

Người bị khiếu nại: Chủ tịch Ủy ban nhân dân xã Ngọc Hồi, huyện Thanh Trì, thành phố :

Hà Nội

Khiếu nại về việc: Quyết định số 88/QĐ-UBND ngày 01/9/2022 về việc cưỡng chế tháo dỡ công trình
_._.
xây dựng trên đất nông nghiệp
Nội dung khiếu nại:
Gia đình tôi xây mái tôn để che chắn vật tư nông nghiệp, không phải công trình kiên cố.
DANH SÁCH CÁC HỘ DÂN KÝ TÊN
1. Phùng Thị Lan - xóm Chùa
2. Lê Văn Hòa - xóm Chùa
3. Đỗ Thị Hạnh - xóm Giữa
4. Nguyễn Văn Tư - xóm Giữa
S. Trần Thị Mơ - xóm Giữa
6. Phạm Văn Lực - xóm Đình
"""


def _complainant(ex):
    return ex.fields["complainant"]


# ------------------------------------------------------------------------------------------ normalize
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


# ------------------------------------------------------------------------------------------ validators
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


# ------------------------------------------------------------------------------------------ labels
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


# ------------------------------------------------------------------------------------------ classification
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

    set_domain_model(Fixed())
    try:
        # no keyword of the rule list: the model decides
        res = classify_domain("gia đình tôi gặp khó khăn", subject="sự việc xảy ra tại thôn")
        assert (res.domain, res.source) == ("tu_phap", "model")
        # explicit keywords in the subject stay strong evidence
        assert classify_domain("ô nhiễm xả thải", subject="ô nhiễm xả thải").domain == "moi_truong"
    finally:
        set_domain_model(None)
    assert classify_domain("ô nhiễm xả thải", subject="ô nhiễm").domain == "moi_truong"


# ------------------------------------------------------------------------------------------ extraction
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


# ------------------------------------------------------------------------------------------ calibration
def test_confidence_is_calibrated_and_can_be_switched_off():
    from donthu.nlp import calibrate

    assert calibrate.load(), "models/calibration.json is missing: run python -m donthu.models.fit_calibration"
    cal = extract_fields(FORM_KHIEU_NAI).confidence
    calibrate.enable(False)
    try:
        raw = extract_fields(FORM_KHIEU_NAI).confidence
    finally:
        calibrate.enable(True)
    assert set(cal) == set(raw) == set(CONFIDENCE_KEYS)
    assert all(0.0 <= v <= 1.0 for v in cal.values())
    # maps are monotone
    for key, (xs, ys) in calibrate.load().items():
        assert xs == sorted(xs) and ys == sorted(ys), key


# ------------------------------------------------------------------------------------------ duplicates
def test_minhash_signature_of_a_rescan_is_close():
    from donthu.nlp.minhash import jaccard, signature

    a = signature(FORM_KHIEU_NAI)
    assert len(a) == 64 and a == extract_fields(FORM_KHIEU_NAI).extra["minhash"]
    rescan = FORM_KHIEU_NAI.replace("bồi thường", "bồi thưòng").replace("Nhung", "Nhuug", 1)
    assert jaccard(a, signature(rescan)) >= 0.7
    assert jaccard(a, signature(PROSE_TO_CAO)) < 0.2
    assert signature("") == []


def _db():
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from donthu.storage.models import Base

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    return Session(engine)


def _add_case(db, n: int, text: str):
    from donthu.storage import repo
    from donthu.storage.models import Document

    doc = Document(sha256=f"{n:064d}", original_name=f"scan{n}.pdf", size=1, object_key=f"k{n}")
    db.add(doc)
    db.flush()
    return repo.new_case(db, doc, [1], text)


def test_rescan_links_but_a_template_copy_by_someone_else_does_not():
    with _db() as db:
        first = _add_case(db, 1, FORM_KHIEU_NAI)
        _add_case(db, 2, PROSE_TO_CAO)
        rescan = FORM_KHIEU_NAI.replace("bồi thường", "bồi thưòng").replace(
            "Ngày 20/3", "ĐẾN Số: 88\nNgày 20/3"
        )
        again = _add_case(db, 3, rescan)
        assert again.duplicate_of == first.case_id
        # the same template filled in by another person, about another decision
        other = (
            FORM_KHIEU_NAI.replace("Lê Thị Hồng Nhung", "Trần Văn Hải")
            .replace("079175001234", "079080004321")
            .replace("1234/QĐ", "5678/QĐ")
            .replace("0909 123 456", "0988 765 432")
            .replace(
                "45/12 đường Lã Xuân Oai, phường Tăng Nhơn Phú A", "12 đường Lê Văn Việt, phường Hiệp Phú"
            )
            .replace("20/3/2023", "02/4/2023")
            .replace("120 m²", "75 m²")
        )
        assert _add_case(db, 4, other).duplicate_of is None
        # the same person again about the same matter, written anew
        repeat = PROSE_TO_CAO.replace(
            "Bình Chánh, ngày 3 tháng 11 năm 2022", "Bình Chánh, ngày 9 tháng 1 năm 2023"
        )
        repeat = repeat.replace("Cụ thể, tháng 8 năm 2022", "Đến nay đã hơn hai tháng, tháng 8 năm 2022")
        assert _add_case(db, 5, repeat).duplicate_of is not None


def test_ocr_damaged_surname_is_repaired_but_real_names_kept() -> None:
    from donthu.nlp.names import repair_surname

    assert repair_surname("Trân Minh Liên") == "Trần Minh Liên"
    assert repair_surname("Tràn Thị Nga") == "Trần Thị Nga"
    assert repair_surname("NGUYÊN VĂN AN") == "NGUYỄN VĂN AN"
    for name in ("Nguyễn Văn An", "Lê Thị Hoa", "Tạ Ngọc Chi", "An", "Vân Anh"):
        assert repair_surname(name) == name
    fields = extract_fields("ĐƠN KHIẾU NẠI\nKính gửi: UBND xã Tân Phú\nHọ và tên: Trân Minh Liên\n").fields
    assert fields["complainant"]["name"] == "Trần Minh Liên"
