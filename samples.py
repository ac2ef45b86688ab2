"""Synthetic Vietnamese petitions (đơn thư) for tests and demos.

``make_petition`` builds a petition's text (one string per page, the way a perfect OCR would read it) together
with the ground truth of the fields the NLP stage extracts. ``render_page`` draws one page as a scanned A4 image
under a scan *profile* (clean, office, photocopy, lowres, upside, sideways, stamp, blank). ``write_document``,
``write_text_pdf`` and ``write_samples`` put pages into PDF / JPEG / PNG / TIFF files with a ``truth.jsonl``.

Everything is deterministic for a given seed / ``random.Random`` state. Nothing here reads project data.

Truth conventions: text values are NFC and exactly as written in the page text (once line breaks are turned
into spaces); ``complainant["phone"]`` is digits only (pages may show "0912 345 678" or "0912.345.678");
``id_number`` is digits (12 for CCCD, 9 for old CMND); ``petition_date`` is ISO; ``place`` is the text before
", ngày" in the date line. ``render_page`` finds the layout (motto, date, title, signature block...) from the
text itself, so it also draws any petition-like text.
"""

from __future__ import annotations

import ctypes
import json
import math
import random
import re
import textwrap
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = [
    "CATEGORIES",
    "DOMAINS",
    "FORMS",
    "PROFILES",
    "SamplePetition",
    "available_fonts",
    "make_petition",
    "render_page",
    "write_document",
    "write_samples",
    "write_text_pdf",
]

FORMS = ("labeled", "prose", "group", "anonymous")
CATEGORIES = ("khieu_nai", "to_cao", "kien_nghi", "phan_anh")
DOMAINS = (
    "dat_dai",
    "nha_tai_san",
    "chinh_sach",
    "tu_phap",
    "tham_nhung",
    "moi_truong",
    "dang_doan_the",
    "khac",
)
PROFILES = ("clean", "office", "photocopy", "lowres", "upside", "sideways", "stamp", "blank")

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
LINES_PER_PAGE = 47  # text lines (blank lines included) that fit an A4 page at ~11.5 pt


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# --------------------------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------------------------

SURNAMES = [
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Lương", 1),
    ("Mai", 1),
    ("Tạ", 1),
    ("Đoàn", 1),
    ("Cao", 1),
    ("Lâm", 1),
]
MIDDLE_M = [
    "Văn",
    "Văn",
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Công",
    "Thanh",
    "Xuân",
    "Ngọc",
    "Đình",
    "Quốc",
]
MIDDLE_F = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Phương", "Bích"]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Nam",
    "Hải",
    "Long",
    "Sơn",
    "Thắng",
    "Bình",
    "Cường",
    "Phúc",
    "Quý",
    "Toàn",
    "Khánh",
    "Hoàng",
    "Trung",
    "Hiếu",
    "Tiến",
    "Thành",
    "Lộc",
    "Vinh",
    "Đạt",
    "Tùng",
    "Quyết",
    "Chiến",
    "Lực",
]
GIVEN_F = [
    "Lan",
    "Hương",
    "Hoa",
    "Mai",
    "Hạnh",
    "Thảo",
    "Nga",
    "Hằng",
    "Loan",
    "Yến",
    "Huyền",
    "Trang",
    "Dung",
    "Liên",
    "Nhung",
    "Oanh",
    "Tuyết",
    "Xuân",
    "Thủy",
    "Hà",
    "Vân",
    "Phượng",
    "Cúc",
    "Đào",
]

# (CCCD province code, province with its unit type, place name used in date lines, [(district, [wards])])
PROVINCES: list[tuple[str, str, str, list[tuple[str, list[str]]]]] = [
    (
        "001",
        "thành phố Hà Nội",
        "Hà Nội",
        [
            ("quận Đống Đa", ["phường Phương Mai", "phường Kim Liên", "phường Văn Chương"]),
            ("huyện Đông Anh", ["xã Nam Hồng", "xã Uy Nỗ", "xã Cổ Loa"]),
            ("quận Hà Đông", ["phường Văn Quán", "phường Yên Nghĩa"]),
            ("huyện Sóc Sơn", ["xã Phù Linh", "xã Mai Đình"]),
            ("quận Long Biên", ["phường Ngọc Lâm", "phường Bồ Đề"]),
        ],
    ),
    (
        "079",
        "Thành phố Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        [
            ("thành phố Thủ Đức", ["phường Linh Trung", "phường Hiệp Bình Chánh", "phường Long Phước"]),
            ("quận Bình Tân", ["phường Bình Hưng Hòa", "phường An Lạc"]),
            ("huyện Củ Chi", ["xã Tân Thạnh Đông", "xã Phước Hiệp"]),
            ("huyện Bình Chánh", ["xã Vĩnh Lộc A", "xã Tân Nhựt"]),
        ],
    ),
    (
        "031",
        "thành phố Hải Phòng",
        "Hải Phòng",
        [
            ("quận Lê Chân", ["phường Dư Hàng Kênh", "phường Vĩnh Niệm"]),
            ("huyện Thủy Nguyên", ["xã Lập Lễ", "xã Thủy Đường"]),
            ("huyện An Dương", ["xã Lê Lợi", "xã Đặng Cương"]),
        ],
    ),
    (
        "048",
        "thành phố Đà Nẵng",
        "Đà Nẵng",
        [
            ("quận Hải Châu", ["phường Hòa Cường Bắc", "phường Thạch Thang"]),
            ("huyện Hòa Vang", ["xã Hòa Phước", "xã Hòa Nhơn"]),
            ("quận Liên Chiểu", ["phường Hòa Minh", "phường Hòa Khánh Bắc"]),
        ],
    ),
    (
        "092",
        "thành phố Cần Thơ",
        "Cần Thơ",
        [
            ("quận Ninh Kiều", ["phường An Khánh", "phường Xuân Khánh"]),
            ("huyện Phong Điền", ["xã Mỹ Khánh", "xã Nhơn Ái"]),
        ],
    ),
    (
        "040",
        "tỉnh Nghệ An",
        "Nghệ An",
        [
            ("thành phố Vinh", ["phường Hưng Dũng", "phường Bến Thủy"]),
            ("huyện Nghi Lộc", ["xã Nghi Trung", "xã Nghi Phong"]),
            ("huyện Diễn Châu", ["xã Diễn Hồng", "xã Diễn Kỷ"]),
        ],
    ),
    (
        "038",
        "tỉnh Thanh Hóa",
        "Thanh Hóa",
        [
            ("thành phố Thanh Hóa", ["phường Đông Hương", "phường Quảng Thắng"]),
            ("huyện Quảng Xương", ["xã Quảng Định", "xã Quảng Nham"]),
        ],
    ),
    (
        "034",
        "tỉnh Thái Bình",
        "Thái Bình",
        [
            ("huyện Kiến Xương", ["xã Bình Nguyên", "xã Quang Trung"]),
            ("huyện Vũ Thư", ["xã Tam Quang", "xã Song Lãng"]),
        ],
    ),
    (
        "022",
        "tỉnh Quảng Ninh",
        "Quảng Ninh",
        [
            ("thành phố Hạ Long", ["phường Hồng Hải", "phường Bãi Cháy"]),
            ("thị xã Đông Triều", ["phường Mạo Khê", "xã An Sinh"]),
        ],
    ),
    (
        "027",
        "tỉnh Bắc Ninh",
        "Bắc Ninh",
        [
            ("thành phố Từ Sơn", ["phường Đình Bảng", "phường Đồng Kỵ"]),
            ("huyện Tiên Du", ["xã Phật Tích", "xã Liên Bão"]),
        ],
    ),
    (
        "056",
        "tỉnh Khánh Hòa",
        "Khánh Hòa",
        [
            ("thành phố Nha Trang", ["phường Vĩnh Hải", "phường Phước Long"]),
            ("thị xã Ninh Hòa", ["xã Ninh Hưng", "phường Ninh Hiệp"]),
        ],
    ),
    (
        "075",
        "tỉnh Đồng Nai",
        "Đồng Nai",
        [
            ("thành phố Biên Hòa", ["phường Tân Phong", "phường Long Bình"]),
            ("huyện Nhơn Trạch", ["xã Phước Thiền", "xã Long Tân"]),
        ],
    ),
    (
        "074",
        "tỉnh Bình Dương",
        "Bình Dương",
        [
            ("thành phố Thuận An", ["phường Lái Thiêu", "phường An Phú"]),
            ("thành phố Dĩ An", ["phường Tân Đông Hiệp", "phường Đông Hòa"]),
        ],
    ),
    (
        "089",
        "tỉnh An Giang",
        "An Giang",
        [
            ("thành phố Long Xuyên", ["phường Mỹ Bình", "phường Mỹ Phước"]),
            ("huyện Chợ Mới", ["xã Long Điền A", "xã Kiến An"]),
        ],
    ),
    (
        "066",
        "tỉnh Đắk Lắk",
        "Đắk Lắk",
        [
            ("thành phố Buôn Ma Thuột", ["phường Tân Lợi", "phường Ea Tam"]),
            ("huyện Krông Pắc", ["xã Ea Phê", "xã Hòa An"]),
        ],
    ),
]
SOUTHERN = {"079", "092", "075", "074", "089"}
STREETS = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Quang Trung",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Phan Bội Châu",
    "Nguyễn Huệ",
    "Lê Duẩn",
    "Trường Chinh",
    "Điện Biên Phủ",
    "Nguyễn Văn Cừ",
    "Lê Hồng Phong",
    "Hùng Vương",
]
HAMLET_N = [
    "thôn Đông",
    "thôn Trung",
    "thôn Đoài",
    "thôn Thượng",
    "thôn Hạ",
    "xóm {n}",
    "thôn {n}",
    "xóm Mới",
]
HAMLET_S = ["ấp Bình Thạnh", "ấp Tân Lập", "ấp {n}", "ấp Phước Hòa", "ấp Long Bình", "tổ {n}, ấp Mỹ Hòa"]
PROJECTS = [
    "đường giao thông liên xã",
    "khu đô thị mới phía Bắc",
    "mở rộng Quốc lộ 1A",
    "khu công nghiệp phía Tây",
    "xây dựng trường trung học cơ sở",
    "đường vành đai 3",
    "khu tái định cư tập trung",
    "cụm công nghiệp làng nghề",
]
COMPANIES = [
    "Công ty TNHH Sản xuất và Thương mại Minh Phát",
    "Công ty Cổ phần Xây dựng Hoàng Long",
    "Công ty TNHH Chế biến Gỗ Tân Thành",
    "Công ty Cổ phần Thép Việt Đức",
    "Cơ sở chăn nuôi heo Phú Quý",
    "Công ty TNHH Dệt nhuộm Thành Công",
    "Công ty Cổ phần Đầu tư Bất động sản An Phú",
    "Xưởng tái chế nhựa Hưng Thịnh",
]


