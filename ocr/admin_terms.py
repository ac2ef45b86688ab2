"""Administrative vocabulary for OCR post-correction: agency and office terms and the structure markers of a
petition that the debris step must keep.

The terms are context evidence for the tone repair (ocr/postcorrect.py): a word whose diacritic variant
completes a term with its neighbours ("Chỉ cục Thuế" -> "Chi cục Thuế") is repaired toward the term, and a
valid word that already completes one ("Chi bộ", "chỉ tiêu") is never changed away from it. The same terms
feed the language model's training text (models/build_lm.py), so the bigrams are also learned as data.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lang.normalize import skeleton as fold

# lower-case NFC; several words each. Where both diacritic readings are real terms ("chi tiêu" / "chỉ tiêu"),
# both are listed: the word as read is then kept.
ADMIN_TERMS: tuple[str, ...] = (
    # party, union and association cells; money words
    "chi cục",
    "chi cục trưởng",
    "chi bộ",
    "chi hội",
    "chi nhánh",
    "chi đoàn",
    "chi trả",
    "chi phí",
    "chi tiêu",
    "chỉ tiêu",
    "bí thư chi bộ",
    "đảng ủy",
    "huyện ủy",
    "tỉnh ủy",
    "thành ủy",
    "quận ủy",
    "thị ủy",
    "ủy ban kiểm tra",
    # state bodies
    "cục thuế",
    "cục trưởng",
    "cục thi hành án",
    "thi hành án",
    "thi hành án dân sự",
    "chấp hành viên",
    "sở tư pháp",
    "sở xây dựng",
    "sở tài chính",
    "sở tài nguyên",
    "sở y tế",
    "sở giáo dục",
    "sở nông nghiệp",
    "sở lao động",
    "sở giao thông vận tải",
    "ủy ban",
    "ủy ban nhân dân",
    "ủy ban mặt trận tổ quốc",
    "mặt trận tổ quốc",
    "hội đồng nhân dân",
    "chủ tịch",
    "phó chủ tịch",
    "thanh tra",
    "chánh thanh tra",
    "thanh tra viên",
    "tòa án",
    "tòa án nhân dân",
    "chánh án",
    "viện kiểm sát",
    "viện kiểm sát nhân dân",
    "viện trưởng",
    "phòng tài nguyên và môi trường",
    "tài nguyên và môi trường",
    "phòng tư pháp",
    "phòng quản lý đô thị",
    "phòng kinh tế",
    "phòng lao động",
    "bảo hiểm xã hội",
    "bảo hiểm y tế",
    "ban tiếp công dân",
    "tiếp công dân",
    "văn phòng đăng ký đất đai",
    "trung tâm phát triển quỹ đất",
    "ban quản lý dự án",
    "giải phóng mặt bằng",
    "cảnh sát điều tra",
    "đoàn đại biểu quốc hội",
    "hội nông dân",
    "hội cựu chiến binh",
    "hội liên hiệp phụ nữ",
    "đoàn thanh niên",
)

# readings that share a skeleton with a term's word and are right as read: kept, never repair targets
KEEP_PHRASES: tuple[str, ...] = (
    "chỉ đạo",
    "chỉ thị",
    "chỉ định",
    "chỉ số",
    "chỉ dẫn",
    "chỉ huy",
    "chỉ trích",
    "chỉ trả lời",
    "đình chỉ",
    "thi công",
    "thi hành",
    "thi đua",
    "công ăn việc làm",
    "bộ phận",
    "bộ đội",
)

# a term read before one of these words is another phrase: "chỉ trả lời" (only answers), "chỉ bộ phận"
NOT_BEFORE: dict[str, frozenset[str]] = {
    "chi trả": frozenset({"lời"}),
    "chi bộ": frozenset({"phận", "đội", "máy", "mặt", "hồ"}),
    "chi hội": frozenset({"đủ", "tụ", "họp"}),
    "chi phí": frozenset({"phạm"}),
}


@lru_cache(maxsize=2)
def _by_skeleton(keep: bool) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """skeleton of a word -> [(term words, position of the word in the term)]."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for term in ADMIN_TERMS + (KEEP_PHRASES if keep else ()):
        words = tuple(term.split())
        for k, w in enumerate(words):
            index.setdefault(fold(w), []).append((words, k))
    return index


