"""Field extraction from the OCR text of one petition.

``extract_fields(text)`` returns an :class:`Extraction` holding the export contract's fields
(``contract.FIELDS``), a confidence per field, normalized extras and the character span in ``text`` each value
was read from.

How it works:

* The text is NFC-normalized with an offset map back to the input, and *folded* (lower case, no diacritics,
  one character per character) so regular expressions and fuzzy label matching run on text where OCR tone
  errors (``KÉ`` for ``KẾ``) do not matter, while values are cut from the normalized text at the same offsets.
* A reception stamp (``ĐẾN Số: 123 Ngày: ...``, ``CÔNG VĂN ĐẾN`` blocks) and OCR specks (``_._.``, ``|``) are
  blanked out (same length, so offsets stay valid).
* Labelled lines are recognised by :mod:`.labels` (exact, folded, fuzzy or keyword-rule label match; a label
  behind stamp debris is found from the words before the colon). A value runs to the end of its line and
  continues on the next lines when the line was wrapped (it is close to the page's text width or ends with a
  comma or a connecting word) and the next line is not a label, a heading, a bullet, a signature cue or the start
  of a new sentence; the empty lines Tesseract puts inside paragraphs are skipped.
* Prose (``Tôi tên là X, sinh năm ..., hiện cư trú tại ..., số CCCD ...``) is read with anchor patterns (exact
  on folded text, then fuzzy word windows for OCR-damaged anchors); the name is the run of capitalised
  Vietnamese syllables (stop words such as ``sinh năm``; underthesea NER settles long runs); the address runs
  over comma-separated parts while they look like address parts.
* Subject, recipient and respondent come from their labels, ``(V/v: ...)``, ``Kính gửi`` (or, when the stamp
  destroyed it, the authority named between the title and the complainant), and prose constructs (``làm đơn
  này tố cáo về việc X``, ``... của <cơ quan/ông/bà> Y``, ``Y ban hành Quyết định``, appositives ``Bà X,
  công chức ..., đã ...``).
* Validators (CCCD province code and century digit, CMND length, Vietnamese phone plans, calendar dates) and
  the share of real Vietnamese syllables (Viet74K) in a value decide confidence and the ``extra`` values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..lang.lexicon import MOTTO_FOLDED, ORG_NAME_WORDS, SURNAME_KEYS, read_lm, viet74k_path
from ..lang.normalize import clean_value, collapse_ws, nfc, normalize_with_spans
from ..lang.normalize import fold_chars as fold
from .address import current_unit, has_admin_unit
from .authority import match_authority, repair_authority
from .calibrate import calibrate
from .classify import classify_category, classify_domain
from .labels import classify_head, match_bare_label
from .minhash import signature
from .names import repair_surname
from .options import DEFAULT_OPTIONS, NlpOptions
from .validate import IdCheck, PhoneCheck, check_id_number, check_phone, fix_ocr_digits, make_date, ocr_digit

__all__ = ["Extraction", "NlpOptions", "extract_fields", "FIELD_NAMES", "CONFIDENCE_KEYS"]

FIELD_NAMES = (
    "category",
    "domain",
    "complainant",
    "recipient",
    "respondent",
    "subject",
    "petition_date",
    "signatory_count",
    "anonymous",
)
CONFIDENCE_KEYS = (
    "category",
    "domain",
    "name",
    "address",
    "id_number",
    "phone",
    "recipient",
    "respondent",
    "subject",
    "petition_date",
    "signatory_count",
    "anonymous",
)


@dataclass
class Extraction:
    fields: dict
    confidence: dict
    extra: dict
    spans: dict


# ------------------------------------------------------------------------------------------ vocabulary
# words that start an organisation/role rather than a person's name
_NOT_NAME_START = set(
    "ủy uỷ ubnd ban công phòng sở trường chủ thôn xã huyện tỉnh đảng người hội chi cục tòa viện thanh các những "
    "gia hộ tổ khu ấp xóm phường quận thị bệnh cơ nhà đồng kính nơi địa tôi chúng hiện nay ngày tháng năm số "
    "điều căn theo đơn đại bộ sở phó trưởng bí giám cán công việc".split()
)
_STOP_BIGRAMS = {
    "sinh nam",
    "nam sinh",
    "ngay sinh",
    "tru tai",
    "cu tru",
    "dia chi",
    "so cmnd",
    "so cccd",
    "que quan",
    "hien cu",
    "hien nay",
    "hien o",
    "hien tru",
    "thuong tru",
    "tam tru",
    "noi o",
    "so dien",
    "dien thoai",
    "gioi tinh",
    "dan toc",
    "nghe nghiep",
    "so can",
    "can cuoc",
    "chung minh",
    "la nguoi",
    "lam nguoi",
    "dang song",
    "dang cu",
    "sinh song",
    "o tai",
    "song tai",
    "so dinh",
    "dinh danh",
}
_MIDDLE_ONLY = {"van", "thi"}  # middle names (Văn, Thị): a personal name never ends with them
_ID_ACRONYMS = {"sn", "hktt", "cmnd", "cccd", "sdt", "dt", "dtdd", "cmt", "email"}

_ORG_HEADS = [
    "ủy ban nhân dân",
    "ubnd",
    "ủy ban",
    "công ty",
    "doanh nghiệp",
    "cơ sở",
    "xưởng",
    "nhà máy",
    "cửa hàng",
    "trường",
    "bệnh viện",
    "phòng",
    "sở",
    "chi cục",
    "cục",
    "ban quản lý",
    "ban",
    "hợp tác xã",
    "trạm",
    "bộ phận",
    "tổ",
    "đội",
    "công an",
    "thanh tra",
    "văn phòng",
    "trung tâm",
    "ngân hàng",
    "tập đoàn",
    "cơ quan",
    "chính quyền",
    "hộ",
    "gia đình ông",
    "gia đình bà",
    "ông",
    "bà",
    "anh",
    "chị",
    "đồng chí",
    "đảng viên",
    "cán bộ",
    "công chức",
    "chủ tịch",
    "phó chủ tịch",
    "chấp hành viên",
    "trưởng",
    "phó",
    "bí thư",
    "giám đốc",
    "hiệu trưởng",
    "nhà hàng",
    "quán",
    "khách sạn",
    "chủ",
    "địa chính",
    "kiểm lâm",
    "chi nhánh",
    "hội",
]
_ORG_HEAD_KEYS = sorted({fold(h) for h in _ORG_HEADS}, key=len, reverse=True)
_PERSON_HEADS = {"ong", "ba", "anh", "chi", "dong chi", "dang vien", "ho", "gia dinh ong", "gia dinh ba"}
_ABBREV = {
    "tp",
    "p",
    "q",
    "h",
    "tx",
    "tt",
    "x",
    "ths",
    "ts",
    "pgs",
    "gs",
    "bs",
    "ks",
    "ong",
    "ba",
    "st",
    "k",
    "v",
    "tr",
    "hn",
    "hcm",
    "sđt",
    "đt",
    "mr",
    "mrs",
}
_CONNECTORS = {
    "cua",
    "va",
    "ve",
    "tai",
    "so",
    "ngay",
    "huyen",
    "tinh",
    "xa",
    "phuong",
    "quan",
    "thanh",
    "pho",
    "thi",
    "cac",
    "nhung",
    "voi",
    "cho",
    "trong",
    "theo",
    "doi",
    "bi",
    "da",
    "la",
    "hoac",
    "tran",
    "nhan",
    "dan",
    "ban",
    "uy",
    "cong",
    "tu",
    "den",
    "o",
    "khu",
    "to",
    "thon",
    "xom",
    "ap",
    "duong",
    "ngo",
    "ong",
    "ba",
    "anh",
    "chi",
}
# words that start a new sentence at the beginning of a line (not syllables of names or places: no "Nội",
# "Năm", "Gia", "Lý", "Từ"), and folded two-word openings that survive OCR tone errors ("Toi tên là")
_PROSE_STARTERS = {
    "tôi",
    "chúng",
    "nay",
    "ngày",
    "vào",
    "căn",
    "kính",
    "đề",
    "xin",
    "vì",
    "vậy",
    "sau",
    "trong",
    "hiện",
    "tuy",
    "do",
    "kể",
    "trước",
    "qua",
    "nếu",
    "bố",
    "mẹ",
    "hôm",
    "nhiều",
    "ngoài",
    "mặc",
    "khi",
    "thực",
    "ngay",
    "cụ",
    "sự",
    "rất",
    "mong",
    "kèm",
    "xét",
}
_PROSE_OPENINGS_F = {
    "toi ten",
    "toi la",
    "toi xin",
    "toi lam",
    "toi da",
    "toi co",
    "toi viet",
    "chung toi",
    "nay toi",
    "nay chung",
    "kinh de",
    "kinh mong",
    "xin tran",
    "vi vay",
    "tuy nhien",
    "vao ngay",
    "can cu",
    "de nghi",
    "hien nay",
    "trong qua",
    "sau khi",
    "ke tu",
    "truoc day",
    "ten toi",
}


# ------------------------------------------------------------------------------------------ document model
@dataclass
class _Line:
    idx: int
    start: int
    end: int
    text: str
    ftext: str
    label: _LabelHit | None = None
    header: bool = False

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class _LabelHit:
    field: str
    label_start: int
    value_start: int
    confidence: float
    method: str


_STAMP_LINE_RE = re.compile(
    r"^\s*(?:cong van\s+)?den\s*[:.]?\s*(?:so\s*[:.]?\s*[\w/.\-]*)?\s*"
    r"(?:ngay\s*[:.]?\s*[\d/.\- ]*)?\s*$"
)
_STAMP_FOLLOW_RE = re.compile(
    r"^\s*(?:so|ngay|chuyen|luu ho so so|nguoi nhan|gio)\s*[:.]?\s*[\w/.\- ]{0,30}$"
)
_STAMP_INLINE_RE = re.compile(
    r"\bden\s*[:.]?\s*so[ \t]*[:.]?[ \t]*\d[\w/.\-]*(?:\s*ngay[ \t]*[:.]?[ \t]*"
    r"\d{1,2}[ \t]*[/.\-][ \t]*\d{1,2}(?:[ \t]*[/.\-][ \t]*\d{2,4})?)?"
)
_VI_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
_STAMP_WORDS_RE = re.compile(r"\b(?:den|ban tiep|cong van)\b|\b(?:so|ngay)\s*:")


def _debris_before(text: str, folded: str) -> bool:
    """Is the text in front of a label OCR debris (non-Vietnamese letters, symbols) or stamp wording?"""
    if not text.strip():
        return False
    if any(c.isalpha() and c.lower() not in _VI_LETTERS for c in text):
        return True
    if re.search(r"[^\w\s,.:;()/\-]", text):
        return True
    m = _STAMP_WORDS_RE.search(folded)
    return (
        m is not None and len(text) <= 30 and (":" in m.group(0) or text[m.start() : m.start() + 3].isupper())
    )


_TRAILING_JUNK_RE = re.compile(r"(?:\s+[:|;'\"_~\-—•]+)+\s*$")


class _Doc:
    def __init__(self, text: str):
        self.raw = text or ""
        norm, self.starts, self.ends = normalize_with_spans(self.raw)
        f = fold(norm)
        self.t, self.f, self.stamps = self._mask_stamps(norm, f)
        self.t, self.f = self._mask_specks(self.t, self.f)
        self.lines: list[_Line] = []
        pos = 0
        for i, part in enumerate(self.t.split("\n")):
            end = pos + len(part)
            self.lines.append(_Line(i, pos, end, part, self.f[pos:end]))
            pos = end + 1
        letters = [c for c in self.t if c.isalpha()]
        self.all_caps = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
        lens = sorted(len(ln.text.strip()) for ln in self.lines if len(ln.text.strip()) >= 15)
        self.width = lens[int(len(lens) * 0.85)] if len(lens) >= 5 else (lens[-1] if lens else 80)
        for ln in self.lines:
            ln.header = self._is_header(ln)
        for ln in self.lines:
            ln.label = None if ln.blank else self._match_label(ln)
        self._mask_line_ends()
        self.ff = self.f.replace("\n", " ")  # folded, one line (heads split by a line break)
        self.low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.t)
        self.line_at = self._line_index()
        self.words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[a-z0-9/]+", self.f)]

    # -- setup ------------------------------------------------------------------------------------
    @staticmethod
    def _mask_stamps(t: str, f: str) -> tuple[str, str, list[tuple[int, int]]]:
        spans: list[tuple[int, int]] = []
        pos = 0
        lines = f.split("\n")
        starts = []
        for ln in lines:
            starts.append(pos)
            pos += len(ln) + 1
        i = 0
        while i < len(lines):
            ln = lines[i]
            if (
                ln.strip()
                and _STAMP_LINE_RE.match(ln)
                and t[starts[i] : starts[i] + len(ln)].strip()[:3].isupper()
            ):
                spans.append((starts[i], starts[i] + len(ln)))
                j = i + 1
                while j < len(lines) and j <= i + 4 and lines[j].strip() and _STAMP_FOLLOW_RE.match(lines[j]):
                    spans.append((starts[j], starts[j] + len(lines[j])))
                    j += 1
                i = j
                continue
            i += 1
        for m in _STAMP_INLINE_RE.finditer(f):
            if t[m.start() : m.start() + 3].isupper():
                spans.append((m.start(), m.end()))
        if not spans:
            return t, f, []
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1] + 1 and "\n" not in t[merged[-1][1] : a]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        spans = merged
        tl, fl = list(t), list(f)
        for s, e in spans:
            for k in range(s, e):
                if tl[k] != "\n":
                    tl[k] = " "
                    fl[k] = " "
        return "".join(tl), "".join(fl), spans

    def _mask_line_ends(self) -> None:
        """Blank out specks OCR leaves at line ends ("Ủy ban nhân :", "Chi bộ |"), not a label's own colon."""
        tl, fl = list(self.t), list(self.f)
        changed = False
        for ln in self.lines:
            m = _TRAILING_JUNK_RE.search(ln.text)
            if not m or (ln.label is not None and ln.start + m.start() < ln.label.value_start):
                continue
            for k in range(ln.start + m.start(), ln.end):
                tl[k] = fl[k] = " "
            changed = True
        if changed:
            self.t, self.f = "".join(tl), "".join(fl)
            for ln in self.lines:
                ln.text, ln.ftext = self.t[ln.start : ln.end], self.f[ln.start : ln.end]

    @staticmethod
    def _mask_specks(t: str, f: str) -> tuple[str, str]:
        """Blank out OCR specks and rules: tokens of only punctuation with one of _ | ` ~ ^ ¬ ("_._.", "|")."""
        spans = [
            m.span()
            for m in re.finditer(r"\S+", t)
            if not any(c.isalnum() for c in m.group(0)) and any(c in "_|`~^¬" for c in m.group(0))
        ]
        if not spans:
            return t, f
        tl, fl = list(t), list(f)
        for a, b in spans:
            for k in range(a, b):
                tl[k] = fl[k] = " "
        return "".join(tl), "".join(fl)

    def _line_index(self) -> list[int]:
        out = [0] * (len(self.t) + 1)
        for ln in self.lines:
            for k in range(ln.start, min(ln.end + 1, len(out))):
                out[k] = ln.idx
        return out

    def _is_header(self, ln: _Line) -> bool:
        letters = [c for c in ln.text if c.isalpha()]
        if len(letters) < 4 or self.all_caps:
            return False
        return sum(c.isupper() for c in letters) / len(letters) >= 0.8

    def _match_label(self, ln: _Line) -> _LabelHit | None:
        ft = ln.ftext
        m = re.match(r"^\s*(?:[-+•*·(]\s*|\d{1,2}\s*[.)]\s+|[a-e]\s*\)\s*)?", ft)
        off = m.end() if m else 0
        seps = [off + x.start() for x in re.finditer(r"[:;]", ft[off : off + 110])][:4]
        if seps:
            hm = classify_head(ln.text[off : seps[0]])
            if hm:
                return _LabelHit(hm.field, ln.start + off, ln.start + seps[0] + 1, hm.confidence, hm.method)
        for sep in seps:
            # a label behind OCR debris (a reception stamp printed over the line: "ĐÉN Số:Ñf®à tên: ...",
            # "Ngày: 149 Ö]A chỉ: ..."): try the last words before the separator, and the tail of the first of
            # them, when what precedes is debris or stamp wording
            words = list(re.finditer(r"\S+", ln.text[off:sep]))
            for n in (1, 2, 3, 4):
                if len(words) <= n or words[-n].start() > 40:
                    continue
                w0 = words[-n]
                for cut in range(0, min(len(w0.group(0)), 12)):
                    st = off + w0.start() + cut
                    if not _debris_before(ln.text[off:st], ft[off:st]):
                        continue
                    hm = classify_head(ln.text[st:sep], strict=True)
                    if hm and hm.field not in ("other", "content", "request", "cc"):
                        conf = round(0.7 * hm.confidence, 3)
                        return _LabelHit(
                            hm.field, ln.start + st, ln.start + sep + 1, conf, "inline:" + hm.method
                        )
        if ln.header:
            return None  # a signature role line ("NGƯỜI KHIẾU NẠI"), a title
        prev = self.lines[ln.idx - 1] if ln.idx > 0 else None
        after_wrap = prev is not None and not prev.blank and self.wraps(prev)
        bare = match_bare_label(ft[off:])
        if bare:
            fld, n, score = bare
            # in the middle of a wrapped sentence only a capitalised, long label counts ("..., số\nđiện thoại")
            if after_wrap and not (ln.text[off : off + 1].isupper() and n >= 7):
                return None
            rest = ft[off + n : off + n + 2]
            if not rest or not rest[0].isalpha():
                return _LabelHit(fld, ln.start + off, ln.start + off + n, round(0.75 * score, 3), "bare")
        return None

    # -- helpers ----------------------------------------------------------------------------------
    def span(self, s: int, e: int) -> tuple[int, int]:
        """Offsets in the caller's text of the normalized range [s, e)."""
        if e <= s:
            p = self.starts[s] if s < len(self.starts) else len(self.raw)
            return p, p
        return self.starts[s], self.ends[e - 1]

    def trim(self, s: int, e: int) -> tuple[int, int]:
        """Shrink [s, e) to the part clean_value keeps (for spans)."""
        strip = " \t\n:;,.-–—_*•·+=|\"'“”‘’`"
        while s < e and self.t[s] in strip:
            s += 1
        while e > s and self.t[e - 1] in strip + ")":
            if self.t[e - 1] == ")" and self.t[s:e].count("(") >= self.t[s:e].count(")"):
                break
            e -= 1
        return s, e

    def line_of(self, pos: int) -> _Line:
        return self.lines[self.line_at[min(max(pos, 0), len(self.t))]]

    def is_stop_line(self, ln: _Line, allow_bullets: bool = False) -> bool:
        if ln.blank or ln.label is not None or ln.header:
            return True
        s = ln.text.lstrip()
        if not allow_bullets and re.match(r"^([-+•*·]|\d{1,2}[.)]\s)", s):
            return True
        fs = ln.ftext.lstrip()
        if re.match(r"^\(?\s*ky\b", fs) or re.match(r"^v\s*/\s*v\b", fs):
            return True
        first = re.match(r"[^\W\d_]+", s)
        if first and first.group(0)[0].isupper():
            # "Trong", "Nay", "Tôi" ... start a sentence; a wrapped value continues in lower case
            if first.group(0).lower() in _PROSE_STARTERS:
                return True
            if " ".join(re.findall(r"[a-z]+", fs)[:2]) in _PROSE_OPENINGS_F:
                return True
        return False

    def wraps(self, ln: _Line) -> bool:
        """Did the writer's text continue past the end of this line (line was full or ends mid-phrase)?"""
        s = _TRAILING_JUNK_RE.sub("", ln.text.rstrip())  # OCR specks: "Ủy ban nhân :", "... Chi bộ |"
        if not s:
            return False
        if s[-1] in ".!?:;":
            return False
        if s[-1] in ",-–(&/":
            return True
        last = fold(re.split(r"\s+", s)[-1])
        if last in _CONNECTORS:
            return True
        return len(s.strip()) >= 0.72 * self.width

    def value_region(
        self,
        ln: _Line,
        vstart: int,
        max_lines: int = 4,
        allow_bullets: bool = False,
        first_if_empty: bool = True,
    ) -> tuple[int, int]:
        """[vstart, end) of a labelled value, following wrapped lines."""
        end = ln.end
        cur = ln
        used = 0
        if not self.t[vstart : ln.end].strip() and first_if_empty:
            # value starts on the next line ("Kính gửi:" / "- A")
            nxt = self._next_nonblank(ln.idx)
            if nxt is None or (nxt.label is not None):
                return vstart, vstart
            end = nxt.end
            cur = nxt
            used = 1
        while used < max_lines:
            if not self.wraps(cur):
                break
            # Tesseract often puts an empty line between the wrapped lines of one paragraph
            nxt = self._next_nonblank(cur.idx, max_skip=2)
            if nxt is None or self.is_stop_line(nxt, allow_bullets=allow_bullets):
                break
            end = nxt.end
            cur = nxt
            used += 1
        return vstart, end

    def _next_nonblank(self, idx: int, max_skip: int = 2) -> _Line | None:
        for j in range(idx + 1, min(idx + 2 + max_skip, len(self.lines))):
            if not self.lines[j].blank:
                return self.lines[j]
        return None

    def sentence_end(self, pos: int, max_chars: int = 500) -> int:
        """End of the sentence starting at pos (exclusive), stopping at labels, headings, blank lines."""
        t = self.t
        n = min(len(t), pos + max_chars)
        i = pos
        while i < n:
            c = t[i]
            if c == "\n":
                cur = self.line_of(i)
                ln = self.line_of(i + 1)
                if ln.blank:
                    # an empty line ends the paragraph unless the line before it was cut mid-sentence
                    nxt = self._next_nonblank(cur.idx, max_skip=2)
                    if nxt is None or not self.wraps(cur):
                        return i
                    ln = nxt
                    if ln.label is None and not ln.header and not re.match(r"^\s*[-+•*·]\s", ln.text):
                        i = ln.start
                        continue
                if ln.blank or ln.label is not None or ln.header or re.match(r"^\s*[-+•*·]\s", ln.text):
                    return i
                if re.match(r"^\(?\s*ky\b", ln.ftext.lstrip()):
                    return i
            elif c in ".!?;":
                after = t[i + 1 : i + 3]
                if (
                    i + 1 >= len(t)
                    or after[:1] in ("\n", "")
                    or (after[:1] == " " and (after[1:2].isupper() or after[1:2] == "\n"))
                ):
                    tok = re.search(r"([^\W\d_]+)$", t[max(pos, i - 6) : i])
                    if c == "." and tok and fold(tok.group(1)) in _ABBREV and after[:1] == " ":
                        i += 1
                        continue
                    return i
            i += 1
        return n


