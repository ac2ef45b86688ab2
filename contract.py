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
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)
EDITABLE_STATUSES: tuple[str, ...] = ("pending_verification", "returned")

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
