"""People, places and numbers drawn at random: names, ID numbers, phones, addresses, and the parties of a
petition (the authority it is sent to, the one it is against)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date


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
