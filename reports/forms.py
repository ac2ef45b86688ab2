"""The report forms of Thông tư 02/2021/TT-TTCP as data: titles, column trees (merged headers), the numbers row with
its sums, the content-classification tables; and the report's types (Report, ReportRow, ReportCell, HeaderCell).

Sources of the column layouts (each column's number, label and group below follows its source):
- the titles, column groups and content lists: DOMAIN §4 (TT 02/2021/TT-TTCP, thuvienphapluat.vn,
  thanhtratinh.hatinh.gov.vn), exact;
- the detailed columns of every form: the vendor's Excel templates of Thông tư 02/2021 in
  github.com/anhvh1/KNTC_VUNGTAU_IOC, ``GO.API/Templates/BaoCao/`` (Gosol KNTC, commit 1358359e): XLD01.xlsx,
  XLD02.xlsx, XLD03.xlsx, XLD04.xlsx, TCD01.xlsx, TCD02.xlsx, KQGQ01.xlsx, KQGQ03.xlsx (sheet "Sheet1", rows 3-7:
  the merged header and the "MS" numbers row with its sums). Their labels are kept, abbreviations written out
  ("NN" → "Nhà nước", "g/q" → "giải quyết") and typos fixed ("Đôn đổc", "Đơn tiếp nhận đơn trong kỳ"). Their
  02/TCD has a 17th column "Ghi chú" (text): the note is printed under the table instead. Their sum for 03/KQGQ
  column 6 ("6=7+..+10=24+26+28=30+31") cannot hold once a tố cáo is withdrawn (9) or suspended (10); here
  6 = 7+8+9+10, and 24+26+28 = 30+31 = 7+8 (the vụ việc concluded), checked by the tests.

The report rows are units (the unit reported on and each unit directly under it, with its own subtree), then
"Tổng cộng", as on the paper forms. Column keys are ``c1``, ``c2``…; a cell's key is ``"{row key}:c{n}"`` (the row
key is the unit code, ``tong`` for the total).
"""

from __future__ import annotations

from .layout import Col, FormLayout, Group, HeaderCell, Node, Report, ReportCell, ReportRow, number_text


def _range(a: int, b: int) -> tuple[int, ...]:
    return tuple(range(a, b + 1))


# ---------------------------------------------------------------------------------------------- shared labels
MANY, ONE, OTHER = "Đơn có nhiều người đứng tên", "Đơn một người đứng tên", "Đơn khác"
CARRIED, RECEIVED = "Đơn kỳ trước chuyển sang", "Đơn tiếp nhận trong kỳ"
GUIDE, FORWARD, URGE = "Hướng dẫn", "Chuyển đơn", "Đôn đốc giải quyết"
REPLIES = "Số văn bản phúc đáp nhận được do chuyển đơn"
SOLVED, SOLVING, UNSOLVED = "Đã giải quyết", "Đang giải quyết", "Chưa giải quyết"
MONEY, LAND = "Tiền (Trđ)", "Đất (m²)"
OFFICIALS = "Trong đó số cán bộ, công chức, viên chức"


def _signers(first: int, other: bool = True) -> tuple[Col, ...]:
    labels = (MANY, ONE, OTHER) if other else (MANY, ONE)
    return tuple(Col(first + i, label) for i, label in enumerate(labels))


XLD01 = FormLayout(
    "01/XLD",
    "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN",
    "xld",
    (
        Col(1, "Tổng số đơn", (_range(2, 7),)),
        Group("Kỳ trước chuyển sang", _signers(2)),
        Group("Tiếp nhận trong kỳ", _signers(5)),
        Col(8, "Số đơn đã xử lý"),
        Group(
            "Đủ điều kiện xử lý",
            (Col(9, "Số đơn", ((11, 12, 13), _range(14, 17), (18, 22))), Col(10, "Số vụ việc")),
        ),
        Group(
            "Phân loại đơn theo nội dung",
            (Col(11, "Khiếu nại"), Col(12, "Tố cáo"), Col(13, "Kiến nghị, phản ánh")),
        ),
        Group(
            "Phân loại đơn theo tình trạng giải quyết",
            (
                Group(SOLVED, (Col(14, "Lần đầu"), Col(15, "Nhiều lần"))),
                Col(16, SOLVING),
                Col(17, UNSOLVED),
            ),
        ),
        Group(
            "Kết quả xử lý đơn",
            (
                Group(
                    "Đơn thuộc thẩm quyền",
                    (
                        Col(18, "Tổng số", ((19, 20, 21),)),
                        Col(19, "Khiếu nại"),
                        Col(20, "Tố cáo"),
                        Col(21, "Kiến nghị, phản ánh"),
                    ),
                ),
                Group(
                    "Đơn không thuộc thẩm quyền",
                    (Col(22, "Tổng số", ((23, 24, 25),)), Col(23, GUIDE), Col(24, FORWARD), Col(25, URGE)),
                ),
            ),
        ),
        Col(26, REPLIES),
    ),
)