def _person(rng: random.Random, female: bool | None = None) -> tuple[str, bool]:
    if female is None:
        female = rng.random() < 0.45
    surname = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    parts = [surname, middle, given]
    if rng.random() < 0.15:  # four-part names: Nguyễn Thị Thu Hà
        extra = rng.choice(
            ["Thu", "Ngọc", "Minh", "Thanh", "Kim"] if female else ["Minh", "Quốc", "Anh", "Đức"]
        )
        if extra != middle:
            parts.insert(2, extra)
    return " ".join(parts), female


def _cccd(rng: random.Random, code: str, birth_year: int, female: bool) -> str:
    century = 0 if birth_year < 2000 else 2
    return f"{code}{century + int(female)}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def _cmnd(rng: random.Random) -> str:
    return f"{rng.choice('0123')}{rng.randrange(10**8):08d}"


PHONE_PREFIXES = [
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "056",
    "058",
    "059",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
]


def _phone(rng: random.Random) -> tuple[str, str]:
    """(digits, as written)."""
    digits = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"
    style = rng.random()
    if style < 0.55:
        shown = digits
    elif style < 0.85:
        shown = f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    else:
        shown = f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    return digits, shown


@dataclass
class _Place:
    code: str
    province: str
    place: str
    district: str
    ward: str
    two_level: bool

    @property
    def unit(self) -> str:  # "xã Nam Hồng, huyện Đông Anh, thành phố Hà Nội"
        if self.two_level:
            return f"{self.ward}, {self.province}"
        return f"{self.ward}, {self.district}, {self.province}"


def _place(rng: random.Random) -> _Place:
    code, province, place, districts = rng.choice(PROVINCES)
    district, wards = rng.choice(districts)
    return _Place(code, province, place, district, rng.choice(wards), rng.random() < 0.25)


def _address(rng: random.Random, pl: _Place) -> str:
    if pl.ward.startswith("phường") and rng.random() < 0.8:
        n, m = rng.randint(1, 250), rng.randint(2, 120)
        street = rng.choice(STREETS)
        loc = rng.choice(
            [
                f"Số {n} đường {street}",
                f"Số {n}, ngõ {m} phố {street}",
                f"Số {m}/{n} đường {street}",
                f"Tổ dân phố {rng.randint(1, 20)}",
                f"Số {n}, hẻm {m} đường {street}",
            ]
        )
    elif pl.ward.startswith("phường"):
        loc = rng.choice(["Tổ dân phố {n}", "Khu phố {n}", "Tổ {n}, khu phố {m}"]).format(
            n=rng.randint(1, 20), m=rng.randint(1, 9)
        )
    else:
        pool = HAMLET_S if pl.code in SOUTHERN else HAMLET_N
        loc = _cap(rng.choice(pool).format(n=rng.randint(1, 12)))
    return f"{loc}, {pl.unit}"


def _ddmmyyyy(d: date, rng: random.Random) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if rng.random() < 0.5 else f"{d.day}/{d.month}/{d.year}"


def _money(rng: random.Random, lo: int, hi: int) -> str:
    v = rng.randint(lo, hi) * 1_000_000
    return f"{v:,}".replace(",", ".") + " đồng"


# --------------------------------------------------------------------------------------------------------------
# Matters: per domain and category. Placeholders are filled by _fill(). {toi}/{Toi} = tôi / chúng tôi,
# {gd} = gia đình tôi / các hộ gia đình chúng tôi, {resp} = the respondent as written.
# resp kinds: authority | chair | official | party | company | neighbor | court | insurance | none
# --------------------------------------------------------------------------------------------------------------

M = dict  # short alias for the table below

