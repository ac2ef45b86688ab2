"""The case contract, defined once: kinds of petition, domains, statuses, roles and the fields of a case.

Rung 0 of the layering (ARCHITECTURE.md): everything else may import it; it imports nothing of the project and
no library beyond the standard one. The extractor, the ORM, the export, the templates and the tests all read
their codes, labels and field lists from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # times are stored in UTC and shown here

# kinds of petition (Luật Khiếu nại, Luật Tố cáo, TT 05/2021/TT-TTCP art. 6)
CATEGORY_LABELS: dict[str, str] = {
    "khieu_nai": "Khiếu nại",
    "to_cao": "Tố cáo",
    "kien_nghi": "Kiến nghị",
    "phan_anh": "Phản ánh",
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)

DOMAIN_LABELS: dict[str, str] = {
    "dat_dai": "Đất đai",
    "nha_tai_san": "Nhà ở, tài sản, xây dựng",
    "chinh_sach": "Chính sách, chế độ",
    "tu_phap": "Tư pháp",
    "tham_nhung": "Tham nhũng, tiêu cực",
    "moi_truong": "Môi trường",
    "dang_doan_the": "Đảng, đoàn thể",
    "khac": "Khác",
}
DOMAINS: tuple[str, ...] = tuple(DOMAIN_LABELS)

STATUS_LABELS: dict[str, str] = {
    "pending_verification": "Chờ xác minh",
    "verified": "Đã xác minh",
    "returned": "Trả lại",
    # historical petitions imported from an archive (issue 15, archive/): never in the live queue, no live deadline
    "archived": "Lưu trữ (chưa kiểm tra)",
    "archive_review": "Lưu trữ: chờ kiểm tra",  # drawn into a quality-control sample, or routed for full check
    "archive_verified": "Lưu trữ: đã kiểm tra",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
ARCHIVE_STATUSES: tuple[str, ...] = ("archived", "archive_review", "archive_verified")
# the station edits these; archive_review: a historical case drawn into a sample or routed for a full check
EDITABLE_STATUSES: tuple[str, ...] = ("pending_verification", "returned", "archive_review")
# where a historical case's received date came from (archive/): the manifest, the folder layout, the reception
# stamp on the page ("ĐẾN Số … Ngày …"), the petition's own date, or nowhere (then the import day, flagged)
DATE_SOURCE_LABELS: dict[str, str] = {
    "manifest": "Danh mục (manifest)",
    "folder": "Tên thư mục",
    "stamp": "Dấu công văn đến",
    "petition": "Ngày ghi trên đơn",
    "none": "Không rõ (ngày nhập)",
}

ROLES: dict[str, str] = {
    "reception": "Tiếp nhận",
    "verifier": "Xác minh",
    "archivist": "Lưu trữ",
    "supervisor": "Lãnh đạo",
    "admin": "Quản trị",
}


@dataclass(frozen=True)
class Field:
    """One field of a case: its key (export contract and station), ORM column, label, and whether it tells who
    the writer is (hidden by the identity policy) and whether a verifier checks it."""

    key: str
    column: str
    label: str
    identity: bool = False
    verifiable: bool = True
    limit: int | None = None  # longest text a verifier may enter


FIELDS: tuple[Field, ...] = (
    Field("category", "category", "Loại đơn"),
    Field("domain", "domain", "Lĩnh vực"),
    Field("name", "complainant_name", "Người gửi đơn", identity=True, limit=300),
    Field("address", "complainant_address", "Địa chỉ", identity=True, limit=2000),
    Field("id_number", "complainant_id_number", "Số CCCD/CMND", identity=True, limit=40),
    Field("phone", "complainant_phone", "Số điện thoại", identity=True, limit=40),
    Field("recipient", "recipient", "Kính gửi", limit=2000),
    Field("respondent", "respondent", "Người/cơ quan bị khiếu nại, tố cáo", limit=2000),
    Field("subject", "subject", "Về việc", limit=4000),
    Field("petition_date", "petition_date", "Ngày viết đơn"),
    Field("signatory_count", "signatory_count", "Số người ký"),
    Field("anonymous", "anonymous", "Nặc danh"),
    Field("duplicate_of", "duplicate_of", "Trùng với hồ sơ", verifiable=False),
)
FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
# the fields a verifier checks (and whose lowest confidence is the case's min_confidence)
VERIFIABLE_FIELDS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.verifiable)
# the complainant's identity (export: complainant {name, address, id_number, phone})
IDENTITY_FIELDS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.identity)
# field key -> ORM column, for the fields a verifier edits
FIELD_COLUMNS: dict[str, str] = {f.key: f.column for f in FIELDS if f.verifiable}
FIELD_LABELS: list[tuple[str, str]] = [(f.key, f.label) for f in FIELDS]
TEXT_LIMITS: dict[str, int] = {f.key: f.limit for f in FIELDS if f.limit}
# normalized extras exported under their own keys (export contract)
EXPORT_EXTRAS: tuple[str, ...] = (
    "id_digits",
    "id_type",
    "phone_digits",
    "place",
    "address_current",
    "signers",
    "attachments",
    "title",
    "needs_manual",
)

# ---------------------------------------------------------------------------------------------- handling
# after verification (TT 05/2021/TT-TTCP, ../README "Handling"): the content class of art. 6(1), where
# kiến nghị and phản ánh count as one class and a petition with several contents is a class of its own
CONTENT_CLASS_LABELS: dict[str, str] = {
    "khieu_nai": "Khiếu nại",
    "to_cao": "Tố cáo",
    "kien_nghi_phan_anh": "Kiến nghị, phản ánh",
    "nhieu_noi_dung": "Đơn có nhiều nội dung khác nhau",
}
# hướng xử lý (TT 05/2021 art. 7-15, 28): the decisions `POST /api/cases/{id}/handling` takes
DIRECTION_LABELS: dict[str, str] = {
    "thu_ly": "Thụ lý (đề xuất thụ lý)",
    "huong_dan": "Hướng dẫn",
    "chuyen_don": "Chuyển đơn",
    "tra_lai": "Trả lại đơn",
    "luu_don": "Lưu đơn",
    "khong_xu_ly": "Không xử lý",
    "rut_don": "Rút đơn",
}
DIRECTIONS: tuple[str, ...] = tuple(DIRECTION_LABELS)
# every kind of event on a case's handling timeline (append-only table handling_events)
EVENT_LABELS: dict[str, str] = {
    "received": "Tiếp nhận vào đơn vị",
    "classify": "Phân loại đơn",
    **DIRECTION_LABELS,
    "assign": "Giao cán bộ giải quyết",
    "step": "Bước xác minh",
    "extend": "Gia hạn giải quyết",
    "result": "Kết quả giải quyết",
    "notice": "Thông báo kết quả cho công dân",
    "close": "Kết thúc hồ sơ",
    "don_doc": "Đôn đốc",
    "reply": "Văn bản phúc đáp",
    "destroy_proposed": "Đề xuất tiêu hủy đơn lưu",
    "destroy_decided": "Quyết định về đơn lưu",
    "reopen": "Mở lại hồ sơ",
}
# where a case stands after verification (cases.handling_stage; NULL before it is verified)
STAGE_LABELS: dict[str, str] = {
    "cho_xu_ly": "Chờ xử lý",
    "thu_ly": "Đã thụ lý",
    "giai_quyet": "Đang giải quyết",
    "co_ket_qua": "Đã có kết quả",
    "cho_phuc_dap": "Đã chuyển, chờ phúc đáp",
    "luu_don": "Lưu đơn",
    "ket_thuc": "Đã kết thúc",
}
STAGES: tuple[str, ...] = tuple(STAGE_LABELS)
# results (kết quả giải quyết) as the report forms count them (TT 02/2021, 01/KQGQ and 03/KQGQ)
RESULT_LABELS: dict[str, str] = {
    "kn_dung": "Khiếu nại đúng",
    "kn_sai": "Khiếu nại sai",
    "kn_dung_mot_phan": "Khiếu nại đúng một phần",
    "kn2_cong_nhan": "Lần hai: công nhận quyết định lần đầu",
    "kn2_huy_sua": "Lần hai: hủy, sửa quyết định lần đầu",
    "tc_dung": "Tố cáo đúng",
    "tc_sai": "Tố cáo sai",
    "tc_co_dung_co_sai": "Tố cáo có đúng, có sai",
    "kn_pa_da_tra_loi": "Kiến nghị, phản ánh đã được trả lời",
}
# kinds of unit in the agency tree (after the 2025 reform: no district level from 01/7/2025, kept as history)
UNIT_KIND_LABELS: dict[str, str] = {
    "tinh": "Tỉnh, thành phố",
    "so_nganh": "Sở, ban, ngành",
    "thanh_tra": "Thanh tra",
    "ban_tcd": "Ban tiếp công dân",
    "xa": "Xã",
    "phuong": "Phường",
    "dac_khu": "Đặc khu",
    "huyen": "Quận, huyện (trước 01/7/2025)",
    "phong": "Phòng, bộ phận",
}