XLD02 = FormLayout(
    "02/XLD",
    "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN KHIẾU NẠI",
    "xld",
    (
        Col(1, "Tổng số đơn", (_range(2, 5),)),
        Group(CARRIED, _signers(2, other=False)),
        Group(RECEIVED, _signers(4, other=False)),
        Group("Đơn đã xử lý", (Col(6, "Tổng", ((7, 8),)), Col(7, CARRIED), Col(8, RECEIVED))),
        Group(
            "Đủ điều kiện xử lý",
            (Col(9, "Số đơn"), Col(10, "Số vụ việc", ((11, 15, 16, 17), _range(18, 22), (23, 26)))),
        ),
        Group(
            "Phân loại vụ việc theo nội dung",
            (
                Group(
                    "Lĩnh vực hành chính",
                    (
                        Col(11, "Tổng", ((12, 13, 14),)),
                        Col(12, "Chế độ, chính sách"),
                        Col(13, "Đất đai, nhà cửa"),
                        Col(14, "Khác"),
                    ),
                ),
                Col(15, "Lĩnh vực tư pháp"),
                Col(16, "Lĩnh vực Đảng, đoàn thể"),
                Col(17, "Lĩnh vực khác"),
            ),
        ),
        Group(
            "Phân loại vụ việc theo tình trạng giải quyết",
            (
                Group(SOLVED, (Col(18, "Lần đầu"), Col(19, "Lần 2"), Col(20, "Đã có bản án của tòa"))),
                Col(21, SOLVING),
                Col(22, UNSOLVED),
            ),
        ),
        Group(
            "Kết quả xử lý",
            (
                Group(
                    "Vụ việc thuộc thẩm quyền",
                    (Col(23, "Tổng", ((24, 25),)), Col(24, "Lần đầu"), Col(25, "Lần 2")),
                ),
                Group(
                    "Vụ việc không thuộc thẩm quyền",
                    (Col(26, "Tổng", ((27, 28, 29),)), Col(27, GUIDE), Col(28, FORWARD), Col(29, URGE)),
                ),
            ),
        ),
        Col(30, REPLIES),
    ),
)

XLD03 = FormLayout(
    "03/XLD",
    "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN TỐ CÁO",
    "xld",
    (
        Col(1, "Tổng số đơn", (_range(2, 7),)),
        Group(CARRIED, _signers(2)),
        Group(RECEIVED, _signers(5)),
        Group("Đơn đã xử lý", (Col(8, "Tổng", ((9, 10),)), Col(9, CARRIED), Col(10, RECEIVED))),
        Group(
            "Đủ điều kiện xử lý",
            (
                Col(11, "Số đơn"),
                Col(12, "Số vụ việc", ((13, 18, 19, 20, 21), _range(22, 25), (26, 29))),
            ),
        ),
        Group(
            "Phân loại vụ việc theo nội dung",
            (
                Group(
                    "Lĩnh vực hành chính",
                    (
                        Col(13, "Tổng cộng", (_range(14, 17),)),
                        Col(14, "Chế độ, chính sách"),
                        Col(15, "Đất đai, nhà cửa"),
                        Col(16, "Công chức, công vụ"),
                        Col(17, "Khác"),
                    ),
                ),
                Col(18, "Tham nhũng"),
                Col(19, "Lĩnh vực Tư pháp"),
                Col(20, "Lĩnh vực Đảng, đoàn thể"),
                Col(21, "Lĩnh vực khác"),
            ),
        ),
        Group(
            "Phân loại vụ việc theo tình trạng giải quyết",
            (
                Col(22, "Chưa giải quyết, trong hạn"),
                Col(23, SOLVING),
                Group(
                    "Tố cáo tiếp",
                    (Col(24, "Quá thời hạn chưa giải quyết"), Col(25, "Đã có kết luận giải quyết")),
                ),
            ),
        ),
        Group(
            "Kết quả xử lý",
            (
                Group(
                    "Vụ việc thuộc thẩm quyền",
                    (Col(26, "Tổng số", ((27, 28),)), Col(27, "Tố cáo lần đầu"), Col(28, "Tố cáo tiếp")),
                ),
                Group(
                    "Vụ việc không thuộc thẩm quyền",
                    (Col(29, "Tổng số", ((30, 31, 32),)), Col(30, GUIDE), Col(31, FORWARD), Col(32, URGE)),
                ),
            ),
        ),
        Col(33, REPLIES),
    ),
)