MATTERS: dict[str, dict[str, list[dict]]] = {
    "dat_dai": {
        "khieu_nai": [
            M(
                resp="authority",
                subject="không đồng ý với Quyết định số {so}/QĐ-UBND ngày {ngay} thu hồi đất và phê duyệt phương án "
                "bồi thường, hỗ trợ đối với {gd}",
                facts=[
                    "{Gd} sử dụng ổn định thửa đất số {thua}, tờ bản đồ số {to}, diện tích {dt} m2 tại {unit} từ "
                    "năm {nam_sd}, không có tranh chấp với ai.",
                    "Ngày {ngay}, {resp} ban hành Quyết định số {so}/QĐ-UBND thu hồi {dt2} m2 đất của {gd} để thực "
                    "hiện dự án {project}.",
                    "Tuy nhiên, đơn giá bồi thường chỉ được tính {gia} đồng/m2, thấp hơn nhiều so với giá chuyển "
                    "nhượng thực tế tại địa phương.",
                    "Phần diện tích đất vườn, ao liền kề với đất ở không được hỗ trợ theo đúng quy định của Luật Đất "
                    "đai.",
                    "{Gd} đã nhiều lần có ý kiến với Hội đồng bồi thường, giải phóng mặt bằng nhưng không được giải "
                    "quyết thỏa đáng.",
                ],
                request="hủy bỏ Quyết định số {so}/QĐ-UBND, xác định lại giá đất bồi thường và bố trí tái định cư "
                "cho {gd} theo đúng quy định của pháp luật",
            ),
            M(
                resp="authority",
                solo=True,
                subject="việc từ chối cấp Giấy chứng nhận quyền sử dụng đất cho {gd} tại thửa đất số {thua}",
                facts=[
                    "{Gd} nhận chuyển nhượng thửa đất số {thua}, tờ bản đồ số {to}, diện tích {dt} m2 từ năm "
                    "{nam_sd}, có giấy tờ mua bán viết tay và xác nhận của thôn.",
                    "Ngày {ngay}, {toi} nộp đầy đủ hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất tại Bộ phận "
                    "một cửa.",
                    "Đến nay đã quá thời hạn giải quyết nhưng {resp} có văn bản từ chối với lý do đất có nguồn gốc "
                    "lấn chiếm, trong khi {gd} sử dụng ổn định, đóng thuế đầy đủ hằng năm.",
                ],
                request="xem xét lại hồ sơ và cấp Giấy chứng nhận quyền sử dụng đất cho {gd} theo quy định",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                subject="nhận tiền của người dân để xác nhận hồ sơ cấp Giấy chứng nhận quyền sử dụng đất trái quy "
                "định",
                facts=[
                    "Khoảng tháng {thang} năm {nam}, {resp} đã yêu cầu nhiều hộ dân nộp từ {tien_nho} để được "
                    "xác nhận nguồn gốc đất.",
                    "Những hộ không nộp tiền thì hồ sơ bị để kéo dài, không được giải quyết.",
                    "Nhiều trường hợp đất lấn chiếm hành lang giao thông vẫn được xác nhận là đất sử dụng ổn định "
                    "trước năm 1993.",
                ],
                request="xác minh, làm rõ và xử lý nghiêm hành vi vi phạm của người bị tố cáo theo quy định của "
                "pháp luật",
            ),
            M(
                resp="neighbor",
                subject="lấn chiếm đất công và xây dựng trái phép trên đất nông nghiệp tại {unit}",
                facts=[
                    "Từ tháng {thang} năm {nam}, {resp} tự ý san lấp khoảng {dt} m2 đất ruộng lúa và lấn chiếm "
                    "mương thoát nước chung của thôn.",
                    "Sau đó, hộ này xây dựng nhà xưởng kiên cố để cho thuê mà không có giấy phép xây dựng.",
                    "Chính quyền địa phương biết nhưng không lập biên bản xử lý, để sự việc kéo dài.",
                ],
                request="kiểm tra, buộc khôi phục lại tình trạng ban đầu của đất và xử lý trách nhiệm của cán bộ "
                "buông lỏng quản lý",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="giải quyết dứt điểm tranh chấp ranh giới đất giữa {gd} và hộ {other}",
                facts=[
                    "{Gd} và hộ {other} có đất liền kề tại {unit}, ranh giới đã ổn định từ nhiều năm trước.",
                    "Năm {nam}, hộ {other} xây tường rào lấn sang đất của {gd} khoảng {dt_nho} m2.",
                    "Ủy ban nhân dân {ward} đã tổ chức hòa giải hai lần nhưng không thành.",
                ],
                request="đo đạc lại hiện trạng sử dụng đất, xác định ranh giới và giải quyết dứt điểm vụ việc",
            ),
            M(
                resp="none",
                subject="bố trí tái định cư cho các hộ bị thu hồi đất thực hiện dự án {project}",
                facts=[
                    "Năm {nam}, {gd} bị thu hồi toàn bộ đất ở để thực hiện dự án {project}.",
                    "Đến nay đã hơn hai năm nhưng {gd} vẫn chưa được giao đất tái định cư, phải đi thuê nhà để ở.",
                    "Tiền hỗ trợ thuê nhà tạm cư đã dừng chi trả từ tháng {thang} năm {nam2}.",
                ],
                request="sớm bố trí đất tái định cư và tiếp tục chi trả tiền hỗ trợ tạm cư cho {gd}",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                subject="việc chậm chi trả tiền bồi thường giải phóng mặt bằng dự án {project}",
                facts=[
                    "Dự án {project} đi qua {unit} đã có quyết định thu hồi đất từ ngày {ngay}.",
                    "Người dân đã bàn giao mặt bằng đúng hạn nhưng đến nay vẫn chưa nhận được tiền bồi thường.",
                    "Nhiều hộ không còn đất sản xuất, đời sống gặp rất nhiều khó khăn.",
                ],
                request="chỉ đạo các cơ quan liên quan khẩn trương chi trả tiền bồi thường cho người dân",
            ),
        ],
    },
    "nha_tai_san": {
        "khieu_nai": [
            M(
                resp="chair",
                solo=True,
                subject="không đồng ý với Quyết định số {so}/QĐ-XPVPHC ngày {ngay} xử phạt vi phạm hành chính "
                "trong lĩnh vực xây dựng đối với {gd}",
                facts=[
                    "Ngày {ngay}, {resp} ký Quyết định số {so}/QĐ-XPVPHC phạt {gd} {tien_nho} và buộc tháo dỡ "
                    "phần mái tôn phía sau nhà.",
                    "Phần công trình này chỉ là sửa chữa, cải tạo mái che trên nền nhà cũ, không thuộc trường "
                    "hợp phải xin giấy phép xây dựng.",
                    "Biên bản vi phạm được lập khi {toi} vắng nhà, không có người làm chứng ký tên.",
                ],
                request="hủy Quyết định số {so}/QĐ-XPVPHC và không buộc tháo dỡ công trình của {gd}",
            ),
        ],
        "to_cao": [
            M(
                resp="neighbor",
                subject="xây dựng nhà trái phép, lấn chiếm lối đi chung của khu dân cư",
                facts=[
                    "Từ tháng {thang} năm {nam}, {resp} xây dựng nhà {tang} tầng không có giấy phép, lấn ra lối "
                    "đi chung khoảng {dt_nho} m2.",
                    "Lối đi chung của {so_ho} hộ dân bị thu hẹp, xe cứu thương, xe chữa cháy không thể đi vào.",
                    "Các hộ dân đã báo cáo nhiều lần nhưng công trình vẫn tiếp tục thi công.",
                ],
                request="đình chỉ thi công, buộc tháo dỡ phần công trình vi phạm, trả lại lối đi chung",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="cấp giấy phép sửa chữa nhà ở đã xuống cấp nghiêm trọng",
                facts=[
                    "Ngôi nhà cấp bốn của {gd} xây dựng từ năm {nam_sd}, nay tường nứt, mái dột, có nguy cơ sập "
                    "đổ vào mùa mưa bão.",
                    "{Toi} đã nộp hồ sơ xin phép sửa chữa từ ngày {ngay} nhưng chưa được giải quyết.",
                ],
                request="sớm xem xét cấp phép sửa chữa nhà ở để bảo đảm an toàn cho {gd}",
            ),
        ],
        "phan_anh": [
            M(
                resp="company",
                subject="công trình xây dựng gây nứt, lún nhà ở của các hộ dân liền kề",
                facts=[
                    "{Resp} đang thi công tòa nhà cao tầng liền kề khu dân cư tại {unit}.",
                    "Từ khi đóng cọc, ép cọc, nhà của {gd} bị nứt tường, lún nền, có nơi nứt rộng vài centimet.",
                    "Chủ đầu tư chưa có biện pháp khắc phục, chưa bồi thường thiệt hại cho các hộ dân.",
                ],
                request="kiểm tra công trình, tạm dừng thi công và buộc chủ đầu tư bồi thường thiệt hại",
            ),
        ],
    },
    "chinh_sach": {
        "khieu_nai": [
            M(
                resp="insurance",
                solo=True,
                subject="việc không giải quyết chế độ hưu trí cho {toi}",
                facts=[
                    "{Toi} có tổng thời gian đóng bảo hiểm xã hội là {nam_bh} năm, đã đủ tuổi nghỉ hưu từ tháng "
                    "{thang} năm {nam}.",
                    "Ngày {ngay}, {resp} có văn bản trả lời không giải quyết chế độ hưu trí với lý do thiếu hồ sơ "
                    "của giai đoạn trước năm 1995.",
                    "Toàn bộ sổ bảo hiểm xã hội và quyết định tuyển dụng đều đã được {toi} nộp bản sao có chứng "
                    "thực.",
                ],
                request="xem xét lại hồ sơ, giải quyết chế độ hưu trí cho {toi} theo đúng quy định",
            ),
            M(
                resp="chair",
                solo=True,
                subject="không đồng ý với Quyết định số {so}/QĐ-UBND ngày {ngay} thi hành kỷ luật buộc thôi việc "
                "đối với {toi}",
                facts=[
                    "{Toi} là công chức văn hóa - xã hội tại Ủy ban nhân dân {ward} từ năm {nam_sd}.",
                    "Ngày {ngay}, {resp} ký quyết định kỷ luật buộc thôi việc đối với {toi} với lý do tự ý bỏ "
                    "việc.",
                    "Thực tế {toi} nghỉ ốm có giấy xác nhận của bệnh viện và đã báo cáo bằng văn bản với lãnh đạo.",
                ],
                request="hủy quyết định kỷ luật và bố trí công việc trở lại cho {toi}",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                subject="lập hồ sơ khống để hưởng chế độ trợ cấp hộ nghèo và người có công",
                facts=[
                    "{Resp} đã lập danh sách hộ nghèo có nhiều hộ khá giả, trong đó có người thân của cán bộ xã.",
                    "Một số hồ sơ người có công với cách mạng được lập khống để nhận trợ cấp hằng tháng.",
                    "Các hộ thực sự khó khăn trong thôn lại không được xét duyệt.",
                ],
                request="thanh tra việc xét duyệt hộ nghèo và chi trả trợ cấp tại địa phương",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="xem xét công nhận liệt sĩ và giải quyết chế độ thờ cúng liệt sĩ cho gia đình",
                facts=[
                    "Bố {toi} là ông {other}, nhập ngũ năm 1968 và hy sinh năm 1972 tại chiến trường Quảng Trị.",
                    "Gia đình đã có giấy báo tử của đơn vị nhưng hồ sơ đề nghị công nhận liệt sĩ bị thất lạc.",
                    "{Toi} đã nhiều lần liên hệ Phòng Lao động - Thương binh và Xã hội nhưng chưa được hướng dẫn.",
                ],
                request="hướng dẫn, xác minh và hoàn thiện hồ sơ công nhận liệt sĩ cho bố {toi}",
            ),
            M(
                resp="none",
                solo=True,
                subject="chi trả trợ cấp xã hội hằng tháng cho người cao tuổi",
                facts=[
                    "{Toi} năm nay đã {tuoi} tuổi, sống một mình, không có lương hưu hay trợ cấp nào khác.",
                    "Hồ sơ đề nghị hưởng trợ cấp xã hội đã nộp tại Ủy ban nhân dân {ward} từ ngày {ngay}.",
                ],
                request="xét duyệt và chi trả trợ cấp xã hội hằng tháng cho {toi} theo quy định",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                subject="việc chậm chi trả tiền hỗ trợ cho người lao động mất việc làm",
                facts=[
                    "Từ tháng {thang} năm {nam}, nhiều công nhân tại {unit} mất việc do doanh nghiệp ngừng hoạt "
                    "động.",
                    "Người lao động đã nộp hồ sơ đề nghị hỗ trợ nhưng đến nay vẫn chưa được chi trả.",
                ],
                request="chỉ đạo các cơ quan chức năng kiểm tra, sớm chi trả tiền hỗ trợ cho người lao động",
            ),
        ],
    },
    "tu_phap": {
        "khieu_nai": [
            M(
                resp="court",
                solo=True,
                subject="việc kê biên tài sản của {gd} theo Quyết định thi hành án số {so}/QĐ-CCTHADS ngày {ngay}",
                facts=[
                    "Ngày {ngay}, {resp} ra Quyết định thi hành án số {so}/QĐ-CCTHADS và tiến hành kê biên "
                    "ngôi nhà của {gd}.",
                    "Việc kê biên không thông báo trước, giá trị tài sản kê biên vượt quá nhiều lần số tiền phải "
                    "thi hành án là {tien}.",
                    "{Toi} đã tự nguyện nộp một phần tiền thi hành án nhưng không được ghi nhận.",
                ],
                request="hủy quyết định kê biên, xem xét lại việc tổ chức thi hành án đối với {gd}",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                solo=True,
                subject="chứng thực hợp đồng chuyển nhượng khi không có mặt người ký",
                facts=[
                    "Ngày {ngay}, {resp} đã chứng thực hợp đồng chuyển nhượng quyền sử dụng đất của {gd} khi "
                    "không có mặt các thành viên trong hộ.",
                    "Chữ ký trong hợp đồng không phải của mẹ {toi}, người đang nằm viện vào thời điểm đó.",
                    "Hậu quả là thửa đất của {gd} bị sang tên cho người khác.",
                ],
                request="xác minh, xử lý nghiêm người vi phạm và hủy việc chứng thực trái pháp luật",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                solo=True,
                subject="đẩy nhanh tiến độ thi hành Bản án dân sự số {so}/{nam}/DS-PT",
                facts=[
                    "Theo Bản án dân sự phúc thẩm số {so}/{nam}/DS-PT, ông {other} phải trả cho {toi} số tiền "
                    "{tien}.",
                    "Bản án đã có hiệu lực pháp luật nhưng đến nay {toi} chưa nhận được khoản tiền nào.",
                    "Người phải thi hành án có tài sản nhưng đang tìm cách tẩu tán.",
                ],
                request="khẩn trương tổ chức thi hành án và áp dụng biện pháp ngăn chặn việc tẩu tán tài sản",
            ),
            M(
                resp="none",
                solo=True,
                subject="cải chính hộ tịch và cấp lại bản chính giấy khai sinh",
                facts=[
                    "Giấy khai sinh của con {toi} ghi sai năm sinh của người mẹ so với Căn cước công dân.",
                    "{Toi} đã nộp hồ sơ tại Ủy ban nhân dân {ward} nhưng bị yêu cầu bổ sung nhiều lần.",
                ],
                request="hướng dẫn và giải quyết việc cải chính hộ tịch cho con {toi}",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                solo=True,
                subject="thái độ làm việc của cán bộ tư pháp - hộ tịch khi giải quyết thủ tục chứng thực",
                facts=[
                    "Ngày {ngay}, {toi} đến Bộ phận một cửa {ward} để chứng thực giấy tờ.",
                    "Cán bộ tư pháp - hộ tịch có thái độ hách dịch, yêu cầu nộp thêm khoản phí ngoài quy định.",
                ],
                request="kiểm tra, chấn chỉnh thái độ phục vụ của cán bộ tại Bộ phận một cửa",
            ),
        ],
    },
    "tham_nhung": {
        "to_cao": [
            M(
                resp="official",
                subject="lợi dụng chức vụ, quyền hạn nhận hối lộ trong việc giao đất, cho thuê đất",
                facts=[
                    "Trong năm {nam}, {resp} đã nhận của nhiều hộ dân số tiền từ {tien_nho} để được giao đất "
                    "dịch vụ.",
                    "Việc nhận tiền không có biên lai, không nộp vào ngân sách.",
                    "{Toi} có ghi âm cuộc nói chuyện và danh sách các hộ đã nộp tiền.",
                ],
                request="vào cuộc xác minh, thu hồi số tiền đã nhận và xử lý nghiêm theo quy định của pháp luật",
            ),
            M(
                resp="official",
                subject="tham ô tiền hỗ trợ của người dân bị thu hồi đất",
                facts=[
                    "{Resp} giữ lại một phần tiền hỗ trợ chuyển đổi nghề nghiệp của các hộ dân bị thu hồi đất "
                    "dự án {project}.",
                    "Nhiều hộ chỉ được nhận khoảng một nửa số tiền ghi trong phương án được duyệt.",
                    "Tổng số tiền bị chiếm đoạt ước tính khoảng {tien}.",
                ],
                request="thanh tra toàn bộ việc chi trả tiền hỗ trợ và chuyển hồ sơ sang cơ quan điều tra nếu có "
                "dấu hiệu tội phạm",
            ),
        ],
        "phan_anh": [
            M(
                resp="official",
                subject="dấu hiệu tiêu cực trong đấu thầu xây dựng công trình trường học",
                facts=[
                    "Gói thầu xây dựng trường tiểu học tại {unit} có giá trị khoảng {tien}.",
                    "Nhà thầu trúng thầu là doanh nghiệp do người thân của {resp} làm giám đốc.",
                    "Công trình mới đưa vào sử dụng đã bị thấm dột, bong tróc.",
                ],
                request="kiểm tra lại quá trình đấu thầu và chất lượng công trình",
            ),
        ],
        "kien_nghi": [
            M(
                resp="official",
                subject="công khai các khoản thu, chi từ nguồn đóng góp của nhân dân",
                facts=[
                    "Năm {nam}, mỗi hộ trong thôn đóng góp {tien_nho} để làm đường bê tông nông thôn.",
                    "{Resp} không công khai quyết toán, người dân nghi ngờ có việc thất thoát, tiêu cực.",
                ],
                request="công khai các khoản thu, chi và kiểm tra việc sử dụng tiền đóng góp của nhân dân",
            ),
        ],
    },
    "moi_truong": {
        "phan_anh": [
            M(
                resp="company",
                subject="tình trạng xả nước thải chưa qua xử lý ra kênh thủy lợi gây ô nhiễm môi trường",
                facts=[
                    "Từ nhiều tháng nay, {resp} xả nước thải có màu đen, bốc mùi hôi thối ra kênh thủy lợi chảy "
                    "qua {unit}.",
                    "Cá chết hàng loạt, lúa và hoa màu của người dân bị ảnh hưởng nghiêm trọng.",
                    "Nhiều người dân, nhất là trẻ em, bị các bệnh về da và đường hô hấp.",
                ],
                request="kiểm tra, lấy mẫu nước thải và xử lý nghiêm hành vi gây ô nhiễm môi trường",
            ),
            M(
                resp="company",
                subject="tiếng ồn và bụi từ hoạt động sản xuất về ban đêm",
                facts=[
                    "{Resp} hoạt động cả ngày lẫn đêm, máy móc gây tiếng ồn lớn sát khu dân cư.",
                    "Bụi từ xưởng sản xuất bám đầy nhà cửa, ảnh hưởng đến sức khỏe và sinh hoạt của người dân.",
                ],
                request="buộc doanh nghiệp di dời hoặc có biện pháp giảm tiếng ồn, bụi theo quy chuẩn",
            ),
        ],
        "kien_nghi": [
            M(
                resp="none",
                subject="di dời bãi tập kết rác thải tự phát gần khu dân cư",
                facts=[
                    "Bãi rác tự phát tại {unit} tồn tại nhiều năm nay, rác thải không được thu gom thường xuyên.",
                    "Mùi hôi thối, ruồi muỗi ảnh hưởng nghiêm trọng đến sức khỏe của người dân xung quanh.",
                ],
                request="thu gom, xử lý triệt để và di dời bãi tập kết rác ra xa khu dân cư",
            ),
        ],
        "to_cao": [
            M(
                resp="company",
                subject="chôn lấp chất thải công nghiệp trái phép",
                facts=[
                    "Vào ban đêm, {resp} dùng xe tải chở chất thải công nghiệp đến chôn lấp tại khu đất trống "
                    "thuộc {unit}.",
                    "Nước rỉ từ khu chôn lấp chảy xuống ruộng lúa và giếng nước của các hộ dân.",
                ],
                request="kiểm tra, đình chỉ hoạt động và buộc khắc phục hậu quả ô nhiễm",
            ),
        ],
        "khieu_nai": [
            M(
                resp="authority",
                subject="việc cho phép xây dựng trạm trung chuyển rác thải sát khu dân cư",
                facts=[
                    "{Resp} đã chấp thuận địa điểm xây dựng trạm trung chuyển rác thải cách nhà dân chưa đầy "
                    "{khoang_cach} mét.",
                    "Việc chấp thuận không lấy ý kiến của người dân, không bảo đảm khoảng cách an toàn môi "
                    "trường.",
                ],
                request="hủy bỏ văn bản chấp thuận địa điểm và lựa chọn vị trí khác phù hợp",
            ),
        ],
    },
    "dang_doan_the": {
        "to_cao": [
            M(
                resp="party",
                subject="vi phạm quy định về những điều đảng viên không được làm",
                facts=[
                    "{Resp} sử dụng xe công vào việc riêng và tổ chức đám cưới cho con linh đình, nhận phong bì "
                    "của cấp dưới.",
                    "Người này còn kê khai tài sản, thu nhập không trung thực.",
                    "Những việc trên gây dư luận xấu trong cán bộ, đảng viên và nhân dân địa phương.",
                ],
                request="kiểm tra, làm rõ và xử lý kỷ luật nghiêm minh theo Điều lệ Đảng",
            ),
        ],
        "khieu_nai": [
            M(
                resp="party",
                solo=True,
                subject="quyết định thi hành kỷ luật khiển trách đối với {toi}",
                facts=[
                    "{Toi} là đảng viên sinh hoạt tại Chi bộ thôn, có {nam_bh} năm tuổi Đảng.",
                    "Ngày {ngay}, Chi bộ thi hành kỷ luật khiển trách {toi} với lý do không chấp hành nghị quyết "
                    "của Chi bộ.",
                    "{Toi} cho rằng quyết định của {resp} không đúng quy trình, không cho {toi} trình bày ý kiến.",
                ],
                request="xem xét lại quyết định kỷ luật đối với {toi}",
            ),
        ],
        "kien_nghi": [
            M(
                resp="party",
                subject="xem xét tư cách đảng viên và việc bầu cử trong Chi bộ",
                facts=[
                    "Tại kỳ họp Chi bộ tháng {thang} năm {nam}, {resp} đã chỉ đạo việc bầu cử không dân chủ.",
                    "Nhiều đảng viên có ý kiến nhưng không được ghi vào biên bản.",
                ],
                request="kiểm tra, chấn chỉnh sinh hoạt Chi bộ và bảo đảm dân chủ trong Đảng",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                subject="hoạt động của Hội Cựu chiến binh và việc sử dụng quỹ hội",
                facts=[
                    "Quỹ hội đóng góp của hội viên nhiều năm không được công khai thu, chi.",
                    "Hội viên đề nghị nhưng Ban Chấp hành Hội không trả lời.",
                ],
                request="kiểm tra việc quản lý, sử dụng quỹ hội và công khai cho hội viên được biết",
            ),
        ],
    },
    "khac": {
        "kien_nghi": [
            M(
                resp="none",
                subject="sửa chữa tuyến đường liên thôn bị xuống cấp nghiêm trọng",
                facts=[
                    "Tuyến đường liên thôn dài khoảng {km} km tại {unit} bị sụt lún, ổ gà, ổ voi dày đặc.",
                    "Mùa mưa đường ngập nước, học sinh đi học rất nguy hiểm, đã xảy ra nhiều vụ tai nạn.",
                ],
                request="sớm bố trí kinh phí sửa chữa, nâng cấp tuyến đường",
            ),
            M(
                resp="none",
                subject="bố trí đủ giáo viên và phòng học cho trường tiểu học của địa phương",
                facts=[
                    "Trường tiểu học tại {unit} hiện thiếu giáo viên, nhiều lớp phải ghép hoặc học ca ba.",
                    "Phòng học xuống cấp, mái dột, bàn ghế hư hỏng.",
                ],
                request="bổ sung giáo viên và đầu tư sửa chữa phòng học trước năm học mới",
            ),
        ],
        "phan_anh": [
            M(
                resp="none",
                solo=True,
                subject="thái độ thiếu trách nhiệm của cán bộ tiếp nhận hồ sơ tại Bộ phận một cửa",
                facts=[
                    "Ngày {ngay}, {toi} đến Bộ phận một cửa {ward} nộp hồ sơ nhưng bị hẹn nhiều lần.",
                    "Cán bộ tiếp nhận không hướng dẫn rõ ràng, có lời lẽ thiếu tôn trọng người dân.",
                ],
                request="chấn chỉnh thái độ phục vụ của cán bộ và giải quyết hồ sơ đúng hạn",
            ),
            M(
                resp="none",
                subject="tình trạng quá tải và chất lượng khám chữa bệnh tại trạm y tế",
                facts=[
                    "Trạm y tế {ward} thường xuyên thiếu thuốc bảo hiểm y tế, người bệnh phải tự mua ngoài.",
                    "Giờ làm việc không ổn định, nhiều buổi không có bác sĩ trực.",
                ],
                request="kiểm tra và chỉ đạo nâng cao chất lượng khám chữa bệnh tại trạm y tế",
            ),
        ],
        "khieu_nai": [
            M(
                resp="authority",
                solo=True,
                subject="việc không giải quyết hồ sơ đăng ký hộ kinh doanh của {toi}",
                facts=[
                    "Ngày {ngay}, {toi} nộp hồ sơ đăng ký hộ kinh doanh tại {resp} đầy đủ giấy tờ theo quy định.",
                    "Đến nay đã quá thời hạn giải quyết nhưng {toi} không nhận được kết quả hay văn bản trả lời.",
                ],
                request="giải quyết hồ sơ đăng ký hộ kinh doanh cho {toi} theo đúng thời hạn",
            ),
        ],
        "to_cao": [
            M(
                resp="official",
                subject="gây khó khăn, sách nhiễu người dân khi giải quyết thủ tục hành chính",
                facts=[
                    "{Resp} nhiều lần gợi ý người dân nộp thêm tiền để được giải quyết hồ sơ nhanh.",
                    "Những hồ sơ không có tiền bồi dưỡng thì bị trả lại với nhiều lý do khác nhau.",
                ],
                request="xác minh và xử lý nghiêm hành vi sách nhiễu của cán bộ",
            ),
        ],
    },
}