def term_sides(cand: str, left: list[str], right: list[str], keep: bool = False) -> tuple[bool, bool] | None:
    """Whether ``cand`` in the place of a word completes a known term with its neighbours, and on which sides
    (left, right) the rest of the term lies; None when it completes none.

    ``left`` are the words before it, nearest first; ``right`` the words after it (lower-case cores, cut where
    punctuation or the line's end breaks the phrase). Every other word of the term must be present as written.
    ``keep`` also counts the phrases that are only kept as read (KEEP_PHRASES).
    """
    found: tuple[bool, bool] | None = None
    for words, k in _by_skeleton(keep).get(fold(cand), ()):
        if words[k] != cand or k > len(left) or len(words) - k - 1 > len(right):
            continue
        before, after = words[:k][::-1], words[k + 1 :]
        if any(left[j] != w for j, w in enumerate(before)) or any(right[j] != w for j, w in enumerate(after)):
            continue
        beyond = right[len(after)] if len(after) < len(right) else None
        if beyond is not None and beyond in NOT_BEFORE.get(" ".join(words), ()):
            continue
        sides = (bool(before), bool(after))
        found = sides if found is None else (found[0] or sides[0], found[1] or sides[1])
    return found


# ------------------------------------------------------------------------- structure markers (never debris)
LIST_MARKER_RE = re.compile(r"^\(?(?:\d{1,3}|[a-zđA-ZĐ]|[ivxIVX]{1,4})[.)\-:]$|^\(\d{1,3}\)$|^\d{1,3}$")
SUBJECT_MARKER_RE = re.compile(r"^\(?(?:V/v|V/V|v/v|K/g|K/G|k/g)[:.]?\)?$")
DATE_RE = re.compile(r"^\(?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}[.,;:)]*$")
CODE_RE = re.compile(r"^\(?(?=[^/\-]*[/\-])[\dA-ZĐÐa-z]{1,12}(?:[/\-][\dA-ZĐÐa-z]{1,12}){1,4}[.,;:)]*$")
LABEL_RE = re.compile(r"^(?:Số|SỐ|số|Ngày|ngày)[:.]?$")
ODD_STRIP = re.compile(r"[\\^~*#+|¡¿©®¬œ°§¶¤†‡•_=<>{}\[\]@$%`„]+")


def is_structure(token: str, line_start: bool) -> bool:
    """A token extraction needs whatever its confidence: a list number at a line start ("1.", "2)", "a)"), a
    subject marker ("(V/v:", "K/g"), a label ("Số:"), a document code ("15/QĐ-UBND") or a date ("12/3/2024"),
    also with a speck of noise glued to it ("12/3/2024_")."""
    for t in {token, ODD_STRIP.sub("", token)}:
        if not t:
            continue
        if line_start and LIST_MARKER_RE.match(t):
            return True
        if SUBJECT_MARKER_RE.match(t) or DATE_RE.match(t) or LABEL_RE.match(t):
            return True
        if CODE_RE.match(t) and sum(ch.isupper() or ch.isdigit() for ch in t) >= 2:
            return True
    return False


# "(V/v:" as OCR misreads it: the slash lost or read as W, a fraction slash or a backslash
_SUBJECT_MISREAD = re.compile(r"^(\(?)(?:VW|V/|V⁄v?|\\/v|\\/\\/|V\\v|V\|v|V/y|Vlv|V1v|Wv)(:)$")
_LIST_MISREAD = re.compile(r"^[|l\]]([.)])$")


def repair_marker(token: str, line_start: bool) -> str | None:
    """The marker a misread token stands for ("(VW:" -> "(V/v:", "|." -> "1." at a line start), or None."""
    if not line_start:
        return None
    m = _SUBJECT_MISREAD.match(token)
    if m:
        return f"{m.group(1)}V/v{m.group(2)}"
    m = _LIST_MISREAD.match(token)
    if m:
        return "1" + m.group(1)
    return None


def repair_eth(token: str) -> str | None:
    """Tesseract reads Vietnamese Đ as the Icelandic Ð (U+00D0), sometimes both ("QĐÐ"): never Vietnamese."""
    if "Ð" not in token and "ð" not in token:
        return None
    fixed = token.replace("ĐÐ", "Đ").replace("ÐĐ", "Đ").replace("Ð", "Đ").replace("ð", "đ")
    return fixed if fixed != token else None