# ------------------------------------------------------------------------------------------ small readers
_TOKEN_RE = re.compile(r"\S+")


def _read_name(
    doc: _Doc, pos: int, max_tokens: int = 6, allow_lower_start: bool = False
) -> tuple[int, int] | None:
    """A run of capitalised syllables starting at pos: (start, end) or None.

    The run ends at a lower-case word, punctuation, a digit, an acronym after a Title-case name
    ("Trần Văn Bình SN 1955"), or a stop bigram ("... SINH NĂM", "... Trú tại").
    """
    t = doc.t
    toks = []
    for m in _TOKEN_RE.finditer(t, pos, min(len(t), pos + 120)):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip('("“'))
        core = raw[lead:].rstrip(',.;:)!?"”')
        s = m.start() + lead
        toks.append((s, s + len(core), core, s + len(core) < m.end()))
    out: list[tuple[int, int, str]] = []
    for k, (s, e, core, punct_after) in enumerate(toks):
        if (
            not core
            or not re.fullmatch(r"[^\W\d_]+", core)
            or any(c not in _VI_LETTERS for c in core.lower())
        ):
            break  # digits, punctuation, or letters Vietnamese does not use ("Š", "Ñ"): not part of a name
        if not (core[0].isupper() or (allow_lower_start and not out)):
            break
        if out:
            if fold(core) in _ID_ACRONYMS:
                break
            if len(core) > 1 and core.isupper() and not doc.all_caps and not all(x[2].isupper() for x in out):
                break
            nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
            pair = fold(core + " " + nxt)
            # a stop bigram ("... Tạm trú", "... Năm sinh") does not reach across punctuation ("Lê Văn Tám, trú
            # tại": the comma ends the name after "Tám"), and a name does not end with its middle name ("Trần
            # Văn Năm sinh năm ...": "Năm" is the given name)
            stop_pair = pair in _STOP_BIGRAMS and not punct_after and fold(out[-1][2]) not in _MIDDLE_ONLY
            if stop_pair or pair in _PROSE_OPENINGS_F or core.lower() in _PROSE_STARTERS:
                break
        out.append((s, e, core))
        if punct_after or len(out) >= max_tokens:
            break
        if k + 1 < len(toks) and "\n\n\n" in t[e : toks[k + 1][0]]:
            break  # a line break inside a name is fine (OCR may add an empty line), a paragraph gap is not
    if len(out) < 2 or out[0][2].lower() in _NOT_NAME_START:
        return None
    return out[0][0], out[-1][1]


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Vietnamese syllables from the Viet74K word list shipped with underthesea (empty set if unavailable)."""
    try:
        text = viet74k_path().read_text(encoding="utf-8").lower()
    except Exception:  # pragma: no cover - the word list ships with underthesea
        return frozenset()
    return frozenset(nfc(text).split())


def valid_syllable_ratio(text: str) -> float:
    """Share of the words of ``text`` that are Vietnamese syllables (OCR damage makes impossible ones)."""
    syl = _syllables()
    toks = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    if not toks or not syl:
        return 1.0
    return sum(w in syl for w in toks) / len(toks)


def text_quality(text: str) -> float:
    """0..1: squared share of real syllables, lowered by debris (symbols, letters glued to digits)."""
    q = valid_syllable_ratio(text) ** 2
    debris = len(re.findall(r"[^\w\s,.;:()/\-–&'\"]|[^\W\d_]\d|\d[^\W\d_]{2,}", text))
    if any(c.isalpha() and c.lower() not in _VI_LETTERS for c in text):
        debris += 1
    return q * (0.8**debris)


def _name_plausibility(name: str) -> float:
    toks = name.split()
    if not (2 <= len(toks) <= 6):
        return 0.3
    if not all(re.fullmatch(r"[^\W\d_]+", x) and x[0].isupper() for x in toks):
        return 0.3
    score = 0.75
    if fold(toks[0]) in SURNAME_KEYS:
        score += 0.2
    if 3 <= len(toks) <= 4:
        score += 0.05
    # an impossible syllable ("Hạhh", "Lợỉ") is an OCR error inside the name
    ratio = valid_syllable_ratio(name)
    return min(score, 1.0) * (0.3 + 0.7 * ratio * ratio)


@lru_cache(maxsize=1)
def _unigrams() -> dict[str, int]:
    """Syllable counts of the project's Vietnamese language model (lexicon.LM_PATH, read only)."""
    try:
        return dict(read_lm().get("unigrams", {}))
    except Exception:  # pragma: no cover - the model ships with the project
        return {}