XLD04 = FormLayout(
    "04/XLD",
    "TỔNG HỢP KẾT QUẢ XỬ LÝ ĐƠN KIẾN NGHỊ, PHẢN ÁNH",
    "xld",
    (
        Col(1, "Tổng số đơn", (_range(2, 7),)),
        Group(CARRIED, _signers(2)),
        Group(RECEIVED, _signers(5)),
        Group("Đã xử lý trong kỳ", (Col(8, "Tổng số", ((9, 10),)), Col(9, CARRIED), Col(10, RECEIVED))),
        Group(
            "Đủ điều kiện xử lý",
            (Col(11, "Số đơn"), Col(12, "Số vụ việc", (_range(13, 16), (17, 18, 19), (20, 21)))),
        ),
        Group(
            "Phân loại vụ việc theo nội dung",
            (Col(13, "Chế độ, chính sách"), Col(14, "Đất đai"), Col(15, "Tư pháp"), Col(16, "Khác")),
        ),
        Group(
            "Phân loại vụ việc theo tình trạng giải quyết",
            (Col(17, "Đã được giải quyết"), Col(18, SOLVING), Col(19, "Chưa được giải quyết")),
        ),
        Group(
            "Kết quả xử lý",
            (
                Col(20, "Vụ việc thuộc thẩm quyền"),
                Group(
                    "Vụ việc không thuộc thẩm quyền",
                    (Col(21, "Tổng số", ((22, 23),)), Col(22, FORWARD), Col(23, URGE)),
                ),
            ),
        ),
        Col(24, REPLIES),
    ),
)


def _reception(first: int, days: bool) -> tuple[Node, ...]:
    """One kind of reception in 01/TCD: (kỳ tiếp,) lượt, người, vụ việc lần đầu / nhiều lần, đoàn đông người."""
    n = first
    head: list[Node] = []
    if days:
        head.append(Col(n, "Số kỳ tiếp"))
        n += 1
    head += [
        Col(n, "Số lượt tiếp"),
        Col(n + 1, "Số người được tiếp"),
        Group("Số vụ việc", (Col(n + 2, "Tiếp lần đầu"), Col(n + 3, "Tiếp nhiều lần"))),
        Group(
            "Trong đó đoàn đông người",
            (
                Col(n + 4, "Số đoàn được tiếp"),
                Col(n + 5, "Số người được tiếp"),
                Col(n + 6, "Tiếp lần đầu"),
                Col(n + 7, "Tiếp nhiều lần"),
            ),
        ),
    ]
    return tuple(head)


TCD01 = FormLayout(
    "01/TCD",
    "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT",
    "tcd",
    (
        Col(1, "Tổng số lượt tiếp", ((4, 13, 22),)),
        Col(2, "Tổng số người được tiếp", ((5, 14, 23),)),
        Col(3, "Tổng số vụ việc tiếp", ((6, 7, 15, 16, 24, 25),)),
        Group("Tiếp thường xuyên", _reception(4, days=False)),
        Group(
            "Tiếp định kỳ và đột xuất của Thủ trưởng",
            (
                Group("Thủ trưởng tiếp", _reception(12, days=True)),
                Group("Ủy quyền tiếp", _reception(21, days=True)),
            ),
        ),
    ),
    refs="visit",
)

