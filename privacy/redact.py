"""Redacted copies of a denunciation's pages: the complainant's identity and the signature block masked.

Luật Tố cáo 2018 art. 8(3), 47 and 56(2): before a denunciation is handed on, the name, address, handwriting
(bút tích) and other personal data of the person who denounces are removed from the petition and its attachments.
This module is pure (no database, no web): it takes a page's OCR words (``[text, left, top, width, height, conf,
block, par, line]`` in the page image's pixels), its JPEG and its text, and the identity values of the case, and
returns the boxes to mask, the masked JPEG and the text with the values replaced by ``[đã lược bỏ]``.

It fails closed: besides every occurrence of the known values (folded, tolerant to OCR errors), it masks
- the value after identity labels ("Tôi tên là", "Họ và tên", "Địa chỉ", "Số CCCD", "Điện thoại", ...) to the
  end of the line (the intro sentence "Tôi tên là ..." to its end), in case extraction missed the value;
- any 9-12 digit number near CCCD/CMND/căn cước/điện thoại/ĐT/SĐT words, and phone- or CCCD-shaped numbers
  anywhere;
- the signature block on the last page: from the closing label ("Người tố cáo", "(Ký, ghi rõ họ tên)", ...)
  down to the last line of its column and the ink of the signature below it, across the column; without a
  label, the bottom-right block after the last dated line.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageDraw
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..lang.normalize import fold_chars as fold
from ..lang.normalize import nfc

__all__ = [
    "REDACTED",
    "REASONS",
    "Box",
    "IdentityValues",
    "RedactedPage",
    "find_identity_boxes",
    "redact_image",
    "redact_page",
    "redact_text",
]

REDACTED = "[đã lược bỏ]"
REASONS = ("name", "address", "id_number", "phone", "signature", "signer")
PAD = 4  # pixels added around every masked box

NAME_THRESHOLD = 82  # rapidfuzz ratio (folded) for a window of words to count as the name
ADDRESS_THRESHOLD = 80
KEYWORD_REACH = 8  # a number this many words after a CCCD / điện thoại word is masked


class Box(NamedTuple):
    left: int
    top: int
    width: int
    height: int
    reason: str


@dataclass(frozen=True)
class IdentityValues:
    """The identity of a case's complainant: what must not be seen on a redacted copy."""

    name: str | None = None
    address: str | None = None
    id_number: str | None = None
    phone: str | None = None
    others: tuple[str, ...] = ()  # other people who signed (group petitions): extra["signers"]
    addresses: tuple[str, ...] = ()  # further addresses of the complainant (extra["address_current"])

    @classmethod
    def from_case(
        cls,
        name: str | None,
        address: str | None,
        id_number: str | None,
        phone: str | None,
        extra: dict | None = None,
    ) -> IdentityValues:
        extra = extra or {}
        signers = []
        for s in extra.get("signers") or []:
            s = s.get("name") if isinstance(s, dict) else s
            if isinstance(s, str) and s.strip():
                signers.append(s)
        more = [a for a in [extra.get("address_current")] if isinstance(a, str) and a.strip()]
        return cls(
            name=name,
            address=address,
            id_number=id_number or extra.get("id_digits"),
            phone=phone or extra.get("phone_digits"),
            others=tuple(signers),
            addresses=tuple(more),
        )


@dataclass
class RedactedPage:
    image: bytes
    text: str
    boxes: list[Box]


# ------------------------------------------------------------------------------------------------------------
# Tokens: the words of a page (or the whitespace-separated tokens of a text), folded, in reading order
# ------------------------------------------------------------------------------------------------------------


@dataclass
class _Tok:
    raw: str
    fr: str  # folded, punctuation kept
    f: str  # folded, letters and digits only
    line: int  # index of its line


def _core(folded: str) -> str:
    return re.sub(r"[\W_]+", "", folded)


def _make_tok(raw: str, line: int) -> _Tok:
    fr = fold(nfc(raw))
    return _Tok(raw, fr, _core(fr), line)


@dataclass
class _Line:
    toks: list[int]  # token indices
    text: str = ""  # folded line, tokens joined by one space
    starts: list[int] | None = None  # offset of each token in text
    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0


def _finish_lines(toks: list[_Tok], lines: list[_Line]) -> None:
    for ln in lines:
        parts, starts, pos = [], [], 0
        for i in ln.toks:
            starts.append(pos)
            parts.append(toks[i].fr)
            pos += len(toks[i].fr) + 1
        ln.text = " ".join(parts)
        ln.starts = starts


def _first_tok_after(toks: list[_Tok], ln: _Line, offset: int) -> int:
    """Position (within ``ln``) of the first token that ends after ``offset`` of the line's text."""
    assert ln.starts is not None
    for k, st in enumerate(ln.starts):
        if st + len(toks[ln.toks[k]].fr) > offset:
            return k
    return len(ln.toks)


