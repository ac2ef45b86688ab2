"""The reception log's rules without a database: outcomes, the grounds for refusing a visit (Luật Tiếp công dân
2013 art. 9), đoàn đông người and its representatives (art. 29-30), identity numbers, and whether a visit's
citizen is protected (the one identity policy, ``privacy/policy.py``)."""

from __future__ import annotations

import re

from ..nlp.validate import check_id_number, check_phone
from ..privacy import policy

# hướng xử lý at the desk (TT 04/2021 Mẫu 03 columns 8-10; 02/TCD)
OUTCOME_LABELS: dict[str, str] = {
    "nhan_don": "Nhận đơn để xử lý",
    "huong_dan": "Trả lại đơn và hướng dẫn",
    "chuyen_don": "Chuyển đơn đến cơ quan có thẩm quyền",
    "thu_ly": "Thụ lý để giải quyết",
    "tu_choi": "Từ chối tiếp (Luật Tiếp công dân, Điều 9)",
}
# Luật Tiếp công dân 2013, Điều 9: the only grounds to refuse receiving a citizen
REFUSAL_LABELS: dict[str, str] = {
    "mat_nhan_thuc": (
        "Người say do dùng chất kích thích, người mắc bệnh tâm thần hoặc bệnh khác làm mất khả năng nhận thức "
        "hoặc khả năng điều khiển hành vi (khoản 1)"
    ),
    "de_doa_xuc_pham": (
        "Người có hành vi đe dọa, xúc phạm cơ quan, tổ chức, đơn vị, người tiếp công dân, người thi hành công vụ "
        "hoặc vi phạm nội quy nơi tiếp công dân (khoản 2)"
    ),
    "da_giai_quyet_dung": (
        "Vụ việc đã được giải quyết đúng chính sách, pháp luật, đã được kiểm tra, rà soát, thông báo bằng văn "
        "bản và đã được tiếp, giải thích, hướng dẫn nhưng vẫn cố tình khiếu nại, tố cáo kéo dài (khoản 3)"
    ),
    "khac": "Trường hợp khác theo quy định của pháp luật (khoản 4)",
}
REFUSAL_SHORT: dict[str, str] = {
    "mat_nhan_thuc": "say, mất khả năng nhận thức",
    "de_doa_xuc_pham": "đe dọa, xúc phạm, vi phạm nội quy",
    "da_giai_quyet_dung": "vụ việc đã giải quyết đúng, cố tình kéo dài",
    "khac": "trường hợp khác theo pháp luật",
}
GROUP_SIZE = 5  # đoàn đông người: 5 people or more on one content (Luật TCD art. 30)
MAX_PEOPLE = 10_000
PASSPORT_RE = re.compile(r"[A-Z]{1,2}\d{6,8}")
# the content class of the desk (contract.CONTENT_CLASS_LABELS) as a category the identity policy reads
_CATEGORY_OF_CLASS = {"khieu_nai": "khieu_nai", "to_cao": "to_cao", "kien_nghi_phan_anh": "kien_nghi"}


def representatives_error(people_count: int, representatives: int) -> str | None:
    """Luật Tiếp công dân art. 30: 5 to 10 people appoint 1 or 2 representatives, more than 10 at most 5."""
    if representatives > people_count:
        return f"Số người đại diện ({representatives}) nhiều hơn số người đến ({people_count})."
    if people_count < GROUP_SIZE:
        return None
    if representatives == 0:
        return (
            f"Đoàn đông người ({people_count} người) phải cử người đại diện "
            "(Luật Tiếp công dân, Điều 30): ghi họ tên người đại diện."
        )
    if people_count <= 10 and representatives > 2:
        return (
            f"Đoàn từ 5 đến 10 người chỉ cử 1 hoặc 2 người đại diện (Luật Tiếp công dân, Điều 30); "
            f"đang có {representatives}."
        )
    if representatives > 5:
        return (
            f"Đoàn trên 10 người cử không quá 5 người đại diện (Luật Tiếp công dân, Điều 30); "
            f"đang có {representatives}."
        )
    return None


def normalize_id_number(value: str) -> tuple[str, str | None]:
    """An identity paper's number as stored (CCCD/CMND digits, a passport upper case) and the error, if any.

    Empty is allowed here (the caller warns: Luật TCD art. 7 asks the citizen to show a paper)."""
    raw = re.sub(r"[\s.\-]", "", value or "").upper()
    if not raw:
        return "", None
    if PASSPORT_RE.fullmatch(raw):
        return raw, None
    if not raw.isdigit():
        return raw, "Số giấy tờ: CCCD 12 chữ số, CMND 9 chữ số, hoặc số hộ chiếu (chữ cái rồi chữ số)."
    chk = check_id_number(raw)
    if chk.id_type is None:
        return raw, f"CCCD có 12 chữ số, CMND có 9 (đang có {len(chk.digits)})."
    if not chk.valid:
        return raw, "Số định danh không hợp lệ (mã tỉnh hoặc năm sinh)."
    return chk.digits, None


def phone_warning(value: str) -> str | None:
    if value and not check_phone(value).valid:
        return "Số điện thoại không đúng định dạng Việt Nam (vẫn được lưu như đã ghi)."
    return None


def identity_assessment(content_class: str | None, *texts: str | None) -> policy.Assessment:
    """The identity policy applied to a visit: tố cáo, an unknown class or several contents are protected, and so
    is any visit whose texts carry denunciation wording (fails closed). The class is a person's choice at the
    desk, so it counts as confident."""
    category = _CATEGORY_OF_CLASS.get(content_class or "")
    found = policy.text_signals("\n".join(t or "" for t in texts))
    multi = ("nhieu_noi_dung",) if content_class == "nhieu_noi_dung" else ()
    return policy.assess(
        category=category,
        confidence={"category": 1.0} if category else None,
        signals=policy.TextSignals(found.signals, multi),
    )


def identity_protected(content_class: str | None, *texts: str | None) -> bool:
    return identity_assessment(content_class, *texts).protected