def _name_reading_score(name: str) -> float:
    """How good a reading of a personal name is: plausibility first, then how common its syllables are
    (OCR turns "Thị" into the rarer "Tị", "Oanh" into the impossible "Oiinh")."""
    uni = _unigrams()
    toks = [w.lower() for w in re.findall(r"[^\W\d_]+", name)]
    freq = sum(math.log1p(uni.get(w, 0)) for w in toks) / max(1, len(toks)) if uni else 0.0
    return _name_plausibility(name) + 0.01 * freq


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"[a-z]+", fold(name)))


def _same_name(a: str, b: str) -> bool:
    """Two readings of the same personal name: equal, one cut short (a stamp or a page edge hid the start or
    the end: "Nam" / "Nguyễn Quốc Nam", "Ng" / "Nguyễn Thị Hiền"), or close (OCR letter errors)."""
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 2 and (long_.startswith(short) or long_.endswith(short)):
        return True
    return fuzz.ratio(ka, kb) >= 75


@lru_cache(maxsize=1)
def _ner():
    from underthesea import ner  # slow import, done once and only when needed

    return ner


def _ner_trim(doc: _Doc, s: int, e: int) -> int:
    """Use underthesea NER on a long capitalised run to find where the person's name ends."""
    try:
        ner = _ner()
        snippet = collapse_ws(doc.t[s:e])
        tags = ner(snippet)
    except Exception:
        return e
    words: list[str] = []
    started = False
    for tok in tags:
        w, tag = tok[0], tok[-1]
        if tag.endswith("PER"):
            started = True
            words.append(w)
        elif started:
            break
        else:
            break
    n = len(" ".join(words).split())
    if started and 2 <= n < len(snippet.split()):
        toks = list(_TOKEN_RE.finditer(doc.t, s, e))
        return toks[n - 1].end()
    return e


_DIGIT_RUN_RE = re.compile(r"[0-9OoIl|]")


def _read_number(doc: _Doc, pos: int, kind: str, max_chars: int = 40) -> tuple[int, int, str, str] | None:
    """Digits starting near pos, allowing spaces, dots, dashes and one line break between groups.

    kind "id": stop at 12 digits (or 9 if the run ends there); kind "phone": stop once a valid number is read.
    Letters OCR confuses with digits ("80A" for "804") count as digits inside a digit run.
    Returns (start, end, digits, written form with those letters read as digits).
    """
    t = doc.t
    i = pos
    n = min(len(t), pos + max_chars)
    while i < n and t[i] in " :.\t" or (i < n and t[i] == "\n" and i == pos):
        i += 1
    start = i
    if kind == "phone" and i < n and t[i] in "+(":
        i += 1
    digits = ""
    last = i
    newlines = 0
    fixes: dict[int, str] = {}
    while i < n:
        c = t[i]
        if (
            c.isdigit()
            or (
                c in "OoIl|SBAZgqD"
                and digits
                and t[i - 1].isdigit()
                and (i + 1 >= len(t) or t[i + 1].isdigit() or not t[i + 1].isalpha())
            )
            or (c in "()" and digits and t[i - 1].isdigit() and i + 1 < n and t[i + 1].isdigit())
        ):
            # a bracket between two digits is a misread "0" ("086(76347516")
            d = c if c.isdigit() else "0" if c in "()" else ocr_digit(c)
            digits += d
            if d != c:
                fixes[i] = d
            last = i + 1
            i += 1
            if kind == "id" and len(digits) == 12:
                break
            if kind == "phone":
                pc = check_phone(digits)
                if pc.valid and (len(pc.digits) == 11 or not digits.startswith(("02", "842"))):
                    # a mobile number is complete at 10 digits; a landline needs 11
                    if not (i < len(t) and t[i].isdigit()):
                        break
            continue
        if c in " .-–)" and digits:
            if i + 1 < n and (t[i + 1].isdigit() or t[i + 1] in " .-"):
                i += 1
                continue
            break
        if c == "\n" and digits and newlines == 0 and i + 1 < n and t[i + 1].isdigit():
            newlines += 1
            i += 1
            continue
        break
    if not digits:
        return None
    written = collapse_ws("".join(fixes.get(k, t[k]) for k in range(start, last)))
    return start, last, digits, written


def _fuzzy_anchor(
    doc: _Doc, phrases: tuple[str, ...], start: int, end: int, min_score: float = 80.0
) -> list[tuple[int, int, float]]:
    """Approximate occurrences of folded phrases (OCR-damaged anchors such as 'dia ehi', 'can cuoc eong dan').

    Windows of the same number of words (and one more or less, for split/merged words) are compared with
    rapidfuzz; phrases shorter than 7 characters are not searched fuzzily (too many false hits).
    Returns (start, end, score) sorted by position.
    """
    words = [w for w in doc.words if w[0] >= start and w[1] <= end]
    out = []
    for phrase in phrases:
        if len(phrase) < 7:
            continue
        k = len(phrase.split())
        for i in range(len(words)):
            best = None
            for n in (k, k - 1, k + 1):
                if n < 1 or i + n > len(words):
                    continue
                cand = " ".join(w[2] for w in words[i : i + n])
                sc = fuzz.ratio(cand, phrase)
                if sc >= min_score and (best is None or sc > best[2]):
                    best = (words[i][0], words[i + n - 1][1], sc)
            if best:
                out.append(best)
    out.sort()
    return out


_ADDR_FUZZY = (
    "dia chi",
    "cu tru tai",
    "thuong tru tai",
    "noi cu tru",
    "noi o hien nay",
    "cho o hien nay",
    "tam tru tai",
)
_ID_FUZZY = (
    "can cuoc cong dan",
    "chung minh nhan dan",
    "dinh danh ca nhan",
    "so can cuoc",
    "so cccd",
    "so cmnd",
)
_PHONE_FUZZY = ("dien thoai", "so dien thoai", "dien thoai lien he")


def _number_after(doc: _Doc, pos: int, kind: str) -> tuple[int, int, str, str] | None:
    """A number right after an anchor, or after up to three OCR-garbled words of it ("căn cuớc eông dân 0071...")."""
    r = _read_number(doc, pos, kind)
    if r and len(r[2]) >= 8:
        return r
    m = re.match(r"\s*(?:[a-z]{1,6}[\s:.,]+){1,3}", doc.f[pos : pos + 40])
    if m:
        r = _read_number(doc, pos + m.end(), kind)
        if r and len(r[2]) >= 8:
            return r
    return None


# ------------------------------------------------------------------------------------------ value readers
_NAME_STOP_RE = re.compile(
    r"(?:[,;(]|\s-\s|\s{2,}|\bsinh\s+nam\b|\bnam\s+sinh\b|\bsn\b|\bgioi tinh\b|\bdan toc\b)"
)
_ADDR_INLINE_STOP_RE = re.compile(
    r"(?:[,;.]?\s*|\s{2,})\b(?:so dien thoai|dien thoai|sdt|so dt|dt\s*[:.]|dtdd|so cccd|so cmnd|cccd|cmnd|"
    r"so can cuoc|can cuoc cong dan|so dinh danh|chung minh nhan dan|email|ngay cap|noi cap|cap ngay|"
    r"lam nguoi dai dien|la nguoi dai dien|sinh nam|nam sinh|nghe nghiep|quoc tich)\b"
)
_ADMIN_UNIT_RE = re.compile(
    r"\b(?:phuong|xa|thi tran|quan|huyen|thi xa|thanh pho|tinh|ap|thon|xom|to dan pho|khu pho|to|so nha|"
    r"duong|ngo|hem)\b"
)
_ADDR_PART_START = re.compile(
    r"^(so\s*\d|so nha|\d|thon|xom|ap|ban|bon|buon|lang|to\b|to dan pho|khu|kp|duong|pho|ngo|ngach|hem|kiet|"
    r"phuong|xa|thi tran|thi xa|quan|huyen|thanh pho|tp|tinh|p\.|q\.|h\.|tx|tt|khom|doi|cum|lo|can ho|chung cu|"
    r"toa|tang|kdc|khu dan cu|khu do thi|km|quoc lo|tinh lo)"
)
_CLAUSE_STOP = re.compile(
    r"^(so dien|dien thoai|dt\b|sdt|so dt|sinh nam|nam sinh|so cmnd|so cccd|cmnd|cccd|so can cuoc|can cuoc|"
    r"so dinh danh|chung minh|nghe nghiep|la |lam |toi|nay|xin|co |da |email|quoc tich|dan toc|ngay cap|"
    r"cap ngay|hien la|dang |va |nhung|vi |do |den nay|trinh bay|kinh)"
)