FILLERS = [
    "Sự việc trên đã kéo dài nhiều năm, ảnh hưởng nghiêm trọng đến đời sống và sinh hoạt của {gd}.",
    "{Toi} đã nhiều lần gửi đơn đến Ủy ban nhân dân {ward} nhưng đến nay vẫn chưa nhận được văn bản trả lời.",
    "Ngày {ngay2}, {toi} đã đến Trụ sở Tiếp công dân trình bày sự việc, cán bộ tiếp dân hứa sẽ xem xét nhưng "
    "đến nay chưa có kết quả.",
    "Việc chậm giải quyết đã gây bức xúc trong nhân dân địa phương, nhiều hộ dân có ý định kéo nhau lên cấp trên.",
    "Các giấy tờ liên quan, {toi} xin gửi kèm theo đơn này để Quý cơ quan xem xét.",
    "{Toi} là người dân chấp hành tốt mọi chủ trương, chính sách của Đảng và pháp luật của Nhà nước.",
    "Trong quá trình giải quyết, cán bộ phụ trách không hướng dẫn cụ thể, chỉ trả lời bằng miệng.",
    "Nếu sự việc không được giải quyết kịp thời, thiệt hại của {gd} sẽ ngày càng lớn.",
    "{Toi} mong muốn được gặp trực tiếp lãnh đạo để trình bày rõ hơn về sự việc.",
    "Ngày {ngay2}, Ủy ban nhân dân {ward} có tổ chức buổi làm việc nhưng không mời {toi} tham dự.",
    "Những nội dung nêu trên đều có người làm chứng và giấy tờ chứng minh kèm theo.",
    "Đến nay {toi} vẫn chưa nhận được bất kỳ văn bản trả lời chính thức nào của cơ quan có thẩm quyền.",
    "{Toi} nhận thấy việc làm trên là trái với quy định của pháp luật, xâm phạm quyền và lợi ích hợp pháp của "
    "{gd}.",
    "Sự việc đã được các cơ quan báo chí địa phương phản ánh nhưng chưa được xử lý dứt điểm.",
    "Nhiều hộ dân khác trong khu vực cũng gặp trường hợp tương tự nhưng không dám lên tiếng.",
    "{Toi} đã trực tiếp trình bày sự việc tại buổi tiếp xúc cử tri gần đây nhưng chưa được trả lời.",
    "Việc giải quyết kéo dài làm mất lòng tin của người dân vào chính quyền địa phương.",
    "{Toi} hoàn toàn tin tưởng vào sự công minh của Quý cơ quan trong việc giải quyết vụ việc này.",
]

