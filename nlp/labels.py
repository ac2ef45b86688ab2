"""Label inventory for petition fields and a noise-tolerant label matcher.

A label is the text before the value on a labelled line (``Họ và tên:``, ``Số CCCD:``, ``Tên cơ quan, tổ chức,
cá nhân bị khiếu nại:``). Wordings vary a lot between forms and writers, and OCR damages them (``Ho và tcn``,
``Đia chỉ``), so a label head is recognised in three ways, from most to least certain:

1. exactly one of the canonical wordings below (after NFC and lower-casing): confidence 1.0;
2. the same after folding diacritics, or a fuzzy match (rapidfuzz ratio) against the folded inventory;
3. keyword rules on the folded head (``... bị tố cáo`` -> respondent, ``... về việc`` -> subject,
   ``(cccd|cmnd|căn cước|định danh)`` -> id ...), which cover wordings the inventory does not list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..lang.normalize import collapse_ws, nfc
from ..lang.normalize import fold_chars as fold

__all__ = ["LABELS", "BARE_LABELS", "HeadMatch", "classify_head", "match_bare_label"]

# field -> canonical wordings. Fields: name, address, id, phone, recipient, cc, respondent, respondent_address,
# subject, content, request, attachments, other (known labels whose values we do not keep; they end a value).
LABELS: dict[str, list[str]] = {
    "name": [
        "Họ và tên",
        "Họ tên",
        "Họ và tên người khiếu nại",
        "Họ tên người khiếu nại",
        "Họ và tên người tố cáo",
        "Họ tên người tố cáo",
        "Họ và tên người kiến nghị",
        "Họ và tên người phản ánh",
        "Họ và tên người đề nghị",
        "Họ tên người kiến nghị",
        "Họ tên người phản ánh",
        "Họ tên người đề nghị",
        "Tên tôi là",
        "Tôi tên là",
        "Người khiếu nại",
        "Người tố cáo",
        "Người kiến nghị",
        "Người phản ánh",
        "Người đề nghị",
        "Người làm đơn",
        "Người viết đơn",
        "Người đứng đơn",
        "Người đại diện",
        "Họ và tên người đại diện",
        "Họ tên người đại diện",
        "Đại diện",
        "Tên người khiếu nại",
        "Tên người làm đơn",
        "Ông/bà",
        "Ông (bà)",
        "Họ và tên người làm đơn",
        "Họ tên người làm đơn",
        "Họ và tên công dân",
        "Tên công dân",
    ],
    "address": [
        "Địa chỉ",
        "Địa chỉ thường trú",
        "Địa chỉ liên hệ",
        "Địa chỉ cư trú",
        "Nơi cư trú",
        "Nơi ở hiện nay",
        "Chỗ ở hiện nay",
        "Nơi thường trú",
        "Hộ khẩu thường trú",
        "Thường trú",
        "Trú tại",
        "Địa chỉ nơi ở",
        "Địa chỉ liên lạc",
        "Nơi ở",
        "Tạm trú",
        "HKTT",
        "Hiện cư trú tại",
        "Cư trú tại",
        "Địa chỉ hiện nay",
        "Nơi ở hiện tại",
        "Địa chỉ thường trú hiện nay",
        "Nơi đăng ký thường trú",
    ],
    "id": [
        "Số CCCD",
        "CCCD",
        "CCCD số",
        "Số căn cước công dân",
        "Căn cước công dân số",
        "Số căn cước",
        "Căn cước số",
        "Số định danh cá nhân",
        "Số định danh",
        "Số CMND",
        "CMND số",
        "CMND",
        "Số chứng minh nhân dân",
        "Chứng minh nhân dân số",
        "Số CMND/CCCD",
        "Số CCCD/CMND",
        "CMND/CCCD",
        "CCCD/CMND",
        "Số giấy tờ tùy thân",
        "Hộ chiếu số",
        "Số hộ chiếu",
        "Số CMT",
        "Số thẻ căn cước",
        "Thẻ căn cước số",
        "Số căn cước/CMND",
    ],
    "phone": [
        "Số điện thoại",
        "Điện thoại",
        "Điện thoại liên hệ",
        "Số điện thoại liên hệ",
        "SĐT",
        "ĐT",
        "Số ĐT",
        "Điện thoại di động",
        "Di động",
        "ĐTDĐ",
        "Số điện thoại liên lạc",
        "Điện thoại liên lạc",
    ],
    "recipient": ["Kính gửi", "Kính gởi", "Kính thưa", "Gửi"],
    "cc": ["Đồng kính gửi", "Đồng gửi"],
    "respondent": [
        "Tên cơ quan, tổ chức, cá nhân bị khiếu nại",
        "Người bị khiếu nại",
        "Người bị tố cáo",
        "Đối tượng bị tố cáo",
        "Đối tượng bị phản ánh",
        "Cơ quan bị khiếu nại",
        "Họ và tên người bị tố cáo",
        "Họ tên người bị tố cáo",
        "Cá nhân bị tố cáo",
        "Tổ chức bị tố cáo",
        "Đối tượng bị khiếu nại",
        "Cơ quan, tổ chức, cá nhân bị tố cáo",
        "Tên người bị tố cáo",
        "Tên cơ quan, tổ chức, cá nhân bị tố cáo",
        "Người bị phản ánh",
        "Cơ quan, tổ chức bị khiếu nại",
        "Tên cơ quan bị khiếu nại",
    ],
    "respondent_address": [
        "Địa chỉ người bị tố cáo",
        "Địa chỉ người bị khiếu nại",
        "Địa chỉ của người bị tố cáo",
    ],
    "subject": [
        "Về việc",
        "V/v",
        "Khiếu nại về việc",
        "Tố cáo về việc",
        "Kiến nghị về việc",
        "Phản ánh về việc",
        "Đề nghị về việc",
        "Trích yếu",
        "Nội dung khiếu nại về việc",
        "Nội dung về việc",
        "Nội dung tố cáo về việc",
        "Nội dung kiến nghị về việc",
        "Nội dung phản ánh về việc",
        "Vấn đề khiếu nại",
    ],
    "content": [
        "Nội dung",
        "Nội dung khiếu nại",
        "Nội dung tố cáo",
        "Nội dung kiến nghị",
        "Nội dung phản ánh",
        "Nội dung đề nghị",
        "Nội dung sự việc",
        "Tóm tắt nội dung",
        "Lý do",
        "Nội dung vụ việc",
        "Sự việc",
        "Tóm tắt sự việc",
    ],
    "request": [
        "Đề nghị",
        "Yêu cầu",
        "Kiến nghị",
        "Kính đề nghị",
        "Đề nghị giải quyết",
        "Yêu cầu giải quyết",
        "Yêu cầu của người khiếu nại",
        "Đề nghị của người tố cáo",
    ],
    "attachments": [
        "Tài liệu kèm theo",
        "Hồ sơ kèm theo",
        "Giấy tờ kèm theo",
        "Kèm theo",
        "Tài liệu, chứng cứ kèm theo",
        "Các tài liệu kèm theo",
        "Tài liệu chứng cứ kèm theo",
        "Nơi nhận",
    ],
    "other": [
        "Sinh năm",
        "Năm sinh",
        "Ngày sinh",
        "Ngày tháng năm sinh",
        "Giới tính",
        "Dân tộc",
        "Quốc tịch",
        "Nghề nghiệp",
        "Email",
        "Ngày cấp",
        "Nơi cấp",
        "Cấp ngày",
        "Quê quán",
        "Chức vụ",
        "Nơi công tác",
        "Tôn giáo",
        "Trình độ",
        "Ngày",
        "Số",
    ],
}

# wordings distinctive enough to be recognised at the start of a line even when OCR lost the colon
BARE_LABELS: dict[str, list[str]] = {
    "name": ["Họ và tên", "Họ tên", "Họ và tên người khiếu nại", "Họ và tên người tố cáo", "Tên tôi là"],
    "address": ["Địa chỉ", "Địa chỉ thường trú", "Nơi cư trú", "Nơi ở hiện nay", "Hộ khẩu thường trú"],
    "id": [
        "Số CCCD",
        "Số CMND",
        "Số căn cước công dân",
        "Căn cước công dân số",
        "Số định danh cá nhân",
        "CMND số",
        "CCCD số",
        "Số chứng minh nhân dân",
    ],
    "phone": ["Số điện thoại", "Điện thoại", "Điện thoại liên hệ", "Số điện thoại liên hệ", "SĐT"],
    "recipient": ["Kính gửi"],
    "cc": ["Đồng kính gửi"],
    "respondent": [
        "Người bị tố cáo",
        "Người bị khiếu nại",
        "Đối tượng bị tố cáo",
        "Đối tượng bị phản ánh",
        "Tên cơ quan, tổ chức, cá nhân bị khiếu nại",
        "Đối tượng bị khiếu nại",
    ],
    "subject": [
        "Khiếu nại về việc",
        "Tố cáo về việc",
        "Phản ánh về việc",
        "Kiến nghị về việc",
        "Về việc",
        "V/v",
        "Đề nghị về việc",
    ],
    "content": [
        "Nội dung khiếu nại",
        "Nội dung tố cáo",
        "Nội dung phản ánh",
        "Nội dung kiến nghị",
        "Nội dung đề nghị",
    ],
    "attachments": ["Tài liệu kèm theo", "Hồ sơ kèm theo", "Giấy tờ kèm theo"],
}


def _key(label: str) -> str:
    return collapse_ws(re.sub(r"[^a-z0-9/ ]", " ", fold(nfc(label))))


def _exact_key(label: str) -> str:
    return collapse_ws(re.sub(r"[^\w/ ]", " ", nfc(label).lower()))


_INVENTORY: dict[str, str] = {}  # folded key -> field
_EXACT: dict[str, str] = {}  # lower-case NFC key -> field
for _field, _items in LABELS.items():
    for _lab in _items:
        _INVENTORY.setdefault(_key(_lab), _field)
        _EXACT.setdefault(_exact_key(_lab), _field)
_INV_KEYS = list(_INVENTORY)

_TAILS = [(k.replace(" ", ""), f) for k, f in _INVENTORY.items()]
_TAIL_FIELDS = {"name", "address", "id", "phone", "recipient"}

_BARE: list[tuple[str, str, int]] = []  # (folded key, field, word count)
for _field, _items in BARE_LABELS.items():
    for _lab in _items:
        k = _key(_lab)
        _BARE.append((k, _field, len(k.split())))
_BARE.sort(key=lambda x: -len(x[0]))

# keyword rules on a folded head, in priority order
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\bdia chi\b.*\bbi (khieu nai|to cao|to giac|phan anh)"), "respondent_address"),
    (re.compile(r"\bbi (khieu nai|to cao|to giac|phan anh|kien nghi)\b"), "respondent"),
    (re.compile(r"^dong kinh gui\b"), "cc"),
    (re.compile(r"^kinh gu?i\b"), "recipient"),
    (re.compile(r"\bve viec$|^v ?/ ?v$|^trich yeu\b"), "subject"),
    (re.compile(r"^noi dung\b|^tom tat\b"), "content"),
    (re.compile(r"\b(tai lieu|ho so|giay to|chung cu|van ban)\b.*\bkem theo\b|^kem theo\b"), "attachments"),
    (
        re.compile(
            r"\b(sinh nam|nam sinh|ngay sinh|gioi tinh|dan toc|quoc tich|nghe nghiep|email|ngay cap|noi cap|"
            r"cap ngay|que quan|chuc vu|noi cong tac|ton giao)\b"
        ),
        "other",
    ),
    (re.compile(r"\b(cccd|cmnd|cmt|can cuoc|chung minh|dinh danh|ho chieu)\b"), "id"),
    (re.compile(r"\b(dien thoai|sdt|dt|dtdd|di dong)\b"), "phone"),
    (
        re.compile(
            r"\b(dia chi|cu tru|tru tai|noi o|cho o|ho khau|thuong tru|tam tru|hktt|dkhktt|dkhk|dktt)\b"
        ),
        "address",
    ),
    (
        re.compile(
            r"\b(ho va ten|ho ten|ten toi|toi ten|ten nguoi|dai dien)\b|^ten\b|"
            r"^nguoi (khieu nai|to cao|kien nghi|de nghi|phan anh|lam don|viet don|dung don)\b"
        ),
        "name",
    ),
    (re.compile(r"^(kinh )?(de nghi|yeu cau|kien nghi)\b"), "request"),
]


@dataclass
class HeadMatch:
    field: str
    confidence: float
    method: str  # "exact" | "folded" | "fuzzy" | "rule"


def classify_head(head: str, strict: bool = False) -> HeadMatch | None:
    """Which field a label head (the text before ``:``) announces, or None when it is not a label.

    ``strict``: the head was cut out of a line with debris in front of it; only inventory wordings count
    (exact, folded, fuzzy, or the tail of a wording: "a chỉ" of "Địa chỉ"), no keyword rules.
    """
    if not head or len(head) > 80:
        return None
    ek = _exact_key(head)
    fk = _key(head)
    if strict:
        if re.search(r"\d", head):
            return None
        fk = collapse_ws(re.sub(r"[^a-z ]", "", fk))  # "Ö]A chỉ" -> "oa chi"
    if not fk or len(fk.split()) > 12:
        return None
    if re.search(r"\d", fk):
        return None
    if ek in _EXACT:
        return HeadMatch(_EXACT[ek], 1.0, "exact")
    if fk in _INVENTORY:
        return HeadMatch(_INVENTORY[fk], 0.92, "folded")
    best = process.extractOne(fk, _INV_KEYS, scorer=fuzz.ratio)
    if best is not None:
        key, score, _ = best
        need = 80 if len(key) >= 9 else 82
        if len(key) <= 5:
            need = 101  # "cccd", "dt", "so": too short to match fuzzily
        if score >= need:
            return HeadMatch(_INVENTORY[key], round(0.45 + 0.45 * score / 100.0, 3), "fuzzy")
    if strict:
        # the tail of a wording whose first letters were eaten by debris ("a chi" < "dia chi", "nh gui")
        tail = fk.replace(" ", "")
        if len(tail) >= 4:
            for key, field in _TAILS:
                if (
                    field in _TAIL_FIELDS
                    and len(key) > len(tail)
                    and key.endswith(tail)
                    and len(tail) >= len(key) // 2
                ):
                    return HeadMatch(field, 0.6, "tail")
        return None
    if re.search(r"[.!?]\s", nfc(head)) or len(fk.split()) > 10:
        return None  # a sentence, not a label ("... Hồ Chí Minh. ĐT: 09..." is prose with an inline label)
    tail = " ".join(fk.split()[-5:])
    for rx, field in _RULES:
        m = rx.search(fk)
        if m and (m.end() >= len(fk) - len(tail) or field in ("content", "recipient", "cc", "name")):
            return HeadMatch(field, 0.8, "rule")
    return None


def match_bare_label(folded_line: str) -> tuple[str, int, float] | None:
    """A label at the start of a (folded) line without a separator: (field, label length in chars, score)."""
    words = list(re.finditer(r"\S+", folded_line))
    if not words:
        return None
    for key, field, n in _BARE:
        for k in (n, n - 1, n + 1):
            if k < 1 or k > len(words):
                continue
            end = words[k - 1].end()
            cand = collapse_ws(re.sub(r"[^a-z0-9/ ]", " ", folded_line[:end]))
            if not cand:
                continue
            score = fuzz.ratio(cand, key)
            need = 97 if len(key) <= 6 else 92
            if field == "respondent" and " bi " not in f" {cand} ":
                continue  # "NGƯỜI KHIẾU NẠI" (signature role) is not "Người bị khiếu nại"
            if score >= need:
                # the label must be followed by something that is not a letter of the same word
                return field, end, score / 100.0
    return None