def _read_address(doc: _Doc, pos: int, limit: int | None = None) -> tuple[int, int] | None:
    """Comma-separated address parts starting at pos, while they look like address parts."""
    limit = min(limit or len(doc.t), pos + 260)
    end_sent = doc.sentence_end(pos, max_chars=limit - pos)
    region_end = min(end_sent, limit)
    f = doc.f
    m = _ADDR_INLINE_STOP_RE.search(f, pos, region_end)
    if m:
        region_end = m.start()
    # walk the parts
    end = pos
    first = True
    # a full stop followed by a lower-case word ends the address even when OCR lost the capital of the next
    # sentence ("... Tỉnh Quảng NHh. số Tum thoại liên hệ ..."); abbreviations ("tp. Huế", "p. 5") do not
    for dm in re.finditer(r"([^\W\d_]+)\.\s+(?=[^\W\d_])", doc.t[pos:region_end]):
        if doc.t[pos + dm.end()].islower() and fold(dm.group(1)) not in _ABBREV:
            region_end = pos + dm.start() + len(dm.group(1))
            break
    for pm in re.finditer(r"[^,;]+", doc.t[pos:region_end]):
        ps, pe = pos + pm.start(), pos + pm.end()
        part = doc.t[ps:pe].strip(" \n_.-|~`'\"")
        fpart = collapse_ws(f[ps:pe]).strip(" _.-|~`'\"")
        if not part:
            continue
        if not first:
            looks = bool(_ADDR_PART_START.match(fpart)) or (
                part[0].isupper() and not _CLAUSE_STOP.match(fpart)
            )
            if not looks or _CLAUSE_STOP.match(fpart) and not _ADDR_PART_START.match(fpart):
                break
        elif _CLAUSE_STOP.match(fpart) and not _ADDR_PART_START.match(fpart):
            return None
        end = pe
        first = False
    s, e = doc.trim(pos, end)
    if e <= s:
        return None
    return s, e


# anchors (folded text)
_NAME_ANCHORS = [
    (re.compile(r"\b(?:toi|chung toi)\s+(?:ten\s+)?la\s*[:]?\s*(?:(?:ong|ba|anh|chi|cu)\s+)?"), 0.85),
    (re.compile(r"\bten\s+(?:cua\s+)?toi\s+la\s*[:]?\s*(?:(?:ong|ba|anh|chi|cu)\s+)?"), 0.85),
    (re.compile(r"\btoi\s+ten\s*[:]?\s*(?:(?:ong|ba|anh|chi|cu)\s+)?"), 0.8),
    (re.compile(r"\bcu\s+(?:ong|ba|anh|chi)\s+"), 0.8),
    (
        re.compile(
            r"\b(?:nguoi\s+)?dai\s+dien\s+(?:cho\s+[^:\n]{0,40}?\s+)?(?:la\s*|:\s*)?(?:ong|ba|anh|chi)\s+"
        ),
        0.8,
    ),
    (re.compile(r"\b(?:toi|chung toi)\s+(?:la\s+)?(?:ong|ba|anh|chi)\s+"), 0.75),
]
_ADDR_ANCHORS = [
    re.compile(
        r"\b(?:hien\s+)?(?:dang\s+)?(?:cu tru|thuong tru|tam tru|sinh song|song|tru|o|ngu)\s+tai\s*[:]?\s*"
    ),
    re.compile(r"\b(?:hien|dang)\s+(?:cu|thuong|tam|sinh)\s+[a-z]{2,4}\s+tai\s*[:]?\s*"),
    re.compile(r"\b(?:hien\s+)?(?:dang\s+)?(?:cu tru|thuong tru|tam tru|tru)\s*:\s*"),
    re.compile(
        r"\b(?:dia chi|noi o|cho o|noi cu tru|hktt|ho khau thuong tru)(?:\s+(?:thuong tru|lien he|cu tru|"
        r"hien nay|hien tai))?\s*(?:tai|la|o)?\s*[:]?\s*"
    ),
    re.compile(
        r"\bhien\s+o\s*(?::|tai)?\s*(?=(?:so|thon|xom|ap|ban|to|khu|phuong|xa|thi tran|duong|pho|ngo)\b)"
    ),
]
_ID_ANCHOR = re.compile(
    r"\b(?:so\s+)?(?:cccd|cmnd|cmt|can cuoc cong dan|the can cuoc|can cuoc|chung minh nhan dan|"
    r"chung minh thu|dinh danh ca nhan|so dinh danh|ho chieu)(?:\s*/\s*(?:cccd|cmnd))?"
    r"(?:\s+so)?\s*[:.]?\s*(?:la\s*)?"
)
_PHONE_ANCHOR = re.compile(
    r"\b(?:so\s+)?(?:dien thoai|dt|sdt|dtdd|di dong)(?:\s+(?:lien he|lien lac|di dong|"
    r"ca nhan|co dinh))?\s*[:.]?\s*(?:la\s*)?"
)


@dataclass
class _Cand:
    value: str
    start: int
    end: int
    conf: float
    method: str
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ field extractors
def _labelled(doc: _Doc) -> dict[str, list[tuple[_Line, _LabelHit]]]:
    out: dict[str, list[tuple[_Line, _LabelHit]]] = {}
    for ln in doc.lines:
        if ln.label is not None:
            out.setdefault(ln.label.field, []).append((ln, ln.label))
    return out


def _name_from_region(doc: _Doc, s: int, e: int) -> tuple[int, int] | None:
    """Cut a labelled name value: drop honorific, stop at inline labels/commas."""
    f = doc.f
    m = _NAME_STOP_RE.search(f, s, e)
    if m:
        e = m.start()
    s, e = doc.trim(s, e)
    hm = re.match(r"(?:ong|ba|anh|chi|cu)\s*[/(]?\s*(?:ba|ong)?\s*[)]?\s+", f[s:e])
    if hm and e - s - hm.end() > 3:
        s += hm.end()
    return (s, e) if e > s else None


def _find_name(doc: _Doc, labelled, signers_start: int) -> tuple[_Cand | None, int | None]:
    """Complainant name and the position where the self-introduction starts (for address/id/phone)."""
    for ln, hit in labelled.get("name", []):
        if hit.value_start >= signers_start:
            continue
        s, e = doc.value_region(ln, hit.value_start, max_lines=1)
        r = _name_from_region(doc, s, e)
        if not r:
            continue
        s2, e2 = r
        rn = _read_name(doc, s2, allow_lower_start=True)
        if rn and rn[1] <= e2:
            s2, e2 = rn
        value = clean_value(doc.t[s2:e2])
        if not value:
            continue
        conf = hit.confidence * (0.55 + 0.45 * _name_plausibility(value))
        return _Cand(value, s2, e2, conf, "label:" + hit.method), hit.label_start
    best: _Cand | None = None
    intro = None
    for rx, base in _NAME_ANCHORS:
        for m in rx.finditer(doc.f, 0, signers_start):
            r = _read_name(doc, m.end())
            if not r:
                continue
            s, e = r
            if len(doc.t[s:e].split()) >= 5:
                e = _ner_trim(doc, s, e)
            value = clean_value(doc.t[s:e])
            conf = base * (0.5 + 0.5 * _name_plausibility(value))
            if best is None or s < best.start:
                best, intro = _Cand(value, s, e, conf, "prose"), m.start()
            break
    return best, intro


def _find_signature_name(doc: _Doc) -> _Cand | None:
    lines = doc.lines
    for i in range(len(lines) - 1, -1, -1):
        fl = lines[i].ftext.strip()
        if re.match(r"^\(?\s*(ky|da ky)\b.{0,30}(ten|\))", fl) or fl in ("(ky ten)", "(da ky)"):
            for j in range(i + 1, min(i + 5, len(lines))):
                ln = lines[j]
                if ln.blank:
                    continue
                r = _read_name(doc, ln.start + len(ln.text) - len(ln.text.lstrip()))
                if r and r[1] <= ln.end and not doc.t[r[1] : ln.end].strip(" .,"):
                    v = clean_value(doc.t[r[0] : r[1]])
                    return _Cand(v, r[0], r[1], 0.6 * _name_plausibility(v), "signature")
            break
    return None


_SIGNERS_HEAD_RE = re.compile(
    r"^\s*(?:danh sach\b.*\b(?:ky|ky ten|chu ky|tham gia|dong ky)\b|danh sach (?:cac )?"
    r"(?:ho|nguoi|cong dan|ho dan)\b|(?:chu ky|ky ten) cua (?:cac )?(?:ho|nguoi|cong dan))"
)
_ENTRY_RE = re.compile(
    r"^\s*(\d{1,3})\s*[.)/:|-]?\s+(.*)$|^\s*([SOIlZB])\s*[.)]\s+(.*)$"
)  # "S." = OCR'd "5."


def _entry(text: str) -> tuple[int | None, int] | None:
    """(number or None when OCR garbled it, start of the rest) of a numbered list line."""
    m = _ENTRY_RE.match(text)
    if not m:
        return None
    if m.group(1) is not None:
        return int(m.group(1)), m.start(2)
    return None, m.start(4)