TCD02 = FormLayout(
    "02/TCD",
    "TỔNG HỢP KẾT QUẢ PHÂN LOẠI, XỬ LÝ ĐƠN QUA TIẾP CÔNG DÂN",
    "tcd",
    (
        Col(1, "Tổng số đơn nhận được qua tiếp công dân", ((3, 5, 7), (9, 11))),
        Col(2, "Tổng số vụ việc được tiếp", ((4, 6, 8), (10, 12))),
        Group(
            "Phân loại theo nội dung",
            (
                Group("Khiếu nại", (Col(3, "Số đơn"), Col(4, "Số vụ việc"))),
                Group("Tố cáo", (Col(5, "Số đơn"), Col(6, "Số vụ việc"))),
                Group("Phản ánh, kiến nghị", (Col(7, "Số đơn"), Col(8, "Số vụ việc"))),
            ),
        ),
        Group(
            "Phân loại theo thẩm quyền",
            (
                Group("Thuộc thẩm quyền", (Col(9, "Số đơn"), Col(10, "Số vụ việc"))),
                Group(
                    "Không thuộc thẩm quyền",
                    (
                        Col(11, "Số đơn"),
                        Group(
                            "Số vụ việc",
                            (
                                Col(12, "Tổng", ((13, 14, 15),)),
                                Col(13, GUIDE),
                                Col(14, FORWARD),
                                Col(15, URGE),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Col(16, REPLIES),
    ),
    refs="visit",
)


def _recovered(first: int, people: str, suspects: str) -> tuple[Node, ...]:
    """The money, land, rights and people columns shared by 01/KQGQ and 03/KQGQ."""
    n = first
    return (
        Group("Kiến nghị thu hồi cho Nhà nước", (Col(n, MONEY), Col(n + 1, LAND))),
        Group(
            "Trả lại cho tổ chức, cá nhân",
            (
                Group("Tổ chức", (Col(n + 2, MONEY), Col(n + 3, LAND))),
                Group("Cá nhân", (Col(n + 4, MONEY), Col(n + 5, LAND))),
            ),
        ),
        Col(n + 6, "Số tổ chức được trả lại quyền lợi"),
        Col(n + 7, "Số cá nhân được trả lại quyền lợi"),
        Group("Kiến nghị xử lý hành chính", (Col(n + 8, people), Col(n + 9, OFFICIALS))),
        Group(
            "Chuyển cơ quan điều tra",
            (Col(n + 10, "Số vụ"), Col(n + 11, suspects), Col(n + 12, OFFICIALS)),
        ),
    )


KQGQ01 = FormLayout(
    "01/KQGQ",
    "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT THUỘC THẨM QUYỀN",
    "kqgq",
    (
        Group(
            "Đơn khiếu nại thuộc thẩm quyền",
            (Col(1, "Tổng số", ((2, 3),)), Col(2, "Kỳ trước chuyển sang"), Col(3, "Tiếp nhận trong kỳ")),
        ),
        Col(4, "Tổng số vụ việc khiếu nại thuộc thẩm quyền"),
        Group(
            "Kết quả giải quyết",
            (
                Group(
                    SOLVED,
                    (
                        Col(5, "Số vụ việc giải quyết bằng QĐ hành chính", (_range(20, 24), (25, 26))),
                        Col(6, "Số vụ việc rút đơn thông qua giải thích, thuyết phục"),
                    ),
                ),
                *_recovered(7, "Tổng số người bị kiến nghị xử lý", "Tổng số người"),
            ),
        ),
        Group(
            "Phân tích kết quả giải quyết (vụ việc)",
            (
                Group(
                    "Giải quyết lần đầu",
                    (Col(20, "Khiếu nại đúng"), Col(21, "Khiếu nại sai"), Col(22, "Khiếu nại đúng một phần")),
                ),
                Group(
                    "Giải quyết lần 2",
                    (
                        Col(23, "Công nhận quyết định giải quyết lần đầu"),
                        Col(24, "Hủy, sửa quyết định giải quyết lần đầu"),
                    ),
                ),
                Group(
                    "Chấp hành thời hạn giải quyết",
                    (Col(25, "Đúng quy định"), Col(26, "Không đúng quy định")),
                ),
            ),
        ),
    ),
)

KQGQ03 = FormLayout(
    "03/KQGQ",
    "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TỐ CÁO THUỘC THẨM QUYỀN",
    "kqgq",
    (
        Group(
            "Đơn tố cáo thuộc thẩm quyền",
            (Col(1, "Tổng số", ((2, 3),)), Col(2, "Kỳ trước chuyển sang"), Col(3, "Tiếp nhận trong kỳ")),
        ),
        Col(4, "Tổng số vụ việc tố cáo thuộc thẩm quyền"),
        Col(5, "Trong đó số vụ việc tố cáo tiếp"),
        Group(
            "Kết quả giải quyết",
            (
                Group(
                    SOLVED,
                    (
                        Col(6, "Tổng số", ((7, 8, 9, 10),)),
                        Col(7, "Số vụ việc lần đầu"),
                        Col(8, "Số vụ việc tố cáo tiếp", ((25, 27, 29),)),
                        Col(9, "Số vụ việc rút toàn bộ nội dung tố cáo"),
                        Col(10, "Số vụ việc đình chỉ không do rút tố cáo"),
                    ),
                ),
                *_recovered(11, "Số người bị kiến nghị xử lý", "Số đối tượng"),
            ),
        ),
        Group(
            "Phân tích kết quả giải quyết (vụ việc)",
            (
                Col(24, "Tố cáo đúng"),
                Col(25, "Trong đó tố cáo tiếp đúng"),
                Col(26, "Tố cáo sai"),
                Col(27, "Trong đó tố cáo tiếp sai"),
                Col(28, "Tố cáo có đúng, có sai"),
                Col(29, "Trong đó tố cáo tiếp có đúng, có sai"),
            ),
        ),
        Group("Chấp hành thời hạn giải quyết", (Col(30, "Đúng quy định"), Col(31, "Không đúng quy định"))),
    ),
)

__all__ = ["FORMS", "HeaderCell", "Report", "ReportCell", "ReportRow", "content_field", "number_text"]

FORMS: dict[str, FormLayout] = {f.code: f for f in (XLD01, XLD02, XLD03, XLD04, TCD01, TCD02, KQGQ01, KQGQ03)}
FAMILIES: dict[str, tuple[str, ...]] = {
    fam: tuple(code for code, f in FORMS.items() if f.family == fam) for fam in ("xld", "tcd", "kqgq")
}

# ---------------------------------------------------------------------------------------------- content lists
# DOMAIN §4 "suggested mapping" of the case's domain (contract.DOMAIN_LABELS) to each type's content list; a
# product choice the agency may change here. Field keys: hc_* = "Lĩnh vực hành chính" sub-columns.
KN, TC, KNPA = "khieu_nai", "to_cao", "kien_nghi_phan_anh"
CONTENT_FIELDS: dict[str, dict[str, str]] = {
    KN: {
        "chinh_sach": "hc_chinh_sach",
        "dat_dai": "hc_dat_dai",
        "nha_tai_san": "hc_dat_dai",
        "moi_truong": "hc_khac",
        "khac": "hc_khac",
        "tu_phap": "tu_phap",
        "dang_doan_the": "dang_doan_the",
        "tham_nhung": "khac",  # khiếu nại has no Tham nhũng column: Lĩnh vực khác
    },
    TC: {
        "chinh_sach": "hc_chinh_sach",  # tố cáo about staff discipline would be hc_cong_vu: no field tells it
        "dat_dai": "hc_dat_dai",
        "nha_tai_san": "hc_dat_dai",
        "moi_truong": "hc_khac",
        "khac": "hc_khac",
        "tham_nhung": "tham_nhung",
        "tu_phap": "tu_phap",
        "dang_doan_the": "dang_doan_the",
    },
    KNPA: {
        "chinh_sach": "chinh_sach",
        "dat_dai": "dat_dai",
        "nha_tai_san": "dat_dai",
        "tu_phap": "tu_phap",
        "tham_nhung": "khac",
        "dang_doan_the": "khac",
        "moi_truong": "khac",
        "khac": "khac",
    },
}
DEFAULT_FIELD: dict[str, str] = {KN: "hc_khac", TC: "hc_khac", KNPA: "khac"}  # no domain, or an unknown one


def content_field(report_class: str, domain: str | None) -> str:
    """The content-list field of a petition of ``report_class`` (KN, TC, KNPA) and ``domain``."""
    return CONTENT_FIELDS[report_class].get(domain or "", DEFAULT_FIELD[report_class])