def _word_tokens(words: Sequence[Sequence]) -> tuple[list[_Tok], list[_Line], list[int]]:
    """Tokens of OCR words grouped into lines by Tesseract's (block, par, line); by geometry (consecutive words
    that overlap vertically and go right) when the words carry no usable line keys (a PDF's text layer numbers
    every word as its own line)."""
    toks: list[_Tok] = []
    lines: list[_Line] = []
    refs: list[int] = []
    kept = [(wi, w) for wi, w in enumerate(words) if w and len(w) >= 5 and str(w[0]).strip()]
    keys = [tuple(w[6:9]) if len(w) >= 9 else None for _wi, w in kept]
    use_keys = None not in keys and (len(kept) < 6 or len(set(keys)) <= 0.7 * len(kept))
    prev_key = None
    for (wi, w), key in zip(kept, keys, strict=True):
        left, top, width, height = (int(round(float(v))) for v in w[1:5])
        ln = lines[-1] if lines else None
        if use_keys:
            new = key != prev_key
        else:
            overlap = 0 if ln is None else min(ln.bottom, top + height) - max(ln.top, top)
            new = (
                ln is None or overlap < 0.5 * min(height, ln.bottom - ln.top) or left < ln.right - 2 * height
            )
        prev_key = key
        if new:
            lines.append(_Line([], left=left, top=top, right=left + width, bottom=top + height))
        ln = lines[-1]
        ln.toks.append(len(toks))
        ln.left, ln.top = min(ln.left, left), min(ln.top, top)
        ln.right, ln.bottom = max(ln.right, left + width), max(ln.bottom, top + height)
        toks.append(_make_tok(str(w[0]), len(lines) - 1))
        refs.append(wi)
    _finish_lines(toks, lines)
    return toks, lines, refs


def _text_tokens(text: str) -> tuple[list[_Tok], list[_Line], list[tuple[int, int]]]:
    toks: list[_Tok] = []
    lines: list[_Line] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for li, line in enumerate(text.split("\n")):
        ln = _Line([])
        for m in re.finditer(r"\S+", line):
            ln.toks.append(len(toks))
            toks.append(_make_tok(m.group(0), li))
            spans.append((pos + m.start(), pos + m.end()))
        lines.append(ln)
        pos += len(line) + 1
    _finish_lines(toks, lines)
    return toks, lines, spans


# ------------------------------------------------------------------------------------------------------------
# Matching the known values
# ------------------------------------------------------------------------------------------------------------

_HONORIFIC = {"ong", "ba", "anh", "chi", "em", "co", "bac", "cu"}


def _value_tokens(value: str | None, *, name: bool = False) -> list[str]:
    if not value:
        return []
    out = [c for c in (_core(p) for p in fold(nfc(value)).split()) if c]
    while name and len(out) > 2 and out[0] in _HONORIFIC:
        out = out[1:]
    return out


