"""Pages that are copies of an ID card (CCCD, CMND, thẻ căn cước): sensitive personal data since 1/1/2026
(Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, NĐ 356/2025).

Detection is by the card's printed text as OCR reads it, folded (no diacritics, lower case) and fuzzy:
the bilingual labels of the chip card ("Họ và tên / Full name", "Ngày sinh / Date of birth", "Quốc tịch /
Nationality", "Có giá trị đến / Date of expiry", "Đặc điểm nhân dạng / Personal identification", "Ngón trỏ trái
/ Left index finger"), the machine-readable zone (``IDVNM...<<<``), the card titles and a lone 12-digit number.
A petition mentions "Căn cước công dân số 0012..." or "Bản sao CCCD" and has "Họ và tên:" / "Ngày sinh:"
labels too, so the card titles and the Vietnamese labels alone never decide: a card needs a signal only a card
has (an English label, the MRZ, the fingerprint or identification marks, the expiry), or the title with three
card labels, and the petition's own wording ("Kính gửi", "Tôi tên là", "đề nghị", ...) counts against it.

No image signal: on scanned pages the text signals separate cards from petitions on their own (see the tests),
and a card-shaped bright rectangle is also what a photo or a stamp looks like.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from ..lang.normalize import fold_chars as fold
from ..lang.normalize import nfc

__all__ = ["ID_CARD_THRESHOLD", "id_card_score"]

ID_CARD_THRESHOLD = 5.0  # raw points for "this page is an ID card"
_FUZZY = 86  # partial ratio for labels of 8+ characters

# (phrase (folded), weight, only on a card)
_SIGNALS: list[tuple[str, str, float, bool]] = [
    ("title_en", "citizen identity card", 3.0, True),
    ("title_en", "identity card", 2.5, True),
    ("republic_en", "socialist republic of viet nam", 2.0, True),
    ("full_name", "full name", 2.0, True),
    ("date_of_birth", "date of birth", 2.0, True),
    ("nationality", "nationality", 2.0, True),
    ("place_of_origin", "place of origin", 2.0, True),
    ("place_of_residence", "place of residence", 2.0, True),
    ("place_of_birth", "place of birth", 2.0, True),
    ("date_of_expiry", "date of expiry", 2.0, True),
    ("personal_identification", "personal identification", 2.0, True),
    ("index_finger", "index finger", 2.0, True),
    ("date_month_year", "date, month, year", 1.0, True),
    ("police", "director general of the police department", 2.0, True),
    ("dac_diem", "dac diem nhan dang", 2.0, True),
    ("ngon_tro", "ngon tro trai", 2.0, True),
    ("ngon_tro", "ngon tro phai", 2.0, True),
    ("co_gia_tri", "co gia tri den", 1.0, False),
    ("cuc_canh_sat", "cuc canh sat quan ly hanh chinh", 2.0, True),
    ("date_of_issue", "date of issue", 2.0, True),
    ("ministry_en", "ministry of public security", 2.0, True),
    ("chu_dem", "ho, chu dem va ten", 1.5, True),
    ("dau_vet", "dau vet rieng va di hinh", 2.0, True),
    ("dkhk", "noi dkhk thuong tru", 1.5, True),
    ("noi_dang_ky_khai_sinh", "noi dang ky khai sinh", 1.0, False),
    ("nguyen_quan", "nguyen quan", 1.0, False),
    ("dan_toc", "dan toc", 0.5, False),
    ("ton_giao", "ton giao", 0.5, False),
    ("sinh_ngay", "sinh ngay", 0.5, False),
    ("que_quan", "que quan", 1.0, False),
    ("noi_thuong_tru", "noi thuong tru", 1.0, False),
    ("quoc_tich", "quoc tich", 1.0, False),
    ("gioi_tinh", "gioi tinh", 1.0, False),
    ("ngay_sinh", "ngay, thang, nam sinh", 0.5, False),
    ("ngay_sinh", "ngay sinh", 0.5, False),
    ("ho_va_ten", "ho va ten", 0.5, False),
    ("ho_va_ten", "ho ten", 0.5, False),
]
_CARD_LABELS = {
    "que_quan",
    "noi_thuong_tru",
    "quoc_tich",
    "gioi_tinh",
    "ngay_sinh",
    "ho_va_ten",
    "noi_dang_ky_khai_sinh",
    "nguyen_quan",
    "co_gia_tri",
    "dan_toc",
    "ton_giao",
    "sinh_ngay",
}
_TITLE_RE = re.compile(r"\b(?:can cuoc cong dan|chung minh nhan dan|can cuoc)\b")
_MRZ_RE = re.compile(r"(?:idvnm|i<vnm)[0-9a-z<]{6,}|[0-9a-z]{5,}<<{2,}")
_SO_NO_RE = re.compile(r"\bso\s*/\s*n[o0]\b")
_SEX_RE = re.compile(r"\bgioi\s*tinh\s*/\s*sex\b|\bsex\s*[:.]\s*(?:nam|nu)\b")
_TWELVE_RE = re.compile(r"(?<![\d.,/])\d{12}(?![\d.,/])")
# wording of a petition (or any letter): never on a card
_PETITION_RE = re.compile(
    r"\b(?:kinh gui|toi ten la|ten toi la|chung toi|de nghi|xin cam doan|trinh bay|ve viec|noi dung|"
    r"to cao|khieu nai|kien nghi|phan anh|trach nhiem|giai quyet)\b"
)


def _lines(text: str, words: Sequence[Sequence]) -> list[str]:
    if text and text.strip():
        raw = text.split("\n")
    else:
        from .redact.tokens import word_tokens

        toks, lines, _ = word_tokens(words)
        raw = [" ".join(toks[i].raw for i in ln.toks) for ln in lines]
    out = []
    for ln in raw:
        f = " ".join(fold(nfc(ln)).split())
        if f:
            out.append(f)
    return out


def _has(phrase: str, lines: list[str], flat: str) -> bool:
    if re.search(r"\b" + re.escape(phrase) + r"\b", flat):
        return True
    if len(phrase) < 8:
        return False
    plain = re.sub(r"[^a-z0-9 ]", "", phrase)
    for ln in lines:
        if len(ln) + 2 >= len(plain) and fuzz.partial_ratio(plain, re.sub(r"[^a-z0-9 ]", "", ln)) >= _FUZZY:
            return True
    return False


def id_card_score(
    text: str,
    words: Sequence[Sequence] = (),
    image_size: tuple[int, int] | None = None,
) -> tuple[bool, float, list[str]]:
    """Is this page (or a part of it) a copy of a CCCD / CMND / căn cước card (front or back)?

    Returns ``(is_id_card, score 0..1, reasons)``. ``image_size`` (width, height) tells how much of the page
    the card's words cover: a card copied alone on an A4 sheet leaves most of the page empty.
    """
    lines = _lines(text or "", words)
    if not lines:
        return False, 0.0, []
    flat = "\n".join(lines)
    reasons: list[str] = []
    points = 0.0
    card_only = False
    labels = set()
    seen = set()
    for key, phrase, weight, only_card in _SIGNALS:
        if key in seen or not _has(phrase, lines, flat):
            continue
        seen.add(key)
        points += weight
        reasons.append(key)
        card_only = card_only or only_card
        if key in _CARD_LABELS:
            labels.add(key)
    if _MRZ_RE.search(flat.replace(" ", "")):
        points += 4.0
        reasons.append("mrz")
        card_only = True
    if _SO_NO_RE.search(flat):
        points += 2.0
        reasons.append("so_no")
        card_only = True
    if _SEX_RE.search(flat):
        points += 2.0
        reasons.append("sex")
        card_only = True
    # a title that stands on its line (a petition writes "Căn cước công dân số 0012...", "Bản sao CCCD")
    for ln in lines:
        m = _TITLE_RE.search(ln)
        if m and not re.search(r"\d|\bso\b|ban sao|photo|kem theo|cap ngay", ln) and len(ln.split()) <= 8:
            points += 2.0
            reasons.append("title")
            break
    if any(
        _TWELVE_RE.search(ln) and not re.search(r"[a-z]{4,}", _TWELVE_RE.sub("", ln).replace("so", ""))
        for ln in lines
    ):
        points += 1.0
        reasons.append("number_12")
    n_words = sum(len(ln.split()) for ln in lines)
    petition = len(set(_PETITION_RE.findall(flat)))
    if petition:
        points -= min(6.0, 2.0 * petition)
        reasons.append(f"petition_words:{petition}")
    if n_words > 250:
        points -= 2.0
        reasons.append("long_text")
    if image_size and words and n_words <= 150:
        w, h = image_size
        boxes = [
            (float(x[1]), float(x[2]), float(x[1]) + float(x[3]), float(x[2]) + float(x[4]))
            for x in words
            if len(x) >= 5 and str(x[0]).strip()
        ]
        if boxes and w > 0 and h > 0:
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            if (x1 - x0) * (y1 - y0) <= 0.35 * w * h:
                points += 0.5
                reasons.append("small_text_area")
    decided = points >= ID_CARD_THRESHOLD and (card_only or ("title" in reasons and len(labels) >= 3))
    return decided, round(max(0.0, min(1.0, points / (2 * ID_CARD_THRESHOLD))), 3), reasons