CATEGORY_WORD = {
    "khieu_nai": "khiếu nại",
    "to_cao": "tố cáo",
    "kien_nghi": "kiến nghị",
    "phan_anh": "phản ánh",
}
TITLES = {
    "khieu_nai": [("ĐƠN KHIẾU NẠI", 6), ("ĐƠN KHIẾU NẠI (lần 2)", 1)],
    "to_cao": [("ĐƠN TỐ CÁO", 1)],
    "kien_nghi": [("ĐƠN KIẾN NGHỊ", 3), ("ĐƠN ĐỀ NGHỊ", 2)],
    "phan_anh": [("ĐƠN PHẢN ÁNH", 3), ("ĐƠN THƯ PHẢN ÁNH", 1)],
}
SIGN_HEAD = {
    "khieu_nai": "NGƯỜI KHIẾU NẠI",
    "to_cao": "NGƯỜI TỐ CÁO",
    "kien_nghi": "NGƯỜI KIẾN NGHỊ",
    "phan_anh": "NGƯỜI PHẢN ÁNH",
}
# domains that fit each category best (used when only one of them is given)
CATEGORY_DOMAINS = {c: [d for d in DOMAINS if c in MATTERS[d]] for c in CATEGORIES}


def _recipient(
    rng: random.Random, domain: str, category: str, pl: _Place, kind: str, respondent: str | None
) -> str:
    prov, dist, ward = pl.province, pl.district, pl.ward
    if pl.two_level:  # after the 2025 reform there is no district level
        dist = ward
    prov_name = prov.split(" ", 1)[1] if prov.startswith(("tỉnh", "thành phố")) else prov.split(" ", 2)[-1]
    if category == "khieu_nai":
        # a complaint goes to the head of the body that decided (first time) or its superior (second time)
        if kind in ("authority", "chair") and respondent:
            unit = respondent.replace("Chủ tịch ", "").replace("Ủy ban nhân dân ", "")
            return rng.choice(
                [
                    f"Chủ tịch Ủy ban nhân dân {unit}",
                    f"Chủ tịch Ủy ban nhân dân {unit}",
                    f"Chủ tịch Ủy ban nhân dân {dist if unit != dist else prov}",
                ]
            )
        if kind == "insurance":
            return f"Giám đốc Bảo hiểm xã hội {prov}"
        if kind == "court":
            return rng.choice(
                [
                    f"Chi cục trưởng Chi cục Thi hành án dân sự {dist}",
                    f"Cục trưởng Cục Thi hành án dân sự {prov}",
                ]
            )
        if kind == "party":
            return rng.choice(
                [
                    f"Ủy ban kiểm tra Đảng ủy {ward}",
                    f"Ủy ban kiểm tra Huyện ủy {dist.split(' ', 1)[1]}"
                    if dist.startswith("huyện")
                    else f"Ủy ban kiểm tra Thành ủy {prov_name}",
                ]
            )
    options: list[str] = [f"Chủ tịch Ủy ban nhân dân {dist}", f"Chủ tịch Ủy ban nhân dân {prov}"]
    if category == "to_cao":
        options += [f"Thanh tra {prov}", f"Chánh Thanh tra {prov}", f"Ban Tiếp công dân {prov}"]
    if category in ("kien_nghi", "phan_anh"):
        options += [f"Ban Tiếp công dân {prov}", f"Đoàn đại biểu Quốc hội {prov}", f"Ủy ban nhân dân {ward}"]
    party = [
        f"Ủy ban kiểm tra Tỉnh ủy {prov_name}"
        if prov.startswith("tỉnh")
        else f"Ủy ban kiểm tra Thành ủy {prov_name}",
        f"Ủy ban kiểm tra Đảng ủy {ward}",
    ]
    if dist.startswith("huyện"):
        party.append(f"Ủy ban kiểm tra Huyện ủy {dist.split(' ', 1)[1]}")
    extra = {
        "dat_dai": [f"Giám đốc Sở Tài nguyên và Môi trường {prov}", f"Chủ tịch Ủy ban nhân dân {dist}"],
        "nha_tai_san": [f"Giám đốc Sở Xây dựng {prov}", f"Chủ tịch Ủy ban nhân dân {dist}"],
        "chinh_sach": [
            f"Giám đốc Bảo hiểm xã hội {prov}",
            f"Giám đốc Sở Lao động - Thương binh và Xã hội {prov}",
        ],
        "tu_phap": [
            f"Chánh án Tòa án nhân dân {prov}",
            f"Cục trưởng Cục Thi hành án dân sự {prov}",
            f"Viện trưởng Viện kiểm sát nhân dân {prov}",
            f"Giám đốc Sở Tư pháp {prov}",
        ],
        "tham_nhung": [
            f"Thanh tra {prov}",
            f"Cơ quan Cảnh sát điều tra Công an {prov}",
            f"Viện trưởng Viện kiểm sát nhân dân {prov}",
        ],
        "moi_truong": [f"Giám đốc Sở Tài nguyên và Môi trường {prov}", f"Chủ tịch Ủy ban nhân dân {dist}"],
        "dang_doan_the": party,
        "khac": [f"Chủ tịch Ủy ban nhân dân {dist}", f"Ủy ban nhân dân {ward}"],
    }[domain]
    if domain == "dang_doan_the":
        return rng.choice(extra)
    return rng.choice(extra + extra + options)


def _respondent(rng: random.Random, kind: str, pl: _Place) -> str | None:
    dist = pl.ward if pl.two_level else pl.district
    if kind == "none":
        return None
    if kind == "authority":
        return rng.choice([f"Ủy ban nhân dân {dist}", f"Chủ tịch Ủy ban nhân dân {dist}"])
    if kind == "chair":
        return f"Chủ tịch Ủy ban nhân dân {rng.choice([dist, pl.ward])}"
    if kind == "insurance":
        return f"Bảo hiểm xã hội {rng.choice([dist, pl.province])}"
    if kind == "court":
        return f"Chi cục Thi hành án dân sự {dist}"
    if kind == "company":
        return rng.choice(COMPANIES)
    name, female = _person(rng)
    title = "Bà" if female else "Ông"  # petitions write Ông/Bà capitalised, also mid-sentence
    if kind == "neighbor":
        return f"{title} {name}"
    if kind == "party":
        role = rng.choice(["Bí thư Chi bộ thôn", "Phó Bí thư Đảng ủy xã", "đảng viên Chi bộ khu dân cư số 3"])
        return f"{title} {name}, {role}"
    role = rng.choice(
        [
            f"công chức địa chính - xây dựng {pl.ward}",
            f"Chủ tịch Ủy ban nhân dân {pl.ward}",
            f"Phó Chủ tịch Ủy ban nhân dân {pl.ward}",
            f"cán bộ tư pháp - hộ tịch {pl.ward}",
            f"Trưởng thôn, {pl.ward}" if pl.ward.startswith("xã") else f"Tổ trưởng tổ dân phố, {pl.ward}",
            f"cán bộ Phòng Tài nguyên và Môi trường {dist}",
        ]
    )
    return f"{title} {name}, {role}"


# --------------------------------------------------------------------------------------------------------------
# The petition
# --------------------------------------------------------------------------------------------------------------


@dataclass
class SamplePetition:
    form: str
    category: str
    domain: str
    complainant: dict
    recipient: str
    respondent: str | None
    subject: str
    petition_date: str
    place: str
    signatory_count: int
    anonymous: bool
    signers: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def truth(self) -> dict:
        """All fields as a JSON-able dict (a deep copy)."""
        return json.loads(json.dumps(asdict(self), ensure_ascii=False))

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _date_line(rng: random.Random, place: str, d: date) -> str:
    if rng.random() < 0.5:
        return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    return f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"