def _find_signers(doc: _Doc) -> tuple[list[tuple[str, int, int]], int, int | None]:
    """Names listed in a group petition's signer list, the list's start position and a stated group size."""
    lines = doc.lines
    head_idx = None
    for ln in lines:
        if _SIGNERS_HEAD_RE.match(ln.ftext):
            head_idx = ln.idx
            break
    entries: list[tuple[str, int, int]] = []
    start_pos = len(doc.t)

    numbers: list[int] = []

    def collect(from_idx: int) -> list[tuple[str, int, int]]:
        numbers.clear()
        got: list[tuple[str, int, int]] = []
        misses = 0
        for ln in lines[from_idx:]:
            if ln.blank:
                continue
            m = _entry(ln.text)
            if not m:
                fl = ln.ftext.strip()
                if re.match(r"^(stt|ho va ten|ho ten|tt)\b", fl):
                    continue
                misses += 1
                if got and misses > 1:
                    break
                if not got and misses > 2:
                    break
                continue
            misses = 0
            if m[0] is not None:
                numbers.append(m[0])
            pos = ln.start + m[1]
            hm = re.match(r"(?:ong|ba|anh|chi)\s+", doc.f[pos : ln.end])
            if hm:
                pos += hm.end()
            r = _read_name(doc, pos)
            if r and r[1] <= ln.end:
                got.append((clean_value(doc.t[r[0] : r[1]]), r[0], r[1]))
            elif got:
                break
        return got

    if head_idx is not None:
        entries = collect(head_idx + 1)
        start_pos = lines[head_idx].start
    else:
        # numbered names at the end of the petition without a heading
        for ln in lines[len(lines) // 2 :]:
            m = _entry(ln.text)
            if m and m[0] == 1:
                got = collect(ln.idx)
                if len(got) >= 3:
                    entries = got
                    start_pos = ln.start
                    break
    stated = None
    said = re.search(
        r"\b(?:chung toi\s+)?gom\s+(\d{1,3})\s+(?:ho|nguoi|cong dan|ho dan|ho gia dinh)\b", doc.f
    )
    if said:
        stated = int(said.group(1))
    # an entry OCR could not read still has its number counted ("1. ... 4. ... 6. ...": 6 signers)
    if entries and numbers and numbers == sorted(numbers) and len(entries) < max(numbers) <= len(entries) + 2:
        entries = entries + [("", -1, -1)] * (max(numbers) - len(entries))
    return entries, start_pos, stated


_DATE_RE = re.compile(
    r"\b[a-z]{3,5}\s*[:.]?\s*([0-9OoIl]{1,2})\s*[,.]?\s*[a-z]{4,6}\s*[:.]?\s*([0-9OoIl]{1,2})"
    r"\s*[,.]?\s*[a-z]{2,4}\s*[:.]?\s*([0-9OoIl]{4})\b"
)
_DATE_NUM_RE = re.compile(r"\b(?:ngay\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b")


def _find_date(doc: _Doc) -> tuple[_Cand | None, str | None, tuple[int, int] | None]:
    """Petition date from a 'Place, ngày D tháng M năm Y' line; also the place."""
    cands = []
    nlines = max(1, len(doc.lines))
    for rx, kind in ((_DATE_RE, "words"), (_DATE_NUM_RE, "numeric")):
        for m in rx.finditer(doc.f):
            d, mo, y = (fix_ocr_digits(g) for g in m.groups())
            date = make_date(d, mo, y)
            if date is None:
                continue
            ln = doc.line_of(m.start())
            before = doc.t[ln.start : m.start()]
            after = doc.t[m.end() : ln.end].strip(" .,)")
            fb = fold(before).strip()
            score = 0.0
            place = None
            if not fb:
                score += 2
            elif before.rstrip().endswith(",") and len(before) <= 45 and not re.search(r"\d", before):
                score += 3
                place = before.rstrip().rstrip(",")
            elif len(before) <= 35 and not re.search(r"\d", before) and before.strip()[:1].isupper():
                score += 1.5
                place = before
            else:
                score -= 3
            if after:
                score -= 2
            if re.search(r"\b(tu|den|cua|so|ban hanh|quyet dinh|qd|thong bao|nop|vao|sau|truoc)\s*$", fb):
                score -= 4
            if kind == "numeric":
                score -= 1
            rel = ln.idx / nlines
            score += 1.0 if rel < 0.3 else (0.5 if rel > 0.7 else 0.0)
            cands.append((score, m.start(), m.end(), date, place, ln))
    if not cands:
        return None, None, None
    cands.sort(key=lambda c: (-c[0], c[1]))
    score, s, e, date, place, ln = cands[0]
    if score < 1.5:
        return None, None, None
    conf = 0.95 if score >= 4 else 0.8 if score >= 3 else 0.6
    ds, de = doc.trim(ln.start if place else s, e)
    pspan = None
    if place:
        place_clean = clean_value(place)
        ps = ln.start + doc.t[ln.start : ln.end].find(place_clean) if place_clean else ln.start
        pspan = (ps, ps + len(place_clean))
        place = place_clean or None
    return _Cand(date.isoformat(), s, e, conf, "date", {"line_span": (ds, de)}), place, pspan


def _find_title(doc: _Doc) -> _Cand | None:
    seen = 0
    for ln in doc.lines:
        if ln.blank:
            continue
        seen += 1
        if seen > 16:
            break
        fl = collapse_ws(re.sub(r"[^a-z0-9 ]", " ", ln.ftext))
        if any(fuzz.ratio(fl, mt) >= 75 for mt in MOTTO_FOLDED):
            continue
        words = fl.split()
        if not words:
            continue
        # the reception stamp's text may stand in front of the title on the same line ("BAN TIẾP CÔNG DÂN ĐƠN
        # PHẢN ÁNH", "ĐẾN Số: 3032 ĐƠN KHIẾU NẠI"): skip capitalised stamp words and numbers
        skip = 0
        toks = list(_TOKEN_RE.finditer(ln.text))
        while (
            skip < min(len(toks) - 1, 6)
            and fold(re.sub(r"[^\w]", "", toks[skip].group(0))) in _STAMP_TOKENS | {"so", ""}
            and not re.sub(r"[^\w]", "", toks[skip].group(0)).islower()
        ) or (skip < min(len(toks) - 1, 6) and re.fullmatch(r"[\d/.:\-]+", toks[skip].group(0))):
            skip += 1
        line_start = ln.start
        if skip:
            rest = collapse_ws(re.sub(r"[^a-z0-9 ]", " ", fold(ln.text[toks[skip].start() :])))
            if rest.split()[:1] in (["don"], ["thu"]) and ln.label is None:
                words = rest.split()
                line_start = ln.start + toks[skip].start()
        first_ok = words[0] in ("don", "thu") or (len(words[0]) == 3 and fuzz.ratio(words[0], "don") >= 66)
        upper = sum(c.isupper() for c in ln.text if c.isalpha()) / max(1, sum(c.isalpha() for c in ln.text))
        if first_ok and (upper >= 0.7 or len(words) <= 4) and len(words) <= 12 and ln.label is None:
            s, e = doc.trim(line_start, ln.end)
            nxt = doc._next_nonblank(ln.idx)
            if (
                len(words) <= 2
                and nxt is not None
                and nxt.header
                and nxt.label is None
                and len(nxt.text.split()) <= 6
            ):
                e = doc.trim(nxt.start, nxt.end)[1]  # "ĐƠN" / "KHIẾU NẠI" on two lines
            return _Cand(clean_value(doc.t[s:e]), s, e, 0.9, "title")
    return None


_AUTHORITY = (
    "chu tich",
    "uy ban",
    "ubnd",
    "thanh tra",
    "ban tiep cong dan",
    "giam doc",
    "cong an",
    "toa an",
    "vien kiem sat",
    "doan dai bieu",
    "hoi dong nhan dan",
    "bi thu",
    "tinh uy",
    "huyen uy",
    "dang uy",
    "bo truong",
    "truong ban",
    "ban quan ly",
    "ban chi dao",
    "van phong",
)


_STAMP_TOKENS = {"den", "ban", "tiep", "cong", "dan", "so", "ngay", "cong van"}


def _stamp_debris_token(tok: str, line: str) -> bool:
    """A token in front of the recipient that is stamp text or OCR debris: no letters, or a capitalised stamp
    word ("ĐẾN", "BAN", "Số:") on a line that is not itself all capitals."""
    if not any(c.isalpha() for c in tok):
        return True
    core = re.sub(r"[^\w]", "", tok)
    letters = [c for c in line if c.isalpha()]
    mixed = letters and sum(c.isupper() for c in letters) / len(letters) < 0.7
    return bool(mixed and core.isupper() and len(core) >= 2 and fold(core) in _STAMP_TOKENS)


def _recipient_by_position(doc: _Doc, title: _Cand | None) -> tuple[_Line, _LabelHit] | None:
    """No readable "Kính gửi": the addressed authority is named on a line between the title and the
    complainant's part (the label is often under the reception stamp). Look for an authority phrase there."""
    first = doc.line_of(title.end).idx + 1 if title is not None else 0
    seen = 0
    for ln in doc.lines[first:]:
        if ln.blank:
            continue
        seen += 1
        if seen > 5 or (ln.label is not None and ln.label.field not in ("other", "cc")):
            break
        if re.search(r"\b(toi|chung toi)\s+(ten\s+)?la\b|\bten toi\b", ln.ftext) or _DATE_RE.search(ln.ftext):
            if not re.search(r"\b(uy ban|ubnd|chu tich|thanh tra)\b", ln.ftext):
                break
            continue
        # a standard authority name at the start of the line, after stamp debris ("ĐẾN Ban công dân Hải
        # Phòng", "BAN tra tỉnh Nam Định", "- ;„ bạn Kiếm tra Tỉnh ủy ..."), words lost under the stamp allowed
        toks = list(_TOKEN_RE.finditer(ln.text))
        k = 0
        while k < len(toks) and k < 4 and _stamp_debris_token(toks[k].group(0), ln.text):
            k += 1
        if k < len(toks):
            am = match_authority([t.group(0) for t in toks[k:]], min_words=2)
            if am is not None and (am.matched >= 2 or am.cost <= 0.5):
                st = ln.start + toks[k].start()
                return ln, _LabelHit("recipient", st, st, 0.5 if am.cost < 0.6 else 0.4, "position")
        words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[a-z0-9]+", ln.ftext)]
        for i in range(len(words)):
            for phrase in _AUTHORITY:
                k = len(phrase.split())
                if i + k > len(words):
                    continue
                ws = words[i : i + k]
                first_word = ws[0][2]
                lead = phrase.split()[0]
                # OCR may glue debris to the first word ("EffCHủ tịch"): compare its tail
                trim = (
                    len(first_word) - len(lead)
                    if first_word.endswith(lead) and len(first_word) > len(lead)
                    else 0
                )
                cand = " ".join([first_word[trim:]] + [w[2] for w in ws[1:]])
                if len(phrase) < 6 or Levenshtein.distance(cand, phrase) > (1 if len(phrase) < 12 else 2):
                    continue
                st = ln.start + ws[0][0] + trim
                orig = doc.t[st : ln.start + ws[-1][1]]
                if orig.isupper() and len(orig) > 4:
                    continue  # "BAN TIẾP CÔNG DÂN": the stamp's own heading
                return ln, _LabelHit("recipient", st, st, 0.5, "position")
    return None


def _find_recipient(
    doc: _Doc, labelled, title: _Cand | None = None
) -> tuple[_Cand | None, list[str], list[tuple[int, int]]]:
    hits = labelled.get("recipient", [])
    if not hits:
        # badly damaged "Kính gửi:" ("Kíhh gvi:") near the top of the page: accept a looser match there
        for ln in doc.lines[:20]:
            m = re.match(r"^\s*([a-z]{3,5}\s+[a-z]{2,4})\s*[:;]", ln.ftext)
            if m and ln.label is None and fuzz.ratio(m.group(1), "kinh gui") >= 70:
                hits = [
                    (ln, _LabelHit("recipient", ln.start + m.start(1), ln.start + m.end(), 0.6, "fuzzy-top"))
                ]
                break
    if not hits:
        hit_line = _recipient_by_position(doc, title)
        if hit_line is None:
            return None, [], []
        hits = [hit_line]
    ln, hit = hits[0]
    items: list[tuple[int, int]] = []
    s, e = doc.value_region(ln, hit.value_start, max_lines=2)
    if doc.t[s:e].strip():
        items.append(doc.trim(s, e))
    # following "- A" / "+ B" lines are further recipients
    j = doc.line_of(e).idx + 1
    while j < len(doc.lines):
        nl = doc.lines[j]
        if nl.blank:
            j += 1
            continue
        mm = re.match(r"^\s*[-+•*·]\s*", nl.text)
        if not mm or nl.label is not None:
            break
        s2, e2 = doc.value_region(nl, nl.start + mm.end(), max_lines=1)
        items.append(doc.trim(s2, e2))
        j = doc.line_of(e2).idx + 1
    # "Kính gửi: Thanh tra tỉnh; Công an tỉnh" -> two recipients
    split: list[tuple[int, int]] = []
    for a, b in items:
        cur = a
        for m in re.finditer(r";", doc.t[a:b]):
            split.append(doc.trim(cur, a + m.start()))
            cur = a + m.end()
        split.append(doc.trim(cur, b))
    items = [(a, b) for a, b in split if b > a]
    if not items:
        return None, [], []
    values = [clean_value(re.sub(r"^\s*[-+•*·]\s*", "", doc.t[a:b])).rstrip(";") for a, b in items]
    # restore a standard authority name damaged by OCR or the stamp ("Ủ/ ban nfiân dân" -> "Ủy ban nhân dân")
    repairs = [repair_authority(v) for v in values]
    values = [v for v, _ in repairs]
    first = values[0]
    a, b = items[0]
    if doc.t[a] in "-+•*·":
        a += 1
        a, b = doc.trim(a, b)
    conf = hit.confidence * (0.9 if 3 <= len(first.split()) <= 20 else 0.6)
    if repairs[0][1] > 0:
        conf *= max(0.5, 1.0 - 0.3 * repairs[0][1])
    elif match_authority(first.split()) is None:
        conf *= 0.6  # a recipient is an authority: one not recognised is likely misread (or unusual)
    return _Cand(first, a, b, conf, "label:" + hit.method), values, items


_CAT_VERBS = ("khieu nai", "to cao", "to giac", "kien nghi", "de nghi", "phan anh", "yeu cau", "trinh bay")
_SUBJ_PROSE = [
    (
        re.compile(
            r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:[a-z]{1,6}\s+){1,3}?"
            r"(?:[^.;:]{0,160}?\s)??(?:ve|doi voi)\s+viec\s*[:]?\s*"
        ),
        0.8,
    ),
    (
        re.compile(
            r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:(?:de|xin|kinh)\s+)?"
            r"(?P<cat>[a-z]{2,6}\s+[a-z]{2,5})\s*(?:(?:ve|doi voi)\s+viec|viec)?\s*[:]?\s*"
        ),
        0.8,
    ),
    (re.compile(r"\b(?:khieu nai|to cao|kien nghi|phan anh|de nghi)\s+ve\s+viec\s*[:]?\s*"), 0.75),
    # "Nay tôi làm <OCR debris> về việc X"
    (re.compile(r"\b(?:nay|toi|chung toi)\b[^.\n]{0,45}?\bve\s+viec\s*[:]?\s*"), 0.5),
    # "Tôi xin phản ánh với UBND phường về tình trạng ...", "Tôi tố cáo đồng chí X ..."
    (
        re.compile(
            r"\b(?:toi|chung toi)\s+(?:xin\s+|kinh\s+|muon\s+)?(?:khieu nai|to cao|to giac|phan anh|kien nghi)"
            r"\s+(?:voi\s+[^.\n]{0,80}?\s+(?=ve\s))?(?:ve\s+(?:viec\s+)?)?[:]?\s*"
        ),
        0.65,
    ),
]


