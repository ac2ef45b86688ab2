"""The letters a case's handling produces (DOMAIN §1.4, §1.5): one kind per legal form.

A kind names its form, the suffix of its number series ("Số: 12/PĐX-TTr" is number 12 of the unit "TTr"'s
"PĐX" series), the handling events it serves (the directions of contract.DIRECTIONS and the other events of
contract.EVENT_LABELS), the content classes it applies to, whether it goes to the citizen, and whether it is
redacted: a redacted letter carries no name, address or any other identity of the denouncer (Luật Tố cáo
art. 8(3), 56(2)); its template has no placeholder for them and rendering blanks them anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

TT05 = "Thông tư số 05/2021/TT-TTCP"
ND124 = "Nghị định số 124/2020/NĐ-CP"
ND31 = "Nghị định số 31/2019/NĐ-CP"


@dataclass(frozen=True)
class LetterKind:
    code: str
    label: str  # the Vietnamese title, as the letter heads it
    form: str  # the legal form it follows ("" = no prescribed form: the vendors' usual letter)
    series: str  # the number's suffix before the unit's symbol ("" = a công văn: the unit's symbol alone)
    directions: tuple[str, ...]  # handling events it serves (contract.EVENT_LABELS keys)
    classes: tuple[str, ...] = ()  # content classes it applies to (contract.CONTENT_CLASS_LABELS); () = any
    to_citizen: bool = False  # addressed to the petition's writer
    redacted: bool = False  # carries no identity of the denouncer
    vv: str = ""  # the "V/v ..." line (trích yếu) where the form has one


def _kinds(*kinds: LetterKind) -> dict[str, LetterKind]:
    return {k.code: k for k in kinds}


LETTER_KINDS: dict[str, LetterKind] = _kinds(
    LetterKind(
        "de_xuat_thu_ly", "Phiếu đề xuất thụ lý đơn", f"Mẫu 01 ban hành kèm theo {TT05}", "PĐX", ("thu_ly",)
    ),
    LetterKind(
        "huong_dan",
        "Phiếu hướng dẫn",
        f"Mẫu 02 ban hành kèm theo {TT05}",
        "PHD",
        ("huong_dan",),
        to_citizen=True,
        vv="V/v hướng dẫn gửi đơn",
    ),
    LetterKind(
        "chuyen_don_to_cao",
        "Phiếu chuyển đơn tố cáo",
        f"Mẫu 03 ban hành kèm theo {TT05}",
        "PCTC",
        ("chuyen_don",),
        classes=("to_cao",),
        redacted=True,
        vv="V/v chuyển đơn tố cáo",
    ),
    LetterKind(
        "chuyen_don",
        "Phiếu chuyển đơn",
        "",
        "PCĐ",
        ("chuyen_don",),
        classes=("khieu_nai", "kien_nghi_phan_anh"),
        vv="V/v chuyển đơn",
    ),
    LetterKind(
        "thong_bao_thu_ly_kn",
        "Thông báo",
        f"Mẫu 03 ban hành kèm theo {ND124}",
        "TB",
        ("thu_ly",),
        classes=("khieu_nai",),
        to_citizen=True,
        vv="Về việc thụ lý giải quyết khiếu nại",
    ),
    LetterKind(
        "thong_bao_khong_thu_ly_kn",
        "Thông báo",
        f"Mẫu 04 ban hành kèm theo {ND124}",
        "TB",
        ("luu_don", "khong_xu_ly"),
        classes=("khieu_nai",),
        to_citizen=True,
        vv="Về việc không thụ lý giải quyết khiếu nại",
    ),
    LetterKind(
        "quyet_dinh_thu_ly_tc",
        "Quyết định",
        f"Mẫu 04 ban hành kèm theo {ND31}",
        "QĐ",
        ("thu_ly",),
        classes=("to_cao",),
        redacted=True,  # goes to the verifiers and, in substance, to the person denounced
        vv="Về việc thụ lý tố cáo",
    ),
    LetterKind(
        "thong_bao_thu_ly_tc",
        "Thông báo",
        f"Mẫu 05 ban hành kèm theo {ND31}",
        "TB",
        ("thu_ly",),
        classes=("to_cao",),
        to_citizen=True,
        vv="Về việc thụ lý tố cáo",
    ),
    LetterKind(
        "tra_lai",
        "Phiếu trả lại đơn",
        "",
        "PTĐ",
        ("tra_lai",),
        vv="V/v trả lại đơn chuyển không đúng thẩm quyền",
    ),
    LetterKind(
        "huong_dan_nhieu_noi_dung",
        "Phiếu hướng dẫn",
        "",
        "PHD",
        ("huong_dan",),
        classes=("nhieu_noi_dung",),
        to_citizen=True,
        vv="V/v hướng dẫn gửi đơn có nhiều nội dung khác nhau",
    ),
    LetterKind("don_doc", "Văn bản đôn đốc", "", "", ("don_doc",), vv="V/v đôn đốc giải quyết đơn"),
    LetterKind(
        "thong_bao_ket_qua",
        "Thông báo",
        "",
        "TB",
        ("notice",),
        to_citizen=True,
        vv="Về kết quả giải quyết đơn",
    ),
    LetterKind(
        "de_xuat_tieu_huy",
        "Tờ trình",
        "",
        "TTr",
        ("destroy_proposed",),
        vv="Về việc đề xuất tiêu hủy đơn đã lưu",
    ),
)


def kinds_for(event: str, content_class: str | None = None) -> list[LetterKind]:
    """The kinds a handling event produces for a case of this content class (None = any class)."""
    return [
        k
        for k in LETTER_KINDS.values()
        if event in k.directions and (not k.classes or content_class is None or content_class in k.classes)
    ]


def series_for(kind: str, unit_symbol: str) -> str:
    """The full number series of a kind at a unit: "PĐX" + "TTr" -> "PĐX-TTr"; a công văn: "TTr"."""
    return "-".join(p for p in (LETTER_KINDS[kind].series, unit_symbol.strip()) if p)
