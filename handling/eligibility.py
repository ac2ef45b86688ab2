"""Phân loại đơn (TT 05/2021/TT-TTCP Điều 6): the content class of khoản 1 and the checklist of khoản 2 (đơn đủ
điều kiện xử lý), pre-filled from the verified fields, the petition's text and the signature found on the scan.

Pure: no database, no files. The officer confirms or corrects every item on the classification form; an item
that cannot be told from what the case holds is ``None`` (not known) and never makes the petition ineligible by
itself. The reason codes (Vietnamese labels) are what a classify or không xử lý decision records:
:data:`NOT_ELIGIBLE_REASONS` (TT 05 art. 6(2) and the practice of TT 07/2014), :data:`KN_ART11_GROUNDS` (Luật
Khiếu nại 2011 Điều 11), :data:`TC_NOT_ACCEPTED` (Luật Tố cáo 2018 Điều 29 khoản 2) and the anonymous tố cáo
rule of Luật Tố cáo 2018 Điều 25 (:data:`ANONYMOUS_RULE`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..contract import CONTENT_CLASS_LABELS
from ..lang.normalize import fold_words

__all__ = ["ANONYMOUS_RULE", "KN_ART11_GROUNDS", "NOT_ELIGIBLE_REASONS", "SIGNATURE_SURE", "SOURCE_LABELS"]
__all__ += ["TC_NOT_ACCEPTED", "Checklist", "Item", "checklist", "content_class_of", "reason_label"]

SIGNATURE_SURE = 0.7  # a signature finding less sure than this is "not known": the officer looks at the scan

# Không đủ điều kiện xử lý (TT 05/2021 art. 6(2); the list TT 07/2014 had and handling software keeps)
NOT_ELIGIBLE_REASONS: dict[str, str] = {
    "thieu_noi_dung": "Đơn không ghi đủ các nội dung bắt buộc theo khoản 2 Điều 6 Thông tư 05/2021/TT-TTCP",
    "gui_nhieu_noi": "Đơn đồng thời gửi nhiều cơ quan, tổ chức, đơn vị, trong đó có cơ quan có thẩm quyền giải quyết",
    "da_huong_dan": "Đơn đã được hướng dẫn một lần về cùng nội dung",
    "khong_chu_ky": "Đơn không có chữ ký hoặc điểm chỉ của người viết đơn",
    "khong_tieng_viet": "Đơn không dùng chữ viết là tiếng Việt và không có bản dịch có công chứng",
    "nac_danh": (
        "Đơn tố cáo không rõ họ tên, địa chỉ người tố cáo, không có nội dung rõ ràng về người vi phạm "
        "và tài liệu, chứng cứ cụ thể (Điều 25 Luật Tố cáo)"
    ),
}

# Luật Khiếu nại 2011 Điều 11: khiếu nại không được thụ lý giải quyết
KN_ART11_GROUNDS: dict[str, str] = {
    "kn11_1_noi_bo": (
        "Quyết định hành chính, hành vi hành chính trong nội bộ cơ quan nhà nước để chỉ đạo, tổ chức thực hiện "
        "nhiệm vụ, công vụ; quyết định hành chính, hành vi hành chính trong chỉ đạo điều hành của cơ quan hành "
        "chính cấp trên với cơ quan hành chính cấp dưới; quyết định hành chính có chứa đựng các quy phạm pháp luật "
        "do cơ quan, tổ chức, cá nhân có thẩm quyền ban hành theo trình tự, thủ tục của pháp luật về ban hành văn "
        "bản quy phạm pháp luật; quyết định hành chính, hành vi hành chính thuộc phạm vi bí mật nhà nước trong các "
        "lĩnh vực quốc phòng, an ninh, ngoại giao theo danh mục do Chính phủ quy định"
    ),
    "kn11_2_khong_lien_quan": (
        "Quyết định hành chính, hành vi hành chính bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích hợp "
        "pháp của người khiếu nại"
    ),
    "kn11_3_nang_luc": (
        "Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"
    ),
    "kn11_4_dai_dien": "Người đại diện không hợp pháp thực hiện khiếu nại",
    "kn11_5_chu_ky": "Đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại",
    "kn11_6_thoi_hieu": "Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng",
    "kn11_7_lan_hai": "Khiếu nại đã có quyết định giải quyết khiếu nại lần hai",
    "kn11_8_dinh_chi": (
        "Có văn bản thông báo đình chỉ việc giải quyết khiếu nại mà sau 30 ngày người khiếu nại không tiếp tục "
        "khiếu nại"
    ),
    "kn11_9_toa_an": (
        "Việc khiếu nại đã được Tòa án thụ lý hoặc đã được giải quyết bằng bản án, quyết định của Tòa án, trừ quyết "
        "định đình chỉ giải quyết vụ án hành chính của Tòa án"
    ),
}

# Luật Tố cáo 2018 Điều 29 khoản 2: người giải quyết tố cáo không thụ lý tố cáo
TC_NOT_ACCEPTED: dict[str, str] = {
    "tc29_a_khong_xu_ly": "Tố cáo thuộc một trong các trường hợp quy định tại khoản 3 Điều 24, khoản 1 Điều 25",
    "tc29_b_da_giai_quyet": (
        "Tố cáo về vụ việc đã được người đó giải quyết mà người tố cáo không cung cấp thông tin, tình tiết mới"
    ),
    "tc29_c_khong_co_so": (
        "Tố cáo về vụ việc mà nội dung và những thông tin người tố cáo cung cấp không có cơ sở để xác định người "
        "vi phạm, hành vi vi phạm pháp luật"
    ),
    "tc29_d_khong_du_dieu_kien": (
        "Tố cáo về vụ việc mà người có thẩm quyền giải quyết tố cáo không đủ điều kiện để kiểm tra, xác minh hành "
        "vi vi phạm pháp luật, người vi phạm"
    ),
    "tc29_dd_toa_an": (
        "Tố cáo về vụ việc đã được cơ quan có thẩm quyền thụ lý để giải quyết hoặc đã được giải quyết bằng bản án, "
        "quyết định của Tòa án"
    ),
}

ANONYMOUS_RULE = (
    "Tố cáo không rõ họ tên, địa chỉ người tố cáo không được xử lý theo Luật Tố cáo; nếu có nội dung rõ ràng về "
    "người có hành vi vi phạm pháp luật, có tài liệu, chứng cứ cụ thể và có cơ sở để thẩm tra, xác minh thì "
    "được thanh tra, kiểm tra theo thẩm quyền hoặc chuyển đến cơ quan có thẩm quyền (Điều 25 Luật Tố cáo 2018)"
)

SOURCE_LABELS: dict[str, str] = {
    "fields": "Thông tin đã xác minh",
    "text": "Nội dung đơn",
    "signature": "Nhận dạng chữ ký trên bản quét",
    "unknown": "Chưa xác định, cán bộ kiểm tra",
}

_ALL_REASONS = {**NOT_ELIGIBLE_REASONS, **KN_ART11_GROUNDS, **TC_NOT_ACCEPTED}


def reason_label(code: str) -> str:
    """The Vietnamese wording of a reason code (the code itself when unknown)."""
    return _ALL_REASONS.get(code, code)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    ok: bool | None  # None: not known from what the case holds
    source: str  # a key of SOURCE_LABELS
    required: bool = True  # False: shown for the officer, never decides eligibility


@dataclass(frozen=True)
class Checklist:
    items: list[Item]
    eligible: bool | None  # False: a required item is missing; None: some are not known
    missing: list[str]  # keys of the required items found missing
    reasons: list[str] = field(default_factory=list)  # suggested NOT_ELIGIBLE_REASONS codes
    inspection_only: bool = False  # an anonymous tố cáo that Điều 25(2) sends to inspection, not resolution

    def as_dict(self) -> dict[str, bool | None]:
        """{key: ok}: what a classify event stores as its checklist."""
        return {i.key: i.ok for i in self.items}


# ---------------------------------------------------------------------------------------------- content class
_CLASS_OF_CATEGORY = {
    "khieu_nai": "khieu_nai",
    "to_cao": "to_cao",
    "kien_nghi": "kien_nghi_phan_anh",
    "phan_anh": "kien_nghi_phan_anh",
    "kien_nghi_phan_anh": "kien_nghi_phan_anh",
    "nhieu_noi_dung": "nhieu_noi_dung",
}


def content_class_of(category: str | None, contents: Iterable[str] | None = None) -> str:
    """The class of TT 05 art. 6(1): kiến nghị and phản ánh are one class; contents of more than one class make
    "nhieu_noi_dung"; an unknown category is tố cáo (fail closed, as the identity policy)."""
    classes = {_CLASS_OF_CATEGORY[c] for c in contents or () if c in _CLASS_OF_CATEGORY}
    if len(classes) > 1 or "nhieu_noi_dung" in classes:
        return "nhieu_noi_dung"
    if classes:
        return classes.pop()
    return _CLASS_OF_CATEGORY.get(category or "", "to_cao")


# ---------------------------------------------------------------------------------------------- reading the case
# letters only Vietnamese writes (ă đ ơ ư and the tone marks hook and dot): French, Portuguese or Spanish share the
# others (à é ê ô ã...), so they do not tell Vietnamese apart
_VI_ONLY = set(unicodedata.normalize("NFC", "ăắằẳẵặđơớờởỡợưứừửữựạảẹẻẽịỉọỏụủỳỷỹỵấầẩẫậếềểễệốồổỗộ"))
_WORD_RE = re.compile(r"[^\W\d_]+")
_DATE_RE = re.compile(r"\bngay \d{1,2} thang \d{1,2} nam \d{4}\b")
_TRANSLATION_RE = re.compile(r"\bban dich\b.{0,80}\bcong chung\b|\bcong chung\b.{0,40}\bban dich\b")
_REQUEST_RE = re.compile(
    r"\b(?:de nghi|yeu cau|kien nghi|kinh mong|mong (?:duoc|quy|co quan|lanh dao)|xin (?:duoc|quy)|de xuat)\b"
)
_EVIDENCE_RE = re.compile(
    r"\b(?:tai lieu|chung cu|bang chung|hinh anh|anh chup|ghi am|video|clip|hoa don|chung tu|ban sao|kem theo)\b"
)


def _value(fields: Mapping[str, Any], key: str) -> Any:
    """A field of the export contract, flat ("name") or grouped under "complainant" (storage.repo.case_fields)."""
    if fields.get(key) not in (None, ""):
        return fields[key]
    group = fields.get("complainant")
    return group.get(key) if isinstance(group, Mapping) else None


def _filled(value: Any) -> bool:
    return isinstance(value, bool) or (value is not None and bool(str(value).strip()))


def _vietnamese(text: str) -> tuple[bool | None, str]:
    words = _WORD_RE.findall(unicodedata.normalize("NFC", text.lower()))
    if _TRANSLATION_RE.search(fold_words(text)):
        return True, "text"
    if len(words) < 8:
        return None, "unknown"
    share = sum(any(ch in _VI_ONLY for ch in w) for w in words) / len(words)
    if share >= 0.12:
        return True, "text"
    if share < 0.03 and len(words) >= 20:
        return False, "text"
    return None, "unknown"


def _from_fields(fields: Mapping[str, Any], key: str) -> tuple[bool, str]:
    return _filled(_value(fields, key)), "fields"


def _or_text(found: tuple[bool, str], folded: str, pattern: re.Pattern[str]) -> tuple[bool | None, str]:
    """A field's finding, else the petition's text when it shows the item (never "missing" from text alone)."""
    if found[0]:
        return found
    if folded and pattern.search(folded):
        return True, "text"
    return found


def _signature(signature: Mapping[str, Any] | None) -> tuple[bool | None, str]:
    if not signature or signature.get("present") is None:
        return None, "unknown"
    if float(signature.get("confidence") or 0.0) < SIGNATURE_SURE:
        return None, "unknown"
    return bool(signature["present"]), "signature"


# ---------------------------------------------------------------------------------------------- the checklist
def _common(
    fields: Mapping[str, Any], signature: Mapping[str, Any] | None, text: str, folded: str
) -> list[Item]:
    """TT 05 art. 6(2)(a): Vietnamese; date of writing; writer's name and address; signature or fingerprint."""
    ok, src = _vietnamese(text) if text.strip() else (None, "unknown")
    items = [Item("tieng_viet", "Đơn dùng chữ viết là tiếng Việt (hoặc có bản dịch có công chứng)", ok, src)]
    ok, src = _or_text(_from_fields(fields, "petition_date"), folded, _DATE_RE)
    items.append(Item("ngay_viet_don", "Ghi rõ ngày, tháng, năm viết đơn", ok, src))
    items.append(Item("ho_ten", "Họ, tên người viết đơn", *_from_fields(fields, "name")))
    items.append(Item("dia_chi", "Địa chỉ người viết đơn", *_from_fields(fields, "address")))
    items.append(Item("chu_ky", "Chữ ký hoặc điểm chỉ của người viết đơn", *_signature(signature)))
    return items