def _find_subject(doc: _Doc, labelled, title: _Cand | None) -> _Cand | None:
    for ln, hit in labelled.get("subject", []):
        s, e = doc.value_region(ln, hit.value_start, max_lines=4)
        fv = doc.f[s:e]
        if ln.ftext.lstrip().startswith("(") or re.match(r"^\s*\(", doc.t[ln.start : hit.label_start + 1]):
            close = doc.t.find(")", s, e + 1)
            if close != -1:
                e = close
        s, e = doc.trim(s, e)
        value = clean_value(doc.t[s:e])
        if len(value) >= 3 and fv.strip():
            conf = hit.confidence * (0.95 if 3 <= len(value.split()) <= 60 else 0.6)
            return _Cand(value, s, e, conf, "label:" + hit.method)
    # "(V/v ...)" lines that the label matcher did not take (no colon, parenthesis)
    for ln in doc.lines[:25]:
        m = re.match(r"^\s*\(?\s*v\s*[/.]\s*v\s*[:.]?\s*", ln.ftext)
        if m and ln.end - ln.start > m.end() + 3:
            s, e = doc.value_region(ln, ln.start + m.end(), max_lines=3)
            close = doc.t.find(")", s, e + 1)
            if close != -1:
                e = close
            s, e = doc.trim(s, e)
            return _Cand(clean_value(doc.t[s:e]), s, e, 0.85, "vv")
    for rx, base in _SUBJ_PROSE:
        for m in rx.finditer(doc.f):
            if m.groupdict().get("cat") and max(fuzz.ratio(m.group("cat"), c) for c in _CAT_VERBS) < 75:
                continue
            s = m.end()
            vm = re.match(r"ve\s+([a-z]{3,5})\s*:?\s*", doc.f[s : s + 14])
            if vm and fuzz.ratio(vm.group(1), "viec") >= 75:
                s += vm.end()  # "về viêc" / "về vicc" damaged by OCR
            e = doc.sentence_end(s, max_chars=400)
            s, e = doc.trim(s, e)
            value = clean_value(doc.t[s:e])
            if len(value.split()) >= 2:
                conf = base * (0.95 if len(value.split()) <= 50 else 0.6)
                return _Cand(value, s, e, conf, "prose")
            break
    # OCR-damaged wording: "lam don hay to cao ve viee ..."
    for _, e0, sc in _fuzzy_anchor(doc, ("lam don nay", "viet don nay", "gui don nay"), 0, len(doc.t)):
        ws = [w for w in doc.words if w[0] >= e0][:7]
        start = None
        for j in range(len(ws) - 1):
            if fuzz.ratio(ws[j][2] + " " + ws[j + 1][2], "ve viec") >= 80:
                start = ws[j + 1][1]
                break
        if (
            start is None
            and len(ws) >= 2
            and max(fuzz.ratio(ws[0][2] + " " + ws[1][2], c) for c in _CAT_VERBS) >= 75
        ):
            start = ws[1][1]
        if start is None:
            continue
        e = doc.sentence_end(start, max_chars=400)
        s, e = doc.trim(start, e)
        value = clean_value(doc.t[s:e])
        if len(value.split()) >= 2:
            return _Cand(value, s, e, 0.6 * sc / 100.0, "prose-fuzzy")
    return None


# matched on lower-cased NFC text: folded forms are ambiguous here (đang/Đăng, bị/bì, đã/da)
_ENTITY_STOP_RE = re.compile(
    r"\s(?:trong việc|về việc|đối với|khi |gây |vì |nhằm |để |theo |với |tại địa bàn|"
    r"ngày \d|năm \d|trái |không |đã |đang |bị |có hành vi)"
)
_VERBISH = re.compile(
    r"^(đã|đang|là|có|thường|nhiều|tự ý|không|liên tục|hoạt động|vẫn|còn|chưa|cũng|sẽ|được|bị|"
    r"xây|lấn|tiến hành|cho|ký|ban hành|yêu cầu|nhận|gây|sử dụng|lợi dụng|thu|chiếm|khai thác|xả|đổ|"
    r"vi phạm|làm|tổ chức|bán|mở)(?!\w)"
)


_VERBISH_F = re.compile(
    r"^(da|dang|la|co|thuong|nhieu|tu y|khong|lien tuc|hoat dong|van|chua|cung|se|duoc|bi|"
    r"xay|lan|tien hanh|ban hanh|yeu cau|nhan|gay|su dung|loi dung|chiem)\b"
)


def _match_head(f: str, pos: int) -> str | None:
    for h in _ORG_HEAD_KEYS:
        if f.startswith(h, pos) and (pos + len(h) >= len(f) or not f[pos + len(h)].isalnum()):
            return h
    return None


def _read_entity(doc: _Doc, pos: int, limit: int) -> tuple[int, int] | None:
    """An organisation/person phrase starting at pos: head word, then words up to a clause boundary."""
    f = doc.f
    head = _match_head(doc.ff, pos)
    if head is None:
        return None
    hend = pos + len(head)
    if head in _PERSON_HEADS or head in (
        "chu tich",
        "pho chu tich",
        "bi thu",
        "giam doc",
        "truong",
        "chu",
        "can bo",
        "cong chuc",
        "chap hanh vien",
        "hieu truong",
    ):
        # role words may be followed by an honorific and a personal name, or by an organisation
        m = re.match(r"\s+(?:(?:ong|ba|anh|chi)\s+)?", f[hend:limit])
        name_pos = hend + (m.end() if m else 0)
        r = _read_name(doc, name_pos)
        if r and r[1] <= limit:
            end = r[1]
            return pos, end
        if head in _PERSON_HEADS:
            return None
    # organisation: up to a clause stop; keep through the last capitalised word before lower-case verbs
    sm = _ENTITY_STOP_RE.search(doc.low, hend, limit)
    end = sm.start() if sm else limit
    sent = doc.sentence_end(pos, max_chars=end - pos)
    end = min(end, sent)
    toks = list(_TOKEN_RE.finditer(doc.t, hend, end))
    last = hend
    for k, tm in enumerate(toks):
        w = tm.group(0).rstrip(",.;:")
        fw = fold(w)
        if w[:1].isupper() or w[:1].isdigit() or fw in ORG_NAME_WORDS or re.fullmatch(r"[A-ZĐ&\-]+", w):
            last = tm.start() + len(w)
            if tm.group(0).endswith((",", ";", ".")):
                break
            continue
        # lower-case common nouns inside a name ("Cơ sở chế biến thủy sản Tân Phát", "Công ty Vật liệu xây dựng
        # Hồng Hà") are kept when a capitalised word follows soon, or when a verb closes the name soon
        # ("Trạm y tế phường thu tiền ...")
        verb = _VERBISH.match(doc.low[tm.start() : end])
        if any(x.group(0)[:1].isupper() for x in toks[k + 1 : k + (3 if verb else 6)]):
            continue
        if verb:
            break
        verb_at = next(
            (
                j
                for j in range(k + 1, min(k + 5, len(toks)))
                if _VERBISH.match(doc.low[toks[j].start() : end])
            ),
            None,
        )
        if verb_at is not None and k < 4:
            last = toks[verb_at - 1].start() + len(toks[verb_at - 1].group(0).rstrip(",.;:"))
            break
        break
    s, e = doc.trim(pos, last)
    return (s, e) if e > s else None


def _extend_appositive(doc: _Doc, s: int, e: int, body_from: int) -> tuple[str, int, int] | None:
    """'Bà X, công chức địa chính UBND xã Y, đã ...' -> 'Bà X, công chức địa chính UBND xã Y'."""
    key = fold(collapse_ws(doc.t[s:e]))
    if len(key) < 4:
        return None
    f = doc.f
    flat = re.sub(r"\s", " ", f)
    pos = body_from
    tries = 0
    while tries < 6:
        tries += 1
        i = flat.find(key, pos)
        if i == -1:
            if tries > 1 or len(key) < 10:
                return None
            # OCR-damaged mention: best fuzzy alignment of the key in the rest of the text
            al = fuzz.partial_ratio_alignment(key, flat[pos:])
            if al is None or al.score < 85:
                return None
            i = pos + al.dest_start
            key = flat[i : pos + al.dest_end]
        j = i + len(key)
        rest = flat[j : j + 140]
        m = re.match(r"\s*,\s*([^,.;]{3,110}?)\s*,\s*", rest)
        if m and (_VERBISH.match(doc.low[j + m.end() : j + 140]) or _VERBISH_F.match(rest[m.end() :])):
            a, b = j + m.start(1), j + m.end(1)
            return clean_value(doc.t[i : i + len(key)] + ", " + doc.t[a:b]), i, b
        # role with a personal name after it: "Chấp hành viên ông Nguyễn Văn A"
        m2 = re.match(r"\s+(ong|ba)\s+", rest)
        if m2:
            r = _read_name(doc, j + m2.end())
            if r:
                return clean_value(doc.t[i : r[1]]), i, r[1]
        # organisation continued by its parent body: "bộ phận một cửa Ủy ban nhân dân xã X"
        h = _match_head(doc.ff, j + 1) if rest[:1] == " " else None
        if h and h in (
            "uy ban nhan dan",
            "ubnd",
            "uy ban",
            "so",
            "phong",
            "chi cuc",
            "cuc",
            "truong",
            "cong ty",
        ):
            ent = _read_entity(doc, j + 1, min(len(f), j + 120))
            if ent:
                return clean_value(doc.t[i : ent[1]]), i, ent[1]
        pos = j
    return None