def _fuzzy_find(
    toks: list[_Tok], stream: list[int], vt: list[str], threshold: float, max_lines: int
) -> list[list[int]]:
    """Every occurrence of the token sequence ``vt`` in ``stream`` (token indices), tolerant to OCR errors
    (folded ratio) and to words split or merged by OCR; non-overlapping, best first."""
    n = len(vt)
    if n < 2:
        return []
    vjoin, vsolid = " ".join(vt), "".join(vt)
    lengths = {n, n - 1, n + 1} | ({n - 2, n + 2} if n >= 6 else set())
    lengths = {length for length in lengths if length >= max(1, n // 2)}
    heads = vt[:2]
    cands: list[tuple[float, int, int, int]] = []
    fs = [toks[i].f for i in stream]
    if not fs:
        return []
    near = process.cdist(fs, heads, scorer=fuzz.ratio, dtype=np.uint8).max(axis=1) >= 45
    for s in np.flatnonzero(near).tolist():
        for length in lengths:
            e = s + length
            if e > len(stream):
                continue
            if toks[stream[e - 1]].line - toks[stream[s]].line >= max_lines:
                continue
            window = fs[s:e]
            if length == n:
                score = fuzz.ratio(" ".join(window), vjoin)
                if score < threshold:
                    continue
                # every word must look like its counterpart: "nguyen van b" is not "nguyen van a"
                if any(
                    fuzz.ratio(a, b) < 50 or (len(b) == 1 and a != b) for a, b in zip(window, vt, strict=True)
                ):
                    continue
            else:
                solid = "".join(window)
                # words split or merged by OCR keep their letters: a window that lacks a word is no match
                if abs(len(solid) - len(vsolid)) > max(2, 0.08 * len(vsolid)):
                    continue
                score = fuzz.ratio(solid, vsolid) - 5
                if score < threshold:
                    continue
                if (
                    fuzz.ratio(window[-1], vt[-1]) < 50
                    and not vt[-1].startswith(window[-1])
                    and not window[-1].endswith(vt[-1])
                ):
                    continue
            cands.append((score, -abs(length - n), s, e))
    cands.sort(reverse=True)
    used: set[int] = set()
    found: list[list[int]] = []
    for _score, _d, s, e in cands:
        if any(k in used for k in range(s, e)):
            continue
        used.update(range(s, e))
        found.append([stream[k] for k in range(s, e)])
    return found


_OCR_DIGIT = str.maketrans({"o": "0", "O": "0", "D": "0", "l": "1", "I": "1", "|": "1", "i": "1"})


def _digits_of(raw: str) -> str | None:
    """The digits of a number-looking token ("0912.345.678", "(+84)", "O91234"), else None."""
    s = raw.strip(" ,;:()[]")
    if not s or not any(c.isdigit() for c in s):
        return None
    mapped = s.translate(_OCR_DIGIT)
    if not re.fullmatch(r"\+?[\d.\-/ ,()]+", mapped):
        return None
    if sum(c.isdigit() for c in s) * 2 < sum(c.isalnum() for c in s):
        return None
    return re.sub(r"\D", "", mapped)


def _digit_runs(toks: list[_Tok]) -> list[tuple[str, list[int]]]:
    """Runs of consecutive number tokens with their digits: [(digits, [token index per digit])]."""
    runs: list[tuple[str, list[int]]] = []
    cur, owners = "", []
    last = -2
    for i, t in enumerate(toks):
        d = _digits_of(t.raw)
        if d is not None and d and i == last + 1 and toks[last].line >= t.line - 1:
            cur += d
            owners += [i] * len(d)
        else:
            if cur:
                runs.append((cur, owners))
            cur, owners = (d, [i] * len(d)) if d else ("", [])
        last = i if d else -2
        if d is None:
            continue
    if cur:
        runs.append((cur, owners))
    return runs


def _find_digits(runs: list[tuple[str, list[int]]], value: str | None) -> list[list[int]]:
    """Occurrences of a phone / ID number in the number runs, by digits only, one OCR digit error allowed."""
    v = re.sub(r"\D", "", value or "")
    if len(v) < 6:
        return []
    variants = {v}
    if v.startswith("0") and len(v) == 10:
        variants.add("84" + v[1:])
    found = []
    for digits, owners in runs:
        hit = None
        for var in variants:
            k = digits.find(var)
            if k >= 0:
                hit = (k, k + len(var))
                break
        if hit is None and len(v) >= 9:
            for var in variants:
                for length in (len(var) - 1, len(var), len(var) + 1):
                    for k in range(0, len(digits) - length + 1):
                        if Levenshtein.distance(digits[k : k + length], var, score_cutoff=1) <= 1:
                            hit = (k, k + length)
                            break
                    if hit:
                        break
                if hit:
                    break
        if hit:
            found.append(sorted(set(owners[hit[0] : hit[1]])))
    return found


_NUM_KEYWORDS = re.compile(
    r"^(cccd|cmnd|cmt|cc|cancuoc|cuoc|dinhdanh|dt|sdt|dtdd|dienthoai|thoai|didong|lienhe|hochieu|zalo|hotline|"
    r"tel|phone|mobile)$"
)


def _number_rule(toks: list[_Tok], runs: list[tuple[str, list[int]]]) -> dict[int, str]:
    """Numbers the extractor may have missed: 9-12 digits near an ID / phone word, or shaped like a phone or
    a CCCD anywhere."""
    keyword_at = [i for i, t in enumerate(toks) if _NUM_KEYWORDS.match(t.f)]
    out: dict[int, str] = {}
    for digits, owners in runs:
        n = len(digits)
        first = owners[0]
        near = any(0 < first - k <= KEYWORD_REACH for k in keyword_at)
        phone_shaped = (
            (n == 10 and re.match(r"0[35789]", digits))
            or (n == 11 and digits.startswith("84"))
            or (n == 11 and re.match(r"02\d", digits))
        )
        cccd_shaped = n == 12 and digits.startswith("0")
        if (near and 9 <= n <= 12) or phone_shaped or cccd_shaped:
            reason = "phone" if phone_shaped or n in (10, 11) else "id_number"
            for i in set(owners):
                out.setdefault(i, reason)
    return out


# ------------------------------------------------------------------------------------------------------------
# Labels
# ------------------------------------------------------------------------------------------------------------

_LEAD = r"^[\W_]*(?:(?:\d{1,2}|[ivx]{1,4}|[a-e])\s*[.)/]\s*)?[-+•*–]?\s*"
# labels at the start of a line, by the reason of the value that follows
_LINE_LABELS = [
    ("intro", r"(?:toi|chung toi) ten la|ten toi la|toi la"),
    # these only with a colon: "NGƯỜI TỐ CÁO" alone is the signature block's heading
    ("intro:", r"nguoi dai dien(?: theo uy quyen)?|dai dien(?: cac ho| ho)?(?: dan)?"),
    (
        "name:",
        r"nguoi (?:to cao|lam don|viet don|gui don|khieu nai|kien nghi|phan anh)|ong\s*/\s*ba|ten(?= ?:)",
    ),
    ("name", r"ho va ten|ho ten|ho, ten|ten nguoi \w+ \w+"),
    (
        "address",
        r"dia chi(?: thuong tru| lien he| cu tru| hien nay| hien tai| noi o)?|noi cu tru|noi o(?: hien nay)?|"
        r"cho o(?: hien nay)?|thuong tru|tam tru|que quan|tru tai|cu tru tai|hien cu tru tai|"
        r"hien tru tai|noi thuong tru",
    ),
    ("phone", r"(?:so )?dien thoai(?: lien he| di dong)?|sdt|s dt|so dt|dt|dtdd|email|e-mail|zalo"),
    (
        "id_number",
        r"(?:so )?(?:cccd|cmnd|cmt)(?:\s*/\s*(?:cccd|cmnd|ho chieu))?(?: so)?|"
        r"(?:so )?can cuoc(?: cong dan)?(?: so)?|(?:so )?chung minh (?:nhan dan|thu)(?: so)?|"
        r"so dinh danh(?: ca nhan)?|ma dinh danh|ho chieu so|so ho chieu",
    ),
    ("name", r"nam sinh|ngay sinh|sinh nam|sinh ngay"),
]
_LINE_LABEL_RE = [(reason, re.compile(_LEAD + r"(?:" + rx + r")\b")) for reason, rx in _LINE_LABELS]
# labels that may sit in the middle of a line ("Tôi tên là ...", ", điện thoại 0912...")
_MID_LABEL_RE = re.compile(
    r"\b(?:(?:toi|chung toi) ten la|ten toi la|(?:so )?dien thoai|sdt|"
    r"(?:hien )?(?:dang )?(?:cu )?tru tai|dia chi lien he|thuong tru tai)\b"
)
_RESPONDENT_RE = re.compile(r"\bbi (?:to cao|khieu nai|phan anh|kien nghi)\b|\bdoi tuong\b|\bnguoi bi\b")
_ABBREV = {"tp", "p", "q", "tx", "tt", "h", "x", "ng", "st", "dt", "so", "sn"}


def _sentence_end(toks: list[_Tok], i: int) -> bool:
    raw = toks[i].raw.rstrip(")\"'”")
    if not raw.endswith((".", ";", "!", "?")) or raw.endswith(".."):
        return False
    return toks[i].f not in _ABBREV and not re.fullmatch(r"[A-ZĐ]{1,3}\.", raw)


def _harvest_name(toks: list[_Tok], value: list[int]) -> str | None:
    """The capitalised words opening a labelled value ("Nguyễn Văn Bình, sinh năm ..."): a name to look for
    elsewhere on the page when extraction missed it."""
    got: list[str] = []
    for i in value:
        raw = toks[i].raw.strip("\"'“”()")
        word = raw.rstrip(",.;:")
        if not word or not word[0].isupper() or not word.isalpha():
            break
        if toks[i].f in _HONORIFIC and not got:
            continue
        got.append(word)
        if raw != word or len(got) == 5:
            break
    return " ".join(got) if 2 <= len(got) <= 5 else None


def _label_rule(toks: list[_Tok], lines: list[_Line], names: list[str] | None = None) -> dict[int, str]:
    """Values after identity labels, to the end of the line (the intro sentence to its end), fail closed.
    Names read after name labels are appended to ``names``."""
    out: dict[int, str] = {}
    respondent = False
    for li, ln in enumerate(lines):
        text = ln.text
        if not ln.toks:
            continue
        hit = None
        for reason, rx in _LINE_LABEL_RE:
            m = rx.match(text)
            if m and (hit is None or m.end() > hit[1]):
                hit = (reason, m.end())
        if hit is None:
            m = _MID_LABEL_RE.search(text)
            if m:
                ft = m.group(0)
                reason = "phone" if "thoai" in ft or ft == "sdt" else "intro" if "ten" in ft else "address"
                if reason == "address" and respondent:
                    m = None
                else:
                    hit = (reason, m.end())
        if hit is None:
            if re.match(_LEAD + r"(?:nguoi bi|doi tuong bi|ten co quan|co quan bi|to chuc bi)", text) or (
                re.match(_LEAD + r"[^:]{0,60}\bbi (?:to cao|khieu nai|phan anh)", text) and ":" in text
            ):
                respondent = True
            continue
        reason, end = hit
        colon = text.find(":", end)
        between = text[end:colon] if colon >= 0 else ""
        with_colon = colon >= 0 and len(between) <= 45 and not re.search(r"\d", between)
        if reason.endswith(":"):
            if not with_colon:
                continue
            reason = reason[:-1]
        if with_colon:
            if _RESPONDENT_RE.search(between) or _RESPONDENT_RE.search(text[:end]):
                respondent = True
                continue
            end = colon + 1
        elif _RESPONDENT_RE.search(text[:end]):
            respondent = True
            continue
        if reason == "address" and respondent:
            continue
        if reason in ("name", "intro"):
            respondent = False
        k = _first_tok_after(toks, ln, end)
        value = ln.toks[k:]
        # a label alone on its line: the value is on the next line
        nxt = li + 1
        if not value and nxt < len(lines) and lines[nxt].toks:
            value = list(lines[nxt].toks)
            nxt += 1
        if not value:
            continue
        if (
            reason == "intro"
            and not with_colon
            and re.search(r"\btoi la$", text[: hit[1]])
            and not toks[value[0]].raw[:1].isupper()
        ):
            continue  # "Tôi là người dân ...": no name follows
        if reason == "intro" and with_colon:
            reason = "name"  # "Tên tôi là: ..." in a form: the value is the rest of the line
        if (
            reason in ("intro", "name")
            and names is not None
            and (hit[0] != "name" or "sinh" not in text[:end])
        ):
            found = _harvest_name(toks, value)
            if found:
                names.append(found)
        if reason == "intro":
            # the whole intro sentence ("Tôi tên là ..., sinh năm ..., trú tại ..., điện thoại ....")
            extra = 0
            while not _sentence_end(toks, value[-1]) and nxt < len(lines) and extra < 4 and lines[nxt].toks:
                if any(_sentence_end(toks, i) for i in lines[nxt].toks):
                    stop = next(j for j, i in enumerate(lines[nxt].toks) if _sentence_end(toks, i))
                    value += lines[nxt].toks[: stop + 1]
                    break
                value += lines[nxt].toks
                nxt += 1
                extra += 1
            reason = "name"
        elif reason == "address":
            # an address wrapped onto the next line(s): the previous line ends with a comma, or the next starts
            # in lower case (or with "Thành phố"/"Tỉnh")
            extra = 0
            while nxt < len(lines) and lines[nxt].toks and extra < 2:
                nl = lines[nxt]
                if any(rx.match(nl.text) for _r, rx in _LINE_LABEL_RE):
                    break
                first = toks[nl.toks[0]].raw
                if (
                    toks[value[-1]].raw.endswith(",")
                    or first[:1].islower()
                    or re.match(r"(?:thanh pho|tinh|tp)\b", nl.text)
                ):
                    value += nl.toks
                    nxt += 1
                    extra += 1
                else:
                    break
        for i in value:
            out.setdefault(i, reason)
    return out


# ------------------------------------------------------------------------------------------------------------
# The signature block
# ------------------------------------------------------------------------------------------------------------

_KY = r"\(?\s*k[yi]\s*(?:ten)?\s*(?:,|va)?\s*(?:ghi\s*ro\s*)?(?:ho\s*(?:va\s*)?ten)?\s*(?:,?\s*dong\s*dau)?\s*\)?"
_HEAD = (
    r"(?:nguoi|nhung nguoi|cac nguoi|cong dan|ho dan|tm\.?\s*cac ho dan) (?:to cao|lam don|viet don|gui don|"
    r"khieu nai|kien nghi|phan anh|de nghi|dung don|ky don|ky ten)(?: \w+){0,2}"
)
_DAI_DIEN = r"(?:nguoi )?dai dien(?: [\w,]+){0,5}"
_CLOSE_RE = re.compile(rf"^\W*(?:{_HEAD}|{_DAI_DIEN}|{_KY})(?:\s*{_KY})?\W*$")
_DATE_LINE_RE = re.compile(r"ngay\s*\S{1,3}\s*thang\s*\S{1,3}\s*nam\s*[0-9oil]{4}")
_SIGNERS_HEAD_RE = re.compile(r"^\W*danh sach\b")
_SIGNERS_LIST_RE = re.compile(r"^\W*danh sach (?:nguoi|cac ho|ho dan|cong dan|chu ky|ky ten)")


def _is_closing(toks: list[_Tok], ln: _Line) -> bool:
    text = ln.text.strip()
    if not text or ":" in text or not re.search(r"[a-z]", text):
        return False
    if not _CLOSE_RE.match(text):
        return False
    if re.match(r"^\W*(?:nguoi )?dai dien", text):
        raw = "".join(toks[i].raw for i in ln.toks)
        letters = [c for c in raw if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return True


def _closing_lines(toks: list[_Tok], lines: list[_Line]) -> list[int]:
    """Indices of the closing-label lines ("NGƯỜI TỐ CÁO", "(Ký, ghi rõ họ tên)") of the last signature block."""
    group: list[int] = []
    for li in range(len(lines) - 1, -1, -1):
        if _is_closing(toks, lines[li]):
            group = [li]
            k = li - 1
            while k >= 0 and li - k <= 2 and (not lines[k].toks or _is_closing(toks, lines[k])):
                if lines[k].toks:
                    group.insert(0, k)
                k -= 1
            break
    return group


def _ink_mask(gray: np.ndarray | None) -> np.ndarray | None:
    if gray is None:
        return None
    return gray < 128


def _ink_extent_down(ink: np.ndarray, x0: int, x1: int, y_from: int, y_limit: int, max_gap: int) -> int:
    """Lowest ink row below ``y_from`` in columns x0..x1, following ink with gaps of at most ``max_gap``."""
    if y_from >= y_limit or x1 <= x0:
        return y_from
    rows = ink[y_from:y_limit, x0:x1].sum(axis=1) >= 2
    last, gap = -1, 0
    for k, has in enumerate(rows):
        if has:
            last, gap = k, 0
        else:
            gap += 1
            if gap > max_gap:
                break
    return y_from + last + 1 if last >= 0 else y_from


def _ink_extent_sides(ink: np.ndarray, x0: int, x1: int, y0: int, y1: int, max_gap: int) -> tuple[int, int]:
    if y1 <= y0:
        return x0, x1
    cols = ink[y0:y1, :].sum(axis=0) >= 2
    w = len(cols)
    left, gap = x0, 0
    for x in range(x0 - 1, -1, -1):
        if cols[x]:
            left, gap = x, 0
        else:
            gap += 1
            if gap > max_gap:
                break
    right, gap = x1, 0
    for x in range(x1, w):
        if cols[x]:
            right, gap = x + 1, 0
        else:
            gap += 1
            if gap > max_gap:
                break
    return left, right


def _signature_box(
    toks: list[_Tok],
    lines: list[_Line],
    page_width: int,
    page_height: int,
    ink: np.ndarray | None,
    last_page: bool,
) -> Box | None:
    real = [ln for ln in lines if ln.toks]
    if not real:
        return None
    line_h = max(8, int(statistics.median([ln.bottom - ln.top for ln in real])))
    c_left = min(ln.left for ln in real)
    c_right = max(ln.right for ln in real)
    c_top = min(ln.top for ln in real)
    c_bottom = max(ln.bottom for ln in real)
    group = _closing_lines(toks, lines)
    y_limit = page_height
    if group:
        g = [lines[li] for li in group]
        x0, x1 = min(ln.left for ln in g), max(ln.right for ln in g)
        cx, half = (x0 + x1) / 2, max((x1 - x0) / 2, 3 * line_h)
        x0, x1 = int(max(0, cx - half)), int(min(page_width, cx + half))
        y0 = min(ln.top for ln in g)
        bottom = max(ln.bottom for ln in g)
        for ln in lines[group[-1] + 1 :]:
            if not ln.toks or ln.top < bottom - line_h:
                continue
            if _SIGNERS_HEAD_RE.match(ln.text):
                y_limit = ln.top - 2
                break
            if ln.right <= x0 or ln.left >= x1:
                continue  # another column (a list of signers on the left, "Nơi nhận")
            if ln.top - bottom > 6 * line_h:
                y_limit = ln.top - 2
                break
            bottom = max(bottom, ln.bottom)
            x0, x1 = min(x0, ln.left), max(x1, ln.right)
    elif last_page:
        dated = [ln for ln in real if _DATE_LINE_RE.search(ln.text)]
        dated = [ln for ln in dated if ln.top >= c_top + 0.4 * (c_bottom - c_top)]
        if dated:
            d = dated[-1]
            y0 = d.top
            x0 = int(min(d.left, (c_left + c_right) / 2))
        else:
            y0 = int(c_top + 0.65 * (c_bottom - c_top))
            x0 = int((c_left + c_right) / 2)
        x1 = page_width
        bottom = c_bottom
    else:
        return None
    bottom = min(
        max(bottom, (max(lines[li].bottom for li in group) if group else bottom) + 4 * line_h), y_limit
    )
    if ink is not None:
        h, w = ink.shape
        ix0, ix1 = max(0, x0), min(w, x1)
        bottom = max(
            bottom, _ink_extent_down(ink, ix0, ix1, min(h, bottom), min(h, y_limit), int(2.5 * line_h))
        )
        x0, x1 = _ink_extent_sides(ink, ix0, ix1, max(0, y0), min(h, bottom), int(0.8 * line_h))
    y0 = max(0, y0 - line_h // 3)
    bottom = min(page_height, bottom + line_h // 2)
    x0, x1 = max(0, x0 - line_h // 2), min(page_width, x1 + line_h // 2)
    return Box(int(x0), int(y0), int(x1 - x0), int(bottom - y0), "signature")


# ------------------------------------------------------------------------------------------------------------
# The engine
# ------------------------------------------------------------------------------------------------------------


def _identity_tokens(toks: list[_Tok], identity: IdentityValues, lines: list[_Line]) -> dict[int, str]:
    """Token index -> reason, for every token that shows the identity."""
    out: dict[int, str] = {}
    stream = [i for i, t in enumerate(toks) if t.f]
    harvested: list[str] = []
    labelled = _label_rule(toks, lines, harvested)
    known = {" ".join(_value_tokens(v, name=True)) for v in (identity.name, *identity.others) if v}
    extra_names = [
        (h, "name") for h in dict.fromkeys(harvested) if " ".join(_value_tokens(h, name=True)) not in known
    ]
    for value, reason in [(identity.name, "name")] + [(o, "signer") for o in identity.others] + extra_names:
        vt = _value_tokens(value, name=True)
        for occ in _fuzzy_find(toks, stream, vt, NAME_THRESHOLD, 2):
            for i in occ:
                out.setdefault(i, reason)
    for value in (identity.address, *identity.addresses):
        vt = _value_tokens(value)
        if len(vt) < 2:
            continue
        for occ in _fuzzy_find(toks, stream, vt, ADDRESS_THRESHOLD, 4):
            for i in occ:
                out.setdefault(i, "address")
    runs = _digit_runs(toks)
    for value, reason in ((identity.id_number, "id_number"), (identity.phone, "phone")):
        for occ in _find_digits(runs, value):
            for i in occ:
                out.setdefault(i, reason)
    for i, r in _number_rule(toks, runs).items():
        out.setdefault(i, r)
    for i, r in labelled.items():
        out.setdefault(i, r)
    for i in _signer_list(toks, lines):
        out.setdefault(i, "signer")
    return out


def _signer_list(toks: list[_Tok], lines: list[_Line]) -> list[int]:
    """The entries under a "DANH SÁCH NGƯỜI KÝ ĐƠN" heading (numbers kept), fail closed for missed names."""
    out: list[int] = []
    for li, ln in enumerate(lines):
        if ln.toks and len(ln.toks) <= 8 and _SIGNERS_LIST_RE.match(ln.text):
            for nl in lines[li + 1 :]:
                if not nl.toks or _is_closing(toks, nl):
                    continue
                k = 1 if re.fullmatch(r"\d{1,3}[.)]?", toks[nl.toks[0]].raw) else 0
                out += nl.toks[k:]
            break
    return out


def _merge_boxes(
    words: Sequence[Sequence], toks: list[_Tok], refs: list[int], marked: dict[int, str]
) -> list[Box]:
    """One box per run of marked words on a line (so the spaces between them are masked too)."""
    boxes: list[Box] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        ws = [words[refs[i]] for i in run]
        x0 = min(int(w[1]) for w in ws)
        y0 = min(int(w[2]) for w in ws)
        x1 = max(int(w[1]) + int(w[3]) for w in ws)
        y1 = max(int(w[2]) + int(w[4]) for w in ws)
        boxes.append(Box(x0, y0, x1 - x0, y1 - y0, marked[run[0]]))
        run.clear()

    for i in range(len(toks)):
        if (
            i in marked
            and run
            and toks[run[-1]].line == toks[i].line
            and marked[run[-1]] == marked[i]
            and run[-1] == i - 1
        ):
            run.append(i)
            continue
        flush()
        if i in marked:
            run.append(i)
    flush()
    return boxes


def find_identity_boxes(
    words: Sequence[Sequence],
    identity: IdentityValues,
    page_height: int,
    *,
    page_width: int | None = None,
    is_last_page: bool = True,
    ink: np.ndarray | None = None,
) -> list[Box]:
    """Boxes (page pixels) to mask on a page: every occurrence of the identity values, labelled values, ID and
    phone numbers, and the signature block (on the last page, or wherever a closing label is found).

    ``ink``: the page as a grayscale array (optional) to follow the handwriting of the signature.
    """
    toks, lines, refs = _word_tokens(words)
    if not toks:
        return []
    if page_width is None:
        page_width = ink.shape[1] if ink is not None else max(ln.right for ln in lines) + 20
    marked = _identity_tokens(toks, identity, lines)
    boxes = _merge_boxes(words, toks, refs, marked)
    sig = _signature_box(toks, lines, int(page_width), int(page_height), _ink_mask(ink), is_last_page)
    if sig is not None:
        boxes.append(sig)
    return boxes


def redact_image(jpeg_bytes: bytes, boxes: Iterable[Sequence], pad: int = PAD, quality: int = 85) -> bytes:
    """Solid black rectangles over ``boxes`` (each padded by ``pad`` px); a JPEG of the same pixel size without
    EXIF or any other metadata."""
    with Image.open(io.BytesIO(jpeg_bytes)) as im:
        im.load()
        mode = "L" if im.mode in ("L", "1", "LA", "I", "I;16", "F") else "RGB"
        img = im.convert(mode)
    # a fresh image: no EXIF, ICC, comments or XMP carried over
    clean = Image.new(mode, img.size)
    clean.paste(img)
    draw = ImageDraw.Draw(clean)
    w, h = clean.size
    for b in boxes:
        x0, y0 = int(b[0]) - pad, int(b[1]) - pad
        x1, y1 = int(b[0]) + int(b[2]) + pad, int(b[1]) + int(b[3]) + pad
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        if x1 > x0 and y1 > y0:
            draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=0)
    buf = io.BytesIO()
    clean.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def redact_text(text: str, identity: IdentityValues, *, is_last_page: bool = True) -> str:
    """``text`` with every identity value (tolerant), labelled value, ID / phone number and the names of the
    signature block replaced by ``[đã lược bỏ]``; the rest stays readable."""
    text = nfc(text or "")
    toks, lines, spans = _text_tokens(text)
    if not toks:
        return text
    marked = set(_identity_tokens(toks, identity, lines))
    # the signature block: what follows the closing label (the name, the list of signers) except labels
    nonblank = [li for li, ln in enumerate(lines) if ln.toks]
    group = _closing_lines(toks, lines)
    tail: list[_Line] = []
    if group:
        tail = lines[group[-1] + 1 :]
    elif is_last_page and nonblank:
        # no closing label: the short lines after the last dated line of the lower part (fail closed)
        lower = nonblank[len(nonblank) * 2 // 5]
        dated = [li for li in nonblank if li >= lower and _DATE_LINE_RE.search(lines[li].text)]
        if dated:
            tail = [ln for ln in lines[dated[-1] + 1 :] if len(ln.toks) <= 6]
    in_list = False
    for ln in tail:
        if not ln.toks or _is_closing(toks, ln):
            continue
        if _SIGNERS_HEAD_RE.match(ln.text):
            in_list = True
            continue
        if len(ln.toks) > 10 and not in_list:
            break  # body text again: the label was a heading, not a signature block
        k = 1 if re.fullmatch(r"\d{1,3}[.)]?", toks[ln.toks[0]].raw) else 0
        marked.update(ln.toks[k:])
    if not marked:
        return text
    out: list[str] = []
    pos = 0
    order = sorted(marked)
    k = 0
    while k < len(order):
        s = order[k]
        e = s
        # merge marked tokens separated only by whitespace / punctuation into one replacement
        while k + 1 < len(order) and order[k + 1] == e + 1 and toks[e + 1].line == toks[s].line:
            k += 1
            e = order[k]
        start, end = spans[s][0], spans[e][1]
        raw_end = toks[e].raw
        trail = re.search(r"[,.;:)]+$", raw_end)
        if trail and len(trail.group(0)) < len(raw_end):
            end -= len(trail.group(0))
        out.append(text[pos:start])
        out.append(REDACTED)
        pos = end
        k += 1
    out.append(text[pos:])
    return "".join(out)


def redact_page(
    jpeg_bytes: bytes,
    words: Sequence[Sequence],
    text: str,
    identity: IdentityValues,
    *,
    is_last_page: bool = True,
    pad: int = PAD,
) -> RedactedPage:
    """The redacted copy of one page: masked image, redacted text and the masked boxes."""
    with Image.open(io.BytesIO(jpeg_bytes)) as im:
        gray = np.asarray(im.convert("L"))
    h, w = gray.shape
    boxes = find_identity_boxes(words, identity, h, page_width=w, is_last_page=is_last_page, ink=gray)
    image = redact_image(jpeg_bytes, boxes, pad=pad)
    return RedactedPage(image=image, text=redact_text(text, identity, is_last_page=is_last_page), boxes=boxes)
