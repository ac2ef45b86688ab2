"""The signature block: the closing labels ("NGƯỜI TỐ CÁO", "(Ký, ghi rõ họ tên)"), the box from them down to the
ink of the handwriting, or the bottom-right block after the last dated line; and a list of signers."""

from __future__ import annotations

import re
import statistics

import numpy as np

from .model import Box
from .tokens import Line, Tok

_KY = r"\(?\s*k[yi]\s*(?:ten)?\s*(?:,|va)?\s*(?:ghi\s*ro\s*)?(?:ho\s*(?:va\s*)?ten)?\s*(?:,?\s*dong\s*dau)?\s*\)?"
_HEAD = (
    r"(?:nguoi|nhung nguoi|cac nguoi|cong dan|ho dan|tm\.?\s*cac ho dan) (?:to cao|lam don|viet don|gui don|"
    r"khieu nai|kien nghi|phan anh|de nghi|dung don|ky don|ky ten)(?: \w+){0,2}"
)
_DAI_DIEN = r"(?:nguoi )?dai dien(?: [\w,]+){0,5}"
_CLOSE_RE = re.compile(rf"^\W*(?:{_HEAD}|{_DAI_DIEN}|{_KY})(?:\s*{_KY})?\W*$")
DATE_LINE_RE = re.compile(r"ngay\s*\S{1,3}\s*thang\s*\S{1,3}\s*nam\s*[0-9oil]{4}")
SIGNERS_HEAD_RE = re.compile(r"^\W*danh sach\b")
_SIGNERS_LIST_RE = re.compile(r"^\W*danh sach (?:nguoi|cac ho|ho dan|cong dan|chu ky|ky ten)")


def is_closing(toks: list[Tok], ln: Line) -> bool:
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


def closing_lines(toks: list[Tok], lines: list[Line]) -> list[int]:
    """Indices of the closing-label lines ("NGƯỜI TỐ CÁO", "(Ký, ghi rõ họ tên)") of the last signature block."""
    group: list[int] = []
    for li in range(len(lines) - 1, -1, -1):
        if is_closing(toks, lines[li]):
            group = [li]
            k = li - 1
            while k >= 0 and li - k <= 2 and (not lines[k].toks or is_closing(toks, lines[k])):
                if lines[k].toks:
                    group.insert(0, k)
                k -= 1
            break
    return group


def ink_mask(gray: np.ndarray | None) -> np.ndarray | None:
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


def signature_box(
    toks: list[Tok],
    lines: list[Line],
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
    group = closing_lines(toks, lines)
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
            if SIGNERS_HEAD_RE.match(ln.text):
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
        dated = [ln for ln in real if DATE_LINE_RE.search(ln.text)]
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


def signer_list(toks: list[Tok], lines: list[Line]) -> list[int]:
    """The entries under a "DANH SÁCH NGƯỜI KÝ ĐƠN" heading (numbers kept), fail closed for missed names."""
    out: list[int] = []
    for li, ln in enumerate(lines):
        if ln.toks and len(ln.toks) <= 8 and _SIGNERS_LIST_RE.match(ln.text):
            for nl in lines[li + 1 :]:
                if not nl.toks or is_closing(toks, nl):
                    continue
                k = 1 if re.fullmatch(r"\d{1,3}[.)]?", toks[nl.toks[0]].raw) else 0
                out += nl.toks[k:]
            break
    return out