def make_petition(
    rng: random.Random, form: str | None = None, category: str | None = None, n_pages: int | None = None
) -> SamplePetition:
    """Build a random petition. ``rng`` alone decides everything not forced by the arguments."""
    if form is not None and form not in FORMS:
        raise ValueError(f"unknown form {form!r}")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if form is None:
        form = (
            rng.choices(FORMS, [5, 4, 2, 1])[0]
            if category in (None, "to_cao")
            else rng.choices(FORMS[:3], [5, 4, 2])[0]
        )
    if category is None:
        category = "to_cao" if form == "anonymous" else rng.choices(CATEGORIES, [5, 3, 3, 2])[0]
    if n_pages is None:
        n_pages = 2 if rng.random() < 0.25 else 1
    n_pages = max(1, int(n_pages))
    group = form == "group"
    anonymous = form == "anonymous"

    def usable(d: str) -> list[dict]:
        return [m for m in MATTERS[d].get(category, []) if not (group and m.get("solo"))]

    domain = rng.choice([d for d in CATEGORY_DOMAINS[category] if usable(d)])
    matter = rng.choice(usable(domain))

    pl = _place(rng)
    width = rng.randint(70, 78)

    # dates
    pdate = date(2022, 1, 1) + timedelta(days=rng.randrange(1300))
    if pl.two_level and pdate < date(2025, 7, 1):
        pdate = date(2025, 7, 1) + timedelta(days=rng.randrange(150))
    before = pdate - timedelta(days=rng.randint(40, 700))
    before2 = pdate - timedelta(days=rng.randint(5, 35))

    # complainant
    name, female = _person(rng)
    birth_year = rng.randint(1945, 1998)
    id_kind = rng.random()
    id_number = (
        _cmnd(rng)
        if id_kind < 0.15
        else _cccd(rng, pl.code if rng.random() < 0.85 else rng.choice(PROVINCES)[0], birth_year, female)
    )
    phone, phone_shown = _phone(rng)
    address = _address(rng, pl)
    if form in ("prose", "group") and not address.startswith(("Tổ", "Khu")):
        address = address[0].lower() + address[1:]  # mid-sentence: "hiện cư trú tại số 12 đường ..."
    if anonymous:
        complainant: dict = {"name": None, "address": None, "id_number": None, "phone": None}
    else:
        complainant = {"name": name, "address": address, "id_number": id_number, "phone": phone}
        if form == "prose" and rng.random() < 0.25:
            complainant["phone"] = None
        if form == "prose" and rng.random() < 0.15:
            complainant["id_number"] = None
        if form == "labeled" and rng.random() < 0.1:
            complainant["phone"] = None

    place = pl.place
    if rng.random() < 0.3 and not pl.two_level:
        place = (
            pl.district.split(" ", 2)[-1]
            if pl.district.startswith("thành phố")
            else pl.district.split(" ", 1)[1]
        )
    if place == "Thành phố Hồ Chí Minh" and rng.random() < 0.5:
        place = "TP. Hồ Chí Minh"

    respondent = _respondent(rng, matter["resp"], pl)
    recipient = _recipient(rng, domain, category, pl, matter["resp"], respondent)
    other, _ = _person(rng, female=False)
    values = {
        "toi": "chúng tôi" if group else "tôi",
        "gd": "các hộ gia đình chúng tôi" if group else "gia đình tôi",
        "resp": respondent or "",
        "unit": pl.unit,
        "ward": pl.ward,
        "district": pl.district,
        "so": str(rng.randint(12, 4899)),
        "ngay": _ddmmyyyy(before, rng),
        "ngay2": _ddmmyyyy(before2, rng),
        "thua": str(rng.randint(15, 980)),
        "to": str(rng.randint(1, 45)),
        "dt": f"{rng.randint(80, 900)},{rng.randint(0, 9)}",
        "dt2": str(rng.randint(40, 300)),
        "dt_nho": str(rng.randint(3, 40)),
        "nam_sd": str(min(before.year - 1, birth_year + rng.randint(20, 32))),
        "nam": str(before.year),
        "nam2": str(min(pdate.year, before.year + 1)),
        "thang": str(before.month),
        "gia": f"{rng.randint(2, 30) * 100_000:,}".replace(",", "."),
        "tien": _money(rng, 80, 4800),
        "tien_nho": _money(rng, 5, 60),
        "project": rng.choice(PROJECTS),
        "other": other,
        "tang": str(rng.randint(3, 6)),
        "so_ho": str(rng.randint(6, 25)),
        "nam_bh": str(rng.randint(15, 32)),
        "tuoi": str(rng.randint(80, 92)),
        "km": str(rng.randint(2, 9)),
        "khoang_cach": str(rng.randint(30, 150)),
    }

    def fill(s: str) -> str:
        vals = dict(values)
        for k in ("toi", "gd", "resp"):
            vals[k.capitalize()] = _cap(vals[k])
        return s.format(**vals)

    subject = fill(matter["subject"])
    facts = [fill(f) for f in matter["facts"]]
    request = fill(matter["request"])
    fillers = [fill(f) for f in FILLERS]
    rng.shuffle(fillers)
    word = CATEGORY_WORD[category]

    # ---------------- header
    titles = TITLES[category]
    title = rng.choices([t for t, _ in titles], [w for _, w in titles])[0]
    header = [MOTTO_1, MOTTO_2, "", _date_line(rng, place, pdate), "", title]
    if group and rng.random() < 0.5:
        header.append("(Đơn tập thể)")
    if rng.random() < 0.3:
        header += _wrap(f"(V/v: {_cap(subject)})", width - 6)
    header.append("")
    header += _wrap(f"Kính gửi: {recipient}", width)
    header.append("")

    # ---------------- identification and opening
    ident: list[str] = []
    rep_label = ""
    if form == "labeled":
        name_label = rng.choice(
            ["Họ và tên", f"Họ tên người {word}", "Tên tôi là", "Họ và tên người làm đơn"]
        )
        addr_label = rng.choice(["Địa chỉ", "Nơi cư trú", "Địa chỉ thường trú", "Địa chỉ liên hệ"])
        if len(id_number) == 9:
            id_label = "CMND số"
        else:
            id_label = rng.choice(["Số CCCD", "Căn cước công dân số", "Số định danh cá nhân", "Số CCCD/CMND"])
        ident += _wrap(f"{name_label}: {name}", width)
        if rng.random() < 0.5:
            ident.append(f"Năm sinh: {birth_year}")
        ident += _wrap(f"{addr_label}: {address}", width)
        id_line = f"{id_label}: {id_number}"
        if rng.random() < 0.4:
            issued = date(
                rng.randint(2016, max(2016, pdate.year - 1)), rng.randint(1, 12), rng.randint(1, 28)
            )
            id_line += f", cấp ngày {_ddmmyyyy(issued, rng)}"
        ident += _wrap(id_line, width)
        if complainant["phone"]:
            ident.append(
                f"{rng.choice(['Số điện thoại', 'Điện thoại', 'Số điện thoại liên hệ'])}: {phone_shown}"
            )
        if respondent:
            resp_label = {
                "khieu_nai": rng.choice(
                    [
                        "Tên cơ quan, tổ chức, cá nhân bị khiếu nại",
                        "Người bị khiếu nại",
                        "Cơ quan bị khiếu nại",
                    ]
                ),
                "to_cao": rng.choice(
                    ["Người bị tố cáo", "Tên cơ quan, tổ chức, cá nhân bị tố cáo", "Đối tượng bị tố cáo"]
                ),
            }.get(category, rng.choice(["Tổ chức, cá nhân có liên quan", "Đối tượng bị phản ánh"]))
            ident += _wrap(f"{resp_label}: {_cap(respondent)}", width)
        subj_label = rng.choice([f"{_cap(word)} về việc", "Về việc", "Nội dung về việc"])
        ident += _wrap(f"{subj_label}: {subject}", width)
        ident.append(f"Nội dung {word}:")
        opening: list[str] = []
    else:
        if anonymous:
            opening = [
                f"Tôi là người dân đang sinh sống tại {pl.unit}. Vì lý do an toàn cho bản thân và gia "
                f"đình, tôi xin phép không nêu tên."
            ]
        elif group:
            title_p = "bà" if female else "ông"
            opening = [f"Chúng tôi gồm {rng.randint(6, 40)} hộ dân đang sinh sống tại {pl.unit}."]
            rep_label = rng.choice(["Người đại diện", "Đại diện các hộ dân", "Người đại diện theo ủy quyền"])
            rep = f"{rep_label}: {_cap(title_p)} {name}, sinh năm {birth_year}"
            if complainant["id_number"]:
                rep += f", số CCCD {id_number}" if len(id_number) == 12 else f", CMND số {id_number}"
            rep += f", điện thoại {phone_shown}, địa chỉ: {address}."
            opening.append(rep)
        else:
            parts = [f"Tôi tên là {name}, sinh năm {birth_year}, hiện cư trú tại {address}"]
            if complainant["id_number"]:
                parts.append(
                    rng.choice(["số CCCD", "Căn cước công dân số", "số định danh cá nhân"]) + " " + id_number
                    if len(id_number) == 12
                    else f"CMND số {id_number}"
                )
            if complainant["phone"]:
                parts.append(f"điện thoại {phone_shown}")
            opening = [", ".join(parts) + "."]
        toi = "Chúng tôi" if group else "Tôi"
        if respondent and category in ("khieu_nai", "to_cao"):
            target = f"đối với {respondent}" if category == "khieu_nai" else respondent
            opening.append(f"{toi} làm đơn này {word} {target} về việc {subject}.")
        else:
            opening.append(f"{toi} làm đơn này {rng.choice(['kính', 'xin'])} {word} về việc {subject}.")
        opening.append(
            rng.choice(["Nội dung sự việc như sau:", "Sự việc cụ thể như sau:", f"Nội dung {word} như sau:"])
        )

    closing = [
        rng.choice(
            [
                f"Vì vậy, {values['toi']} kính đề nghị {{r}} {request}.",
                f"Đề nghị {{r}} {request}.",
                f"{_cap(values['toi'])} kính đề nghị {{r}} {request}.",
            ]
        ).format(r=rng.choice(["Quý cơ quan", "lãnh đạo", "Quý cấp", "cơ quan có thẩm quyền"]))
    ]
    closing.append(
        rng.choice(
            [
                f"{_cap(values['toi'])} xin cam đoan những nội dung trình bày trên là đúng sự thật và hoàn toàn chịu "
                "trách nhiệm trước pháp luật.",
                f"{_cap(values['toi'])} xin chịu trách nhiệm trước pháp luật về nội dung {word} của mình.",
                f"Rất mong nhận được sự quan tâm giải quyết của Quý cơ quan. {_cap(values['toi'])} xin chân thành cảm "
                "ơn!",
            ]
        )
    )
    attachments: list[str] = []
    if not anonymous and rng.random() < 0.6:
        attachments = ["Tài liệu kèm theo:"]
        docs = [
            "Bản sao Căn cước công dân",
            "Bản photo các giấy tờ liên quan",
            "Ảnh chụp hiện trạng",
            f"Bản sao văn bản số {values['so']}",
            "Biên bản làm việc ngày " + values["ngay2"],
        ]
        attachments += [f"- {d}." for d in rng.sample(docs, rng.randint(1, 3))]

    # ---------------- signature block (+ signer list)
    if group:
        sig = [rng.choice(["NGƯỜI ĐẠI DIỆN", "ĐẠI DIỆN CÁC HỘ DÂN", f"ĐẠI DIỆN NHỮNG NGƯỜI {word.upper()}"])]
    elif anonymous:
        sig = [SIGN_HEAD[category]]
    else:
        sig = [rng.choice([SIGN_HEAD[category], "NGƯỜI LÀM ĐƠN", SIGN_HEAD[category]])]
    if anonymous:
        sig += [""]
    else:
        sig += [rng.choice(["(Ký và ghi rõ họ tên)", "(Ký, ghi rõ họ tên)"]), "", "", name]
    signers: list[str] = []
    tail: list[str] = []
    if group:
        signers = [name]
        used = {name}
        while len(signers) < rng.randint(5, 10) or len(signers) < 5:
            s, _ = _person(rng)
            if s not in used:
                used.add(s)
                signers.append(s)
        tail = ["", "DANH SÁCH NGƯỜI KÝ ĐƠN"] + [f"{i}. {s}" for i, s in enumerate(signers, 1)]
    elif not anonymous:
        signers = [name]

    # ---------------- assemble the body and fit it into n_pages
    def n_lines(blocks: list[list[str]]) -> int:
        return sum(len(b) for b in blocks)

    open_w = [_wrap(p, width) for p in opening]
    fact_w = [_wrap(p, width) for p in facts]
    close_w = [_wrap(p, width) for p in closing]

    def body_len() -> int:
        return len(header) + len(ident) + n_lines(open_w) + n_lines(fact_w) + n_lines(close_w)

    def after_len() -> int:
        return len(attachments) + 1 + len(sig) + len(tail)

    if n_pages == 1:
        # trim facts, attachments and (for groups) signers until one page holds it all
        while body_len() + after_len() > LINES_PER_PAGE and len(fact_w) > 1:
            fact_w.pop()
        while body_len() + after_len() > LINES_PER_PAGE and len(attachments) > 2:
            attachments.pop()
        while body_len() + after_len() > LINES_PER_PAGE and len(signers) > 5:
            signers.pop()
            tail.pop()
        if rng.random() < 0.5 and body_len() + after_len() + 2 < LINES_PER_PAGE - 4:
            fact_w.insert(max(1, len(fact_w) - 1), _wrap(fillers.pop(), width))
    else:
        # every continued page is (nearly) full; the last page gets >= 4 body lines, then the signature
        need = (n_pages - 1) * (LINES_PER_PAGE - 4) + 4
        fi = 0
        while body_len() < need:
            fact_w.insert(max(1, len(fact_w) - 1), _wrap(fillers[fi % len(fillers)], width))
            fi += 1
        while len(signers) > 5 and LINES_PER_PAGE - after_len() < 8:
            signers.pop()
            tail.pop()

    body = header + ident + [ln for b in open_w + fact_w + close_w for ln in b]
    after = attachments + [""] + sig + tail
    pages: list[str] = []
    rest = body
    for p in range(n_pages - 1):
        later = n_pages - 1 - p  # pages still to come after this one
        room_last = LINES_PER_PAGE - after_len()
        take = min(LINES_PER_PAGE - 2, len(rest) - 4 * later) - rng.randint(0, 3)
        take = max(take, len(rest) - (later - 1) * (LINES_PER_PAGE - 2) - room_last, 8)
        chunk, rest = rest[:take], rest[take:]
        while chunk and chunk[-1] == "":
            chunk.pop()
        while rest and rest[0] == "":
            rest = rest[1:]
        pages.append("\n".join(chunk))
    pages.append("\n".join(rest + after))

    pet = SamplePetition(
        form=form,
        category=category,
        domain=domain,
        complainant=complainant,
        recipient=recipient,
        respondent=respondent,
        subject=subject,
        petition_date=pdate.isoformat(),
        place=place,
        signatory_count=len(signers),
        anonymous=anonymous,
        signers=signers,
        pages=pages,
    )
    return _normalize(pet)