def _trailing_appositive(doc: _Doc, e: int, limit: int) -> int:
    """Include ', <role>' when it closes the phrase: '... của đảng viên X, Bí thư Chi bộ' (end of subject)."""
    am = re.match(r"\s*,\s*([^,;.]{3,80}?)\s*[.;]?\s*$", doc.t[e:limit])
    if am and (am.group(1)[:1].isupper() or _match_head(doc.ff, e + am.start(1))):
        return e + am.end(1)
    return e


def _find_respondent(
    doc: _Doc, labelled, subject: _Cand | None, category: str | None, body_from: int
) -> _Cand | None:
    for ln, hit in labelled.get("respondent", []):
        s, e = doc.value_region(ln, hit.value_start, max_lines=3)
        m = re.search(r"\s(?:dia chi|chuc vu|noi cong tac|dien thoai|so dien thoai)\s*:", doc.f[s:e])
        if m:
            e = s + m.start()
        s, e = doc.trim(s, e)
        value = clean_value(doc.t[s:e])
        if value:
            return _Cand(value, s, e, hit.confidence * 0.95, "label:" + hit.method)
    if category == "kien_nghi":
        return None
    f = doc.f
    # "làm đơn này tố cáo <X> về việc ...", "làm đơn này khiếu nại đối với <X> về việc ...": X is named between
    # the category word and the matter
    m = re.search(
        r"\b(?:lam|viet|gui|lap)\s+(?:don|don thu|thu)\s*(?:nay\s*)?(?:de\s+|xin\s+)?"
        r"(?:to cao|to giac|khieu nai|phan anh)\s+(?:(?:doi voi|hanh vi cua)\s+)?"
        r"(?P<x>[^.;:]{3,160}?)\s+(?:ve\s+viec|ve\s+hanh\s+vi)\b",
        f,
    )
    if m:
        s, e = doc.trim(m.start("x"), m.end("x"))
        first = doc.t[s : s + 1]
        if e > s and (first.isupper() or _match_head(doc.ff, s)) and not doc.line_of(s).header:
            return _Cand(clean_value(doc.t[s:e]), s, e, 0.7, "prose-between")
    # "tố cáo ông Nguyễn Văn B ..." / "khiếu nại Chủ tịch UBND ..."
    for m in re.finditer(
        r"\b(?:to cao|to giac|khieu nai|phan anh)\s+(?:doi voi\s+)?(?:hanh vi\s+(?:vi pham\s+)?(?:cua\s+)?)?",
        f,
    ):
        if doc.line_of(m.start()).header or doc.line_of(m.start()).idx != doc.line_of(m.end()).idx:
            continue  # the title ("ĐƠN KHIẾU NẠI") followed by the next line is not "khiếu nại <someone>"
        ent = _read_entity(doc, m.end(), min(len(f), m.end() + 160))
        if ent and _match_head(doc.ff, m.end()) not in (None, "so", "to", "ban", "hoi"):
            s, e = ent
            e = _trailing_appositive(doc, e, doc.sentence_end(e, max_chars=120))
            ext = _extend_appositive(doc, s, e, s)
            if ext:
                return _Cand(ext[0], ext[1], ext[2], 0.6, "prose+appositive")
            return _Cand(clean_value(doc.t[s:e]), s, e, 0.55, "prose")
    # the subject names the target: "... của ông X", "... từ Công ty Y", "... tại bộ phận một cửa"
    if subject is not None:
        ss, se = subject.start, subject.end
        for m in reversed(list(re.finditer(r"\b(?:cua|tu|tai)\s+", f[ss:se]))):
            p = ss + m.end()
            h = _match_head(doc.ff, p)
            if h is None or h in ("so", "to", "hoi") or (m.group(0).startswith("tai") and h in _PERSON_HEADS):
                continue
            ent = _read_entity(doc, p, se)
            if not ent:
                continue
            s, e = ent
            e = _trailing_appositive(doc, e, se)
            ext = _extend_appositive(doc, s, e, body_from)
            if ext:
                return _Cand(ext[0], ext[1], ext[2], 0.6, "subject+appositive")
            return _Cand(clean_value(doc.t[s:e]), s, e, 0.55, "subject")
    # the subject itself starts with the actor: "Trạm y tế phường thu tiền khám bệnh ..."
    if subject is not None and doc.t[subject.start : subject.start + 1].isupper():
        h = _match_head(doc.ff, subject.start)
        if h and h not in ("so", "to", "ban", "hoi", "chu"):
            ent = _read_entity(doc, subject.start, subject.end)
            if ent and ent[1] < subject.end - 3:
                s, e = ent
                return _Cand(clean_value(doc.t[s:e]), s, e, 0.45, "subject-actor")
    # "X ban hành Quyết định ..." -> X is the body complained about
    m = re.search(
        r"([^.,;]{3,120}?)\s+(?:da\s+)?ban\s+hanh\s+(?:quyet dinh|qd|van ban|thong bao)", f[body_from:]
    )
    if m and category == "khieu_nai":
        seg_s = body_from + m.start(1)
        seg_e = body_from + m.end(1)
        for hm in re.finditer(r"\b", f[seg_s:seg_e]):
            p = seg_s + hm.start()
            if p < seg_e and f[p].isalpha() and doc.t[p].isupper() and _match_head(doc.ff, p):
                s, e = doc.trim(p, seg_e)
                return _Cand(clean_value(doc.t[s:e]), s, e, 0.5, "issuer")
    # the subject of the first content sentence: "Hộ bà X đang xây dựng ...", "Công ty Y hoạt động ..."
    for ln in doc.lines:
        if ln.start < body_from or ln.blank or ln.label is not None:
            continue
        p = ln.start + len(ln.text) - len(ln.text.lstrip())
        if not doc.t[p : p + 1].isupper():
            continue
        h = _match_head(doc.ff, p)
        if h and h not in ("so", "to", "ban", "hoi", "chu", "truong", "pho", "can bo", "cong chuc"):
            ent = _read_entity(doc, p, min(len(f), p + 160))
            if ent:
                s, e = ent
                ext = _extend_appositive(doc, s, e, s)
                if ext:
                    return _Cand(ext[0], ext[1], ext[2], 0.45, "content+appositive")
                return _Cand(clean_value(doc.t[s:e]), s, e, 0.4, "content")
        break
    return None


def _find_attachments(doc: _Doc, labelled) -> list[str]:
    out: list[str] = []
    for ln, hit in labelled.get("attachments", []):
        if fold(doc.t[hit.label_start : hit.value_start]).strip().startswith("noi nhan"):
            continue
        s, e = doc.value_region(ln, hit.value_start, max_lines=3)
        text = doc.t[s:e]
        if text.strip():
            out.extend(p for p in (clean_value(x) for x in re.split(r"[;,]\s+|\n", text)) if p)
        j = doc.line_of(e).idx + 1
        while j < len(doc.lines):
            nl = doc.lines[j]
            mm = re.match(r"^\s*(?:[-+•*·]|\d{1,2}[.)])\s*", nl.text)
            if not mm or nl.label is not None:
                break
            out.append(clean_value(nl.text[mm.end() :]))
            j += 1
        break
    return [x for x in out if x]


# ------------------------------------------------------------------------------------------ identity numbers
def _find_id(doc: _Doc, labelled, region: tuple[int, int]) -> tuple[_Cand | None, IdCheck | None]:
    for _ln, hit in labelled.get("id", []):
        if not (region[0] <= hit.value_start < region[1]):
            continue
        r = _read_number(doc, hit.value_start, "id")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_id_number(digits)
            conf = hit.confidence * (0.98 if chk.valid else 0.55 if chk.id_type else 0.3)
            return _Cand(clean_value(written), s, e, conf, "label:" + hit.method), chk
    anchors = [m.end() for m in _ID_ANCHOR.finditer(doc.f, region[0], region[1])]
    anchors += [e for _, e, _ in _fuzzy_anchor(doc, _ID_FUZZY, *region)] if not anchors else []
    for a in anchors:
        r = _number_after(doc, a, "id")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_id_number(digits)
            conf = 0.85 * (0.98 if chk.valid else 0.55 if chk.id_type else 0.3)
            return _Cand(clean_value(written), s, e, conf, "prose"), chk
    # unlabelled: a valid 12-digit CCCD standing alone in the identity part
    for m in re.finditer(r"(?<![\d/.\-])(\d{12})(?![\d/])", doc.t[region[0] : region[1]]):
        chk = check_id_number(m.group(1))
        if chk.valid:
            s, e = region[0] + m.start(1), region[0] + m.end(1)
            return _Cand(m.group(1), s, e, 0.45, "pattern"), chk
    return None, None


def _phone_value(written: str) -> str:
    v = collapse_ws(written).strip(" .,;:-")
    if v.count("(") > v.count(")"):
        v = v.replace("(", "", 1).strip()
    return v


def _phone_factor(chk) -> float:
    if not chk.valid:
        return 0.4
    return 0.98 if chk.known_prefix else 0.8


def _find_phone(doc: _Doc, labelled, region: tuple[int, int]) -> tuple[_Cand | None, PhoneCheck | None]:
    for _ln, hit in labelled.get("phone", []):
        if not (region[0] <= hit.value_start < region[1]):
            continue
        r = _read_number(doc, hit.value_start, "phone")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_phone(digits)
            conf = hit.confidence * _phone_factor(chk)
            return _Cand(_phone_value(written), s, e, conf, "label:" + hit.method), chk
    anchors = [m.end() for m in _PHONE_ANCHOR.finditer(doc.f, region[0], region[1])]
    anchors += [e for _, e, _ in _fuzzy_anchor(doc, _PHONE_FUZZY, *region)] if not anchors else []
    for a in anchors:
        r = _number_after(doc, a, "phone")
        if r and len(r[2]) >= 8:
            s, e, digits, written = r
            chk = check_phone(digits)
            conf = 0.85 * _phone_factor(chk)
            return _Cand(_phone_value(written), s, e, conf, "prose"), chk
    for m in re.finditer(
        r"(?<![\d/.\-])((?:\+84|0)[35789]\d(?:[ .]?\d){7})(?![\d/])", doc.t[region[0] : region[1]]
    ):
        chk = check_phone(m.group(1))
        if chk.valid:
            s, e = region[0] + m.start(1), region[0] + m.end(1)
            return _Cand(m.group(1), s, e, 0.45, "pattern"), chk
    return None, None