def _by_class(fields: Mapping[str, Any], content_class: str, folded: str) -> list[Item]:
    """TT 05 art. 6(2)(b): what each class of petition must state."""
    respondent = _from_fields(fields, "respondent")
    content = _from_fields(fields, "subject")
    if not content[0] and len(folded.split()) >= 30:  # the verifier left the subject empty, the text says it
        content = (True, "text")
    if content_class == "khieu_nai":
        request = _or_text(_from_fields(fields, "request"), folded, _REQUEST_RE)
        return [
            Item("bi_khieu_nai", "Tên, địa chỉ của cơ quan, tổ chức, cá nhân bị khiếu nại", *respondent),
            Item("noi_dung_ly_do", "Nội dung, lý do khiếu nại", *content),
            Item("yeu_cau", "Yêu cầu giải quyết của người khiếu nại", *request),
        ]
    if content_class == "to_cao":
        contact = _filled(_value(fields, "address")) or _filled(_value(fields, "phone"))
        return [
            Item("bi_to_cao", "Họ, tên, địa chỉ của cơ quan, tổ chức, cá nhân bị tố cáo", *respondent),
            Item("hanh_vi", "Nội dung, hành vi vi phạm pháp luật bị tố cáo", *content),
            Item(
                "lien_he",
                "Cách thức liên hệ với người tố cáo (địa chỉ hoặc số điện thoại)",
                contact,
                "fields",
            ),
        ]
    label = (
        "Nội dung kiến nghị, phản ánh" if content_class == "kien_nghi_phan_anh" else "Các nội dung của đơn"
    )
    return [Item("noi_dung", label, *content)]