def _normalize(pet: SamplePetition) -> SamplePetition:
    for k, v in list(pet.complainant.items()):
        pet.complainant[k] = _nfc(v) if isinstance(v, str) else v
    pet.recipient = _nfc(pet.recipient)
    pet.respondent = _nfc(pet.respondent) if pet.respondent else None
    pet.subject = _nfc(pet.subject)
    pet.place = _nfc(pet.place)
    pet.signers = [_nfc(s) for s in pet.signers]
    pet.pages = [_nfc(p) for p in pet.pages]
    return pet


# --------------------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------------------

FONT_FAMILIES: dict[str, dict[str, list[str]]] = {
    "dejavu-serif": {
        "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"],
        "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"],
    },
    "dejavu-sans": {
        "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
        "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"],
    },
    "noto-serif": {
        "regular": ["/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf"],
    },
    "noto-sans": {
        "regular": ["/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf"],
    },
    "liberation-serif": {
        "regular": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf"],
    },
    "liberation-sans": {
        "regular": ["/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"],
        "bold": ["/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"],
        "italic": ["/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf"],
    },
}


def _family_key(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def available_fonts() -> list[str]:
    """Font families (keys of FONT_FAMILIES) whose regular face is installed."""
    return [k for k, v in FONT_FAMILIES.items() if any(Path(p).exists() for p in v["regular"])]


def _font_paths(font: str | None, rng: random.Random) -> dict[str, str | None]:
    avail = available_fonts()
    if font is not None:
        key = _family_key(font)
        if key not in FONT_FAMILIES:  # "DejaVu" → first family starting with it
            key = next((k for k in FONT_FAMILIES if k.startswith(key)), key)
        family = key if key in avail else None
    else:
        family = rng.choice(avail) if avail else None
    if family is None and avail:
        family = avail[0]
    out: dict[str, str | None] = {"regular": None, "bold": None, "italic": None}
    if family is None:
        return out
    for style in out:
        out[style] = next((p for p in FONT_FAMILIES[family][style] if Path(p).exists()), None)
    out["bold"] = out["bold"] or out["regular"]
    out["italic"] = out["italic"] or out["regular"]
    return out


def _load(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        try:
            return ImageFont.load_default(size)
        except TypeError:  # very old Pillow
            return ImageFont.load_default()
    return ImageFont.truetype(path, size)


_DATE_RE = re.compile(r"^.{2,60},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*$")
_SIGN_RE = re.compile(r"^(NGƯỜI\s|ĐẠI DIỆN|TM\.|THAY MẶT)")


def _classify(lines: list[str]) -> list[str]:
    """Layout kind of every line: motto, date, title, subtitle, kinhgui, sighead, sig, siglist, body, blank."""
    kinds: list[str] = []
    in_sig = False
    prev = ""  # previous non-blank kind
    last = ""  # kind of the line right above
    for ln in lines:
        s = ln.strip()
        head = s.split("(")[0].strip()
        if not s:
            k = "blank"
        elif s in (MOTTO_1, MOTTO_2) or s.startswith("Độc lập - Tự do") or s.startswith("CỘNG HÒA XÃ HỘI"):
            k = "motto"
        elif _DATE_RE.match(s) and not in_sig:
            k = "date"
        elif s.startswith("DANH SÁCH"):
            k, in_sig = "title", False
        elif head.startswith("ĐƠN") and head == head.upper() and len(s) < 60:
            k = "title"
        elif s.startswith("(") and prev in ("title", "subtitle") and not in_sig:
            k = "subtitle"
        elif last == "subtitle" and not lines[len(kinds) - 1].rstrip().endswith(")"):
            k = "subtitle"  # a long (V/v: ...) wraps
        elif s.startswith("Kính gửi") or (last == "kinhgui" and ":" not in s):
            k = "kinhgui"
        elif _SIGN_RE.match(s) and s == s.upper():
            k, in_sig = "sighead", True
        elif in_sig:
            k = "sig"
        else:
            k = "body"
        kinds.append(k)
        last = k
        if k != "blank":
            prev = k
    return kinds


def _render_clean(text: str, seed: int, dpi: int, font: str | None) -> Image.Image:
    rng = random.Random(f"layout-{seed}")
    scale = dpi / 150.0
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    lines = [ln.rstrip() for ln in _nfc(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    kinds = _classify(lines)
    paths = _font_paths(font, rng)
    left, right, top, bottom = round(165 * scale), round(95 * scale), round(110 * scale), round(100 * scale)
    avail_w, avail_h = w - left - right, h - top - bottom
    pt = rng.uniform(11.0, 12.2)

    def fonts_for(size_px: int) -> dict[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]:
        return {
            "regular": _load(paths["regular"], size_px),
            "bold": _load(paths["bold"], size_px),
            "italic": _load(paths["italic"], size_px),
            "title": _load(paths["bold"], round(size_px * 1.2)),
        }

    def style_of(kind: str, s: str) -> str:
        if kind in ("motto", "sighead"):
            return "bold"
        if kind == "title":
            return "title"
        if kind in ("date", "subtitle") or (kind == "sig" and s.startswith("(")):
            return "italic"
        return "regular"

    # pick the largest size (<= pt) at which every line fits the width and the page height
    size = round(pt * dpi / 72)
    spacing = 1.38
    while True:
        fs = fonts_for(size)
        widest = 0.0
        for ln, k in zip(lines, kinds, strict=True):
            if k == "blank":
                continue
            lw = draw.textlength(ln.strip(), font=fs[style_of(k, ln.strip())])
            limit = avail_w * (0.55 if k in ("sighead", "sig") else 1.0)
            widest = max(widest, lw / limit)
        total_h = sum(size * spacing * (0.7 if k == "blank" else 1.0) for k in kinds) + size * 1.0
        if (widest <= 1.0 and total_h <= avail_h) or size <= 12:
            break
        if widest <= 1.0 and spacing > 1.2:
            spacing -= 0.04
            continue
        size -= 1
    line_h = size * spacing
    y = float(top)
    sig_cx = left + avail_w * 0.74
    sig_name_pending = False
    for idx, (ln, k) in enumerate(zip(lines, kinds, strict=True)):
        s = ln.strip()
        if k == "blank":
            if sig_name_pending and idx + 1 < len(lines) and kinds[idx + 1] == "blank":
                _scribble(draw, rng, sig_cx, y + line_h * 0.9, size)
                sig_name_pending = False
            y += line_h * 0.7
            continue
        f = fs[style_of(k, s)]
        tw = draw.textlength(s, font=f)
        if k in ("motto", "title", "subtitle"):
            x = left + (avail_w - tw) / 2
        elif k == "date":
            x = w - right - tw
        elif k in ("sighead", "sig"):
            x = min(sig_cx - tw / 2, w - right - tw)
        elif k == "kinhgui":
            x = left + avail_w * 0.12
        else:
            x = left
        draw.text((x, y), s, fill=0, font=f)
        if k == "motto" and s.startswith("Độc lập"):
            uy = y + size * 1.25
            draw.line([(x + tw * 0.12, uy), (x + tw * 0.88, uy)], fill=0, width=max(1, round(scale)))
            y += size * 0.3
        if k == "sig" and s.startswith("(Ký"):
            sig_name_pending = True
        y += line_h * (1.15 if k == "title" else 1.0)
    return img


def _scribble(draw: ImageDraw.ImageDraw, rng: random.Random, cx: float, cy: float, size: int) -> None:
    """A handwritten-looking signature: a few loops drawn as one smooth stroke, plus an underline flourish."""
    width = size * rng.uniform(3.0, 4.5)
    loops = rng.randint(3, 5)
    amp = size * rng.uniform(0.45, 0.7)
    phase = rng.uniform(0, math.pi)
    pts = []
    n = 120
    for i in range(n):
        t = i / (n - 1)
        ang = t * loops * 2 * math.pi + phase
        x = cx - width / 2 + width * t + math.cos(ang) * size * 0.35
        y = cy - math.sin(ang) * amp * (1.0 - 0.4 * t) + (t - 0.5) * size * 0.4
        pts.append((x, y))
    pen = max(2, size // 11)
    draw.line(pts, fill=40, width=pen, joint="curve")
    y0 = cy + amp * 0.9
    draw.line(
        [(cx - width * 0.45, y0 + size * 0.1), (cx + width * 0.55, y0 - size * 0.15)], fill=40, width=pen
    )


def _stamp(img: Image.Image, rng: np.random.Generator, text: str, dpi: int) -> Image.Image:
    scale = dpi / 150.0
    base = date(2024, 3, 5)  # received a few days after the petition date, when the page has one
    for ln in text.split("\n"):
        m = _DATE_RE.match(ln.strip())
        if m:
            try:
                base = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                pass
            break
    rec = base + timedelta(days=int(rng.integers(1, 12)))
    sw, sh = round(430 * scale), round(190 * scale)
    layer = Image.new("L", (sw, sh), 0)  # stamp ink coverage
    d = ImageDraw.Draw(layer)
    bw = max(3, round(5 * scale))
    d.rectangle([bw, bw, sw - bw - 1, sh - bw - 1], outline=255, width=bw)
    reg = FONT_FAMILIES["dejavu-sans"]["bold"][0]
    big = _load(reg if Path(reg).exists() else None, round(46 * scale))
    small = _load(reg if Path(reg).exists() else None, round(26 * scale))
    d.text((round(22 * scale), round(18 * scale)), "ĐẾN", fill=255, font=big)
    d.text(
        (round(170 * scale), round(30 * scale)), f"Số: {int(rng.integers(12, 9999))}", fill=255, font=small
    )
    d.text(
        (round(22 * scale), round(95 * scale)),
        f"Ngày: {rec.day:02d}/{rec.month:02d}/{rec.year}",
        fill=255,
        font=small,
    )
    d.text((round(22 * scale), round(140 * scale)), "Chuyển: ..................", fill=255, font=small)
    layer = layer.rotate(float(rng.uniform(-4, 4)), resample=Image.Resampling.BICUBIC, expand=True)
    cov = np.asarray(layer, dtype=np.float32) / 255.0
    cov *= rng.uniform(0.75, 0.95, size=cov.shape).astype(np.float32)  # uneven ink
    page = np.asarray(img.convert("RGB"), dtype=np.float32)
    x0 = int(rng.integers(round(60 * scale), round(200 * scale)))
    y0 = int(rng.integers(round(40 * scale), round(130 * scale)))
    hh, ww = cov.shape
    hh, ww = min(hh, page.shape[0] - y0), min(ww, page.shape[1] - x0)
    ink = np.array([205, 35, 40], dtype=np.float32) / 255.0
    region = page[y0 : y0 + hh, x0 : x0 + ww]
    c = cov[:hh, :ww, None]
    region[:] = region * (1 - c) + region * ink * c  # multiply blend: text stays black under the ink
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), "RGB")


def render_page(
    text: str, profile: str = "clean", seed: int = 0, dpi: int = 150, font: str | None = None
) -> Image.Image:
    """Draw ``text`` as a scanned A4 page. Grayscale ("L") except ``stamp`` (RGB)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; one of {PROFILES}")
    nrng = np.random.default_rng([seed, PROFILES.index(profile)])
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    if profile == "blank":
        arr = 252.0 + nrng.normal(0, 1.8, (h, w))
        n = int(nrng.integers(10, 60))
        ys, xs = nrng.integers(0, h, n), nrng.integers(0, w, n)
        arr[ys, xs] = nrng.uniform(120, 220, n)
        return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    img = _render_clean(text, seed, dpi, font)
    if profile == "clean":
        return img
    if profile == "upside":
        return img.rotate(180)
    if profile == "sideways":
        return img.transpose(Image.Transpose.ROTATE_90)
    if profile == "stamp":
        return _stamp(img, nrng, text, dpi)
    if profile == "lowres":
        f = nrng.uniform(0.42, 0.5)
        small = img.resize((round(w * f), round(h * f)), Image.Resampling.BILINEAR)
        return small.resize((w, h), Image.Resampling.BILINEAR)
    arr = np.asarray(img, dtype=np.float32)
    if profile == "office":
        bg = nrng.uniform(236, 246)
        arr = arr / 255.0 * (bg - 20) + 20
        arr += nrng.normal(0, 4.0, arr.shape)
        out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
        angle = float(nrng.uniform(0.25, 0.9) * nrng.choice([-1, 1]))
        return out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=int(bg))
    # photocopy
    thick = Image.fromarray(arr.astype(np.uint8), "L").filter(ImageFilter.MinFilter(3))
    arr = np.asarray(thick, dtype=np.float32) * 0.5 + arr * 0.5
    bg = nrng.uniform(205, 225)
    arr = arr / 255.0 * (bg - 25) + 25
    # uneven toner: a soft gradient and a darker band at one edge
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    arr -= 12 * (xx * nrng.uniform(-1, 1) + yy * nrng.uniform(-1, 1))
    band = round(w * nrng.uniform(0.01, 0.03))
    arr[:, :band] *= 0.55
    arr += nrng.normal(0, 8.0, arr.shape)
    # toner speckles: 1-2 px dots, mid-gray (dark and dense ones read as Vietnamese diacritics)
    n = int(nrng.integers(150, 300))
    ys, xs = nrng.integers(0, h - 3, n), nrng.integers(0, w - 3, n)
    sizes, vals = nrng.integers(1, 3, n), nrng.uniform(60, 150, n)
    for y0, x0, sz, v in zip(ys, xs, sizes, vals, strict=True):
        arr[y0 : y0 + sz, x0 : x0 + sz] = v
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    out = out.filter(ImageFilter.GaussianBlur(0.7))
    angle = float(nrng.uniform(-0.8, 0.8))
    return out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=int(bg))


# --------------------------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------------------------


def write_document(path: Path, images: list[Image.Image], dpi: int = 150) -> None:
    """Write page images as .pdf (one JPEG per page), .png/.jpg (one page) or .tif/.tiff (multi-page)."""
    path = Path(path)
    if not images:
        raise ValueError("no pages")
    suffix = path.suffix.lower()
    # copies: Pillow keeps per-save settings on the image objects (im.encoderinfo), which would leak into the
    # next save of the same images (e.g. a JPEG "quality" into a TIFF)
    pages = [im.copy() if im.mode in ("L", "RGB") else im.convert("RGB") for im in images]
    if suffix == ".pdf":
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=88)
    elif suffix in (".png", ".jpg", ".jpeg"):
        if len(pages) != 1:
            raise ValueError(f"{suffix} holds one page, got {len(pages)}")
        if suffix == ".png":
            pages[0].save(path, "PNG", dpi=(dpi, dpi))
        else:
            pages[0].save(path, "JPEG", dpi=(dpi, dpi), quality=90)
    elif suffix in (".tif", ".tiff"):
        pages[0].save(
            path, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_deflate"
        )
    else:
        raise ValueError(f"unsupported suffix {suffix!r}")


TEXT_PDF_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def write_text_pdf(path: Path, pages: list[str]) -> None:
    """A born-digital A4 PDF with a real (extractable) text layer, written with PDFium via pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    font_path = next(
        (
            p
            for p in (
                TEXT_PDF_FONT,
                FONT_FAMILIES["noto-sans"]["regular"][0],
                FONT_FAMILIES["liberation-sans"]["regular"][0],
            )
            if Path(p).exists()
        ),
        None,
    )
    if font_path is None:
        raise RuntimeError("no TrueType font with Vietnamese glyphs found")
    data = Path(font_path).read_bytes()
    buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    pdf = pdfium.PdfDocument.new()
    font = raw.FPDFText_LoadFont(pdf.raw, buf, len(data), raw.FPDF_FONT_TRUETYPE, True)
    if not font:
        raise RuntimeError(f"PDFium could not load {font_path}")
    pw, ph = 595.28, 841.89
    try:
        for text in pages:
            lines = [ln.rstrip() for ln in _nfc(text).split("\n")]
            size = 11.0 if len(lines) <= 52 else max(7.0, 11.0 * 52 / len(lines))
            page = pdf.new_page(pw, ph)
            y = ph - 64
            for ln in lines:
                if ln.strip():
                    obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size))
                    enc = (ln.strip() + "\0").encode("utf-16-le")
                    wbuf = ctypes.create_string_buffer(enc, len(enc))
                    raw.FPDFText_SetText(obj, ctypes.cast(wbuf, ctypes.POINTER(raw.FPDF_WCHAR)))
                    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, y)
                    raw.FPDFPage_InsertObject(page.raw, obj)
                y -= size * 1.35
            raw.FPDFPage_GenerateContent(page.raw)
            page.close()
        pdf.save(str(path))
    finally:
        raw.FPDFFont_Close(font)
        pdf.close()