def _find_address(doc: _Doc, labelled, region: tuple[int, int]) -> _Cand | None:
    for ln, hit in labelled.get("address", []):
        if not (region[0] <= hit.value_start < region[1]):
            continue
        s, e = doc.value_region(ln, hit.value_start, max_lines=3)
        m = _ADDR_INLINE_STOP_RE.search(doc.f, s, e)
        if m and m.start() > s:
            e = m.start()
        s, e = doc.trim(s, e)
        value = clean_value(doc.t[s:e])
        if value:
            conf = hit.confidence * (0.95 if has_admin_unit(value) else 0.6)
            return _Cand(value, s, e, conf, "label:" + hit.method)
    anchors = sorted((m.end(), 0.8) for rx in _ADDR_ANCHORS for m in rx.finditer(doc.f, region[0], region[1]))
    fz = [(e, 0.8 * sc / 100.0) for _, e, sc in _fuzzy_anchor(doc, _ADDR_FUZZY, *region, min_score=82)]
    for a, base in anchors + [x for x in fz if x[0] not in {y[0] for y in anchors}]:
        m = re.match(r"\s*(?:tai|la|o)?\s*:?\s*", doc.f[a : a + 8])
        r = _read_address(doc, a + (m.end() if m else 0), region[1])
        if r:
            s, e = r
            value = clean_value(doc.t[s:e])
            if len(value) >= 4:
                conf = base * (0.95 if has_admin_unit(value) else 0.55)
                return _Cand(value, s, e, conf, "prose")
    # a labelled line whose label the stamp destroyed ("x;ày: chỉ: Số nhà 36, tổ 5, Phường 8, ...") : the head
    # still ends like an address label and the value names two or more administrative units
    for ln in doc.lines:
        if ln.blank or ln.end <= region[0] or ln.start >= region[1]:
            continue
        if ln.label is not None and ln.label.field not in ("other",):
            continue
        seps = [m.start() for m in re.finditer(r"[:;]", ln.text[:40])]
        for sep in reversed(seps):
            head = collapse_ws(re.sub(r"[^a-z ]", " ", ln.ftext[:sep]))
            value = clean_value(ln.text[sep + 1 :])
            if (
                re.search(r"(?:^|\s)(?:chi|tru|tru tai|o)$", head)
                and len(_ADMIN_UNIT_RE.findall(fold(value))) >= 2
            ):
                s, e = doc.value_region(ln, ln.start + sep + 1, max_lines=2)
                m = _ADDR_INLINE_STOP_RE.search(doc.f, s, e)
                if m and m.start() > s:
                    s, e = doc.trim(s, m.start())
                return _Cand(clean_value(doc.t[s:e]), s, e, 0.5, "label-damaged")
    return None


# ------------------------------------------------------------------------------------------ main entry point
_ANON_RE = re.compile(
    r"\b(giau ten|nac danh|khong (?:ghi|neu|de|ky) ten|xin (?:duoc )?(?:phep )?(?:duoc )?an danh|"
    r"an danh|khong tien neu ten)\b"
)
_CONTENT_START_RE = re.compile(
    r"(?m)^\s*(?:noi dung|nay\s+(?:toi|chung toi)|(?:toi|chung toi)\s+(?:lam|viet|gui)\s+don)"
)


def extract_fields(text: str, options: NlpOptions = DEFAULT_OPTIONS) -> Extraction:
    doc = _Doc(text)
    labelled = _labelled(doc)
    t = doc.t

    title = _find_title(doc)
    date, place, place_span = _find_date(doc)
    signers, signers_start, stated = _find_signers(doc)
    recipient, recipients, _ = _find_recipient(doc, labelled, title)

    name, intro = _find_name(doc, labelled, signers_start)
    sig = _find_signature_name(doc)
    if name is None and sig is not None and not _ANON_RE.search(doc.f):
        name, intro = sig, None

    if name is not None and name.method == "signature":
        # the signer's name written earlier ("... cử bà X, số CCCD ..."): the identity is read from there
        key = fold(name.value)
        flat = re.sub(r"\s", " ", doc.f[: min(signers_start, name.start)])
        i = flat.find(key)
        if i == -1 and len(key) >= 8:
            al = fuzz.partial_ratio_alignment(key, flat)
            i = al.dest_start if al is not None and al.score >= 85 else -1
        if i != -1:
            intro = i
    # where the complainant's identity is written
    content_m = _CONTENT_START_RE.search(doc.f, intro or 0)
    if intro is not None:
        id_region_start = intro
        id_region_end = min(
            signers_start,
            max(content_m.start() if content_m and content_m.start() > intro else intro + 700, intro + 120),
        )
        if name is not None and name.method == "prose":
            # prose: the self-introduction sentence(s)
            e = doc.sentence_end(intro, max_chars=700)
            if e - intro < 120:
                e = doc.sentence_end(e + 1, max_chars=700)
            id_region_end = min(id_region_end, max(e, intro + 60))
    else:
        id_region_start = 0
        id_region_end = min(signers_start, content_m.start() if content_m else len(t))
    # the identity part ends where the respondent's part begins ("Người bị tố cáo: ... Địa chỉ: ...")
    resp = [
        h.label_start
        for k in ("respondent", "respondent_address")
        for _, h in labelled.get(k, [])
        if h.label_start > id_region_start
    ]
    if resp:
        id_region_end = min(id_region_end, min(resp))
    region = (id_region_start, id_region_end)

    anonymous_wording = bool(_ANON_RE.search(doc.f[:signers_start]))

    address = phone = id_c = None
    id_chk = phone_chk = None
    if name is not None or not anonymous_wording:
        # without a name there is no self-introduction to read an address from; numbers may still be labelled
        address = _find_address(doc, labelled, region) if name is not None else None
        id_c, id_chk = _find_id(doc, labelled, region)
        phone, phone_chk = _find_phone(doc, labelled, region)

    subject = _find_subject(doc, labelled, title)
    cat = classify_category(t, title.value if title else None, options)
    body_from = subject.end if subject is not None else (intro or 0)
    respondent = _find_respondent(doc, labelled, subject, cat.category, body_from)
    dom = classify_domain(
        t,
        subject=subject.value if subject else "",
        title=title.value if title else "",
        respondent=respondent.value if respondent else "",
        recipient=recipient.value if recipient else "",
        options=options,
    )

    # anonymous and signatories
    if name is None:
        anonymous = anonymous_wording or cat.category == "to_cao"
        anon_conf = 0.95 if anonymous_wording else (0.65 if anonymous else 0.4)
    else:
        anonymous = False
        anon_conf = 0.6 + 0.35 * min(1.0, name.conf)
    if anonymous:
        address = id_c = phone = None
        id_chk = phone_chk = None
    if anonymous:
        count, count_conf = 0, anon_conf
    elif len(signers) >= 2:
        count = len(signers)
        count_conf = 0.95 if stated in (None, count) else 0.7
    elif stated and stated >= 2:
        count, count_conf = stated, 0.6
    else:
        count, count_conf = 1, 0.85 if name is not None else 0.5

    name_agree = None  # does the printed name under the signature confirm the name read in the body?
    if name is not None and sig is not None and name.method != "signature":
        if name.value == sig.value:
            name_agree = "same"
            name.conf = min(1.0, name.conf + 0.1)
        elif _same_name(name.value, sig.value):
            # two readings of one name (the body's is often under the reception stamp): keep the better one
            name_agree = "close"
            ka, kb = _name_key(name.value), _name_key(sig.value)
            # a reading cut short loses to the complete one (unless that one is garbled)
            cut = 0.1 if len(kb) > len(ka) and (kb.startswith(ka) or kb.endswith(ka)) else 0.0
            cut -= 0.1 if len(ka) > len(kb) and (ka.startswith(kb) or ka.endswith(kb)) else 0.0
            if _name_reading_score(sig.value) + cut > _name_reading_score(name.value):
                name.value, name.start, name.end = sig.value, sig.start, sig.end
                name.method += "+signature"
            name.conf = min(1.0, 0.5 * name.conf + 0.5 * _name_plausibility(name.value))
        elif count <= 1:
            name_agree = "different"
            name.conf *= 0.85

    if name is not None:
        # a syllable Vietnamese does not have ("Hồhg") is an OCR error: the name as read is wrong
        name.conf *= valid_syllable_ratio(name.value) ** 2
    # OCR quality of free-text values: real Vietnamese syllables, no debris characters
    for c in (address, recipient, respondent, subject):
        if c is not None:
            c.conf *= 0.45 + 0.55 * text_quality(c.value)
    if address is not None:
        # an address names its units in comma-separated parts; stamp debris glues hyphens to words ("Ấp -xã-Tha")
        parts = [p for p in address.value.split(",") if p.strip()]
        if len(parts) < 2:
            address.conf *= 0.8
        if re.search(r"(?:^|\s)-\w|\w-(?:\s|$)", address.value):
            address.conf *= 0.7
    addr_current = current_unit(address.value) if address is not None else None
    if address is not None and addr_current:
        address.conf = min(1.0, address.conf + 0.05)

    def val(c: _Cand | None):
        return c.value if c is not None else None

    fields = {
        "category": cat.category,
        "domain": dom.domain,
        "complainant": {
            "name": None if anonymous or name is None else repair_surname(val(name)),
            "address": val(address),
            "id_number": val(id_c),
            "phone": val(phone),
        },
        "recipient": val(recipient),
        "respondent": val(respondent),
        "subject": val(subject),
        "petition_date": val(date),
        "signatory_count": count,
        "anonymous": anonymous,
    }

    def conf(c: _Cand | None, missing: float) -> float:
        """Confidence of a value read, or that the field is really absent when nothing was read."""
        return round(min(1.0, c.conf), 3) if c is not None else round(missing, 3)

    absent = 0.8 if anonymous else 0.3  # an anonymous petition has no identity to miss
    confidence = {
        "category": cat.confidence,
        "domain": dom.confidence,
        "name": conf(None if anonymous else name, anon_conf * 0.8),
        "address": conf(address, absent),
        "id_number": conf(id_c, absent),
        "phone": conf(phone, absent),
        "recipient": conf(recipient, 0.2),
        "respondent": conf(respondent, 0.6 if cat.category == "kien_nghi" else 0.25),
        "subject": conf(subject, 0.2),
        "petition_date": conf(date, 0.3),
        "signatory_count": round(count_conf, 3),
        "anonymous": round(anon_conf, 3),
    }

    # calibrated per field, separately for a value read and for a field found absent
    present = {
        "category": cat.category is not None,
        "name": not anonymous and name is not None,
        "address": address is not None,
        "id_number": id_c is not None,
        "phone": phone is not None,
        "recipient": recipient is not None,
        "respondent": respondent is not None,
        "subject": subject is not None,
        "petition_date": date is not None,
    }
    if options.calibration:
        confidence = {k: calibrate(k, v, present.get(k, True)) for k, v in confidence.items()}

    spans: dict[str, tuple[int, int]] = {}
    for key, c in (
        ("name", None if anonymous else name),
        ("address", address),
        ("id_number", id_c),
        ("phone", phone),
        ("recipient", recipient),
        ("respondent", respondent),
        ("subject", subject),
        ("petition_date", date),
        ("category", title if cat.source.startswith("title") else None),
    ):
        if c is not None:
            spans[key] = doc.span(c.start, c.end)
    real = [x for x in signers if x[0]]
    if len(real) >= 2:
        spans["signatory_count"] = doc.span(real[0][1], real[-1][2])

    extra: dict[str, object] = {
        "id_digits": id_chk.digits if id_chk is not None else None,
        "id_type": id_chk.id_type if id_chk is not None else None,
        "id_valid": id_chk.valid if id_chk is not None else None,
        "phone_digits": phone_chk.digits if phone_chk is not None else None,
        "phone_valid": phone_chk.valid if phone_chk is not None else None,
        "place": place,
        "address_current": addr_current,
        "signers": [s[0] for s in signers if s[0]],
        "attachments": _find_attachments(doc, labelled),
        "title": title.value if title else None,
        "recipients": recipients,
        "category_source": cat.source,
        "name_check": name_agree,
        "domain_scores": dom.scores,
        "stamps": [doc.span(s, e) for s, e in doc.stamps],
        "minhash": signature(text or ""),  # content signature for duplicate search (nlp.duplicates)
    }
    if place_span:
        extra["place_span"] = doc.span(*place_span)
    return Extraction(fields=fields, confidence=confidence, extra=extra, spans=spans)