def _anonymous(fields: Mapping[str, Any], folded: str) -> Item:
    """Điều 25(2) Luật Tố cáo: names the violator, with concrete documents or evidence to check."""
    if not _filled(_value(fields, "respondent")):
        ok: bool | None = False
    else:
        ok = True if _EVIDENCE_RE.search(folded) else None
    label = "Tố cáo nặc danh: nêu rõ người vi phạm, có tài liệu, chứng cứ cụ thể để thẩm tra, xác minh"
    return Item("nac_danh_can_cu", label, ok, "text" if folded else "fields", required=False)


def checklist(
    fields: Mapping[str, Any],
    content_class: str,
    signature: Mapping[str, Any] | None,
    text: str = "",
) -> Checklist:
    """The art. 6(2) checklist for a petition of ``content_class`` (a CONTENT_CLASS_LABELS code).

    ``fields``: the export contract's keys (name, address, phone, respondent, subject, petition_date, anonymous;
    flat or with the complainant's grouped), ``signature``: ``case.extra["signature"]`` (None: not known, e.g. a
    born-digital file), ``text``: the petition's text."""
    if content_class not in CONTENT_CLASS_LABELS:
        raise ValueError(f"unknown content class {content_class!r}")
    folded = fold_words(text)
    items = _common(fields, signature, text, folded) + _by_class(fields, content_class, folded)
    anonymous = bool(_value(fields, "anonymous")) or not (
        _filled(_value(fields, "name")) or _filled(_value(fields, "address"))
    )
    inspection = False
    if content_class == "to_cao" and anonymous:
        rule = _anonymous(fields, folded)
        items.append(rule)
        inspection = rule.ok is True
    required = [i for i in items if i.required]
    missing = [i.key for i in required if i.ok is False]
    eligible = False if missing else (None if any(i.ok is None for i in required) else True)
    return Checklist(
        items, eligible, missing, _reasons(missing, content_class, anonymous, inspection), inspection
    )


def _reasons(missing: list[str], content_class: str, anonymous: bool, inspection: bool) -> list[str]:
    """The NOT_ELIGIBLE_REASONS the missing items suggest (an anonymous tố cáo: its own reason, not the
    writer's name, address and contact as missing content)."""
    reasons = []
    if "tieng_viet" in missing:
        reasons.append("khong_tieng_viet")
    if "chu_ky" in missing:
        reasons.append("khong_chu_ky")
    covered = {"tieng_viet", "chu_ky"}
    if content_class == "to_cao" and anonymous:
        covered |= {"ho_ten", "dia_chi", "lien_he"}
        if not inspection:
            reasons.append("nac_danh")
    if set(missing) - covered:
        reasons.append("thieu_noi_dung")
    return reasons