def _row(name: str, docs: list[tuple[SamplePetition, list[int]]], profiles: list[str]) -> dict:
    documents = []
    for pet, nums in docs:
        t = pet.truth()
        t["page_texts"] = t.pop("pages")
        t["pages"] = nums
        documents.append(t)
    return {"file": name, "profiles": profiles, "documents": documents}


def write_samples(outdir: Path, n: int = 6, seed: int = 0, dpi: int = 150) -> list[dict]:
    """Write ``n`` sample files of mixed formats and scan profiles plus ``truth.jsonl``; return the rows.

    Files 1-6: a 2-page clean PDF, an office JPEG, a photocopy PNG, a 2-page office TIFF (group petition), a
    stamped JPEG and a batch PDF of three petitions separated by blank sheets (one scanned upside down).
    File 7 (n >= 7) is a born-digital PDF with a text layer; later files are random formats and profiles.
    Each row: ``{"file", "profiles" (one per page of the file), "documents": [truth + {"pages": [1-based],
    "page_texts": [...]}]}``.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    plan: list[tuple[str, str, list[str], int]] = [  # (suffix, form, profiles, n_pages)
        (".pdf", "labeled", ["clean", "clean"], 2),
        (".jpg", "prose", ["office"], 1),
        (".png", "anonymous", ["photocopy"], 1),
        (".tif", "group", ["office", "office"], 2),
        (".jpg", "labeled", ["stamp"], 1),
        ("batch", "", [], 0),
    ]
    extra_profiles = ["clean", "office", "photocopy", "lowres", "upside", "stamp", "sideways"]
    rows: list[dict] = []
    for i in range(n):
        base_seed = seed * 1000 + i * 17
        if i < len(plan):
            suffix, form, profiles, n_pages = plan[i]
        else:
            suffix = rng.choice([".pdf", ".jpg", ".png", ".tif"])
            form = rng.choice(FORMS)
            n_pages = 1 if suffix in (".jpg", ".png") else rng.choice([1, 2])
            profiles = [rng.choice(extra_profiles)] * n_pages
        if i == 6:  # a born-digital PDF (text layer, no scan)
            pet = make_petition(rng, n_pages=rng.choice([1, 2]))
            name = f"sample_{i + 1:02d}_{pet.form}_textlayer.pdf"
            write_text_pdf(outdir / name, pet.pages)
            rows.append(_row(name, [(pet, list(range(1, len(pet.pages) + 1)))], ["text"] * len(pet.pages)))
            continue
        if suffix == "batch":
            name = f"sample_{i + 1:02d}_batch.pdf"
            images: list[Image.Image] = []
            docs: list[tuple[SamplePetition, list[int]]] = []
            profs: list[str] = []
            for j, (form_j, np_j, prof_j) in enumerate(
                [("prose", 1, "office"), ("labeled", 2, "clean"), ("group", 1, "upside")]
            ):
                if j:
                    images.append(render_page("", "blank", seed=base_seed + 50 + j, dpi=dpi))
                    profs.append("blank")
                pet = make_petition(rng, form=form_j, n_pages=np_j)
                nums = []
                for k, page in enumerate(pet.pages):
                    images.append(render_page(page, prof_j, seed=base_seed + 10 * j + k, dpi=dpi))
                    profs.append(prof_j)
                    nums.append(len(images))
                docs.append((pet, nums))
            write_document(outdir / name, images, dpi=dpi)
            rows.append(_row(name, docs, profs))
            continue
        pet = make_petition(rng, form=form, n_pages=n_pages)
        tag = profiles[0]
        name = f"sample_{i + 1:02d}_{pet.form}_{tag}{suffix}"
        images = [
            render_page(p, prof, seed=base_seed + k, dpi=dpi)
            for k, (p, prof) in enumerate(zip(pet.pages, profiles, strict=False))
        ]
        write_document(outdir / name, images, dpi=dpi)
        rows.append(_row(name, [(pet, list(range(1, len(images) + 1)))], profiles[: len(images)]))
    with open(outdir / "truth.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


if __name__ == "__main__":  # python -m donthu.samples OUTDIR [N]
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "samples_out")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    for r in write_samples(out, n=count):
        print(r["file"], [d["pages"] for d in r["documents"]])
